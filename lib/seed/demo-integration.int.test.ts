import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEFAULT_MAPPINGS } from "@/lib/sync/default-mappings";
import { runDueSyncs } from "@/lib/sync/run-due";
import { listDueIntegrations } from "@/lib/sync/schedule";
import { demoExpectations, demoSwitchboardIds, expectedValues } from "@/lib/testing/demo-expectations";
import { useSyncWorld } from "@/lib/testing/sync-fixture";
import { calm, integrationRow, links, parkOtherIntegrations, switchboardUsers } from "@/lib/testing/sync-state";
import { DEMO_INTEGRATION, DEMO_SOLUTION } from "./constants";
import { connectDemoTenant } from "./demo-integration";
import { seedPortal } from "./seed-portal";

// `npm start -- --connect-demo` is how someone trying the product sees a sync without the setup
// wizard: if the integration it seeds were not due, not syncable with the launcher's provider app, or
// created twice on a restart, the demo would show nothing (or duplicates) and say nothing.

const world = useSyncWorld();

beforeAll(async () => {
  // A database reused from an earlier run starts without the demo integration (its links go with it).
  await db.integration.deleteMany({ where: { id: DEMO_INTEGRATION.id } });
  await seedPortal({ password: "connect-demo-test" });
  await calm(world);
});

afterAll(async () => {
  await db.integration.deleteMany({ where: { id: DEMO_INTEGRATION.id } });
});

describe("connecting the demo to the emulated tenant (npm start -- --connect-demo)", () => {
  it("makes one integration on every start, due at once, that the scheduler's next tick syncs", async () => {
    expect(await connectDemoTenant()).toEqual({ id: DEMO_INTEGRATION.id, created: true });
    expect(await connectDemoTenant()).toEqual({ id: DEMO_INTEGRATION.id, created: false });
    expect(await db.integration.count({ where: { solutionId: DEMO_SOLUTION.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "integration.create", target: DEMO_INTEGRATION.id } })).toBe(1);
    expect((await listDueIntegrations(new Date(), 1_000)).map((d) => d.id)).toContain(DEMO_INTEGRATION.id);

    await parkOtherIntegrations([DEMO_INTEGRATION.id]);
    const tick = await runDueSyncs({ budgetMs: 240_000, config: world.config });
    expect(tick.ran).toEqual([expect.objectContaining({ integrationId: DEMO_INTEGRATION.id, status: "SUCCEEDED", mode: "FULL" })]);
    expect(await integrationRow(DEMO_INTEGRATION.id)).toMatchObject({ status: "OK", lastFullSyncAt: expect.any(Date) });

    // The demo switchboard is linked as the product rules say, with Entra's values.
    const expected = demoExpectations();
    const ids = demoSwitchboardIds(DEMO_SOLUTION.id);
    const linked = await links(DEMO_INTEGRATION.id);
    expect(linked.size).toBe(expected.links.size);
    const users = await switchboardUsers(DEMO_SOLUTION.id);
    for (const [switchboardKey, entraKey] of expected.links) {
      const entra = expected.people.find((p) => p.key === entraKey)!.entra!;
      expect(linked.get(ids.get(switchboardKey)!)?.objectId).toBe(entra.id);
      expect(users.get(ids.get(switchboardKey)!)).toMatchObject(expectedValues(entra, DEFAULT_MAPPINGS));
    }
  });

  it("is announced by the launcher with the integration's id (scripts/start.mjs keeps its own copy)", () => {
    const launcher = fs.readFileSync(path.join(process.cwd(), "scripts/start.mjs"), "utf8");
    expect(launcher).toContain(`const DEMO_INTEGRATION_ID = "${DEMO_INTEGRATION.id}";`);
  });
});
