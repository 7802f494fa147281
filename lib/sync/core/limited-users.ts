import { diffValues } from "./diff";
import { allFields, limitedUserValues } from "./map-fields";
import type { ActiveUser, NumberIndex } from "./number-index";
import type {
  DeferredStep,
  LimitedNumberChange,
  LimitedRemovalReason,
  LimitedUserCreate,
  LimitedUserRemove,
  NewNumber,
  UserChange,
  UserRow,
} from "./plan-types";
import type { ExistingLink, FieldMapping, LimitedUsersPolicy, SwitchboardUser, SyncInput } from "./types";

type LinkedRow = Extract<UserRow, { matched: true }>;

export interface LimitedPlan {
  create: LimitedUserCreate[];
  remove: LimitedUserRemove[];
  numbers: LimitedNumberChange[];
  changes: UserChange[];
  deferred: DeferredStep[];
  rows: UserRow[];
  synced: string[];
  /** Entra users that still have a limited user after this run (a full link for them must wait). */
  stillLimited: Set<string>;
}

type Selector = (objectId: string, alreadyLimited: boolean) => boolean;

function selector(policy: LimitedUsersPolicy): Selector {
  if (policy.mode === "ALL") return () => true;
  if (policy.mode === "NONE") return () => false;
  // An unevaluated query neither adds nor drops anyone.
  const candidates = policy.candidates ? new Set(policy.candidates) : null;
  return (objectId, alreadyLimited) => (candidates ? candidates.has(objectId) : alreadyLimited);
}

// A number another Entra user also has, or that another integration feeds, would give the
// switchboard two owners for it: the limited user goes without it.
function ownableNumbers(active: ActiveUser, index: NumberIndex, input: SyncInput): NewNumber[] {
  return active.numbers
    .filter(({ e164 }) => index.entraByE164.get(e164)?.length === 1 && !Object.hasOwn(input.foreignNumbers, e164))
    .map(({ raw, e164 }) => ({ raw, e164 }));
}

// Nor one that another of this integration's limited users still holds (its sync off, or it gives
// the number up only later in the writes): it comes with a later run, once the number is free.
function freeNumbers(numbers: NewNumber[], heldByLimited: Map<string, string>, ownId?: string): NewNumber[] {
  return numbers.filter(({ e164 }) => {
    const holder = heldByLimited.get(e164);
    return holder === undefined || holder === ownId;
  });
}

/** E.164 → the limited user (of this integration) holding it now. */
function limitedNumberHolders(limitedLinks: readonly ExistingLink[], index: NumberIndex): Map<string, string> {
  const holders = new Map<string, string>();
  for (const link of limitedLinks) {
    const user = index.switchboardById.get(link.switchboardUserId);
    for (const number of user?.numbers ?? []) {
      const e164 = index.e164Of(user!.id, number.id);
      if (e164) holders.set(e164, user!.id);
    }
  }
  return holders;
}

function numberChange(
  user: SwitchboardUser,
  wanted: NewNumber[],
  index: NumberIndex,
  objectId: string,
): LimitedNumberChange | null {
  const have = new Set(user.numbers.map((n) => index.e164Of(user.id, n.id)));
  const want = new Set(wanted.map((n) => n.e164));
  const add = wanted.filter((n) => !have.has(n.e164));
  const removeNumberIds = user.numbers.filter((n) => !want.has(index.e164Of(user.id, n.id) ?? "")).map((n) => n.id);
  if (add.length + removeNumberIds.length === 0) return null;
  return { switchboardUserId: user.id, objectId, add, removeNumberIds };
}

/**
 * Rule 10: Entra users that match no switchboard user get a LIMITED one, kept in sync like any
 * linked user, and removed when they are gone, match a full user or are no longer selected. Under
 * rule 11 an incomplete run removes neither users nor numbers.
 */
