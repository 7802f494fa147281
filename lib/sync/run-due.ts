import "server-only";
import { randomUUID } from "node:crypto";
import type { SyncConfig } from "./config";
import { runSync, type SyncResult } from "./run-sync";
import { listDueIntegrations, triggerFor } from "./schedule";

/** Below this much time left, a new integration is not started: it would be cut off mid-run. */
const MIN_TIME_FOR_A_RUN_MS = 30_000;

/**
 * One cron tick: runs due integrations one after another until the time budget is spent and leaves
 * the rest for the next tick. Many ticks (or workers) can run at once: the lease in runSync makes
 * sure each integration runs in one of them only.
 */
export async function runDueSyncs(options: { budgetMs: number; config?: SyncConfig; maxIntegrations?: number }) {
  const started = Date.now();
  const owner = `cron-${randomUUID()}`;
  const ran: SyncResult[] = [];
  const due = await listDueIntegrations(new Date(), options.maxIntegrations ?? 25);
  for (const { id } of due) {
    if (Date.now() - started > options.budgetMs - MIN_TIME_FOR_A_RUN_MS) break;
    const result = await runSync({ integrationId: id, trigger: await triggerFor(id), mode: "AUTO", owner, onlyIfDue: true }, options.config);
    ran.push(result);
  }
  return { due: due.length, ran, leftForNextTick: due.length - ran.length };
}
