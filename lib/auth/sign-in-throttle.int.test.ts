import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { uniqueId } from "@/lib/testing/fixtures";
import { SIGN_IN_THROTTLE } from "./sign-in-policy";
import { beginSignInAttempt, clearSignInFailures, failSignInAttempt } from "./sign-in-throttle";

// Without a lockout anyone could guess an admin's password at the speed of the server.
describe("sign-in throttle", () => {
  const { maxFailures, windowMs, lockMs } = SIGN_IN_THROTTLE;
  const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

  /** One wrong password at `now`, as authorize() handles it; returns the pause's end, if any. */
  async function wrongPassword(email: string, now: Date) {
    const attempt = await beginSignInAttempt(email, now);
    if (!attempt.allowed) return { refused: true as const, lockedUntil: attempt.lockedUntil };
    return { refused: false as const, lockedUntil: await failSignInAttempt(email, attempt.attempt, now) };
  }

  it("pauses an email at the last wrong password the window allows, refuses it until the pause ends, and records it", async () => {
    const email = `${uniqueId("guess")}@example.test`;
    const start = new Date();
    for (let i = 1; i < maxFailures; i++) expect(await wrongPassword(email, at(start, i * 1_000))).toEqual({ refused: false, lockedUntil: null });
    const pausedAt = at(start, maxFailures * 1_000);
    const last = await wrongPassword(email, pausedAt);
    expect(last).toEqual({ refused: false, lockedUntil: at(pausedAt, lockMs) });
    // Even the right password is not compared while paused.
    expect(await beginSignInAttempt(email, at(pausedAt, lockMs - 1_000))).toEqual({ allowed: false, lockedUntil: at(pausedAt, lockMs) });
    expect(await db.auditEvent.count({ where: { action: "sign-in.locked", target: email } })).toBe(1);
    // After the pause the count starts again.
    expect(await beginSignInAttempt(email, at(pausedAt, lockMs + 1_000))).toEqual({ allowed: true, attempt: 1 });
  });

  it("forgets attempts older than the window and after a successful sign-in", async () => {
    const email = `${uniqueId("slow")}@example.test`;
    const start = new Date();
    for (let i = 1; i < maxFailures; i++) await wrongPassword(email, at(start, i));
    expect(await beginSignInAttempt(email, at(start, windowMs + 1_000))).toEqual({ allowed: true, attempt: 1 });
    await clearSignInFailures(email);
    expect(await beginSignInAttempt(email, at(start, windowMs + 2_000))).toEqual({ allowed: true, attempt: 1 });
  });

  it("lets through no more attempts than the window allows when they arrive side by side", async () => {
    const email = `${uniqueId("burst")}@example.test`;
    const now = new Date();
    const attempts = await Promise.all(Array.from({ length: maxFailures * 3 }, () => beginSignInAttempt(email, now)));
    expect(attempts.filter((a) => a.allowed)).toHaveLength(maxFailures);
    expect(attempts.filter((a) => a.allowed).map((a) => (a.allowed ? a.attempt : 0)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: maxFailures }, (_, i) => i + 1),
    );
  });

  it("forgets emails whose window and pause are both over when a new email is tried, and keeps the rest", async () => {
    const now = new Date();
    const long = windowMs + lockMs;
    const rows = {
      stale: { email: `${uniqueId("stale")}@example.test`, failures: 2, windowStartedAt: at(now, -long * 2), lockedUntil: null },
      pauseOver: { email: `${uniqueId("pause-over")}@example.test`, failures: maxFailures, windowStartedAt: at(now, -long * 2), lockedUntil: at(now, -1_000) },
      stillPaused: { email: `${uniqueId("paused")}@example.test`, failures: maxFailures, windowStartedAt: at(now, -long * 2), lockedUntil: at(now, lockMs) },
      inWindow: { email: `${uniqueId("recent")}@example.test`, failures: 2, windowStartedAt: at(now, -1_000), lockedUntil: null },
    };
    await db.signInThrottle.createMany({ data: Object.values(rows) });
    // Retrying a known email updates its row and prunes nothing; the first try of a new one prunes.
    await beginSignInAttempt(rows.inWindow.email, now);
    expect(await db.signInThrottle.count({ where: { email: rows.stale.email } })).toBe(1);
    const newcomer = `${uniqueId("new")}@example.test`;
    expect(await beginSignInAttempt(newcomer, now)).toEqual({ allowed: true, attempt: 1 });
    const left = await db.signInThrottle.findMany({ where: { email: { in: [...Object.values(rows).map((r) => r.email), newcomer] } }, select: { email: true } });
    expect(left.map((r) => r.email).sort()).toEqual([rows.stillPaused.email, rows.inWindow.email, newcomer].sort());
    // A pruned email starts again at 1, exactly as its expired row would have.
    expect(await beginSignInAttempt(rows.stale.email, now)).toEqual({ allowed: true, attempt: 1 });
  });
});
