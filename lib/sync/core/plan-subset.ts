import { isClearing } from "./diff";
import type { SyncPlan } from "./plan-types";

/** What a plan entry concerns: an Entra user, and the switchboard user when there is one. */
export type PlanEntry = { switchboardUserId?: string | null; objectId: string };

/**
 * The plan with only the entries `keep` accepts, its write counts recounted. What the plan found
 * (conflicts, invalid numbers, the users' rows) is left as it is: it describes the scope, not the writes.
 */
export function filterPlan(plan: SyncPlan, keep: (entry: PlanEntry) => boolean, keepRemoval: (entry: PlanEntry) => boolean = keep): SyncPlan {
  const objectIdOf = new Map(plan.users.flatMap((row) => (row.matched ? [[row.switchboardUserId, row.objectId] as const] : [])));
  const changes = plan.changes.filter(keep);
  const links = { create: plan.links.create.filter(keep), update: plan.links.update.filter(keep), remove: plan.links.remove.filter(keepRemoval) };
  const limited = { create: plan.limited.create.filter(keep), remove: plan.limited.remove.filter(keepRemoval), numbers: plan.limited.numbers.filter(keep) };
  const syncedSwitchboardUserIds = plan.syncedSwitchboardUserIds.filter((id) => {
    const objectId = objectIdOf.get(id);
    return objectId !== undefined && keep({ switchboardUserId: id, objectId });
  });
  const deferred = plan.deferred.filter(keep);
  return {
    ...plan,
    staleChoices: plan.staleChoices.filter((choice) => keep({ objectId: choice.objectId })),
    changes,
    links,
    limited,
    syncedSwitchboardUserIds,
    deferred,
    counts: {
      ...plan.counts,
      updatedUsers: changes.length,
      unchangedUsers: Math.max(0, syncedSwitchboardUserIds.length - changes.length),
      clearingUsers: changes.filter((c) => c.changes.some(isClearing)).length,
      linksCreated: links.create.length,
      linksUpdated: links.update.length,
      linksRemoved: links.remove.length,
      limitedCreated: limited.create.length,
      limitedRemoved: limited.remove.length,
      deferred: deferred.length,
    },
  };
}

/**
 * A "sync now" for one Entra user writes only what concerns that user (rule 8). Its scope also holds
 * the colleagues it shares numbers with, read from the snapshot of the last sync — context for
 * matching, not data fresh enough to write: a colleague's snapshot may predate a mapping change or
 * sit in a held plan the admin has not approved. A switchboard user still linked to a colleague
 * (whose unlink is not this run's to make) is not re-linked to the focus user either.
 */
export function planForUsers(plan: SyncPlan, objectIds: readonly string[]): SyncPlan {
  const focus = new Set(objectIds);
  const linkedToColleague = new Set(plan.links.remove.filter((r) => !focus.has(r.objectId)).map((r) => r.switchboardUserId));
  return filterPlan(
    plan,
    (entry) => focus.has(entry.objectId) && !(entry.switchboardUserId && linkedToColleague.has(entry.switchboardUserId)),
    (entry) => focus.has(entry.objectId),
  );
}
