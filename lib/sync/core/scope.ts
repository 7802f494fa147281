import { normaliseNumber } from "./normalise-number";
import { directoryNumbersOf } from "./number-index";
import type { SyncInput } from "./types";

export type ScopeInput = Pick<
  SyncInput,
  "region" | "directoryUsers" | "switchboardUsers" | "links" | "removedObjectIds"
>;

/** Everything a partial run's input points at; the caller makes sure all of it is loaded. */
export interface ScopeReferences {
  /** Every valid number of the directory and switchboard users in scope. */
  e164s: string[];
  /** Entra users that links in scope name but that are neither passed nor removed. */
  missingObjectIds: string[];
  /** Switchboard users that links in scope name but that are not passed. */
  missingSwitchboardUserIds: string[];
}

/**
 * A delta or single-user plan is only right when its input is closed: every directory user and
 * switchboard user holding one of the numbers in scope, and every link touching either, is in it.
 * The orchestrator seeds the scope with the changed users (and the numbers they had before),
 * then loads what this returns, repeating until a round adds nothing.
 */
export function scopeReferences(input: ScopeInput): ScopeReferences {
  const e164s = new Set<string>();
  const add = (raw: string, stored?: string | null) => {
    if (stored) e164s.add(stored);
    else {
      const result = normaliseNumber(raw, input.region);
      if (result.ok) e164s.add(result.e164);
    }
  };
  const objectIds = new Set(input.removedObjectIds);
  for (const user of input.directoryUsers) {
    objectIds.add(user.objectId);
    for (const n of directoryNumbersOf(user, input.region).numbers) e164s.add(n.e164);
  }
  const switchboardUserIds = new Set<string>();
  for (const user of input.switchboardUsers) {
    switchboardUserIds.add(user.id);
    for (const number of user.numbers) add(number.raw, number.e164);
  }
  const missingObjectIds = new Set<string>();
  const missingSwitchboardUserIds = new Set<string>();
  for (const link of input.links) {
    if (!objectIds.has(link.objectId)) missingObjectIds.add(link.objectId);
    if (!switchboardUserIds.has(link.switchboardUserId)) missingSwitchboardUserIds.add(link.switchboardUserId);
  }
  return {
    e164s: [...e164s],
    missingObjectIds: [...missingObjectIds],
    missingSwitchboardUserIds: [...missingSwitchboardUserIds],
  };
}
