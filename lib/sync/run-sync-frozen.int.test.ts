import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT, demoPeople } from "@/lib/demo/demo-directory";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { integrationRow, links, runChanges, runRow, switchboardUsers, sync, values } from "@/lib/testing/sync-state";
import { listDueIntegrations } from "./schedule";
import { setUserSync } from "./user-sync";
import { recordChanges, updateUsers, writeTransaction } from "./write-batches";

// Rule 7 through the whole engine on PostgreSQL: a user whose sync is turned off keeps the values
// the switchboard has, whatever Entra does and whichever kind of run comes by; turned back on, a full
// sync brings Entra's current values. Without this, a delta round or the quiet full-sync path could
// write to a user the admin froze, and nothing but the pure core's tests would notice.

const world = useSyncWorld();

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
    await setUserSync({ solutionId: solution.id, integrationId: integration.id, switchboardUserId: link.switchboardUserId, enabled: false, accountId: null });

    await world.emulator.control.updateUser(DEMO_TENANT.id, person.entra!.id, { jobTitle: "Changed while sync was off" });
    const delta = await sync(world, { integrationId: integration.id, trigger: "SCHEDULE", mode: "AUTO" });
    expect(delta).toMatchObject({ status: "SUCCEEDED", mode: "DELTA" });
    const full = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
    expect(full.status).toBe("SUCCEEDED");
    // Not even its updatedAt: no write reached the row.
    expect((await switchboardUsers(solution.id)).get(link.switchboardUserId)).toEqual(frozen);
    expect((await links(integration.id)).get(link.switchboardUserId)).toMatchObject({ objectId: person.entra!.id });

    await setUserSync({ solutionId: solution.id, integrationId: integration.id, switchboardUserId: link.switchboardUserId, enabled: true, accountId: null });
    const resumed = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
    expect(resumed.status).toBe("SUCCEEDED");
    expect(values(await switchboardUsers(solution.id)).get(link.switchboardUserId)).toEqual({ ...before, title: "Changed while sync was off" });
  });
});

