import "server-only";
import { randomUUID } from "node:crypto";
import { createGraphClient, type GraphClient } from "@/lib/graph/client";
import { createTokenSource } from "@/lib/graph/credentials";
import { classifyError, forDisplay, withheldDetails, type ClassifiedError } from "@/lib/graph/errors";
import { RetryBudget } from "@/lib/graph/retry-policy";
import { UserFacingError } from "@/lib/user-facing-error";
import { evaluateGuard, guardVerdict } from "@/lib/sync/core/guard";
import { planForUsers } from "@/lib/sync/core/plan-subset";
import { planSync } from "@/lib/sync/core/plan";
import type { PlanCounts, SyncPlan } from "@/lib/sync/core/plan-types";
import { applyPlan, type WriteCounts } from "./apply-plan";
import { syncConfigFromEnv, type SyncConfig } from "./config";
import { acquireLease, leaseKeeper, LeaseLostError, releaseLease } from "./lease";
import {
  countLinks,
  credentialsFor,
  setupFinished,
  CredentialsMissingError,
  loadIntegration,
  type IntegrationForSync,
} from "./load-state";
import { ScopeNotClosedError } from "./partial-scope";
import { closeInterruptedRuns, writtenCounts, finishRun, limitedUsersCreatedBy, recordedRun, startRun, type RecordedRun, type RunSummary, type Trigger } from "./run-record";
import { joinPacked } from "./held-plan";
import { planSlices, writeSlices } from "./sliced-full";
import { writeSnapshot } from "./snapshot";
import { refreshStatistics } from "./statistics";
import { recordOutcome, withdrawIncrementalState } from "./status";
import { createStopwatch } from "./stopwatch";
import { LIMITED_QUERY_FAILED, readInput, type Read } from "./read-input";
import { foldWrites, partialFingerprint, splitStamp, stampFingerprint, switchboardFingerprint } from "./fingerprint";

export type SyncRequest = {
  integrationId: string;
  trigger: Trigger;
  /** AUTO: a delta round when a fresh deltaLink allows it, else full. */
  mode?: "AUTO" | "FULL";
  /** Single-user sync ("sync now" on one user). */
  objectId?: string;
  /**
   * Before setup is finished (rule 7): read the whole directory and make the links, so the admin can
   * turn sync off for someone before anything is written; no switchboard field is changed.
   */
  preview?: boolean;
  owner?: string;
  /** Scheduled runs: start only while the integration is still due (another tick may have just run it). */
  onlyIfDue?: boolean;
  /** Epoch ms the caller's time budget ends (a cron tick): no retry wait sleeps past it. */
  deadline?: number;
};

export type SyncResult =
  /** Leased by another worker (or, with onlyIfDue, no longer due: another worker has just run it). */
  | { status: "BUSY"; integrationId: string }
  | ({
      integrationId: string;
      runId: string;
      writes: WriteCounts | null;
      guard: string | null;
      /** What the plan counted: for a partial or quiet run, the users in its scope only. */
      counts: PlanCounts | null;
      /** The run's record: the totals the run history shows (null when the record could not be read). */
      run: RecordedRun | null;
    } & Omit<RunSummary, "plan" | "writes" | "guard">);

/**
 * What the run and the integration store. An error the catalogue does not know (a bug, a database
 * failure) is logged on the server with its details; admins and support see a plain message that
 * names the run, never internal text such as hostnames or SQL.
 */
function classify(error: unknown, where: { integrationId: string; runId?: string }): ClassifiedError {
  if (error instanceof CredentialsMissingError) return { code: error.code, message: error.message, retryable: false, kind: "config" };
  if (error instanceof LeaseLostError) return { code: "LeaseLost", message: error.message, retryable: true, kind: "config" };
  if (error instanceof ScopeNotClosedError) return { code: "ScopeNotClosed", message: error.message, retryable: false, kind: "config" };
  const classified = classifyError(error);
  if (withheldDetails(classified)) console.error(`[sync] integration ${where.integrationId}${where.runId ? `, run ${where.runId}` : ""}:`, error);
  if (classified.code !== "UnexpectedError") return classified;
  return forDisplay(classified, where.runId ? `run ${where.runId}` : `integration ${where.integrationId}`);
}

