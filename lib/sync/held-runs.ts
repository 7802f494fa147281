import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { filterPlan } from "@/lib/sync/core/plan-subset";
import type { SyncPlan } from "@/lib/sync/core/plan-types";
import { UserFacingError } from "@/lib/user-facing-error";
import { addWrites, applyPlan, noWrites, type WriteCounts } from "./apply-plan";
import { heldPlans } from "./held-plan";
import { syncConfigFromEnv, type SyncConfig } from "./config";
import { acquireLease, leaseKeeper, releaseLease } from "./lease";

type Decision = { runId: string; integrationId: string; solutionId: string; accountId: string | null };

/**
 * Only the newest whole run can be decided: an older held plan was computed from data that has moved
 * on. Single-user runs ("sync now" on one user) do not count: they leave a held integration HELD.
 */
async function loadHeldRun({ runId, integrationId, solutionId }: Decision) {
  const run = await db.syncRun.findFirst({
    where: { id: runId, integrationId, solutionId },
    select: { id: true, status: true, heldPlan: true, startedAt: true, details: true },
  });
  if (!run) throw new UserFacingError("This sync run does not exist.");
  if (run.status !== "HELD") throw new UserFacingError("This sync run is not waiting for a decision.");
  const newest = await db.syncRun.findFirst({ where: { integrationId, mode: { not: "SINGLE_USER" } }, orderBy: { startedAt: "desc" }, select: { id: true } });
  if (newest?.id !== run.id) throw new UserFacingError("A newer sync has run since this one was held; review the newest run instead.");
  if (!run.heldPlan) throw new UserFacingError("This held run's changes are no longer stored; sync again to review them.");
  return { ...run, heldPlan: run.heldPlan };
}

type Fresher = { switchboardUserIds: Set<string>; objectIds: Set<string> };

/**
 * Users a single-user sync ("sync now") evaluated after the held run read Entra: the Entra user it was
 * asked about (whatever it wrote: one it found disabled or gone leaves no link and no change), users
 * whose links carry a later sync time, or that run recorded a change for. Its data is newer than the
 * held plan's.
 */
async function usersEvaluatedSince(integrationId: string, run: { id: string; startedAt: Date }): Promise<Fresher> {
  const [links, changes, asked] = await Promise.all([
    db.link.findMany({ where: { integrationId, lastSyncedAt: { gt: run.startedAt } }, select: { switchboardUserId: true, objectId: true } }),
    db.runChange.findMany({
      where: { run: { integrationId, startedAt: { gt: run.startedAt } }, runId: { not: run.id } },
      select: { switchboardUserId: true, objectId: true },
    }),
    // A run that read its user (it succeeded, or it was held) knows it better than the held plan.
    db.$queryRaw<{ objectId: string }[]>`
      SELECT details->>'objectId' AS "objectId" FROM "SyncRun"
      WHERE "integrationId" = ${integrationId} AND mode = 'SINGLE_USER' AND status IN ('SUCCEEDED', 'HELD')
        AND "startedAt" > ${run.startedAt} AND details ? 'objectId'`,
  ]);
  const rows = [...links, ...changes];
  return {
    switchboardUserIds: new Set(rows.map((r) => r.switchboardUserId)),
    objectIds: new Set([...rows.flatMap((r) => (r.objectId ? [r.objectId] : [])), ...asked.map((a) => a.objectId)]),
  };
}

/** The held plan without what concerns those users: approving must not write older values over newer ones. */
function withoutFresherUsers(plan: SyncPlan, fresher: Fresher): SyncPlan {
  if (fresher.switchboardUserIds.size === 0 && fresher.objectIds.size === 0) return plan;
  return filterPlan(plan, (entry) => !fresher.objectIds.has(entry.objectId) && !(entry.switchboardUserId && fresher.switchboardUserIds.has(entry.switchboardUserId)));
}

const ALREADY_DECIDED = "Someone has just decided this sync run; reload to see the outcome.";

/**
 * Applies a held plan as the admin reviewed it, except for users a single-user sync has evaluated
 * since with newer Entra data. Runs under the integration's lease, like a sync: no run writes beside
 * it. The run is claimed with a conditional update, so of two admins deciding at once (or one
 * double-clicking) exactly one goes on; whatever fails after the claim leaves the integration in
 * ERROR and due, never HELD with nothing left to decide.
 */
