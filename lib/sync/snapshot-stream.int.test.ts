import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { graphRequests, integrationRow, links, sync } from "@/lib/testing/sync-state";

// A full read writes each page's users to the directory snapshot as it goes (the slices of the plan
// are loaded from there). When the database refuses those writes, going on reading a large tenant
// only spends the customer's Graph quota and the run's time: the run stops at once and says why.

const USERS = 20_000; // about 20 pages; the first snapshot batch (2,000 users) is written after page 3
const world = useSyncWorld({ seed: ["demo", { users: USERS, seed: 11 }] });

afterEach(async () => {
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS refuse_snapshot ON "DirectoryUser"`);
  await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS refuse_snapshot()`);
});

describe("the snapshot written while a full read goes on", () => {
  it("a write the database refuses stops the read at once: the run fails with the error and writes nothing to the switchboard", async () => {
    const tenantId = world.emulator.tenants.find((t) => t.userCount === USERS)!.id;
    const solutionId = (await createDemoSolution()).id;
    const integrationId = (await createIntegration(world, solutionId, { tenantId })).id;
    // A real refusal by PostgreSQL (as a full disk or a broken constraint would give), for this integration only.
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse_snapshot() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'snapshot refused'; END $$`);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_snapshot BEFORE INSERT ON "DirectoryUser" FOR EACH ROW WHEN (NEW."integrationId" = '${integrationId}') EXECUTE FUNCTION refuse_snapshot()`,
    );
    await world.emulator.control.resetRequests();

    const result = await sync(world, { integrationId, trigger: "SETUP", mode: "FULL" });
    expect(result.status).toBe("FAILED");
    expect((await integrationRow(integrationId)).status).toBe("ERROR");
    const pages = (await graphRequests(world)).filter((e) => e.route === "GET /v1.0/users").length;
    expect(pages).toBeGreaterThanOrEqual(3);
    const enabled = world.emulator.state.requireTenant(tenantId).directory.listActive().filter((u) => u.data.accountEnabled !== false).length;
    expect(pages).toBeLessThan(Math.ceil(enabled / 999) / 2); // not the whole directory: it stopped soon after the refusal
    expect((await links(integrationId)).size).toBe(0);
    expect(await db.directoryUser.count({ where: { integrationId } })).toBe(0);
  });
});
