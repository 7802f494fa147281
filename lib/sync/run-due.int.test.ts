import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { calm, integrationRow, links, parkOtherIntegrations, runRow, switchboardUsers, sync, values } from "@/lib/testing/sync-state";
import { acquireLease, leaseKeeper, LeaseLostError, releaseLease } from "./lease";
import { runDueSyncs } from "./run-due";
import { runSync } from "./run-sync";
import { expectedMs, listDueIntegrations } from "./schedule";

// Without this spec two overlapping cron invocations could run one integration twice at once
// (double writes, double Graph load), and a worker killed mid-run could leave an integration locked
// for ever, or its run "RUNNING" in the history for ever.

const world = useSyncWorld();
const integrations: { integrationId: string; solutionId: string }[] = [];

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const solutionId = (await createDemoSolution()).id;
    const { id: integrationId } = await createIntegration(world, solutionId);
    expect(await sync(world, { integrationId, trigger: "SETUP" })).toMatchObject({ status: "SUCCEEDED" });
    integrations.push({ integrationId, solutionId });
  }
});

beforeEach(async () => {
  await calm(world);
  await parkOtherIntegrations(integrations.map((i) => i.integrationId));
});

const tick = () => runDueSyncs({ budgetMs: 240_000, config: world.config });

/** What the clock does between ticks: these integrations' next sync comes due. */
async function makeDue(ids: string[]) {
  await db.integration.updateMany({ where: { id: { in: ids } }, data: { nextSyncAt: new Date(Date.now() - 1_000) } });
}

async function stateOf({ integrationId, solutionId }: { integrationId: string; solutionId: string }) {
  return { values: values(await switchboardUsers(solutionId)), links: await links(integrationId) };
}