export async function approveHeldRun(decision: Decision, config: SyncConfig = syncConfigFromEnv()): Promise<WriteCounts> {
  const owner = `approve-${randomUUID()}`;
  // Checked before the lease is taken: a decision naming another solution's run must not even hold up
  // that integration's sync for a moment.
  await loadHeldRun(decision);
  if (!(await acquireLease(decision.integrationId, owner, config.leaseMs))) {
    throw new UserFacingError("A sync of this integration is running right now; try again when it has finished.");
  }
  try {
    const run = await loadHeldRun(decision);
    // A mapping, the limited users, an admin's choice or a user's sync turned back on (rules 3, 5, 6,
    // 7, 10) changed after the plan was made: it was planned with settings that no longer hold, and
    // the change has a sync of its own due.
    const settings = await db.integration.findUniqueOrThrow({ where: { id: decision.integrationId }, select: { configVersion: true, attemptedConfigVersion: true } });
    if (settings.configVersion !== settings.attemptedConfigVersion) {
      throw new UserFacingError("The settings changed after this sync was held (a mapping, the limited users, a choice for a shared number, or sync turned back on for a user), so its plan no longer applies. The next sync plans with the new settings; review that one.");
    }
    const { count } = await db.syncRun.updateMany({ where: { id: run.id, status: "HELD", heldPlan: { not: null } }, data: { status: "APPROVED" } });
    if (count !== 1) throw new UserFacingError(ALREADY_DECIDED);
    try {
      const fresher = await usersEvaluatedSince(decision.integrationId, run);
      const target = {
        integrationId: decision.integrationId,
        solutionId: decision.solutionId,
        runId: run.id,
        at: new Date(),
        stampAllSynced: false,
        lease: { owner, keepLease: leaseKeeper(decision.integrationId, owner, config.leaseMs) },
        configVersion: settings.configVersion,
      };
      // A held full run's slices are applied one by one, as the run would have written them.
      const writes = noWrites();
      const slices = (run.details as { heldSlices?: [number, number][] } | null)?.heldSlices;
      for await (const plan of heldPlans(run.heldPlan, slices)) {
        addWrites(writes, await applyPlan(withoutFresherUsers(plan, fresher), target));
      }
      await db.$transaction([
        db.syncRun.update({ where: { id: run.id }, data: { heldPlan: null } }),
        db.integration.update({
          where: { id: decision.integrationId },
          data: { status: "OK", statusCode: null, statusMessage: "Held sync approved and applied.", statusAt: new Date() },
        }),
        db.auditEvent.create({
          data: { solutionId: decision.solutionId, accountId: decision.accountId, action: "sync.approve", target: run.id, details: writes },
        }),
      ]);
      return writes;
    } catch (error) {
      // Some batches may have landed: the plan is not offered again (re-applying it could add limited
      // users twice). The next sync plans from what is stored now, and holds again if it must. Who
      // approved it is recorded all the same: what landed is theirs.
      await db.$transaction([
        db.syncRun.update({ where: { id: run.id }, data: { status: "FAILED", heldPlan: null } }),
        db.auditEvent.create({
          data: { solutionId: decision.solutionId, accountId: decision.accountId, action: "sync.approve", target: run.id, details: { outcome: "FAILED" } },
        }),
        db.integration.update({
          where: { id: decision.integrationId },
          data: {
            status: "ERROR",
            statusCode: "ApproveFailed",
            statusMessage: "Applying the approved sync failed part-way; run a sync to review what is left.",
            statusAt: new Date(),
            nextSyncAt: new Date(),
          },
        }),
      ]);
      throw error;
    }
  } finally {
    await releaseLease(decision.integrationId, owner);
  }
}

/** Drops a held plan: nothing is written. The next full sync holds again if Entra still differs. */
export async function rejectHeldRun(decision: Decision): Promise<void> {
  const run = await loadHeldRun(decision);
  // The claim, the status and the audit commit together: a reject is never half-recorded.
  await db.$transaction(async (tx) => {
    const { count } = await tx.syncRun.updateMany({
      where: { id: run.id, status: "HELD", heldPlan: { not: null } },
      data: { status: "REJECTED", heldPlan: null },
    });
    if (count !== 1) throw new UserFacingError(ALREADY_DECIDED);
    await tx.integration.update({
      where: { id: decision.integrationId },
      data: {
        status: "OK",
        statusCode: null,
        statusMessage: "Held sync rejected: nothing was written. The next full sync holds again if Entra still differs.",
        statusAt: new Date(),
      },
    });
    await tx.auditEvent.create({ data: { solutionId: decision.solutionId, accountId: decision.accountId, action: "sync.reject", target: run.id } });
  });
}
