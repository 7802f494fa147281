import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { deleteHeader, getHeader, requestMethod, setHeader } from "./request-headers";
import { RETRY_STATUSES, backoffDelayMs, parseRetryAfter, type RetryBudget, type RetryPolicy } from "./retry-policy";
import { supportIdsFrom, type SupportIds } from "./support-ids";
import { ThrottledError } from "./typed-errors";

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one retry policy for every Graph call: 429/503/504, Retry-After honoured (seconds or HTTP date),
 * exponential backoff with jitter when absent, and a total wait capped by a per-run RetryBudget.
 *
 * Why not the SDK's RetryHandler with a `shouldRetry` callback: RetryHandler computes its delay only
 * after `shouldRetry` said yes (with its own jitter and a 180 s cap per wait), so the callback cannot
 * know what it is agreeing to spend; it caps retries at 10 per request, not wait per run; and when it
 * stops it hands back the 429 as a plain GraphError, losing "the budget is spent" and the last
 * Retry-After. This middleware takes RetryHandler's place in the chain, before authentication.
 *
 * It sits before the AuthenticationHandler so every attempt asks the token source again: a token
 * that expired while we slept (or in flight) is replaced, and one 401 is retried at once for that reason.
 */
export class BudgetedRetryHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly budget: RetryBudget,
    private readonly policy: RetryPolicy,
    private readonly sleep: Sleep = realSleep,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error("BudgetedRetryHandler needs a next middleware");
    // Only reads are replayed; this portal never writes to Graph, and a streamed body cannot be resent.
    const replayable = ["GET", "HEAD"].includes(requestMethod(context));
    let retries = 0;
    let refreshedToken = false;
    for (;;) {
      // AuthenticationHandler appends (never replaces) Authorization; without this a retry would
      // send "Bearer old, Bearer new".
      deleteHeader(context, "Authorization");
      await this.next.execute(context);
      const response = context.response;
      if (!response || !replayable) return;

      if (response.status === 401 && !refreshedToken) {
        refreshedToken = true;
        await discard(response);
        continue;
      }
      if (!RETRY_STATUSES.has(response.status)) return;

      const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"));
      const delayMs = retryAfterMs ?? backoffDelayMs(retries + 1, this.policy);
      // Nothing is reserved from the budget once the attempts are used up.
      const stop = retries >= this.policy.maxRetries ? "attempts" : !this.budget.tryReserve(delayMs) ? "budget" : null;
      if (stop) {
        // The answer we give up on is the one Microsoft support can look up: keep its ids.
        const support = await supportIdsOf(response, getHeader(context, "client-request-id"));
        throw new ThrottledError(response.status, retryAfterMs, stop, retries + 1, this.budget.waitedMs, support);
      }
      await discard(response);
      retries++;
      setHeader(context, "Retry-Attempt", String(retries));
      await this.sleep(delayMs);
    }
  }
}

/**
 * request-id, client-request-id and date of the throttled answer we give up on: its headers (Graph
 * always sends `request-id` and `Date` there), else its error body's innerError (read only then, and
 * small), else the client-request-id we sent. Frees the connection either way.
 */
async function supportIdsOf(response: Response, sentClientRequestId: string | null): Promise<SupportIds> {
  let body = "";
  if (response.headers.get("request-id")) await discard(response);
  else body = await response.text().catch(() => "");
  return supportIdsFrom({ headers: response.headers, body, clientRequestId: sentClientRequestId });
}

/** Frees the connection of a response we will not read. */
async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // already consumed or closed: nothing to free
  }
}