describe("sync turned back on (rule 7)", () => {
  it("the next scheduled run plans everything and brings Entra's values, though Entra did not change since", async () => {
    const solution = await createDemoSolution();
    const integration = await createIntegration(world, solution.id);
    expect((await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" })).status).toBe("SUCCEEDED");
    const link = [...(await links(integration.id)).values()][0];
    await setUserSync({ solutionId: solution.id, integrationId: integration.id, switchboardUserId: link.switchboardUserId, enabled: false, accountId: null });
    await world.emulator.control.updateUser(DEMO_TENANT.id, link.objectId, { jobTitle: "Changed while frozen" });
    // A delta round consumes the change while the user is frozen: nothing later will show it as new.
    expect(await sync(world, { integrationId: integration.id, trigger: "SCHEDULE", mode: "AUTO" })).toMatchObject({ status: "SUCCEEDED", mode: "DELTA" });
    expect((await switchboardUsers(solution.id)).get(link.switchboardUserId)!.title).not.toBe("Changed while frozen");

    await setUserSync({ solutionId: solution.id, integrationId: integration.id, switchboardUserId: link.switchboardUserId, enabled: true, accountId: null });
    expect((await listDueIntegrations(new Date(), 1_000)).map((i) => i.id)).toContain(integration.id);
    const next = await sync(world, { integrationId: integration.id, trigger: "SCHEDULE", mode: "AUTO" });
    expect(next).toMatchObject({ status: "SUCCEEDED", mode: "FULL" });
    expect((await switchboardUsers(solution.id)).get(link.switchboardUserId)!.title).toBe("Changed while frozen");
  });
});

describe("before setup is finished (rule 7)", () => {
  it("no full or single-user sync starts (only a preview): nothing is written and the caller is told why", async () => {
    const solution = await createDemoSolution();
    const integration = await createIntegration(world, solution.id, { setupCompleted: false });
    const before = await switchboardUsers(solution.id);
    const person = demoPeople().find((p) => p.entra?.accountEnabled)!;
    for (const request of [{ mode: "FULL" as const }, { objectId: person.entra!.id }]) {
      await expect(sync(world, { integrationId: integration.id, trigger: "MANUAL", ...request })).rejects.toThrow(/Setup of this integration is not finished/);
    }
    expect(await switchboardUsers(solution.id)).toEqual(before);
    expect((await links(integration.id)).size).toBe(0);
    expect(await db.syncRun.count({ where: { integrationId: integration.id } })).toBe(0);
  });

  it("a preview links without writing, sync can be turned off per user, and the first sync after setup leaves that user alone", async () => {
    const solution = await createDemoSolution();
    const other = await createDemoSolution();
    const integration = await createIntegration(world, solution.id, { setupCompleted: false });
    const before = await switchboardUsers(solution.id);

    const preview = await sync(world, { integrationId: integration.id, trigger: "SETUP", preview: true });
    expect(preview).toMatchObject({ status: "SUCCEEDED", mode: "PREVIEW", complete: true });
    const linked = await links(integration.id);
    expect(linked.size).toBeGreaterThan(10);
    // Nothing reached the switchboard; the history shows the links and no field.
    expect(await switchboardUsers(solution.id)).toEqual(before);
    const history = await runChanges(preview.runId);
    expect(new Set(history.map((c) => c.kind))).toEqual(new Set(["LINK"]));
    expect(history.every((c) => (c.fields as { field: string }[]).every((f) => f.field === "link"))).toBe(true);
    expect(await runRow(preview.runId)).toMatchObject({ mode: "PREVIEW", updated: 0, linked: linked.size });
    const integrationAfter = await integrationRow(integration.id);
    expect(integrationAfter).toMatchObject({ status: "PENDING", lastFullSyncAt: null, lastSyncAt: null });
    expect(integrationAfter.statusMessage).toContain(`${linked.size} switchboard users linked`);
    expect(integrationAfter.statusMessage).toContain("Nothing is written to the switchboard until setup is finished");
    expect((await listDueIntegrations(new Date(), 1_000)).map((i) => i.id)).not.toContain(integration.id);

    // The admin turns sync off for one linked user, in their own solution only.
    const [frozenId] = [...linked.keys()];
    await expect(
      setUserSync({ solutionId: other.id, integrationId: integration.id, switchboardUserId: frozenId, enabled: false, accountId: null }),
    ).rejects.toThrow("not linked");
    await setUserSync({ solutionId: solution.id, integrationId: integration.id, switchboardUserId: frozenId, enabled: false, accountId: null });
    expect(await db.auditEvent.count({ where: { action: "user.sync-off", target: frozenId, solutionId: solution.id } })).toBe(1);

    // Entra has a value the first sync would write to that user, were sync on.
    await world.emulator.control.updateUser(DEMO_TENANT.id, linked.get(frozenId)!.objectId, { jobTitle: "Set in Entra during setup" });

    // Setup finished: due at once; the first sync writes everyone but the frozen user.
    await db.integration.update({ where: { id: integration.id }, data: { setupCompletedAt: new Date() } });
    expect((await listDueIntegrations(new Date(), 1_000)).map((i) => i.id)).toContain(integration.id);
    const first = await sync(world, { integrationId: integration.id, trigger: "SETUP" });
    expect(first).toMatchObject({ status: "SUCCEEDED", mode: "FULL" });
    const after = await switchboardUsers(solution.id);
    expect(after.get(frozenId)).toEqual(before.get(frozenId));
    expect(after.get(frozenId)!.title).not.toBe("Set in Entra during setup");
    const written = [...linked.keys()].filter((id) => id !== frozenId && JSON.stringify(values(after).get(id)) !== JSON.stringify(values(before).get(id)));
    expect(written.length).toBeGreaterThan(5);
    expect((await integrationRow(integration.id)).status).toBe("OK");

    // A preview is for the setup only.
    await expect(sync(world, { integrationId: integration.id, trigger: "SETUP", preview: true })).rejects.toThrow("Setup is finished");
  });
});

describe("sync turned off while a run is writing (rule 7)", () => {
  it("a planned update for that user is not written, and no history row claims it was", async () => {
    const solution = await createDemoSolution();
    const integration = await createIntegration(world, solution.id);
    expect((await sync(world, { integrationId: integration.id, trigger: "SETUP" })).status).toBe("SUCCEEDED");
    const [[frozenId], [onId]] = [...(await links(integration.id))];
    const before = await switchboardUsers(solution.id);
    // The plan was made with both users on; the admin turns one off before the batch is written.
    await setUserSync({ solutionId: solution.id, integrationId: integration.id, switchboardUserId: frozenId, enabled: false, accountId: null });
    const run = await db.syncRun.create({ data: { integrationId: integration.id, solutionId: solution.id, trigger: "MANUAL", mode: "FULL" } });
    const planned = [frozenId, onId].map((id) => ({ id, f: { title: "From a plan made earlier" } }));
    const [updated, recorded] = await writeTransaction([
      updateUsers({ solutionId: solution.id, integrationId: integration.id }, planned),
      recordChanges(run.id, planned.map((p) => ({ sid: p.id, oid: null, kind: "UPDATE", fields: [{ field: "title", after: p.f.title }] })), integration.id),
    ]);
    expect([updated, recorded]).toEqual([1, 1]);
    const after = await switchboardUsers(solution.id);
    expect(after.get(frozenId)).toEqual(before.get(frozenId));
    expect(after.get(onId)!.title).toBe("From a plan made earlier");
    expect((await runChanges(run.id)).map((c) => c.switchboardUserId)).toEqual([onId]);
  });
});
