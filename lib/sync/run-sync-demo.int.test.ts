import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT, type DemoPerson } from "@/lib/demo/demo-directory";
import { demoExpectations, demoSwitchboardIds, expectedValues, type DemoExpectations } from "@/lib/testing/demo-expectations";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import {
  calm,
  graphRequests,
  integrationRow,
  links,
  runChanges,
  runRow,
  switchboardUsers,
  sync,
  values,
  type SwitchboardRow,
} from "@/lib/testing/sync-state";
import { chooseNumberOwner, chooseUserNumber, clearChoice } from "./match-choices";
import { listDueIntegrations } from "./schedule";
import { DEFAULT_MAPPINGS } from "./default-mappings";

// Without this spec a sync could link the wrong people, guess an owner for a shared number, write
// stale or `<…>`-laden values, clear a field nobody mapped, or rewrite every row on every run —
// and operators would put calls through on wrong data before anyone noticed.

const world = useSyncWorld();
let solutionId: string;
let integrationId: string;
let expected: DemoExpectations;
let sbId: Map<string, string>;
let seeded: Map<string, SwitchboardRow>;
let firstRunId: string;

const person = (key: string): DemoPerson => expected.people.find((p) => p.key === key)!;
const objectIdOf = (key: string) => person(key).entra!.id;

beforeAll(async () => {
  const solution = await createDemoSolution();
  solutionId = solution.id;
  integrationId = (await createIntegration(world, solutionId)).id;
  expected = demoExpectations();
  sbId = demoSwitchboardIds(solutionId);
  seeded = await switchboardUsers(solutionId);
  await calm(world);
  const result = await sync(world, { integrationId, trigger: "SETUP", mode: "AUTO" });
  firstRunId = result.runId;
});

