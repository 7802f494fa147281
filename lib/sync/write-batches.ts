import "server-only";
import { randomUUID } from "node:crypto";
import { runStatements, type Statement } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { LimitedUserCreate, LinkCreate, SyncPlan } from "@/lib/sync/core/plan-types";
import { SCALAR_FIELDS } from "@/lib/sync/core/types";

// One SQL statement per batch: rows travel as one JSON document (jsonb_to_recordset), so a batch of
// 5,000 users is one round trip. Every write is scoped by solution or integration. The statements go
// to the driver (runStatements), not through Prisma, which would copy each batch's JSON three times.

const sql = Prisma.sql;
// Statements whose SQL is assembled from constants (the field list), with their values as parameters.
const statement = (text: string, ...values: unknown[]): Statement => ({ text, values });

const json = (value: unknown) => JSON.stringify(value);

/**
 * A batch and its history rows in one transaction that does not wait for the WAL flush
 * (synchronous_commit off, this transaction only). A crash can lose the last fraction of a second of
 * batches but never leaves one half-written, and the next run plans from what is actually stored, so
 * it rewrites whatever was lost. Bulk syncs spend most of their write time in those flushes otherwise.
 */
export function writeTransaction(statements: Statement[]): Promise<number[]> {
  return runStatements(statements, { synchronousCommit: false });
}

export type ChangeRecord = { sid: string; oid: string | null; kind: "UPDATE" | "LINK" | "UNLINK" | "LIMITED_CREATE" | "LIMITED_REMOVE"; fields: unknown };

/**
 * History rows of a batch. With `syncOnIn` (an integration), a row is recorded only for users whose
 * link there still has sync on — the same test the batch's UPDATE applied, so the history never
 * shows a change that an admin's "sync off" stopped.
 */
export function recordChanges(runId: string, records: ChangeRecord[], syncOnIn?: string, options: { sameEntraUser?: boolean } = {}) {
  const rows = records.map((r) => ({ id: randomUUID(), ...r }));
  return sql`
    INSERT INTO "RunChange" (id, "runId", "switchboardUserId", "objectId", kind, fields)
    SELECT v.id, ${runId}, v.sid, v.oid, v.kind::"ChangeKind", v.fields
    FROM jsonb_to_recordset(${json(rows)}::jsonb) AS v(id text, sid text, oid text, kind text, fields jsonb)
    ${syncOnIn ? sql`WHERE ${syncOn(syncOnIn, sql`v.sid`, options.sameEntraUser ? sql`v.oid` : undefined)}` : Prisma.empty}`;
}

/**
 * The user's link in the integration exists and has sync on (read at write time, not at plan time);
 * with `objectId`, it is also the link to that Entra user (a LINK row for a link actually made).
 */
const syncOn = (integrationId: string, switchboardUserId: Prisma.Sql, objectId?: Prisma.Sql) =>
  sql`EXISTS (SELECT 1 FROM "Link" l WHERE l."integrationId" = ${integrationId} AND l."switchboardUserId" = ${switchboardUserId} AND l."syncEnabled"${objectId ? sql` AND l."objectId" = ${objectId}` : Prisma.empty})`;

/**
 * The integration's write lock: every switchboard write batch of a sync holds it shared, and what
 * must not happen in the middle of one (a lease takeover, an admin's choice) holds it exclusively. An
 * advisory lock rather than a lock on the integration's row: waiters queue, so they wait for the
 * batches in flight only, and every other update of that row (status, "sync now") waits for none.
 */
