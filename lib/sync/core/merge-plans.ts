import type { PlanCounts, SyncPlan } from "./plan-types";

const ZERO_COUNTS: PlanCounts = {
  directoryUsers: 0,
  activeDirectoryUsers: 0,
  matched: 0,
  synced: 0,
  updatedUsers: 0,
  unchangedUsers: 0,
  clearingUsers: 0,
  openConflicts: 0,
  invalidNumbers: 0,
  linksCreated: 0,
  linksUpdated: 0,
  linksRemoved: 0,
  limitedCreated: 0,
  limitedRemoved: 0,
  deferred: 0,
};

function addCounts(a: PlanCounts, b: PlanCounts): PlanCounts {
  const sum = { ...a };
  for (const key of Object.keys(ZERO_COUNTS) as (keyof PlanCounts)[]) sum[key] = a[key] + b[key];
  return sum;
}

const append = <T>(into: T[], from: readonly T[]) => {
  for (const item of from) into.push(item);
};

/**
 * One plan from the plans of a sliced full run (lib/sync/core/slices.ts): their users are disjoint,
 * so lists are concatenated and counts added. Every slice checks the same mappings: their issues
 * are taken once. `withWrites: false` keeps only what describes the run (counts, conflicts, invalid
 * numbers, mapping issues), which is all a run record needs while the slices are written one by one.
 */
export function mergePlans(plans: readonly SyncPlan[], at: string, { withWrites = true } = {}): SyncPlan {
  const merged: SyncPlan = {
    at,
    changes: [],
    links: { create: [], update: [], remove: [] },
    limited: { create: [], remove: [], numbers: [] },
    conflicts: [],
    staleChoices: [],
    invalidNumbers: [],
    normalisedNumbers: [],
    directoryNumbers: [],
    syncedSwitchboardUserIds: [],
    users: [],
    deferred: [],
    mappingIssues: plans[0]?.mappingIssues ?? [],
    counts: ZERO_COUNTS,
  };
  for (const plan of plans) {
    merged.counts = addCounts(merged.counts, plan.counts);
    append(merged.conflicts, plan.conflicts);
    append(merged.invalidNumbers, plan.invalidNumbers);
    if (!withWrites) continue;
    append(merged.changes, plan.changes);
    append(merged.links.create, plan.links.create);
    append(merged.links.update, plan.links.update);
    append(merged.links.remove, plan.links.remove);
    append(merged.limited.create, plan.limited.create);
    append(merged.limited.remove, plan.limited.remove);
    append(merged.limited.numbers, plan.limited.numbers);
    append(merged.staleChoices, plan.staleChoices);
    append(merged.normalisedNumbers, plan.normalisedNumbers);
    append(merged.directoryNumbers, plan.directoryNumbers);
    append(merged.syncedSwitchboardUserIds, plan.syncedSwitchboardUserIds);
    append(merged.users, plan.users);
    append(merged.deferred, plan.deferred);
  }
  return merged;
}
