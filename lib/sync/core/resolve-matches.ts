import type { ActiveUser, NumberIndex } from "./number-index";
import { isUsableBy, type NumberVerdicts } from "./number-verdicts";
import type { CandidateNumber, Conflict } from "./plan-types";
import { pickCandidate, toDesiredLink, type DesiredLink } from "./pick-candidate";
import type { ExistingLink, SyncInput } from "./types";

export interface Resolution {
  /** switchboard user id → the link a complete run would leave for it. */
  desired: Map<string, DesiredLink>;
  /**
   * Existing links kept exactly as they are, by switchboard user id: FROZEN = sync off (rule 7);
   * UNKNOWN = this run has no data for one end (out of scope); HELD = the only match is a number in
   * an open conflict, so nothing is written.
   */
  kept: Map<string, KeptState>;
  /** Whether an active Entra user has any number on a switchboard user, usable or not (rule 10). */
  isMatched(objectId: string): boolean;
  conflicts: Conflict[];
}

export type KeptState = "FROZEN" | "UNKNOWN" | "HELD";

interface Candidates {
  active: ActiveUser;
  usable: CandidateNumber[];
  /** Switchboard users this Entra user reaches through numbers in an open conflict. */
  blockedOn: string[] | null;
}

function candidatesOf(active: ActiveUser, verdicts: NumberVerdicts): Candidates | null {
  const { objectId } = active.user;
  let found: Candidates | null = null;
  for (const { e164, source } of active.numbers) {
    const judged = verdicts.verdictFor(e164);
    if (!judged) continue;
    found ??= { active, usable: [], blockedOn: null };
    if (isUsableBy(judged.verdict, objectId)) {
      const { switchboardUserId, phoneNumberId } = judged.holders[0];
      found.usable.push({ e164, source, switchboardUserId, phoneNumberId });
    } else if (judged.verdict.allowedObjectId === null || judged.verdict.allowedObjectId === objectId) {
      // Still open, or picked for this very user but also on two switchboard users or fed by another
      // integration: hold what exists rather than guess. A number picked for someone else is not.
      found.blockedOn ??= [];
      for (const holder of judged.holders) found.blockedOn.push(holder.switchboardUserId);
    }
  }
  return found;
}

function isHeldByConflict({ active, usable, blockedOn }: Candidates): boolean {
  const switchboardUserId = active.link?.switchboardUserId;
  return (
    switchboardUserId !== undefined &&
    blockedOn?.includes(switchboardUserId) === true &&
    !usable.some((c) => c.switchboardUserId === switchboardUserId)
  );
}

/**
 * The admin's rule-6 pick for this user names a number the user still has on a switchboard user,
 * but that number cannot be used now. Reported as the admin's resolved item (the blocking conflict
 * is reported on its own).
 */
function choiceBlocked({ active, usable }: Candidates, input: SyncInput, verdicts: NumberVerdicts, kept: ReadonlySet<string>, conflicts: Conflict[]): boolean {
  const { objectId } = active.user;
  const { multipleCandidates } = input.choices;
  if (!Object.hasOwn(multipleCandidates, objectId)) return false;
  const choice = multipleCandidates[objectId];
  if (!active.numbers.some((n) => n.e164 === choice) || !verdicts.verdictFor(choice)) return false;
  if (usable.some((c) => c.e164 === choice && !kept.has(c.switchboardUserId))) return false;
  conflicts.push({
    kind: "MULTIPLE_CANDIDATES",
    key: `candidates:${objectId}`,
    state: "RESOLVED",
    objectId,
    candidates: usable,
    automaticE164: usable[0]?.e164 ?? choice,
    choice,
    stale: false,
    appliedE164: choice,
  });
  return true;
}

/**
 * Rules 1, 5, 6 and 7: decides which switchboard user each active Entra user feeds. One pass with
 * no backtracking, so the outcome does not depend on the order users arrive in.
 */
