import "server-only";
import { randomUUID } from "node:crypto";
import { syncConfigFromEnv, type SyncConfig } from "./config";
import { runSync, type SyncResult } from "./run-sync";
import { expectedMs, listDueIntegrations, triggerFor } from "./schedule";

/** Below this much time left, a new integration is not started: it would be cut off mid-run. */
const MIN_TIME_FOR_A_RUN_MS = 30_000;
/** An integration starts only with this multiple of its longest recent run left in the budget. */
const EXPECTED_MARGIN = 1.5;

/**
 * One cron tick: runs due integrations one after another within the time budget and leaves the rest
 * for the next tick. An integration whose recent runs took longer than the time left waits for a
 * tick that starts with it (the first of a tick always runs), so a large tenant is not cut off by
 * the function's maxDuration while a small one behind it still gets its turn. Many ticks (or
 * workers) can run at once: the lease in runSync makes sure each integration runs in one only.
 */
export async function runDueSyncs(options: { budgetMs: number; config?: SyncConfig; maxIntegrations?: number }) {
  const started = Date.now();
  const owner = `cron-${randomUUID()}`;
  const ran: SyncResult[] = [];
  // Runs that started; one another worker had just taken (BUSY) does not use up "the first of a tick".
  let runsStarted = 0;
  const due = await listDueIntegrations(new Date(), options.maxIntegrations ?? 25);
  const config = options.config ?? syncConfigFromEnv();
  for (const integration of due) {
    const { id } = integration;
    const left = options.budgetMs - (Date.now() - started);
    if (left < MIN_TIME_FOR_A_RUN_MS) break;
    // Measured against the kind of run it is about to do: after quick delta rounds, its 12-hourly full sync.
    if (runsStarted > 0 && expectedMs(integration, config) * EXPECTED_MARGIN > left) continue;
    // Retries (Retry-After) do not sleep past the budget: a throttled run fails and is retried later.
    const deadline = started + options.budgetMs;
    const result = await runSync({ integrationId: id, trigger: await triggerFor(id), mode: "AUTO", owner, onlyIfDue: true, deadline }, config);
    ran.push(result);
    if (result.status !== "BUSY") runsStarted++;
  }
  return { due: due.length, ran, leftForNextTick: due.length - ran.length };
}
