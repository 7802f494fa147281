import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { afterWholeSync, scenario, state } from "@/lib/testing/incremental-oracle";
import { startSyncWorld, type SyncWorld } from "@/lib/testing/sync-fixture";
import { links, sync } from "@/lib/testing/sync-state";
import { runSync } from "./run-sync";

// A worker killed after its snapshot write but before its switchboard writes (Vercel's maxDuration,
// a deploy, a crash) never records its outcome. The next run must not trust the incremental state it
// left — a deltaLink and a fingerprint that vouch for a snapshot that moved — or it skips the very
// changes the dead worker read. Here the kill is a switchboard write that never returns; the lease
// then expires as a dead worker's would.

const killed = vi.hoisted(() => ({ on: false }));
vi.mock("./apply-plan", async (importOriginal) => {
  const original = await importOriginal<typeof import("./apply-plan")>();
  return { ...original, applyPlan: (...args: Parameters<typeof original.applyPlan>) => (killed.on ? new Promise<never>(() => {}) : original.applyPlan(...args)) };
});

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
});
afterAll(async () => world?.close());

/** Starts a run that dies at its switchboard writes, and waits until its lease has expired. */
async function killedRun(integrationId: string) {
  killed.on = true;
  void runSync({ integrationId, trigger: "SCHEDULE", mode: "AUTO" }, { ...world.config, leaseMs: 1_500 });
  // Lower bound, not a timing assertion: the dead worker's lease must have run out.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  killed.on = false;
}

describe("a worker killed between its snapshot write and its switchboard writes", () => {
  it("a full run: the next tick reads and plans the whole directory and writes the edit (rule 3)", async () => {
    const s = await scenario(world, [{ key: "alice", mobile: "070-700 00 01" }, { key: "bob", mobile: "070-700 00 02" }], [{ key: "S1", numbers: ["070-700 00 01"] }, { key: "S2", numbers: ["070-700 00 02"] }]);
    await world.emulator.control.updateUser(s.tenant, s.ids.get("alice")!, { jobTitle: "New title" });
    // 12 h since the last full sync: the scheduled run is a full one.
    await db.integration.update({ where: { id: s.integrationId }, data: { lastFullSyncAt: new Date(Date.now() - 13 * 3_600_000) } });
    await killedRun(s.integrationId);
    expect(await db.integration.findUniqueOrThrow({ where: { id: s.integrationId } })).toMatchObject({ deltaLink: null, switchboardFingerprint: null });

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

    const next = await sync(world, { integrationId: s.integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(next).toMatchObject({ status: "SUCCEEDED", mode: "FULL" });
    expect((await links(s.integrationId)).get(s.sb.get("S")!)?.objectId).toBe(s.ids.get("bob"));
    const after = await state(s.solutionId);
    expect(await afterWholeSync(world, s)).toEqual(after);
  });
});
