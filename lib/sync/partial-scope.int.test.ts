import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { toDirectoryUser } from "@/lib/graph/graph-user";
import { DEMO_TENANT, demoPeople } from "@/lib/demo/demo-directory";
import { useSyncWorld } from "@/lib/testing/sync-fixture";
import { syncedDemoIntegration } from "@/lib/testing/sync-state";
import { closePartialScope, ScopeNotClosedError } from "./partial-scope";

// Without this spec a delta round whose shared numbers chain further than the scope's rounds would
// plan from a scope that is not closed, and could link or unlink without seeing a user who shares
// a number (rule 5). It must say so instead, so the run plans the whole directory.

const world = useSyncWorld();
let scope: { integrationId: string; solutionId: string };
beforeAll(async () => {
  scope = await syncedDemoIntegration(world);
});

describe("closing a delta round's scope", () => {
  const userOf = async (key: string) => {
    const entra = demoPeople().find((p) => p.key === key)!.entra!;
    const stored = await world.emulator.control.getUser(DEMO_TENANT.id, entra.userPrincipalName);
    return toDirectoryUser(stored as Parameters<typeof toDirectoryUser>[0]);
  };

  it("pulls in the Entra user and the switchboard user who share the changed user's number (rule 5)", async () => {
    // Björn Strand and Tobias Nyström share one mobile in Entra; the switchboard has it on Björn.
    const tobias = await userOf("tobias.nystrom");
    const bjorn = await userOf("bjorn.strand");
    const closed = await closePartialScope({ ...scope, region: "SE", removed: [], changed: [tobias] });
    expect(closed.directoryUsers.map((u) => u.objectId).sort()).toEqual([bjorn.objectId, tobias.objectId].sort());
    const holder = await db.phoneNumber.findFirstOrThrow({ where: { solutionId: scope.solutionId, e164: "+46732109876" }, select: { userId: true } });
    expect(closed.switchboardUsers.map((u) => u.id)).toContain(holder.userId);
  });

  it("refuses to plan from a scope its rounds could not close", async () => {
    const tobias = await userOf("tobias.nystrom");
    await expect(closePartialScope({ ...scope, region: "SE", removed: [], changed: [tobias], maxRounds: 0 })).rejects.toBeInstanceOf(ScopeNotClosedError);
  });
});
