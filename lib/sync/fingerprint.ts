import "server-only";
import { db } from "@/lib/db";

/**
 * An order-independent fingerprint of everything on the switchboard side a plan depends on: users
 * (by update time), numbers and every integration's links. One aggregate query, no rows shipped:
 * a full sync whose fingerprint matches the one stored after the last run knows the switchboard has
 * not changed since, so only Entra users whose data changed need planning.
 */
export async function switchboardFingerprint(solutionId: string): Promise<string> {
  const [row] = await db.$queryRaw<{ fp: string }[]>`
    SELECT
      (SELECT count(*) || ':' || coalesce(sum(hashtextextended(id || '|' || "updatedAt"::text, 0)), 0)
         FROM "SwitchboardUser" WHERE "solutionId" = ${solutionId})
      || '/' ||
      (SELECT count(*) || ':' || coalesce(sum(hashtextextended(id || '|' || "userId" || '|' || raw || '|' || coalesce(e164, ''), 0)), 0)
         FROM "PhoneNumber" WHERE "solutionId" = ${solutionId})
      || '/' ||
      (SELECT count(*) || ':' || coalesce(sum(hashtextextended("integrationId" || '|' || "switchboardUserId" || '|' || "objectId"
           || '|' || coalesce("phoneNumberId", '') || '|' || origin::text || '|' || "syncEnabled"::text, 0)), 0)
         FROM "Link" WHERE "solutionId" = ${solutionId})
      AS fp`;
  return row.fp;
}

/**
 * A quiet run trusts a fingerprint for a week at most: a switchboard change made while a full sync
 * was writing would otherwise stay unplanned for as long as nothing else changes.
 */
const FINGERPRINT_MAX_AGE_MS = 7 * 24 * 3_600_000;

export function stampFingerprint(fingerprint: string, at = Date.now()): string {
  return `${fingerprint}@${at}`;
}

export function fingerprintIsFresh(stored: string | null, now = Date.now()): stored is string {
  const at = Number(stored?.split("@")[1]);
  return Number.isFinite(at) && now - at < FINGERPRINT_MAX_AGE_MS;
}
