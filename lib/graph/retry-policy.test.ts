import { describe, expect, it } from "vitest";
import { RetryBudget, backoffDelayMs, parseRetryAfter } from "./retry-policy";

// Without this, a throttled run would either hammer Graph (ignoring Retry-After) or sleep past the
// serverless function's time limit (https://learn.microsoft.com/en-us/graph/throttling).
describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");

  it("reads delta-seconds, including Graph's fractional form", () => {
    expect(parseRetryAfter("10", now)).toBe(10_000);
    expect(parseRetryAfter("2.128", now)).toBe(2_128);
    expect(parseRetryAfter("0", now)).toBe(0);
  });

  it("reads an HTTP date relative to now, never negative", () => {
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now)).toBe(0);
  });

  it("returns null when absent or unreadable, so backoff takes over", () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("", now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter("-5", now)).toBeNull();
  });
});

describe("backoffDelayMs", () => {
  const policy = { maxRetries: 8, baseDelayMs: 1_000, maxBackoffMs: 8_000 };

  it("doubles per attempt with half of each step jittered, up to the cap", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 4_000]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });
});

describe("RetryBudget", () => {
  it("grants whole waits until the total would pass the cap, and refuses without booking", () => {
    const budget = new RetryBudget({ maxWaitMs: 3_000 });
    expect(budget.tryReserve(2_000)).toBe(true);
    expect(budget.tryReserve(1_500)).toBe(false);
    expect(budget.waitedMs).toBe(2_000);
    expect(budget.tryReserve(1_000)).toBe(true);
    expect(budget.remainingMs()).toBe(0);
    expect(budget.retries).toBe(2);
  });

  it("also refuses a wait that would end after the deadline", () => {
    const now = 1_000_000;
    const budget = new RetryBudget({ maxWaitMs: 60_000, deadline: now + 5_000 });
    expect(budget.tryReserve(6_000, now)).toBe(false);
    expect(budget.tryReserve(4_000, now)).toBe(true);
  });

  it("defaults to 60 s", () => {
    expect(new RetryBudget().maxWaitMs).toBe(60_000);
  });
});
