import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { uniqueId } from "@/lib/testing/fixtures";
import { SIGN_IN_THROTTLE } from "./sign-in-policy";
import { clearSignInFailures, recordSignInFailure, signInLockedUntil } from "./sign-in-throttle";

// Without a lockout anyone could guess an admin's password at the speed of the server.
describe("sign-in throttle", () => {
  const { maxFailures, windowMs, lockMs } = SIGN_IN_THROTTLE;
  const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

  it("locks an email after the allowed wrong passwords, until the lock ends, and records it for support", async () => {
    const email = `${uniqueId("guess")}@example.test`;
    const start = new Date();
    for (let i = 1; i < maxFailures; i++) expect(await recordSignInFailure(email, at(start, i * 1_000))).toBeNull();
    expect(await signInLockedUntil(email, at(start, maxFailures * 1_000))).toBeNull();
    const lockedAt = at(start, maxFailures * 1_000);
    const until = await recordSignInFailure(email, lockedAt);
    expect(until?.getTime()).toBe(lockedAt.getTime() + lockMs);
    expect(await signInLockedUntil(email, at(lockedAt, lockMs - 1_000))).toEqual(until);
    expect(await signInLockedUntil(email, at(lockedAt, lockMs + 1_000))).toBeNull();
    const audit = await db.auditEvent.findMany({ where: { action: "sign-in.locked", target: email } });
    expect(audit).toHaveLength(1);
    // After the lock the count starts again: one more wrong password does not lock at once.
    expect(await recordSignInFailure(email, at(lockedAt, lockMs + 2_000))).toBeNull();
  });

  it("forgets failures older than the window and after a successful sign-in", async () => {
    const email = `${uniqueId("slow")}@example.test`;
    const start = new Date();
    for (let i = 1; i < maxFailures; i++) await recordSignInFailure(email, at(start, i));
    // The next failure comes after the window: counting starts over.
    expect(await recordSignInFailure(email, at(start, windowMs + 1_000))).toBeNull();
    for (let i = 2; i < maxFailures; i++) expect(await recordSignInFailure(email, at(start, windowMs + 1_000 + i))).toBeNull();
    await clearSignInFailures(email);
    for (let i = 1; i < maxFailures; i++) expect(await recordSignInFailure(email, at(start, windowMs + 10_000 + i))).toBeNull();
  });

  it("counts attempts that arrive at the same time", async () => {
    const email = `${uniqueId("burst")}@example.test`;
    const now = new Date();
    const results = await Promise.all(Array.from({ length: maxFailures }, () => recordSignInFailure(email, now)));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await signInLockedUntil(email, now)).not.toBeNull();
  });
});
