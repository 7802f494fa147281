import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { DirectoryNumber } from "@/lib/sync/core/plan-types";
import type { DirectoryUser } from "@/lib/sync/core/types";
import { chunks } from "./chunks";
import { writeTransaction } from "./write-batches";

// The directory snapshot: each Entra user as last read, per integration. Partial runs look users up
// in it by number; full runs compare hashes so an unchanged directory rewrites nothing.

export function hashDirectoryUser(user: DirectoryUser): string {
  const { objectId, userPrincipalName, displayName, mobilePhone, businessPhones, properties } = user;
  return createHash("sha1")
    .update(JSON.stringify([objectId, userPrincipalName, displayName, mobilePhone, businessPhones, properties]))
    .digest("base64url");
}

/** objectId → hash of every snapshot user: all a quiet full sync needs to find what changed. */
export async function loadSnapshotHashes(integrationId: string): Promise<Map<string, string>> {
  const rows = await db.$queryRaw<{ o: string; h: string }[]>`
    SELECT "objectId" AS o, hash AS h FROM "DirectoryUser" WHERE "integrationId" = ${integrationId}`;
  return new Map(rows.map((r) => [r.o, r.h]));
}

/** objectId → raw → E.164 the last run worked out, so a whole plan does not parse every number again. */
export async function loadKnownNumbers(integrationId: string): Promise<Map<string, Record<string, string>>> {
  const rows = await db.directoryUser.findMany({ where: { integrationId }, select: { objectId: true, knownE164: true } });
  return new Map(rows.map((r) => [r.objectId, r.knownE164 as Record<string, string>]));
}

/** A snapshot row as the core reads it, plus the E.164 numbers it is indexed by. */
type SnapshotRow = Required<DirectoryUser> & { e164Numbers: string[] };

function toCoreUser({ e164Numbers: _indexedBy, ...user }: SnapshotRow): DirectoryUser {
  return user;
}

/**
 * Snapshot users holding any of these numbers or having these ids, with the numbers they hold. Two
 * queries rather than an OR, so each uses its index (GIN on numbers, btree on ids).
 */
export async function loadSnapshotUsers(integrationId: string, query: { e164s: string[]; objectIds: string[] }) {
  const [byNumber, byId] = await Promise.all([
    // GIN cannot answer `&& '{}'` and would scan the whole table: an empty half is not asked at all.
    query.e164s.length === 0
      ? []
      : db.$queryRaw<SnapshotRow[]>`
          SELECT "objectId", "userPrincipalName", "displayName", "accountEnabled", "mobilePhone", "businessPhones",
            properties, "knownE164", "e164Numbers"
          FROM "DirectoryUser" WHERE "integrationId" = ${integrationId} AND "e164Numbers" && ${query.e164s}::text[]`,
    query.objectIds.length === 0
      ? []
      : db.$queryRaw<SnapshotRow[]>`
          SELECT "objectId", "userPrincipalName", "displayName", "accountEnabled", "mobilePhone", "businessPhones",
            properties, "knownE164", "e164Numbers"
          FROM "DirectoryUser" WHERE "integrationId" = ${integrationId} AND "objectId" = ANY(${query.objectIds}::text[])`,
  ]);
  const rows = new Map([...byNumber, ...byId].map((row) => [row.objectId, row]));
  return [...rows.values()].map((row) => ({ user: toCoreUser(row), e164s: row.e164Numbers }));
}

export type SnapshotWrite = { user: DirectoryUser; numbers: DirectoryNumber[]; hash: string };

/** Upserts changed users and deletes gone ones; returns rows written. */
export async function writeSnapshot(
  integrationId: string,
  write: { upsert: SnapshotWrite[]; remove: string[]; readAt: Date },
): Promise<number> {
  let written = 0;
  for (const batch of chunks(write.upsert, 5_000)) {
    const rows = batch.map(({ user, numbers, hash }) => ({
      id: randomUUID(),
      objectId: user.objectId,
      upn: user.userPrincipalName,
      displayName: user.displayName,
      enabled: user.accountEnabled,
      mobile: user.mobilePhone,
      business: user.businessPhones,
      e164s: numbers.map((n) => n.e164),
      known: Object.fromEntries(numbers.map((n) => [n.raw, n.e164])),
      properties: user.properties,
      hash,
    }));
    const [inserted] = await writeTransaction([
      db.$executeRaw`
      INSERT INTO "DirectoryUser" (id, "integrationId", "objectId", "userPrincipalName", "displayName", "accountEnabled",
        "mobilePhone", "businessPhones", "e164Numbers", "knownE164", properties, hash, "readAt")
      SELECT v.id, ${integrationId}, v."objectId", v.upn, v."displayName", v.enabled, v.mobile,
        ARRAY(SELECT jsonb_array_elements_text(v.business)), ARRAY(SELECT jsonb_array_elements_text(v.e164s)),
        v.known, v.properties, v.hash, ${write.readAt}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(id text, "objectId" text, upn text, "displayName" text,
        enabled boolean, mobile text, business jsonb, e164s jsonb, known jsonb, properties jsonb, hash text)
      ON CONFLICT ("integrationId", "objectId") DO UPDATE SET
        "userPrincipalName" = EXCLUDED."userPrincipalName", "displayName" = EXCLUDED."displayName",
        "accountEnabled" = EXCLUDED."accountEnabled", "mobilePhone" = EXCLUDED."mobilePhone",
        "businessPhones" = EXCLUDED."businessPhones", "e164Numbers" = EXCLUDED."e164Numbers",
        "knownE164" = EXCLUDED."knownE164", properties = EXCLUDED.properties, hash = EXCLUDED.hash,
        "readAt" = EXCLUDED."readAt"`,
    ]);
    written += inserted;
  }
  for (const batch of chunks(write.remove, 5_000)) {
    written += (await db.directoryUser.deleteMany({ where: { integrationId, objectId: { in: batch } } })).count;
  }
  return written;
}
