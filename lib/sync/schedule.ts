import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { DUE_EARLY_MS, type SyncConfig } from "./config";
import { wantsDelta, type DeltaState } from "./read-input";

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
      AND ("nextSyncAt" IS NULL OR "nextSyncAt" <= ${new Date(now.getTime() + DUE_EARLY_MS)}
           OR "syncRequestedAt" IS NOT NULL
           OR "configVersion" <> "attemptedConfigVersion")`;
}

/**
 * "Sync now" and configuration changes sync at once (rule 8): ahead of integrations due by schedule,
 * which a busy tick (its budget or its 25 spent) would otherwise serve first while the change waits
 * behind a nextSyncAt hours away.
 */
const ASKED_FIRST = Prisma.sql`(CASE WHEN "syncRequestedAt" IS NOT NULL OR "configVersion" <> "attemptedConfigVersion" THEN 0 ELSE 1 END)`;

/** Not leased by a live run: never leased, released, or left behind by a run whose lease expired. */
export function leaseFree(now: Date) {
  return Prisma.sql`("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < ${now})`;
}

/** The longest of an integration's last five runs of these modes: how long the next such run may take. */
const longestRecent = (modes: Prisma.Sql) => Prisma.sql`(SELECT max(recent."durationMs") FROM (
    SELECT r."durationMs" FROM "SyncRun" r
    WHERE r."integrationId" = "Integration".id AND r.mode IN (${modes}) AND r."durationMs" IS NOT NULL
    ORDER BY r."startedAt" DESC LIMIT 5) AS recent)`;

export type DueIntegration = DeltaState & {
  id: string;
  /** Longest recent whole-directory read (a full sync, or the setup's preview); null before the first. */
  fullMs: number | null;
  /** Longest recent delta round; null before the first. */
  deltaMs: number | null;
};

/**
 * Due integrations not leased by a live run, asked-for first, then oldest due first, with what the
 * scheduler needs to tell how long each one's next run may take: whether it will be a delta round
 * (wantsDelta, from the same state) and how long recent runs of that kind took.
 */
export async function listDueIntegrations(now: Date, limit: number): Promise<DueIntegration[]> {
  return db.$queryRaw<DueIntegration[]>`
    SELECT id, "lastFullSyncAt", status::text AS status, "statusMessage", "syncedConfigVersion", "configVersion", "deltaLink",
      (SELECT max(c."decidedAt") FROM "MatchChoice" c WHERE c."integrationId" = "Integration".id) AS "lastChoiceAt",
      ${longestRecent(Prisma.sql`'FULL', 'PREVIEW'`)} AS "fullMs",
      ${longestRecent(Prisma.sql`'DELTA'`)} AS "deltaMs"
    FROM "Integration"
    WHERE ${dueCondition(now)} AND ${leaseFree(now)}
    ORDER BY ${ASKED_FIRST}, COALESCE("syncRequestedAt", "nextSyncAt", "createdAt") ASC, id
    LIMIT ${limit}`;
}

/** How long an integration's next run (AUTO: delta round or full read) may take; 0 before its first. */
export function expectedMs(due: DueIntegration, config: SyncConfig, now = Date.now()): number {
  return (wantsDelta(due, config, now) ? (due.deltaMs ?? due.fullMs) : due.fullMs) ?? 0;
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
