import type { Selection } from "./projection";
import type { ChangeEntry, ChangeKind } from "../state/user-directory";

export interface DeltaEntry {
  id: string;
  kind: ChangeKind;
  /** Tracked properties that changed; null = the whole object (created or restored). */
  props: Set<string> | null;
}

/**
 * Folds a slice of the change log into one entry per user, ordered by each user's last change.
 * `$select` limits tracking (https://learn.microsoft.com/en-us/graph/delta-query-overview): an edit
 * that touches no selected property produces no entry — e.g. disabling a user is only visible as
 * `accountEnabled: false` when `accountEnabled` was selected.
 */
export function collectChanges(log: readonly ChangeEntry[], selection: Selection): DeltaEntry[] {
  const tracked = new Map(selection.names.map((n) => [n.toLowerCase(), n]));
  const byUser = new Map<string, DeltaEntry>();
  for (const change of log) {
    const current = byUser.get(change.userId) ?? { id: change.userId, kind: change.kind, props: new Set<string>() };
    byUser.delete(change.userId);
    current.kind = change.kind;
    if (change.props === null) current.props = null;
    else if (current.props) {
      for (const p of change.props) {
        const name = tracked.get(p.toLowerCase());
        if (name) current.props.add(name);
      }
    }
    byUser.set(change.userId, current);
  }
  return [...byUser.values()].filter((e) => e.kind !== "upsert" || e.props === null || e.props.size > 0);
}
