import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { storedNumber } from "@/lib/sync/core/normalise-number";
import { uniqueId } from "@/lib/testing/fixtures";
import { createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { sync } from "@/lib/testing/sync-state";

// Rule 10 ("kept in sync like any other linked user") and the quiet/delta promise ("the same result
// a whole plan would"): a limited user whose Entra user has no phone number is only reachable from
// its Entra user through its LIMITED link. When that Entra user is deleted or disabled, a delta
// round, a quiet full sync or a "sync now" must remove the limited user as a whole plan does.

const world = useSyncWorld();

async function setup() {
  const domain = `${uniqueId("t")}.onmicrosoft.com`;
  const tenant = (await world.emulator.control.createTenant({ users: 0, domain })).id;
  const phoneless = await world.emulator.control.createUser(tenant, { displayName: "No Phone", mailNickname: "nophone", jobTitle: "Clerk", mobilePhone: null, businessPhones: [] });
  const other = await world.emulator.control.createUser(tenant, { displayName: "Other", mailNickname: "other", jobTitle: "Boss", mobilePhone: "070-200 00 01", businessPhones: [] });
  const solutionId = (await db.solution.create({ data: { id: uniqueId("lim"), name: "Limited AB", region: "SE" } })).id;
  await db.switchboardUser.create({ data: { solutionId, displayName: "SB", numbers: { create: [{ solutionId, ...storedNumber("070-200 00 01", "SE") }] } } });
  const integrationId = (await createIntegration(world, solutionId, { tenantId: domain })).id;
  await db.integration.update({ where: { id: integrationId }, data: { limitedUsersMode: "ALL" } });
  const first = await sync(world, { integrationId, trigger: "SETUP", mode: "FULL" });
  expect(first.status).toBe("SUCCEEDED");
  const limited = await db.link.findFirstOrThrow({ where: { integrationId, objectId: phoneless.id, origin: "LIMITED" } });
  return { tenant, integrationId, phoneless: phoneless.id, other: other.id, limitedUserId: limited.switchboardUserId };
}

type Setup = Awaited<ReturnType<typeof setup>>;
const limitedUserExists = async (id: string) => (await db.switchboardUser.count({ where: { id } })) === 1;

describe("a limited user without numbers whose Entra user is gone", () => {
  it("is removed by a quiet full sync, as a whole plan removes it (rules 10, 11)", async () => {
    const s = await setup();
    await world.emulator.control.disableUser(s.tenant, s.phoneless);
    const run = await sync(world, { integrationId: s.integrationId, trigger: "SCHEDULE", mode: "FULL" });
    expect(run).toMatchObject({ status: "SUCCEEDED", mode: "FULL", complete: true });
    expect(await limitedUserExists(s.limitedUserId)).toBe(false);
  });

  it.each([
    { gone: "deleted", remove: (s: Setup) => world.emulator.control.deleteUser(s.tenant, s.phoneless, "hard") },
    { gone: "disabled", remove: (s: Setup) => world.emulator.control.disableUser(s.tenant, s.phoneless) },
  ])("is removed by a delta round that reads the account $gone (rule 10)", async ({ remove }) => {
    const s = await setup();
    await remove(s);
    const run = await sync(world, { integrationId: s.integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(run).toMatchObject({ status: "SUCCEEDED", mode: "DELTA" });
    expect(await limitedUserExists(s.limitedUserId)).toBe(false);
  });

  it("is removed by a 'sync now' of its Entra user that finds the account disabled (rules 8, 10)", async () => {
    const s = await setup();
    await world.emulator.control.disableUser(s.tenant, s.phoneless);
    const run = await sync(world, { integrationId: s.integrationId, trigger: "SINGLE_USER", objectId: s.phoneless });
    expect(run).toMatchObject({ status: "SUCCEEDED", mode: "SINGLE_USER" });
    expect(await limitedUserExists(s.limitedUserId)).toBe(false);
  });

  it("and a later quiet full sync still removes it when the delta round missed it (no week-long orphan)", async () => {
    const s = await setup();
    await world.emulator.control.deleteUser(s.tenant, s.phoneless, "hard");
    await sync(world, { integrationId: s.integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    const full = await sync(world, { integrationId: s.integrationId, trigger: "SCHEDULE", mode: "FULL" });
    expect(full).toMatchObject({ status: "SUCCEEDED", mode: "FULL" });
    expect(await limitedUserExists(s.limitedUserId)).toBe(false);
  });
});
