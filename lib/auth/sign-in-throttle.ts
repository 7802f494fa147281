import "server-only";
import { isIP, isIPv4 } from "node:net";
import { db } from "@/lib/db";
import { SIGN_IN_ADDRESS_THROTTLE, SIGN_IN_THROTTLE } from "./sign-in-policy";

// Password guessing is slowed per email: every password attempt is counted before its password is
// compared, so requests sent side by side cannot slip past the count; after SIGN_IN_THROTTLE
// .maxFailures attempts within its window without a success the email is paused for a while, and a
// paused email is refused before any compare (a flood of attempts costs no bcrypt compare either).
// A successful sign-in forgets the count. Unknown emails are counted like known ones: a pause says
// nothing about whether an account exists. So that guessed and mistyped emails do not pile up, each
// email's first row also deletes a batch of rows whose window and pause are both over: such a row
// counts exactly as no row (the next attempt starts at 1 either way), and no cron job is needed.
//
// Kept in the database, not in memory: serverless instances share no memory, and a restart must not
// reset the count. The trade-off of every lockout: someone can pause a known address for that while
// on purpose; its owner waits, and an audit event ("sign-in.locked") records each pause.

/** At most this many stale rows go per new row: a new row never waits on a big delete. */
const PRUNE_BATCH = 100;

export type SignInAttempt = { allowed: true; attempt: number } | { allowed: false; lockedUntil: Date };

/**
 * Counts one password attempt, atomically, and says whether it may be compared. A count older than
 * the window starts again at 1; a paused email is not counted further.
 */
export async function beginSignInAttempt(email: string, now = new Date()): Promise<SignInAttempt> {
  const { maxFailures, windowMs, lockMs } = SIGN_IN_THROTTLE;
  // Prisma stores DateTime as UTC in "timestamp without time zone": ISO strings cast to it.
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - windowMs).toISOString();
  const [row] = await db.$queryRaw<{ failures: number; lockedUntil: Date | null; inserted: boolean }[]>`
    INSERT INTO "SignInThrottle" AS t (email, failures, "windowStartedAt", "lockedUntil")
    VALUES (${email}, 1, ${at}::timestamp, NULL)
    ON CONFLICT (email) DO UPDATE SET
      failures = CASE
        WHEN t."lockedUntil" > ${at}::timestamp THEN t.failures
        WHEN t."windowStartedAt" <= ${windowStart}::timestamp THEN 1
        ELSE t.failures + 1 END,
      "windowStartedAt" = CASE
        WHEN t."lockedUntil" > ${at}::timestamp THEN t."windowStartedAt"
        WHEN t."windowStartedAt" <= ${windowStart}::timestamp THEN ${at}::timestamp
        ELSE t."windowStartedAt" END,
      "lockedUntil" = CASE WHEN t."lockedUntil" > ${at}::timestamp THEN t."lockedUntil" ELSE NULL END
    RETURNING failures, "lockedUntil", (t.xmax = 0) AS inserted`; // xmax is 0 only on a row just inserted
  if (row.inserted) await pruneStaleRows(at, windowStart);
  if (row.lockedUntil && row.lockedUntil > now) return { allowed: false, lockedUntil: row.lockedUntil };
  // More attempts at once than the window allows: the extra ones are refused as if paused.
  if (row.failures > maxFailures) return { allowed: false, lockedUntil: new Date(now.getTime() + lockMs) };
  return { allowed: true, attempt: row.failures };
}

/** Deletes up to PRUNE_BATCH rows that no longer pause or count anything; rows in use are skipped. */
async function pruneStaleRows(at: string, windowStart: string): Promise<void> {
  await db.$executeRaw`
    DELETE FROM "SignInThrottle" WHERE email IN (
      SELECT email FROM "SignInThrottle"
      WHERE "windowStartedAt" <= ${windowStart}::timestamp AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${at}::timestamp)
      LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)`;
}

