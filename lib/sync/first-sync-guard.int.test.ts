import { expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { demoExpectations, demoSwitchboardIds } from "@/lib/testing/demo-expectations";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { calm, switchboardUsers, sync } from "@/lib/testing/sync-state";

// The safety threshold on a first sync with limited users on: the Entra users it adds as limited
// users have nothing that could be cleared, so they must not water down the 10 % measured over the
// switchboard users it links.

const world = useSyncWorld();

it("a first sync that would clear 5 of the users it links is held, however many limited users it would add", async () => {
  const solutionId = (await createDemoSolution()).id;
  const integrationId = (await createIntegration(world, solutionId, { setupCompleted: false })).id;
  await db.integration.update({ where: { id: integrationId }, data: { limitedUsersMode: "ALL" } });
  await calm(world);
  // The setup's preview says what the first sync would clear as the demo stands.
  const preview = await sync(world, { integrationId, trigger: "SETUP", preview: true });
  const already = preview.counts!.clearingUsers;
  await db.integration.update({ where: { id: integrationId }, data: { setupCompletedAt: new Date() } });

  const expected = demoExpectations();
  const sbId = demoSwitchboardIds(solutionId);
  const seeded = await switchboardUsers(solutionId);
  // Enough linked users whose department Entra no longer has to make 5 in all.
  const people = new Map(expected.people.map((p) => [p.key, p]));
  const emptied = [...expected.links].filter(([sbKey]) => seeded.get(sbId.get(sbKey)!)!.department !== null).slice(0, 5 - already);
  for (const [, entraKey] of emptied) await world.emulator.control.updateUser(DEMO_TENANT.id, people.get(entraKey)!.entra!.id, { department: null });
  try {
    const first = await sync(world, { integrationId, trigger: "SETUP", mode: "AUTO" });
    expect(first.counts).toMatchObject({ clearingUsers: 5 });
    // 5 of the 33 it links is over 10 %; of those and the limited users it would add, it would not be.
    expect(first.counts!.limitedCreated * 10 + expected.links.size * 10).toBeGreaterThanOrEqual(500);
    expect(first).toMatchObject({ status: "HELD", guard: expect.stringContaining(`would clear fields for 5 of ${expected.links.size} linked users`) });
    // Nothing written: the users stay as they were (the preview's links are not synced yet).
    expect(await switchboardUsers(solutionId)).toEqual(seeded);
  } finally {
    for (const [, entraKey] of emptied) {
      const entra = people.get(entraKey)!.entra!;
      await world.emulator.control.updateUser(DEMO_TENANT.id, entra.id, { department: entra.department });
    }
  }
});