describe("first sync of the demo tenant into the demo switchboard", () => {
  // https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0 — $top 1..999, $select, $filter on accountEnabled
  it("is a complete full read of enabled users only, 999 per page, selecting the mapped properties (rule 2)", async () => {
    const run = await runRow(firstRunId);
    expect(run).toMatchObject({ status: "SUCCEEDED", mode: "FULL", complete: true, errorCode: null });
    const read = (await graphRequests(world)).find((e) => e.route === "GET /v1.0/users")!;
    const query = new URLSearchParams(read.query);
    expect(query.get("$top")).toBe("999");
    expect(query.get("$filter")).toBe("accountEnabled eq true");
    expect(query.get("$select")!.split(",")).toEqual(
      expect.arrayContaining(["id", "userPrincipalName", "displayName", "accountEnabled", "mobilePhone", "businessPhones", "jobTitle", "department", "onPremisesExtensionAttributes"]),
    );
    const integration = await integrationRow(integrationId);
    expect(integration).toMatchObject({ status: "OK", statusCode: null });
    expect(integration.lastFullSyncAt).not.toBeNull();
    expect(integration.deltaLink).toMatch(/\/users\/delta\?/);
  });

  it("links exactly the switchboard users whose number one enabled Entra user holds, and no one else (rules 1, 6)", async () => {
    const want = new Map([...expected.links].map(([sbKey, entraKey]) => [sbId.get(sbKey)!, objectIdOf(entraKey)]));
    const got = new Map([...(await links(integrationId))].map(([sid, l]) => [sid, l.objectId]));
    expect(got).toEqual(want);
    expect([...(await links(integrationId)).values()].every((l) => l.origin === "AUTO")).toBe(true);
    const run = await runRow(firstRunId);
    expect(run).toMatchObject({ matched: want.size, linked: want.size, unlinked: 0 });
    // National, international, `00` and dashed spellings all matched (rule 1): at least one of each kind is in the demo.
    const spellings = [...expected.links.keys()].flatMap((k) => person(k).switchboard!.numbers);
    expect(spellings.some((n) => n.startsWith("0046"))).toBe(true);
    expect(spellings.some((n) => n.startsWith("+"))).toBe(true);
    expect(spellings.some((n) => /^0[1-9]/.test(n))).toBe(true);
  });

  it("writes every mapped field from the linked Entra user, with <…> removed (rules 3, 4)", async () => {
    const users = await switchboardUsers(solutionId);
    for (const [sbKey, entraKey] of expected.links) {
      const row = users.get(sbId.get(sbKey)!)!;
      expect({ who: sbKey, ...row }).toMatchObject({ who: sbKey, ...expectedValues(person(entraKey).entra!, DEFAULT_MAPPINGS) });
      for (const value of [row.displayName, row.title, row.department, row.location, row.company, ...row.tags]) expect(value ?? "").not.toMatch(/[<>]/);
    }
    // The demo carries `<…>` in titles and departments on purpose; those users must be among the linked ones.
    const bracketed = [...expected.links.values()].filter((k) => /</.test(`${person(k).entra!.jobTitle} ${person(k).entra!.department}`));
    expect(bracketed.length).toBeGreaterThan(0);
  });

  it("clears a mapped field whose Entra value is empty (rule 3)", async () => {
    const users = await switchboardUsers(solutionId);
    const cleared = [...expected.links].filter(([sbKey, entraKey]) => person(entraKey).entra!.jobTitle === null && seeded.get(sbId.get(sbKey)!)!.title !== null);
    expect(cleared.length).toBeGreaterThan(0);
    for (const [sbKey] of cleared) expect(users.get(sbId.get(sbKey)!)!.title).toBeNull();
    // The run that links a user records the link and its field changes as one history row.
    const records = (await runChanges(firstRunId)).filter((c) => c.switchboardUserId === sbId.get(cleared[0][0]));
    expect(records.map((r) => r.kind)).toEqual(["LINK"]);
    expect(records[0].fields).toEqual(expect.arrayContaining([{ field: "title", before: seeded.get(sbId.get(cleared[0][0])!)!.title, after: null }]));
  });

  it("leaves every switchboard user it did not link exactly as it was", async () => {
    const users = await switchboardUsers(solutionId);
    const linked = new Set([...expected.links.keys()].map((k) => sbId.get(k)));
    const untouched = [...seeded.keys()].filter((id) => !linked.has(id));
    expect(untouched.length).toBeGreaterThan(0);
    for (const id of untouched) expect(users.get(id)).toEqual(seeded.get(id));
  });

  it("skips disabled Entra users: no link, no snapshot row, their switchboard entry untouched (rule 2)", async () => {
    expect(expected.disabled.length).toBeGreaterThan(0);
    const linkedObjects = new Set([...(await links(integrationId)).values()].map((l) => l.objectId));
    const snapshot = await db.directoryUser.findMany({ where: { integrationId }, select: { objectId: true } });
    for (const p of expected.disabled) {
      expect(linkedObjects.has(p.entra!.id)).toBe(false);
      expect(snapshot.some((s) => s.objectId === p.entra!.id)).toBe(false);
      if (p.switchboard) expect((await switchboardUsers(solutionId)).get(sbId.get(p.key)!)).toEqual(seeded.get(sbId.get(p.key)!));
    }
  });

  it("records each shared number as an open conflict and links nobody through it (rule 5)", async () => {
    expect(expected.shared.size).toBeGreaterThan(0);
    const details = (await runRow(firstRunId)).details as { conflicts: { kind: string; e164?: string; objectIds?: string[]; state: string }[] };
    const current = await links(integrationId);
    for (const [e164, { holders, switchboardKeys }] of expected.shared) {
      const conflict = details.conflicts.find((c) => c.kind === "SHARED_NUMBER" && c.e164 === e164);
      expect(conflict, e164).toMatchObject({ state: "OPEN" });
      expect([...conflict!.objectIds!].sort()).toEqual(holders.map(objectIdOf).sort());
      for (const key of switchboardKeys) {
        const id = sbId.get(key)!;
        if (!expected.links.has(key)) expect(current.has(id)).toBe(false);
        else expect(current.get(id)!.objectId).toBe(objectIdOf(expected.links.get(key)!));
      }
    }
    expect((await integrationRow(integrationId)).statusMessage).toMatch(new RegExp(`${details.conflicts.length} conflicts wait for your choice`));
  });
});

