/** Statuses Graph asks clients to retry (https://learn.microsoft.com/en-us/graph/throttling, /graph/errors). */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

export interface RetryPolicy {
  /** Retries per request; a safety net for storms of `Retry-After: 0`, which cost no budget. */
  maxRetries: number;
  /** First backoff step when Graph sends no Retry-After. */
  baseDelayMs: number;
  /** Largest single backoff step (before jitter). */
  maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 8, baseDelayMs: 1_000, maxBackoffMs: 30_000 };
export const DEFAULT_MAX_WAIT_MS = 60_000;

/**
 * `Retry-After` as milliseconds: delta-seconds (Graph sends `10`, its docs also show `2.128`) or an
 * HTTP-date (RFC 9110 §10.2.3). Null when absent or unreadable, so backoff takes over.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === "") return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP-date always names a weekday and month; anything else (e.g. "-5") is not one.
  if (!/[A-Za-z]/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, so clients spread out. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random: () => number = Math.random): number {
  const step = Math.min(policy.maxBackoffMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

export interface RetryBudgetOptions {
  /** Total time all retries of a run may spend sleeping. */
  maxWaitMs?: number;
  /** Absolute epoch ms no sleep may end after (e.g. the serverless function's own deadline). */
  deadline?: number;
}

/**
 * The wait a run may spend honouring throttling, shared by every request of the run (pass the same
 * object to every client of the run). It only ever says yes to a whole wait: a wait that does not fit
 * is refused up front, so a function never sleeps into its platform time limit.
 */
export class RetryBudget {
  readonly maxWaitMs: number;
  readonly deadline: number | undefined;
  private spent = 0;
  private count = 0;

  constructor(options: RetryBudgetOptions = {}) {
    this.maxWaitMs = Math.max(0, options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS);
    this.deadline = options.deadline;
  }

  get waitedMs(): number {
    return this.spent;
  }

  /** Retries granted so far. */
  get retries(): number {
    return this.count;
  }

  remainingMs(now = Date.now()): number {
    const byWait = this.maxWaitMs - this.spent;
    return this.deadline === undefined ? byWait : Math.min(byWait, this.deadline - now);
  }

  /** Books `ms` of waiting if it fits entirely; returns false (and books nothing) otherwise. */
  tryReserve(ms: number, now = Date.now()): boolean {
    if (ms > this.remainingMs(now)) return false;
    this.spent += ms;
    this.count++;
    return true;
  }
}
