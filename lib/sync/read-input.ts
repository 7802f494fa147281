import "server-only";
import type { GraphClient } from "@/lib/graph/client";
import { toDirectoryUser } from "@/lib/graph/graph-user";
import { latestDeltaLink } from "@/lib/graph/read-delta";
import { listQueryIds, readUser } from "@/lib/graph/read-users";
import { DeltaExpiredError, UserNotFoundError } from "@/lib/graph/typed-errors";
import { selectForMappings } from "@/lib/sync/core/mappings";
import { directoryNumbersOf } from "@/lib/sync/core/number-index";
import type { DirectoryUser, SyncInput } from "@/lib/sync/core/types";
import { DUE_EARLY_MS, type SyncConfig } from "./config";
import { fingerprintIsFresh, splitStamp, switchboardFingerprint } from "./fingerprint";
import { loadForeignNumbers, type IntegrationForSync } from "./load-state";
import { closePartialScope, ScopeNotClosedError } from "./partial-scope";
import { readDeltaRound, readFullDirectory } from "./read-directory";
import type { Mode } from "./run-record";
import { hashDirectoryUser, loadSnapshotHashes, numberReading, snapshotStream, type SnapshotStream, type SnapshotWrite } from "./snapshot";
import { refreshStatistics } from "./statistics";
import type { Stopwatch } from "./stopwatch";

/** Everything the plan needs besides the integration's own settings, and what to store afterwards. */
export type Read = {
  mode: Mode;
  input: Omit<SyncInput, "mappings" | "region" | "choices" | "now" | "limitedUsers"> & { limitedCandidates?: string[] };
  complete: boolean;
  error: unknown;
  /** The limited-users query failed (a filter Graph refuses): no candidacy changed, everything else synced. */
  limitedError?: unknown;
  usersRead: number;
  /**
   * A full run planned in slices (sliced-full.ts): the users it read, in read order, whose snapshot
   * rows are written; `input` then holds no users.
   */
  sliced?: { seen: ReadonlySet<string> };
  /** Snapshot writes left for after the plan; `streamed` rows, written as pages arrived, once they are all in. */
  snapshot: { upsert: SnapshotWrite[]; remove: string[]; streamed?: Promise<number> };
  deltaLink: string | null | undefined;
};

type Context = {
  integration: IntegrationForSync;
  config: SyncConfig;
  client: GraphClient;
  select: string[];
  onPage: () => Promise<void>;
  watch: Stopwatch;
};

/** A quiet full run plans only changed users while they are at most this share of the directory. */
const QUIET_MAX_SHARE = 0.05;
/**
 * Pages read and not yet hashed: a few, and more while the snapshot's hashes load (a quiet run's
 * first pages arrive before they do; about 30k users at most).
 */
const MAX_PAGES_WAITING = 4;
const MAX_PAGES_BEFORE_HASHES = 30;
/** Changed users a possibly quiet run holds in memory before it gives up being quiet (or 5 % of those read). */
const QUIET_MAX_HELD = 5_000;

/** The run's read strategy: one user, a delta round, or the whole directory (rule 8). */
export async function readInput(
  integration: IntegrationForSync,
  request: { objectId?: string; mode?: "AUTO" | "FULL" },
  config: SyncConfig,
  client: GraphClient,
  onPage: () => Promise<void>,
  watch: Stopwatch,
): Promise<Read> {
  const ctx: Context = { integration, config, client, select: selectForMappings(integration.mappings), onPage, watch };
  if (request.objectId) return watch.time("read", () => readSingleUser(ctx, request.objectId!));
  if (request.mode !== "FULL" && wantsDelta(integration, config)) {
    try {
      return await watch.time("read", () => readDeltaOnly(ctx));
    } catch (error) {
      // 410 / syncStateNotFound: the token expired (7 days) or the directory was reset; or the
      // changed users' shared numbers reach too far for a closed scope. Read it all.
      if (!(error instanceof DeltaExpiredError) && !(error instanceof ScopeNotClosedError)) throw error;
    }
  }
  return readEverything(ctx);
}