/**
 * One sync of one integration: lease → token → read Graph → plan (pure core) → guard → write →
 * record the run and the integration's status → release. Reads that stop early still write what is
 * safe (rule 11); anything thrown is recorded with Entra's error code.
 */
export async function runSync(request: SyncRequest, config: SyncConfig = syncConfigFromEnv()): Promise<SyncResult> {
  const owner = request.owner ?? randomUUID();
  const { integrationId } = request;
  const finished = await setupFinished(integrationId);
  if (request.preview && finished) {
    throw new UserFacingError("Setup is finished, so this integration syncs; the preview is only for the setup.");
  }
  // Until the admin completes the setup, sync can be turned off per user before anything is written
  // (rule 7): only a preview runs. The cron never picks such an integration; this covers direct calls.
  if (!request.preview && !finished) {
    throw new UserFacingError("Setup of this integration is not finished, so it does not sync yet; complete the setup first (a preview shows what the first sync would do).");
  }
  if (!(await acquireLease(integrationId, owner, config.leaseMs, { onlyIfDue: request.onlyIfDue }))) return { status: "BUSY", integrationId };

  let integration: IntegrationForSync | null = null;
  let run: { id: string; startedAt: Date } | null = null;
  let client: GraphClient | null = null;
  const summary: RunSummary = {
    status: "FAILED",
    mode: request.preview ? "PREVIEW" : request.objectId ? "SINGLE_USER" : "FULL",
    objectId: request.objectId,
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
  let fingerprint: string | null | undefined; // undefined = leave the stored one
  let readStarted = false;
  // What the integration stored when this run withdrew it (below), to put back what still holds.
  let withdrawn: { deltaLink: string | null; fingerprint: string | null } | null = null;
  // Whether this run may have written snapshot rows (streamed during a full read, or after its plan).
  let snapshotTouched = false;
  // Only a run that succeeded vouches for a fingerprint. One that failed or was held after it began
  // reading may have moved the snapshot ahead of the switchboard: without a fingerprint the next full
  // sync plans every user again, where a quiet one would skip those whose snapshot already matches.
  const fingerprintToStore = () =>
    summary.status === "SUCCEEDED" ? (fingerprint === undefined && withdrawn ? withdrawn.fingerprint : fingerprint) : readStarted ? null : undefined;
  // A run that did not finish its read or its writes keeps the old deltaLink, so the next delta round
  // replays the same changes; unless it moved the snapshot, which that replay would plan against.
  const deltaLinkToRestore = () => (withdrawn ? (snapshotTouched ? null : withdrawn.deltaLink) : undefined);
  // Snapshot writes that run beside the plan and the switchboard writes; never left running on return.
  const snapshotWrites: Promise<unknown>[] = [];
  summary.phases = watch.phases;
  try {
    const loaded = await watch.time("setup", () => loadIntegration(integrationId));
    integration = loaded;
    // The run's record and the token are independent: side by side. Both settle before anything is
    // thrown, so a token error is recorded on this run.
    const [started, token] = await Promise.allSettled([
      watch.time("setup", async () => {
        const created = await startRun(loaded, request.trigger, summary.mode);
        await closeInterruptedRuns(integrationId, created.id);
        return created;
      }),
      watch.time("token", async () => {
        const source = createTokenSource(credentialsFor(loaded, config), { authorityHost: config.authorityHost, graphBaseUrl: config.graphBaseUrl });
        await source.requireReadPermission();
        return source;
      }),
    ]);
    if (started.status === "rejected") throw started.reason;
    const thisRun = started.value;
    run = thisRun;
    if (token.status === "rejected") throw token.reason;
    const graph = createGraphClient({ graphBaseUrl: config.graphBaseUrl, tokenSource: token.value, budget: new RetryBudget({ maxWaitMs: config.retryBudgetMs, deadline: request.deadline }) });
    client = graph;
    const keepLease = leaseKeeper(integrationId, owner, config.leaseMs);

    // The linked users before this run (the guard's measure), counted by the database while Graph is read.
    const linksBefore = watch.time("guard", () => countLinks(integrationId));
    linksBefore.catch(() => {}); // awaited after the plan
    // From here the snapshot may move ahead of the switchboard. Until this run records its outcome,
    // the integration holds no deltaLink and no fingerprint: a worker killed mid-run leaves the next
    // run a whole full sync, not a delta round or a quiet run planned against a snapshot that moved.
    if (!request.objectId) withdrawn = await withdrawIncrementalState(loaded, owner);
    readStarted = true;
    snapshotTouched = !request.objectId; // until the read says otherwise
    const read = await readInput(loaded, request.preview ? { mode: "FULL" } : request, config, graph, keepLease, watch);
    const streamed = read.snapshot.streamed ?? Promise.resolve(0);
    snapshotWrites.push(streamed);
    snapshotTouched = read.snapshot.streamed !== undefined;
    summary.mode = request.preview ? "PREVIEW" : read.mode;
    summary.complete = read.complete;
    summary.usersRead = read.usersRead;
    if (read.error) summary.error = classify(read.error, { integrationId, runId: thisRun.id });
    else if (read.limitedError) {
      const cause = classify(read.limitedError, { integrationId, runId: thisRun.id });
      summary.error = { ...cause, message: `${LIMITED_QUERY_FAILED} ${cause.message} Everything else was synced; check the limited-users filter.` };
    }

    const { region, mappings, choices, limitedUsersMode } = loaded;
    const settings = {
      region,
      mappings,
      choices,
      foreignNumbers: read.input.foreignNumbers,
      limitedUsers: { mode: limitedUsersMode, candidates: read.input.limitedCandidates },
      now: new Date().toISOString(),
    };
    // A full run plans the directory slice by slice (sliced-full.ts); a partial one its closed scope.
    const sliced = read.sliced
      ? await watch.time("plan", () => planSlices({ integration: loaded, seen: read.sliced!.seen, complete: read.complete, settings, sliceUsers: config.sliceUsers, phases: watch.phases }))
      : null;
    const whole = sliced ? null : await watch.time("plan", async () => planSync({ ...read.input, ...settings }));
    // "Sync now" for one user writes only that user's entries; colleagues in its scope are context.
    const plan = sliced ? sliced.summary : read.mode === "SINGLE_USER" && request.objectId ? planForUsers(whole!, [request.objectId]) : whole!;
    summary.plan = plan;
    const linkedCount = await linksBefore;
    summary.guard = sliced ? guardVerdict(sliced.tally, { linkedCount }) : evaluateGuard(plan, { linkedCount });

    // The snapshot mirrors Entra, not the switchboard: it is kept current even when writes are held.
    const numbers = new Map(plan.directoryNumbers.map((d) => [d.objectId, d.numbers]));
    const upsert = read.snapshot.upsert.map((w) => ({ ...w, numbers: numbers.get(w.user.objectId) ?? [] }));
    if (upsert.length > 0 || read.snapshot.remove.length > 0) snapshotTouched = true;
    const snapshotWrite = watch.time("snapshot", () => writeSnapshot(integrationId, { upsert, remove: read.snapshot.remove, readAt: new Date() }));
    snapshotWrites.push(snapshotWrite);
    snapshotWrite.catch(() => {}); // awaited below, and in `finally` when the writes fail first
    // A preview clears nothing and unlinks only its own earlier preview links: nothing to hold.
    if (summary.guard.hold && !request.preview) {
      summary.status = "HELD";
      // The held run stores its plan for review: a sliced run's slices as they are, joined.
      if (sliced) summary.heldPlan = joinPacked(sliced.packed);
    } else {
      await keepLease();
      const target = {
        integrationId,
        solutionId: loaded.solutionId,
        runId: thisRun.id,
        at: new Date(plan.at),
        stampAllSynced: read.mode !== "FULL",
        noLinksBefore: linkedCount === 0,
        preview: request.preview,
        phases: watch.phases,
        lease: { owner, keepLease },
        configVersion: loaded.configVersion,
      };
      // A preview leaves the fingerprint to recordOutcome (it clears it): nothing to compute here.
      const policy: FingerprintPolicy = request.preview ? { kind: "keep" } : await watch.time("fingerprint", () => fingerprintPolicy(loaded, read, plan));
      // The plan is made: its input is not needed while writing, and the writes' batches need the memory.
      read.input.directoryUsers = [];
      read.input.switchboardUsers = [];
      read.input.links = [];
      // The snapshot (Entra's side) and the switchboard writes touch different tables: side by side.
      summary.writes = await watch.time("write", () => (sliced ? writeSlices(sliced, target) : applyPlan(plan, target)));
      // Changes skipped because what they were about changed after the plan: count what was written.
      if (summary.writes.skipped > 0) summary.plan = { ...plan, counts: { ...plan.counts, ...(await writtenCounts(thisRun.id)) } };
      summary.status = summary.error ? "FAILED" : "SUCCEEDED";
      fingerprint = await watch.time("fingerprint", () => fingerprintAfter(policy, loaded, thisRun.id));
    }
    const snapshotRows = (await streamed) + (await snapshotWrite);
    const written = summary.writes ? Object.values(summary.writes).reduce((a, b) => a + b, 0) : 0;
    await watch.time("analyze", () => refreshStatistics(snapshotRows + written));
    await watch.time("record", async () => {
      if (read.input.scope === "SUBSET" && read.mode === "FULL") {
        summary.linkedTotal = summary.writes && summary.writes.links > 0 ? await countLinks(integrationId) : linkedCount;
      }
      summary.graphRequests = graph.stats.requests;
      await recordOutcome(loaded, { ...request, owner }, summary, config, read.complete ? read.deltaLink : deltaLinkToRestore(), fingerprintToStore());
    });
  } catch (error) {
    summary.status = "FAILED";
    summary.error = classify(error, { integrationId, runId: run?.id });
    summary.graphRequests = client?.stats.requests ?? 0;
    // A run whose lease was taken over leaves the integration to the worker that took it: only its
    // own run record says what happened.
    if (integration && !(error instanceof LeaseLostError)) await recordOutcome(integration, { ...request, owner }, summary, config, deltaLinkToRestore(), fingerprintToStore());
  } finally {
    await Promise.allSettled(snapshotWrites);
    if (run) await finishRun(run.id, run.startedAt, summary).catch((e) => console.error("[sync] could not record run", e));
    await releaseLease(integrationId, owner);
  }
  const { plan, guard, ...rest } = summary;
  const recorded = run ? await recordedRun(run.id).catch(() => null) : null;
  return { integrationId, runId: run?.id ?? "", ...rest, guard: guard?.message ?? null, counts: plan?.counts ?? null, run: recorded };
}


function writesAnything(plan: SyncPlan): boolean {
  const { changes, links, limited, normalisedNumbers } = plan;
  return [changes, links.create, links.update, links.remove, limited.create, limited.remove, limited.numbers, normalisedNumbers].some((l) => l.length > 0);
}

type FingerprintPolicy =
  | { kind: "new" | "keep" | "drop" }
  | { kind: "fold"; userIds: string[]; before: Awaited<ReturnType<typeof partialFingerprint>> };

/**
 * Decided before the writes: what the stored switchboard fingerprint becomes after them. A complete
 * whole-directory plan saw everything ("new", restamped). A partial plan folds its own writes into the
 * stored fingerprint ("fold", keeping its time so the weekly whole plan still comes round): every row
 * it writes belongs to a switchboard user in its scope. A run that writes nothing leaves it alone.
 */
async function fingerprintPolicy(integration: IntegrationForSync, read: Read, plan: SyncPlan): Promise<FingerprintPolicy> {
  if (read.input.scope === "ALL") return { kind: read.complete ? "new" : "drop" };
  if (!writesAnything(plan)) return { kind: "keep" };
  if (!integration.switchboardFingerprint) return { kind: "drop" };
  const userIds = read.input.switchboardUsers.map((u) => u.id);
  return { kind: "fold", userIds, before: await partialFingerprint(integration.solutionId, userIds) };
}

async function fingerprintAfter(policy: FingerprintPolicy, integration: IntegrationForSync, runId: string): Promise<string | null | undefined> {
  if (policy.kind !== "fold") {
    if (policy.kind === "keep") return undefined;
    return policy.kind === "new" ? stampFingerprint(await switchboardFingerprint(integration.solutionId)) : null;
  }
  const after = await partialFingerprint(integration.solutionId, [...policy.userIds, ...(await limitedUsersCreatedBy(runId))]);
  const stored = splitStamp(integration.switchboardFingerprint!);
  return stampFingerprint(foldWrites(stored.fingerprint, policy.before, after), stored.at);
}
