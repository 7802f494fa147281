import type { DemoEntraCore } from "./demo-directory";
import { asciiSlug, pick, prng } from "./deterministic";
import { DEPARTMENTS, GIVEN_NAMES, JOB_TITLES, OFFICES, SKILLS, SURNAMES } from "./nordic-names";

export type GeneratedUser = Pick<
  DemoEntraCore,
  "id" | "userPrincipalName" | "mail" | "displayName" | "givenName" | "surname" | "jobTitle" | "department"
  | "officeLocation" | "companyName" | "businessPhones" | "accountEnabled" | "userType"
> & {
  usageLocation: "SE";
  mobilePhone: string;
  onPremisesExtensionAttributes?: DemoEntraCore["onPremisesExtensionAttributes"];
};

const MOBILE_PREFIXES = ["70", "72", "73", "76", "79"] as const;
/** Every SHARE_EVERY-th user also carries the previous user's mobile (a shared phone). */
const SHARE_EVERY = 997;
const isSharer = (i: number) => i > 0 && i % SHARE_EVERY === 0;

/** Subscriber digits for index i: 5 prefixes × 10^7 numbers, unique for i < 50 million. */
function mobileDigits(index: number): { prefix: string; rest: string } {
  const prefix = MOBILE_PREFIXES[index % MOBILE_PREFIXES.length];
  // 7919 is coprime with 10^7, so this walk is a bijection: unique, but not sequential.
  const rest = String((Math.floor(index / MOBILE_PREFIXES.length) * 7919) % 10_000_000).padStart(7, "0");
  return { prefix, rest };
}

/** The E.164-ish spellings real directories contain, rotating by index. */
function entraMobile(index: number): string {
  const { prefix, rest } = mobileDigits(index);
  switch (index % 4) {
    case 0:
      return `+46${prefix}${rest}`;
    case 1:
      return `+46 ${prefix} ${rest.slice(0, 3)} ${rest.slice(3, 5)} ${rest.slice(5)}`;
    case 2:
      return `+46 ${prefix}-${rest}`;
    default:
      return `0046 ${prefix} ${rest.slice(0, 3)} ${rest.slice(3)}`;
  }
}

/** The same number as a Swedish switchboard would store it: national format. */
export function nationalMobile(index: number): string {
  const { prefix, rest } = mobileDigits(index);
  return `0${prefix}-${rest.slice(0, 3)} ${rest.slice(3, 5)} ${rest.slice(5)}`;
}

function guid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * A deterministic tenant of `n` users (same `n` and `seed` → same users), 100,000 in well under a
 * second. Mobiles are unique except every 997th user, who shares the previous user's number;
 * about 2 % are disabled and a third have a business phone.
 */
export function generateTenantUsers(n: number, seed: number, options: { domain?: string; disabledShare?: number } = {}): GeneratedUser[] {
  const disabledShare = options.disabledShare ?? 0.02;
  const random = prng(seed);
  const domain = options.domain ?? `loadtest${seed}.onmicrosoft.com`;
  const users: GeneratedUser[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const givenName = pick(random, GIVEN_NAMES);
    const surname = pick(random, SURNAMES);
    const upn = `${asciiSlug(`${givenName} ${surname}`)}.${i + 1}@${domain}`;
    const shared = isSharer(i);
    const user: GeneratedUser = {
      id: guid(random),
      userPrincipalName: upn,
      mail: upn,
      displayName: `${givenName} ${surname}`,
      givenName,
      surname,
      jobTitle: random() < 0.05 ? null : pick(random, JOB_TITLES),
      department: random() < 0.05 ? null : pick(random, DEPARTMENTS),
      officeLocation: pick(random, OFFICES),
      companyName: "Loadtest AB",
      usageLocation: "SE",
      mobilePhone: entraMobile(shared ? i - 1 : i),
      businessPhones: random() < 0.33 ? [`+46 8 ${String(1_000_000 + i).slice(-7).replace(/^(\d{3})(\d{2})(\d{2})$/, "$1 $2 $3")}`] : [],
      accountEnabled: random() >= disabledShare,
      userType: "Member",
    };
    if (random() < 0.2) {
      user.onPremisesExtensionAttributes = { extensionAttribute1: `${pick(random, SKILLS)};${pick(random, SKILLS)}`, extensionAttribute2: user.officeLocation };
    }
    users[i] = user;
  }
  return users;
}

export interface GeneratedSwitchboardEntry {
  /** The Entra user the number belongs to (for checking match results). */
  entraId: string;
  displayName: string;
  firstName: string;
  lastName: string;
  /** National format (`070-123 45 67`), as the switchboard stores it with region SE. */
  numbers: string[];
}

/**
 * The switchboard side of `generateTenantUsers(n, seed)`: one entry per user holding that user's
 * mobile in national format — except the users who share a predecessor's mobile, who get none, so
 * the shared number sits on exactly one switchboard entry and matches two Entra users.
 */
export function generateSwitchboardNumbers(n: number, seed: number): GeneratedSwitchboardEntry[] {
  const entries: GeneratedSwitchboardEntry[] = [];
  generateTenantUsers(n, seed).forEach((user, i) => {
    if (isSharer(i)) return;
    entries.push({ entraId: user.id, displayName: user.displayName, firstName: user.givenName, lastName: user.surname, numbers: [nationalMobile(i)] });
  });
  return entries;
}
