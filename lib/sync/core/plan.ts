import { diffValues, isClearing } from "./diff";
import { planLimitedUsers } from "./limited-users";
import { mapDirectoryUser } from "./map-fields";
import { usableMappings, validateMappings } from "./mappings";
import { buildNumberIndex, type NumberIndex } from "./number-index";
import { createNumberVerdicts } from "./number-verdicts";
import type { DeferredStep, SyncPlan, UserChange, UserRow } from "./plan-types";
import { createLinks, reconcileExistingLinks } from "./reconcile-links";
import { resolveMatches } from "./resolve-matches";
import type { SyncInput } from "./types";

/**
 * The whole decision of a sync run, from plain data to a change set: normalise and match numbers,
 * resolve conflicts with the admin's choices, map and sanitise values, diff them against the
 * switchboard, and plan links and limited users. Full, delta and single-user runs all come here;
 * see README.md in this folder for the scope a partial run must pass.
 */
export function planSync(input: SyncInput): SyncPlan {
  const mappingIssues = validateMappings(input.mappings);
  const mappings = usableMappings(input.mappings);

  const index = buildNumberIndex(input);
  const { fullLinks, limitedLinks } = index;
  const verdicts = createNumberVerdicts(input, index, fullLinks);
  const resolution = resolveMatches(input, index, verdicts, fullLinks);
  const existing = reconcileExistingLinks(fullLinks, index, resolution, input.complete);
  const matched = (objectId: string) => resolution.isMatched(objectId) || existing.linkedObjectIds.has(objectId);
  const limited = planLimitedUsers(input, index, mappings, limitedLinks, matched);
  const created = createLinks(resolution, existing, limited.stillLimited, !input.complete);

  const changes: UserChange[] = [];
  const deferred: DeferredStep[] = [...existing.deferred, ...created.deferred, ...limited.deferred];
  const synced: string[] = [];
  for (const row of existing.rows.values()) {
    if (row.state !== "SYNCED" || !row.syncEnabled) continue;
    const sbUser = index.switchboardById.get(row.switchboardUserId)!;
    const { user } = index.active.get(row.objectId)!;
    const diff = diffValues(sbUser, mapDirectoryUser(user, mappings), input.complete);
    const { objectId } = row;
    if (diff.changes.length > 0) changes.push({ switchboardUserId: sbUser.id, objectId, changes: [...diff.changes] });
    for (const field of diff.withheldClears) {
      deferred.push({ kind: "CLEAR_FIELD", switchboardUserId: sbUser.id, objectId, field });
    }
    synced.push(sbUser.id);
  }
  changes.push(...limited.changes);
  synced.push(...limited.synced);

  const limitedRows = new Map(limited.rows.map((row) => [row.switchboardUserId, row]));
  const removedLimited = new Set(limited.remove.map((r) => r.switchboardUserId));
  const users: UserRow[] = [];
  for (const { id } of input.switchboardUsers) {
    const row = existing.rows.get(id) ?? (limitedRows.size > 0 ? limitedRows.get(id) : undefined);
    if (row) users.push(row);
    else if (!removedLimited.has(id)) users.push({ switchboardUserId: id, matched: false });
  }
  const linked = users.filter((row): row is Extract<UserRow, { matched: true }> => row.matched);
  const conflicts = [...verdicts.conflicts, ...resolution.conflicts, ...limited.conflicts];

  return {
    at: input.now,
    changes,
    links: { create: created.create, update: existing.update, remove: existing.remove },
    limited: { create: limited.create, remove: limited.remove, numbers: limited.numbers },
    conflicts,
    staleChoices: staleNumberChoices(input, index),
    invalidNumbers: index.invalidNumbers,
    normalisedNumbers: index.normalisedNumbers,
    directoryNumbers: Array.from(index.active.values(), ({ user, numbers }) => ({ objectId: user.objectId, numbers })),
    syncedSwitchboardUserIds: synced,
    users,
    deferred,
    mappingIssues,
    counts: {
      directoryUsers: input.directoryUsers.length,
      activeDirectoryUsers: index.active.size,
      matched: linked.length + limited.create.length,
      synced: linked.filter((row) => row.syncEnabled).length + limited.create.length,
      updatedUsers: changes.length,
      unchangedUsers: synced.length - changes.length,
      clearingUsers: changes.filter((c) => c.changes.some(isClearing)).length,
      openConflicts: conflicts.filter((c) => c.state === "OPEN").length,
      invalidNumbers: index.invalidNumbers.length,
      linksCreated: created.create.length,
      linksUpdated: existing.update.length,
      linksRemoved: existing.remove.length,
      limitedCreated: limited.create.length,
      limitedRemoved: limited.remove.length,
      deferred: deferred.length,
    },
  };
}

/**
 * Rule 5: "kept across syncs and reopened only if the chosen user no longer has the number". Judged
 * only for Entra users this run knows: after a complete whole read, everyone (absent or disabled
 * users have no number); otherwise those it read or was told are gone.
 */
function staleNumberChoices(input: SyncInput, index: NumberIndex): SyncPlan["staleChoices"] {
  const everyone = input.scope === "ALL" && input.complete;
  const known = everyone ? null : new Set([...input.directoryUsers.map((u) => u.objectId), ...input.removedObjectIds]);
  return Object.entries(input.choices.sharedNumbers)
    .filter(([e164, objectId]) => (known === null || known.has(objectId)) && !(index.entraByE164.get(e164) ?? []).includes(objectId))
    .map(([e164, objectId]) => ({ e164, objectId }));
}