export function resolveMatches(
  input: SyncInput,
  index: NumberIndex,
  verdicts: NumberVerdicts,
  links: readonly ExistingLink[],
): Resolution {
  const matched: Candidates[] = [];
  for (const active of index.active.values()) {
    const found = candidatesOf(active, verdicts);
    if (found) matched.push(found);
  }

  const kept = new Map<string, KeptState>();
  const takenObjectIds = new Set<string>();
  const keep = (link: ExistingLink, state: KeptState): void => {
    kept.set(link.switchboardUserId, state);
    takenObjectIds.add(link.objectId);
  };
  for (const link of links) {
    const outOfScope = !index.switchboardById.has(link.switchboardUserId) || index.stateOf(link.objectId) === "UNKNOWN";
    if (!link.syncEnabled) keep(link, "FROZEN");
    else if (outOfScope) keep(link, "UNKNOWN");
  }
  const conflicts: Conflict[] = [];
  // Decided against the links kept so far (sync off, out of scope) only: never against another
  // user's HELD link, so the order users come in does not matter.
  const keptBefore = new Set(kept.keys());
  const choiceWaits = new Set<string>();
  for (const found of matched) {
    const { link } = found.active;
    if (choiceBlocked(found, input, verdicts, keptBefore, conflicts)) {
      // Rule 6: the admin picked a number that cannot be used right now (shared, on two switchboard
      // users, another integration's, or on a user whose link is kept). The automatic rule would
      // override the pick: this user waits, and keeps what it has, unwritten.
      choiceWaits.add(found.active.user.objectId);
      if (link && !kept.has(link.switchboardUserId)) keep(link, "HELD");
    } else if (link && !kept.has(link.switchboardUserId) && isHeldByConflict(found)) keep(link, "HELD");
  }


  const desired = new Map<string, DesiredLink>();
  const contested = new Map<string, DesiredLink[]>();
  const openOf = new Map<string, CandidateNumber[]>();
  for (const { active, usable } of matched) {
    const { objectId } = active.user;
    if (takenObjectIds.size > 0 && takenObjectIds.has(objectId)) continue;
    if (choiceWaits.has(objectId)) continue;
    const open = kept.size === 0 ? usable : usable.filter((c) => !kept.has(c.switchboardUserId));
    if (open.length === 0) continue;
    openOf.set(objectId, open);
    const existing = active.link ?? undefined;
    const picked = pickCandidate(objectId, open, existing, active.linkE164, input.choices, conflicts);
    const claim = toDesiredLink(objectId, picked, open, existing, active.linkE164, verdicts);
    const first = desired.get(claim.switchboardUserId);
    if (!first) desired.set(claim.switchboardUserId, claim);
    else contested.set(claim.switchboardUserId, [...(contested.get(claim.switchboardUserId) ?? [first]), claim]);
  }

  // Two Entra users reached one switchboard user through different numbers: keep whoever already
  // feeds it, otherwise write nothing until an admin links one of them.
  const losers: string[] = [];
  for (const [switchboardUserId, claims] of contested) {
    const incumbent = claims.find((c) => index.active.get(c.objectId)?.link?.switchboardUserId === switchboardUserId);
    if (incumbent) desired.set(switchboardUserId, incumbent);
    else desired.delete(switchboardUserId);
    for (const claim of claims) if (claim !== incumbent) losers.push(claim.objectId);
    conflicts.push({
      kind: "SWITCHBOARD_USER_CLAIMED",
      key: `claimed:${switchboardUserId}`,
      state: "OPEN",
      switchboardUserId,
      objectIds: claims.map((claim) => claim.objectId),
      keptObjectId: incumbent?.objectId ?? null,
    });
  }
  // A user who lost a contest keeps the link it already has, if that one still matches and nobody
  // else wants its switchboard user: losing a claim elsewhere is no reason to unlink it.
  for (const objectId of losers) {
    const active = index.active.get(objectId)!;
    const link = active.link;
    if (!link || desired.has(link.switchboardUserId) || contested.has(link.switchboardUserId)) continue;
    const open = openOf.get(objectId) ?? [];
    const candidate = open.find((c) => c.switchboardUserId === link.switchboardUserId && c.e164 === active.linkE164) ?? open.find((c) => c.switchboardUserId === link.switchboardUserId);
    if (candidate) desired.set(link.switchboardUserId, toDesiredLink(objectId, { candidate, byAdmin: false }, open, link, active.linkE164, verdicts));
  }
  // Only limited-user planning asks, and only when limited users are on.
  let matchedIds: Set<string> | undefined;
  const isMatched = (objectId: string) =>
    (matchedIds ??= new Set(matched.map((m) => m.active.user.objectId))).has(objectId);
  return { desired, kept, isMatched, conflicts };
}
