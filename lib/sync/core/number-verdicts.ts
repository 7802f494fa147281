import type { NumberHolder, NumberIndex, SwitchboardNumberEntry } from "./number-index";
import type { Conflict } from "./plan-types";
import type { AdminChoices, ExistingLink, SyncInput } from "./types";

/** What may be done with one E.164 that at least one switchboard user and one Entra user hold. */
export interface NumberVerdict {
  /** On two switchboard users: linking either would be a guess. */
  duplicate: boolean;
  foreignIntegrationId: string | null;
  /** Active Entra users holding it, when more than one (rule 5). */
  sharedBy: string[] | null;
  /** For a shared number: the one Entra user allowed to use it, or null while the admin has not picked. */
  allowedObjectId: string | null;
}

export function isUsableBy(verdict: NumberVerdict, objectId: string): boolean {
  if (verdict.duplicate || verdict.foreignIntegrationId !== null) return false;
  return verdict.sharedBy === null || verdict.allowedObjectId === objectId;
}

export type JudgedNumber = SwitchboardNumberEntry & { verdict: NumberVerdict };

export interface NumberVerdicts {
  /** undefined when no switchboard user (outside this integration's limited users) has the number. */
  verdictFor(e164: string): JudgedNumber | undefined;
  conflicts: Conflict[];
}

// Most numbers sit on one switchboard user and one Entra user: they all share this verdict.
const CLEAR: NumberVerdict = Object.freeze({
  duplicate: false,
  foreignIntegrationId: null,
  sharedBy: null,
  allowedObjectId: null,
});

/**
 * Rule 5 for one number several active Entra users have: the admin's stored pick applies while its
 * user still has the number (a stale pick reopens the conflict); with no pick, `earlierPick` may name
 * one the switchboard already carries. The conflict is reported either way, open until someone applies.
 */
export function sharedNumberConflict(
  e164: string,
  sharedBy: string[],
  switchboardUserIds: string[],
  choices: AdminChoices,
  earlierPick: () => string | null = () => null,
): Extract<Conflict, { kind: "SHARED_NUMBER" }> {
  const choice = Object.hasOwn(choices.sharedNumbers, e164) ? choices.sharedNumbers[e164] : null;
  const stale = choice !== null && !sharedBy.includes(choice);
  const applied = choice === null ? earlierPick() : stale ? null : choice;
  return {
    kind: "SHARED_NUMBER",
    key: `shared:${e164}`,
    state: applied === null ? "OPEN" : "RESOLVED",
    e164,
    objectIds: [...sharedBy],
    switchboardUserIds,
    choice,
    stale,
    appliedObjectId: applied,
  };
}

/** Rule 5 and the cross-integration and switchboard-duplicate conflicts, one verdict per number. */
export function createNumberVerdicts(
  input: SyncInput,
  index: NumberIndex,
  links: readonly ExistingLink[],
): NumberVerdicts {
  const conflicts: Conflict[] = [];

  // An ADMIN link on a shared number is an earlier pick made from the users tab: it stands while
  // its Entra user still has the number, unless a stored choice says otherwise.
  let adminLinks: Map<string, ExistingLink> | undefined;
  const adminLinkHolder = (e164: string, holder: NumberHolder, sharedBy: string[]): string | null => {
    adminLinks ??= new Map(links.filter((l) => l.origin === "ADMIN").map((l) => [l.switchboardUserId, l]));
    const link = adminLinks.get(holder.switchboardUserId);
    if (!link || !sharedBy.includes(link.objectId)) return null;
    // A rule-6 pick (which of this user's numbers maps) leaves an ADMIN link as well: it chose among
    // the user's numbers, not among the users sharing this one (rule 5), so it is no pick here.
    const { multipleCandidates } = input.choices;
    if (Object.hasOwn(multipleCandidates, link.objectId) && multipleCandidates[link.objectId] === e164) return null;
    return index.e164Of(link.switchboardUserId, link.phoneNumberId) === e164 ? link.objectId : null;
  };

  const build = (e164: string, holders: NumberHolder[]): NumberVerdict => {
    const entraHolders = index.entraByE164.get(e164) ?? [];
    const duplicate = holders.length > 1;
    const { foreignNumbers } = input;
    const foreignIntegrationId = Object.hasOwn(foreignNumbers, e164) ? foreignNumbers[e164] : null;
    const sharedBy = entraHolders.length > 1 ? entraHolders : null;
    // The common case, one number on each side and no other integration: no conflict to describe.
    if (!duplicate && foreignIntegrationId === null && !sharedBy) return CLEAR;
    const switchboardUserIds = holders.map((h) => h.switchboardUserId);
    const objectIds = [...entraHolders];
    if (duplicate) {
      const key = `duplicate:${e164}`;
      conflicts.push({ kind: "SWITCHBOARD_DUPLICATE", key, state: "OPEN", e164, switchboardUserIds, objectIds });
    }
    if (foreignIntegrationId !== null) {
      conflicts.push({
        kind: "CROSS_INTEGRATION",
        key: `cross:${e164}`,
        state: "OPEN",
        e164,
        otherIntegrationId: foreignIntegrationId,
        objectIds,
        switchboardUserIds,
      });
    }
    let allowedObjectId: string | null = null;
    if (sharedBy) {
      const earlierPick = () => (duplicate ? null : adminLinkHolder(e164, holders[0], sharedBy));
      const conflict = sharedNumberConflict(e164, sharedBy, switchboardUserIds, input.choices, earlierPick);
      allowedObjectId = conflict.appliedObjectId;
      conflicts.push(conflict);
    }
    return { duplicate, foreignIntegrationId, sharedBy, allowedObjectId };
  };

  const verdictFor = (e164: string): JudgedNumber | undefined => {
    const entry = index.switchboardByE164.get(e164);
    if (!entry) return undefined;
    entry.verdict ??= build(e164, entry.holders);
    return entry as JudgedNumber;
  };
  return { verdictFor, conflicts };
}
