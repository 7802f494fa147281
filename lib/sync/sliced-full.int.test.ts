import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { demoExpectations } from "@/lib/testing/demo-expectations";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { integrationRow, links, runChanges, runRow, switchboardUsers, sync, values } from "@/lib/testing/sync-state";
import { heldPlans } from "./held-plan";
import { approveHeldRun } from "./held-runs";
import { chooseNumberOwner } from "./match-choices";

// A full run plans and writes the directory in slices of connected users (sliced-full.ts), so a large
// tenant is never in memory whole. Slicing must not change what a sync does: the same tenant synced
// one user group per slice and all in one slice must leave the switchboard, the links, the run's
// counts and its conflicts exactly alike — through a first sync, Entra changes that free a shared
// number, disable and delete linked users and empty a field, and an admin's pick.

const world = useSyncWorld();
const tenant = DEMO_TENANT.id;

type Side = { solutionId: string; integrationId: string; sliceUsers: number };

async function side(sliceUsers: number): Promise<Side> {
  const solutionId = (await createDemoSolution()).id;
  const integrationId = (await createIntegration(world, solutionId)).id;
  await db.integration.update({ where: { id: integrationId }, data: { limitedUsersMode: "ALL" } });
  return { solutionId, integrationId, sliceUsers };
}

/** What a sync left, with each solution's own ids replaced by what they stand for. */
async function outcome({ solutionId, integrationId }: Side, runId: string) {
  const linkRows = await links(integrationId);
  // Seeded users' ids carry their solution's id; a limited user is named by its Entra user.
  const key = (sid: string) => (sid.includes(solutionId) ? sid.replaceAll(solutionId, "") : `limited:${linkRows.get(sid)?.objectId ?? sid}`);
  const users = [...values(await switchboardUsers(solutionId))].map(([id, { id: _id, ...row }]) => [key(id), row] as const);
  const numbers = await db.phoneNumber.findMany({ where: { solutionId }, select: { userId: true, raw: true, e164: true } });
  const run = await runRow(runId);
  const details = run.details as { conflicts: { key: string }[]; guard: string };
  // Conflicts name switchboard users (and their numbers' row ids) at any depth.
  const conflicts = JSON.parse(
    JSON.stringify(details.conflicts, (name, value) => (name === "phoneNumberId" ? undefined : typeof value === "string" && value.includes(solutionId) ? key(value) : value)),
  ) as { key: string }[];
  return {
    users: users.sort(([a], [b]) => a.localeCompare(b)),
    numbers: numbers.map((n) => ({ ...n, userId: key(n.userId) })).sort((a, b) => `${a.userId}${a.raw}`.localeCompare(`${b.userId}${b.raw}`)),
    links: [...linkRows.values()].map((l) => ({ switchboardUser: key(l.switchboardUserId), objectId: l.objectId, origin: l.origin })).sort((a, b) => a.objectId.localeCompare(b.objectId)),
    run: {
      status: run.status,
      mode: run.mode,
      usersRead: run.usersRead,
      counts: [run.matched, run.updated, run.unchanged, run.cleared, run.linked, run.unlinked, run.limitedAdded, run.limitedRemoved, run.conflicts, run.invalidNumbers],
      guard: details.guard,
      conflicts: conflicts.sort((a, b) => a.key.localeCompare(b.key)),
    },
  };
}

async function syncBoth(sides: Side[], trigger: "SETUP" | "SCHEDULE" | "CONFIG_CHANGE") {
  const results = [];
  for (const s of sides) {
    const result = await sync(world, { integrationId: s.integrationId, trigger, mode: "FULL" }, { sliceUsers: s.sliceUsers });
    expect(result.status).toBe("SUCCEEDED");
    results.push(await outcome(s, result.runId));
  }
  return results;
}

