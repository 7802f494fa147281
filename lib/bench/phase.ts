import { db, disconnectDb } from "@/lib/db";
import { createGraphClient } from "@/lib/graph/client";
import { createTokenSource } from "@/lib/graph/credentials";
import { readAllUsers } from "@/lib/graph/read-users";
import type { SyncConfig } from "@/lib/sync/config";
import { selectForMappings } from "@/lib/sync/core/mappings";
import { DEFAULT_MAPPINGS } from "@/lib/sync/default-mappings";
import { runSync } from "@/lib/sync/run-sync";
import { measure, type OtherProcesses } from "./measure";

export type PhaseRequest = {
  kind: "floor" | "sync";
  mode?: "FULL" | "AUTO";
  integrationId: string;
  tenantId: string;
  config: SyncConfig;
  /** Whose CPU to count beside the sync's own: a PostgreSQL on this machine, the emulator process. */
  others?: OtherProcesses;
};

export type PhaseResult = {
  ms: number;
  peakRssMb: number;
  cpuMs: number;
  machineBusyPct: number | null;
  databaseCpuMs: number | null;
  emulatorCpuMs: number | null;
  rowsWritten: number;
  phases?: Record<string, number>;
};

/** One measured phase, in the process that runs it (scripts/bench.ts starts a fresh one per phase). */
export async function runPhase(request: PhaseRequest): Promise<PhaseResult> {
  const { config } = request;
  if (request.kind === "floor") {
    const tokenSource = createTokenSource({ mode: "automated", tenant: request.tenantId, provider: config.provider! }, { authorityHost: config.authorityHost, graphBaseUrl: config.graphBaseUrl });
    await tokenSource.getAccessToken(); // the token request is not Graph paging
    const client = createGraphClient({ graphBaseUrl: config.graphBaseUrl, tokenSource });
    const { result: _pages, ...run } = await measure(() => readAllUsers({ client, select: selectForMappings(DEFAULT_MAPPINGS), onPage: async () => {} }), request.others);
    return { ...run, rowsWritten: 0 };
  }
  try {
    // Like the floor, which takes its token before the clock starts: process start-up (the database
    // connection and Prisma's engine) is not the sync's work. A warm serverless instance has it too.
    // A raw query opens the connection; Prisma loads its query compiler (≈70 ms) at the first model query.
    await db.integration.findUnique({ where: { id: request.integrationId }, select: { id: true } });
    const { result, ...run } = await measure(() => runSync({ integrationId: request.integrationId, trigger: "MANUAL", mode: request.mode }, config), request.others);
    if (result.status !== "SUCCEEDED") throw new Error(`sync ended ${result.status}: ${JSON.stringify(result)}`);
    return { ...run, rowsWritten: result.writes?.switchboardUsers ?? 0, phases: result.phases };
  } finally {
    await disconnectDb();
  }
}
