import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { createSolution, createUser } from "@/lib/testing/fixtures";
import { createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { links, runChanges, switchboardUsers, sync } from "@/lib/testing/sync-state";

// "Sync now" for one user (rule 8) reads that user from Graph; the colleagues who share a number
// with them come from the snapshot of the last sync, which can be older than the settings (a mapping
// changed since) or part of a plan held for the admin. Writing those colleagues from it would clear
// a field Entra still has, or apply a held change nobody approved.

const world = useSyncWorld();

/** Alice (mobile N1, business N2) and Bob (mobile N3); Bob's switchboard user holds N3 and N2, so they share scope. */
async function aliceAndBob(prefix: string, entra: { alice?: Record<string, unknown>; bob?: Record<string, unknown> } = {}) {
  const solution = await createSolution("SE", `${prefix} solution`);
  const [n1, n2, n3] = ["01", "02", "03"].map((n) => `031-720 ${prefix.slice(-2)} ${n}`);
  const { control } = world.emulator;
  const alice = await control.createUser(DEMO_TENANT.id, { displayName: `${prefix} Alice`, mobilePhone: n1, businessPhones: [n2], ...entra.alice });
  const bob = await control.createUser(DEMO_TENANT.id, { displayName: `${prefix} Bob`, mobilePhone: n3, businessPhones: [], ...entra.bob });
  const sbAlice = await createUser(solution, { displayName: `${prefix} Alice`, numbers: [n1] });
  const sbBob = await createUser(solution, { displayName: `${prefix} Bob`, numbers: [n3, n2] });
  return { solution, alice, bob, sbAlice, sbBob };
}

describe("sync now for one user writes that user only", () => {
  it("after a mapping change, leaves a colleague from the old snapshot alone while the focus user gets the new mapping", async () => {
    const { solution, alice, bob, sbAlice, sbBob } = await aliceAndBob("SU 11", {
      alice: { companyName: "CoA", department: "DeptA" },
      bob: { companyName: "CoB", department: "DeptB" },
    });
    const integration = await createIntegration(world, solution.id, {
      mappings: [
        { property: "displayName", target: "displayName" },
        { property: "companyName", target: "department" },
      ],
    });
    expect((await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" })).status).toBe("SUCCEEDED");
    const linked = await links(integration.id);
    expect(linked.get(sbAlice.id)?.objectId).toBe(alice.id);
    expect(linked.get(sbBob.id)?.objectId).toBe(bob.id);
    expect((await switchboardUsers(solution.id)).get(sbBob.id)!.department).toBe("CoB");

    // The admin maps department from Entra's department; the snapshot was read without it.
    await db.attributeMapping.updateMany({ where: { integrationId: integration.id, target: "department" }, data: { property: "department" } });
    await db.integration.update({ where: { id: integration.id }, data: { configVersion: { increment: 1 } } });

    const single = await sync(world, { integrationId: integration.id, trigger: "SINGLE_USER", objectId: alice.id });
    expect(single).toMatchObject({ status: "SUCCEEDED", mode: "SINGLE_USER" });
    const users = await switchboardUsers(solution.id);
    expect(users.get(sbAlice.id)!.department).toBe("DeptA");
    // Bob's snapshot has no `department` at all: written from it, his would have been cleared.
    expect(users.get(sbBob.id)!.department).toBe("CoB");
    expect((await runChanges(single.runId)).map((c) => c.switchboardUserId)).toEqual([sbAlice.id]);
  });

  it("on a held integration, does not apply a colleague's held clear", async () => {
    const { solution, alice, bob, sbBob } = await aliceAndBob("SU 12", { alice: { department: "DeptA" }, bob: { department: "DeptB" } });
    const { control } = world.emulator;
    const others: string[] = [];
    for (let i = 0; i < 6; i++) {
      const number = `031-720 14 0${i}`;
      others.push((await control.createUser(DEMO_TENANT.id, { displayName: `SU 12 C${i}`, mobilePhone: number, businessPhones: [], department: `Dept${i}` })).id);
      await createUser(solution, { displayName: `SU 12 C${i}`, numbers: [number] });
    }
    const integration = await createIntegration(world, solution.id, {
      mappings: [
        { property: "displayName", target: "displayName" },
        { property: "department", target: "department" },
      ],
    });
    expect((await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" })).status).toBe("SUCCEEDED");
    // Entra empties the department of Bob and five others: 6 of 8 linked users, over the threshold.
    for (const id of [bob.id, ...others.slice(0, 5)]) await control.updateUser(DEMO_TENANT.id, id, { department: null });
    expect((await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" })).status).toBe("HELD");

    const single = await sync(world, { integrationId: integration.id, trigger: "SINGLE_USER", objectId: alice.id });
    expect(single.status).toBe("SUCCEEDED");
    // The held clear waits for the admin; Alice's run had nothing of its own to write.
    expect((await switchboardUsers(solution.id)).get(sbBob.id)!.department).toBe("DeptB");
    expect(await runChanges(single.runId)).toEqual([]);
  });
});
