import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT, demoPeople } from "@/lib/demo/demo-directory";
import { normaliseNumber } from "@/lib/sync/core/normalise-number";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { links, runChanges, sync } from "@/lib/testing/sync-state";

// Rule 10 through the whole engine on PostgreSQL: limited users are created with their numbers and a
// LIMITED link, their numbers follow Entra, and they go when the Entra user does. Without this, the
// write path for limited users (their own batches, number rows and history) was only ever planned,
// never written, in a test.

const world = useSyncWorld();

const e164 = (raw: string) => {
  const parsed = normaliseNumber(raw, "SE");
  if (!parsed.ok) throw new Error(`not a number: ${raw}`);
  return parsed.e164;
};

/** Enabled Entra-only people whose mobile nobody else has: each a limited user with exactly that number. */
function entraOnlyPeople() {
  const taken = demoPeople().flatMap((p) => [
    ...(p.switchboard?.numbers ?? []),
    ...(p.entra ? [p.entra.mobilePhone, ...p.entra.businessPhones].filter((n): n is string => !!n) : []),
  ]);
  return demoPeople()
    .filter(
      (p) => !p.switchboard && p.entra?.accountEnabled && p.entra.mobilePhone && p.entra.businessPhones.length === 0 &&
        taken.filter((n) => normaliseNumber(n, "SE").ok && e164(n) === e164(p.entra!.mobilePhone!)).length === 1,
    )
    .map((p) => p.entra!);
}

function entraOnlyPerson() {
  const [person] = entraOnlyPeople();
  if (!person) throw new Error("the demo tenant has no Entra-only person with a number of their own");
  return person;
}

async function limitedUserOf(integrationId: string, objectId: string) {
  const link = [...(await links(integrationId)).values()].find((l) => l.objectId === objectId);
  if (!link) return null;
  const user = await db.switchboardUser.findUniqueOrThrow({ where: { id: link.switchboardUserId }, include: { numbers: true } });
  return { link, user };
}

describe("limited users, written (rule 10)", () => {
  it("are created with their numbers, follow a new Entra number, and are removed when the Entra user is disabled", async () => {
    const solution = await createDemoSolution();
    const integration = await createIntegration(world, solution.id);
    await db.integration.update({ where: { id: integration.id }, data: { limitedUsersMode: "ALL" } });
    const person = entraOnlyPerson();

    const first = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
    expect(first.status).toBe("SUCCEEDED");
    const created = await limitedUserOf(integration.id, person.id);
    expect(created?.link.origin).toBe("LIMITED");
    expect(created?.user).toMatchObject({ kind: "LIMITED", displayName: person.displayName, sourceIntegrationId: integration.id });
    expect(created?.user.numbers.map((n) => n.e164)).toEqual([e164(person.mobilePhone!)]);
    const limitedCount = await db.switchboardUser.count({ where: { solutionId: solution.id, kind: "LIMITED" } });
    expect(limitedCount).toBeGreaterThan(0);
    expect((await runChanges(first.runId)).filter((c) => c.kind === "LIMITED_CREATE")).toHaveLength(limitedCount);

    // Entra gives the person a new mobile: the limited user's number row follows, the old one goes.
    const newMobile = "+46 70 999 12 34";
    await world.emulator.control.updateUser(DEMO_TENANT.id, person.id, { mobilePhone: newMobile });
    const renumbered = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
    expect(renumbered.status).toBe("SUCCEEDED");
    const after = await limitedUserOf(integration.id, person.id);
    expect(after?.user.id).toBe(created!.user.id);
    expect(after?.user.numbers.map((n) => n.e164)).toEqual([e164(newMobile)]);
    expect(await db.phoneNumber.count({ where: { solutionId: solution.id, e164: e164(person.mobilePhone!) } })).toBe(0);

    // Disabled in Entra: the limited user and its link are removed, and the run says so.
    await world.emulator.control.disableUser(DEMO_TENANT.id, person.id);
    const removed = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
    expect(removed.status).toBe("SUCCEEDED");
    expect(await limitedUserOf(integration.id, person.id)).toBeNull();
    expect(await db.switchboardUser.count({ where: { id: created!.user.id } })).toBe(0);
    expect((await runChanges(removed.runId)).filter((c) => c.kind === "LIMITED_REMOVE").map((c) => c.objectId)).toEqual([person.id]);
    expect(await db.switchboardUser.count({ where: { solutionId: solution.id, kind: "LIMITED" } })).toBe(limitedCount - 1);
  });
});

describe("limited users chosen by a filter (rule 10)", () => {
  it("adds exactly the Entra-only users the admin's filter selects, and none of the others", async () => {
    // Not the person the test above disabled; and at least one more the filter must leave out.
    const candidates = entraOnlyPeople().slice(1);
    expect(candidates.length).toBeGreaterThan(1);
    const chosen = candidates[0];
    const solutionId = (await createDemoSolution()).id;
    const integrationId = (await createIntegration(world, solutionId)).id;
    await db.integration.update({
      where: { id: integrationId },
      data: { limitedUsersMode: "QUERY", limitedUsersFilter: `userPrincipalName eq '${chosen.userPrincipalName}'` },
    });

    const result = await sync(world, { integrationId, trigger: "SETUP" });
    expect(result).toMatchObject({ status: "SUCCEEDED", error: null });
    const limited = [...(await links(integrationId)).values()].filter((l) => l.origin === "LIMITED").map((l) => l.objectId);
    expect(limited).toEqual([chosen.id]);
    expect(await db.switchboardUser.count({ where: { solutionId, kind: "LIMITED" } })).toBe(1);
  });
});

