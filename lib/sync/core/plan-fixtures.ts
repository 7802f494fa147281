// Builders for the core's tests and the speed check: small, readable inputs with Swedish defaults.
import type { DirectoryUser, ExistingLink, FieldMapping, ScalarValues, SwitchboardUser, SyncInput } from "./types";

export const BASIC_MAPPINGS: FieldMapping[] = [
  { property: "displayName", target: "displayName" },
  { property: "givenName", target: "firstName" },
  { property: "surname", target: "lastName" },
  { property: "jobTitle", target: "title" },
  { property: "department", target: "department" },
];

export function entraUser(objectId: string, over: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    objectId,
    userPrincipalName: `${objectId}@contoso.example`,
    displayName: over.displayName ?? `User ${objectId}`,
    accountEnabled: true,
    mobilePhone: null,
    businessPhones: [],
    properties: {},
    ...over,
  };
}

export function emptyFields(over: Partial<ScalarValues> = {}): ScalarValues {
  return {
    displayName: null,
    firstName: null,
    lastName: null,
    title: null,
    department: null,
    email: null,
    location: null,
    company: null,
    ...over,
  };
}

/** Numbers are raw strings (normalised by the core) or `{ raw, e164 }` when the store already has it. */
export function switchboardUser(
  id: string,
  numbers: (string | { raw: string; e164: string | null })[],
  over: Partial<Omit<SwitchboardUser, "numbers">> = {},
): SwitchboardUser {
  return {
    id,
    kind: "FULL",
    fields: emptyFields(),
    tags: [],
    numbers: numbers.map((n, i) => ({ id: `${id}#${i}`, ...(typeof n === "string" ? { raw: n, e164: null } : n) })),
    ...over,
  };
}

export function link(switchboardUserId: string, objectId: string, over: Partial<ExistingLink> = {}): ExistingLink {
  return { switchboardUserId, objectId, phoneNumberId: `${switchboardUserId}#0`, origin: "AUTO", syncEnabled: true, ...over };
}

export function syncInput(over: Partial<SyncInput> = {}): SyncInput {
  return {
    region: "SE",
    mappings: BASIC_MAPPINGS,
    scope: "ALL",
    complete: true,
    removedObjectIds: [],
    directoryUsers: [],
    switchboardUsers: [],
    links: [],
    choices: { sharedNumbers: {}, multipleCandidates: {} },
    foreignNumbers: {},
    limitedUsers: { mode: "NONE" },
    now: "2025-01-15T08:00:00.000Z",
    ...over,
  };
}