/** How a run that synced everything but the limited users starts its message (status and run). */
export const LIMITED_QUERY_FAILED = "Limited users were not updated:";

/** What decides between a delta round and a full read (wantsDelta); the scheduler reads it too. */
export type DeltaState = Pick<IntegrationForSync, "lastFullSyncAt" | "status" | "statusMessage" | "syncedConfigVersion" | "configVersion" | "lastChoiceAt" | "deltaLink">;

/** Settings the last full plan was made with still hold: config, admin choices, a decided (not held) state. */
function planStillValid(integration: DeltaState): boolean {
  if (!integration.lastFullSyncAt) return false;
  // The limited-users query failed last time: only a full run asks it again (and says whether it
  // still fails); a delta round in between would show OK while the limited users are stale.
  if (integration.status === "ERROR" && integration.statusMessage?.startsWith(LIMITED_QUERY_FAILED)) return false;
  // A configuration change (mapping, limited users) needs every user re-read with the new $select.
  if (integration.syncedConfigVersion !== integration.configVersion) return false;
  // A held plan's changes are behind the stored deltaLink already: only a full read sees them again.
  if (integration.status === "HELD") return false;
  // An admin's choice (rules 5, 6) concerns users a delta round would not read unless Entra changed them.
  return !(integration.lastChoiceAt && integration.lastChoiceAt >= integration.lastFullSyncAt);
}

/** An AUTO run is a delta round (else a full read): a deltaLink, a plan that still holds, a full sync under 12 h old. */
export function wantsDelta(integration: DeltaState, config: SyncConfig, now = Date.now()): boolean {
  if (config.deltaIntervalMs === 0 || !integration.deltaLink || !planStillValid(integration)) return false;
  // The full sync's tick may come a little before 12 h to the second (DUE_EARLY_MS): it is that full sync.
  return now + DUE_EARLY_MS - integration.lastFullSyncAt!.getTime() < config.fullIntervalMs;
}