describe("a limited-users filter Graph refuses (rule 12)", () => {
  // https://learn.microsoft.com/en-us/graph/aad-advanced-queries — an unknown property in $filter is a 400
  it("fails the run with Graph's code and says so, while everything else is still synced", async () => {
    const solutionId = (await createDemoSolution()).id;
    const integrationId = (await createIntegration(world, solutionId)).id;
    await db.integration.update({ where: { id: integrationId }, data: { limitedUsersMode: "QUERY", limitedUsersFilter: "favouriteColour eq 'green'" } });

    const result = await sync(world, { integrationId, trigger: "SETUP" });
    expect(result).toMatchObject({ status: "FAILED", complete: true, error: { code: "Request_BadRequest" } });
    const integration = await db.integration.findUniqueOrThrow({ where: { id: integrationId } });
    expect(integration.status).toBe("ERROR");
    expect(integration.statusCode).toBe("Request_BadRequest");
    expect(integration.statusMessage).toMatch(/^Limited users were not updated: .*favouriteColour/);
    expect(integration.statusMessage).toContain("check the limited-users filter");
    // The rest of the sync went through: the switchboard's people are linked; no limited user was made.
    expect((await links(integrationId)).size).toBeGreaterThan(0);
    expect(await db.switchboardUser.count({ where: { solutionId, kind: "LIMITED" } })).toBe(0);
    // A filter does not fix itself: not retried at the next tick (the admin's change makes it due).
    expect(integration.nextSyncAt!.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);

    // Fixed by the admin: the next run adds the limited users and shows OK.
    await db.integration.update({ where: { id: integrationId }, data: { limitedUsersFilter: "accountEnabled eq true", configVersion: { increment: 1 } } });
    expect(await sync(world, { integrationId, trigger: "CONFIG_CHANGE", mode: "AUTO" })).toMatchObject({ status: "SUCCEEDED", mode: "FULL" });
    expect(await db.integration.findUniqueOrThrow({ where: { id: integrationId } })).toMatchObject({ status: "OK", statusCode: null });
    expect(await db.switchboardUser.count({ where: { solutionId, kind: "LIMITED" } })).toBeGreaterThan(0);
  });

  it("once refused, the next scheduled run asks again with a full read instead of a delta round that would show OK", async () => {
    const solutionId = (await createDemoSolution()).id;
    const integrationId = (await createIntegration(world, solutionId)).id;
    await db.integration.update({ where: { id: integrationId }, data: { limitedUsersMode: "QUERY", limitedUsersFilter: "accountEnabled eq true" } });
    expect(await sync(world, { integrationId, trigger: "SETUP" })).toMatchObject({ status: "SUCCEEDED" });
    // Graph starts refusing the saved filter (no configuration change on our side).
    await db.integration.update({ where: { id: integrationId }, data: { limitedUsersFilter: "favouriteColour eq 'green'" } });
    expect(await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" })).toMatchObject({ status: "FAILED", error: { code: "Request_BadRequest" } });

    const next = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(next).toMatchObject({ status: "FAILED", mode: "FULL", error: { code: "Request_BadRequest" } });
    expect((await db.integration.findUniqueOrThrow({ where: { id: integrationId } })).status).toBe("ERROR");
  });

  it("a number that moved in Entra from one limited user to another is theirs after one sync", async () => {
    const solution = await createDemoSolution();
    const integration = await createIntegration(world, solution.id);
    await db.integration.update({ where: { id: integration.id }, data: { limitedUsersMode: "ALL" } });
    // Not the person the first test disables.
    const [, giver, taker] = entraOnlyPeople();
    expect((await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" })).status).toBe("SUCCEEDED");
    const moved = e164(giver.mobilePhone!);
    try {
      await world.emulator.control.updateUser(DEMO_TENANT.id, giver.id, { mobilePhone: null });
      await world.emulator.control.updateUser(DEMO_TENANT.id, taker.id, { mobilePhone: giver.mobilePhone });
      expect((await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" })).status).toBe("SUCCEEDED");
      expect((await limitedUserOf(integration.id, giver.id))!.user.numbers).toEqual([]);
      expect((await limitedUserOf(integration.id, taker.id))!.user.numbers.map((n) => n.e164)).toEqual([moved]);
    } finally {
      await world.emulator.control.updateUser(DEMO_TENANT.id, giver.id, { mobilePhone: giver.mobilePhone });
      await world.emulator.control.updateUser(DEMO_TENANT.id, taker.id, { mobilePhone: taker.mobilePhone });
    }
  });
});
