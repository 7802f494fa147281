import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { describe, expect, it } from "vitest";
import { BudgetedRetryHandler } from "./retry-middleware";
import { RetryBudget } from "./retry-policy";
import { ThrottledError } from "./typed-errors";

// Without this, one retry policy would not hold for every call: a throttled run could sleep past
// the function's limit, or stop on the first 429 Graph documents as retryable
// (https://learn.microsoft.com/en-us/graph/throttling).

type Reply = { status: number; headers?: Record<string, string>; body?: string };

/** Plays the given replies in order and records what each attempt carried. */
function fakeNext(replies: Reply[]) {
  const seen: { authorization: string | undefined; retryAttempt: string | undefined }[] = [];
  const next: Middleware = {
    async execute(context: Context) {
      const headers = context.options!.headers as Record<string, string>;
      // Like AuthenticationHandler: append a fresh token.
      headers.Authorization = headers.Authorization ? `${headers.Authorization}, Bearer t${seen.length}` : `Bearer t${seen.length}`;
      seen.push({ authorization: headers.Authorization, retryAttempt: headers["Retry-Attempt"] });
      const reply = replies[Math.min(seen.length - 1, replies.length - 1)];
      context.response = new Response(reply.body ?? "{}", { status: reply.status, headers: reply.headers });
    },
  };
  return { next, seen };
}

function run(replies: Reply[], budget = new RetryBudget({ maxWaitMs: 10_000 }), method = "GET", maxRetries = 8) {
  const { next, seen } = fakeNext(replies);
  const sleeps: number[] = [];
  const handler = new BudgetedRetryHandler(budget, { maxRetries, baseDelayMs: 1_000, maxBackoffMs: 30_000 }, async (ms) => {
    sleeps.push(ms);
  });
  handler.setNext(next);
  const context: Context = { request: "https://graph.microsoft.com/v1.0/users", options: { method, headers: {} } };
  return { promise: handler.execute(context).then(() => context.response!.status), seen, sleeps, budget };
}

describe("BudgetedRetryHandler", () => {
  it("honours Retry-After on 429 and 503 and returns the eventual success", async () => {
    const r = run([{ status: 429, headers: { "Retry-After": "1" } }, { status: 503, headers: { "Retry-After": "2" } }, { status: 200 }]);
    expect(await r.promise).toBe(200);
    expect(r.sleeps).toEqual([1_000, 2_000]);
    expect(r.budget.waitedMs).toBe(3_000);
    expect(r.seen.map((s) => s.retryAttempt)).toEqual([undefined, "1", "2"]);
  });

  it("sends exactly one fresh token per attempt (no 'Bearer a, Bearer b')", async () => {
    const r = run([{ status: 504 }, { status: 200 }]);
    await r.promise;
    expect(r.seen.map((s) => s.authorization)).toEqual(["Bearer t0", "Bearer t1"]);
  });

  it("backs off exponentially with jitter when Retry-After is absent", async () => {
    const r = run([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 200 }]);
    await r.promise;
    expect(r.sleeps).toHaveLength(3);
    [[500, 1_000], [1_000, 2_000], [2_000, 4_000]].forEach(([lo, hi], i) => {
      expect(r.sleeps[i]).toBeGreaterThanOrEqual(lo);
      expect(r.sleeps[i]).toBeLessThanOrEqual(hi);
    });
  });

  it("fails with ThrottledError instead of waiting when the next wait does not fit the budget", async () => {
    const budget = new RetryBudget({ maxWaitMs: 2_500 });
    const r = run([{ status: 429, headers: { "Retry-After": "2" } }], budget);
    const error = await r.promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 2_000, reason: "budget", attempts: 2 });
    expect(r.sleeps).toEqual([2_000]); // the second 2 s wait was refused, not started
    expect(budget.waitedMs).toBe(2_000);
  });

  it("shares one budget across requests of a run", async () => {
    const budget = new RetryBudget({ maxWaitMs: 3_000 });
    expect(await run([{ status: 429, headers: { "Retry-After": "2" } }, { status: 200 }], budget).promise).toBe(200);
    await expect(run([{ status: 429, headers: { "Retry-After": "2" } }, { status: 200 }], budget).promise).rejects.toBeInstanceOf(ThrottledError);
  });

  it("stops after maxRetries even when the waits are free (Retry-After: 0 storms)", async () => {
    const r = run([{ status: 429, headers: { "Retry-After": "0" } }], new RetryBudget(), "GET", 3);
    await expect(r.promise).rejects.toMatchObject({ reason: "attempts", attempts: 4 });
    expect(r.seen).toHaveLength(4);
  });

  it("retries one 401 at once so an expired token is replaced, but only once", async () => {
    expect(await run([{ status: 401 }, { status: 200 }]).promise).toBe(200);
    const twice = run([{ status: 401 }]);
    expect(await twice.promise).toBe(401);
    expect(twice.seen).toHaveLength(2);
    expect(twice.sleeps).toEqual([]);
  });

  it("passes other statuses through untouched and never replays a write", async () => {
    expect(await run([{ status: 403 }]).promise).toBe(403);
    const post = run([{ status: 429, headers: { "Retry-After": "1" } }], new RetryBudget(), "POST");
    expect(await post.promise).toBe(429);
    expect(post.seen).toHaveLength(1);
  });

  // Without this, the stored error of a throttled run names no request Microsoft support can look up:
  // Graph puts request-id and client-request-id in the headers and the error body's innerError
  // (https://learn.microsoft.com/en-us/graph/errors, https://learn.microsoft.com/en-us/graph/throttling).
  it("keeps the request-id, client-request-id and date of the answer it gives up on", async () => {
    const r = run([
      { status: 429, headers: { "Retry-After": "0", "request-id": "first", "client-request-id": "c1" } },
      { status: 503, headers: { "request-id": "REQ-last", "client-request-id": "CRID-last", date: "Fri, 27 Nov 2026 18:28:00 GMT" } },
    ], new RetryBudget(), "GET", 1);
    await expect(r.promise).rejects.toMatchObject({
      status: 503,
      support: { requestId: "REQ-last", clientRequestId: "CRID-last", date: "2026-11-27T18:28:00Z" },
    });
  });

  it("falls back to the body's innerError (either casing) when the headers lack the ids", async () => {
    const body = (key: string) => JSON.stringify({ error: { code: "TooManyRequests", message: "Please retry again later.", [key]: { date: "2026-11-27T18:28:00", "request-id": `REQ-${key}`, "client-request-id": "CRID-body" } } });
    for (const key of ["innerError", "innererror"]) {
      const r = run([{ status: 429, headers: { "Retry-After": "0" }, body: body(key) }], new RetryBudget(), "GET", 0);
      await expect(r.promise).rejects.toMatchObject({ support: { requestId: `REQ-${key}`, clientRequestId: "CRID-body", date: "2026-11-27T18:28:00Z" } });
    }
  });
});
