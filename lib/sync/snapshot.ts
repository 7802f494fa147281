import "server-only";
import { hash, randomUUID } from "node:crypto";
import { db, queryLines, queryRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { DirectoryNumber } from "@/lib/sync/core/plan-types";
import type { DirectoryUser } from "@/lib/sync/core/types";
import numberMetadata from "libphonenumber-js/max/metadata";
import { chunks } from "./chunks";
import { writeTransaction } from "./write-batches";

// The directory snapshot: each Entra user as last read, per integration. Partial runs look users up
// in it by number; full runs compare hashes so an unchanged directory rewrites nothing.

/**
 * What a snapshot row's numbers were read with: its knownE164 and e164Numbers are libphonenumber-js's
 * reading of the raw numbers in the solution's region, and runs reuse them instead of parsing again.
 * Both are part of the hash: the digest of the metadata the library reads numbers by (its number
 * ranges and formats, which an upgrade changes) and the region. After such an upgrade, or a change of
 * region, every row differs once, and the next full run reads, re-plans and rewrites them all.
 * Computed per read (≈1 ms), not per user.
 */
export const numberReading = (region: string) => `libphonenumber-js metadata ${hash("sha1", JSON.stringify(numberMetadata), "base64url")} ${region}`;

/** The snapshot hash of a user whose numbers are read as `reading` (numberReading) says. */
export function hashDirectoryUser(user: DirectoryUser, reading: string): string {
  // `properties` is everything Graph returned for the user (toDirectoryUser derives the id, names,
  // accountEnabled and phones from it), so it is all the hash needs: serialising those fields a second
  // time cost a quiet full sync ≈0.1 s per 100k users. A user disabled by a delta round and enabled
  // again differs in `accountEnabled` there. One-shot hash: a Hash object per user costs a third more.
  return hash("sha1", `${reading}|${JSON.stringify(user.properties)}`, "base64url");
}

/** objectId → hash of every snapshot user: all a quiet full sync needs to find what changed. */
export async function loadSnapshotHashes(integrationId: string): Promise<Map<string, string>> {
  // One text value instead of 100k rows: the quiet run loads this while pages arrive, and turning
  // 100k result rows into objects would cost the main thread more than splitting one string.
  // Object ids (GUIDs) and base64url hashes contain neither separator.
  const hashes = new Map<string, string>();
  for (const pair of await queryLines(Prisma.sql`
    SELECT string_agg("objectId" || ' ' || hash, E'\n') AS t FROM "DirectoryUser" WHERE "integrationId" = ${integrationId}`)) {
    const space = pair.indexOf(" ");
    hashes.set(pair.slice(0, space), pair.slice(space + 1));
  }
  return hashes;
}

/** A snapshot row as the core reads it, plus the E.164 numbers it is indexed by. */
type SnapshotRow = Required<DirectoryUser> & { e164Numbers: string[] };

function toCoreUser({ e164Numbers: _indexedBy, ...user }: SnapshotRow): DirectoryUser {
  return user;
}

const SNAPSHOT_COLUMNS = Prisma.sql`"objectId", "userPrincipalName", "displayName", "accountEnabled", "mobilePhone",
  "businessPhones", properties, "knownE164", "e164Numbers"`;

/**
 * Every number is held by one or two users, so PostgreSQL has no statistics on array elements and
 * estimates `&&` with a default selectivity per element: with a hundred numbers it expects half the
 * table and scans all of it (measured 300–700 ms on 100k rows, against 2 ms through the index). The
 * lookup is only ever right through the GIN index, so this one query is told so.
 */
async function snapshotUsersByNumber(integrationId: string, e164s: string[]): Promise<SnapshotRow[]> {
  const [, rows] = await db.$transaction([
    db.$executeRaw`SET LOCAL enable_seqscan = off`,
    db.$queryRaw<SnapshotRow[]>`
      SELECT ${SNAPSHOT_COLUMNS} FROM "DirectoryUser" WHERE "integrationId" = ${integrationId} AND "e164Numbers" && ${e164s}::text[]`,
  ]);
  return rows;
}

/**
 * Snapshot users holding any of these numbers or having these ids, with the numbers they hold. Two
 * queries rather than an OR, so each uses its index (GIN on numbers, btree on ids).
 */
export async function loadSnapshotUsers(integrationId: string, query: { e164s: string[]; objectIds: string[] }) {
  const [byNumber, byId] = await Promise.all([
    // GIN cannot answer `&& '{}'` and would scan the whole table: an empty half is not asked at all.
    query.e164s.length === 0 ? [] : snapshotUsersByNumber(integrationId, query.e164s),
    // From the driver: a full run's slices load every user this way, and Prisma's row mapping costs more than the query.
    query.objectIds.length === 0
      ? []
      : queryRows<SnapshotRow>(Prisma.sql`
          SELECT ${SNAPSHOT_COLUMNS} FROM "DirectoryUser" WHERE "integrationId" = ${integrationId} AND "objectId" = ANY(${query.objectIds}::text[])`),
  ]);
  const rows = new Map([...byNumber, ...byId].map((row) => [row.objectId, row]));
  return [...rows.values()].map((row) => ({ user: toCoreUser(row), e164s: row.e164Numbers }));
}

export type SnapshotWrite = { user: DirectoryUser; numbers: DirectoryNumber[]; hash: string };

function upsertStatement(integrationId: string, batch: SnapshotWrite[], readAt: Date) {
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
  return Prisma.sql`
    INSERT INTO "DirectoryUser" (id, "integrationId", "objectId", "userPrincipalName", "displayName", "accountEnabled",
      "mobilePhone", "businessPhones", "e164Numbers", "knownE164", properties, hash, "readAt")
    SELECT v.id, ${integrationId}, v."objectId", v.upn, v."displayName", v.enabled, v.mobile,
      ARRAY(SELECT jsonb_array_elements_text(v.business)), ARRAY(SELECT jsonb_array_elements_text(v.e164s)),
      v.known, v.properties, v.hash, ${readAt}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(id text, "objectId" text, upn text, "displayName" text,
      enabled boolean, mobile text, business jsonb, e164s jsonb, known jsonb, properties jsonb, hash text)
    ON CONFLICT ("integrationId", "objectId") DO UPDATE SET
      "userPrincipalName" = EXCLUDED."userPrincipalName", "displayName" = EXCLUDED."displayName",
      "accountEnabled" = EXCLUDED."accountEnabled", "mobilePhone" = EXCLUDED."mobilePhone",
      "businessPhones" = EXCLUDED."businessPhones", "e164Numbers" = EXCLUDED."e164Numbers",
      "knownE164" = EXCLUDED."knownE164", properties = EXCLUDED.properties, hash = EXCLUDED.hash,
      "readAt" = EXCLUDED."readAt"`;
}

const BATCH = 2_000;

/** Upserts changed users and deletes gone ones; returns rows written. */
export async function writeSnapshot(
  integrationId: string,
  write: { upsert: SnapshotWrite[]; remove: string[]; readAt: Date },
): Promise<number> {
  const upserts = snapshotStream(integrationId, write.readAt);
  upserts.add(write.upsert);
  let written = await upserts.finish();
  for (const batch of chunks(write.remove, 5_000)) {
    written += (await db.directoryUser.deleteMany({ where: { integrationId, objectId: { in: batch } } })).count;
  }
  return written;
}

/**
 * Snapshot upserts written in the background while a full read goes on, a batch at a time on one
 * connection: the rows are on disk by the time the last page arrives, and no page's users wait in
 * memory for the plan. Only for runs whose plan does not need the previous snapshot (a quiet run
 * looks up the numbers changed users had before, so it writes after planning).
 */
export function snapshotStream(integrationId: string, readAt: Date) {
  let pending: SnapshotWrite[] = [];
  let written = 0;
  let failure: { error: unknown } | null = null;
  // Two connections take turns: PostgreSQL spreads the index work of a 100k-user first read over two cores.
  const lanes: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
  let turn = 0;
  // Batches queued and not yet written.
  const waiting = new Set<Promise<void>>();
  const flush = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const lane = turn++ % lanes.length;
    const done: Promise<void> = lanes[lane].then(async () => {
      try {
        if (!failure) written += (await writeTransaction([upsertStatement(integrationId, batch, readAt)]))[0];
      } catch (error) {
        failure = { error };
      } finally {
        waiting.delete(done);
      }
    });
    lanes[lane] = done;
    waiting.add(done);
  };
  return {
    add(rows: SnapshotWrite[]) {
      for (const row of rows) pending.push(row);
      if (pending.length >= BATCH) flush();
    },
    /**
     * Resolves once at most `batches` batches wait to be written: a reader that awaits it before
     * its next page never holds more of the directory than that, however slow the database is.
     * Throws the first write error.
     */
    async drained(batches = 3): Promise<void> {
      while (waiting.size > batches) await Promise.race(waiting);
      // A write that failed stops the reader now, not after the rest of the directory.
      if (failure) throw failure.error;
    },
    /** Writes what is left; throws the first write error. */
    async finish(): Promise<number> {
      flush();
      await Promise.all(lanes);
      if (failure) throw failure.error;
      return written;
    },
  };
}

export type SnapshotStream = ReturnType<typeof snapshotStream>;
