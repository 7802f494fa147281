import { asciiSlug, stableGuid } from "./deterministic";
import { PERSON_ROWS, SWITCHBOARD_ONLY_ROWS, type OfficeKey, type PersonRow } from "./demo-people-rows";

/**
 * The single source of truth for the demo: the emulator's demo tenant and the portal's seeded
 * switchboard are both built from here, so "what matches what" is decided in one place.
 */
export const DEMO_REGION = "SE";

/** The software provider's own tenant, home of the multi-tenant provider app. */
export const PROVIDER_TENANT = {
  id: "3b1f6a52-8c0d-4e57-9a3e-6d2f41c7b0a9",
  displayName: "Switchboard Provider AB",
  domain: "switchboardprovider.onmicrosoft.com",
} as const;

/** The customer tenant the demo integration reads. */
export const DEMO_TENANT = {
  id: "8f3b6c2a-4e1d-4b7a-9c5e-2a1f0d9e7b34",
  displayName: "Nordic Demo AB",
  domain: "nordicdemo.onmicrosoft.com",
  /** Verified custom domain: UPNs and mail addresses use it. */
  customDomain: "nordicdemo.se",
} as const;

/** A second customer tenant that has NOT consented yet: walk through admin consent with it. */
export const CONSENT_DEMO_TENANT = {
  id: "c41e9d07-2b6a-4f18-8e3d-95a07b2c6f11",
  displayName: "Fjord Logistikk AS",
  domain: "fjordlogistikk.onmicrosoft.com",
  userCount: 12,
  seed: 4711,
} as const;

/** The provider's multi-tenant app (automated setup). Its secret is generated at first start. */
export const PROVIDER_APP = {
  clientId: "6e0c2d4b-91a7-4f3e-b8d5-1c9a7e24f680",
  displayName: "Switchboard Provider – directory sync",
  roles: ["User.Read.All"],
  secretLifetimeDays: 730,
} as const;

/** The customer's own app registration in the demo tenant (manual setup). */
export const CUSTOMER_APP = {
  clientId: "a7d35f19-0e4c-4b2a-9f61-38c5e0d2b7e4",
  displayName: "Nordic Demo – switchboard sync",
  roles: ["User.Read.All"],
  /** Expires ~90 days after first start so the portal's "secret expires soon" path has data. */
  secretLifetimeDays: 90,
} as const;

/** A directory extension registered by the customer app: `extension_{appId without hyphens}_costCenter`. */
export const DEMO_COST_CENTER_EXTENSION: `extension_${string}` = `extension_${CUSTOMER_APP.clientId.replace(/-/g, "")}_costCenter`;

/** Entra user properties (Graph names) plus directory extensions (`extension_…`, see DEMO_COST_CENTER_EXTENSION). */
export type DemoEntraUser = DemoEntraCore & { [directoryExtension: `extension_${string}`]: string };

/** The Graph user properties demo and generated users carry (Graph names). */
export interface DemoEntraCore {
  id: string;
  userPrincipalName: string;
  mail: string;
  displayName: string;
  givenName: string;
  surname: string;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string;
  city: string;
  country: string;
  usageLocation: string;
  companyName: string;
  preferredLanguage: string;
  employeeId: string;
  mobilePhone: string | null;
  businessPhones: string[];
  accountEnabled: boolean;
  userType: "Member";
  createdDateTime: string;
  onPremisesExtensionAttributes: { extensionAttribute1?: string; extensionAttribute2?: string };
}

export interface DemoSwitchboardUser {
  numbers: string[];
  displayName: string;
  firstName: string;
  lastName: string;
  title: string | null;
  department: string | null;
  email: string | null;
  location: string | null;
  company: string;
  tags: string[];
}

export interface DemoPerson {
  key: string;
  /** Null: the person has no Entra account (their number may still match someone else's). */
  entra: DemoEntraUser | null;
  /** Null: Entra only — a candidate "limited user". */
  switchboard: DemoSwitchboardUser | null;
  /** What this person demonstrates. */
  note?: string;
}

