import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

// An order-independent fingerprint of everything on the switchboard side a plan depends on: users (by
// update time), numbers and every integration's links, as "count:sum" of per-row hashes per table.
// A full sync whose fingerprint matches the one stored after the last run knows the switchboard has
// not changed since, so only Entra users whose data changed need planning.

type Part = { count: bigint; sum: bigint };

async function parts(solutionId: string, userIds: string[] | null): Promise<Part[]> {
  // Two statement shapes, not `(NOT only OR id = ANY(…))`: that form cannot use an index, so a delta
  // round's share of 100 users scanned the whole switchboard three times.
  const only = (column: string) => (userIds === null ? Prisma.empty : Prisma.sql`AND ${Prisma.raw(`"${column}"`)} = ANY(${userIds}::text[])`);
  const [row] = await db.$queryRaw<{ uc: bigint; us: string; nc: bigint; ns: string; lc: bigint; ls: string }[]>`
    SELECT u.c AS uc, u.s::text AS us, n.c AS nc, n.s::text AS ns, l.c AS lc, l.s::text AS ls FROM
      (SELECT count(*) AS c, coalesce(sum(hashtextextended(id || '|' || "updatedAt"::text, 0)), 0) AS s
         FROM "SwitchboardUser" WHERE "solutionId" = ${solutionId} ${only("id")}) u,
      (SELECT count(*) AS c, coalesce(sum(hashtextextended(id || '|' || "userId" || '|' || raw || '|' || coalesce(e164, ''), 0)), 0) AS s
         FROM "PhoneNumber" WHERE "solutionId" = ${solutionId} ${only("userId")}) n,
      (SELECT count(*) AS c, coalesce(sum(hashtextextended("integrationId" || '|' || "switchboardUserId" || '|' || "objectId"
           || '|' || coalesce("phoneNumberId", '') || '|' || origin::text || '|' || "syncEnabled"::text, 0)), 0) AS s
         FROM "Link" WHERE "solutionId" = ${solutionId} ${only("switchboardUserId")}) l`;
  return [
    { count: BigInt(row.uc), sum: BigInt(row.us) },
    { count: BigInt(row.nc), sum: BigInt(row.ns) },
    { count: BigInt(row.lc), sum: BigInt(row.ls) },
  ];
}

const format = (p: Part[]) => p.map(({ count, sum }) => `${count}:${sum}`).join("/");

function parse(fingerprint: string): Part[] {
  return fingerprint.split("/").map((part) => {
    const [count, sum] = part.split(":");
    return { count: BigInt(count), sum: BigInt(sum) };
  });
}

/** The whole switchboard's fingerprint (one aggregate query, no rows shipped). */
export async function switchboardFingerprint(solutionId: string): Promise<string> {
  return format(await parts(solutionId, null));
}

/** The share of the fingerprint that belongs to these switchboard users (their rows, numbers and links). */
export async function partialFingerprint(solutionId: string, userIds: string[]): Promise<Part[]> {
  return parts(solutionId, userIds);
}

/**
 * Folds a run's own writes into a stored fingerprint: every row a plan writes belongs to a switchboard
 * user in its scope, so stored − (their share before) + (their share after) is what a full scan would
 * give — unless someone else changed the switchboard meanwhile, which then still shows as a mismatch.
 */
export function foldWrites(stored: string, before: Part[], after: Part[]): string {
  return format(parse(stored).map((p, i) => ({ count: p.count - before[i].count + after[i].count, sum: p.sum - before[i].sum + after[i].sum })));
}

/**
 * A quiet run trusts a fingerprint for a week at most: a switchboard change made while a full sync
 * was writing would otherwise stay unplanned for as long as nothing else changes.
 */
const FINGERPRINT_MAX_AGE_MS = 7 * 24 * 3_600_000;

export function stampFingerprint(fingerprint: string, at = Date.now()): string {
  return `${fingerprint}@${at}`;
}

export function splitStamp(stored: string): { fingerprint: string; at: number } {
  const [fingerprint, at] = stored.split("@");
  return { fingerprint, at: Number(at) };
}

export function fingerprintIsFresh(stored: string | null, now = Date.now()): stored is string {
  const at = stored ? splitStamp(stored).at : NaN;
  return Number.isFinite(at) && now - at < FINGERPRINT_MAX_AGE_MS;
}
