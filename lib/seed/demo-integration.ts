import { db } from "@/lib/db";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { mappingRows } from "@/lib/sync/default-mappings";
import { DEMO_INTEGRATION, DEMO_SOLUTION } from "./constants";

/**
 * Connects Demo AB to the emulated Nordic Demo tenant, as the setup wizard will once it exists: automated
 * mode (the provider app, consented in the emulator), the default mappings, setup finished. A new
 * integration is due at once (its configuration has never been synced), so the local scheduler syncs
 * it at its next tick. Idempotent: an integration already there is left as it is, with its history.
 */
export async function connectDemoTenant(): Promise<{ id: string; created: boolean }> {
  const existing = await db.integration.findUnique({ where: { id: DEMO_INTEGRATION.id }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const now = new Date();
  await db.$transaction([
    db.integration.create({
      data: {
        id: DEMO_INTEGRATION.id,
        solutionId: DEMO_SOLUTION.id,
        name: DEMO_INTEGRATION.name,
        mode: "AUTOMATED",
        tenantId: DEMO_TENANT.domain,
        tenantGuid: DEMO_TENANT.id,
        setupCompletedAt: now,
        nextSyncAt: now,
        mappings: mappingRows(),
      },
    }),
    db.auditEvent.create({
      data: { solutionId: DEMO_SOLUTION.id, action: "integration.create", target: DEMO_INTEGRATION.id, details: { by: "demo seed", tenant: DEMO_TENANT.domain } },
    }),
  ]);
  return { id: DEMO_INTEGRATION.id, created: true };
}
