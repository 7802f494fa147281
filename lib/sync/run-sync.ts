import "server-only";
import { randomUUID } from "node:crypto";
import { createGraphClient, type GraphClient } from "@/lib/graph/client";
import { createTokenSource } from "@/lib/graph/credentials";
import { classifyError, type ClassifiedError } from "@/lib/graph/errors";
import { latestDeltaLink } from "@/lib/graph/read-delta";
import { listQueryIds, readUser } from "@/lib/graph/read-users";
import { toDirectoryUser } from "@/lib/graph/graph-user";
import { RetryBudget } from "@/lib/graph/retry-policy";
import { DeltaExpiredError, UserNotFoundError } from "@/lib/graph/typed-errors";
import { evaluateGuard } from "@/lib/sync/core/guard";
import { selectForMappings } from "@/lib/sync/core/mappings";
import { planSync } from "@/lib/sync/core/plan";
import type { DirectoryUser, SyncInput } from "@/lib/sync/core/types";
import { applyPlan, type WriteCounts } from "./apply-plan";
import { syncConfigFromEnv, type SyncConfig } from "./config";
import { acquireLease, acquireLeaseIfDue, leaseKeeper, LeaseLostError, releaseLease } from "./lease";
import {
  countLinks,
  credentialsFor,
  CredentialsMissingError,
  loadForeignNumbers,
  loadIntegration,
  loadLinks,
  loadSwitchboardUsers,
  type IntegrationForSync,
} from "./load-state";
import { closePartialScope } from "./partial-scope";
import { readDeltaRound, readFullDirectory } from "./read-directory";
import { closeInterruptedRuns, finishRun, startRun, type Mode, type RunSummary, type Trigger } from "./run-record";
import { hashDirectoryUser, loadSnapshotIndex, writeSnapshot, type SnapshotWrite } from "./snapshot";
import { recordOutcome } from "./status";
import { createStopwatch, type Stopwatch } from "./stopwatch";

export type SyncRequest = {
  integrationId: string;
  trigger: Trigger;
  /** AUTO: a delta round when a fresh deltaLink allows it, else full. */
  mode?: "AUTO" | "FULL";
  /** Single-user sync ("sync now" on one user). */
  objectId?: string;
  owner?: string;
  /** Scheduled runs: start only while the integration is still due (another tick may have just run it). */
  onlyIfDue?: boolean;
};

export type SyncResult =
  /** Leased by another worker (or, with onlyIfDue, no longer due: another worker has just run it). */
  | { status: "BUSY"; integrationId: string }
  | ({ integrationId: string; runId: string; writes: WriteCounts | null; guard: string | null } & Omit<RunSummary, "plan" | "writes" | "guard">);

type Read = {
  mode: Mode;
  input: Omit<SyncInput, "mappings" | "region" | "choices" | "now" | "limitedUsers"> & { limitedCandidates?: string[] };
  complete: boolean;
  error: unknown;
  usersRead: number;
  snapshot: { upsert: SnapshotWrite[]; remove: string[] };
  deltaLink: string | null | undefined;
};

function classify(error: unknown): ClassifiedError {
  if (error instanceof CredentialsMissingError) return { code: error.code, message: error.message, retryable: false, kind: "config" };
  if (error instanceof LeaseLostError) return { code: "LeaseLost", message: error.message, retryable: true, kind: "config" };
  return classifyError(error);
}

/**
 * One sync of one integration: lease → token → read Graph → plan (pure core) → guard → write →
 * record the run and the integration's status → release. Reads that stop early still write what is
 * safe (rule 11); anything thrown is recorded with Entra's error code.
 */
