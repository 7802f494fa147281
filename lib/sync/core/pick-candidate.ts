import type { NumberVerdicts } from "./number-verdicts";
import type { CandidateNumber, Conflict } from "./plan-types";
import type { AdminChoices, ExistingLink } from "./types";

/** The link a complete run would leave for one switchboard user. */
export interface DesiredLink {
  switchboardUserId: string;
  objectId: string;
  phoneNumberId: string;
  e164: string;
  origin: "AUTO" | "ADMIN";
}

export interface Pick {
  candidate: CandidateNumber;
  byAdmin: boolean;
}

/**
 * Rule 6: among numbers reaching different switchboard users, the admin's choice wins, then an
 * ADMIN link whose number still matches, then the automatic rule (mobilePhone, then businessPhones
 * in order), which the open item states so the UI can show it.
 */
export function pickCandidate(
  objectId: string,
  open: CandidateNumber[],
  existing: ExistingLink | undefined,
  existingE164: string | undefined,
  choices: AdminChoices,
  conflicts: Conflict[],
): Pick {
  const automatic = open[0];
  const oneUser = open.every((c) => c.switchboardUserId === automatic.switchboardUserId);
  if (oneUser) return { candidate: automatic, byAdmin: false };

  const choice = Object.hasOwn(choices.multipleCandidates, objectId) ? choices.multipleCandidates[objectId] : null;
  const chosen = choice === null ? undefined : open.find((c) => c.e164 === choice);
  const adminLinked = existing?.origin === "ADMIN" ? open.find((c) => c.e164 === existingE164) : undefined;
  const applied = chosen ?? adminLinked;
  conflicts.push({
    kind: "MULTIPLE_CANDIDATES",
    key: `candidates:${objectId}`,
    state: applied ? "RESOLVED" : "OPEN",
    objectId,
    candidates: open,
    automaticE164: automatic.e164,
    choice,
    stale: choice !== null && !chosen,
    appliedE164: (applied ?? automatic).e164,
  });
  return { candidate: applied ?? automatic, byAdmin: applied !== undefined };
}

export function toDesiredLink(
  objectId: string,
  { candidate, byAdmin }: Pick,
  open: CandidateNumber[],
  existing: ExistingLink | undefined,
  existingE164: string | undefined,
  verdicts: NumberVerdicts,
): DesiredLink {
  const { switchboardUserId } = candidate;
  // Same Entra user, same switchboard user: keep the number the link already uses while it still
  // matches (an admin's pick or simply the older match), so nothing churns.
  if (!byAdmin && existing?.switchboardUserId === switchboardUserId && existing.phoneNumberId !== null) {
    const still = open.find((c) => c.switchboardUserId === switchboardUserId && c.e164 === existingE164);
    if (still) {
      const origin = existing.origin === "ADMIN" ? "ADMIN" : "AUTO";
      return { switchboardUserId, objectId, phoneNumberId: existing.phoneNumberId, e164: still.e164, origin };
    }
  }
  // A shared number is only usable by this user because an admin picked them for it.
  const viaSharedPick = verdicts.verdictFor(candidate.e164)?.verdict.sharedBy != null;
  const origin = byAdmin || viaSharedPick ? "ADMIN" : "AUTO";
  return { switchboardUserId, objectId, phoneNumberId: candidate.phoneNumberId, e164: candidate.e164, origin };
}
