import { db } from "@/lib/db";
import type { RequestLogEntry } from "@/lib/emulator/control/request-log";
import type { SyncConfig } from "@/lib/sync/config";
import { switchboardUserSelect } from "@/lib/sync/load-state";
import { runSync, type SyncRequest, type SyncResult } from "@/lib/sync/run-sync";
import { createDemoSolution, createIntegration, type SyncWorld } from "./sync-fixture";

export type FinishedSync = Exclude<SyncResult, { status: "BUSY" }>;

/** runSync against the world's emulator; a run that found the integration leased is a test failure here. */
export async function sync(world: SyncWorld, request: SyncRequest, config: Partial<SyncConfig> = {}): Promise<FinishedSync> {
  const result = await runSync(request, { ...world.config, ...config });
  if (result.status === "BUSY") throw new Error(`integration ${request.integrationId} was leased`);
  return result;
}

/**
 * The demo solution with an integration of the demo tenant after its first (setup) sync, and its
 * linked users as [switchboard user id, Entra object id] in a fixed order.
 */
export async function syncedDemoIntegration(world: SyncWorld) {
  const solutionId = (await createDemoSolution()).id;
  const integrationId = (await createIntegration(world, solutionId)).id;
  const first = await sync(world, { integrationId, trigger: "SETUP" });
  if (first.status !== "SUCCEEDED") throw new Error(`the setup sync ended ${first.status}`);
  const linked = [...(await links(integrationId))].map(([sid, l]) => [sid, l.objectId] as [string, string]).sort();
  return { solutionId, integrationId, linked };
}

// What a customer or support engineer would look at after a sync, read straight from the database.

const userColumns = { ...switchboardUserSelect, updatedAt: true } as const;

function listUsers(solutionId: string) {
  return db.switchboardUser.findMany({ where: { solutionId }, select: userColumns, orderBy: { id: "asc" } });
}

export type SwitchboardRow = Awaited<ReturnType<typeof listUsers>>[number];

/** Every switchboard user of the solution by id, with `updatedAt` (a write shows up there). */
export async function switchboardUsers(solutionId: string): Promise<Map<string, SwitchboardRow>> {
  return new Map((await listUsers(solutionId)).map((r) => [r.id, r]));
}

/** The integration's links: switchboard user id → Entra object id and how it was made. */
export async function links(integrationId: string) {
  const rows = await db.link.findMany({ where: { integrationId }, select: { switchboardUserId: true, objectId: true, origin: true, phoneNumberId: true } });
  return new Map(rows.map((r) => [r.switchboardUserId, r]));
}

/** Field values only (no updatedAt), for "nothing was cleared or changed" comparisons. */
export function values(users: Map<string, SwitchboardRow>) {
  return new Map([...users].map(([id, { updatedAt: _u, ...rest }]) => [id, rest]));
}

export async function runRow(runId: string) {
  return db.syncRun.findUniqueOrThrow({ where: { id: runId } });
}

export async function runChanges(runId: string) {
  return db.runChange.findMany({ where: { runId }, select: { switchboardUserId: true, objectId: true, kind: true, fields: true } });
}

export async function integrationRow(integrationId: string) {
  return db.integration.findUniqueOrThrow({ where: { id: integrationId } });
}

/** Graph requests the emulator served since the last reset (the customer's tenant sees these). */
export async function graphRequests(world: SyncWorld): Promise<RequestLogEntry[]> {
  return (await world.emulator.control.requests({ area: "graph" })).entries;
}

/** Restores the emulator between tests: no faults, normal token lifetime, empty request log. */
export async function calm(world: SyncWorld) {
  await world.emulator.control.clearFaults();
  await world.emulator.control.setTokenLifetime(3599);
  await world.emulator.control.resetRequests();
}

/**
 * Cron tests pick "every due integration" from a database other test files also use: take the
 * others out of the schedule so a tick only sees this file's integrations.
 */
export async function parkOtherIntegrations(keep: string[]) {
  await db.integration.updateMany({ where: { id: { notIn: keep } }, data: { setupCompletedAt: null } });
}

/** Switchboard users of the solution linked by more than one integration (a number fed twice). */
export async function doublyLinkedUsers(solutionId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(DISTINCT a."switchboardUserId") AS n FROM "Link" a JOIN "Link" b ON a."switchboardUserId" = b."switchboardUserId" AND a."integrationId" < b."integrationId"
    WHERE a."solutionId" = ${solutionId}`;
  return Number(row.n);
}
