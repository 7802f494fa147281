import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { queryLines, queryRows } from "@/lib/db";
import { addTally, emptyTally, guardTally, type GuardTally } from "@/lib/sync/core/guard";
import { mergePlans } from "@/lib/sync/core/merge-plans";
import { planSync } from "@/lib/sync/core/plan";
import type { SyncPlan } from "@/lib/sync/core/plan-types";
import { sliceByNumbers, type Slice, type SliceIndex } from "@/lib/sync/core/slices";
import { directoryNumbersOf } from "@/lib/sync/core/number-index";
import type { DirectoryUser, SyncInput } from "@/lib/sync/core/types";
import { addWrites, applyPlan, noWrites, type WriteCounts } from "./apply-plan";
import { packPlan, unpackPlan } from "./held-plan";
import { loadLinksTouching, loadSwitchboardUsers, unstoredNumberHolders, type IntegrationForSync } from "./load-state";
import { loadSnapshotUsers } from "./snapshot";

/**
 * Users (Entra and switchboard together) per slice of a full run. A slice's plan is made from its
 * users alone and kept compressed until it is written: the users a full run holds at once are a
 * slice's (or, while writing, a few slices' plans), not the tenant's.
 */
export const SLICE_USERS = 10_000;

/** Invalid numbers a run's summary keeps (its record stores the first 500 and counts them all). */
const SUMMARY_INVALID_NUMBERS = 500;

/** "a b c" → ["a", ["b", "c"]]; ids, numbers and E.164 numbers contain no space. */
function words(line: string): [string, string[]] {
  const [first, ...rest] = line.split(" ");
  return [first, rest.filter((word) => word !== "")];
}

/**
 * The compact index slices are cut from: for each Entra user read, its E.164 numbers (the snapshot
 * stored them as the pages arrived); for each switchboard user, its numbers; every link; the users
 * admin choices name. Ids and numbers only, never the users' data.
 */
async function loadSliceIndex(integration: IntegrationForSync, seen: ReadonlySet<string>): Promise<SliceIndex> {
  const { id: integrationId, solutionId, region } = integration;
  const [snapshot, unparsed, switchboard, unstored, links] = await Promise.all([
    queryLines(Prisma.sql`
      SELECT string_agg(concat_ws(' ', "objectId", NULLIF(array_to_string("e164Numbers", ' '), '')), E'\n') AS t FROM "DirectoryUser" WHERE "integrationId" = ${integrationId}`),
    // A raw number missing from knownE164 did not parse when the row was written (or is a second
    // spelling of one that did). The plan parses it again, and a newer libphonenumber may read it
    // now: the index must hold what the plan will see, or a slice parts the user from the
    // switchboard user holding that number. Only those rows (invalid numbers, a few) are parsed here.
    queryRows<Pick<DirectoryUser, "objectId" | "mobilePhone" | "businessPhones" | "knownE164">>(Prisma.sql`
      SELECT "objectId", "mobilePhone", "businessPhones", "knownE164" FROM "DirectoryUser"
      WHERE "integrationId" = ${integrationId}
        AND EXISTS (SELECT 1 FROM unnest(array_append("businessPhones", "mobilePhone")) AS r(raw) WHERE r.raw IS NOT NULL AND NOT ("knownE164" ? r.raw))`),
    queryLines(Prisma.sql`
      SELECT string_agg(concat_ws(' ', u.id, n.e164s), E'\n') AS t
      FROM "SwitchboardUser" u
      LEFT JOIN (SELECT "userId", string_agg(e164, ' ') AS e164s FROM "PhoneNumber"
        WHERE "solutionId" = ${solutionId} AND e164 IS NOT NULL GROUP BY "userId") n ON n."userId" = u.id
      WHERE u."solutionId" = ${solutionId}`),
    unstoredNumberHolders(solutionId, region),
    queryLines(Prisma.sql`
      SELECT string_agg("switchboardUserId" || ' ' || "objectId", E'\n') AS t FROM "Link" WHERE "integrationId" = ${integrationId}`),
  ]);
  const numbersOf = new Map(snapshot.map(words));
  for (const row of unparsed) {
    const user = { ...row, userPrincipalName: "", displayName: null, accountEnabled: true, properties: {} };
    numbersOf.set(row.objectId, directoryNumbersOf(user, region).numbers.map((n) => n.e164));
  }
  const unstoredOf = new Map<string, string[]>();
  for (const [e164, holders] of unstored) for (const u of holders) unstoredOf.set(u, [...(unstoredOf.get(u) ?? []), e164]);
  return {
    directory: Array.from(seen, (objectId) => ({ objectId, e164s: numbersOf.get(objectId) ?? [] })),
    switchboard: switchboard.map((line) => {
      const [id, e164s] = words(line);
      const more = unstoredOf.get(id);
      return { id, e164s: more ? [...e164s, ...more] : e164s };
    }),
    links: links.map((line) => {
      const [switchboardUserId, [objectId]] = words(line);
      return { switchboardUserId, objectId };
    }),
    chosenObjectIds: [...Object.values(integration.choices.sharedNumbers), ...Object.keys(integration.choices.multipleCandidates)],
    limitedUsers: integration.limitedUsersMode !== "NONE",
  };
}

type SliceSettings = Omit<SyncInput, "scope" | "complete" | "removedObjectIds" | "directoryUsers" | "switchboardUsers" | "links">;

