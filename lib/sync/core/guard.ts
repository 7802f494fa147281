import { isClearing } from "./diff";
import type { SyncPlan } from "./plan-types";

export interface GuardOptions {
  /** Linked switchboard users of the whole integration before the run (not just this run's scope). */
  linkedCount: number;
  thresholdPercent?: number;
  minimum?: number;
}

export interface GuardVerdict {
  hold: boolean;
  affected: number;
  clearing: number;
  unlinking: number;
  linkedCount: number;
  thresholdPercent: number;
  minimum: number;
  message: string;
}

function linkedUsers(count: number): string {
  return `${count} linked ${count === 1 ? "user" : "users"}`;
}

/** What the guard counts in a plan; a full run sliced into several plans adds theirs up (addTally). */
export interface GuardTally {
  /** Switchboard users whose mapped fields (or a limited user's numbers) the plan clears. */
  clearingIds: Set<string>;
  /** Switchboard users the plan unlinks, or limited users it removes. */
  unlinkingIds: Set<string>;
  matched: number;
  limitedCreated: number;
}

export function guardTally(plan: SyncPlan): GuardTally {
  return {
    clearingIds: new Set([
      ...plan.changes.filter((change) => change.changes.some(isClearing)).map((change) => change.switchboardUserId),
      // A limited user left with fewer numbers (its Entra user's phones emptied) is cleared as much as a
      // field is; one whose number is replaced (a new phone) is not.
      ...plan.limited.numbers.filter((change) => change.removeNumberIds.length > change.add.length).map((change) => change.switchboardUserId),
    ]),
    unlinkingIds: new Set([
      ...plan.links.remove.map((link) => link.switchboardUserId),
      ...plan.limited.remove.map((limited) => limited.switchboardUserId),
    ]),
    matched: plan.counts.matched,
    limitedCreated: plan.counts.limitedCreated,
  };
}

/** Adds `more` into `total` (plans of disjoint users). */
export function addTally(total: GuardTally, more: GuardTally): GuardTally {
  for (const id of more.clearingIds) total.clearingIds.add(id);
  for (const id of more.unlinkingIds) total.unlinkingIds.add(id);
  total.matched += more.matched;
  total.limitedCreated += more.limitedCreated;
  return total;
}

export const emptyTally = (): GuardTally => ({ clearingIds: new Set(), unlinkingIds: new Set(), matched: 0, limitedCreated: 0 });

/**
 * A run that would clear mapped fields for, or unlink, more than thresholdPercent of the linked
 * users (and at least `minimum` of them) is held for an admin: a half-emptied Entra attribute or
 * a broken filter should not wipe the switchboard unattended.
 */
export function evaluateGuard(plan: SyncPlan, options: GuardOptions): GuardVerdict {
  return guardVerdict(guardTally(plan), options);
}

export function guardVerdict(tally: GuardTally, options: GuardOptions): GuardVerdict {
  const { thresholdPercent = 10, minimum = 5 } = options;
  // A first sync has no links yet: it is measured against the switchboard users it is about to link.
  // Not against the limited users it creates: nothing of theirs can be cleared, and 200 of them must
  // not let it clear the 10 switchboard users it links.
  const linkedCount = Math.max(options.linkedCount, tally.matched - tally.limitedCreated);
  const { clearingIds, unlinkingIds } = tally;
  const affected = new Set([...clearingIds, ...unlinkingIds]).size;
  const hold = affected >= minimum && affected * 100 > linkedCount * thresholdPercent;
  const parts = (clear: string, unlink: string) =>
    [clearingIds.size > 0 ? `${clear} fields for ${clearingIds.size}` : "", unlinkingIds.size > 0 ? `${unlink} ${unlinkingIds.size}` : ""]
      .filter(Boolean)
      .join(" and ");
  const of = `of ${linkedUsers(linkedCount)}`;
  // A run under the threshold goes ahead: its line says what it does, not what it "would" do.
  const message = hold
    ? `Held: this sync would ${parts("clear", "unlink")} ${of}, more than ${thresholdPercent} %. Review and approve or reject it.`
    : affected > 0
      ? `Within the safety threshold (${thresholdPercent} %): this sync ${parts("clears", "unlinks")} ${of}.`
      : "This sync clears and unlinks nothing.";
  return {
    hold,
    affected,
    clearing: clearingIds.size,
    unlinking: unlinkingIds.size,
    linkedCount,
    thresholdPercent,
    minimum,
    message,
  };
}
