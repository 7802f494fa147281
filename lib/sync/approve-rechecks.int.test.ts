import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { useSyncWorld } from "@/lib/testing/sync-fixture";
import { links, runChanges, runRow, switchboardUsers, sync, syncedDemoIntegration } from "@/lib/testing/sync-state";
import { unpackPlan } from "./held-plan";
import { approveHeldRun, rejectHeldRun } from "./held-runs";
import { chooseNumberOwner } from "./match-choices";
import { setUserSync } from "./user-sync";

// A held plan waits for the admin, maybe for days. What the admin does meanwhile must still count
// when the plan is approved: a user whose sync was turned off stays as it is (rule 7), and a plan
// made with settings that have since changed (a mapping, an admin's choice: rules 3, 5) is not
// written at all.

const world = useSyncWorld();

/** Disables enough linked users in Entra that the next full sync is held; returns them and a restore. */
async function holdByDisabling(linked: [string, string][]) {
  const gone = linked.slice(0, Math.max(5, Math.floor(linked.length / 10) + 1));
  for (const [, objectId] of gone) await world.emulator.control.disableUser(DEMO_TENANT.id, objectId);
  return { gone, restore: async () => Promise.all(gone.map(([, objectId]) => world.emulator.control.enableUser(DEMO_TENANT.id, objectId))) };
}

