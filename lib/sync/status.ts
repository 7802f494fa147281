import "server-only";
import { db } from "@/lib/db";
import type { SyncConfig } from "./config";
import type { IntegrationForSync } from "./load-state";
import type { RunSummary } from "./run-record";

const RETRY_AFTER_FAILURE_MS = 15 * 60_000;

function okMessage(s: RunSummary): string | null {
  const counts = s.plan?.counts;
  if (!counts) return null;
  const parts = [`${s.linkedTotal ?? counts.matched} users linked`, `${counts.updatedUsers} updated`];
  if (counts.limitedCreated) parts.push(`${counts.limitedCreated} limited users added`);
  if (counts.openConflicts) parts.push(`${counts.openConflicts} conflicts wait for your choice`);
  if (counts.invalidNumbers) parts.push(`${counts.invalidNumbers} numbers could not be read`);
  return parts.join(", ") + ".";
}

/**
 * Rule 12 and rule 8: the integration shows OK, HELD or the error code of its last run, and when the
 * next sync is due — a full sync 12 h after the last full one, delta rounds in between when enabled,
 * a quick retry after a transient failure.
 */
export async function recordOutcome(
  integration: IntegrationForSync,
  request: { objectId?: string },
  s: RunSummary,
  config: SyncConfig,
  deltaLink: string | null | undefined,
  /** The switchboard fingerprint to store (see fingerprint.ts); undefined keeps the stored one. */
  fingerprint: string | null | undefined,
) {
  const now = new Date();
  const fullRead = s.mode === "FULL" && s.complete;
  const lastFull = fullRead ? now : integration.lastFullSyncAt;
  const storedDelta = deltaLink !== undefined ? deltaLink : integration.deltaLink;
  let next = lastFull ? lastFull.getTime() + config.fullIntervalMs : now.getTime();
  if (storedDelta && config.deltaIntervalMs > 0) next = Math.min(next, now.getTime() + config.deltaIntervalMs);
  if (s.status === "FAILED") {
    next = Math.min(next, now.getTime() + (s.error?.retryable ? RETRY_AFTER_FAILURE_MS : config.fullIntervalMs));
    next = Math.max(next, now.getTime() + 60_000);
  }

  // A single-user run does not decide a held full run: the integration keeps showing it (and stays
  // out of the schedule) until an admin approves or rejects it.
  const keepStatus = !!request.objectId && integration.status === "HELD";
  const status = s.status === "HELD" ? "HELD" : s.status === "FAILED" ? "ERROR" : "OK";
  await db.integration.update({
    where: { id: integration.id },
    data: {
      ...(keepStatus
        ? {}
        : {
            status,
            statusCode: s.status === "HELD" ? "SyncHeld" : (s.error?.code ?? null),
            statusMessage: s.status === "HELD" ? (s.guard?.message ?? null) : s.status === "FAILED" ? (s.error?.message ?? null) : okMessage(s),
            statusAt: now,
          }),
      lastSyncAt: now,
      nextSyncAt: request.objectId ? undefined : new Date(next),
      ...(fullRead ? { lastFullSyncAt: now, syncedConfigVersion: integration.configVersion } : {}),
      ...(deltaLink !== undefined ? { deltaLink } : {}),
      ...(fingerprint !== undefined ? { switchboardFingerprint: fingerprint } : {}),
    },
  });
  // A "sync now" that arrived while this run was already going is not consumed by it.
  if (!request.objectId && integration.syncRequestedAt) {
    await db.integration.updateMany({
      where: { id: integration.id, syncRequestedAt: integration.syncRequestedAt },
      data: { syncRequestedAt: null },
    });
  }
}