async function readEverything(ctx: Context): Promise<Read> {
  const { integration, config, client, select, watch } = ctx;
  // A quiet run needs only the snapshot; it is decided before loading 100k switchboard users.
  const mayBeQuiet = planStillValid(integration) && integration.limitedUsersMode !== "QUERY" && fingerprintIsFresh(integration.switchboardFingerprint);
  // Taken before the read: changes made while it runs are replayed by the next delta round.
  const deltaLink = config.deltaIntervalMs > 0 ? watch.time("deltaToken", () => latestDeltaLink({ client, select })) : Promise.resolve(null);
  const fingerprint = mayBeQuiet ? watch.time("fingerprint", () => switchboardFingerprint(integration.solutionId)) : Promise.resolve(null);
  // Database loads overlap the Graph read: both wait on I/O.
  const snapshotLoad = watch.time("load", () => loadSnapshotHashes(integration.id));
  const storedFingerprint = mayBeQuiet ? splitStamp(integration.switchboardFingerprint!).fingerprint : null;
  [deltaLink, fingerprint, snapshotLoad].forEach((p) => p.catch(() => {})); // awaited below; a read error must not leave them unhandled
  const readAt = new Date();
  // A run that will plan the whole directory writes the snapshot as pages arrive: its slices are
  // loaded from there, and no page waits in memory. A possibly quiet run keeps the changed users
  // (a quiet plan looks up the numbers they had before) until the fingerprint says the switchboard
  // changed (it answers before most pages) or they become too many for a quiet run.
  const diff = snapshotDiff(integration.region, mayBeQuiet ? null : snapshotStream(integration.id, readAt));

  const goLoud = () => {
    if (!diff.streaming()) diff.streamTo(snapshotStream(integration.id, readAt));
  };
  fingerprint.then(
    (current) => {
      if (current !== storedFingerprint) goLoud();
    },
    () => {}, // awaited (and thrown) below
  );
  // Hashing a page is queued rather than awaited: the next page is requested while this one is
  // hashed, so the comparison hides behind the network instead of adding to it.
  let hashing: Promise<void> = snapshotLoad.then(() => {});
  // Each page waiting to be hashed, in order: the oldest is done first.
  const waitingPages: Promise<void>[] = [];
  let hashesLoaded = false;
  snapshotLoad.then(() => (hashesLoaded = true), () => {});
  const read = await watch.time("read", () =>
    readFullDirectory({
      client,
      select,
      onPage: async (users) => {
        // Hashing pages and writing their snapshot rows go on while the next pages are requested,
        // but only so far behind: a database slower than Graph must not gather the directory in memory.
        while (waitingPages.length >= (hashesLoaded ? MAX_PAGES_WAITING : MAX_PAGES_BEFORE_HASHES)) await waitingPages[0];
        await diff.drained();
        hashing = hashing.then(async () => {
          await new Promise((resolve) => setImmediate(resolve));
          diff.add(users, await snapshotLoad);
          if (diff.held() > Math.max(QUIET_MAX_HELD, QUIET_MAX_SHARE * diff.seenInOrder().size)) goLoud();
        });
        const page = hashing.finally(() => waitingPages.shift());
        page.catch(() => {}); // the chain is awaited (and thrown) after the read
        waitingPages.push(page);
        await ctx.onPage();
      },
    }),
  );
  await hashing;
  const { upsert, changed, remove } = diff.finish(await snapshotLoad, read.complete);
  const quietCandidate = mayBeQuiet && !diff.streaming() && (await fingerprint) === storedFingerprint;

  if (quietCandidate && read.complete && changed.length + remove.length <= Math.max(100, QUIET_MAX_SHARE * read.count)) {
    // Nothing changed on the switchboard since the last plan: only users whose Entra data changed
    // can produce a change, and their closed scope gives the same result a whole plan would.
    try {
      return await partialRead(ctx, "FULL", changed, remove, { ...read, upsert, usersRead: read.count }, await deltaLink);
    } catch (error) {
      if (!(error instanceof ScopeNotClosedError)) throw error;
      // The scope does not close: plan the whole directory below, like any full sync.
    }
  }
  // The whole directory is planned in slices loaded from the snapshot: every row must be in first.
  goLoud();
  const streamed = await watch.time("snapshot.stream", () => diff.finishStream());
  // The slices look the rows just written up by id: with statistics that still call the table
  // empty, each lookup would scan all of it. (Analysed here, they do not count for the run's own
  // refresh after its writes.)
  const analysed = await watch.time("analyze", () => refreshStatistics(streamed));
  let limitedCandidates: string[] | undefined;
  let limitedError: unknown;
  if (read.complete && integration.limitedUsersMode === "QUERY") {
    limitedCandidates = await watch
      .time("limitedQuery", () => listQueryIds({ client, filter: integration.limitedUsersFilter ?? undefined, search: integration.limitedUsersSearch ?? undefined }))
      .catch((error) => {
        // Without an answer no limited user is added or removed for candidacy; the run says why.
        limitedError = error;
        return undefined;
      });
  }
  return {
    mode: "FULL",
    input: {
      scope: "ALL",
      complete: read.complete,
      removedObjectIds: [],
      directoryUsers: [],
      switchboardUsers: [],
      links: [],
      foreignNumbers: await loadForeignNumbers(integration.solutionId, integration.id, integration.region),
      limitedCandidates,
    },
    sliced: { seen: diff.seenInOrder() },
    complete: read.complete,
    error: read.error,
    limitedError,
    usersRead: read.count,
    snapshot: { upsert: [], remove, streamed: Promise.resolve(analysed ? 0 : streamed) },
    deltaLink: await deltaLink,
  };
}

/** Snapshot rows of users read one by one (a delta round, one user), their numbers read as `reading` says. */
const hashed = (users: DirectoryUser[], reading: string): SnapshotWrite[] => users.map((user) => ({ user, numbers: [], hash: hashDirectoryUser(user, reading) }));

/**
 * Which users' Entra data changed since the snapshot (hashed page by page), and which are gone. Once
 * streaming, changed users' numbers are normalised here and their snapshot rows written right away;
 * before, they are held (a quiet run writes them after its plan).
 */