export function planLimitedUsers(
  input: SyncInput,
  index: NumberIndex,
  mappings: readonly FieldMapping[],
  limitedLinks: readonly ExistingLink[],
  matched: (objectId: string) => boolean,
): LimitedPlan {
  const plan: LimitedPlan = {
    create: [],
    remove: [],
    numbers: [],
    changes: [],
    deferred: [],
    rows: [],
    synced: [],
    stillLimited: new Set(),
  };
  const linked = new Set(limitedLinks.map((link) => link.objectId));
  const heldByLimited = limitedNumberHolders(limitedLinks, index);
  /** Limited users kept in sync, with the numbers their Entra user has that a limited user may own. */
  const numbersToPlan: { user: SwitchboardUser; objectId: string; ownable: NewNumber[] }[] = [];
  const selected = selector(input.limitedUsers);
  const row = ({ switchboardUserId, objectId, syncEnabled }: ExistingLink, state: LinkedRow["state"]) =>
    plan.rows.push({ switchboardUserId, matched: true, objectId, syncEnabled, state });

  for (const link of limitedLinks) {
    const user = index.switchboardById.get(link.switchboardUserId);
    plan.stillLimited.add(link.objectId);
    if (!user) continue;
    const state = index.stateOf(link.objectId);
    if (!link.syncEnabled || state === "UNKNOWN") {
      row(link, link.syncEnabled ? "UNKNOWN" : "FROZEN");
      continue;
    }
    const reason: LimitedRemovalReason | null =
      state === "GONE" ? "ENTRA_USER_GONE"
      : matched(link.objectId) ? "MATCHES_SWITCHBOARD_USER"
      : !selected(link.objectId, true) ? "NOT_SELECTED"
      : null;
    if (reason && input.complete) {
      plan.remove.push({ switchboardUserId: user.id, objectId: link.objectId, reason });
      plan.stillLimited.delete(link.objectId);
    } else if (reason) {
      plan.deferred.push({ kind: "REMOVE_LIMITED_USER", switchboardUserId: user.id, objectId: link.objectId });
      row(link, "HELD");
    } else {
      const { objectId } = link;
      const active = index.active.get(objectId)!;
      const diff = diffValues(user, limitedUserValues(active.user, mappings), input.complete);
      const switchboardUserId = user.id;
      if (diff.changes.length > 0) plan.changes.push({ switchboardUserId, objectId, changes: [...diff.changes] });
      for (const field of diff.withheldClears) {
        plan.deferred.push({ kind: "CLEAR_FIELD", switchboardUserId: user.id, objectId, field });
      }
      numbersToPlan.push({ user, objectId, ownable: ownableNumbers(active, index, input) });
      plan.synced.push(user.id);
      row(link, "SYNCED");
    }
  }

  // Numbers are planned once every limited user's fate is known. After a complete read, a number a
  // removed limited user had, or one a limited user gives up, is free for a new owner in this run
  // (the writes free numbers before they add any); one a limited user keeps is not given to a second.
  if (input.complete) {
    const gone = new Set(plan.remove.map((r) => r.switchboardUserId));
    for (const { user, ownable } of numbersToPlan) {
      const keeps = new Set(ownable.map((n) => n.e164));
      for (const number of user.numbers) {
        const e164 = index.e164Of(user.id, number.id);
        if (e164 && !keeps.has(e164) && heldByLimited.get(e164) === user.id) heldByLimited.delete(e164);
      }
    }
    for (const [e164, holder] of heldByLimited) if (gone.has(holder)) heldByLimited.delete(e164);
  }
  for (const { user, objectId, ownable } of numbersToPlan) {
    const change = numberChange(user, freeNumbers(ownable, heldByLimited, user.id), index, objectId);
    if (change && !input.complete && change.removeNumberIds.length > 0) {
      plan.deferred.push({ kind: "REMOVE_NUMBER", switchboardUserId: user.id, objectId });
      change.removeNumberIds = [];
    }
    // A user the incomplete read missed may share the new number (rule 5): it waits, like a new link.
    if (change && !input.complete && change.add.length > 0) {
      plan.deferred.push({ kind: "ADD_NUMBER", switchboardUserId: user.id, objectId });
      change.add = [];
    }
    if (change && change.add.length + change.removeNumberIds.length > 0) plan.numbers.push(change);
  }

  if (input.limitedUsers.mode === "NONE") return plan;
  // After an incomplete read an unread user (or an unread change) may share a candidate's number or
  // match it otherwise: new limited users wait for a complete read, like new links.
  const wait = !input.complete;
  for (const [objectId, active] of index.active) {
    if (!selected(objectId, false) || linked.has(objectId) || matched(objectId)) continue;
    if (wait) {
      plan.deferred.push({ kind: "CREATE_LIMITED_USER", switchboardUserId: null, objectId });
      continue;
    }
    const { fields, tags = [] } = limitedUserValues(active.user, mappings);
    plan.create.push({ objectId, fields: allFields(fields), tags, numbers: freeNumbers(ownableNumbers(active, index, input), heldByLimited) });
  }
  return plan;
}
