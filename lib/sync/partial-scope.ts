import "server-only";
import { directoryNumbersOf } from "@/lib/sync/core/number-index";
import { scopeReferences } from "@/lib/sync/core/scope";
import type { DirectoryUser, ExistingLink, SwitchboardUser } from "@/lib/sync/core/types";
import { loadLinksTouching, loadSwitchboardUsers, switchboardUserIdsWithNumbers, unstoredNumberHolders } from "./load-state";
import { loadSnapshotUsers } from "./snapshot";

const MAX_ROUNDS = 10;

/**
 * Numbers shared along a chain longer than the rounds allowed: the scope did not close, so a plan
 * from it could miss a user who shares a number. Delta rounds and quiet full syncs then plan the
 * whole directory instead; a single-user sync fails with this message.
 */
export class ScopeNotClosedError extends Error {
  constructor(rounds: number) {
    super(`The users sharing numbers with this change reach further than ${rounds} steps; a full sync plans them instead.`);
    this.name = "ScopeNotClosedError";
  }
}

/**
 * The closed input of a delta or single-user plan (lib/sync/core/README.md): the changed users, every
 * directory and switchboard user sharing a number with them (including numbers they just gave up),
 * and every link touching any of those, repeated until a round adds nothing.
 */
export async function closePartialScope(input: {
  integrationId: string;
  solutionId: string;
  region: string;
  changed: DirectoryUser[];
  removed: string[];
  maxRounds?: number;
}) {
  const { integrationId, solutionId, region, maxRounds = MAX_ROUNDS } = input;
  const fresh = new Set([...input.changed.map((u) => u.objectId), ...input.removed]);
  // Changed users' numbers are parsed once here: each round of closing the scope, and the plan, read them again.
  for (const user of input.changed) {
    user.knownE164 ??= Object.fromEntries(directoryNumbersOf(user, region).numbers.map((n) => [n.raw, n.e164]));
  }
  const directory = new Map(input.changed.map((u) => [u.objectId, u]));
  const switchboard = new Map<string, SwitchboardUser>();
  let links: ExistingLink[] = [];

  // Numbers the changed and removed users had before this round: a colleague may now hold one alone.
  // Switchboard numbers stored without E.164 are found by their raw text, read once for every round
  // (not at all by a quiet run with no change: it looks up no number).
  const [before, unstored] = await Promise.all([
    loadSnapshotUsers(integrationId, { e164s: [], objectIds: [...fresh] }),
    fresh.size > 0 ? unstoredNumberHolders(solutionId, region) : new Map<string, string[]>(),
  ]);
  const seed = before.flatMap((b) => b.e164s);
  // The links of the changed and removed users themselves, before any round: a user with no number
  // (a limited user made for a phoneless Entra user) is reached by its link alone, and a round that
  // finds no number to look up would otherwise end the scope before loading it.
  links = fresh.size > 0 ? await loadLinksTouching(integrationId, { objectIds: [...fresh], switchboardUserIds: [] }) : [];
  const askedNumbers = new Set<string>();
  const askedObjects = new Set(fresh);
  const askedSwitchboard = new Set<string>();

  for (let round = 0; ; round++) {
    const refs = scopeReferences({
      region,
      directoryUsers: [...directory.values()],
      switchboardUsers: [...switchboard.values()],
      links,
      removedObjectIds: input.removed,
    });
    const numbers = [...new Set([...refs.e164s, ...seed])].filter((n) => !askedNumbers.has(n));
    const objectIds = refs.missingObjectIds.filter((id) => !askedObjects.has(id));
    const missingSwitchboard = refs.missingSwitchboardUserIds.filter((id) => !askedSwitchboard.has(id));
    if (numbers.length === 0 && objectIds.length === 0 && missingSwitchboard.length === 0) break;
    if (round === maxRounds) throw new ScopeNotClosedError(maxRounds);
    numbers.forEach((n) => askedNumbers.add(n));
    objectIds.forEach((id) => askedObjects.add(id));

    for (const { user } of await loadSnapshotUsers(integrationId, { e164s: numbers, objectIds })) {
      // Fresh data from this round wins over the snapshot; removed users stay out.
      if (!fresh.has(user.objectId)) directory.set(user.objectId, user);
    }
    const holders = [...(await switchboardUserIdsWithNumbers(solutionId, numbers)), ...numbers.flatMap((n) => unstored.get(n) ?? [])];
    const toLoad = [...new Set([...holders, ...missingSwitchboard])].filter((id) => !askedSwitchboard.has(id));
    toLoad.forEach((id) => askedSwitchboard.add(id));
    for (const user of await loadSwitchboardUsers(solutionId, toLoad)) switchboard.set(user.id, user);
    links = await loadLinksTouching(integrationId, {
      objectIds: [...directory.keys(), ...input.removed],
      switchboardUserIds: [...switchboard.keys()],
    });
  }
  return { directoryUsers: [...directory.values()], switchboardUsers: [...switchboard.values()], links };
}
