import "server-only";
import { db } from "@/lib/db";
import { SIGN_IN_THROTTLE } from "./sign-in-policy";

// Password guessing is slowed per email: after SIGN_IN_THROTTLE.maxFailures wrong passwords within
// its window the email is locked for a while, and a locked email is refused before its password is
// compared (a flood of attempts then costs no bcrypt compare either). Unknown emails are counted like
// known ones: a lockout says nothing about whether an account exists.
//
// Kept in the database, not in memory: serverless instances share no memory, and a restart must not
// reset the count. The trade-off of every lockout: someone can lock a known address out for that while
// on purpose; its owner waits, and an audit event ("sign-in.locked") records each lockout.

/** When the email's lock ends, or null when it may try a password now. */
export async function signInLockedUntil(email: string, now = new Date()): Promise<Date | null> {
  const row = await db.signInThrottle.findUnique({ where: { email }, select: { lockedUntil: true } });
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/**
 * Counts one wrong password, atomically (two attempts at once both count), and returns the lock's
 * end when this failure reached the limit. A count older than the window starts again at 1.
 */
export async function recordSignInFailure(email: string, now = new Date()): Promise<Date | null> {
  const { maxFailures, windowMs, lockMs } = SIGN_IN_THROTTLE;
  // Prisma stores DateTime as UTC in "timestamp without time zone": ISO strings cast to it.
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - windowMs).toISOString();
  const lockEnd = new Date(now.getTime() + lockMs).toISOString();
  const [row] = await db.$queryRaw<{ failures: number; lockedUntil: Date | null }[]>`
    INSERT INTO "SignInThrottle" (email, failures, "windowStartedAt", "lockedUntil")
    VALUES (${email}, 1, ${at}::timestamp, NULL)
    ON CONFLICT (email) DO UPDATE SET
      failures = CASE WHEN "SignInThrottle"."windowStartedAt" <= ${windowStart}::timestamp THEN 1 ELSE "SignInThrottle".failures + 1 END,
      "windowStartedAt" = CASE WHEN "SignInThrottle"."windowStartedAt" <= ${windowStart}::timestamp THEN ${at}::timestamp ELSE "SignInThrottle"."windowStartedAt" END,
      "lockedUntil" = CASE
        WHEN "SignInThrottle"."windowStartedAt" > ${windowStart}::timestamp AND "SignInThrottle".failures + 1 >= ${maxFailures} THEN ${lockEnd}::timestamp
        ELSE NULL END
    RETURNING failures, "lockedUntil"`;
  if (!row?.lockedUntil) return null;
  const account = await db.account.findUnique({ where: { email }, select: { id: true } });
  await db.auditEvent.create({
    data: { accountId: account?.id ?? null, action: "sign-in.locked", target: email, details: { failures: row.failures, lockedUntil: row.lockedUntil.toISOString() } },
  });
  return row.lockedUntil;
}

/** A successful sign-in forgets the email's failures. */
export async function clearSignInFailures(email: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { email } });
}