describe("leases", () => {
  it("ten workers racing for one integration: exactly one gets the lease", async () => {
    const { integrationId } = integrations[0];
    const won = await Promise.all(Array.from({ length: 10 }, (_, i) => acquireLease(integrationId, `worker-${i}`, 60_000)));
    expect(won.filter(Boolean)).toHaveLength(1);
    await releaseLease(integrationId, `worker-${won.indexOf(true)}`);
  });

  it("a worker whose lease another took over stops for good: every later renewal throws, even soon after", async () => {
    const { integrationId } = integrations[0];
    expect(await acquireLease(integrationId, "slow-worker", 60)).toBe(true);
    const keep = leaseKeeper(integrationId, "slow-worker", 60);
    await new Promise((resolve) => setTimeout(resolve, 120)); // the lease expired meanwhile
    expect(await acquireLease(integrationId, "next-worker", 60_000)).toBe(true);
    await expect(keep()).rejects.toBeInstanceOf(LeaseLostError);
    await expect(keep()).rejects.toBeInstanceOf(LeaseLostError);
    expect((await integrationRow(integrationId)).leaseOwner).toBe("next-worker");
    await releaseLease(integrationId, "next-worker");
  });

  it("a sync whose lease is taken over mid-read fails with LeaseLost and writes nothing", async () => {
    const { integrationId, solutionId } = integrations[1];
    const before = await stateOf({ integrationId, solutionId });
    // An edit a run that went on would write (it is not destructive, so even an incomplete run would).
    const [, edited] = [...before.links][0];
    const original = await world.emulator.control.getUser(DEMO_TENANT.id, edited.objectId);
    await world.emulator.control.updateUser(DEMO_TENANT.id, edited.objectId, { jobTitle: "Taken over" });
    // A short lease, renewed on the first page (Graph answers slowly, past a third of the lease) and
    // not again before the writes; the run is still reading
    // when another worker takes the integration over (as after a stall longer than the lease).
    const config = { ...world.config, leaseMs: 1_200 };
    await world.emulator.control.setLatency(500);
    const takeOver = async () => {
      while (!(await db.syncRun.findFirst({ where: { integrationId, status: "RUNNING" }, select: { id: true } }))) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await db.integration.update({ where: { id: integrationId }, data: { leaseOwner: "other-worker", leaseExpiresAt: new Date(Date.now() + 60_000) } });
    };
    try {
      const [result] = await Promise.all([runSync({ integrationId, trigger: "MANUAL", mode: "FULL" }, config), takeOver()]);
      expect(result).toMatchObject({ status: "FAILED", error: { code: "LeaseLost" } });
    } finally {
      await calm(world);
    }
    expect(await stateOf({ integrationId, solutionId })).toEqual(before);
    await world.emulator.control.updateUser(DEMO_TENANT.id, edited.objectId, { jobTitle: original.jobTitle });
    // The integration is the new owner's to describe: the stopped run leaves its status alone.
    expect(await integrationRow(integrationId)).toMatchObject({ leaseOwner: "other-worker", status: "OK", statusCode: null });
    const stopped = await db.syncRun.findFirstOrThrow({ where: { integrationId }, orderBy: { startedAt: "desc" } });
    expect(stopped).toMatchObject({ status: "FAILED", errorCode: "LeaseLost" });
    await releaseLease(integrationId, "other-worker");
  });

  it("a HELD integration whose held run is gone (a worker died applying an approval) is scheduled again, not stuck", async () => {
    const { integrationId } = integrations[0];
    await db.integration.update({ where: { id: integrationId }, data: { status: "HELD", nextSyncAt: new Date(Date.now() - 1_000) } });
    try {
      expect((await listDueIntegrations(new Date(), 100)).map((i) => i.id)).toContain(integrationId);
    } finally {
      await db.integration.update({ where: { id: integrationId }, data: { status: "OK" } });
    }
  });

  it("two cron ticks at once run each due integration exactly once; any other attempt finds it leased", async () => {
    const ids = integrations.map((i) => i.integrationId);
    for (let round = 0; round < 5; round++) {
      await makeDue(ids);
      const runsBefore = await db.syncRun.count({ where: { integrationId: { in: ids } } });
      const [a, b] = await Promise.all([tick(), tick()]);
      const results = [...a.ran, ...b.ran];
      for (const id of ids) {
        const mine = results.filter((r) => r.integrationId === id);
        expect(mine.filter((r) => r.status === "SUCCEEDED")).toHaveLength(1);
        expect(mine.filter((r) => r.status !== "SUCCEEDED").every((r) => r.status === "BUSY")).toBe(true);
        expect(await integrationRow(id)).toMatchObject({ status: "OK", leaseOwner: null, leaseExpiresAt: null });
      }
      expect(await db.syncRun.count({ where: { integrationId: { in: ids } } })).toBe(runsBefore + ids.length);
    }
  });

  it("a tick working from a list read before another tick synced the integration does not run it again", async () => {
    const { integrationId } = integrations[1];
    await makeDue([integrationId]);
    expect((await listDueIntegrations(new Date(), 25)).map((i) => i.id)).toEqual([integrationId]);
    expect(await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO", onlyIfDue: true })).toMatchObject({ status: "SUCCEEDED" });
    const runsBefore = await db.syncRun.count({ where: { integrationId } });
    // The same list entry, taken up again by the slower tick.
    const stale = await runSync({ integrationId, trigger: "SCHEDULE", mode: "AUTO", onlyIfDue: true }, world.config);
    expect(stale.status).toBe("BUSY");
    expect(await db.syncRun.count({ where: { integrationId } })).toBe(runsBefore);
  });

  it("a worker killed mid-run: its lease blocks the next tick until it expires, then a tick completes the sync and closes the dead run", async () => {
    const target = integrations[0];
    const before = await stateOf(target);
    // What a crashed process leaves behind: a lease it will never release and a run it will never finish.
    expect(await acquireLease(target.integrationId, "crashed-worker", 5 * 60_000)).toBe(true);
    const dead = await db.syncRun.create({ data: { integrationId: target.integrationId, solutionId: target.solutionId, trigger: "SCHEDULE", mode: "FULL" } });
    await makeDue([target.integrationId]);

    const blocked = await tick();
    expect(blocked.ran.find((r) => r.integrationId === target.integrationId)).toBeUndefined();
    expect(await runRow(dead.id)).toMatchObject({ status: "RUNNING" });

    // Time passes: the dead worker's lease runs out.
    await db.integration.update({ where: { id: target.integrationId }, data: { leaseExpiresAt: new Date(Date.now() - 1_000) } });
    const next = await tick();
    expect(next.ran).toEqual([expect.objectContaining({ integrationId: target.integrationId, status: "SUCCEEDED" })]);
    expect(await runRow(dead.id)).toMatchObject({ status: "FAILED", errorCode: "RunInterrupted" });
    expect((await runRow(dead.id)).finishedAt).not.toBeNull();
    expect(await integrationRow(target.integrationId)).toMatchObject({ status: "OK", statusCode: null, leaseOwner: null });
    expect(await stateOf(target)).toEqual(before);
  });
});

describe("time budget", () => {
  it("an integration whose recent runs take longer than the tick has left waits for the next tick, and one behind it still runs", async () => {
    const [quick, slow] = integrations;
    const behindSolution = (await createDemoSolution()).id;
    const behind = (await createIntegration(world, behindSolution)).id;
    expect(await sync(world, { integrationId: behind, trigger: "SETUP" })).toMatchObject({ status: "SUCCEEDED" });
    // The slow one's next run is its 12-hourly full sync, and its recent full runs took 200 s: after the
    // quick one, 240 s of budget cannot hold 1.5× that.
    await db.syncRun.create({
      data: { integrationId: slow.integrationId, solutionId: slow.solutionId, trigger: "SCHEDULE", mode: "FULL", status: "SUCCEEDED", durationMs: 200_000, finishedAt: new Date() },
    });
    await makeDue([quick.integrationId]);
    await db.integration.update({ where: { id: slow.integrationId }, data: { nextSyncAt: new Date(Date.now() - 500), lastFullSyncAt: new Date(Date.now() - 13 * 3_600_000) } });
    await db.integration.update({ where: { id: behind }, data: { nextSyncAt: new Date(Date.now() - 200) } });
    try {
      const due = await listDueIntegrations(new Date(), 25);
      expect(due.map((i) => i.id)).toEqual([quick.integrationId, slow.integrationId, behind]);
      expect(expectedMs(due[1], world.config)).toBe(200_000);

      const first = await tick();
      expect(first.ran.map((r) => [r.integrationId, r.status])).toEqual([
        [quick.integrationId, "SUCCEEDED"],
        [behind, "SUCCEEDED"],
      ]);
      expect(first.leftForNextTick).toBe(1);
      // The next tick starts with it: the first integration of a tick always runs.
      const second = await tick();
      expect(second.ran.map((r) => [r.integrationId, r.status])).toEqual([[slow.integrationId, "SUCCEEDED"]]);
    } finally {
      await db.syncRun.deleteMany({ where: { integrationId: slow.integrationId, durationMs: 200_000 } });
      await db.integration.update({ where: { id: behind }, data: { setupCompletedAt: null } });
    }
  });
});
