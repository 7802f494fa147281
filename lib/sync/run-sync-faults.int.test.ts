import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createGeneratedSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { calm, graphRequests, integrationRow, links, runRow, switchboardUsers, sync, values } from "@/lib/testing/sync-state";

// Without this spec a throttled, flaky or cut-off read of a real tenant could be taken for the whole
// directory: fields cleared and colleagues unlinked because Graph had a bad minute (rule 11), or a
// run that failed would still show OK.

const USERS = 3_000; // three pages of 999 enabled users: enough for "page 3" and "mid-paging"
const SEED = 7;

const world = useSyncWorld({ seed: ["demo", { users: USERS, seed: SEED }] });
let tenantId: string;
let solutionId: string;
let integrationId: string;

beforeAll(async () => {
  tenantId = world.emulator.tenants.find((t) => t.userCount === USERS)!.id;
  solutionId = (await createGeneratedSolution(USERS, SEED)).id;
  integrationId = (await createIntegration(world, solutionId, { tenantId })).id;
  const first = await sync(world, { integrationId, trigger: "SETUP", mode: "FULL" });
  expect(first).toMatchObject({ status: "SUCCEEDED", complete: true });
  expect((await links(integrationId)).size).toBeGreaterThan(USERS * 0.9);
});

beforeEach(async () => {
  await calm(world);
});

/** Enabled users in the order Graph pages them (page 1 = the first 999). */
function enabledInPageOrder() {
  return world.emulator.state.requireTenant(tenantId).directory.listActive().filter((u) => u.data.accountEnabled !== false);
}

/** A linked Entra user, from page `page` of the read, with its switchboard user. */
async function linkedOnPage(page: number, skip = 0) {
  const byObject = new Map([...(await links(integrationId))].map(([sid, l]) => [l.objectId, sid]));
  const users = enabledInPageOrder().slice((page - 1) * 999, page * 999).filter((u) => byObject.has(u.id));
  const user = users[skip];
  return { objectId: user.id, switchboardUserId: byObject.get(user.id)!, jobTitle: user.data.jobTitle as string | null };
}

async function snapshot() {
  return { values: values(await switchboardUsers(solutionId)), links: await links(integrationId) };
}

