import { gunzipSync } from "node:zlib";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { useSyncWorld } from "@/lib/testing/sync-fixture";
import { calm, integrationRow, syncedDemoIntegration, parkOtherIntegrations, runChanges, runRow, switchboardUsers, sync, values, type FinishedSync } from "@/lib/testing/sync-state";
import { approveHeldRun, rejectHeldRun } from "./held-runs";
import { acquireLease, releaseLease } from "./lease";
import { runDueSyncs } from "./run-due";
import { requestSync } from "./schedule";

// Without this spec a half-emptied Entra attribute (a botched bulk edit, a broken HR feed) would
// wipe that field across the switchboard unattended, or a held run would be applied, dropped or
// forgotten without the admin's decision.

const world = useSyncWorld();
let solutionId: string;
let integrationId: string;
/** Linked users as [switchboard user id, Entra object id], in a fixed order. */
let linked: [string, string][];
let used = 0;

beforeAll(async () => {
  ({ solutionId, integrationId, linked } = await syncedDemoIntegration(world));
});

beforeEach(async () => {
  await calm(world);
});

/** Users over the threshold: more than 10 % of the linked ones, and at least 5. */
const overThreshold = () => Math.max(5, Math.floor(linked.length / 10) + 1);

/** Empties `property` in Entra for the next `count` linked users that have a value in `field`. */
async function emptyInEntra(count: number, property: "department" | "jobTitle", field: "department" | "title") {
  const users = await switchboardUsers(solutionId);
  const picked = linked.slice(used).filter(([sid]) => users.get(sid)![field] !== null).slice(0, count);
  used += linked.slice(used).indexOf(picked.at(-1)!) + 1;
  for (const [, objectId] of picked) await world.emulator.control.updateUser(DEMO_TENANT.id, objectId, { [property]: null });
  return picked.map(([sid]) => sid);
}

