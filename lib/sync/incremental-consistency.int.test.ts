import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { afterWholeSync, scenario, state } from "@/lib/testing/incremental-oracle";
import { useSyncWorld } from "@/lib/testing/sync-fixture";
import { links, runChanges, sync } from "@/lib/testing/sync-state";

// Delta rounds and quiet full syncs plan only the users that changed, and find who else a change
// concerns (a colleague sharing a number) through the directory snapshot. If the snapshot moves ahead
// of what was written to the switchboard, a later incremental run plans against the wrong "before"
// and misses that colleague until the next whole plan, which can be days away. Each test ends with a
// whole-directory full sync as the oracle: it must find nothing left to do.

const world = useSyncWorld();

describe("incremental runs stay consistent with a whole plan", () => {
  it("a 'sync now' for a user who gave up a shared number: the next delta round links the colleague who keeps it (rules 5, 8)", async () => {
    const s = await scenario(world, [{ key: "alice", mobile: "070-111 11 11" }, { key: "bob", mobile: "070-111 11 11" }], [{ key: "S", numbers: ["070-111 11 11"] }]);
    expect((await links(s.integrationId)).size).toBe(0); // shared: nobody is linked
    await world.emulator.control.updateUser(s.tenant, s.ids.get("alice")!, { mobilePhone: "070-222 22 22" });

    const single = await sync(world, { integrationId: s.integrationId, trigger: "MANUAL", objectId: s.ids.get("alice")! });
    expect(single).toMatchObject({ status: "SUCCEEDED", mode: "SINGLE_USER" });
    const delta = await sync(world, { integrationId: s.integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(delta).toMatchObject({ status: "SUCCEEDED", mode: "DELTA" });
    expect((await links(s.integrationId)).get(s.sb.get("S")!)?.objectId).toBe(s.ids.get("bob"));

    const before = await state(s.solutionId);
    expect(await afterWholeSync(world, s)).toEqual(before);
  });

  it("a delta round that broke off is replayed against the snapshot as it was, and links the colleague (rules 5, 11)", async () => {
    const fillers = Array.from({ length: 230 }, (_, i) => ({ key: `f${i}` }));
    const s = await scenario(world, [{ key: "alice", mobile: "070-333 33 33" }, { key: "bob", mobile: "070-333 33 33" }, ...fillers], [{ key: "S", numbers: ["070-333 33 33"] }]);
    await world.emulator.control.updateUser(s.tenant, s.ids.get("alice")!, { mobilePhone: "070-444 44 44" });
    // Enough changes for a second page of the round, which then fails for longer than the retries wait.
    for (const f of fillers) await world.emulator.control.updateUser(s.tenant, s.ids.get(f.key)!, { jobTitle: "changed" });
    await world.emulator.control.unavailableOnPage(2, 50, 30);
    const broken = await sync(world, { integrationId: s.integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    await world.emulator.control.clearFaults();
    expect(broken).toMatchObject({ status: "FAILED", mode: "DELTA", complete: false });
    // The snapshot still holds what the last complete read saw.
    const snapshot = await db.directoryUser.findFirstOrThrow({ where: { integrationId: s.integrationId, objectId: s.ids.get("alice")! } });
    expect(snapshot.e164Numbers).toEqual(["+46703333333"]);

    const replay = await sync(world, { integrationId: s.integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(replay).toMatchObject({ status: "SUCCEEDED", mode: "DELTA" });
    expect((await links(s.integrationId)).get(s.sb.get("S")!)?.objectId).toBe(s.ids.get("bob"));
    const before = await state(s.solutionId);
    expect(await afterWholeSync(world, s)).toEqual(before);
  });

  it("a delta round that finds a new shared number says so on the status line, though it wrote nothing (rules 5, 12)", async () => {
    const s = await scenario(
      world,
      [{ key: "alice", mobile: "070-555 55 51" }, { key: "bob", mobile: "070-555 55 52" }, { key: "carl", mobile: "070-555 55 53" }, { key: "dan", mobile: "070-555 55 54" }],
      [{ key: "S", numbers: ["070-555 55 51"] }, { key: "C", numbers: ["070-555 55 53"] }, { key: "D", numbers: ["070-555 55 54"] }],
    );
    await world.emulator.control.updateUser(s.tenant, s.ids.get("bob")!, { mobilePhone: "070-555 55 51" });
    const before = await state(s.solutionId);
    const delta = await sync(world, { integrationId: s.integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(delta).toMatchObject({ status: "SUCCEEDED", mode: "DELTA" });
    expect(await state(s.solutionId)).toEqual(before);
    expect(await runChanges(delta.runId)).toEqual([]);
    const integration = await db.integration.findUniqueOrThrow({ where: { id: s.integrationId } });
    expect(integration.statusMessage).toContain("1 conflict among the changed users waits for your choice");
    // The integration's links, not the two users the round read.
    expect(integration.statusMessage).toMatch(/^3 users linked, /);
  });
});
