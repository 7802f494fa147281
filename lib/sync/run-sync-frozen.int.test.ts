import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT, demoPeople } from "@/lib/demo/demo-directory";
import { createDemoSolution, createIntegration, startSyncWorld, type SyncWorld } from "@/lib/testing/sync-fixture";
import { links, switchboardUsers, sync, values } from "@/lib/testing/sync-state";

// Rule 7 through the whole engine on PostgreSQL: a user whose sync is turned off keeps the values
// the switchboard has, whatever Entra does and whichever kind of run comes by; turned back on, a full
// sync brings Entra's current values. Without this, a delta round or the quiet full-sync path could
// write to a user the admin froze, and nothing but the pure core's tests would notice.

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
});
afterAll(async () => world?.close());

describe("sync turned off for one user (rule 7)", () => {
  it("keeps the user's values through delta rounds and full syncs, and a full sync after turning it back on applies Entra's", async () => {
    const solution = await createDemoSolution();
    const integration = await createIntegration(world, solution.id);
    expect((await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" })).status).toBe("SUCCEEDED");
    const linked = [...(await links(integration.id)).values()];
    const person = demoPeople().find((p) => p.entra?.accountEnabled && linked.some((l) => l.objectId === p.entra!.id))!;
    const link = linked.find((l) => l.objectId === person.entra!.id)!;
    const before = values(await switchboardUsers(solution.id)).get(link.switchboardUserId)!;
    const frozen = (await switchboardUsers(solution.id)).get(link.switchboardUserId)!;
    await db.link.update({ where: { integrationId_switchboardUserId: { integrationId: integration.id, switchboardUserId: link.switchboardUserId } }, data: { syncEnabled: false } });

    await world.emulator.control.updateUser(DEMO_TENANT.id, person.entra!.id, { jobTitle: "Changed while sync was off" });
    const delta = await sync(world, { integrationId: integration.id, trigger: "SCHEDULE", mode: "AUTO" });
    expect(delta).toMatchObject({ status: "SUCCEEDED", mode: "DELTA" });
    const full = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
    expect(full.status).toBe("SUCCEEDED");
    // Not even its updatedAt: no write reached the row.
    expect((await switchboardUsers(solution.id)).get(link.switchboardUserId)).toEqual(frozen);
    expect((await links(integration.id)).get(link.switchboardUserId)).toMatchObject({ objectId: person.entra!.id });

    await db.link.update({ where: { integrationId_switchboardUserId: { integrationId: integration.id, switchboardUserId: link.switchboardUserId } }, data: { syncEnabled: true } });
    const resumed = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
    expect(resumed.status).toBe("SUCCEEDED");
    expect(values(await switchboardUsers(solution.id)).get(link.switchboardUserId)).toEqual({ ...before, title: "Changed while sync was off" });
  });
});
