import { normaliseNumber } from "./normalise-number";
import type { DirectoryNumber, InvalidNumber, PhoneSource } from "./plan-types";
import type { NumberVerdict } from "./number-verdicts";
import type { DirectoryUser, ExistingLink, SwitchboardUser, SyncInput } from "./types";

/** An enabled, not removed Entra user and its valid numbers in rule order, each E.164 once. */
export interface ActiveUser {
  user: DirectoryUser;
  numbers: DirectoryNumber[];
  /** Its existing link to a full switchboard user, and the E.164 of the number that link uses. */
  link: ExistingLink | null;
  linkE164: string | undefined;
}

export interface NumberHolder {
  switchboardUserId: string;
  phoneNumberId: string;
}

export type EntraState = "ACTIVE" | "GONE" | "UNKNOWN";

/** The switchboard users holding one E.164 (one holder per user) and, once asked, its verdict. */
export interface SwitchboardNumberEntry {
  holders: NumberHolder[];
  /** Filled lazily by number-verdicts; lives as long as this run's index. */
  verdict?: NumberVerdict;
}

export interface NumberIndex {
  active: Map<string, ActiveUser>;
  switchboardById: Map<string, SwitchboardUser>;
  entraByE164: Map<string, string[]>;
  /** e164 → switchboard users with that number; this integration's limited users excluded. */
  switchboardByE164: Map<string, SwitchboardNumberEntry>;
  /** Existing links to full switchboard users, and LIMITED links to this integration's limited users. */
  fullLinks: readonly ExistingLink[];
  limitedLinks: readonly ExistingLink[];
  invalidNumbers: InvalidNumber[];
  normalisedNumbers: { phoneNumberId: string; e164: string }[];
  stateOf(objectId: string): EntraState;
  e164Of(switchboardUserId: string, phoneNumberId: string | null): string | undefined;
}

function addDirectoryNumber(
  numbers: DirectoryNumber[],
  user: DirectoryUser,
  raw: string,
  source: PhoneSource,
  region: string,
  invalid: InvalidNumber[],
): void {
  if (raw.trim() === "") return;
  const known = user.knownE164 && Object.hasOwn(user.knownE164, raw) ? user.knownE164[raw] : undefined;
  const result = known !== undefined ? { ok: true as const, e164: known } : normaliseNumber(raw, region);
  if (!result.ok) invalid.push({ source: "entra", userRef: user.objectId, where: source, raw, reason: result.reason });
  else if (!numbers.some((n) => n.e164 === result.e164)) numbers.push({ e164: result.e164, raw, source });
}

/**
 * Rule 1: a user's valid numbers in rule order (mobilePhone, then businessPhones), each E.164 once,
 * and the ones that could not be read. The orchestrator calls it per page while the next page is on
 * its way and passes the result back as `knownE164`, so a whole plan parses nothing itself.
 */
export function directoryNumbersOf(user: DirectoryUser, region: string): { numbers: DirectoryNumber[]; invalid: InvalidNumber[] } {
  const numbers: DirectoryNumber[] = [];
  const invalid: InvalidNumber[] = [];
  if (user.mobilePhone !== null) addDirectoryNumber(numbers, user, user.mobilePhone, "mobilePhone", region, invalid);
  for (const raw of user.businessPhones) addDirectoryNumber(numbers, user, raw, "businessPhones", region, invalid);
  return { numbers, invalid };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Rules 1 and 2: normalises every number once and indexes both sides by E.164, so matching is a
 * map lookup per number rather than a scan (100k × 100k must stay linear). Limited users this
 * integration created carry its Entra users' own numbers, so they are not match targets.
 */
export function buildNumberIndex(input: SyncInput): NumberIndex {
  const limitedLinkTargets = new Set(
    input.links.filter((l) => l.origin === "LIMITED").map((l) => l.switchboardUserId),
  );
  const { region } = input;
  const invalidNumbers: InvalidNumber[] = [];
  const removed = new Set(input.removedObjectIds);
  const disabled = new Set<string>();
  const active = new Map<string, ActiveUser>();
  const entraByE164 = new Map<string, string[]>();
  for (const user of input.directoryUsers) {
    if (!user.accountEnabled || removed.has(user.objectId)) {
      disabled.add(user.objectId);
      continue;
    }
    const { numbers, invalid } = directoryNumbersOf(user, region);
    for (const entry of invalid) invalidNumbers.push(entry);
    active.set(user.objectId, { user, numbers, link: null, linkE164: undefined });
    for (const { e164 } of numbers) push(entraByE164, e164, user.objectId);
  }

  const switchboardById = new Map<string, SwitchboardUser>();
  const switchboardByE164 = new Map<string, SwitchboardNumberEntry>();
  const normalisedNow = new Map<string, string>();
  for (const sbUser of input.switchboardUsers) {
    switchboardById.set(sbUser.id, sbUser);
    const ownLimited = sbUser.kind === "LIMITED" && limitedLinkTargets.has(sbUser.id);
    for (const number of sbUser.numbers) {
      let e164 = number.e164;
      if (e164 === null) {
        const result = normaliseNumber(number.raw, region);
        if (!result.ok) {
          const { id: where, raw } = number;
          const { reason } = result;
          if (!ownLimited) invalidNumbers.push({ source: "switchboard", userRef: sbUser.id, where, raw, reason });
          continue;
        }
        e164 = result.e164;
        normalisedNow.set(number.id, e164);
      }
      if (ownLimited) continue;
      const entry = switchboardByE164.get(e164);
      const holder = { switchboardUserId: sbUser.id, phoneNumberId: number.id };
      if (!entry) switchboardByE164.set(e164, { holders: [holder] });
      else if (!entry.holders.some((h) => h.switchboardUserId === sbUser.id)) entry.holders.push(holder);
    }
  }

  const e164Of = (switchboardUserId: string, phoneNumberId: string | null): string | undefined => {
    if (phoneNumberId === null) return undefined;
    const number = switchboardById.get(switchboardUserId)?.numbers.find((n) => n.id === phoneNumberId);
    return number ? number.e164 ?? normalisedNow.get(number.id) : undefined;
  };
  // Only a LIMITED link on a limited user is the rule-10 kind; the portal never deletes a full user.
  const isLimited = (link: ExistingLink) =>
    link.origin === "LIMITED" && switchboardById.get(link.switchboardUserId)?.kind !== "FULL";
  const limitedLinks = limitedLinkTargets.size === 0 ? [] : input.links.filter(isLimited);
  const fullLinks = limitedLinks.length === 0 ? input.links : input.links.filter((link) => !isLimited(link));
  // Joined once here so matching walks object references instead of repeating id lookups.
  for (const link of fullLinks) {
    const linked = active.get(link.objectId);
    if (!linked) continue;
    linked.link = link;
    linked.linkE164 = e164Of(link.switchboardUserId, link.phoneNumberId);
  }

  const absentIsGone = input.scope === "ALL" && input.complete;
  const stateOf = (objectId: string): EntraState => {
    if (active.has(objectId)) return "ACTIVE";
    return disabled.has(objectId) || removed.has(objectId) || absentIsGone ? "GONE" : "UNKNOWN";
  };
  return {
    active,
    switchboardById,
    entraByE164,
    switchboardByE164,
    fullLinks,
    limitedLinks,
    invalidNumbers,
    normalisedNumbers: Array.from(normalisedNow, ([phoneNumberId, e164]) => ({ phoneNumberId, e164 })),
    stateOf,
    e164Of,
  };
}
