import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestEmulator } from "@/lib/emulator/test-harness";
import type { DeltaPage } from "./delta-page";
import { caught, connect, graphLog, providerIn, type TestEmulator } from "./emulator-fixture";
import { classifyError } from "./errors";
import { readDelta } from "./read-delta";
import { DeltaExpiredError, NextLinkHostError } from "./typed-errors";

// Without these, incremental syncs would miss edits, keep disabled or deleted users linked, crash on
// an expired token instead of falling back to a full read, or follow a link to another host with our
// token (https://learn.microsoft.com/en-us/graph/delta-query-overview, /delta-query-users).

const SELECT = ["id", "userPrincipalName", "displayName", "mobilePhone", "businessPhones", "jobTitle"];

let emulator: TestEmulator;
let tenantId: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ seed: [{ users: 600, seed: 11 }] });
  tenantId = emulator.tenants.find((t) => t.userCount === 600)!.id;
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  await emulator.control.clearFaults();
  await emulator.control.resetRequests();
});

async function round(deltaLink?: string) {
  const { client } = connect(emulator, providerIn(emulator, tenantId));
  const pages: DeltaPage[] = [];
  const result = await readDelta({ client, select: SELECT, deltaLink, onPage: async (page) => void pages.push(page) });
  return {
    ...result,
    requests: client.stats.requests,
    upserted: pages.flatMap((p) => p.upserted),
    removed: pages.flatMap((p) => p.removed),
  };
}

describe("readDelta", () => {
  it("initial round lists everyone, then the next round returns exactly the edit, disable and deletes in ≤ 2 requests", async () => {
    const initial = await round();
    const active = emulator.state.requireTenant(tenantId).directory.listActive();
    expect(initial.incremental).toBe(false);
    expect(initial.upserted.length + initial.removed.length).toBe(active.length);
    expect(initial.pages).toBeGreaterThan(1);
    expect(decodeURIComponent((await graphLog(emulator))[0].query)).toContain("$select=id,accountEnabled,");

    const enabled = active.filter((u) => u.data.accountEnabled !== false);
    const [edited, disabled, softDeleted, hardDeleted] = enabled.slice(0, 4).map((u) => u.id);
    await emulator.control.updateUser(tenantId, edited, { jobTitle: "Head of Switchboards" });
    await emulator.control.disableUser(tenantId, disabled);
    await emulator.control.deleteUser(tenantId, softDeleted, "soft");
    await emulator.control.deleteUser(tenantId, hardDeleted, "hard");
    await emulator.control.resetRequests();

    const next = await round(initial.deltaLink);
    expect(next.incremental).toBe(true);
    expect(next.requests).toBeLessThanOrEqual(2);
    expect((await graphLog(emulator)).length).toBe(next.requests);
    expect(next.upserted.map((u) => [u.id, u.jobTitle])).toEqual([[edited, "Head of Switchboards"]]);
    expect(next.removed).toHaveLength(3);
    expect(next.removed).toEqual(
      expect.arrayContaining([
        { id: disabled, reason: "disabled" },
        { id: softDeleted, reason: "softDeleted" },
        { id: hardDeleted, reason: "deleted" },
      ]),
    );

    const quiet = await round(next.deltaLink);
    expect(quiet).toMatchObject({ requests: 1, upserted: [], removed: [] });
  });

  it("an invalidated delta token → DeltaExpiredError (410 syncStateNotFound), so the caller reads everything", async () => {
    const { deltaLink } = await round();
    await emulator.control.resetDeltaTokens(tenantId);
    const error = await caught(round(deltaLink));
    expect(error).toBeInstanceOf(DeltaExpiredError);
    expect(error).toMatchObject({ status: 410, graphCode: "syncStateNotFound" });
    expect(classifyError(error)).toMatchObject({ code: "DeltaTokenExpired", retryable: true });
  });

  it("an unknown (tampered) delta token → DeltaExpiredError", async () => {
    const { deltaLink } = await round();
    const tampered = deltaLink.replace(/(\$deltatoken=)([^&]+)/, (_m, key: string, token: string) => `${key}x${token.slice(1)}`);
    expect(tampered).not.toBe(deltaLink);
    await expect(round(tampered)).rejects.toBeInstanceOf(DeltaExpiredError);
  });

  it("a stored deltaLink for another origin is never followed: DeltaExpiredError, no request", async () => {
    const { deltaLink } = await round();
    await emulator.control.resetRequests();
    const foreign = deltaLink.replace(emulator.graphUrl, "https://graph.microsoft.com");
    const error = await caught(round(foreign));
    expect(error).toBeInstanceOf(DeltaExpiredError);
    expect((error as DeltaExpiredError).cause).toBeInstanceOf(NextLinkHostError);
    expect(await graphLog(emulator)).toEqual([]);
  });
});

describe("nextLink host allowlist on the wire", () => {
  it("refuses a nextLink that points at another host than the configured one", async () => {
    // Same emulator reached as https://localhost:<port>: its nextLinks name 127.0.0.1, another host.
    const graphBaseUrl = emulator.graphUrl.replace("127.0.0.1", "localhost");
    const { client } = connect(emulator, providerIn(emulator, tenantId), { graphBaseUrl });
    const pages: DeltaPage[] = [];
    // 600 users: the initial delta round has several pages, so its first page carries a nextLink.
    const error = await caught(readDelta({ client, select: ["id"], onPage: async (page) => void pages.push(page) }));
    expect(error).toBeInstanceOf(NextLinkHostError);
    expect(error).toMatchObject({ refusedOrigin: emulator.graphUrl, expectedOrigin: graphBaseUrl });
    expect(classifyError(error)).toMatchObject({ code: "GraphHostRefused" });
    expect(await graphLog(emulator)).toHaveLength(1);
    expect(pages).toEqual([]); // the first page itself carried the bad link: nothing is handed over
  });
});
