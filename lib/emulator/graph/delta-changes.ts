import type { Selection } from "./projection";
import { USER_PROPERTIES } from "./user-schema";
import type { ChangeEntry, ChangeKind } from "../state/user-directory";

export interface DeltaEntry {
  id: string;
  kind: ChangeKind;
  /** Tracked properties that changed; null = the whole object (created or restored). */
  props: Set<string> | null;
}

/**
 * Which changed property names a round reports (https://learn.microsoft.com/en-us/graph/delta-query-overview).
 * With `$select`, only the selected ones: an edit that touches none of them produces no entry — e.g. disabling
 * a user is only visible as `accountEnabled: false` when `accountEnabled` was selected. Without `$select`,
 * every property, except those stored outside the directory (skills, aboutMe, … — the doc's "Limitations"),
 * which are the ones Graph refuses to `$select` on the collection.
 */
function tracker(selection: Selection): (name: string) => string | undefined {
  if (!selection.explicit) return (name) => (USER_PROPERTIES.get(name)?.collectionOnly501 ? undefined : name);
  const tracked = new Map(selection.names.map((n) => [n.toLowerCase(), n]));
  return (name) => tracked.get(name.toLowerCase());
}

/** Folds a slice of the change log into one entry per user, ordered by each user's last change. */
export function collectChanges(log: readonly ChangeEntry[], selection: Selection): DeltaEntry[] {
  const tracked = tracker(selection);
  const byUser = new Map<string, DeltaEntry>();
  for (const change of log) {
    const current = byUser.get(change.userId) ?? { id: change.userId, kind: change.kind, props: new Set<string>() };
    byUser.delete(change.userId);
    current.kind = change.kind;
    if (change.props === null) current.props = null;
    else if (current.props) {
      for (const p of change.props) {
        const name = tracked(p);
        if (name) current.props.add(name);
      }
    }
    byUser.set(change.userId, current);
  }
  return [...byUser.values()].filter((e) => e.kind !== "upsert" || e.props === null || e.props.size > 0);
}