/** Puts the values back in Entra and syncs them in, so the next tests find these users usable again. */
async function restoreInEntra(sids: string[], property: "department" | "jobTitle", values: Map<string, { department: string | null; title: string | null }>, start: number) {
  for (const sid of sids) {
    const objectId = linked.find(([id]) => id === sid)![1];
    const row = values.get(sid)!;
    await world.emulator.control.updateUser(DEMO_TENANT.id, objectId, { [property]: property === "department" ? row.department : row.title });
  }
  expect((await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" })).status).toBe("SUCCEEDED");
  used = start;
}

/** Empties `department` in Entra for more linked users than the threshold allows, then syncs: a HELD run. */
async function heldClearingRun() {
  const start = used;
  const cleared = await emptyInEntra(overThreshold(), "department", "department");
  const before = await switchboardUsers(solutionId);
  const held = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" });
  expect(held.status).toBe("HELD");
  return { start, cleared, before, held };
}

const decision = (runId: string) => ({ runId, integrationId, solutionId, accountId: null });

describe("safety threshold (> 10 % and ≥ 5 linked users cleared or unlinked)", () => {
  it("clearing fewer than 5 users is written straight away, even above 10 %", async () => {
    const cleared = await emptyInEntra(4, "department", "department");
    const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(result.status).toBe("SUCCEEDED");
    const users = await switchboardUsers(solutionId);
    for (const sid of cleared) expect(users.get(sid)!.department).toBeNull();
  });

  it("a run over the threshold is HELD with the numbers, writes nothing, and approving applies exactly it", async () => {
    const count = overThreshold();
    const cleared = await emptyInEntra(count, "department", "department");
    const before = await switchboardUsers(solutionId);

    const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(result.status).toBe("HELD");
    expect(await runRow(result.runId)).toMatchObject({ status: "HELD", cleared: count });
    const integration = await integrationRow(integrationId);
    expect(integration).toMatchObject({ status: "HELD", statusCode: "SyncHeld" });
    expect(integration.statusMessage).toContain(`clear fields for ${count} of ${linked.length} linked users`);
    expect(integration.statusMessage).toContain("10 %");
    expect(await switchboardUsers(solutionId)).toEqual(before);
    expect(await runChanges(result.runId)).toEqual([]);

    await approveHeldRun(decision(result.runId), world.config);
    const after = await switchboardUsers(solutionId);
    for (const [sid, row] of after) {
      if (cleared.includes(sid)) expect(row.department).toBeNull();
      else expect(row).toEqual(before.get(sid));
    }
    expect((await runChanges(result.runId)).map((c) => c.switchboardUserId).sort()).toEqual([...cleared].sort());
    expect(await runRow(result.runId)).toMatchObject({ status: "APPROVED", heldPlan: null });
    expect(await integrationRow(integrationId)).toMatchObject({ status: "OK", statusCode: null });
    expect(await db.auditEvent.count({ where: { action: "sync.approve", target: result.runId } })).toBe(1);
  });

  it("rejecting a held run writes nothing, and the next full sync holds again while Entra still differs", async () => {
    const count = overThreshold();
    const cleared = await emptyInEntra(count, "jobTitle", "title");
    const before = await switchboardUsers(solutionId);

    const held = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(held.status).toBe("HELD");
    await rejectHeldRun(decision(held.runId));
    expect(await switchboardUsers(solutionId)).toEqual(before);
    expect(await runRow(held.runId)).toMatchObject({ status: "REJECTED", heldPlan: null });
    expect(await integrationRow(integrationId)).toMatchObject({ status: "OK" });
    expect(await db.auditEvent.count({ where: { action: "sync.reject", target: held.runId } })).toBe(1);

    const again = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" });
    expect(again.status).toBe("HELD");
    expect(await runRow(again.runId)).toMatchObject({ cleared: cleared.length });
    await rejectHeldRun(decision(again.runId));
    expect(await switchboardUsers(solutionId)).toEqual(before);

    // The admin fixes Entra instead: the values come back and there is nothing left to hold.
    for (const sid of cleared) {
      const objectId = linked.find(([id]) => id === sid)![1];
      await world.emulator.control.updateUser(DEMO_TENANT.id, objectId, { jobTitle: before.get(sid)!.title });
    }
    const fixed = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" });
    expect(fixed).toMatchObject({ status: "SUCCEEDED", writes: { switchboardUsers: 0 } });
  });

  it("a quiet full sync that is held and rejected does not let the next quiet sync skip the same changes", async () => {
    // A settled integration: the last run saw everything and stored the switchboard's fingerprint.
    expect((await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" })).status).toBe("SUCCEEDED");
    expect((await integrationRow(integrationId)).switchboardFingerprint).not.toBeNull();
    const start = used;
    const cleared = await emptyInEntra(overThreshold(), "jobTitle", "title");
    const before = await switchboardUsers(solutionId);

    const held = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" });
    expect(held.status).toBe("HELD");
    // The snapshot now mirrors the emptied titles; without a fingerprint the next full sync plans everyone.
    expect((await integrationRow(integrationId)).switchboardFingerprint).toBeNull();
    await rejectHeldRun(decision(held.runId));
    const again = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" });
    expect(again.status).toBe("HELD");
    expect(await runRow(again.runId)).toMatchObject({ cleared: cleared.length });
    await rejectHeldRun(decision(again.runId));
    expect(await switchboardUsers(solutionId)).toEqual(before);
    await restoreInEntra(cleared, "jobTitle", before, start);
    expect(await switchboardUsers(solutionId)).toEqual(before);
  });

  it("two admins deciding one held run at once: exactly one decision is taken, and an approval is applied once", async () => {
    const { start, cleared, before, held } = await heldClearingRun();
    const outcomes = await Promise.allSettled([
      approveHeldRun(decision(held.runId), world.config),
      approveHeldRun(decision(held.runId), world.config),
      rejectHeldRun(decision(held.runId)),
    ]);
    const won = outcomes.filter((o) => o.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const lost of outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected")) {
      expect(lost.reason.message).toMatch(/Someone has just decided|is running right now|not waiting for a decision|no longer stored/);
    }
    const run = await runRow(held.runId);
    const approved = run.status === "APPROVED";
    expect(run.status).toMatch(/^(APPROVED|REJECTED)$/);
    expect(await db.auditEvent.count({ where: { action: { in: ["sync.approve", "sync.reject"] }, target: held.runId } })).toBe(1);
    // Written once (one history row per cleared user) or not at all.
    expect((await runChanges(held.runId)).length).toBe(approved ? cleared.length : 0);
    await restoreInEntra(cleared, "department", before, start);
    expect(values(await switchboardUsers(solutionId))).toEqual(values(before));
  });

  it("two admins approving one held run at once: it is applied exactly once", async () => {
    const { start, cleared, before, held } = await heldClearingRun();
    const outcomes = await Promise.allSettled([approveHeldRun(decision(held.runId), world.config), approveHeldRun(decision(held.runId), world.config)]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(await runRow(held.runId)).toMatchObject({ status: "APPROVED", heldPlan: null });
    // One history row per cleared user, not two: the loser wrote nothing.
    expect((await runChanges(held.runId)).length).toBe(cleared.length);
    const after = await switchboardUsers(solutionId);
    for (const sid of cleared) expect(after.get(sid)!.department).toBeNull();
    expect(await db.auditEvent.count({ where: { action: "sync.approve", target: held.runId } })).toBe(1);
    await restoreInEntra(cleared, "department", before, start);
    expect(values(await switchboardUsers(solutionId))).toEqual(values(before));
  });

  it("a decision naming another customer's solution is refused as unknown, without touching that integration", async () => {
    const { start, cleared, before, held } = await heldClearingRun();
    // A sync of it is running: an outsider must not learn that, nor wait on it, nor hold it up.
    expect(await acquireLease(integrationId, "running-sync", 60_000)).toBe(true);
    try {
      const outsider = { ...decision(held.runId), solutionId: "someone-elses-solution" };
      await expect(approveHeldRun(outsider, world.config)).rejects.toThrow("This sync run does not exist.");
      await expect(rejectHeldRun(outsider)).rejects.toThrow("This sync run does not exist.");
      expect(await integrationRow(integrationId)).toMatchObject({ leaseOwner: "running-sync", status: "HELD" });
    } finally {
      await releaseLease(integrationId, "running-sync");
    }
    await rejectHeldRun(decision(held.runId));
    await restoreInEntra(cleared, "department", before, start);
  });

  it("a run held before held plans were compressed (its JSON kept as text by the migration) is approved as it was held", async () => {
    const count = overThreshold();
    const cleared = await emptyInEntra(count, "department", "department");
    const held = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(held.status).toBe("HELD");
    // What 20261127145012_held_plan_compressed turns an older run's jsonb plan into: its text, as bytes.
    const stored = (await runRow(held.runId)).heldPlan as Uint8Array;
    const plan = JSON.parse(gunzipSync(stored).toString("utf8"));
    await db.$executeRaw`UPDATE "SyncRun" SET "heldPlan" = convert_to(${JSON.stringify(plan)}::jsonb::text, 'UTF8') WHERE id = ${held.runId}`;

    await approveHeldRun(decision(held.runId), world.config);
    const after = await switchboardUsers(solutionId);
    for (const sid of cleared) expect(after.get(sid)!.department).toBeNull();
    expect(await runRow(held.runId)).toMatchObject({ status: "APPROVED", heldPlan: null });
  });

  it("a held run stays held across scheduled ticks until an admin decides", async () => {
    const count = overThreshold();
    await emptyInEntra(count, "department", "department");
    const held = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(held.status).toBe("HELD");
    const before = await switchboardUsers(solutionId);

    // The clock moves past the next scheduled sync; the cron ticks.
    await parkOtherIntegrations([integrationId]);
    await db.integration.update({ where: { id: integrationId }, data: { nextSyncAt: new Date(Date.now() - 1_000) } });
    await runDueSyncs({ budgetMs: 240_000, config: world.config });

    expect(await integrationRow(integrationId)).toMatchObject({ status: "HELD", statusCode: "SyncHeld" });
    expect(await runRow(held.runId)).toMatchObject({ status: "HELD" });
    expect(await db.syncRun.count({ where: { integrationId, startedAt: { gt: (await runRow(held.runId)).startedAt } } })).toBe(0);
    expect(await switchboardUsers(solutionId)).toEqual(before);

    // "Sync now" instead of a decision: a full read that holds the same changes again (a delta round has consumed them).
    await requestSync(integrationId, solutionId);
    const tick = await runDueSyncs({ budgetMs: 240_000, config: world.config });
    expect(tick.ran).toEqual([expect.objectContaining({ integrationId, status: "HELD", mode: "FULL" })]);
    const rerun = tick.ran[0] as FinishedSync;
    expect(await runRow(rerun.runId)).toMatchObject({ cleared: count });
    // The first held run can no longer be decided, and its plan is not kept.
    expect(await runRow(held.runId)).toMatchObject({ status: "HELD", heldPlan: null });
    await expect(approveHeldRun(decision(held.runId), world.config)).rejects.toThrow("A newer sync has run since this one was held");
    expect(await switchboardUsers(solutionId)).toEqual(before);
    await approveHeldRun(decision(rerun.runId), world.config);
    expect(await integrationRow(integrationId)).toMatchObject({ status: "OK" });
  });
});
