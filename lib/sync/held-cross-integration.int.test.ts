import { expect, it } from "vitest";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { demoExpectations, demoSwitchboardIds } from "@/lib/testing/demo-expectations";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { calm, doublyLinkedUsers, links, switchboardUsers, sync } from "@/lib/testing/sync-state";
import { approveHeldRun } from "./held-runs";

// A number fed by two integrations of one solution is a conflict: neither links through it. A held
// plan of one integration waits for days; another integration may link the same users meanwhile.
// Approving the held plan must not make a second link to a switchboard user another integration feeds.

const world = useSyncWorld();

it("approving a held plan does not link a switchboard user another integration linked meanwhile", async () => {
  const solutionId = (await createDemoSolution()).id;
  const first = (await createIntegration(world, solutionId)).id;
  await calm(world);
  const expected = demoExpectations();
  const sbId = demoSwitchboardIds(solutionId);
  const seeded = await switchboardUsers(solutionId);
  const people = new Map(expected.people.map((p) => [p.key, p]));
  const emptied = [...expected.links].filter(([sbKey]) => seeded.get(sbId.get(sbKey)!)!.department !== null).slice(0, 6);
  for (const [, entraKey] of emptied) await world.emulator.control.updateUser(DEMO_TENANT.id, people.get(entraKey)!.entra!.id, { department: null });
  let heldRunId: string;
  try {
    const held = await sync(world, { integrationId: first, trigger: "SETUP", mode: "FULL" });
    expect(held.status).toBe("HELD");
    heldRunId = held.runId;
  } finally {
    for (const [, entraKey] of emptied) {
      const entra = people.get(entraKey)!.entra!;
      await world.emulator.control.updateUser(DEMO_TENANT.id, entra.id, { department: entra.department });
    }
  }
  // Meanwhile a second integration of the same solution syncs and links those users itself.
  const second = (await createIntegration(world, solutionId)).id;
  const run = await sync(world, { integrationId: second, trigger: "SETUP", mode: "FULL" });
  expect(run.status).toBe("SUCCEEDED");
  const secondLinks = await links(second);
  expect(secondLinks.size).toBeGreaterThan(0);

  const beforeApprove = await switchboardUsers(solutionId);
  await approveHeldRun({ runId: heldRunId, integrationId: first, solutionId, accountId: null }, world.config);
  const firstLinks = await links(first);
  const both = [...firstLinks.keys()].filter((sid) => secondLinks.has(sid));
  expect(both).toEqual([]);
  // No link row of the solution shares a switchboard user with another integration's.
  expect(await doublyLinkedUsers(solutionId)).toBe(0);
  // The users the second integration feeds keep its values: the held plan's cleared departments are not written over them.
  const after = await switchboardUsers(solutionId);
  for (const sid of secondLinks.keys()) expect(after.get(sid)!.department).toBe(beforeApprove.get(sid)!.department);
});
