import { beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { demoExpectations, demoSwitchboardIds } from "@/lib/testing/demo-expectations";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { calm, links, runRow, sync } from "@/lib/testing/sync-state";
import { chooseNumberOwner } from "./match-choices";
import { dropStaleChoices, writeTransaction } from "./write-batches";

// Rule 5: an admin's pick for a shared number "is kept across syncs and reopened only if the chosen
// user no longer has the number". Reopened means the admin decides again: the chosen user getting
// the number back later must not silently take the switchboard number over.

const world = useSyncWorld();
let solutionId: string;
let integrationId: string;

beforeAll(async () => {
  solutionId = (await createDemoSolution()).id;
  integrationId = (await createIntegration(world, solutionId)).id;
  await calm(world);
  expect(await sync(world, { integrationId, trigger: "SETUP", mode: "AUTO" })).toMatchObject({ status: "SUCCEEDED" });
});

const openConflictOn = async (runId: string, e164: string) =>
  ((await runRow(runId)).details as { conflicts: { kind: string; e164?: string; state: string }[] }).conflicts.some((c) => c.kind === "SHARED_NUMBER" && c.e164 === e164 && c.state === "OPEN");

it("a pick whose user gave the number up is dropped and audited; the number waits for a new pick when the user has it again", async () => {
  const expected = demoExpectations();
  const sbId = demoSwitchboardIds(solutionId);
  const [e164, { holders, switchboardKeys }] = [...expected.shared].find(([, s]) => s.switchboardKeys.some((k) => !expected.links.has(k)))!;
  const desk = sbId.get(switchboardKeys.find((k) => !expected.links.has(k))!)!;
  const linkedEntra = new Set(expected.links.values());
  const chosenKey = holders.find((h) => !linkedEntra.has(h))!;
  const chosen = expected.people.find((p) => p.key === chosenKey)!.entra!;

  await chooseNumberOwner({ solutionId, integrationId, accountId: null, e164, objectId: chosen.id });
  expect(await sync(world, { integrationId, trigger: "MANUAL", mode: "AUTO" })).toMatchObject({ status: "SUCCEEDED" });
  expect((await links(integrationId)).get(desk)).toMatchObject({ objectId: chosen.id, origin: "ADMIN" });

  // The chosen user gives every number up in Entra: the pick no longer holds.
  await world.emulator.control.updateUser(DEMO_TENANT.id, chosen.id, { mobilePhone: null, businessPhones: [] });
  const gaveUp = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
  expect(gaveUp).toMatchObject({ status: "SUCCEEDED" });
  expect(await db.matchChoice.count({ where: { integrationId, kind: "NUMBER_OWNER", key: e164 } })).toBe(0);
  expect(await db.auditEvent.findMany({ where: { action: "choice.reopened", target: integrationId }, select: { details: true } })).toEqual([
    { details: expect.objectContaining({ key: e164, value: chosen.id, runId: gaveUp.runId }) },
  ]);

  // The numbers come back: shared again, and open until an admin picks; the desk is not the chosen user's.
  await world.emulator.control.updateUser(DEMO_TENANT.id, chosen.id, { mobilePhone: chosen.mobilePhone, businessPhones: chosen.businessPhones });
  const back = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" });
  expect(back).toMatchObject({ status: "SUCCEEDED" });
  expect(await openConflictOn(back.runId, e164)).toBe(true);
  expect((await links(integrationId)).get(desk)?.objectId).not.toBe(chosen.id);
});

it("a pick made after a run planned is the admin's newer word: that run's reopening of the older pick leaves it", async () => {
  // The run that saw the chosen user give the number up planned before the admin picked (again);
  // its write must not drop the new pick. A pick from before the plan is dropped as usual.
  const [e164, { holders }] = [...demoExpectations().shared][0];
  const objectId = demoExpectations().people.find((p) => p.key === holders[0])!.entra!.id;
  await chooseNumberOwner({ solutionId, integrationId, accountId: null, e164, objectId });
  const { decidedAt } = await db.matchChoice.findUniqueOrThrow({ where: { integrationId_kind_key: { integrationId, kind: "NUMBER_OWNER", key: e164 } } });
  const reopen = (plannedAt: Date) =>
    writeTransaction([dropStaleChoices({ integrationId, solutionId, runId: `planned-${plannedAt.getTime()}`, at: plannedAt }, [{ e164, objectId }])]);
  const picks = () => db.matchChoice.count({ where: { integrationId, kind: "NUMBER_OWNER", key: e164, value: objectId } });

  const audited = (plannedAt: Date) =>
    db.auditEvent.count({ where: { action: "choice.reopened", target: integrationId, details: { path: ["runId"], equals: `planned-${plannedAt.getTime()}` } } });

  const before = new Date(decidedAt.getTime() - 1_000);
  await reopen(before);
  expect(await picks()).toBe(1);
  expect(await audited(before)).toBe(0);

  const after = new Date(decidedAt.getTime() + 1_000);
  await reopen(after);
  expect(await picks()).toBe(0);
  expect(await audited(after)).toBe(1);
});