export async function runSync(request: SyncRequest, config: SyncConfig = syncConfigFromEnv()): Promise<SyncResult> {
  const owner = request.owner ?? randomUUID();
  const { integrationId } = request;
  const lease = request.onlyIfDue ? acquireLeaseIfDue : acquireLease;
  if (!(await lease(integrationId, owner, config.leaseMs))) return { status: "BUSY", integrationId };

  let integration: IntegrationForSync | null = null;
  let run: { id: string; startedAt: Date } | null = null;
  let client: GraphClient | null = null;
  const summary: RunSummary = {
    status: "FAILED",
    mode: request.objectId ? "SINGLE_USER" : "FULL",
    complete: false,
    graphRequests: 0,
    usersRead: 0,
    plan: null,
    writes: null,
    guard: null,
    error: null,
    phases: {},
  };
  const watch = createStopwatch();
  summary.phases = watch.phases;
  try {
    integration = await loadIntegration(integrationId);
    run = await startRun(integration, request.trigger, summary.mode);
    await closeInterruptedRuns(integrationId, run.id);

    const tokenSource = createTokenSource(credentialsFor(integration, config), { authorityHost: config.authorityHost });
    await watch.time("token", () => tokenSource.requireReadPermission());
    client = createGraphClient({ graphBaseUrl: config.graphBaseUrl, tokenSource, budget: new RetryBudget({ maxWaitMs: config.retryBudgetMs }) });
    const keepLease = leaseKeeper(integrationId, owner, config.leaseMs);

    const read = await readDirectory(integration, request, config, client, keepLease, watch);
    summary.mode = read.mode;
    summary.complete = read.complete;
    summary.usersRead = read.usersRead;
    if (read.error) summary.error = classify(read.error);

    const { region, mappings, choices, limitedUsersMode } = integration;
    const plan = await watch.time("plan", async () =>
      planSync({
        ...read.input,
        region,
        mappings,
        choices,
        limitedUsers: { mode: limitedUsersMode, candidates: read.input.limitedCandidates },
        now: new Date().toISOString(),
      }),
    );
    summary.plan = plan;
    // A first sync has no links yet: measure it against the users it is about to link.
    summary.guard = evaluateGuard(plan, { linkedCount: Math.max(await countLinks(integrationId), plan.counts.matched) });

    // The snapshot mirrors Entra, not the switchboard: it is kept current even when writes are held.
    const numbers = new Map(plan.directoryNumbers.map((d) => [d.objectId, d.numbers]));
    const upsert = read.snapshot.upsert.map((w) => ({ ...w, numbers: numbers.get(w.user.objectId) ?? [] }));
    await watch.time("snapshot", () => writeSnapshot(integrationId, { upsert, remove: read.snapshot.remove, readAt: new Date() }));
    if (summary.guard.hold) {
      summary.status = "HELD";
    } else {
      await keepLease();
      const target = { integrationId, solutionId: integration.solutionId, runId: run.id, at: new Date(plan.at), stampAllSynced: read.mode !== "FULL" };
      summary.writes = await watch.time("write", () => applyPlan(plan, target));
      summary.status = read.error ? "FAILED" : "SUCCEEDED";
    }
    summary.graphRequests = client.stats.requests;
    await recordOutcome(integration, request, summary, config, read.complete ? read.deltaLink : undefined);
  } catch (error) {
    summary.status = "FAILED";
    summary.error = classify(error);
    summary.graphRequests = client?.stats.requests ?? 0;
    if (integration) await recordOutcome(integration, request, summary, config, undefined);
    if (summary.error.code === "UnexpectedError") console.error(`[sync] integration ${integrationId}:`, error);
  } finally {
    if (run) await finishRun(run.id, run.startedAt, summary).catch((e) => console.error("[sync] could not record run", e));
    await releaseLease(integrationId, owner);
  }
  return {
    integrationId,
    runId: run?.id ?? "",
    status: summary.status,
    mode: summary.mode,
    complete: summary.complete,
    graphRequests: summary.graphRequests,
    usersRead: summary.usersRead,
    error: summary.error,
    writes: summary.writes,
    guard: summary.guard?.message ?? null,
    phases: summary.phases,
  };
}

function wantsDelta(integration: IntegrationForSync, request: SyncRequest, config: SyncConfig, now = Date.now()): boolean {
  if (request.mode === "FULL" || config.deltaIntervalMs === 0 || !integration.deltaLink || !integration.lastFullSyncAt) return false;
  // A configuration change (mapping, limited users) needs every user re-read with the new $select.
  if (integration.syncedConfigVersion !== integration.configVersion) return false;
  // A held plan's changes are behind the stored deltaLink already: only a full read sees them again.
  if (integration.status === "HELD") return false;
  // An admin's choice (rules 5, 6) concerns users a delta round would not read unless Entra changed them.
  if (integration.lastChoiceAt && integration.lastChoiceAt >= integration.lastFullSyncAt) return false;
  return now - integration.lastFullSyncAt.getTime() < config.fullIntervalMs;
}

async function readDirectory(
  integration: IntegrationForSync,
  request: SyncRequest,
  config: SyncConfig,
  client: GraphClient,
  onPage: () => Promise<void>,
  watch: Stopwatch,
): Promise<Read> {
  const select = selectForMappings(integration.mappings);
  if (request.objectId) return watch.time("read", () => readSingleUser(integration, request.objectId!, client, select));
  if (wantsDelta(integration, request, config)) {
    try {
      return await watch.time("read", () => readDeltaOnly(integration, client, select, onPage));
    } catch (error) {
      // 410 / syncStateNotFound: the token expired (7 days) or the directory was reset. Read it all.
      if (!(error instanceof DeltaExpiredError)) throw error;
    }
  }
  return readEverything(integration, config, client, select, onPage, watch);
}