describe("faults while reading Graph", () => {
  // https://learn.microsoft.com/en-us/graph/throttling — honour Retry-After, then retry
  it("a 429 storm whose Retry-After fits the retry budget is waited out: the run succeeds and the retries are on record", async () => {
    const before = await snapshot();
    await world.emulator.control.throttle(2, 1);
    const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" });
    expect(result).toMatchObject({ status: "SUCCEEDED", complete: true, error: null });
    const log = await graphRequests(world);
    // The delta-token request and the first page go out together: each request that met a 429 was
    // retried (same path and query, next attempt) until it succeeded.
    const throttled = log.filter((e) => e.status === 429);
    expect(throttled).toHaveLength(2);
    for (const hit of throttled) {
      const retry = log.find((e) => e.seq > hit.seq && e.path === hit.path && e.query === hit.query && (e.retryAttempt ?? 0) === (hit.retryAttempt ?? 0) + 1);
      expect(retry, `retry of ${hit.path}?${hit.query}`).toBeDefined();
    }
    expect(log.filter((e) => e.status === 200)).toHaveLength(log.length - 2);
    expect((await runRow(result.runId)).graphRequests).toBe(log.length);
    expect(await snapshot()).toEqual(before);
    expect(await integrationRow(integrationId)).toMatchObject({ status: "OK", statusCode: null });
  });

  // https://learn.microsoft.com/en-us/graph/throttling — a storm longer than we may wait ends the run; rule 11
  it("a 429 storm that outlasts the budget fails the run with TooManyRequests and unlinks no one removed from Entra", async () => {
    const gone = await linkedOnPage(2);
    await world.emulator.control.deleteUser(tenantId, gone.objectId, "hard");
    const before = await snapshot();
    await world.emulator.control.throttle(100, 1);

    const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" }, { retryBudgetMs: 1_500 });
    expect(result).toMatchObject({ status: "FAILED", complete: false, error: { code: "TooManyRequests", retryable: true } });
    expect((await graphRequests(world)).every((e) => e.status === 429)).toBe(true);
    expect(await runRow(result.runId)).toMatchObject({ status: "FAILED", complete: false, errorCode: "TooManyRequests", unlinked: 0, cleared: 0 });
    expect(await snapshot()).toEqual(before);
    expect((await links(integrationId)).get(gone.switchboardUserId)?.objectId).toBe(gone.objectId);
    const integration = await integrationRow(integrationId);
    expect(integration).toMatchObject({ status: "ERROR", statusCode: "TooManyRequests" });
    expect(integration.nextSyncAt!.getTime() - Date.now()).toBeLessThan(3_600_000); // retried soon, not in 12 h

    // Once Graph answers again, a complete read does what the failed one held back.
    await calm(world);
    const recovered = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" });
    expect(recovered).toMatchObject({ status: "SUCCEEDED", complete: true });
    expect((await links(integrationId)).has(gone.switchboardUserId)).toBe(false);
    expect(await integrationRow(integrationId)).toMatchObject({ status: "OK", statusCode: null });
  });

  // https://learn.microsoft.com/en-us/graph/errors — 503 Service Unavailable is transient: retry
  it("a 503 on page 3 is retried and the run completes with nothing lost", async () => {
    const before = await snapshot();
    await world.emulator.control.unavailableOnPage(3, 1, 1);
    const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" });
    expect(result).toMatchObject({ status: "SUCCEEDED", complete: true });
    const pages = (await graphRequests(world)).filter((e) => e.route === "GET /v1.0/users").map((e) => e.status);
    expect(pages).toEqual([200, 200, 503, 200]);
    expect(result.usersRead).toBe(enabledInPageOrder().length);
    expect(await snapshot()).toEqual(before);
  });

  // https://learn.microsoft.com/en-us/graph/errors — 503 with Retry-After; a storm longer than the budget ends the run (rule 11)
  it("a 503 storm on page 2 that outlasts the budget stops the read: ServiceUnavailable, nobody unread is unlinked", async () => {
    const gone = await linkedOnPage(3);
    await world.emulator.control.deleteUser(tenantId, gone.objectId, "hard");
    const before = await snapshot();
    await world.emulator.control.unavailableOnPage(2, 100, 1);

    const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" }, { retryBudgetMs: 1_500 });
    expect(result).toMatchObject({ status: "FAILED", complete: false, error: { code: "ServiceUnavailable", retryable: true } });
    expect((await graphRequests(world)).filter((e) => e.route === "GET /v1.0/users").map((e) => e.status)).toEqual([200, 503, 503]);
    expect(await snapshot()).toEqual(before);
    expect(await runRow(result.runId)).toMatchObject({ complete: false, unlinked: 0, cleared: 0, errorCode: "ServiceUnavailable" });
    expect(await integrationRow(integrationId)).toMatchObject({ status: "ERROR", statusCode: "ServiceUnavailable" });
  });

  it("a connection reset mid-paging fails the run with NetworkError: safe updates land, nothing is cleared or unlinked (rule 11)", async () => {
    const gone = await linkedOnPage(3);
    const emptied = await linkedOnPage(1, 0);
    const edited = await linkedOnPage(1, 1);
    expect(emptied.jobTitle).not.toBeNull();
    await world.emulator.control.deleteUser(tenantId, gone.objectId, "hard");
    await world.emulator.control.updateUser(tenantId, emptied.objectId, { jobTitle: null });
    await world.emulator.control.updateUser(tenantId, edited.objectId, { department: "Växeln" });
    const before = await snapshot();
    await world.emulator.control.resetAfterPage(1);

    const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" });
    expect(result).toMatchObject({ status: "FAILED", complete: false, error: { code: "NetworkError" } });
    expect((await graphRequests(world)).filter((e) => e.route === "GET /v1.0/users").map((e) => e.status)).toEqual([200, "reset"]);
    const after = await snapshot();
    expect(after.links).toEqual(before.links);
    expect(after.values.get(emptied.switchboardUserId)!.title).toBe(emptied.jobTitle);
    expect(after.values.get(edited.switchboardUserId)!.department).toBe("Växeln");
    for (const [id, row] of after.values) if (id !== edited.switchboardUserId) expect(row).toEqual(before.values.get(id));
    const run = await runRow(result.runId);
    expect(run).toMatchObject({ status: "FAILED", complete: false, errorCode: "NetworkError", unlinked: 0 });
    expect((run.details as { deferred: number }).deferred).toBeGreaterThanOrEqual(1); // the emptied title waits for a complete read
    expect(await integrationRow(integrationId)).toMatchObject({ status: "ERROR", statusCode: "NetworkError" });
  });

  // https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#token-lifetime — get a new token when it expires.
  // Tokens live 2 s and every Graph request takes 700 ms: the run outlives its first token.
  it("a token that expires mid-run is replaced and the run completes", async () => {
    await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" }); // settle the previous test's deferred steps
    const before = await snapshot();
    await calm(world);
    await world.emulator.control.setTokenLifetime(2);
    await world.emulator.control.setLatency(700);
    const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" });
    expect(result).toMatchObject({ status: "SUCCEEDED", complete: true });
    const tokens = (await world.emulator.control.requests({ area: "login" })).entries.filter((e) => e.path.endsWith("/oauth2/v2.0/token"));
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(tokens.every((e) => e.status === 200)).toBe(true);
    expect((await graphRequests(world)).every((e) => e.status === 200 || e.status === 401)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });
});

describe("a first sync cut off mid-paging", () => {
  // The first sync of an integration writes the directory snapshot while the pages arrive. A read
  // that breaks off must leave exactly what it read, and the next run must complete the rest.
  it("keeps the snapshot of the pages it read, links and clears nothing, and the next run completes it", async () => {
    const other = await createGeneratedSolution(USERS, SEED);
    const fresh = (await createIntegration(world, other.id, { tenantId })).id;
    const before = await switchboardUsers(other.id);
    await world.emulator.control.resetAfterPage(1);

    const cut = await sync(world, { integrationId: fresh, trigger: "SETUP", mode: "FULL" });
    expect(cut).toMatchObject({ status: "FAILED", complete: false, error: { code: "NetworkError" } });
    const firstPage = new Set(enabledInPageOrder().slice(0, 999).map((u) => u.id));
    const stored = await db.directoryUser.findMany({ where: { integrationId: fresh }, select: { objectId: true } });
    expect(new Set(stored.map((r) => r.objectId))).toEqual(firstPage);
    // No link yet (rule 5): the pages it missed could hold someone sharing a number it read. So no
    // switchboard user changed, and the links it would have made wait for a complete read.
    expect((await links(fresh)).size).toBe(0);
    expect(await switchboardUsers(other.id)).toEqual(before);
    expect(((await runRow(cut.runId)).details as { deferred: number }).deferred).toBeGreaterThan(0);
    expect(await integrationRow(fresh)).toMatchObject({ status: "ERROR", statusCode: "NetworkError" });

    await calm(world);
    const next = await sync(world, { integrationId: fresh, trigger: "SCHEDULE", mode: "AUTO" });
    expect(next).toMatchObject({ status: "SUCCEEDED", complete: true, mode: "FULL" });
    expect(await db.directoryUser.count({ where: { integrationId: fresh } })).toBe(enabledInPageOrder().length);
    expect((await links(fresh)).size).toBe((await links(integrationId)).size);
  });
});