export const integrationWriteLock = (integrationId: string, mode: "shared" | "exclusive") =>
  mode === "shared"
    ? sql`SELECT pg_advisory_xact_lock_shared(${WRITE_LOCK_SPACE}, hashtext(${integrationId}))`
    : sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK_SPACE}, hashtext(${integrationId}))`;
/** The advisory-lock key space of integration write locks (the other key is the integration's). */
const WRITE_LOCK_SPACE = 1847;

/**
 * Guards a write batch: holds the write lock shared, then checks that the integration is still
 * leased to `owner`. A takeover holds the lock exclusively (acquireLease), so it waits for a batch in
 * flight, and a batch of a worker whose lease ran out and was taken writes nothing.
 */
export function leaseHeld(integrationId: string, owner: string): Statement[] {
  return [integrationWriteLock(integrationId, "shared"), sql`SELECT 1 FROM "Integration" WHERE id = ${integrationId} AND "leaseOwner" = ${owner}`];
}

/**
 * A link an admin's choice made (origin ADMIN) is written only while the configuration the plan was
 * made with still holds: a choice withdrawn meanwhile (which bumps the version) must not come back
 * as an ADMIN link, which later runs would read as a standing pick.
 */
const choiceStillHolds = (integrationId: string, configVersion: number | undefined) =>
  configVersion === undefined
    ? sql`TRUE`
    : sql`(v.origin <> 'ADMIN' OR (SELECT i."configVersion" FROM "Integration" i WHERE i.id = ${integrationId}) = ${configVersion})`;

/** The switchboard number still exists: one the customer deleted meanwhile skips its link, not the batch. */
const numberExists = sql`EXISTS (SELECT 1 FROM "PhoneNumber" p WHERE p.id = v.pid)`;

// One CASE per field: a field absent from a user's change set keeps its value (rule 3: unmapped
// fields are untouched), a JSON null clears it.
const SET_FIELDS = SCALAR_FIELDS.map((f) => `"${f}" = CASE WHEN v.f ? '${f}' THEN v.f->>'${f}' ELSE u."${f}" END`).join(",\n  ");

/**
 * Field updates; only for users whose link in the integration has sync on when the batch is written:
 * an admin who turns sync off while a run is writing (rule 7) is not overridden by its plan.
 */
export function updateUsers(target: { solutionId: string; integrationId: string }, rows: { id: string; f: Record<string, unknown> }[]) {
  return sql`
    UPDATE "SwitchboardUser" AS u SET
      ${Prisma.raw(SET_FIELDS)},
      tags = CASE WHEN v.f ? 'tags' THEN ARRAY(SELECT jsonb_array_elements_text(v.f->'tags')) ELSE u.tags END,
      "updatedAt" = now()
    FROM jsonb_to_recordset(${json(rows)}::jsonb) AS v(id text, f jsonb)
    WHERE u.id = v.id AND u."solutionId" = ${target.solutionId} AND ${syncOn(target.integrationId, sql`u.id`)}`;
}

/**
 * Locks these users' links in the integration until the transaction ends. An admin's "sync off"
 * (rule 7) then waits for the batch, or the batch for it: the sync-on checks of the statements that
 * follow, and the history rows they record, all see the same answer.
 */
export function lockLinks(integrationId: string, by: { switchboardUserIds: string[]; objectIds?: string[] }) {
  return sql`SELECT 1 FROM "Link" WHERE "integrationId" = ${integrationId}
    AND ("switchboardUserId" = ANY(${by.switchboardUserIds}::text[]) OR "objectId" = ANY(${by.objectIds ?? []}::text[]))
    ORDER BY id FOR UPDATE`;
}

/**
 * Locks switchboard users about to be linked until the transaction ends: another integration's batch
 * linking one of them waits, then sees that link (insertLinks), so no user is linked by two.
 */
export function lockSwitchboardUsers(ids: string[]) {
  return sql`SELECT 1 FROM "SwitchboardUser" WHERE id = ANY(${ids}::text[]) ORDER BY id FOR NO KEY UPDATE`;
}

/** New numbers; with `syncOnIn`, only for users whose link there has sync on (a limited user's numbers). */
export function insertNumbers(solutionId: string, rows: { userId: string; raw: string; e164: string }[], syncOnIn?: string) {
  const withIds = rows.map((r) => ({ id: randomUUID(), ...r }));
  // A number another user took meanwhile is left off rather than failing the batch.
  return sql`
    INSERT INTO "PhoneNumber" (id, "solutionId", "userId", raw, e164)
    SELECT v.id, ${solutionId}, v."userId", v.raw, v.e164
    FROM jsonb_to_recordset(${json(withIds)}::jsonb) AS v(id text, "userId" text, raw text, e164 text)
    ${syncOnIn ? sql`WHERE ${syncOn(syncOnIn, sql`v."userId"`)}` : Prisma.empty}
    ON CONFLICT ("solutionId", e164) DO NOTHING`;
}

/** A limited user's numbers that left Entra; not while its sync is off. */
export function deleteNumbers(integrationId: string, switchboardUserId: string, ids: string[]) {
  return sql`DELETE FROM "PhoneNumber" WHERE id = ANY(${ids}::text[]) AND "userId" = ${switchboardUserId} AND ${syncOn(integrationId, sql`${switchboardUserId}`)}`;
}

/** Limited users this integration created, unless an admin turned their sync off (rule 7). */
export function deleteLimitedUsers(integrationId: string, ids: string[]) {
  return sql`DELETE FROM "SwitchboardUser" AS u WHERE u.id = ANY(${ids}::text[])
    AND u.kind = 'LIMITED' AND u."sourceIntegrationId" = ${integrationId} AND ${syncOn(integrationId, sql`u.id`)}`;
}

/**
 * By Entra user: the old link of a user who moved to another switchboard user. By switchboard user:
 * unlinks. Either way a link whose sync an admin turned off stays in place (rule 7).
 */
export function deleteLinks(integrationId: string, by: { switchboardUserIds?: string[]; objectIds?: string[] }) {
  return by.objectIds
    ? sql`DELETE FROM "Link" WHERE "integrationId" = ${integrationId} AND "objectId" = ANY(${by.objectIds}::text[]) AND "syncEnabled"`
    : sql`DELETE FROM "Link" WHERE "integrationId" = ${integrationId} AND "switchboardUserId" = ANY(${by.switchboardUserIds ?? []}::text[]) AND "syncEnabled"`;
}

/** The number a link goes by, or its origin; a link with sync off stays as it is. */
export function updateLinks(target: { integrationId: string; configVersion?: number }, rows: { sid: string; pid: string; origin: string }[]) {
  const { integrationId, configVersion } = target;
  return sql`
    UPDATE "Link" AS l SET "phoneNumberId" = v.pid, origin = v.origin::"LinkOrigin"
    FROM jsonb_to_recordset(${json(rows)}::jsonb) AS v(sid text, pid text, origin text)
    WHERE l."integrationId" = ${integrationId} AND l."switchboardUserId" = v.sid AND l."syncEnabled"
      AND ${numberExists} AND ${choiceStillHolds(integrationId, configVersion)}`;
}

// A link already there for the switchboard user (a move within the run) takes the new Entra user,
// unless an admin turned its sync off meanwhile (rule 7).
const REPLACE_LINK = sql`ON CONFLICT ("integrationId", "switchboardUserId") DO UPDATE SET
      "objectId" = EXCLUDED."objectId", "phoneNumberId" = EXCLUDED."phoneNumberId", origin = EXCLUDED.origin
      WHERE "Link"."syncEnabled"`;

/**
 * New links; a preview's links are made but not synced yet (no sync time, result PREVIEW). An
 * integration's first links (`noLinksBefore`) can meet no existing one of its own: an insert without
 * ON CONFLICT, which PostgreSQL does measurably faster; only another integration's link is checked.
 */
export function insertLinks(
  target: { integrationId: string; solutionId: string; at: Date; preview?: boolean; noLinksBefore?: boolean; configVersion?: number },
  links: LinkCreate[],
) {
  const { integrationId, solutionId, configVersion } = target;
  const rows = links.map((c) => ({ id: randomUUID(), sid: c.switchboardUserId, oid: c.objectId, pid: c.phoneNumberId, origin: c.origin }));
  // After the plan, a number may have been deleted or an Entra user's old link turned off (it then
  // keeps that link, one per Entra user): those rows are left out. An integration's first links
  // can meet neither but a deleted number, which fails the batch and the next run plans again.
  // Nor a user another integration of the solution linked after the plan (its run on another worker,
  // or while this plan was held): that one feeds its numbers now, a cross-integration conflict.
  // lockSwitchboardUsers, earlier in the transaction, makes two integrations' batches take turns.
  const notForeign = sql`NOT EXISTS (SELECT 1 FROM "Link" f WHERE f."switchboardUserId" = v.sid AND f."integrationId" <> ${integrationId})`;
  const stillValid = target.noLinksBefore
    ? sql`WHERE ${notForeign}`
    : sql`WHERE ${numberExists} AND ${choiceStillHolds(integrationId, configVersion)} AND ${notForeign}
        AND NOT EXISTS (SELECT 1 FROM "Link" o WHERE o."integrationId" = ${integrationId} AND o."objectId" = v.oid AND NOT o."syncEnabled")`;
  return sql`
    INSERT INTO "Link" (id, "integrationId", "solutionId", "switchboardUserId", "phoneNumberId", "objectId", origin, "lastSyncedAt", "lastResult")
    SELECT v.id, ${integrationId}, ${solutionId}, v.sid, v.pid, v.oid, v.origin::"LinkOrigin", ${target.preview ? null : target.at}, ${target.preview ? "PREVIEW" : "LINKED"}
    FROM jsonb_to_recordset(${json(rows)}::jsonb) AS v(id text, sid text, oid text, pid text, origin text)
    ${stillValid}
    ${target.noLinksBefore ? Prisma.empty : REPLACE_LINK}`;
}

/** Limited users, their numbers and their LIMITED links, as one batch. */
export function insertLimitedUsers(target: { integrationId: string; solutionId: string; at: Date }, users: (LimitedUserCreate & { id: string })[]) {
  const { integrationId, solutionId, at } = target;
  return [
    statement(
      `INSERT INTO "SwitchboardUser" (id, "solutionId", kind, "sourceIntegrationId", ${SCALAR_FIELDS.map((f) => `"${f}"`).join(", ")}, tags, "updatedAt")
       SELECT v.id, $2, 'LIMITED', $3, ${SCALAR_FIELDS.map((f) => `v.f->>'${f}'`).join(", ")},
         ARRAY(SELECT jsonb_array_elements_text(v.tags)), now()
       FROM jsonb_to_recordset($1::jsonb) AS v(id text, f jsonb, tags jsonb)`,
      json(users.map((u) => ({ id: u.id, f: u.fields, tags: u.tags }))),
      solutionId,
      integrationId,
    ),
    insertNumbers(solutionId, users.flatMap((u) => u.numbers.map((n) => ({ userId: u.id, raw: n.raw, e164: n.e164 })))),
    sql`
      INSERT INTO "Link" (id, "integrationId", "solutionId", "switchboardUserId", "phoneNumberId", "objectId", origin, "lastSyncedAt", "lastResult")
      SELECT gen_random_uuid()::text, ${integrationId}, ${solutionId}, v.sid,
        (SELECT n.id FROM "PhoneNumber" n WHERE n."userId" = v.sid ORDER BY n."createdAt", n.id LIMIT 1), v.oid, 'LIMITED', ${at}, 'LINKED'
      FROM jsonb_to_recordset(${json(users.map((u) => ({ sid: u.id, oid: u.objectId })))}::jsonb) AS v(sid text, oid text)`,
  ] as const;
}

/** Caches E.164 of switchboard numbers that had none; two numbers reading as one E.164 keep only the first. */
export function storeNormalisedNumbers(solutionId: string, numbers: SyncPlan["normalisedNumbers"]) {
  return sql`
    UPDATE "PhoneNumber" AS p SET e164 = v.e164
    FROM jsonb_to_recordset(${json(numbers.map((n) => ({ id: n.phoneNumberId, e164: n.e164 })))}::jsonb) AS v(id text, e164 text)
    WHERE p.id = v.id AND p."solutionId" = ${solutionId} AND p.e164 IS NULL
      AND NOT EXISTS (SELECT 1 FROM "PhoneNumber" q WHERE q."solutionId" = ${solutionId} AND q.e164 = v.e164)`;
}

export function stampLinks(integrationId: string, at: Date, switchboardUserIds: string[]) {
  return sql`
    UPDATE "Link" SET "lastSyncedAt" = ${at}, "lastResult" = 'OK'
    WHERE "integrationId" = ${integrationId} AND "switchboardUserId" = ANY(${switchboardUserIds}::text[])`;
}

/** Deletes stale admin picks (still as the plan saw them, decided before it) and records each as reopened. */
export function dropStaleChoices(target: { integrationId: string; solutionId: string; runId: string; at: Date }, choices: SyncPlan["staleChoices"]) {
  const { integrationId, solutionId, runId, at } = target;
  return sql`
    WITH dropped AS (
      DELETE FROM "MatchChoice" c USING jsonb_to_recordset(${json(choices)}::jsonb) AS v(e164 text, "objectId" text)
      WHERE c."integrationId" = ${integrationId} AND c.kind = 'NUMBER_OWNER' AND c.key = v.e164 AND c.value = v."objectId"
        -- A pick made (or made again) after the plan is the admin's newer word: it stays.
        AND c."decidedAt" <= ${at}
      RETURNING c.key, c.value, c."decidedById", c."decidedAt")
    INSERT INTO "AuditEvent" (id, "solutionId", action, target, details)
    SELECT gen_random_uuid()::text, ${solutionId}, 'choice.reopened', ${integrationId},
      jsonb_build_object('kind', 'NUMBER_OWNER', 'key', key, 'value', value, 'runId', ${runId}::text,
        'decidedById', "decidedById", 'decidedAt', "decidedAt", 'reason', 'The chosen Entra user no longer has the number.')
    FROM dropped`;
}
