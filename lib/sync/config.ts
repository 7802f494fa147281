import "server-only";
import { env } from "@/lib/env";

/**
 * A sync whose time is this close counts as due. The cron ticks every 15 minutes and a run's next
 * time is counted from when it ended, so the tick a retry (15 min) or a delta round (60 min) is meant
 * for comes a few seconds early; without this it would wait a whole period more.
 */
export const DUE_EARLY_MS = 2 * 60_000;

/** Everything a sync run needs from the environment, as plain values (tests and scripts pass their own). */
export interface SyncConfig {
  authorityHost: string;
  graphBaseUrl: string;
  provider: { clientId: string; clientSecret: string } | null;
  encryptionKey: string;
  /** Full sync this long after the last one (rule 8). */
  fullIntervalMs: number;
  /** A delta round this long after the last sync, when a deltaLink is stored; 0 turns delta off. */
  deltaIntervalMs: number;
  /** Total time a run may spend waiting on 429/503 before it gives up (rule 11 applies). */
  retryBudgetMs: number;
  leaseMs: number;
  /** Rounds a delta round's scope may take to close before the run plans the whole directory (tests lower it). */
  scopeMaxRounds?: number;
  /** Users per slice of a full run's plan (sliced-full.ts; tests lower it). */
  sliceUsers?: number;
}

export function syncConfigFromEnv(): SyncConfig {
  const e = env();
  return {
    authorityHost: e.ENTRA_AUTHORITY_HOST,
    graphBaseUrl: e.GRAPH_BASE_URL,
    provider:
      e.ENTRA_PROVIDER_CLIENT_ID && e.ENTRA_PROVIDER_CLIENT_SECRET
        ? { clientId: e.ENTRA_PROVIDER_CLIENT_ID, clientSecret: e.ENTRA_PROVIDER_CLIENT_SECRET }
        : null,
    encryptionKey: e.SECRET_ENCRYPTION_KEY,
    fullIntervalMs: e.SYNC_INTERVAL_HOURS * 3_600_000,
    deltaIntervalMs: e.SYNC_DELTA_MINUTES * 60_000,
    retryBudgetMs: 60_000,
    leaseMs: 5 * 60_000,
  };
}
