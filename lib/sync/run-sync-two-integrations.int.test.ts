import { describe, expect, it } from "vitest";
import { createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { links, runRow, switchboardUsers, sync, syncedDemoIntegration } from "@/lib/testing/sync-state";

// Without this spec a solution connected to two tenants (a merger, a subsidiary) could have one
// switchboard user fed by both: each sync would overwrite the other's values, back and forth.

const world = useSyncWorld();

describe("two integrations in one solution", () => {
  it("a number the first integration already links is a cross-integration conflict for the second, which links nobody through it", async () => {
    const { solutionId, integrationId: first } = await syncedDemoIntegration(world);
    const firstLinks = await links(first);
    expect(firstLinks.size).toBeGreaterThan(0);
    const before = await switchboardUsers(solutionId);

    // The second integration reads the same directory: every number the first links is taken.
    const second = (await createIntegration(world, solutionId)).id;
    const run = await sync(world, { integrationId: second, trigger: "SETUP", mode: "FULL" });
    expect(run.status).toBe("SUCCEEDED");

    const secondLinks = await links(second);
    for (const sid of secondLinks.keys()) expect(firstLinks.has(sid)).toBe(false);
    const row = await runRow(run.runId);
    expect(row.conflicts).toBeGreaterThanOrEqual(firstLinks.size);
    const conflicts = (row.details as { conflicts: { kind: string; otherIntegrationId?: string }[] }).conflicts;
    expect(conflicts.some((c) => c.kind === "CROSS_INTEGRATION" && c.otherIntegrationId === first)).toBe(true);
    // The users the first integration feeds keep exactly the first integration's values.
    const after = await switchboardUsers(solutionId);
    for (const sid of firstLinks.keys()) expect(after.get(sid)).toEqual(before.get(sid));
  });
});
