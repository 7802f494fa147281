import { beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { demoExpectations, demoSwitchboardIds } from "@/lib/testing/demo-expectations";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { calm, links, runRow, sync } from "@/lib/testing/sync-state";
import { chooseNumberOwner } from "./match-choices";

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
