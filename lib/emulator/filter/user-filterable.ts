import { DIRECTORY_EXTENSION, EXTENSION_ATTRIBUTE_NAMES } from "../graph/user-schema";

export type Support = "default" | "advanced";
export type ValueType = "string" | "boolean" | "datetime";

// A row of the user table in https://learn.microsoft.com/en-us/graph/aad-advanced-queries; no column = unsupported.
export interface FilterRule {
  /** Unset for directory extensions, whose declared type the emulator does not know. */
  type?: ValueType;
  /** `eq` and `in`; also `ne`/`not` in advanced queries. */
  eq?: Support;
  startsWith?: Support;
  /** ge/le; gt/lt are treated the same (the doc only has a ge/le column). */
  range?: Support;
  eqNull?: Support;
  /** A string collection, filterable only through `any(p: p …)`; the columns describe `p`. */
  collection?: boolean;
  /** `endsWith` and `/$count eq 0` exist only in advanced queries. */
  endsWith?: boolean;
  count?: boolean;
}

const D: Support = "default";
const A: Support = "advanced";
const STRING: FilterRule = { type: "string", eq: D, startsWith: D, eqNull: A };
const ADVANCED_STRING: FilterRule = { type: "string", eq: A, startsWith: A, eqNull: A };
const EQ_STRING: FilterRule = { type: "string", eq: D };
const EQ_STRING_NULL: FilterRule = { type: "string", eq: D, eqNull: A };
const MAIL_COLLECTION: FilterRule = {
  type: "string",
  collection: true,
  eq: D,
  startsWith: D,
  endsWith: true,
  count: true,
};

const EXTENSION_ATTRIBUTES = Object.fromEntries(
  EXTENSION_ATTRIBUTE_NAMES.map((name): [string, FilterRule] => [
    `onPremisesExtensionAttributes/${name}`,
    { type: "string", eq: A, eqNull: A },
  ]),
);

export const USER_FILTERABLE: Readonly<Record<string, FilterRule>> = {
  // `id` is the directoryObject key and missing from the user table; user-delta documents `id eq`/`in`.
  id: EQ_STRING,
  accountEnabled: { type: "boolean", eq: D },
  ageGroup: EQ_STRING,
  assignedLicenses: { count: true },
  // [unconfirmed] Microsoft's table lists eq and startsWith on businessPhones (advanced); a 2021
  // report saw a 400 for `any(p:startsWith(p,'+'))` (reference §1). The documented table wins here.
  businessPhones: { type: "string", collection: true, eq: A, startsWith: A },
  city: STRING,
  companyName: ADVANCED_STRING,
  consentProvidedForMinor: EQ_STRING,
  country: STRING,
  createdDateTime: { type: "datetime", eq: D, range: D, eqNull: A },
  creationType: EQ_STRING,
  department: STRING,
  displayName: STRING,
  employeeHireDate: { type: "datetime", eq: A, range: A },
  employeeId: EQ_STRING_NULL,
  "employeeOrgData/costCenter": { type: "string", eq: A },
  "employeeOrgData/division": { type: "string", eq: A },
  employeeType: { type: "string", eq: A },
  externalUserState: EQ_STRING,
  faxNumber: ADVANCED_STRING,
  givenName: STRING,
  imAddresses: { type: "string", collection: true, eq: D, startsWith: D },
  isResourceAccount: { type: "boolean", eq: D },
  jobTitle: STRING,
  mail: { ...STRING, endsWith: true },
  mailNickname: STRING,
  mobilePhone: ADVANCED_STRING,
  officeLocation: ADVANCED_STRING,
  ...EXTENSION_ATTRIBUTES,
  onPremisesImmutableId: EQ_STRING,
  onPremisesLastSyncDateTime: { type: "datetime", eq: D, range: D },
  onPremisesProvisioningErrors: { count: true },
  onPremisesSamAccountName: { type: "string", eq: A, startsWith: A },
  onPremisesSecurityIdentifier: EQ_STRING_NULL,
  onPremisesSyncEnabled: { type: "boolean", eq: D, eqNull: A },
  otherMails: MAIL_COLLECTION,
  passwordPolicies: { type: "string", eqNull: A },
  postalCode: ADVANCED_STRING,
  preferredLanguage: ADVANCED_STRING,
  proxyAddresses: MAIL_COLLECTION,
  showInAddressList: { type: "boolean", eq: A },
  state: EQ_STRING_NULL,
  streetAddress: ADVANCED_STRING,
  surname: STRING,
  usageLocation: STRING,
  userPrincipalName: { type: "string", eq: D, startsWith: D, endsWith: true },
  userType: EQ_STRING_NULL,
};

// The doc's per-extension-type table says startsWith is advanced; its sample row says default. Stricter wins.
const DIRECTORY_EXTENSION_RULE: FilterRule = { eq: D, startsWith: A, eqNull: A };

export function ruleFor(key: string): FilterRule | undefined {
  if (Object.hasOwn(USER_FILTERABLE, key)) return USER_FILTERABLE[key];
  return DIRECTORY_EXTENSION.test(key) ? DIRECTORY_EXTENSION_RULE : undefined;
}

const KEYS_BY_LOWER = new Map(Object.keys(USER_FILTERABLE).map((key) => [key.toLowerCase(), key]));

/** The table's spelling of a nested key such as `onPremisesExtensionAttributes/extensionAttribute1`, matched case-insensitively. */
export function filterableKey(key: string): string | undefined {
  return KEYS_BY_LOWER.get(key.toLowerCase());
}

export function hasFilterableMembers(property: string): boolean {
  return Object.keys(USER_FILTERABLE).some((key) => key.startsWith(`${property}/`));
}
