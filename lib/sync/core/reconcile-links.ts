import type { NumberIndex } from "./number-index";
import type { DeferredStep, LinkCreate, LinkRemovalReason, LinkRemove, LinkUpdate, UserRow } from "./plan-types";
import type { Resolution } from "./resolve-matches";
import type { ExistingLink } from "./types";

type LinkedRow = Extract<UserRow, { matched: true }>;

export interface LinkReconciliation {
  update: LinkUpdate[];
  remove: LinkRemove[];
  deferred: DeferredStep[];
  rows: Map<string, LinkedRow>;
  /** Entra users that keep a link to a full switchboard user after this run. */
  linkedObjectIds: Set<string>;
}

function removalReason(link: ExistingLink, index: NumberIndex, linkedElsewhere: () => Set<string>): LinkRemovalReason {
  const active = index.active.get(link.objectId);
  if (!active) return "ENTRA_USER_GONE";
  const stillHasNumber = active.numbers.some(({ e164 }) =>
    index.switchboardByE164.get(e164)?.holders.some((holder) => holder.switchboardUserId === link.switchboardUserId),
  );
  if (!stillHasNumber) return "NUMBER_NO_LONGER_MATCHES";
  return linkedElsewhere().has(link.objectId) ? "LINKED_ELSEWHERE" : "NUMBER_PICKED_FOR_ANOTHER_USER";
}

/**
 * Existing links to full switchboard users against what resolution wants. Rule 7 keeps sync-off
 * links as they are; rule 11 turns every unlink of an incomplete run into a deferred step.
 */
export function reconcileExistingLinks(
  links: readonly ExistingLink[],
  index: NumberIndex,
  resolution: Resolution,
  complete: boolean,
): LinkReconciliation {
  const result: LinkReconciliation = {
    update: [],
    remove: [],
    deferred: [],
    rows: new Map(),
    linkedObjectIds: new Set(),
  };
  let desiredObjectIds: Set<string> | undefined;
  const linkedElsewhere = () => (desiredObjectIds ??= new Set([...resolution.desired.values()].map((d) => d.objectId)));
  const stay = (link: ExistingLink, state: LinkedRow["state"]): void => {
    const { switchboardUserId, objectId, syncEnabled } = link;
    result.rows.set(switchboardUserId, { switchboardUserId, matched: true, objectId, syncEnabled, state });
    result.linkedObjectIds.add(objectId);
  };
  for (const link of links) {
    const { switchboardUserId, objectId } = link;
    const kept = resolution.kept.get(switchboardUserId);
    if (kept) stay(link, kept);
    else {
      const wanted = resolution.desired.get(switchboardUserId);
      if (wanted?.objectId === objectId) {
        if (wanted.phoneNumberId !== link.phoneNumberId || wanted.origin !== link.origin) {
          const { phoneNumberId, e164, origin } = wanted;
          const numberChanged = phoneNumberId !== link.phoneNumberId;
          result.update.push({ switchboardUserId, objectId, phoneNumberId, e164, origin, numberChanged });
        }
        stay(link, "SYNCED");
      } else if (complete) {
        result.remove.push({ switchboardUserId, objectId, reason: removalReason(link, index, linkedElsewhere) });
      } else {
        result.deferred.push({ kind: "UNLINK", switchboardUserId, objectId });
        stay(link, "HELD");
      }
    }
  }
  return result;
}

/**
 * New links for switchboard users and Entra users that are free after the existing links (and the
 * limited users that stay) are settled. Something still linked here only after an incomplete run
 * left an unlink undone, so the new link waits for the next complete run. After any incomplete read
 * every new link waits: a user on the pages not read (or a change a delta round did not reach) could
 * share the number (rule 5) or claim the same switchboard user; a link made now would decide blind.
 */
export function createLinks(
  resolution: Resolution,
  existing: LinkReconciliation,
  objectIdsStillLimited: ReadonlySet<string>,
  readIncomplete = false,
): { create: LinkCreate[]; deferred: DeferredStep[] } {
  const create: LinkCreate[] = [];
  const deferred: DeferredStep[] = [];
  const movedFrom = new Map(existing.remove.map((r) => [r.objectId, r.switchboardUserId]));
  for (const wanted of resolution.desired.values()) {
    const { switchboardUserId, objectId, phoneNumberId, e164, origin } = wanted;
    const current = existing.rows.get(switchboardUserId);
    if (current?.objectId === objectId) continue;
    if (readIncomplete || current || existing.linkedObjectIds.has(objectId) || objectIdsStillLimited.has(objectId)) {
      deferred.push({ kind: "LINK", switchboardUserId, objectId });
      continue;
    }
    const movedFromSwitchboardUserId = movedFrom.get(objectId) ?? null;
    create.push({ switchboardUserId, objectId, phoneNumberId, e164, origin, movedFromSwitchboardUserId });
    const row = { switchboardUserId, matched: true as const, objectId, syncEnabled: true, state: "SYNCED" as const };
    existing.rows.set(switchboardUserId, row);
  }
  return { create, deferred };
}
