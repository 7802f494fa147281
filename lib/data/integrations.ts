import "server-only";
import { db } from "@/lib/db";

export type IntegrationSummary = {
  id: string;
  name: string;
  mode: "AUTOMATED" | "MANUAL";
  tenantId: string;
  status: "PENDING" | "OK" | "ERROR" | "HELD";
  statusCode: string | null;
  statusMessage: string | null;
  statusAt: Date | null;
  lastSyncAt: Date | null;
  nextSync: NextSync;
  secretHint: string | null;
  secretExpiresAt: Date | null;
};

const summarySelect = {
  id: true,
  name: true,
  mode: true,
  tenantId: true,
  status: true,
  statusCode: true,
  statusMessage: true,
  statusAt: true,
  lastSyncAt: true,
  nextSyncAt: true,
  setupCompletedAt: true,
  syncRequestedAt: true,
  configVersion: true,
  attemptedConfigVersion: true,
  // Whether a held run still waits for a decision (schedule.ts dueCondition asks the same).
  runs: { where: { status: "HELD", heldPlan: { not: null } }, select: { id: true }, take: 1 },
  secretHint: true,
  secretExpiresAt: true,
} as const;

/** When the next sync happens, as the scheduler sees it (schedule.ts dueCondition). */
export type NextSync = { at: Date } | { waitsFor: "setup" | "decision" | "next check" };

export function nextSyncOf(row: {
  status: IntegrationSummary["status"];
  nextSyncAt: Date | null;
  setupCompletedAt: Date | null;
  syncRequestedAt: Date | null;
  configVersion: number;
  attemptedConfigVersion: number | null;
  heldRunWaiting: boolean;
}): NextSync {
  if (!row.setupCompletedAt) return { waitsFor: "setup" };
  // "Sync now" or a saved change: due at the next cron tick, whatever nextSyncAt says.
  if (row.syncRequestedAt || row.configVersion !== row.attemptedConfigVersion) return { waitsFor: "next check" };
  // A held sync waits for the admin: nothing runs at its nextSyncAt until it is approved or rejected.
  // One whose held run is gone (a worker died applying an approval) runs on its schedule again.
  if (row.status === "HELD" && row.heldRunWaiting) return { waitsFor: "decision" };
  return row.nextSyncAt ? { at: row.nextSyncAt } : { waitsFor: "next check" };
}

export async function listIntegrations(solutionId: string): Promise<IntegrationSummary[]> {
  const rows = await db.integration.findMany({ where: { solutionId }, select: summarySelect, orderBy: { createdAt: "asc" } });
  return rows.map(({ nextSyncAt, setupCompletedAt, syncRequestedAt, configVersion, attemptedConfigVersion, runs, ...row }) => ({
    ...row,
    nextSync: nextSyncOf({ status: row.status, nextSyncAt, setupCompletedAt, syncRequestedAt, configVersion, attemptedConfigVersion, heldRunWaiting: runs.length > 0 }),
  }));
}
