import "server-only";
import { db } from "@/lib/db";
import { plural } from "@/lib/plural";
import type { SyncConfig } from "./config";
import type { IntegrationForSync } from "./load-state";
import { LeaseLostError } from "./lease";
import { partialPlan, type RunSummary } from "./run-record";

const RETRY_AFTER_FAILURE_MS = 15 * 60_000;
const RETRY_UNFIXED_MS = 60 * 60_000;

/** The OK line stays as it was: a partial run that changed nothing and found no conflict. */
function keepsLine(s: RunSummary, previous: string | null, wrote: boolean): boolean {
  const counts = s.plan?.counts;
  // Not when it found a conflict: the admin must hear that a choice is waiting (rules 5, 12).
  return !counts || (partialPlan(s) && !wrote && previous !== null && !counts.openConflicts);
}

/** "1 conflict waits", "4 conflicts among the changed users wait". */
const conflictsWaiting = (count: number, among = "") => `${plural(count, "conflict")}${among} ${count === 1 ? "waits" : "wait"} for your choice`;

/**
 * The OK status line. A whole-directory plan counts everything. A partial plan (delta round, quiet
 * full sync) saw only the users that changed: it states the integration's link total and what this
 * run did, and a run that changed nothing leaves the line of the last plan that did (its conflict
 * and invalid-number counts still hold).
 */
function okMessage(s: RunSummary, context: { previous: string | null; wrote: boolean; linkedNow?: number }): string | null {
  const { previous, wrote, linkedNow } = context;
  const counts = s.plan?.counts;
  if (!counts || keepsLine(s, previous, wrote)) return previous;
  const partial = partialPlan(s);
  const parts = [`${plural(s.linkedTotal ?? linkedNow ?? counts.matched, "user")} linked`, partial ? `${counts.updatedUsers} updated by the last ${s.mode === "DELTA" ? "delta round" : "sync"}` : `${counts.updatedUsers} updated`];
  if (counts.limitedCreated) parts.push(`${plural(counts.limitedCreated, "limited user")} added`);
  if (counts.openConflicts) parts.push(conflictsWaiting(counts.openConflicts, partial ? " among the changed users" : ""));
  if (counts.invalidNumbers) parts.push(`${plural(counts.invalidNumbers, "number")} could not be read`);
  return parts.join(", ") + ".";
}

/**
 * Rule 12 and rule 8: the integration shows OK, HELD or the error code of its last run, and when the
 * next sync is due — a full sync 12 h after the last full one, delta rounds in between when enabled,
 * a quick retry after a transient failure.
 */