describe("a full sync planned in slices", () => {
  it("leaves the same switchboard, links, counts and conflicts as one plan of the whole directory", async () => {
    const sliced = await side(1); // every group of connected users in a slice of its own
    const whole = await side(1_000_000);
    const expected = demoExpectations();

    const [first, firstWhole] = await syncBoth([sliced, whole], "SETUP");
    expect(first.links.length).toBeGreaterThan(20); // the demo links most of its people
    expect(first.run.conflicts.length).toBeGreaterThan(0); // and has shared numbers waiting
    expect(first.run.counts[6]).toBeGreaterThan(0); // limited users were added
    expect(first).toEqual(firstWhole);

    // Entra changes: a shared number given up by one holder, a linked user disabled, one deleted, a field emptied.
    const linkedIds = new Set(first.links.map((l) => l.objectId));
    const [sharedA, sharedB] = [...expected.shared.values()];
    const holder = (key: string) => expected.people.find((p) => p.key === key)!.entra!;
    await world.emulator.control.updateUser(tenant, holder(sharedA.holders[0]).id, { mobilePhone: null, businessPhones: [] });
    const linkedPeople = expected.people.filter((p) => p.entra && linkedIds.has(p.entra.id) && !sharedA.holders.includes(p.key) && !sharedB?.holders.includes(p.key));
    await world.emulator.control.disableUser(tenant, linkedPeople[0].entra!.id);
    await world.emulator.control.deleteUser(tenant, linkedPeople[1].entra!.id, "hard");
    await world.emulator.control.updateUser(tenant, linkedPeople[2].entra!.id, { jobTitle: "" });
    const [second, secondWhole] = await syncBoth([sliced, whole], "SCHEDULE");
    expect(second.links.map((l) => l.objectId)).toContain(holder(sharedA.holders[1]).id); // the remaining holder is linked now
    expect(second.links.map((l) => l.objectId)).not.toContain(linkedPeople[0].entra!.id);
    expect(second.run.counts[5]).toBeGreaterThan(0); // unlinked
    expect(second).toEqual(secondWhole);

    // An admin's pick for another shared number (rule 5), on both.
    if (sharedB) {
      for (const s of [sliced, whole]) await chooseNumberOwner({ solutionId: s.solutionId, integrationId: s.integrationId, accountId: null, e164: [...expected.shared.keys()][1], objectId: holder(sharedB.holders[0]).id });
      const [third, thirdWhole] = await syncBoth([sliced, whole], "CONFIG_CHANGE");
      expect(third.links.find((l) => l.objectId === holder(sharedB.holders[0]).id)?.origin).toBe("ADMIN");
      expect(third).toEqual(thirdWhole);
    }

    // Limited users turned off: the ones made are removed, and a number only Entra users hold (no
    // switchboard user has it) no longer ties anyone together (slices.ts), on the same outcome.
    for (const s of [sliced, whole]) await db.integration.update({ where: { id: s.integrationId }, data: { limitedUsersMode: "NONE", switchboardFingerprint: null } });
    const fourth = [];
    for (const s of [sliced, whole]) {
      // Removing every limited user is more than the guard lets through unasked: held, then approved.
      const held = await sync(world, { integrationId: s.integrationId, trigger: "CONFIG_CHANGE", mode: "FULL" }, { sliceUsers: s.sliceUsers });
      expect(held.status).toBe("HELD");
      await approveHeldRun({ runId: held.runId, integrationId: s.integrationId, solutionId: s.solutionId, accountId: null }, world.config);
      fourth.push(await outcome(s, held.runId));
    }
    expect(fourth[0].run.counts[7]).toBeGreaterThan(0); // limited users removed
    expect(fourth[0]).toEqual(fourth[1]);
    const [fifth, fifthWhole] = await syncBoth([sliced, whole], "SCHEDULE");
    expect(fifth).toEqual(fifthWhole);
  });
});

describe("the slices' index of Entra numbers", () => {
  // A snapshot row keeps the E.164 numbers its raw numbers had when it was written (e164Numbers,
  // knownE164), and an unchanged user's row is never written again. A raw number that did not parse
  // then (libphonenumber's metadata learns new number ranges with an upgrade) is parsed again by the
  // plan and may parse now: the index must connect the user by it too, or the slices part a user
  // from the switchboard user holding the same number, where one whole plan links them.
  it("connects a user by a raw number its snapshot row could not read when it was written", async () => {
    const { integrationId } = await side(1);
    const first = await sync(world, { integrationId, trigger: "SETUP", mode: "FULL" }, { sliceUsers: 1 });
    expect(first.status).toBe("SUCCEEDED");
    const linked = [...(await links(integrationId)).values()].find((l) => l.origin === "AUTO" && l.phoneNumberId !== null)!;
    // As an older libphonenumber left them: the switchboard user's numbers stored without E.164, the
    // Entra user's row without its numbers; and no link yet (a first sync after the upgrade).
    await db.link.deleteMany({ where: { integrationId } });
    await db.phoneNumber.updateMany({ where: { userId: linked.switchboardUserId }, data: { e164: null } });
    await db.directoryUser.update({
      where: { integrationId_objectId: { integrationId, objectId: linked.objectId } },
      data: { e164Numbers: [], knownE164: {} },
    });
    await db.integration.update({ where: { id: integrationId }, data: { switchboardFingerprint: null } });

    const second = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" }, { sliceUsers: 1 });
    expect(second.status).toBe("SUCCEEDED");
    expect((await links(integrationId)).get(linked.switchboardUserId)?.objectId).toBe(linked.objectId);
  });
});