/** The attempt's password was wrong: the last one the window allows pauses the email. */
export async function failSignInAttempt(email: string, attempt: number, now = new Date()): Promise<Date | null> {
  if (attempt < SIGN_IN_THROTTLE.maxFailures) return null;
  const lockedUntil = new Date(now.getTime() + SIGN_IN_THROTTLE.lockMs);
  await db.signInThrottle.updateMany({ where: { email }, data: { lockedUntil } });
  const account = await db.account.findUnique({ where: { email }, select: { id: true } });
  await db.auditEvent.create({
    data: { accountId: account?.id ?? null, action: "sign-in.locked", target: email, details: { attempts: attempt, lockedUntil: lockedUntil.toISOString() } },
  });
  return lockedUntil;
}

/** A successful sign-in forgets the email's attempts. */
export async function clearSignInFailures(email: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { email } });
}

// Per client address: only wrong passwords count (a colleague's successful sign-in from the same office
// must not), checked before an email is counted or compared. Kept in the same table under
// `address:<ip>`, so the pruning above forgets them too. Only where the client's address is known
// (Vercel sets x-forwarded-for); a missing one is never pooled into one shared count.

const addressKey = (address: string) => `address:${address}`;

/** The end of the address's pause, when it is paused. */
export async function addressPausedUntil(address: string, now = new Date()): Promise<Date | null> {
  const row = await db.signInThrottle.findUnique({ where: { email: addressKey(address) }, select: { lockedUntil: true } });
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/** A wrong password from the address; the last one the window allows pauses it (returns the pause's end). */
export async function failFromAddress(address: string, now = new Date()): Promise<Date | null> {
  const { maxFailures, windowMs, lockMs } = SIGN_IN_ADDRESS_THROTTLE;
  const key = addressKey(address);
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - windowMs).toISOString();
  const [row] = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInThrottle" AS t (email, failures, "windowStartedAt", "lockedUntil")
    VALUES (${key}, 1, ${at}::timestamp, NULL)
    ON CONFLICT (email) DO UPDATE SET
      failures = CASE WHEN t."windowStartedAt" <= ${windowStart}::timestamp THEN 1 ELSE t.failures + 1 END,
      "windowStartedAt" = CASE WHEN t."windowStartedAt" <= ${windowStart}::timestamp THEN ${at}::timestamp ELSE t."windowStartedAt" END
    RETURNING failures`;
  if (row.failures < maxFailures) return null;
  const lockedUntil = new Date(now.getTime() + lockMs);
  // A new window after the pause: the next failures count from 1.
  await db.signInThrottle.update({ where: { email: key }, data: { lockedUntil, failures: 0, windowStartedAt: now } });
  await db.auditEvent.create({ data: { action: "sign-in.address-locked", target: address, details: { failures: row.failures, lockedUntil: lockedUntil.toISOString() } } });
  return lockedUntil;
}

/**
 * The client's address as the proxy in front of the portal reports it: the last x-forwarded-for
 * entry, which that proxy appended (Vercel replaces the header with a single entry), else x-real-ip.
 * Earlier entries are whatever the client sent: counting by the first one, a client could dodge the
 * limit with a new made-up address per request, or pause someone else's address.
 */
export function clientAddress(headers: Record<string, string | string[] | undefined> | undefined): string | null {
  const header = (name: string) => {
    const value = headers?.[name];
    return (Array.isArray(value) ? value.at(-1) : value)?.trim() || null;
  };
  const forwarded = header("x-forwarded-for")?.split(",").at(-1)?.trim();
  return ipAddress(forwarded) ?? ipAddress(header("x-real-ip"));
}

/**
 * An IP address as counted: anything else (a made-up word) counts as no address. A port some proxies
 * add ("203.0.113.9:5000", "[2001:db8::1]:443") is dropped, and an IPv4-mapped IPv6 address counts as IPv4.
 */
function ipAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  const host = /^\[(.+)\](?::\d+)?$/.exec(value)?.[1] ?? /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(value)?.[1] ?? value;
  const mapped = /^::ffff:/i.test(host) && isIPv4(host.slice(7)) ? host.slice(7) : host;
  return isIP(mapped) ? mapped.toLowerCase() : null;
}