/** A slice's closed input, in read order: its users and every link touching them. */
async function loadSlice(integration: IntegrationForSync, slice: Slice) {
  const [snapshot, switchboardUsers, links] = await Promise.all([
    loadSnapshotUsers(integration.id, { e164s: [], objectIds: slice.objectIds }),
    loadSwitchboardUsers(integration.solutionId, slice.switchboardUserIds),
    loadLinksTouching(integration.id, { objectIds: [...slice.objectIds, ...slice.unreadObjectIds], switchboardUserIds: slice.switchboardUserIds }),
  ]);
  const byId = new Map(snapshot.map(({ user }) => [user.objectId, user]));
  return { directoryUsers: slice.objectIds.flatMap((id) => byId.get(id) ?? []), switchboardUsers, links };
}

export type SlicedPlan = {
  /** What the run record and status need: counts, conflicts, invalid numbers (no writes). */
  summary: SyncPlan;
  tally: GuardTally;
  /** Each slice's whole plan, compressed, until it is written (or stored, joined, as a held plan). */
  packed: Uint8Array[];
};

/**
 * Plans a full run slice by slice (lib/sync/core/slices.ts). Each slice is a SUBSET plan whose scope
 * is closed by construction; a complete read lets it treat the linked or chosen Entra users it did
 * not read as gone, as a whole plan does. The next slice loads while this one is planned.
 */
export async function planSlices(input: {
  integration: IntegrationForSync;
  /** Entra users the read returned, in read order (their snapshot rows are written). */
  seen: ReadonlySet<string>;
  complete: boolean;
  settings: SliceSettings;
  sliceUsers?: number;
  /** Receives milliseconds per step (`plan.index`, `plan.wait`, `plan.core`, `plan.pack`) for the run's details. */
  phases?: Record<string, number>;
}): Promise<SlicedPlan> {
  const { integration, complete, settings } = input;
  const phases = input.phases ?? {};
  let clock = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    phases[name] = (phases[name] ?? 0) + Math.round(now - clock);
    clock = now;
  };
  const slices = sliceByNumbers(await loadSliceIndex(integration, input.seen), input.sliceUsers ?? SLICE_USERS);
  lap("plan.index");
  // An empty directory and switchboard still make one (empty) plan: its mapping issues and zero counts.
  if (slices.length === 0) slices.push({ objectIds: [], unreadObjectIds: [], switchboardUserIds: [] });
  let summary = mergePlans([], settings.now, { withWrites: false });
  const tally = emptyTally();
  // Compression runs on libuv's threads while the next slice is planned; awaited after the last.
  const packing: Promise<Uint8Array>[] = [];
  // The next slice loads while this one is planned: the loads wait on the database, planning on this thread.
  const loads = new Map<number, ReturnType<typeof loadSlice>>();
  const prefetch = (index: number) => {
    if (index >= slices.length || loads.has(index)) return;
    const load = loadSlice(integration, slices[index]);
    load.catch(() => {}); // awaited in its turn
    loads.set(index, load);
  };
  for (let i = 0; i < slices.length; i++) {
    prefetch(i);
    prefetch(i + 1);
    const loaded = await loads.get(i)!;
    loads.delete(i);
    lap("plan.wait");
    const plan = planSync({
      ...settings,
      ...loaded,
      scope: "SUBSET",
      complete,
      removedObjectIds: complete ? slices[i].unreadObjectIds : [],
    });
    lap("plan.core");
    addTally(tally, guardTally(plan));
    summary = mergePlans([summary, { ...plan, invalidNumbers: plan.invalidNumbers.slice(0, SUMMARY_INVALID_NUMBERS) }], settings.now, { withWrites: false });
    summary.invalidNumbers = summary.invalidNumbers.slice(0, SUMMARY_INVALID_NUMBERS);
    // Its users' numbers are in the snapshot already (written as the pages arrived): not kept twice.
    const pack = packPlan({ ...plan, directoryNumbers: [] });
    pack.catch(() => {}); // awaited below
    packing.push(pack);
    lap("plan.pack");
  }
  const packed = await Promise.all(packing);
  lap("plan.pack");
  phases["plan.slices"] = slices.length;
  return { summary, tally, packed };
}

/**
 * Slices written together: applyPlan runs a plan's batches on three connections side by side, and
 * one slice holds about one batch of each kind.
 */
const SLICES_PER_WRITE = 3;

/** Writes the slices, a few at a time, one group after another; the counts of all of them. */
export async function writeSlices(sliced: SlicedPlan, target: Parameters<typeof applyPlan>[1]): Promise<WriteCounts> {
  const total = noWrites();
  for (let i = 0; i < sliced.packed.length; i += SLICES_PER_WRITE) {
    const phases: Record<string, number> = {};
    const plans: SyncPlan[] = [];
    for (let j = i; j < Math.min(i + SLICES_PER_WRITE, sliced.packed.length); j++) {
      plans.push(await unpackPlan(sliced.packed[j]));
      sliced.packed[j] = new Uint8Array(0); // its memory goes once written
    }
    addWrites(total, await applyPlan(plans.length === 1 ? plans[0] : mergePlans(plans, sliced.summary.at), { ...target, phases }));
    if (target.phases) for (const [name, ms] of Object.entries(phases)) target.phases[name] = (target.phases[name] ?? 0) + ms;
  }
  return total;
}