describe("a held full sync planned in slices", () => {
  it("is stored slice by slice, and approving it applies every slice", async () => {
    const { solutionId, integrationId } = await side(1);
    expect((await sync(world, { integrationId, trigger: "SETUP", mode: "FULL" }, { sliceUsers: 1 })).status).toBe("SUCCEEDED");
    const users = await switchboardUsers(solutionId);
    const picked = [...(await links(integrationId)).values()].filter((l) => l.origin !== "LIMITED" && users.get(l.switchboardUserId)?.department).slice(0, 10);
    expect(picked).toHaveLength(10); // more than 10 % of the linked users: the guard holds the run
    for (const link of picked) await world.emulator.control.updateUser(tenant, link.objectId, { department: null });
    // A whole plan, not a quiet run of the ten changed users (as after a switchboard change).
    await db.integration.update({ where: { id: integrationId }, data: { switchboardFingerprint: null } });

    const held = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" }, { sliceUsers: 1 });
    expect(held.status).toBe("HELD");
    const { heldSlices } = (await runRow(held.runId)).details as { heldSlices?: unknown[] };
    expect(heldSlices?.length).toBeGreaterThan(picked.length); // one slice per group of users
    expect(values(await switchboardUsers(solutionId))).toEqual(values(users));

    await approveHeldRun({ runId: held.runId, integrationId, solutionId, accountId: null }, world.config);
    const after = await switchboardUsers(solutionId);
    for (const link of picked) expect(after.get(link.switchboardUserId)!.department).toBeNull();
    const history = await runChanges(held.runId);
    expect(new Set(history.map((c) => c.switchboardUserId))).toEqual(new Set(picked.map((l) => l.switchboardUserId)));
    // The tenant is shared with the next tests: as it was.
    for (const link of picked) await world.emulator.control.updateUser(tenant, link.objectId, { department: users.get(link.switchboardUserId)!.department });
  });
});

describe("a held full sync planned in slices, approved", () => {
  it("that fails in a later slice keeps what the earlier slices wrote, and leaves the run FAILED, its plan dropped, the integration in ApproveFailed", async () => {
    const { solutionId, integrationId } = await side(1);
    // The tenant as earlier tests left it may already differ enough from the demo switchboard to hold.
    const first = await sync(world, { integrationId, trigger: "SETUP", mode: "FULL" }, { sliceUsers: 1 });
    if (first.status === "HELD") await approveHeldRun({ runId: first.runId, integrationId, solutionId, accountId: null }, world.config);
    else expect(first.status).toBe("SUCCEEDED");
    const users = await switchboardUsers(solutionId);
    const picked = [...(await links(integrationId)).values()].filter((l) => l.origin !== "LIMITED" && users.get(l.switchboardUserId)?.department).slice(0, 10);
    expect(picked).toHaveLength(10);
    for (const link of picked) await world.emulator.control.updateUser(tenant, link.objectId, { department: null });
    await db.integration.update({ where: { id: integrationId }, data: { switchboardFingerprint: null } });
    const held = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" }, { sliceUsers: 1 });
    expect(held.status).toBe("HELD");

    // The slices in the order approval applies them: the last one that clears a department fails.
    const row = await runRow(held.runId);
    const order: string[] = [];
    for await (const plan of heldPlans(row.heldPlan!, (row.details as { heldSlices: [number, number][] }).heldSlices)) order.push(...plan.changes.map((c) => c.switchboardUserId));
    expect(order).toHaveLength(picked.length);
    const failing = order.at(-1)!;
    const fn = `fail_sb_${integrationId.replace(/[^a-z0-9]/gi, "")}`.slice(0, 60);
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger AS $$ BEGIN
      IF NEW.id = '${failing}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER ${fn} BEFORE UPDATE ON "SwitchboardUser" FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      await expect(approveHeldRun({ runId: held.runId, integrationId, solutionId, accountId: null }, world.config)).rejects.toThrow();
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER ${fn} ON "SwitchboardUser"`);
      await db.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
      for (const link of picked) await world.emulator.control.updateUser(tenant, link.objectId, { department: users.get(link.switchboardUserId)!.department });
    }
    const after = await switchboardUsers(solutionId);
    for (const sid of order.slice(0, -1)) expect(after.get(sid)!.department).toBeNull();
    expect(after.get(failing)!.department).toBe(users.get(failing)!.department);
    expect(await runRow(held.runId)).toMatchObject({ status: "FAILED", heldPlan: null });
    expect(await integrationRow(integrationId)).toMatchObject({ status: "ERROR", statusCode: "ApproveFailed" });
    await expect(approveHeldRun({ runId: held.runId, integrationId, solutionId, accountId: null }, world.config)).rejects.toThrow();
  });
});
