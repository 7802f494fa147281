import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { toDirectoryUser } from "@/lib/graph/graph-user";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { startSyncWorld, type SyncWorld } from "@/lib/testing/sync-fixture";
import { syncedDemoIntegration } from "@/lib/testing/sync-state";
import { closePartialScope, ScopeNotClosedError } from "./partial-scope";

// Without this spec a delta round whose shared numbers chain further than the scope's rounds would
// plan from a scope that is not closed, and could link or unlink without seeing a user who shares
// a number (rule 5). It must say so instead, so the run plans the whole directory.

let world: SyncWorld;
let scope: { integrationId: string; solutionId: string };
beforeAll(async () => {
  world = await startSyncWorld();
  scope = await syncedDemoIntegration(world);
});
afterAll(async () => world?.close());

describe("closing a delta round's scope", () => {
  it("closes within its rounds for a changed user, and refuses to plan from a scope its rounds could not close", async () => {
    const link = await db.link.findFirstOrThrow({ where: { integrationId: scope.integrationId }, select: { objectId: true } });
    const changed = async () => [toDirectoryUser((await world.emulator.control.getUser(DEMO_TENANT.id, link.objectId)) as Parameters<typeof toDirectoryUser>[0])];
    const input = { ...scope, region: "SE", removed: [] as string[] };

    const closed = await closePartialScope({ ...input, changed: await changed() });
    expect(closed.directoryUsers.map((u) => u.objectId)).toContain(link.objectId);
    expect(closed.links.map((l) => l.objectId)).toContain(link.objectId);
    await expect(closePartialScope({ ...input, changed: await changed(), maxRounds: 0 })).rejects.toBeInstanceOf(ScopeNotClosedError);
  });
});
