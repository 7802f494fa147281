import { diffValues } from "./diff";
import { allFields, limitedUserValues } from "./map-fields";
import type { ActiveUser, NumberIndex } from "./number-index";
import { sharedNumberConflict } from "./number-verdicts";
import type {
  Conflict,
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
  /** Rule 5 for numbers only this integration's limited users can hold. */
  conflicts: Conflict[];
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

/**
 * Which of an Entra user's numbers its limited user may own. One another integration feeds would give
 * the switchboard two owners for it: nobody. One several Entra users have is rule 5's, judged as a
 * full user's number is (number-verdicts.ts): the admin's pick owns it; until then the limited user
 * holding it keeps it, nobody else gets it, and the admin is asked. (A number on any other switchboard
 * user never comes here: whoever has it matches that user, so has no limited one.)
 */
function numberOwnership(input: SyncInput, index: NumberIndex, limitedLinks: readonly ExistingLink[], heldByLimited: ReadonlyMap<string, string>, gone: ReadonlySet<string>) {
  const conflicts: Conflict[] = [];
  const objectIdOf = new Map(limitedLinks.map((link) => [link.switchboardUserId, link.objectId]));
  /** e164 → the Entra user whose limited user may own the shared number, or null for nobody. */
  const owners = new Map<string, string | null>();
  const ownerOf = (e164: string, sharedBy: string[]): string | null => {
    const known = owners.get(e164);
    if (known !== undefined) return known;
    // A limited user that goes in this run keeps nothing.
    const holder = heldByLimited.get(e164);
    const keeper = holder !== undefined && !gone.has(holder) ? objectIdOf.get(holder)! : null;
    const keeps = keeper !== null && sharedBy.includes(keeper);
    const conflict = sharedNumberConflict(e164, sharedBy, keeps ? [holder!] : [], input.choices);
    // Always asked about: also when no limited user has the number yet (two new ones share it) and
    // after a pick was reopened (dropped), or the number would wait for an answer nobody is asked for.
    conflicts.push(conflict);
    const owner = conflict.appliedObjectId ?? (keeps ? keeper : null);
    owners.set(e164, owner);
    return owner;
  };
  const ownable = ({ user, numbers }: ActiveUser): NewNumber[] =>
    numbers
      .filter(({ e164 }) => {
        if (Object.hasOwn(input.foreignNumbers, e164)) return false;
        const sharedBy = index.entraByE164.get(e164)!;
        return sharedBy.length === 1 || ownerOf(e164, sharedBy) === user.objectId;
      })
      .map(({ raw, e164 }) => ({ raw, e164 }));
  return { ownable, conflicts };
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
    conflicts: [],
    stillLimited: new Set(),
  };
  const linked = new Set(limitedLinks.map((link) => link.objectId));
  const heldByLimited = limitedNumberHolders(limitedLinks, index);
  /** Limited users kept in sync, and their Entra users. */
  const kept: { user: SwitchboardUser; active: ActiveUser }[] = [];
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
      kept.push({ user, active });
      plan.synced.push(user.id);
      row(link, "SYNCED");
    }
  }

  // Numbers are planned once every limited user's fate is known. After a complete read, a number a
  // removed limited user had, or one a limited user gives up, is free for a new owner in this run
  // (the writes free numbers before they add any); one a limited user keeps is not given to a second.
  const gone = new Set(plan.remove.map((r) => r.switchboardUserId));
  // Who keeps a shared number is judged on the numbers as held before this run (a copy: freed below).
  const ownership = numberOwnership(input, index, limitedLinks, new Map(heldByLimited), gone);
  plan.conflicts = ownership.conflicts;
  const numbersToPlan = kept.map(({ user, active }) => ({ user, objectId: active.user.objectId, ownable: ownership.ownable(active) }));
  if (input.complete) {
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
    plan.create.push({ objectId, fields: allFields(fields), tags, numbers: freeNumbers(ownership.ownable(active), heldByLimited) });
  }
  return plan;
}
