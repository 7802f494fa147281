import "server-only";
import { db } from "@/lib/db";
import type { ClassifiedError } from "@/lib/graph/errors";
import type { GuardVerdict } from "@/lib/sync/core/guard";
import type { SyncPlan } from "@/lib/sync/core/plan-types";
import type { WriteCounts } from "./apply-plan";
import { packPlan, type JoinedPlan } from "./held-plan";

export type Trigger = "SCHEDULE" | "CONFIG_CHANGE" | "MANUAL" | "SINGLE_USER" | "SETUP";
export type Mode = "FULL" | "DELTA" | "SINGLE_USER" | "PREVIEW";

const DETAIL_LIMIT = 500;

export async function startRun(integration: { id: string; solutionId: string }, trigger: Trigger, mode: Mode) {
  return db.syncRun.create({
    data: { integrationId: integration.id, solutionId: integration.solutionId, trigger, mode },
    select: { id: true, startedAt: true },
  });
}

/** Runs left RUNNING by a process that died: the lease expired, so they can never finish. */
export async function closeInterruptedRuns(integrationId: string, exceptRunId: string) {
  await db.syncRun.updateMany({
    where: { integrationId, status: "RUNNING", id: { not: exceptRunId } },
    data: {
      status: "FAILED",
      finishedAt: new Date(),
      errorCode: "RunInterrupted",
      errorMessage: "The run stopped before it finished (the server restarted or timed out). What it wrote before that stays (only what its complete read and the safety threshold allowed); this run took over.",
    },
  });
}

/** Switchboard users a run created (limited users): their ids are made while writing. */
export async function limitedUsersCreatedBy(runId: string): Promise<string[]> {
  const rows = await db.runChange.findMany({ where: { runId, kind: "LIMITED_CREATE" }, select: { switchboardUserId: true } });
  return rows.map((r) => r.switchboardUserId);
}

/** What a run's history rows say it wrote: one row per switchboard user and change. */
export async function writtenCounts(runId: string): Promise<ChangeCounts> {
  const [row] = await db.$queryRaw<{ updated: number; cleared: number; linked: number; unlinked: number; added: number; removed: number }[]>`
    SELECT
      count(*) FILTER (WHERE kind = 'UPDATE' OR (kind = 'LINK' AND jsonb_array_length(fields) > 1))::int AS updated,
      count(*) FILTER (WHERE kind IN ('UPDATE', 'LINK') AND EXISTS (
        SELECT 1 FROM jsonb_array_elements(fields) f
        WHERE f->>'field' <> 'link' AND f->'after' IN ('null'::jsonb, '[]'::jsonb) AND f->'before' NOT IN ('null'::jsonb, '[]'::jsonb, '""'::jsonb)))::int AS cleared,
      count(*) FILTER (WHERE kind = 'LINK')::int AS linked,
      count(*) FILTER (WHERE kind = 'UNLINK')::int AS unlinked,
      count(*) FILTER (WHERE kind = 'LIMITED_CREATE')::int AS added,
      count(*) FILTER (WHERE kind = 'LIMITED_REMOVE')::int AS removed
    FROM "RunChange" WHERE "runId" = ${runId}`;
  return {
    updatedUsers: row.updated,
    clearingUsers: row.cleared,
    linksCreated: row.linked,
    linksRemoved: row.unlinked,
    limitedCreated: row.added,
    limitedRemoved: row.removed,
  };
}

export type RunSummary = {
  status: "SUCCEEDED" | "FAILED" | "HELD";
  mode: Mode;
  complete: boolean;
  graphRequests: number;
  usersRead: number;
  plan: SyncPlan | null;
  /** A held full run's plan as stored, already packed (its slices joined, joinPacked); else `plan` is packed. */
  heldPlan?: JoinedPlan;
  writes: WriteCounts | null;
  guard: GuardVerdict | null;
  error: ClassifiedError | null;
  phases: Record<string, number>;
  /** Links of the whole integration, when the plan only covered the users that changed. */
  linkedTotal?: number;
  /** The Entra user a single-user run ("sync now") read. */
  objectId?: string;
};

/** The plan covered only the users that changed (or the one "sync now" asked for), not the whole directory. */
export const partialPlan = (s: Pick<RunSummary, "linkedTotal" | "mode">) => s.linkedTotal !== undefined || s.mode === "DELTA" || s.mode === "SINGLE_USER";

/** Counts and details of a finished run; the plan itself is kept only when it is held for review. */
type ChangeCounts = Pick<SyncPlan["counts"], "updatedUsers" | "clearingUsers" | "linksCreated" | "linksRemoved" | "limitedCreated" | "limitedRemoved">;

/** The run record's columns for what a run changed. */
function changeColumns(counts: ChangeCounts | undefined) {
  return {
    updated: counts?.updatedUsers ?? 0,
    cleared: counts?.clearingUsers ?? 0,
    linked: counts?.linksCreated ?? 0,
    unlinked: counts?.linksRemoved ?? 0,
    limitedAdded: counts?.limitedCreated ?? 0,
    limitedRemoved: counts?.limitedRemoved ?? 0,
  };
}

