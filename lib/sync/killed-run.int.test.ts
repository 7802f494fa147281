import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { afterWholeSync, scenario, state } from "@/lib/testing/incremental-oracle";
import { useSyncWorld } from "@/lib/testing/sync-fixture";
import { links, sync } from "@/lib/testing/sync-state";
import { runSync } from "./run-sync";
import { listDueIntegrations } from "./schedule";

// A worker killed after its snapshot write but before its switchboard writes (Vercel's maxDuration,
// a deploy, a crash) never records its outcome. The next run must not trust the incremental state it
// left — a deltaLink and a fingerprint that vouch for a snapshot that moved — or it skips the very
// changes the dead worker read. Here the kill is a switchboard write that never returns; the lease
// then expires as a dead worker's would, once its snapshot write has landed.

const killed = vi.hoisted(() => ({ on: false, calls: 0, reached: null as null | (() => void) }));
vi.mock("./apply-plan", async (importOriginal) => {
  const original = await importOriginal<typeof import("./apply-plan")>();
  return {
    ...original,
    applyPlan: (...args: Parameters<typeof original.applyPlan>) => {
      if (!killed.on) return original.applyPlan(...args);
      killed.calls++;
      killed.reached?.();
      return new Promise<never>(() => {});
    },
  };
});

const world = useSyncWorld();

/** The dead worker's snapshot write (it runs beside the switchboard writes) has landed. */
async function snapshotShows(integrationId: string, objectId: string, holds: (row: { properties: unknown; e164Numbers: string[] }) => boolean) {
  for (let i = 0; i < 200; i++) {
    const row = await db.directoryUser.findFirst({ where: { integrationId, objectId }, select: { properties: true, e164Numbers: true } });
    if (row && holds(row)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the killed run's snapshot write never landed");
}

/** Runs a sync that dies at its switchboard writes, then lets its lease run out as a dead worker's does. */
async function killedRun(integrationId: string) {
  killed.on = true;
  killed.calls = 0;
  const reached = new Promise<void>((resolve) => (killed.reached = resolve));
  void runSync({ integrationId, trigger: "SCHEDULE", mode: "AUTO" }, world.config);
  await reached;
  killed.on = false;
  expect(killed.calls).toBe(1);
  await db.integration.update({ where: { id: integrationId }, data: { leaseExpiresAt: new Date(Date.now() - 1_000) } });
}

describe("a worker killed between its snapshot write and its switchboard writes", () => {
  it("a full run: the next tick reads and plans the whole directory and writes the edit (rule 3)", async () => {
    const s = await scenario(world, [{ key: "alice", mobile: "070-700 00 01" }, { key: "bob", mobile: "070-700 00 02" }], [{ key: "S1", numbers: ["070-700 00 01"] }, { key: "S2", numbers: ["070-700 00 02"] }]);
    await world.emulator.control.updateUser(s.tenant, s.ids.get("alice")!, { jobTitle: "New title" });
    // 12 h since the last full sync: the scheduled run is a full one.
    await db.integration.update({ where: { id: s.integrationId }, data: { lastFullSyncAt: new Date(Date.now() - 13 * 3_600_000) } });
    await killedRun(s.integrationId);
    await snapshotShows(s.integrationId, s.ids.get("alice")!, (row) => (row.properties as { jobTitle?: string }).jobTitle === "New title");
    expect(await db.integration.findUniqueOrThrow({ where: { id: s.integrationId } })).toMatchObject({ deltaLink: null, switchboardFingerprint: null });
    // Whatever started the dead run, the next cron tick picks the integration up.
    expect((await listDueIntegrations(new Date(), 1_000)).map((i) => i.id)).toContain(s.integrationId);

    const next = await sync(world, { integrationId: s.integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(next).toMatchObject({ status: "SUCCEEDED", mode: "FULL" });
    const after = await state(s.solutionId);
    expect(after.users.find((u) => u.id === s.sb.get("S1"))?.title).toBe("New title");
    expect(await afterWholeSync(world, s)).toEqual(after);
  });

  it("a delta round: the next tick does not replay it against the moved snapshot, and links the colleague (rule 5)", async () => {
    const s = await scenario(world, [{ key: "alice", mobile: "070-710 00 01" }, { key: "bob", mobile: "070-710 00 01" }], [{ key: "S", numbers: ["070-710 00 01"] }]);
    await world.emulator.control.updateUser(s.tenant, s.ids.get("alice")!, { mobilePhone: "070-710 00 02" });
    await killedRun(s.integrationId);
    await snapshotShows(s.integrationId, s.ids.get("alice")!, (row) => row.e164Numbers.includes("+46707100002"));

    const next = await sync(world, { integrationId: s.integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(next).toMatchObject({ status: "SUCCEEDED", mode: "FULL" });
    expect((await links(s.integrationId)).get(s.sb.get("S")!)?.objectId).toBe(s.ids.get("bob"));
    const after = await state(s.solutionId);
    expect(await afterWholeSync(world, s)).toEqual(after);
  });
});
