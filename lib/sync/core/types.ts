// Inputs of the pure sync core. Plain, serialisable data: the orchestrator reads these from Graph
// and the database and passes them in; nothing here knows about either.

export const SCALAR_FIELDS = [
  "displayName",
  "firstName",
  "lastName",
  "title",
  "department",
  "email",
  "location",
  "company",
] as const;

export type ScalarField = (typeof SCALAR_FIELDS)[number];
export type SwitchboardField = ScalarField | "tags";
export const SWITCHBOARD_FIELDS: readonly SwitchboardField[] = [...SCALAR_FIELDS, "tags"];

export type ScalarValues = Record<ScalarField, string | null>;

/** Switchboard field ← Graph user property (case-sensitive; nested paths use `/`). */
export interface FieldMapping {
  property: string;
  target: SwitchboardField;
}

/** An Entra user as last read from Graph. */
export interface DirectoryUser {
  objectId: string;
  userPrincipalName: string;
  displayName: string | null;
  accountEnabled: boolean;
  mobilePhone: string | null;
  businessPhones: string[];
  /** The selected Graph values, nested objects included (`onPremisesExtensionAttributes`). */
  properties: Record<string, unknown>;
  /**
   * Optional: raw number → E.164 as an earlier plan with the same region returned it
   * (SyncPlan.directoryNumbers). Numbers found here are not parsed again; drop it when the region changes.
   */
  knownE164?: Record<string, string>;
}

export interface SwitchboardNumber {
  id: string;
  raw: string;
  /** Stored normalisation; null means "not normalised yet" (or invalid) and is recomputed. */
  e164: string | null;
}

export type SwitchboardUserKind = "FULL" | "LIMITED";

export interface SwitchboardUser {
  id: string;
  kind: SwitchboardUserKind;
  fields: ScalarValues;
  tags: string[];
  numbers: SwitchboardNumber[];
}

export type LinkOrigin = "AUTO" | "ADMIN" | "LIMITED";

/** "This switchboard user is fed by that Entra user", for the integration being planned. */
export interface ExistingLink {
  switchboardUserId: string;
  objectId: string;
  phoneNumberId: string | null;
  origin: LinkOrigin;
  syncEnabled: boolean;
}

export interface AdminChoices {
  /** e164 → objectId the admin picked for a number several Entra users share. */
  sharedNumbers: Record<string, string>;
  /** objectId → e164 the admin picked for a user whose numbers match several switchboard users. */
  multipleCandidates: Record<string, string>;
}

export type LimitedUsersMode = "NONE" | "ALL" | "QUERY";

export interface LimitedUsersPolicy {
  mode: LimitedUsersMode;
  /**
   * QUERY only: object ids the admin's query returned in this run. Absent = the query was not
   * evaluated, so no limited user is created or removed for (non-)candidacy.
   */
  candidates?: string[];
}

/**
 * ALL: directoryUsers is the whole (enabled) directory and switchboardUsers the whole solution;
 * a linked user missing from a complete ALL run is gone.
 * SUBSET: delta or single-user run; only removedObjectIds are gone, missing users are unknown.
 */
export type PlanScope = "ALL" | "SUBSET";

export interface SyncInput {
  region: string;
  mappings: FieldMapping[];
  scope: PlanScope;
  /** Did this run read the whole directory (or a whole delta round)? Rule 11. */
  complete: boolean;
  /**
   * Deleted (`@removed`) users; disabled ones may be listed here or passed with accountEnabled false.
   * A listed user is gone even if directoryUsers also holds it.
   */
  removedObjectIds: string[];
  directoryUsers: DirectoryUser[];
  switchboardUsers: SwitchboardUser[];
  links: ExistingLink[];
  choices: AdminChoices;
  /** e164 → id of another integration of the same solution that feeds a user with that number. */
  foreignNumbers: Record<string, string>;
  limitedUsers: LimitedUsersPolicy;
  /** ISO timestamp of the run; the core never reads the clock. */
  now: string;
}
