import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { storedNumber } from "@/lib/sync/core/normalise-number";
import { uniqueId } from "@/lib/testing/fixtures";
import { createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { links, runRow, sync } from "@/lib/testing/sync-state";

// A switchboard number is stored without its E.164 while it is not normalised yet, and for good when
// it is a second spelling of a number another switchboard user holds (the unique (solution, e164)
// index keeps only the first). A whole plan reads the raw text and sees it; delta rounds, quiet full
// syncs and "sync now" find switchboard users by stored E.164. Without these tests a partial run
// could link a user a whole plan holds in a conflict (rules 1, 5), or add a limited user for someone
// the switchboard already has (rule 10).

const world = useSyncWorld();

type BoardNumber = { raw: string; normalised: boolean };
type Setup = { entra: Record<string, string | null>; board: Record<string, BoardNumber[]>; limited?: "ALL" };

const stored = (n: BoardNumber, solutionId: string) => ({ solutionId, ...(n.normalised ? storedNumber(n.raw, "SE") : { raw: n.raw, e164: null }) });

/** Its own tenant, and its own solution unless given one, with these Entra users (key → mobile) and switchboard users, after the setup sync. */
async function scenario({ entra, board, limited }: Setup, solutionId?: string) {
  const domain = `${uniqueId("t")}.onmicrosoft.com`;
  const tenant = await world.emulator.control.createTenant({ users: 0, domain });
  const ids = new Map<string, string>();
  for (const [key, mobilePhone] of Object.entries(entra)) {
    const user = await world.emulator.control.createUser(tenant.id, { displayName: key, jobTitle: `T-${key}`, mailNickname: key, mobilePhone, businessPhones: [] });
    ids.set(key, user.id);
  }
  solutionId ??= (await db.solution.create({ data: { id: uniqueId("unnorm"), name: "Unnormalised AB", region: "SE" } })).id;
  const sb = new Map<string, string>();
  for (const [key, numbers] of Object.entries(board)) {
    const user = await db.switchboardUser.create({ data: { solutionId, displayName: `SB ${key}`, numbers: { create: numbers.map((n) => stored(n, solutionId!)) } } });
    sb.set(key, user.id);
  }
  const integration = await createIntegration(world, solutionId, { tenantId: domain });
  if (limited) await db.integration.update({ where: { id: integration.id }, data: { limitedUsersMode: limited } });
  expect((await sync(world, { integrationId: integration.id, trigger: "SETUP", mode: "FULL" })).status).toBe("SUCCEEDED");
  return { tenant: tenant.id, ids, sb, solutionId, integrationId: integration.id };
}

type Scenario = Awaited<ReturnType<typeof scenario>>;

/** What the run decided, by the scenario's keys: links (switchboard user → Entra user, or LIMITED) and the open conflicts' kinds. */
async function outcome(s: Scenario, runId: string) {
  const keyOf = (map: Map<string, string>, id: string) => [...map].find(([, v]) => v === id)?.[0] ?? "new limited user";
  const linked = [...(await links(s.integrationId))].map(([sid, l]) => `${keyOf(s.sb, sid)} ← ${keyOf(s.ids, l.objectId)} (${l.origin})`).sort();
  const details = (await runRow(runId)).details as { conflicts: { kind: string }[] };
  return { linked, conflicts: details.conflicts.map((c) => c.kind).sort() };
}

/** A whole-directory full sync: the fingerprint dropped, so it cannot take the quiet path. */
async function wholeFullSync(s: Scenario) {
  await db.integration.update({ where: { id: s.integrationId }, data: { switchboardFingerprint: null } });
  const run = await sync(world, { integrationId: s.integrationId, trigger: "MANUAL", mode: "FULL" });
  expect(run).toMatchObject({ status: "SUCCEEDED", mode: "FULL" });
  expect(run.phases).not.toHaveProperty("scope");
  return outcome(s, run.runId);
}

const deltaRound = async (s: Scenario) => {
  const run = await sync(world, { integrationId: s.integrationId, trigger: "SCHEDULE", mode: "AUTO" });
  expect(run).toMatchObject({ status: "SUCCEEDED", mode: "DELTA" });
  return outcome(s, run.runId);
};

const quietFullSync = async (s: Scenario) => {
  const run = await sync(world, { integrationId: s.integrationId, trigger: "SCHEDULE", mode: "FULL" });
  expect(run).toMatchObject({ status: "SUCCEEDED", mode: "FULL" });
  expect(run.phases).toHaveProperty("scope"); // planned only the changed user
  return outcome(s, run.runId);
};

const syncNow = (objectKey: string) => async (s: Scenario) => {
  const run = await sync(world, { integrationId: s.integrationId, trigger: "MANUAL", objectId: s.ids.get(objectKey)! });
  expect(run).toMatchObject({ status: "SUCCEEDED", mode: "SINGLE_USER" });
  return outcome(s, run.runId);
};

// SB A holds 070-123 45 67 with its E.164; SB B the same number spelled "+46 70 123 45 67", whose
// E.164 can never be stored. Alice is then given that number in Entra.
const twoSpellings: Setup = {
  entra: { alice: "070-999 99 01" },
  board: { A: [{ raw: "070-123 45 67", normalised: true }], B: [{ raw: "+46 70 123 45 67", normalised: false }] },
};
const aliceTakesTheNumber = (s: Scenario) => world.emulator.control.updateUser(s.tenant, s.ids.get("alice")!, { mobilePhone: "070-123 45 67" });

describe("switchboard numbers stored without E.164, in partial runs (rules 1, 5, 10)", () => {
  it("rules 1, 5: a number spelled two ways on two switchboard users is a duplicate in a whole full sync: nobody is linked", async () => {
    const s = await scenario(twoSpellings);
    const unstored = await db.phoneNumber.findFirstOrThrow({ where: { userId: s.sb.get("B")! }, select: { e164: true } });
    expect(unstored.e164).toBeNull(); // the setup sync could not store it: SB A's number has that E.164
    await aliceTakesTheNumber(s);
    expect(await wholeFullSync(s)).toEqual({ linked: [], conflicts: ["SWITCHBOARD_DUPLICATE"] });
  });

  for (const [name, partial] of [
    ["a delta round", deltaRound],
    ["a quiet full sync", quietFullSync],
    ["a 'sync now' for the user", syncNow("alice")],
  ] as const) {
    it(`rules 1, 5: ${name} decides as a whole full sync when one spelling of the number has no stored E.164`, async () => {
      const [partialRun, wholeRun] = [await scenario(twoSpellings), await scenario(twoSpellings)];
      await aliceTakesTheNumber(partialRun);
      await aliceTakesTheNumber(wholeRun);
      expect(await partial(partialRun)).toEqual(await wholeFullSync(wholeRun));
    });
  }

  it("rule 10: a delta round links a new hire to the switchboard user whose number is not normalised yet, as a whole full sync does, rather than adding a limited user", async () => {
    const hire = async () => {
      const s = await scenario({ entra: { alice: "070-999 99 02" }, board: {}, limited: "ALL" });
      const bob = await world.emulator.control.createUser(s.tenant, { displayName: "bob", jobTitle: "T-bob", mailNickname: "bob", mobilePhone: "070-555 12 34", businessPhones: [] });
      s.ids.set("bob", bob.id);
      // The switchboard adds bob's licensed user; the number waits for a sync to normalise it.
      const sbBob = await db.switchboardUser.create({ data: { solutionId: s.solutionId, displayName: "SB Bob", numbers: { create: [stored({ raw: "070-555 12 34", normalised: false }, s.solutionId)] } } });
      s.sb.set("Bob", sbBob.id);
      return s;
    };
    const [partialRun, wholeRun] = [await hire(), await hire()];
    const whole = await wholeFullSync(wholeRun);
    expect(whole.linked).toEqual(["Bob ← bob (AUTO)", "new limited user ← alice (LIMITED)"]);
    expect(await deltaRound(partialRun)).toEqual(whole);
  });

  it("rule 5: a number another integration's linked user holds without stored E.164 is that integration's, in a whole full sync and in a delta round", async () => {
    const crossed = async () => {
      // The other integration (its own tenant) links SB C through carol's mobile.
      const other = await scenario({ entra: { carol: "070-777 77 01" }, board: { C: [{ raw: "070-777 77 01", normalised: true }] } });
      const s = await scenario({ entra: { alice: "070-999 99 03" }, board: {} }, other.solutionId);
      s.sb.set("C", other.sb.get("C")!);
      // SB C gets a second number, not normalised yet; alice is given it in Entra.
      await db.phoneNumber.create({ data: { userId: other.sb.get("C")!, ...stored({ raw: "070-777 77 02", normalised: false }, s.solutionId) } });
      await world.emulator.control.updateUser(s.tenant, s.ids.get("alice")!, { mobilePhone: "070-777 77 02" });
      return s;
    };
    const expected = { linked: [], conflicts: ["CROSS_INTEGRATION"] };
    expect(await wholeFullSync(await crossed())).toEqual(expected);
    expect(await deltaRound(await crossed())).toEqual(expected);
  });
});
