/**
 * The v1.0 `user` properties the emulator models (msgraph-metadata v1.0 CSDL, reference §4).
 * `default`: returned without `$select` (https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0);
 * `basic`: readable with User.ReadBasic.All (https://learn.microsoft.com/en-us/graph/api/resources/users);
 * `collectionOnly501`: refused with 501 when selected on the /users collection.
 */
export type PropKind = "string" | "boolean" | "dateTime" | "int" | "strings" | "object" | "objects";

export interface PropDef {
  name: string;
  kind: PropKind;
  default?: true;
  basic?: true;
  collectionOnly501?: true;
}

const S = "string" as const;
const B = "boolean" as const;
const DTO = "dateTime" as const;
const SS = "strings" as const;

const DEFS: PropDef[] = [
  { name: "aboutMe", kind: S, collectionOnly501: true },
  { name: "accountEnabled", kind: B },
  { name: "ageGroup", kind: S },
  { name: "assignedLicenses", kind: "objects" },
  { name: "birthday", kind: DTO, collectionOnly501: true },
  { name: "businessPhones", kind: SS, default: true },
  { name: "city", kind: S },
  { name: "companyName", kind: S },
  { name: "consentProvidedForMinor", kind: S },
  { name: "country", kind: S },
  { name: "createdDateTime", kind: DTO },
  { name: "creationType", kind: S },
  { name: "deletedDateTime", kind: DTO },
  { name: "department", kind: S },
  { name: "displayName", kind: S, default: true, basic: true },
  { name: "employeeHireDate", kind: DTO },
  { name: "employeeId", kind: S },
  { name: "employeeLeaveDateTime", kind: DTO },
  { name: "employeeOrgData", kind: "object" },
  { name: "employeeType", kind: S },
  { name: "externalUserState", kind: S },
  { name: "externalUserStateChangeDateTime", kind: DTO },
  { name: "faxNumber", kind: S },
  { name: "givenName", kind: S, default: true, basic: true },
  { name: "hireDate", kind: DTO, collectionOnly501: true },
  { name: "id", kind: S, default: true, basic: true },
  { name: "identities", kind: "objects" },
  { name: "imAddresses", kind: SS },
  { name: "interests", kind: SS, collectionOnly501: true },
  // "Don't use – reserved for future use" (user resource doc), but in the v1.0 CSDL and accepted by $select.
  { name: "isResourceAccount", kind: B },
  { name: "jobTitle", kind: S, default: true },
  { name: "lastPasswordChangeDateTime", kind: DTO },
  { name: "legalAgeGroupClassification", kind: S },
  { name: "mail", kind: S, default: true, basic: true },
  { name: "mailboxSettings", kind: "object", collectionOnly501: true },
  { name: "mailNickname", kind: S },
  { name: "mobilePhone", kind: S, default: true },
  { name: "mySite", kind: S, collectionOnly501: true },
  { name: "officeLocation", kind: S, default: true },
  { name: "onPremisesDistinguishedName", kind: S },
  { name: "onPremisesDomainName", kind: S },
  { name: "onPremisesExtensionAttributes", kind: "object" },
  { name: "onPremisesImmutableId", kind: S },
  { name: "onPremisesLastSyncDateTime", kind: DTO },
  { name: "onPremisesSamAccountName", kind: S },
  { name: "onPremisesSecurityIdentifier", kind: S },
  { name: "onPremisesSyncEnabled", kind: B },
  { name: "onPremisesUserPrincipalName", kind: S },
  { name: "otherMails", kind: SS },
  { name: "passwordPolicies", kind: S },
  { name: "pastProjects", kind: SS, collectionOnly501: true },
  { name: "postalCode", kind: S },
  { name: "preferredDataLocation", kind: S },
  { name: "preferredLanguage", kind: S, default: true },
  { name: "preferredName", kind: S, collectionOnly501: true },
  { name: "proxyAddresses", kind: SS },
  { name: "responsibilities", kind: SS, collectionOnly501: true },
  { name: "schools", kind: SS, collectionOnly501: true },
  { name: "securityIdentifier", kind: S, basic: true },
  { name: "showInAddressList", kind: B },
  { name: "skills", kind: SS, collectionOnly501: true },
  { name: "state", kind: S },
  { name: "streetAddress", kind: S },
  { name: "surname", kind: S, default: true, basic: true },
  { name: "usageLocation", kind: S },
  { name: "userPrincipalName", kind: S, default: true, basic: true },
  { name: "userType", kind: S },
];

export const USER_PROPERTIES: ReadonlyMap<string, PropDef> = new Map(DEFS.map((d) => [d.name, d]));
const BY_LOWER = new Map(DEFS.map((d) => [d.name.toLowerCase(), d]));

/** Graph's own order for the default representation (id comes last on the wire). */
export const DEFAULT_PROPERTY_ORDER = [
  "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone",
  "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id",
] as const;

export const EXTENSION_ATTRIBUTE_NAMES = Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`);

/** `extension_{appId without hyphens}_{name}` (https://learn.microsoft.com/en-us/graph/extensibility-overview). */
export const DIRECTORY_EXTENSION = /^extension_[0-9a-f]{32}_[A-Za-z0-9_]+$/i;

/** OData property names in `$select`/`$filter` are matched case-insensitively; output uses the schema casing. */
export function lookupProperty(name: string): PropDef | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

export function isBasicProperty(name: string): boolean {
  return lookupProperty(name.split("/")[0])?.basic === true;
}
