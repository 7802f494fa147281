import type { LinkOrigin, ScalarField, ScalarValues, SwitchboardField } from "./types";
import type { MappingIssue } from "./mappings";
import type { NumberFailure } from "./normalise-number";

export type FieldChange =
  | { field: ScalarField; before: string | null; after: string | null }
  | { field: "tags"; before: string[]; after: string[] };

/** Field writes for one switchboard user; only users with at least one change appear. */
export interface UserChange {
  switchboardUserId: string;
  objectId: string;
  changes: FieldChange[];
}

export type PhoneSource = "mobilePhone" | "businessPhones";

export interface DirectoryNumber {
  raw: string;
  e164: string;
  source: PhoneSource;
}

export interface LinkCreate {
  switchboardUserId: string;
  objectId: string;
  phoneNumberId: string;
  e164: string;
  origin: Exclude<LinkOrigin, "LIMITED">;
  /** Set when the Entra user was linked to another switchboard user before this run. */
  movedFromSwitchboardUserId: string | null;
}

export interface LinkUpdate {
  switchboardUserId: string;
  objectId: string;
  phoneNumberId: string;
  e164: string;
  origin: Exclude<LinkOrigin, "LIMITED">;
  numberChanged: boolean;
}

export type LinkRemovalReason =
  | "ENTRA_USER_GONE"
  | "NUMBER_NO_LONGER_MATCHES"
  /** The Entra user now feeds another switchboard user (rule 6 choice or automatic rule). */
  | "LINKED_ELSEWHERE"
  /** The admin picked another Entra user for the shared number (rule 5). */
  | "NUMBER_PICKED_FOR_ANOTHER_USER";

export interface LinkRemove {
  switchboardUserId: string;
  objectId: string;
  reason: LinkRemovalReason;
}

export interface NewNumber {
  raw: string;
  e164: string;
}

/** A LIMITED switchboard user to create, plus its LIMITED link to objectId. */
export interface LimitedUserCreate {
  objectId: string;
  fields: ScalarValues;
  tags: string[];
  numbers: NewNumber[];
}

export type LimitedRemovalReason = "ENTRA_USER_GONE" | "MATCHES_SWITCHBOARD_USER" | "NOT_SELECTED";

/** Remove the limited switchboard user (destructive) and its link. */
export interface LimitedUserRemove {
  switchboardUserId: string;
  objectId: string;
  reason: LimitedRemovalReason;
}

export interface LimitedNumberChange {
  switchboardUserId: string;
  objectId: string;
  add: NewNumber[];
  removeNumberIds: string[];
}

export type ConflictState = "OPEN" | "RESOLVED";

export interface CandidateNumber {
  e164: string;
  source: PhoneSource;
  switchboardUserId: string;
  phoneNumberId: string;
}

export type Conflict =
  | {
      kind: "SHARED_NUMBER";
      key: string;
      state: ConflictState;
      e164: string;
      objectIds: string[];
      switchboardUserIds: string[];
      /** The stored admin choice, if any. */
      choice: string | null;
      /** The stored choice names a user who no longer has the number. */
      stale: boolean;
      /** Who may use the number this run (choice, or an ADMIN link on it); null = nobody. */
      appliedObjectId: string | null;
    }
  | {
      kind: "MULTIPLE_CANDIDATES";
      key: string;
      state: ConflictState;
      objectId: string;
      candidates: CandidateNumber[];
      /** What the automatic rule (mobilePhone first, then businessPhones in order) picks. */
      automaticE164: string;
      choice: string | null;
      stale: boolean;
      appliedE164: string;
    }
  | {
      kind: "CROSS_INTEGRATION";
      key: string;
      state: "OPEN";
      e164: string;
      otherIntegrationId: string;
      objectIds: string[];
      switchboardUserIds: string[];
    }
  | {
      kind: "SWITCHBOARD_DUPLICATE";
      key: string;
      state: "OPEN";
      e164: string;
      switchboardUserIds: string[];
      objectIds: string[];
    }
  | {
      /** Several Entra users resolved to one switchboard user through different numbers. */
      kind: "SWITCHBOARD_USER_CLAIMED";
      key: string;
      state: "OPEN";
      switchboardUserId: string;
      objectIds: string[];
      /** The existing link that was kept, if one of the claimants already had it. */
      keptObjectId: string | null;
    };

export interface InvalidNumber {
  source: "entra" | "switchboard";
  /** objectId for Entra, switchboard user id for the switchboard. */
  userRef: string;
  /** Entra property or switchboard number id. */
  where: PhoneSource | string;
  raw: string;
  reason: NumberFailure;
}

export type DeferredKind = "UNLINK" | "CLEAR_FIELD" | "REMOVE_LIMITED_USER" | "REMOVE_NUMBER" | "ADD_NUMBER" | "LINK" | "CREATE_LIMITED_USER";

/**
 * A step an incomplete run did not take; the next complete run will. Destructive steps wait under
 * rule 11; new links and limited users wait too, since what was not read may hold a user that
 * shares the number (rule 5) or claims the same switchboard user.
 */
export interface DeferredStep {
  kind: DeferredKind;
  switchboardUserId: string | null;
  objectId: string;
  field?: SwitchboardField;
}

export type UserRow =
  | {
      switchboardUserId: string;
      matched: true;
      objectId: string;
      syncEnabled: boolean;
      /** FROZEN = sync off; HELD = a conflict or deferred step blocks writes; UNKNOWN = not in scope. */
      state: "SYNCED" | "FROZEN" | "HELD" | "UNKNOWN";
    }
  | { switchboardUserId: string; matched: false };

export interface PlanCounts {
  directoryUsers: number;
  activeDirectoryUsers: number;
  /** Rule 9: switchboard users linked to an Entra user (new limited users included). */
  matched: number;
  /** Rule 9: of those, with sync on. */
  synced: number;
  updatedUsers: number;
  unchangedUsers: number;
  clearingUsers: number;
  openConflicts: number;
  invalidNumbers: number;
  linksCreated: number;
  linksUpdated: number;
  linksRemoved: number;
  limitedCreated: number;
  limitedRemoved: number;
  deferred: number;
}

export interface SyncPlan {
  at: string;
  changes: UserChange[];
  links: { create: LinkCreate[]; update: LinkUpdate[]; remove: LinkRemove[] };
  limited: { create: LimitedUserCreate[]; remove: LimitedUserRemove[]; numbers: LimitedNumberChange[] };
  conflicts: Conflict[];
  /**
   * Rule 5: admin picks of a shared number's owner whose Entra user no longer has the number. The
   * choice is reopened for good: the writer drops it, so the user getting the number back later does
   * not take the switchboard number again unasked.
   */
  staleChoices: { e164: string; objectId: string }[];
  invalidNumbers: InvalidNumber[];
  /** Switchboard numbers stored without e164 that normalise now: store them to skip the work next run. */
  normalisedNumbers: { phoneNumberId: string; e164: string }[];
  /**
   * The valid numbers of each active Entra user in scope, in rule order: store them with the
   * directory snapshot (partial runs look users up by E.164) and pass them back as knownE164.
   */
  directoryNumbers: { objectId: string; numbers: DirectoryNumber[] }[];
  /** Switchboard users whose link was evaluated with fresh Entra data: set their last-synced time. */
  syncedSwitchboardUserIds: string[];
  users: UserRow[];
  deferred: DeferredStep[];
  mappingIssues: MappingIssue[];
  counts: PlanCounts;
}
