import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Work to do: set up, and due by schedule (rule 8), by a configuration change, or by an admin's
 * "sync now". A HELD integration waits for the admin: a scheduled run would replace the held run
 * (only the newest can be decided) and show OK while the held changes were never applied.
 */
export function dueCondition(now: Date) {
  // A configuration change counts once: a run that fails with it is retried on its schedule
  // (nextSyncAt), not at every tick until an admin fixes the cause.
  // A HELD integration whose held run is no longer waiting (a worker died while applying an
  // approval) is not left waiting for a decision nobody can take.
  return Prisma.sql`"setupCompletedAt" IS NOT NULL
      AND (status <> 'HELD' OR "syncRequestedAt" IS NOT NULL OR "configVersion" <> "attemptedConfigVersion"
           OR NOT EXISTS (SELECT 1 FROM "SyncRun" r WHERE r."integrationId" = "Integration".id AND r.status = 'HELD' AND r."heldPlan" IS NOT NULL))
      AND ("nextSyncAt" IS NULL OR "nextSyncAt" <= ${now}
           OR "syncRequestedAt" IS NOT NULL
           OR "configVersion" <> "attemptedConfigVersion")`;
}

/** Not leased by a live run: never leased, released, or left behind by a run whose lease expired. */
export function leaseFree(now: Date) {
  return Prisma.sql`("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < ${now})`;
}

/**
 * Due integrations not leased by a live run, oldest due first, each with the longest of its last five
 * whole-directory or delta runs (null before its first): how long its next run may take.
 */
export async function listDueIntegrations(now: Date, limit: number): Promise<{ id: string; expectedMs: number | null }[]> {
  return db.$queryRaw<{ id: string; expectedMs: number | null }[]>`
    SELECT id, (SELECT max(recent."durationMs") FROM (
        SELECT r."durationMs" FROM "SyncRun" r
        WHERE r."integrationId" = "Integration".id AND r.mode IN ('FULL', 'DELTA') AND r."durationMs" IS NOT NULL
        ORDER BY r."startedAt" DESC LIMIT 5) AS recent) AS "expectedMs"
    FROM "Integration"
    WHERE ${dueCondition(now)} AND ${leaseFree(now)}
    ORDER BY COALESCE("syncRequestedAt", "nextSyncAt", "createdAt") ASC
    LIMIT ${limit}`;
}

/** What made an integration due, for the run record. */
export async function triggerFor(integrationId: string): Promise<"MANUAL" | "CONFIG_CHANGE" | "SCHEDULE"> {
  const row = await db.integration.findUniqueOrThrow({
    where: { id: integrationId },
    select: { syncRequestedAt: true, configVersion: true, attemptedConfigVersion: true },
  });
  if (row.syncRequestedAt) return "MANUAL";
  return row.configVersion !== row.attemptedConfigVersion ? "CONFIG_CHANGE" : "SCHEDULE";
}

/** "Sync now" and configuration saves: the next cron tick (or the local scheduler) picks it up. */
export async function requestSync(integrationId: string, solutionId: string): Promise<void> {
  await db.integration.updateMany({ where: { id: integrationId, solutionId }, data: { syncRequestedAt: new Date() } });
}

export async function integrationExists(id: string): Promise<boolean> {
  return (await db.integration.count({ where: { id } })) === 1;
}
