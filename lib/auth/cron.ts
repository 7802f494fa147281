import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Vercel cron sends `Authorization: Bearer <CRON_SECRET>`. Fails closed: with no secret configured
 * nobody gets in (never "skip the check when not on Vercel"). Hashing both sides first makes the
 * comparison constant-time whatever the lengths.
 */
export function isAuthorizedCron(authorization: string | null, secret: string | undefined): boolean {
  if (!secret || !authorization?.startsWith("Bearer ")) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(authorization.slice("Bearer ".length)), digest(secret));
}