async function readEverything(
  integration: IntegrationForSync,
  config: SyncConfig,
  client: GraphClient,
  select: string[],
  onPage: () => Promise<void>,
  watch: Stopwatch,
): Promise<Read> {
  // Taken before the read: changes made while it runs are replayed by the next delta round.
  const deltaLink = config.deltaIntervalMs > 0 ? await watch.time("deltaToken", () => latestDeltaLink({ client, select })) : null;
  // The database loads overlap the Graph read: both wait on I/O.
  const loads = watch.time("load", () =>
    Promise.all([
      loadSnapshotIndex(integration.id),
      loadSwitchboardUsers(integration.solutionId),
      loadLinks(integration.id),
      loadForeignNumbers(integration.solutionId, integration.id),
    ]),
  );
  loads.catch(() => {}); // awaited below; a read error must not leave it unhandled
  const read = await watch.time("read", () => readFullDirectory({ client, select, onPage }));
  const [snapshot, switchboardUsers, links, foreignNumbers] = await loads;
  let limitedCandidates: string[] | undefined;
  if (read.complete && integration.limitedUsersMode === "QUERY") {
    limitedCandidates = await watch.time("limitedQuery", () =>
      listQueryIds({ client, filter: integration.limitedUsersFilter ?? undefined, search: integration.limitedUsersSearch ?? undefined }),
    ).catch(() => undefined); // without an answer no limited user is added or removed for candidacy
  }
  const upsert: SnapshotWrite[] = [];
  const seen = new Set<string>();
  for (const user of read.users) {
    seen.add(user.objectId);
    const stored = snapshot.get(user.objectId);
    // The E.164 numbers worked out last time: unchanged numbers are not parsed again.
    if (stored) user.knownE164 = stored.knownE164;
    const hash = hashDirectoryUser(user);
    if (stored?.hash !== hash) upsert.push({ user, numbers: [], hash });
  }
  const remove = read.complete ? [...snapshot.keys()].filter((id) => !seen.has(id)) : [];
  return {
    mode: "FULL",
    input: { scope: "ALL", complete: read.complete, removedObjectIds: [], directoryUsers: read.users, switchboardUsers, links, foreignNumbers, limitedCandidates },
    complete: read.complete,
    error: read.error,
    usersRead: read.users.length,
    snapshot: { upsert, remove },
    deltaLink,
  };
}

async function readDeltaOnly(integration: IntegrationForSync, client: GraphClient, select: string[], onPage: () => Promise<void>): Promise<Read> {
  const round = await readDeltaRound({ client, select, deltaLink: integration.deltaLink!, onPage });
  return partialRead(integration, "DELTA", round.changed, round.removed, round, round.deltaLink);
}

async function readSingleUser(integration: IntegrationForSync, objectId: string, client: GraphClient, select: string[]): Promise<Read> {
  let changed: DirectoryUser[] = [];
  let removed: string[] = [];
  try {
    const user = toDirectoryUser(await readUser({ client, id: objectId, select }));
    if (user.accountEnabled) changed = [user];
    else removed = [objectId];
  } catch (error) {
    // Graph saying the user does not exist is a complete answer for this one user.
    if (!(error instanceof UserNotFoundError)) throw error;
    removed = [objectId];
  }
  return partialRead(integration, "SINGLE_USER", changed, removed, { complete: true, error: null }, undefined);
}

async function partialRead(
  integration: IntegrationForSync,
  mode: Mode,
  changed: DirectoryUser[],
  removed: string[],
  outcome: { complete: boolean; error: unknown },
  deltaLink: string | null | undefined,
): Promise<Read> {
  const scope = await closePartialScope({ integrationId: integration.id, solutionId: integration.solutionId, region: integration.region, changed, removed });
  const foreignNumbers = await loadForeignNumbers(integration.solutionId, integration.id);
  return {
    mode,
    input: { scope: "SUBSET", complete: outcome.complete, removedObjectIds: removed, ...scope, foreignNumbers },
    complete: outcome.complete,
    error: outcome.error,
    usersRead: changed.length + removed.length,
    snapshot: {
      upsert: changed.map((user) => ({ user, numbers: [], hash: hashDirectoryUser(user) })),
      remove: outcome.complete ? removed : [],
    },
    deltaLink,
  };
}