const OFFICES: Record<OfficeKey, { officeLocation: string; city: string; country: string; usageLocation: string; companyName: string; language: string }> = {
  sthlm: { officeLocation: "Stockholm HQ", city: "Stockholm", country: "Sweden", usageLocation: "SE", companyName: "Nordic Demo AB", language: "sv-SE" },
  gbg: { officeLocation: "Göteborg", city: "Göteborg", country: "Sweden", usageLocation: "SE", companyName: "Nordic Demo AB", language: "sv-SE" },
  malmo: { officeLocation: "Malmö", city: "Malmö", country: "Sweden", usageLocation: "SE", companyName: "Nordic Demo AB", language: "sv-SE" },
  oslo: { officeLocation: "Oslo", city: "Oslo", country: "Norway", usageLocation: "NO", companyName: "Nordic Demo AS", language: "nb-NO" },
  cph: { officeLocation: "København", city: "København", country: "Denmark", usageLocation: "DK", companyName: "Nordic Demo ApS", language: "da-DK" },
  hki: { officeLocation: "Helsinki", city: "Helsinki", country: "Finland", usageLocation: "FI", companyName: "Nordic Demo Oy", language: "fi-FI" },
};

function entraUser(row: PersonRow, index: number): DemoEntraUser {
  const office = OFFICES[row.office];
  const upn = `${asciiSlug(`${row.given} ${row.surname}`)}@${DEMO_TENANT.customDomain}`;
  const attributes: DemoEntraUser["onPremisesExtensionAttributes"] = {};
  if (row.skills) attributes.extensionAttribute1 = row.skills;
  if (row.site ?? row.skills) attributes.extensionAttribute2 = row.site ?? office.officeLocation;
  const core: DemoEntraCore = {
    id: stableGuid(`demo-user:${row.key}`),
    userPrincipalName: upn,
    mail: upn,
    displayName: `${row.given} ${row.surname}`,
    givenName: row.given,
    surname: row.surname,
    jobTitle: row.title,
    department: row.dept,
    officeLocation: office.officeLocation,
    city: office.city,
    country: office.country,
    usageLocation: office.usageLocation,
    companyName: office.companyName,
    preferredLanguage: office.language,
    employeeId: String(10100 + index * 7),
    mobilePhone: row.mobile ?? null,
    businessPhones: row.business ? [row.business] : [],
    accountEnabled: !row.disabled,
    userType: "Member",
    createdDateTime: new Date(Date.UTC(2019, 0, 7) + index * 17 * 86_400_000).toISOString().replace(".000", ""),
    onPremisesExtensionAttributes: attributes,
  };
  return Object.assign(core, { [DEMO_COST_CENTER_EXTENSION]: `CC-${1000 + (index % 6) * 100}` }) as DemoEntraUser;
}

/** The switchboard side: current Entra values unless the row says they went stale. */
function switchboardUser(row: PersonRow, entra: DemoEntraUser): DemoSwitchboardUser | null {
  if (!row.sb) return null;
  const stale = row.sb.stale ?? {};
  const lastName = stale.lastName ?? entra.surname;
  const clean = (value: string | null) => (value == null ? null : value.replace(/<[^>]*>/g, "").trim() || null);
  return {
    numbers: row.sb.numbers,
    displayName: `${entra.givenName} ${lastName}`,
    firstName: entra.givenName,
    lastName,
    title: "title" in stale ? (stale.title ?? null) : clean(entra.jobTitle),
    department: "department" in stale ? (stale.department ?? null) : clean(entra.department),
    email: stale.email ?? entra.mail,
    location: stale.location ?? entra.onPremisesExtensionAttributes.extensionAttribute2 ?? entra.officeLocation,
    company: entra.companyName,
    tags: entra.onPremisesExtensionAttributes.extensionAttribute1?.split(";") ?? [],
  };
}

/** Everyone in the demo, in a fixed order. Fresh objects on every call (callers may mutate). */
export function demoPeople(): DemoPerson[] {
  const people: DemoPerson[] = PERSON_ROWS.map((row, index) => {
    const entra = entraUser(row, index);
    return { key: row.key, entra, switchboard: switchboardUser(row, entra), note: row.note };
  });
  for (const row of SWITCHBOARD_ONLY_ROWS) {
    const office = OFFICES[row.office];
    people.push({
      key: row.key,
      entra: null,
      switchboard: {
        numbers: row.numbers,
        displayName: row.displayName,
        firstName: row.firstName,
        lastName: row.lastName,
        title: row.title,
        department: row.department,
        email: null,
        location: office.officeLocation,
        company: office.companyName,
        tags: [],
      },
      note: row.note,
    });
  }
  return people;
}

/** The demo switchboard's entries in demoPeople() order (people with no switchboard entry skipped). */
export function demoSwitchboardUsers(): DemoSwitchboardUser[] {
  return demoPeople().flatMap((p) => (p.switchboard ? [p.switchboard] : []));
}
