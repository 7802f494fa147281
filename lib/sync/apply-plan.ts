import "server-only";
import { randomUUID } from "node:crypto";
import { runStatements, type Statement, type StatementOptions } from "@/lib/db";
import type { SyncPlan, UserChange } from "@/lib/sync/core/plan-types";
import { SCALAR_FIELDS } from "@/lib/sync/core/types";
import { chunks } from "./chunks";
import {
  deleteLimitedUsers,
  dropStaleChoices,
  deleteLinks,
  deleteNumbers,
  insertLimitedUsers,
  insertLinks,
  insertNumbers,
  leaseHeld,
  lockLinks,
  lockSwitchboardUsers,
  recordChanges,
  stampLinks,
  storeNormalisedNumbers,
  updateLinks,
  updateUsers,
} from "./write-batches";
import { LeaseLostError } from "./lease";

const BATCH = 5_000;

/**
 * Rows written. `skipped`: planned changes not written because what they were about changed after
 * the plan (sync turned off, a number deleted, a choice withdrawn); the run then counts from its history.
 */
export type WriteCounts = { switchboardUsers: number; numbers: number; links: number; changeRecords: number; skipped: number };

export const noWrites = (): WriteCounts => ({ switchboardUsers: 0, numbers: 0, links: 0, changeRecords: 0, skipped: 0 });

/** Adds `more` into `total`: a run written in several plans (a full run's slices) counts them all. */
export function addWrites(total: WriteCounts, more: WriteCounts): WriteCounts {
  for (const key of Object.keys(total) as (keyof WriteCounts)[]) total[key] += more[key];
  return total;
}

type Target = {
  integrationId: string;
  solutionId: string;
  runId: string;
  at: Date;
  stampAllSynced: boolean;
  /** The integration had no link when the run started (a first sync): no old link can be in the way. */
  noLinksBefore?: boolean;
  /** A preview before setup is finished (rule 7): links only, nothing written to the switchboard. */
  preview?: boolean;
  /** Receives milliseconds per step (`write.links` …) for the run's details. */
  phases?: Record<string, number>;
  /**
   * The lease this write holds: every transaction first checks (and share-locks) that the
   * integration is still leased to `owner`, so a worker whose lease ran out never writes beside the
   * one that took over; `keepLease` renews it between batches.
   */
  lease?: { owner: string; keepLease: () => Promise<void> };
  /** The configuration version the plan was made with: links by an admin's choice are written only while it holds. */
  configVersion?: number;
};

/** Batches run side by side on this many connections: PostgreSQL spreads them over its cores. */
const WRITERS = 3;

/** Runs units `width` at a time; after one fails no further unit starts (the run has failed). */
async function runPool(units: (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < units.length) {
      try {
        await units[next++]();
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(width, units.length) }, worker));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) throw failure.reason;
}

const rowsOf = (changes: UserChange[]) => changes.map((c) => ({ id: c.switchboardUserId, f: Object.fromEntries(c.changes.map((ch) => [ch.field, ch.after])) }));

/**
 * Writes a plan in the order the core prescribes: removals first, so numbers and links are free for
 * what replaces them, then link updates; then new links, new limited users and field updates, in
 * batches that touch disjoint rows and run side by side. A user linked in this run gets its link,
 * its field values and one history row in one transaction.
 */
