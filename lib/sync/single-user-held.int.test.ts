import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { useSyncWorld } from "@/lib/testing/sync-fixture";
import { calm, integrationRow, syncedDemoIntegration, runRow, switchboardUsers, sync } from "@/lib/testing/sync-state";
import { approveHeldRun } from "./held-runs";

// Without this spec a "sync now" on one user would overwrite a HELD integration's status with OK or
// ERROR: the held run would no longer show for the admin to decide, and the schedule (which skips
// HELD integrations) would run a full sync over it.

const world = useSyncWorld();
let solutionId: string;
let integrationId: string;
/** Linked users as [switchboard user id, Entra object id], in a fixed order. */
let linked: [string, string][];
let heldRunId: string;
/** Users whose department the held run would empty. */
let emptied: [string, string][];

beforeAll(async () => {
  ({ solutionId, integrationId, linked } = await syncedDemoIntegration(world));

  // Empty the department of more than 10 % (and at least 5) of the linked users: the guard holds the run.
  const users = await switchboardUsers(solutionId);
  const withDepartment = linked.filter(([sid]) => users.get(sid)!.department !== null);
  const count = Math.max(5, Math.floor(linked.length / 10) + 1);
  emptied = withDepartment.slice(0, count);
  for (const [, objectId] of emptied) {
    await world.emulator.control.updateUser(DEMO_TENANT.id, objectId, { department: null });
  }
  const held = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
  expect(held.status).toBe("HELD");
  heldRunId = held.runId;
  expect(await integrationRow(integrationId)).toMatchObject({ status: "HELD", statusCode: "SyncHeld" });
});

beforeEach(async () => {
  await calm(world);
});

/** The integration's status fields and schedule, which a single-user run must leave as they are. */
async function heldState() {
  const { status, statusCode, statusMessage, statusAt, nextSyncAt, lastSyncAt } = await integrationRow(integrationId);
  return { shown: { status, statusCode, statusMessage, statusAt, nextSyncAt }, lastSyncAt };
}

/** What the admin sees is unchanged and the held run still waits; only the last-sync time moved on. */
async function expectStillHeld(before: Awaited<ReturnType<typeof heldState>>) {
  const after = await heldState();
  expect(after.shown).toEqual(before.shown);
  expect(after.lastSyncAt!.getTime()).toBeGreaterThan(before.lastSyncAt!.getTime());
  expect(await runRow(heldRunId)).toMatchObject({ status: "HELD" });
}

describe("single-user sync on a HELD integration", () => {
  it("writes its user and is recorded, but the integration stays HELD with the held run's code and message", async () => {
    const [sid, objectId] = linked.at(-1)!;
    await world.emulator.control.updateUser(DEMO_TENANT.id, objectId, { jobTitle: "Nattväxel" });
    const before = await heldState();
    expect(before.shown).toMatchObject({ status: "HELD", statusCode: "SyncHeld" });

    const result = await sync(world, { integrationId, trigger: "SINGLE_USER", objectId });
    expect(result).toMatchObject({ status: "SUCCEEDED", mode: "SINGLE_USER" });
    expect((await switchboardUsers(solutionId)).get(sid)!.title).toBe("Nattväxel");
    expect(await runRow(result.runId)).toMatchObject({ mode: "SINGLE_USER", trigger: "SINGLE_USER", status: "SUCCEEDED" });

    await expectStillHeld(before);
  });

  it("a single-user run that fails does not turn the HELD integration into ERROR", async () => {
    const [, objectId] = linked.at(-2)!;
    const before = await heldState();
    // Graph keeps answering 429 for longer than the retry budget allows.
    await world.emulator.control.throttle(100, 1);

    const result = await sync(world, { integrationId, trigger: "SINGLE_USER", objectId }, { retryBudgetMs: 1_500 });
    expect(result).toMatchObject({ status: "FAILED", mode: "SINGLE_USER", error: { code: "TooManyRequests" } });
    expect(await runRow(result.runId)).toMatchObject({ mode: "SINGLE_USER", status: "FAILED", errorCode: "TooManyRequests" });

    await expectStillHeld(before);
  });

  it("the held run can still be approved after single-user runs; it does not write its older values over a user synced since", async () => {
    // One of the users the held plan would empty gets a new department in Entra and a "sync now".
    const [fresherSid, fresherObjectId] = emptied[0];
    await world.emulator.control.updateUser(DEMO_TENANT.id, fresherObjectId, { department: "Växel Nord" });
    expect(await sync(world, { integrationId, trigger: "SINGLE_USER", objectId: fresherObjectId })).toMatchObject({ status: "SUCCEEDED" });
    expect((await switchboardUsers(solutionId)).get(fresherSid)!.department).toBe("Växel Nord");

    await approveHeldRun({ runId: heldRunId, integrationId, solutionId, accountId: null }, world.config);
    expect(await runRow(heldRunId)).toMatchObject({ status: "APPROVED" });
    expect(await integrationRow(integrationId)).toMatchObject({ status: "OK", statusCode: null });
    const users = await switchboardUsers(solutionId);
    expect(users.get(fresherSid)!.department).toBe("Växel Nord");
    for (const [sid] of emptied.slice(1)) expect(users.get(sid)!.department).toBeNull();
  });
});