describe("runs after the first", () => {
  it("a second run with no changes writes no row, full or delta", async () => {
    const before = await stateOf();
    for (const mode of ["FULL", "AUTO"] as const) {
      const result = await sync(world, { integrationId, trigger: "MANUAL", mode });
      expect(result).toMatchObject({ status: "SUCCEEDED", mode: mode === "FULL" ? "FULL" : "DELTA", complete: true });
      expect(result.writes).toEqual({ switchboardUsers: 0, numbers: 0, links: 0, changeRecords: 0, skipped: 0 });
      const run = await runRow(result.runId);
      expect(run).toMatchObject({ updated: 0, cleared: 0, linked: 0, unlinked: 0, limitedAdded: 0, limitedRemoved: 0 });
      if (mode === "FULL") expect(run.unchanged).toBe(expected.links.size);
      expect(await runChanges(result.runId)).toEqual([]);
      expect(await stateOf()).toEqual(before);
    }
  });

  it("an admin's choice for a shared number links the chosen user on the next run, and only that number (rule 5)", async () => {
    const [e164, { holders, switchboardKeys }] = [...expected.shared].find(([, s]) => s.switchboardKeys.some((k) => !expected.links.has(k)))!;
    const switchboardKey = switchboardKeys.find((k) => !expected.links.has(k))!;
    const linkedEntra = new Set(expected.links.values());
    const chosen = holders.find((h) => !linkedEntra.has(h))!;
    // Refused: someone who does not hold the number; another customer's integration.
    const bystander = [...expected.links.values()].find((k) => !holders.includes(k))!;
    await expect(chooseNumberOwner({ solutionId, integrationId, accountId: null, e164, objectId: objectIdOf(bystander) })).rejects.toThrow("does not have this number");
    const otherSolution = (await createDemoSolution()).id;
    await expect(chooseNumberOwner({ solutionId: otherSolution, integrationId, accountId: null, e164, objectId: objectIdOf(chosen) })).rejects.toThrow("does not exist");
    await expect(chooseNumberOwner({ solutionId, integrationId, accountId: null, e164: "0701234567", objectId: objectIdOf(chosen) })).rejects.toThrow("international format");
    expect(await db.matchChoice.count({ where: { integrationId } })).toBe(0);

    await chooseNumberOwner({ solutionId, integrationId, accountId: null, e164, objectId: objectIdOf(chosen) });
    expect(await db.auditEvent.count({ where: { action: "choice.set", target: integrationId } })).toBe(1);
    // The choice changes the plan: due at once, and the run reads everything.
    expect((await listDueIntegrations(new Date(), 1_000)).map((i) => i.id)).toContain(integrationId);
    const before = await switchboardUsers(solutionId);

    const result = await sync(world, { integrationId, trigger: "MANUAL", mode: "AUTO" });
    expect(result.mode).toBe("FULL");
    expect(result.status).toBe("SUCCEEDED");
    const current = await links(integrationId);
    expect(current.get(sbId.get(switchboardKey)!)).toMatchObject({ objectId: objectIdOf(chosen), origin: "ADMIN" });
    const after = await switchboardUsers(solutionId);
    expect(after.get(sbId.get(switchboardKey)!)).toMatchObject(expectedValues(person(chosen).entra!, DEFAULT_MAPPINGS));
    // Every other shared number still waits; no one else was written.
    for (const [other, { switchboardKeys: keys }] of expected.shared) {
      if (other === e164) continue;
      for (const key of keys.filter((k) => !expected.links.has(k))) expect(current.has(sbId.get(key)!)).toBe(false);
    }
    for (const [id, row] of after) if (id !== sbId.get(switchboardKey)) expect(row).toEqual(before.get(id));
    const conflicts = ((await runRow(result.runId)).details as { conflicts: { kind: string; e164?: string }[] }).conflicts;
    expect(conflicts.some((c) => c.kind === "SHARED_NUMBER" && c.e164 === e164)).toBe(false);

    // Withdrawn: the number waits for a choice again from the next run (a full read), which says so.
    await clearChoice({ solutionId, integrationId, accountId: null, kind: "NUMBER_OWNER", key: e164 });
    await expect(clearChoice({ solutionId, integrationId, accountId: null, kind: "NUMBER_OWNER", key: e164 })).rejects.toThrow("no such choice");
    await world.emulator.control.updateUser(DEMO_TENANT.id, objectIdOf(chosen), { jobTitle: "Changed after the choice was withdrawn" });
    const reopened = await sync(world, { integrationId, trigger: "MANUAL", mode: "AUTO" });
    expect(reopened).toMatchObject({ status: "SUCCEEDED", mode: "FULL" });
    const open = ((await runRow(reopened.runId)).details as { conflicts: { kind: string; e164?: string }[] }).conflicts;
    expect(open.some((c) => c.kind === "SHARED_NUMBER" && c.e164 === e164)).toBe(true);
    // Nothing is written through that number until an admin picks again.
    expect((await switchboardUsers(solutionId)).get(sbId.get(switchboardKey)!)!.title).not.toBe("Changed after the choice was withdrawn");
    // Put back for the tests that follow, which expect the chosen link and Entra as it was.
    await world.emulator.control.updateUser(DEMO_TENANT.id, objectIdOf(chosen), { jobTitle: person(chosen).entra!.jobTitle });
    await chooseNumberOwner({ solutionId, integrationId, accountId: null, e164, objectId: objectIdOf(chosen) });
    expect((await sync(world, { integrationId, trigger: "MANUAL", mode: "AUTO" })).status).toBe("SUCCEEDED");
    expect(values(await switchboardUsers(solutionId))).toEqual(values(after));
  });

  it("an admin's pick of which of an Entra user's numbers maps moves the link to that number's entry (rule 6)", async () => {
    // Per Magnusson's mobile is on his own entry, his business number on the Malmö reception's.
    const per = person("per.magnusson").entra!;
    const current = await links(integrationId);
    expect(current.get(sbId.get("per.magnusson")!)?.objectId).toBe(per.id); // the automatic rule: mobile first
    const reception = await db.phoneNumber.findFirstOrThrow({ where: { userId: sbId.get("reception.malmo")! }, select: { e164: true } });

    await chooseUserNumber({ solutionId, integrationId, accountId: null, objectId: per.id, e164: reception.e164! });
    const moved = await sync(world, { integrationId, trigger: "MANUAL", mode: "AUTO" });
    expect(moved).toMatchObject({ status: "SUCCEEDED", mode: "FULL" });
    const after = await links(integrationId);
    expect(after.get(sbId.get("reception.malmo")!)).toMatchObject({ objectId: per.id, origin: "ADMIN" });
    expect(after.has(sbId.get("per.magnusson")!)).toBe(false);

    // Withdrawn: the automatic rule applies again.
    await clearChoice({ solutionId, integrationId, accountId: null, kind: "USER_NUMBER", key: per.id });
    expect((await sync(world, { integrationId, trigger: "MANUAL", mode: "AUTO" })).status).toBe("SUCCEEDED");
    const back = await links(integrationId);
    expect(back.get(sbId.get("per.magnusson")!)?.objectId).toBe(per.id);
    expect(back.has(sbId.get("reception.malmo")!)).toBe(false);
  });

  it("an Entra field emptied through Graph clears the mapped switchboard field on the next run, and nothing else (rule 3)", async () => {
    const [sbKey, entraKey] = [...expected.links].find(([, k]) => person(k).entra!.jobTitle)!;
    const id = sbId.get(sbKey)!;
    const before = await switchboardUsers(solutionId);
    await world.emulator.control.updateUser(DEMO_TENANT.id, objectIdOf(entraKey), { jobTitle: null });

    const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(result).toMatchObject({ status: "SUCCEEDED", mode: "DELTA" });
    const after = await switchboardUsers(solutionId);
    expect(values(after).get(id)).toEqual({ ...values(before).get(id), title: null });
    for (const [other, row] of after) if (other !== id) expect(row).toEqual(before.get(other));
    expect(await runChanges(result.runId)).toEqual([
      { switchboardUserId: id, objectId: objectIdOf(entraKey), kind: "UPDATE", fields: [{ field: "title", before: before.get(id)!.title, after: null }] },
    ]);
    expect(await runRow(result.runId)).toMatchObject({ updated: 1, cleared: 1 });
  });

  it("a field no mapping feeds keeps the value set by hand, even when Entra changes it (rule 3)", async () => {
    const [sbKey, entraKey] = [...expected.links].find(([, k]) => person(k).entra!.department && person(k).entra!.jobTitle)!;
    const id = sbId.get(sbKey)!;
    // What saving a mapping change does: the mapping goes, the configuration version moves on.
    await db.attributeMapping.deleteMany({ where: { integrationId, target: "department" } });
    await db.integration.update({ where: { id: integrationId }, data: { configVersion: { increment: 1 } } });
    await db.switchboardUser.update({ where: { id }, data: { department: "Set by hand" } });
    await world.emulator.control.updateUser(DEMO_TENANT.id, objectIdOf(entraKey), { department: "Changed in Entra", jobTitle: "Changed title" });
    const before = await switchboardUsers(solutionId);

    const result = await sync(world, { integrationId, trigger: "CONFIG_CHANGE", mode: "AUTO" });
    expect(result).toMatchObject({ status: "SUCCEEDED", mode: "FULL", complete: true });
    const after = await switchboardUsers(solutionId);
    expect(after.get(id)).toMatchObject({ department: "Set by hand", title: "Changed title" });
    for (const [other, row] of after) expect(row.department).toBe(before.get(other)!.department);
  });
});

/** Everything a sync could write: users, numbers, links (with their sync stamps) and the directory snapshot. */
async function stateOf() {
  return {
    users: await switchboardUsers(solutionId),
    numbers: await db.phoneNumber.findMany({ where: { solutionId }, orderBy: { id: "asc" } }),
    links: await db.link.findMany({ where: { integrationId }, orderBy: { id: "asc" } }),
    snapshot: await db.directoryUser.findMany({ where: { integrationId }, select: { objectId: true, hash: true, readAt: true }, orderBy: { objectId: "asc" } }),
  };
}