function snapshotDiff(region: string, initial: SnapshotStream | null) {
  let held: SnapshotWrite[] = [];
  let stream = initial;
  const seen = new Set<string>();
  const reading = numberReading(region);
  const rowOf = (user: DirectoryUser, hash: string): SnapshotWrite => {
    const { numbers } = directoryNumbersOf(user, region);
    user.knownE164 = Object.fromEntries(numbers.map((n) => [n.raw, n.e164]));
    return { user, numbers, hash };
  };
  return {
    add(users: DirectoryUser[], hashes: Map<string, string>) {
      const rows: SnapshotWrite[] = [];
      for (const user of users) {
        seen.add(user.objectId);
        const hash = hashDirectoryUser(user, reading);
        if (hashes.get(user.objectId) === hash) continue;
        if (stream) rows.push(rowOf(user, hash));
        else held.push({ user, numbers: [], hash });
      }
      stream?.add(rows);
    },
    streaming: () => stream !== null,
    held: () => held.length,
    /** From now on changed users go to the snapshot as they come; those held so far go first. */
    streamTo(to: SnapshotStream) {
      stream = to;
      to.add(held.map((w) => rowOf(w.user, w.hash)));
      held = [];
    },
    finishStream: () => stream?.finish() ?? Promise.resolve(0),
    drained: () => stream?.drained() ?? Promise.resolve(),
    seenInOrder: () => seen,
    /** Only a complete read can tell that a user is gone. */
    finish(hashes: Map<string, string>, complete: boolean) {
      const remove = complete ? [...hashes.keys()].filter((id) => !seen.has(id)) : [];
      return { upsert: held, changed: held.map((w) => w.user), remove };
    },
  };
}

async function readDeltaOnly(ctx: Context): Promise<Read> {
  const round = await readDeltaRound({ client: ctx.client, select: ctx.select, deltaLink: ctx.integration.deltaLink!, onPage: ctx.onPage });
  return partialRead(ctx, "DELTA", round.changed, round.removed, round, round.deltaLink);
}

async function readSingleUser(ctx: Context, objectId: string): Promise<Read> {
  let changed: DirectoryUser[] = [];
  let removed: string[] = [];
  try {
    const user = toDirectoryUser(await readUser({ client: ctx.client, id: objectId, select: ctx.select }));
    if (user.accountEnabled) changed = [user];
    else removed = [objectId];
  } catch (error) {
    // Graph saying the user does not exist is a complete answer for this one user.
    if (!(error instanceof UserNotFoundError)) throw error;
    removed = [objectId];
  }
  return partialRead(ctx, "SINGLE_USER", changed, removed, { complete: true, error: null }, undefined);
}

async function partialRead(
  { integration, watch, config }: Context,
  mode: Mode,
  changed: DirectoryUser[],
  removed: string[],
  /** A quiet full read passes the snapshot writes it already hashed and how many users it read. */
  outcome: { complete: boolean; error: unknown; upsert?: SnapshotWrite[]; usersRead?: number },
  deltaLink: string | null | undefined,
): Promise<Read> {
  const { id: integrationId, solutionId, region } = integration;
  const [scope, foreignNumbers] = await watch.time("scope", () =>
    Promise.all([
      closePartialScope({ integrationId, solutionId, region, changed, removed, maxRounds: config.scopeMaxRounds }),
      loadForeignNumbers(solutionId, integrationId, region),
    ]),
  );
  return {
    mode,
    input: { scope: "SUBSET", complete: outcome.complete, removedObjectIds: removed, ...scope, foreignNumbers },
    complete: outcome.complete,
    error: outcome.error,
    usersRead: outcome.usersRead ?? changed.length + removed.length,
    // The snapshot says what the last delta round or full read saw, and the next round finds who
    // shared a changed user's numbers through it. A round that broke off is replayed from the same
    // deltaLink, and a single-user run ("sync now") does not write colleagues: both leave it alone,
    // so the replay (or the next round) still finds those colleagues by the numbers they had.
    snapshot:
      outcome.complete && mode !== "SINGLE_USER"
        ? { upsert: outcome.upsert ?? hashed(changed, numberReading(region)), remove: removed }
        : { upsert: [], remove: [] },
    deltaLink,
  };
}