describe("approving a held sync", () => {
  it("leaves linked a user whose sync the admin turned off after the hold, and unlinks the others", async () => {
    const { solutionId, integrationId, linked } = await syncedDemoIntegration(world);
    const { gone, restore } = await holdByDisabling(linked);
    try {
      const held = await sync(world, { integrationId, trigger: "MANUAL", mode: "FULL" });
      expect(held.status).toBe("HELD");
      const [frozenSid, frozenOid] = gone[0];
      await setUserSync({ solutionId, integrationId, switchboardUserId: frozenSid, enabled: false, accountId: null });

      await approveHeldRun({ runId: held.runId, integrationId, solutionId, accountId: null }, world.config);
      const after = await links(integrationId);
      expect(after.get(frozenSid)).toMatchObject({ objectId: frozenOid });
      for (const [sid] of gone.slice(1)) expect(after.has(sid)).toBe(false);
      // The history shows the unlinks that happened, not the one sync-off stopped.
      const unlinked = (await runChanges(held.runId)).filter((c) => c.kind === "UNLINK").map((c) => c.switchboardUserId);
      expect(unlinked.sort()).toEqual(gone.slice(1).map(([sid]) => sid).sort());
    } finally {
      await restore();
    }
  });

  it("is refused once the settings changed (here an admin's choice for a shared number), writes nothing, and the held run can still be rejected", async () => {
    const { solutionId, integrationId, linked } = await syncedDemoIntegration(world);
    const { restore } = await holdByDisabling(linked);
    try {
      const [editedSid, editedOid] = linked.at(-1)!;
      await world.emulator.control.updateUser(DEMO_TENANT.id, editedOid, { jobTitle: "Title from the held plan" });
      const held = await sync(world, { integrationId, trigger: "MANUAL", mode: "FULL" });
      expect(held.status).toBe("HELD");
      const before = await switchboardUsers(solutionId);
      const linksBefore = await links(integrationId);

      // The admin picks an owner for a number two Entra users share: a plan made before no longer applies.
      const [shared] = await db.$queryRaw<{ e164: string; objectIds: string[] }[]>`
        SELECT n AS e164, array_agg("objectId" ORDER BY "objectId") AS "objectIds"
        FROM "DirectoryUser", unnest("e164Numbers") AS n WHERE "integrationId" = ${integrationId}
        GROUP BY n HAVING count(*) > 1 ORDER BY n LIMIT 1`;
      expect(shared).toBeDefined();
      await chooseNumberOwner({ solutionId, integrationId, accountId: null, e164: shared.e164, objectId: shared.objectIds[0] });
      const decision = { runId: held.runId, integrationId, solutionId, accountId: null };
      await expect(approveHeldRun(decision, world.config)).rejects.toThrow(/settings changed after this sync was held/);

      expect(await switchboardUsers(solutionId)).toEqual(before);
      expect(before.get(editedSid)!.title).not.toBe("Title from the held plan");
      expect(await links(integrationId)).toEqual(linksBefore);
      expect(await runRow(held.runId)).toMatchObject({ status: "HELD" });
      await rejectHeldRun(decision);
      expect(await runRow(held.runId)).toMatchObject({ status: "REJECTED", heldPlan: null });
    } finally {
      await restore();
    }
  });

  it("a plan that moves Entra users keeps the links an admin turned off meanwhile exactly as they were, fields and history too", async () => {
    const { solutionId, integrationId, linked } = await syncedDemoIntegration(world);
    const { gone, restore } = await holdByDisabling(linked);
    const [sid1, o1] = linked[gone.length + 1];
    const [sid2, o3] = linked[gone.length + 2];
    const number2 = await db.phoneNumber.findFirstOrThrow({ where: { userId: sid2 }, orderBy: { createdAt: "asc" } });
    const [before1, before3] = await Promise.all([world.emulator.control.getUser(DEMO_TENANT.id, o1), world.emulator.control.getUser(DEMO_TENANT.id, o3)]);
    try {
      // o3 gives up its numbers and o1 takes S2's: the plan unlinks S1 and S2 and links S2 to o1.
      await world.emulator.control.updateUser(DEMO_TENANT.id, o3, { mobilePhone: null, businessPhones: [] });
      await world.emulator.control.updateUser(DEMO_TENANT.id, o1, { mobilePhone: number2.e164, businessPhones: [] });
      const held = await sync(world, { integrationId, trigger: "MANUAL", mode: "FULL" });
      expect(held.status).toBe("HELD");
      // The held plan does move them: without the admin's change, S1 and S2 would be unlinked and S2 linked to o1.
      const plan = await unpackPlan((await runRow(held.runId)).heldPlan!);
      const mine = (l: { switchboardUserId: string }) => l.switchboardUserId === sid1 || l.switchboardUserId === sid2;
      expect(plan.links.remove.filter(mine)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ switchboardUserId: sid1, objectId: o1 }),
          expect.objectContaining({ switchboardUserId: sid2, objectId: o3 }),
        ]),
      );
      expect(plan.links.create.filter(mine)).toEqual([expect.objectContaining({ switchboardUserId: sid2, objectId: o1, movedFromSwitchboardUserId: sid1 })]);
      expect(plan.changes.find((c) => c.switchboardUserId === sid2)?.changes.length).toBeGreaterThan(0);
      for (const sid of [sid1, sid2]) await setUserSync({ solutionId, integrationId, switchboardUserId: sid, enabled: false, accountId: null });
      const users = await switchboardUsers(solutionId);

      await approveHeldRun({ runId: held.runId, integrationId, solutionId, accountId: null }, world.config);
      const after = await links(integrationId);
      expect(after.get(sid1)).toMatchObject({ objectId: o1 });
      expect(after.get(sid2)).toMatchObject({ objectId: o3 });
      const now = await switchboardUsers(solutionId);
      for (const sid of [sid1, sid2]) expect(now.get(sid)).toEqual(users.get(sid));
      expect((await runChanges(held.runId)).filter((c) => c.switchboardUserId === sid1 || c.switchboardUserId === sid2)).toEqual([]);
    } finally {
      await restore();
      await world.emulator.control.updateUser(DEMO_TENANT.id, o1, { mobilePhone: before1.mobilePhone, businessPhones: before1.businessPhones });
      await world.emulator.control.updateUser(DEMO_TENANT.id, o3, { mobilePhone: before3.mobilePhone, businessPhones: before3.businessPhones });
    }
  });
});