/**
 * Which users a run's conflict and unreadable-number counts are about: every user on a whole plan;
 * on a partial one (delta round, quiet full sync, "sync now") only those it evaluated. Conflicts are
 * not stored per user, so a partial run cannot count the integration's open ones: it says so.
 */
export type CountsCover = "ALL_USERS" | "CHANGED_USERS";

/** The run as its record has it (what support sees in the run history): the totals, not the plan's scope. */
export async function recordedRun(runId: string) {
  const run = await db.syncRun.findUnique({
    where: { id: runId },
    select: {
      status: true, mode: true, trigger: true, complete: true, durationMs: true, usersRead: true, graphRequests: true,
      matched: true, updated: true, unchanged: true, cleared: true, linked: true, unlinked: true,
      limitedAdded: true, limitedRemoved: true, conflicts: true, invalidNumbers: true, errorCode: true, errorMessage: true,
      details: true,
    },
  });
  if (!run) return null;
  const { details, ...record } = run;
  const countsCover: CountsCover = (details as { countsCover?: CountsCover } | null)?.countsCover ?? "ALL_USERS";
  return { ...record, countsCover };
}
export type RecordedRun = NonNullable<Awaited<ReturnType<typeof recordedRun>>>;

export async function finishRun(runId: string, startedAt: Date, s: RunSummary) {
  // Only the newest whole run can be approved (held-runs.ts): an older held run's plan is dead weight.
  if (s.mode !== "SINGLE_USER") {
    await db.$executeRaw`UPDATE "SyncRun" SET "heldPlan" = NULL
      WHERE "integrationId" = (SELECT "integrationId" FROM "SyncRun" WHERE id = ${runId})
        AND id <> ${runId} AND "heldPlan" IS NOT NULL AND "startedAt" < ${startedAt}`;
  }
  // A preview wrote links only: what the plan would do to the switchboard goes to its details. A run
  // that failed after its plan counts what it did write (from its history rows, which commit with
  // their writes), not what it meant to (run-sync.ts does the same for changes it skipped).
  const planned = s.mode === "PREVIEW" && s.plan ? { ...s.plan.counts, updatedUsers: 0, unchangedUsers: 0, clearingUsers: 0, limitedCreated: 0, limitedRemoved: 0 } : s.plan?.counts;
  const counts = planned && s.status === "FAILED" ? { ...planned, ...(await writtenCounts(runId)) } : planned;
  const matched = s.linkedTotal ?? counts?.matched ?? 0;
  // Only a run still RUNNING takes its status: one another worker already closed as interrupted (its
  // lease ran out) keeps that verdict, and gets the counts of what it wrote (below).
  const { count } = await db.syncRun.updateMany({
    where: { id: runId, status: "RUNNING" },
    data: {
      status: s.status,
      mode: s.mode,
      complete: s.complete,
      finishedAt: new Date(),
      durationMs: Date.now() - startedAt.getTime(),
      usersRead: s.usersRead,
      graphRequests: s.graphRequests,
      matched,
      ...changeColumns(counts),
      unchanged: s.linkedTotal !== undefined ? matched - (counts?.updatedUsers ?? 0) : (counts?.unchangedUsers ?? 0),
      conflicts: counts?.openConflicts ?? 0,
      invalidNumbers: counts?.invalidNumbers ?? 0,
      errorCode: s.error?.code ?? null,
      errorMessage: s.error?.message ?? null,
      heldPlan: s.status === "HELD" ? (s.heldPlan?.bytes ?? (s.plan ? await packPlan(s.plan) : undefined)) : undefined,
      details: JSON.parse(
        JSON.stringify({
          guard: s.guard?.message ?? null,
          // Where each slice of a held full run lies in heldPlan: approving applies them one by one.
          heldSlices: s.status === "HELD" ? s.heldPlan?.slices : undefined,
          countsCover: partialPlan(s) ? "CHANGED_USERS" : "ALL_USERS",
          objectId: s.objectId,
          phasesMs: s.phases,
          writes: s.writes,
          conflicts: s.plan?.conflicts.filter((c) => c.state === "OPEN").slice(0, DETAIL_LIMIT) ?? [],
          invalidNumbers: s.plan?.invalidNumbers.slice(0, DETAIL_LIMIT) ?? [],
          deferred: s.plan?.counts.deferred ?? 0,
          mappingIssues: s.plan?.mappingIssues ?? [],
          ...(s.mode === "PREVIEW" && s.plan
            ? { preview: { wouldUpdate: s.plan.counts.updatedUsers, wouldClear: s.plan.counts.clearingUsers, wouldAddLimited: s.plan.counts.limitedCreated } }
            : {}),
        }),
      ),
    },
  });
  if (count === 0 && planned) {
    // Taken over: the history says what this worker wrote before it stopped.
    await db.syncRun.update({
      where: { id: runId },
      select: { id: true },
      data: {
        ...changeColumns(s.status === "FAILED" ? counts : await writtenCounts(runId)),
        details: JSON.parse(JSON.stringify({ phasesMs: s.phases, writes: s.writes, takenOver: true })),
      },
    });
  }
}
