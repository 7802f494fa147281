// Microsoft Graph v1.0 `user` properties (msgraph-metadata v1.0 CSDL,
// https://github.com/microsoftgraph/msgraph-metadata), split into what a mapping can feed into a text field and
// what it cannot, with the reason the admin is shown.

const STRING_PROPERTIES = [
  "ageGroup",
  "businessPhones",
  "city",
  "companyName",
  "consentProvidedForMinor",
  "country",
  "createdDateTime",
  "creationType",
  "department",
  "displayName",
  "employeeHireDate",
  "employeeId",
  "employeeLeaveDateTime",
  "employeeType",
  "externalUserState",
  "externalUserStateChangeDateTime",
  "faxNumber",
  "givenName",
  "id",
  "imAddresses",
  "jobTitle",
  "lastPasswordChangeDateTime",
  "legalAgeGroupClassification",
  "mail",
  "mailNickname",
  "mobilePhone",
  "officeLocation",
  "onPremisesDistinguishedName",
  "onPremisesDomainName",
  "onPremisesImmutableId",
  "onPremisesLastSyncDateTime",
  "onPremisesSamAccountName",
  "onPremisesSecurityIdentifier",
  "onPremisesUserPrincipalName",
  "otherMails",
  "passwordPolicies",
  "postalCode",
  "preferredDataLocation",
  "preferredLanguage",
  "proxyAddresses",
  "securityIdentifier",
  "state",
  "streetAddress",
  "surname",
  "usageLocation",
  "userPrincipalName",
  "userType",
];

const NESTED_PROPERTIES = [
  "employeeOrgData/division",
  "employeeOrgData/costCenter",
  ...Array.from({ length: 15 }, (_, i) => `onPremisesExtensionAttributes/extensionAttribute${i + 1}`),
];

/** Every property name a mapping may use, exactly as Graph spells it. */
export const MAPPABLE_USER_PROPERTIES: readonly string[] = [...STRING_PROPERTIES, ...NESTED_PROPERTIES];

// Graph answers $select of these on a list of users with 501 NotImplemented.
const NOT_ON_LIST = [
  "aboutMe",
  "birthday",
  "hireDate",
  "interests",
  "mySite",
  "pastProjects",
  "preferredName",
  "responsibilities",
  "schools",
  "skills",
  "mailboxSettings",
];

const NOT_TEXT = [
  "accountEnabled",
  "assignedLicenses",
  "assignedPlans",
  "authorizationInfo",
  "customSecurityAttributes",
  "deletedDateTime",
  "deviceEnrollmentLimit",
  "employeeOrgData",
  "identities",
  "identityParentId",
  "isManagementRestricted",
  "isResourceAccount",
  "licenseAssignmentStates",
  "onPremisesExtensionAttributes",
  "onPremisesProvisioningErrors",
  "onPremisesSyncEnabled",
  "passwordProfile",
  "print",
  "provisionedPlans",
  "serviceProvisioningErrors",
  "showInAddressList",
  "signInActivity",
  "signInSessionsValidFromDateTime",
];

/** Why an existing Graph property cannot be mapped, or undefined when it is not one of those. */
export function unmappableReason(property: string): string | undefined {
  if (NOT_ON_LIST.includes(property)) {
    return `${property} cannot be read for a list of users (Graph answers 501 Not Implemented)`;
  }
  if (property === "onPremisesExtensionAttributes") {
    return "map one attribute, e.g. onPremisesExtensionAttributes/extensionAttribute1";
  }
  if (property === "employeeOrgData") return "map employeeOrgData/division or employeeOrgData/costCenter";
  if (NOT_TEXT.includes(property)) return `${property} is not a text value`;
  return undefined;
}

const DIRECTORY_EXTENSION = /^extension_[0-9a-f]{32}_[A-Za-z0-9_]+$/;

export function isDirectoryExtension(property: string): boolean {
  return DIRECTORY_EXTENSION.test(property);
}
