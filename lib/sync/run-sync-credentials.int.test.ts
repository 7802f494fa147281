import { describe, expect, it } from "vitest";
import { sealSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { DEMO_TENANT, PROVIDER_APP } from "@/lib/demo/demo-directory";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { calm, integrationRow, links, runRow, switchboardUsers, sync, values } from "@/lib/testing/sync-state";
import { listDueIntegrations } from "./schedule";

// Without this spec a wrong secret, a withdrawn consent or a too-small permission would show up as
// "OK" or as an unexplained failure — or worse, as an empty directory that unlinks everybody —
// instead of the Entra code an admin can act on (rule 12).

const world = useSyncWorld();

/** A demo integration that has synced once, and what it looked like then. */
async function syncedIntegration(mode: "AUTOMATED" | "MANUAL") {
  const solutionId = (await createDemoSolution()).id;
  const integrationId = (await createIntegration(world, solutionId, { mode })).id;
  await calm(world);
  expect(await sync(world, { integrationId, trigger: "SETUP" })).toMatchObject({ status: "SUCCEEDED" });
  const state = async () => ({ values: values(await switchboardUsers(solutionId)), links: await links(integrationId) });
  const before = await state();
  expect(before.links.size).toBeGreaterThan(0);
  return { integrationId, before, state };
}

describe("credential and permission failures show Entra's code and lose nothing", () => {
  // https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes — AADSTS7000215 invalid client secret
  it("manual setup with a wrong client secret → ERROR AADSTS7000215", async () => {
    const { integrationId, before, state } = await syncedIntegration("MANUAL");
    await db.integration.update({ where: { id: integrationId }, data: { clientSecretEnc: sealSecret("not-the-secret", world.config.encryptionKey) } });

    const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" });
    expect(result).toMatchObject({ status: "FAILED", complete: false, graphRequests: 0 });
    const integration = await integrationRow(integrationId);
    expect(integration.status).toBe("ERROR");
    expect(integration.statusCode).toContain("7000215");
    expect(integration.statusMessage).toMatch(/Invalid client secret/);
    expect(integration.statusMessage).not.toContain("not-the-secret");
    expect((await runRow(result.runId)).errorCode).toContain("7000215");
    expect(await state()).toEqual(before);
  });

  it("a new integration set up with a wrong secret is not retried at every cron tick, only after the admin's fix", async () => {
    const solutionId = (await createDemoSolution()).id;
    const integrationId = (await createIntegration(world, solutionId, { mode: "MANUAL" })).id;
    await db.integration.update({ where: { id: integrationId }, data: { clientSecretEnc: sealSecret("not-the-secret", world.config.encryptionKey) } });
    const isDue = async () => (await listDueIntegrations(new Date(), 1_000)).some((i) => i.id === integrationId);
    expect(await isDue()).toBe(true); // set up, never synced

    const failed = await sync(world, { integrationId, trigger: "SETUP" });
    expect(failed).toMatchObject({ status: "FAILED", error: { code: "AADSTS7000215" } });
    // Waiting does not fix a wrong secret: not the next tick, at most hourly.
    expect(await isDue()).toBe(false);
    const { nextSyncAt } = await integrationRow(integrationId);
    expect(nextSyncAt!.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);

    // The admin enters the right secret: a configuration change, due at once.
    await db.integration.update({
      where: { id: integrationId },
      data: { clientSecretEnc: sealSecret(world.customerSecret, world.config.encryptionKey), configVersion: { increment: 1 } },
    });
    expect(await isDue()).toBe(true);
    expect(await sync(world, { integrationId, trigger: "CONFIG_CHANGE" })).toMatchObject({ status: "SUCCEEDED" });
    expect(await isDue()).toBe(false);
  });

  // https://learn.microsoft.com/en-us/graph/permissions-reference#userreadbasicall — basic profile only, no phones
  it("only User.ReadBasic.All granted → ERROR naming the missing User.Read.All, no Graph read at all", async () => {
    const { integrationId, before, state } = await syncedIntegration("AUTOMATED");
    await world.emulator.control.setGrantedRoles(DEMO_TENANT.id, PROVIDER_APP.clientId, ["User.ReadBasic.All"]);
    await world.emulator.control.resetRequests();
    try {
      const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" });
      expect(result).toMatchObject({ status: "FAILED", graphRequests: 0 });
      const integration = await integrationRow(integrationId);
      expect(integration).toMatchObject({ status: "ERROR", statusCode: "UserReadAllMissing" });
      expect(integration.statusMessage).toContain("User.Read.All");
      expect((await world.emulator.control.requests({ area: "graph" })).total).toBe(0);
      expect(await state()).toEqual(before);
    } finally {
      await world.emulator.control.setGrantedRoles(DEMO_TENANT.id, PROVIDER_APP.clientId, [...PROVIDER_APP.roles]);
    }
    expect(await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" })).toMatchObject({ status: "SUCCEEDED" });
    expect(await integrationRow(integrationId)).toMatchObject({ status: "OK", statusCode: null });
  });

  // https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes — AADSTS700016 app not found in the directory
  it("automated setup whose admin consent was revoked → ERROR AADSTS700016", async () => {
    const { integrationId, before, state } = await syncedIntegration("AUTOMATED");
    await world.emulator.control.revokeConsent(DEMO_TENANT.id, PROVIDER_APP.clientId);
    try {
      const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" });
      expect(result).toMatchObject({ status: "FAILED", graphRequests: 0 });
      const integration = await integrationRow(integrationId);
      expect(integration.status).toBe("ERROR");
      expect(integration.statusCode).toContain("700016");
      expect(await state()).toEqual(before);
    } finally {
      await world.emulator.control.setGrantedRoles(DEMO_TENANT.id, PROVIDER_APP.clientId, [...PROVIDER_APP.roles]);
    }
  });
});