export async function applyPlan(fullPlan: SyncPlan, target: Target): Promise<WriteCounts> {
  const { integrationId, solutionId, runId, at } = target;
  // A preview links (and unlinks, after a later preview) but changes no switchboard user or number.
  const plan: SyncPlan = target.preview
    ? { ...fullPlan, changes: [], limited: { create: [], remove: [], numbers: [] }, normalisedNumbers: [], syncedSwitchboardUserIds: [], staleChoices: [] }
    : fullPlan;
  const counts = noWrites();
  /** History rows written for a batch of `planned` changes: one per change that was applied. */
  const recorded = (planned: number, history: number) => {
    counts.changeRecords += history;
    counts.skipped += planned - history;
  };
  const { lease } = target;
  const options: StatementOptions = lease ? { guard: { statements: leaseHeld(integrationId, lease.owner), refuse: () => new LeaseLostError() } } : {};
  /**
   * Statements in one fenced transaction, after renewing the lease if it is due. Batches skip the
   * WAL flush at commit (see writeTransaction); `durable` ones (numbers, stamps) wait for it.
   */
  const write = async (statements: Statement[], { durable = false } = {}): Promise<number[]> => {
    await lease?.keepLease();
    return runStatements(statements, { ...options, ...(durable ? {} : { synchronousCommit: false }) });
  };
  /** One statement in its own transaction (committed as usual). */
  const one = async (statement: Statement) => (await write([statement], { durable: true }))[0];
  const step = async (name: string, work: () => Promise<void>) => {
    const started = performance.now();
    await work();
    if (target.phases) target.phases[`write.${name}`] = Math.round(performance.now() - started);
  };

  await step("removals", async () => {
    // Each batch locks its links, records history for those with sync on, then removes exactly those:
    // an admin's "sync off" since the plan was made (or while a held plan waited) still wins (rule 7).
    for (const batch of chunks(plan.limited.remove, BATCH)) {
      const ids = batch.map((r) => r.switchboardUserId);
      const [, history, removed] = await write([
        lockLinks(integrationId, { switchboardUserIds: ids }),
        recordChanges(runId, batch.map((r) => ({ sid: r.switchboardUserId, oid: r.objectId, kind: "LIMITED_REMOVE", fields: [{ reason: r.reason }] })), integrationId),
        deleteLimitedUsers(integrationId, ids),
      ]);
      counts.switchboardUsers += removed;
      recorded(batch.length, history);
    }
    for (const batch of chunks(plan.links.remove, BATCH)) {
      const ids = batch.map((r) => r.switchboardUserId);
      const [, history, removed] = await write([
        lockLinks(integrationId, { switchboardUserIds: ids }),
        recordChanges(runId, batch.map((r) => ({ sid: r.switchboardUserId, oid: r.objectId, kind: "UNLINK", fields: [{ reason: r.reason }] })), integrationId),
        deleteLinks(integrationId, { switchboardUserIds: ids }),
      ]);
      counts.links += removed;
      recorded(batch.length, history);
    }
    // Numbers limited users gave up in Entra, before any limited user is created or takes a number
    // on: one that moved to another (new or existing) limited user is free for it in this run.
    const numberRemovals = plan.limited.numbers.flatMap((change) => (change.removeNumberIds.length ? [deleteNumbers(integrationId, change.switchboardUserId, change.removeNumberIds)] : []));
    for (const batch of chunks(numberRemovals, 500)) counts.numbers += (await write(batch, { durable: true })).reduce((a, b) => a + b, 0);
  });
  await step("linkUpdates", async () => {
    for (const batch of chunks(plan.links.update, BATCH)) {
      counts.links += await one(updateLinks(target, batch.map((u) => ({ sid: u.switchboardUserId, pid: u.phoneNumberId, origin: u.origin }))));
    }
  });

  const changeOf = new Map(plan.changes.map((c) => [c.switchboardUserId, c]));
  const linkedNow = new Set(plan.links.create.map((c) => c.switchboardUserId));
  const units: (() => Promise<void>)[] = [];
  for (const batch of chunks(plan.links.create, BATCH)) {
    units.push(async () => {
      const changes = batch.flatMap((c) => changeOf.get(c.switchboardUserId) ?? []);
      // One link per Entra user: a user who moved to another switchboard user leaves the old link,
      // unless an admin turned that link's sync off since the plan was made (rule 7): then the user
      // stays there, and a switchboard user whose own link has sync off keeps it too. The switchboard
      // users (another integration's batch linking one of them takes turns with this one) and the
      // links involved are locked first, and the fields and history follow the links actually written.
      const switchboardUserIds = batch.map((c) => c.switchboardUserId);
      const before = [
        lockSwitchboardUsers(switchboardUserIds),
        ...(target.noLinksBefore
          ? []
          : [lockLinks(integrationId, { switchboardUserIds, objectIds: batch.map((c) => c.objectId) }), deleteLinks(integrationId, { objectIds: batch.map((c) => c.objectId) })]),
      ];
      const [inserted, updated, history] = (await write([
        ...before,
        insertLinks(target, batch),
        updateUsers({ solutionId, integrationId }, rowsOf(changes)),
        recordChanges(
          runId,
          batch.map((c) => ({
            sid: c.switchboardUserId,
            oid: c.objectId,
            kind: "LINK",
            fields: [{ field: "link", before: null, after: c.e164, origin: c.origin }, ...(changeOf.get(c.switchboardUserId)?.changes ?? [])],
          })),
          // Only the links actually made above: also a first sync's may be left out (another
          // integration linked the user after the plan).
          integrationId,
          { sameEntraUser: true },
        ),
      ])).slice(before.length);
      counts.links += inserted;
      counts.switchboardUsers += updated;
      recorded(batch.length, history);
    });
  }
  for (const batch of chunks(plan.limited.create, BATCH)) {
    units.push(async () => {
      const users = batch.map((l) => ({ ...l, id: randomUUID() }));
      const [created, numbers, links, history] = await write([
        ...insertLimitedUsers(target, users),
        recordChanges(
          runId,
          users.map((u) => ({
            sid: u.id,
            oid: u.objectId,
            kind: "LIMITED_CREATE",
            fields: [...SCALAR_FIELDS.map((f) => ({ field: f, before: null, after: u.fields[f] })), { field: "tags", before: [], after: u.tags }],
          })),
        ),
      ]);
      counts.switchboardUsers += created;
      counts.numbers += numbers;
      counts.links += links;
      recorded(batch.length, history);
    });
  }
  for (const batch of chunks(plan.changes.filter((c) => !linkedNow.has(c.switchboardUserId)), BATCH)) {
    units.push(async () => {
      const [, updated, history] = await write([
        lockLinks(integrationId, { switchboardUserIds: batch.map((c) => c.switchboardUserId) }),
        updateUsers({ solutionId, integrationId }, rowsOf(batch)),
        recordChanges(runId, batch.map((c) => ({ sid: c.switchboardUserId, oid: c.objectId, kind: "UPDATE", fields: c.changes })), integrationId),
      ]);
      counts.switchboardUsers += updated;
      recorded(batch.length, history);
    });
  }
  await step("batches", () => runPool(units, WRITERS));

  await step("numbersAndStamps", async () => {
    // Numbers limited users took on in Entra (the ones they gave up went with the removals).
    const numberWrites = plan.limited.numbers.flatMap((change) =>
      change.add.length ? [insertNumbers(solutionId, change.add.map((n) => ({ userId: change.switchboardUserId, ...n })), integrationId)] : [],
    );
    for (const batch of chunks(numberWrites, 500)) counts.numbers += (await write(batch, { durable: true })).reduce((a, b) => a + b, 0);
    const seen = new Set<string>();
    const normalised = plan.normalisedNumbers.filter((n) => !seen.has(n.e164) && seen.add(n.e164));
    for (const batch of chunks(normalised, BATCH)) counts.numbers += await one(storeNormalisedNumbers(solutionId, batch));
    // A full run does not stamp every link (100k writes for a no-change run): a link with sync on was
    // synced at the integration's last full sync; only links a run wrote to, or a partial run
    // evaluated, carry their own time. Links created above already carry this run's.
    const stamp = (target.stampAllSynced ? plan.syncedSwitchboardUserIds : plan.changes.map((c) => c.switchboardUserId)).filter((id) => !linkedNow.has(id));
    for (const batch of chunks(stamp, BATCH)) counts.links += await one(stampLinks(integrationId, at, batch));
  });
  // Rule 5: picks whose user gave the number up are reopened for good (audited); a pick an admin
  // changed since the plan was made is a different choice and stays.
  if (plan.staleChoices.length > 0) await one(dropStaleChoices({ integrationId, solutionId, runId, at: new Date(plan.at) }, plan.staleChoices));
  return counts;
}
