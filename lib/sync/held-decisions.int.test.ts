import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { storedNumber } from "@/lib/sync/core/normalise-number";
import { uniqueId } from "@/lib/testing/fixtures";
import { useSyncWorld } from "@/lib/testing/sync-fixture";
import { links, runChanges, runRow, switchboardUsers, sync, syncedDemoIntegration } from "@/lib/testing/sync-state";
import { unpackPlan } from "./held-plan";
import { approveHeldRun } from "./held-runs";

// An admin's approval applies a plan made earlier: it must not write what a newer read contradicts,
// and whoever approved is on record even when the approval fails part-way.

const world = useSyncWorld();

async function account() {
  return db.account.create({ data: { email: `${uniqueId("admin")}@example.com`, name: "Admin" }, select: { id: true } });
}

/** Empties department in Entra for > 10 % (≥ 5) of the linked users that have one, and syncs: HELD. */
async function holdByClearing(solutionId: string, integrationId: string, linked: [string, string][]) {
  const users = await switchboardUsers(solutionId);
  const withDept = linked.filter(([sid]) => users.get(sid)!.department !== null);
  const picked = withDept.slice(0, Math.max(5, Math.floor(linked.length / 10) + 1));
  for (const [, oid] of picked) await world.emulator.control.updateUser(DEMO_TENANT.id, oid, { department: null });
  const held = await sync(world, { integrationId, trigger: "MANUAL", mode: "FULL" });
  expect(held.status).toBe("HELD");
  return { held, picked, restore: () => Promise.all(picked.map(([sid, oid]) => world.emulator.control.updateUser(DEMO_TENANT.id, oid, { department: users.get(sid)!.department }))) };
}

describe("held-run decisions", () => {
  it("an approval that fails part-way still records who approved it (the writes that landed are attributable)", async () => {
    const { solutionId, integrationId, linked } = await syncedDemoIntegration(world);
    const { held, picked, restore } = await holdByClearing(solutionId, integrationId, linked);
    const admin = await account();
    // The step after the field batches (stamping links) fails: the clears have landed by then.
    const fn = `fail_stamp_${integrationId.replace(/[^a-z0-9]/gi, "")}`.slice(0, 60);
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger AS $$ BEGIN
      IF NEW."integrationId" = '${integrationId}' AND NEW."lastResult" = 'OK' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER ${fn} BEFORE UPDATE ON "Link" FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      await expect(approveHeldRun({ runId: held.runId, integrationId, solutionId, accountId: admin.id }, world.config)).rejects.toThrow();
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER ${fn} ON "Link"`);
      await restore();
    }
    const users = await switchboardUsers(solutionId);
    // The approval did write: the departments are gone and the history shows it.
    for (const [sid] of picked) expect(users.get(sid)!.department).toBeNull();
    expect((await runChanges(held.runId)).length).toBe(picked.length);
    expect(await runRow(held.runId)).toMatchObject({ status: "FAILED" });
    // Who made that decision?
    const events = await db.auditEvent.findMany({ where: { target: held.runId } });
    expect(events).toEqual([expect.objectContaining({ action: "sync.approve", accountId: admin.id })]);
  });

  it("approving links nobody to an Entra user that a later 'sync now' found disabled", async () => {
    const { solutionId, integrationId, linked } = await syncedDemoIntegration(world);
    // A new switchboard user and a new Entra user with its number: the next plan links them.
    const sid = uniqueId("sb");
    const raw = "070-999 12 34";
    await db.switchboardUser.create({ data: { id: sid, solutionId, displayName: "Old Name", title: "Keep me" } });
    await db.phoneNumber.create({ data: { solutionId, userId: sid, ...storedNumber(raw, "SE") } });
    const entra = await world.emulator.control.createUser(DEMO_TENANT.id, { displayName: "Ny Person", mobilePhone: "+46709991234", jobTitle: "From Entra" });
    const { held, restore } = await holdByClearing(solutionId, integrationId, linked);
    try {
      const plan = await unpackPlan((await runRow(held.runId)).heldPlan!);
      expect(plan.links.create.map((l) => l.switchboardUserId)).toContain(sid);
      // The person leaves: disabled in Entra, and the admin syncs that user now (a newer read).
      await world.emulator.control.disableUser(DEMO_TENANT.id, entra.id);
      expect(await sync(world, { integrationId, trigger: "SINGLE_USER", objectId: entra.id })).toMatchObject({ status: "SUCCEEDED" });
      expect((await links(integrationId)).has(sid)).toBe(false);

      await approveHeldRun({ runId: held.runId, integrationId, solutionId, accountId: null }, world.config);
      // The newer read said this Entra user is gone: the older plan must not link it or write its fields.
      const row = (await switchboardUsers(solutionId)).get(sid)!;
      expect({ linked: (await links(integrationId)).has(sid), title: row.title, displayName: row.displayName }).toEqual({ linked: false, title: "Keep me", displayName: "Old Name" });
    } finally {
      await restore();
    }
  });
});
