import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { useSyncWorld } from "@/lib/testing/sync-fixture";
import { calm, integrationRow, parkOtherIntegrations, syncedDemoIntegration } from "@/lib/testing/sync-state";
import { runDueSyncs } from "./run-due";
import { listDueIntegrations } from "./schedule";

// Rule 8 against a real cron: a change syncs at once even on a busy deployment, a large tenant's
// 12-hourly full sync is not started with too little of the tick left, and retries and delta rounds
// come at the tick they are meant for, not one period later.

const world = useSyncWorld();
const ids: string[] = [];
const solutions: string[] = [];
const MIN = 60_000;
const HOUR = 60 * MIN;

beforeAll(async () => {
  for (let i = 0; i < 4; i++) {
    const { solutionId, integrationId } = await syncedDemoIntegration(world);
    ids.push(integrationId);
    solutions.push(solutionId);
  }
});

beforeEach(async () => {
  await calm(world);
  await parkOtherIntegrations(ids);
  // Nothing due: each integration's next sync is an hour away, no request, configuration applied.
  for (const id of ids) {
    const row = await integrationRow(id);
    await db.integration.update({
      where: { id },
      data: { nextSyncAt: new Date(Date.now() + HOUR), syncRequestedAt: null, attemptedConfigVersion: row.configVersion, leaseOwner: null, leaseExpiresAt: null },
    });
  }
  await db.syncRun.deleteMany({ where: { integrationId: { in: ids }, trigger: "SCHEDULE", durationMs: { gte: 100_000 } } });
});

describe("rule 8: a configuration change syncs at once", () => {
  it("is taken before integrations that became due by schedule after it (it is not starved by the schedule)", async () => {
    const [changed, a, b] = ids;
    // An admin saves a choice / turns a user's sync back on: what match-choices.ts and user-sync.ts do.
    await db.integration.update({ where: { id: changed }, data: { configVersion: { increment: 1 } } });
    // Afterwards two other integrations come due by their schedule.
    await db.integration.update({ where: { id: a }, data: { nextSyncAt: new Date(Date.now() - 2_000) } });
    await db.integration.update({ where: { id: b }, data: { nextSyncAt: new Date(Date.now() - 1_000) } });

    const due = (await listDueIntegrations(new Date(), 25)).map((d) => d.id);
    expect(new Set(due)).toEqual(new Set([changed, a, b]));

    // Ticks that can take one integration each (a busy deployment: > 25 due, or the budget spent):
    const first = await runDueSyncs({ budgetMs: 240_000, config: world.config, maxIntegrations: 1 });
    const second = await runDueSyncs({ budgetMs: 240_000, config: world.config, maxIntegrations: 1 });
    const ran = [...first.ran, ...second.ran].map((r) => r.integrationId);
    // The change was due first (and "at once"): it must not sort behind work that came due later.
    expect({ order: due.map((d) => [changed, a, b].indexOf(d)), ran: ran.map((d) => [changed, a, b].indexOf(d)) }).toEqual({ order: [0, 1, 2], ran: [0, 1] });
  });
});

describe("time budget: the estimate must fit the run that is about to happen", () => {
  it("a tenant whose full sync takes 200 s is not started with too little budget just because its last runs were quick delta rounds", async () => {
    const [quick, big] = ids;
    const bigSolution = solutions[1];
    // History of `big`: a 200 s full sync, then five delta rounds of 1 s each (the usual 12 h cycle).
    const t0 = Date.now() - 6 * HOUR;
    await db.syncRun.create({
      data: { integrationId: big, solutionId: bigSolution, trigger: "SCHEDULE", mode: "FULL", status: "SUCCEEDED", startedAt: new Date(t0), finishedAt: new Date(t0 + 200_000), durationMs: 200_000 },
    });
    for (let i = 1; i <= 5; i++) {
      await db.syncRun.create({
        data: { integrationId: big, solutionId: bigSolution, trigger: "SCHEDULE", mode: "DELTA", status: "SUCCEEDED", startedAt: new Date(t0 + i * HOUR), finishedAt: new Date(t0 + i * HOUR + 1_000), durationMs: 1_000 },
      });
    }
    // 12 h after its last full sync: the next run of `big` is a full sync (not a delta round).
    await db.integration.update({ where: { id: big }, data: { lastFullSyncAt: new Date(Date.now() - 12 * HOUR - MIN), nextSyncAt: new Date(Date.now() - 1_000) } });
    await db.integration.update({ where: { id: quick }, data: { nextSyncAt: new Date(Date.now() - 2_000) } });
    try {
      const tick = await runDueSyncs({ budgetMs: 240_000, config: world.config });
      // After `quick`, < 240 s are left: 1.5 × 200 s does not fit, so `big` must wait for a tick that starts with it
      // (README: "a slower one waits for a tick that starts with it") instead of being cut off by maxDuration.
      expect(tick.ran.map((r) => [r.integrationId === quick ? "quick" : "big", r.status])).toEqual([["quick", "SUCCEEDED"]]);
      expect(tick.leftForNextTick).toBe(1);
    } finally {
      await db.syncRun.deleteMany({ where: { integrationId: big, trigger: "SCHEDULE", startedAt: { lt: new Date(Date.now() - HOUR) } } });
    }
  });
});

describe("retry and delta timing against a 15-minute cron (vercel.json */15)", () => {
  it("a transient failure is retried at the tick 15 minutes later, not 30", async () => {
    const [id] = ids;
    await db.integration.update({ where: { id }, data: { nextSyncAt: new Date(Date.now() - 1_000) } });
    await world.emulator.control.throttle(1000, 1);
    const tickAt = Date.now();
    const tick = await runDueSyncs({ budgetMs: 240_000, config: { ...world.config, retryBudgetMs: 1_500 } });
    await calm(world);
    expect(tick.ran).toEqual([expect.objectContaining({ integrationId: id, status: "FAILED", error: expect.objectContaining({ code: "TooManyRequests", retryable: true }) })]);
    // README: "A failed run is retried in 15 minutes". The next cron invocation is 15 minutes after this one.
    const nextTick = new Date(tickAt + 15 * MIN);
    expect((await listDueIntegrations(nextTick, 25)).some((d) => d.id === id)).toBe(true);
  });

  it("a delta round comes 60 minutes (SYNC_DELTA_MINUTES) after the last sync, at the tick then, not 75 minutes later", async () => {
    const [, , id] = ids;
    await db.integration.update({ where: { id }, data: { nextSyncAt: new Date(Date.now() - 1_000) } });
    const tickAt = Date.now();
    const tick = await runDueSyncs({ budgetMs: 240_000, config: world.config });
    expect(tick.ran).toEqual([expect.objectContaining({ integrationId: id, status: "SUCCEEDED" })]);
    const in60 = new Date(tickAt + 60 * MIN);
    expect((await listDueIntegrations(in60, 25)).some((d) => d.id === id)).toBe(true);
  });
});
