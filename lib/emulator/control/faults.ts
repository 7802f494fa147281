/**
 * Faults the control API arms for Graph requests. Count-based faults hit the next N Graph requests
 * in arrival order; page-based ones hit the request that would return page K of a paged read
 * (`/users` or `/users/delta`, page 1 = the request without `$skiptoken`).
 */
export interface FaultSnapshot {
  throttle: { remaining: number; retryAfterSeconds: number } | null;
  unavailable: { remaining: number; retryAfterSeconds: number | null } | null;
  unavailableOnPage: { page: number; remaining: number; retryAfterSeconds: number | null } | null;
  resetAfterPage: { page: number; remaining: number } | null;
  latencyMs: number;
  /** The next N delta rounds with changes send each changed user twice (Graph may replay items). */
  deltaReplays: number;
}

export type RequestFault = { kind: "throttle"; retryAfterSeconds: number } | { kind: "unavailable"; retryAfterSeconds: number | null };
export type PageFault = { kind: "unavailable"; retryAfterSeconds: number | null } | { kind: "reset" };

export class FaultInjector {
  private current: FaultSnapshot = FaultInjector.none();

  private static none(): FaultSnapshot {
    return { throttle: null, unavailable: null, unavailableOnPage: null, resetAfterPage: null, latencyMs: 0, deltaReplays: 0 };
  }

  snapshot(): FaultSnapshot {
    return structuredClone(this.current);
  }

  clear(): void {
    this.current = FaultInjector.none();
  }

  throttleNext(count: number, retryAfterSeconds = 1): void {
    this.current.throttle = count > 0 ? { remaining: count, retryAfterSeconds } : null;
  }

  unavailableNext(count: number, retryAfterSeconds: number | null = null): void {
    this.current.unavailable = count > 0 ? { remaining: count, retryAfterSeconds } : null;
  }

  unavailableOnPage(page: number, count = 1, retryAfterSeconds: number | null = null): void {
    this.current.unavailableOnPage = count > 0 ? { page, remaining: count, retryAfterSeconds } : null;
  }

  /** Serve pages 1..K, then destroy the socket of the request for page K+1 (`count` times). */
  resetAfterPage(page: number, count = 1): void {
    this.current.resetAfterPage = count > 0 ? { page, remaining: count } : null;
  }

  setLatency(ms: number): void {
    this.current.latencyMs = Math.max(0, ms);
  }

  get latencyMs(): number {
    return this.current.latencyMs;
  }

  replayDeltaRounds(count: number): void {
    this.current.deltaReplays = Math.max(0, count);
  }

  /** Consumed when a delta round with changes starts: whether this round replays its items. */
  takeDeltaReplay(): boolean {
    if (this.current.deltaReplays <= 0) return false;
    this.current.deltaReplays--;
    return true;
  }

  /** Consumes and returns the fault for the next Graph request, if any. Throttling wins over 503. */
  takeRequestFault(): RequestFault | null {
    const { throttle, unavailable } = this.current;
    if (throttle) {
      if (--throttle.remaining <= 0) this.current.throttle = null;
      return { kind: "throttle", retryAfterSeconds: throttle.retryAfterSeconds };
    }
    if (unavailable) {
      if (--unavailable.remaining <= 0) this.current.unavailable = null;
      return { kind: "unavailable", retryAfterSeconds: unavailable.retryAfterSeconds };
    }
    return null;
  }

  takePageFault(page: number): PageFault | null {
    const reset = this.current.resetAfterPage;
    if (reset && page === reset.page + 1) {
      if (--reset.remaining <= 0) this.current.resetAfterPage = null;
      return { kind: "reset" };
    }
    const down = this.current.unavailableOnPage;
    if (down && page === down.page) {
      if (--down.remaining <= 0) this.current.unavailableOnPage = null;
      return { kind: "unavailable", retryAfterSeconds: down.retryAfterSeconds };
    }
    return null;
  }
}