export async function recordOutcome(
  integration: IntegrationForSync,
  /** `owner`: the lease the run holds; a run that lost it records nothing on the integration. */
  request: { objectId?: string; owner: string },
  s: RunSummary,
  config: SyncConfig,
  deltaLink: string | null | undefined,
  /** The switchboard fingerprint to store (see fingerprint.ts); undefined keeps the stored one. */
  fingerprint: string | null | undefined,
) {
  const now = new Date();
  if (s.mode === "PREVIEW") return recordPreview(integration, s, now, request.owner);
  // A full run that read everything but then failed (a write, the snapshot) has not applied the
  // configuration: the next run must be full again, with the new $select.
  const fullRead = s.mode === "FULL" && s.complete && s.status !== "FAILED";
  const lastFull = fullRead ? now : integration.lastFullSyncAt;
  const storedDelta = deltaLink !== undefined ? deltaLink : integration.deltaLink;
  let next = lastFull ? lastFull.getTime() + config.fullIntervalMs : now.getTime();
  if (storedDelta && config.deltaIntervalMs > 0) next = Math.min(next, now.getTime() + config.deltaIntervalMs);
  // A failed run is retried in 15 minutes when waiting may help (throttling, an outage). A failure
  // only a person can fix (a wrong secret, consent or permissions withdrawn in Entra) keeps the
  // schedule but is tried at most hourly — a fix made in Entra is seen within the hour, and a broken
  // integration is not retried at every tick — and at least every 12 hours.
  if (s.status === "FAILED") {
    next = s.error?.retryable
      ? now.getTime() + RETRY_AFTER_FAILURE_MS
      : Math.min(Math.max(next, now.getTime() + RETRY_UNFIXED_MS), now.getTime() + config.fullIntervalMs);
  }

  // A single-user run ("sync now" on one user) answers the admin who asked, in its run record; the
  // integration keeps showing its last scheduled or whole run — a held plan waiting for a decision,
  // an error the full sync keeps hitting — rather than one user's OK.
  const keepStatus = !!request.objectId;
  const status = s.status === "HELD" ? "HELD" : s.status === "FAILED" ? "ERROR" : "OK";
  const previous = integration.status === "OK" ? integration.statusMessage : null;
  const wrote = s.writes ? s.writes.switchboardUsers + s.writes.numbers + s.writes.links + s.writes.changeRecords > 0 : false;
  // Counted when a new line needs it: a delta plan counts only the users it read, and a run that
  // skipped planned links did not make them all.
  const newLine = status === "OK" && !keepStatus && !keepsLine(s, previous, wrote);
  const linkedNow = newLine && (s.mode === "DELTA" || (s.writes?.skipped ?? 0) > 0) ? await db.link.count({ where: { integrationId: integration.id } }) : undefined;
  const { count } = await db.integration.updateMany({
    where: { id: integration.id, leaseOwner: request.owner },
    data: {
      ...(keepStatus
        ? {}
        : {
            status,
            statusCode: s.status === "HELD" ? "SyncHeld" : (s.error?.code ?? null),
            statusMessage: s.status === "HELD" ? (s.guard?.message ?? null) : s.status === "FAILED" ? (s.error?.message ?? null) : okMessage(s, { previous, wrote, linkedNow }),
            statusAt: now,
          }),
      lastSyncAt: now,
      nextSyncAt: request.objectId ? undefined : new Date(next),
      ...(fullRead ? { lastFullSyncAt: now, syncedConfigVersion: integration.configVersion } : {}),
      ...(request.objectId ? {} : { attemptedConfigVersion: integration.configVersion }),
      ...(deltaLink !== undefined ? { deltaLink } : {}),
      ...(fingerprint !== undefined ? { switchboardFingerprint: fingerprint } : {}),
    },
  });
  // Another worker took the integration over: its own outcome is the one that counts.
  if (count === 0) return;
  // A "sync now" that arrived while this run was already going is not consumed by it.
  if (!request.objectId && integration.syncRequestedAt) {
    await db.integration.updateMany({
      where: { id: integration.id, syncRequestedAt: integration.syncRequestedAt },
      data: { syncRequestedAt: null },
    });
  }
}

/**
 * A preview (rule 7) leaves the integration in setup: no sync time, nothing scheduled, and a status
 * line that says what the first sync will link and that nothing was written yet.
 */
async function recordPreview(integration: IntegrationForSync, s: RunSummary, now: Date, owner: string) {
  const counts = s.plan?.counts;
  const linked = counts ? counts.matched - counts.limitedCreated : 0;
  const conflicts = counts?.openConflicts ? `, ${conflictsWaiting(counts.openConflicts)}` : "";
  // Only while still in setup: a preview that raced the end of setup must not relabel a live integration.
  await db.integration.updateMany({
    where: { id: integration.id, setupCompletedAt: null, leaseOwner: owner },
    data: {
      status: s.status === "FAILED" ? "ERROR" : "PENDING",
      statusCode: s.error?.code ?? null,
      statusMessage:
        s.status === "FAILED"
          ? (s.error?.message ?? null)
          : `Read ${plural(s.usersRead, "Entra user")}: ${plural(linked, "switchboard user")} linked${conflicts}. Nothing is written to the switchboard until setup is finished; sync can be turned off per user before then.`,
      statusAt: now,
      switchboardFingerprint: null,
    },
  });
}

/**
 * Withdraws the integration's deltaLink and switchboard fingerprint while a run may move the
 * snapshot ahead of the switchboard; recordOutcome stores what holds afterwards. Returns what was
 * stored. A run that never gets there (its process killed) leaves neither: the next run reads and
 * plans the whole directory, where a delta round or a quiet run would trust the moved snapshot.
 */
export async function withdrawIncrementalState(integration: IntegrationForSync, owner: string) {
  // Due at once meanwhile: a worker killed mid-run leaves it for the next tick (once its lease
  // expires), whatever started it; recordOutcome schedules the next sync.
  const { count } = await db.integration.updateMany({
    where: { id: integration.id, leaseOwner: owner },
    data: { deltaLink: null, switchboardFingerprint: null, nextSyncAt: new Date() },
  });
  // A worker stalled past its lease must not clear what the one that took over has stored since.
  if (count === 0) throw new LeaseLostError();
  return { deltaLink: integration.deltaLink, fingerprint: integration.switchboardFingerprint };
}
