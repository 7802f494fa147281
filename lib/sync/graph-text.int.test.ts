import { describe, expect, it } from "vitest";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { useSyncWorld } from "@/lib/testing/sync-fixture";
import { runRow, switchboardUsers, sync, syncedDemoIntegration } from "@/lib/testing/sync-state";

// Without this, one Entra value holding U+0000 or an unpaired surrogate poisons the integration: the
// values travel as JSON into jsonb (directory snapshot) and PostgreSQL refuses them (22P05 / 22P02),
// so every run fails, full and delta alike, until someone finds and edits that one user in Entra.
// [unconfirmed] that Graph ever returns such a value: its JSON escapes them like any other character
// and Microsoft documents no rule against them in user properties, so the sync must not depend on it.

const world = useSyncWorld();

describe("Entra text PostgreSQL cannot store", () => {
  it("a NUL or a lone surrogate in a selected property is cleaned and the sync succeeds, full and delta", async () => {
    const { solutionId, integrationId, linked } = await syncedDemoIntegration(world);
    const [switchboardUserId, objectId] = linked[2];

    await world.emulator.control.updateUser(DEMO_TENANT.id, objectId, {
      jobTitle: "Sales\u0000Lead",
      onPremisesExtensionAttributes: { extensionAttribute1: "Swedish\u0000;Eng\ud800lish" },
    });
    const full = await sync(world, { integrationId, trigger: "MANUAL", mode: "FULL" });
    expect(full.status, JSON.stringify(full.error)).toBe("SUCCEEDED");
    expect((await runRow(full.runId)).errorMessage).toBeNull();
    let row = (await switchboardUsers(solutionId)).get(switchboardUserId)!;
    expect(row.title).toBe("SalesLead");
    expect(row.tags).toEqual(expect.arrayContaining(["Swedish", "Eng\ufffdlish"]));

    await world.emulator.control.updateUser(DEMO_TENANT.id, objectId, { jobTitle: "Sales\ud800Lead\u0000" });
    const delta = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(delta.mode).toBe("DELTA");
    expect(delta.status, JSON.stringify(delta.error)).toBe("SUCCEEDED");
    row = (await switchboardUsers(solutionId)).get(switchboardUserId)!;
    expect(row.title).toBe("Sales\ufffdLead");

    const again = await sync(world, { integrationId, trigger: "MANUAL", mode: "FULL" });
    expect(again.status, JSON.stringify(again.error)).toBe("SUCCEEDED");
    expect(again.writes?.switchboardUsers).toBe(0);
  }, 60_000);
});
