import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { SyncPlan } from "@/lib/sync/core/plan-types";
import { SCALAR_FIELDS } from "@/lib/sync/core/types";
import { chunks } from "./chunks";

const BATCH = 2_000;

export type WriteCounts = { switchboardUsers: number; numbers: number; links: number; changeRecords: number };

type Target = {
  integrationId: string;
  solutionId: string;
  runId: string;
  at: Date;
  stampAllSynced: boolean;
  /** Receives milliseconds per step (`write.links` …) for the run's details. */
  phases?: Record<string, number>;
};

type ChangeRecord = { sid: string; oid: string | null; kind: string; fields: unknown };

const json = (value: unknown) => JSON.stringify(value);

function recordChanges(runId: string, records: ChangeRecord[]) {
  const rows = records.map((r) => ({ id: randomUUID(), ...r }));
  return db.$executeRaw`
    INSERT INTO "RunChange" (id, "runId", "switchboardUserId", "objectId", kind, fields)
    SELECT v.id, ${runId}, v.sid, v.oid, v.kind::"ChangeKind", v.fields
    FROM jsonb_to_recordset(${json(rows)}::jsonb) AS v(id text, sid text, oid text, kind text, fields jsonb)`;
}

// One CASE per field: a field absent from a user's change set keeps its value (rule 3: unmapped
// fields are untouched), a JSON null clears it.
const SET_FIELDS = SCALAR_FIELDS.map((f) => `"${f}" = CASE WHEN v.f ? '${f}' THEN v.f->>'${f}' ELSE u."${f}" END`).join(",\n  ");

function updateUsers(solutionId: string, rows: { id: string; f: Record<string, unknown> }[]) {
  return db.$executeRawUnsafe(
    `UPDATE "SwitchboardUser" AS u SET
  ${SET_FIELDS},
  tags = CASE WHEN v.f ? 'tags' THEN ARRAY(SELECT jsonb_array_elements_text(v.f->'tags')) ELSE u.tags END,
  "updatedAt" = now()
FROM jsonb_to_recordset($1::jsonb) AS v(id text, f jsonb)
WHERE u.id = v.id AND u."solutionId" = $2`,
    json(rows),
    solutionId,
  );
}

function insertNumbers(solutionId: string, rows: { userId: string; raw: string; e164: string }[]) {
  const withIds = rows.map((r) => ({ id: randomUUID(), ...r }));
  // A number another user took meanwhile is left off rather than failing the batch.
  return db.$executeRaw`
    INSERT INTO "PhoneNumber" (id, "solutionId", "userId", raw, e164)
    SELECT v.id, ${solutionId}, v."userId", v.raw, v.e164
    FROM jsonb_to_recordset(${json(withIds)}::jsonb) AS v(id text, "userId" text, raw text, e164 text)
    ON CONFLICT ("solutionId", e164) DO NOTHING`;
}

/**
 * Writes a plan in the order the core prescribes (removals first, so numbers and links are free for
 * what replaces them). Every statement is a batch; each batch and its history rows share a transaction.
 */
export async function applyPlan(plan: SyncPlan, target: Target): Promise<WriteCounts> {
  const { integrationId, solutionId, runId, at } = target;
  const counts: WriteCounts = { switchboardUsers: 0, numbers: 0, links: 0, changeRecords: 0 };
  const tally = (key: keyof WriteCounts, [written, history]: number[]) => {
    counts[key] += written;
    counts.changeRecords += history;
  };
  let last = performance.now();
  const mark = (step: string) => {
    const now = performance.now();
    if (target.phases) target.phases[`write.${step}`] = Math.round(now - last);
    last = now;
  };

  for (const batch of chunks(plan.limited.remove, BATCH)) {
    tally(
      "switchboardUsers",
      await db.$transaction([
        db.$executeRaw`DELETE FROM "SwitchboardUser" WHERE id = ANY(${batch.map((r) => r.switchboardUserId)}::text[])
          AND kind = 'LIMITED' AND "sourceIntegrationId" = ${integrationId}`,
        recordChanges(runId, batch.map((r) => ({ sid: r.switchboardUserId, oid: r.objectId, kind: "LIMITED_REMOVE", fields: [{ reason: r.reason }] }))),
      ]),
    );
  }

  mark("limitedRemove");
  for (const batch of chunks(plan.links.remove, BATCH)) {
    tally(
      "links",
      await db.$transaction([
        db.$executeRaw`DELETE FROM "Link" WHERE "integrationId" = ${integrationId}
          AND "switchboardUserId" = ANY(${batch.map((r) => r.switchboardUserId)}::text[])`,
        recordChanges(runId, batch.map((r) => ({ sid: r.switchboardUserId, oid: r.objectId, kind: "UNLINK", fields: [{ reason: r.reason }] }))),
      ]),
    );
  }

  mark("unlink");
  for (const batch of chunks(plan.links.update, BATCH)) {
    counts.links += await db.$executeRaw`
      UPDATE "Link" AS l SET "phoneNumberId" = v.pid, origin = v.origin::"LinkOrigin"
      FROM jsonb_to_recordset(${json(batch.map((u) => ({ sid: u.switchboardUserId, pid: u.phoneNumberId, origin: u.origin })))}::jsonb)
        AS v(sid text, pid text, origin text)
      WHERE l."integrationId" = ${integrationId} AND l."switchboardUserId" = v.sid`;
  }

  mark("relink");
  for (const batch of chunks(plan.links.create, BATCH)) {
    const rows = batch.map((c) => ({ id: randomUUID(), sid: c.switchboardUserId, oid: c.objectId, pid: c.phoneNumberId, origin: c.origin }));
    const [, inserted, history] = await db.$transaction([
        // One link per Entra user: a user who moved to another switchboard user leaves the old link.
        db.$executeRaw`DELETE FROM "Link" WHERE "integrationId" = ${integrationId} AND "objectId" = ANY(${rows.map((r) => r.oid)}::text[])`,
        db.$executeRaw`
          INSERT INTO "Link" (id, "integrationId", "solutionId", "switchboardUserId", "phoneNumberId", "objectId", origin, "lastSyncedAt", "lastResult")
          SELECT v.id, ${integrationId}, ${solutionId}, v.sid, v.pid, v.oid, v.origin::"LinkOrigin", ${at}, 'LINKED'
          FROM jsonb_to_recordset(${json(rows)}::jsonb) AS v(id text, sid text, oid text, pid text, origin text)
          ON CONFLICT ("integrationId", "switchboardUserId") DO UPDATE SET
            "objectId" = EXCLUDED."objectId", "phoneNumberId" = EXCLUDED."phoneNumberId", origin = EXCLUDED.origin`,
        recordChanges(runId, batch.map((c) => ({ sid: c.switchboardUserId, oid: c.objectId, kind: "LINK", fields: [{ e164: c.e164, origin: c.origin }] }))),
    ]);
    tally("links", [inserted, history]);
  }

  mark("link");
  for (const batch of chunks(plan.limited.create, BATCH)) {
    const users = batch.map((l) => ({ ...l, id: randomUUID() }));
    const [created, numbers, links, history] = await db.$transaction([
      db.$executeRawUnsafe(
        `INSERT INTO "SwitchboardUser" (id, "solutionId", kind, "sourceIntegrationId", ${SCALAR_FIELDS.map((f) => `"${f}"`).join(", ")}, tags, "updatedAt")
         SELECT v.id, $2, 'LIMITED', $3, ${SCALAR_FIELDS.map((f) => `v.f->>'${f}'`).join(", ")},
           ARRAY(SELECT jsonb_array_elements_text(v.tags)), now()
         FROM jsonb_to_recordset($1::jsonb) AS v(id text, f jsonb, tags jsonb)`,
        json(users.map((u) => ({ id: u.id, f: u.fields, tags: u.tags }))),
        solutionId,
        integrationId,
      ),
      insertNumbers(solutionId, users.flatMap((u) => u.numbers.map((n) => ({ userId: u.id, raw: n.raw, e164: n.e164 })))),
      db.$executeRaw`
        INSERT INTO "Link" (id, "integrationId", "solutionId", "switchboardUserId", "phoneNumberId", "objectId", origin, "lastSyncedAt", "lastResult")
        SELECT gen_random_uuid()::text, ${integrationId}, ${solutionId}, v.sid,
          (SELECT n.id FROM "PhoneNumber" n WHERE n."userId" = v.sid ORDER BY n."createdAt", n.id LIMIT 1), v.oid, 'LIMITED', ${at}, 'LINKED'
        FROM jsonb_to_recordset(${json(users.map((u) => ({ sid: u.id, oid: u.objectId })))}::jsonb) AS v(sid text, oid text)`,
      recordChanges(
        runId,
        users.map((u) => ({
          sid: u.id,
          oid: u.objectId,
          kind: "LIMITED_CREATE",
          fields: [...SCALAR_FIELDS.map((f) => ({ field: f, before: null, after: u.fields[f] })), { field: "tags", before: [], after: u.tags }],
        })),
      ),
    ]);
    counts.switchboardUsers += created;
    counts.numbers += numbers;
    counts.links += links;
    counts.changeRecords += history;
  }

  mark("limitedCreate");
  for (const batch of chunks(plan.changes, BATCH)) {
    const rows = batch.map((c) => ({ id: c.switchboardUserId, f: Object.fromEntries(c.changes.map((ch) => [ch.field, ch.after])) }));
    tally(
      "switchboardUsers",
      await db.$transaction([
        updateUsers(solutionId, rows),
        recordChanges(runId, batch.map((c) => ({ sid: c.switchboardUserId, oid: c.objectId, kind: "UPDATE", fields: c.changes }))),
      ]),
    );
  }

  mark("fields");
  for (const change of plan.limited.numbers) {
    if (change.removeNumberIds.length) {
      counts.numbers += await db.$executeRaw`DELETE FROM "PhoneNumber" WHERE id = ANY(${change.removeNumberIds}::text[]) AND "userId" = ${change.switchboardUserId}`;
    }
    if (change.add.length) counts.numbers += await insertNumbers(solutionId, change.add.map((n) => ({ userId: change.switchboardUserId, ...n })));
  }

  counts.numbers += await storeNormalisedNumbers(solutionId, plan.normalisedNumbers);
  // Links created above already carry this run's time.
  const created = new Set(plan.links.create.map((c) => c.switchboardUserId));
  const stamp = target.stampAllSynced ? plan.syncedSwitchboardUserIds : plan.changes.map((c) => c.switchboardUserId);
  counts.links += await stampLinks(integrationId, at, stamp.filter((id) => !created.has(id)));
  mark("numbersAndStamps");
  return counts;
}

/** Caches E.164 of switchboard numbers that had none; two numbers reading as one E.164 keep only the first. */
async function storeNormalisedNumbers(solutionId: string, numbers: SyncPlan["normalisedNumbers"]): Promise<number> {
  const seen = new Set<string>();
  const unique = numbers.filter((n) => !seen.has(n.e164) && seen.add(n.e164));
  let written = 0;
  for (const batch of chunks(unique, BATCH)) {
    written += await db.$executeRaw`
      UPDATE "PhoneNumber" AS p SET e164 = v.e164
      FROM jsonb_to_recordset(${json(batch.map((n) => ({ id: n.phoneNumberId, e164: n.e164 })))}::jsonb) AS v(id text, e164 text)
      WHERE p.id = v.id AND p."solutionId" = ${solutionId} AND p.e164 IS NULL
        AND NOT EXISTS (SELECT 1 FROM "PhoneNumber" q WHERE q."solutionId" = ${solutionId} AND q.e164 = v.e164)`;
  }
  return written;
}

/**
 * A full run does not stamp every link (100k writes for a no-change run): a link with sync on was
 * synced at the integration's last full sync, so only links a run wrote to, or a partial run
 * evaluated, carry their own time.
 */
async function stampLinks(integrationId: string, at: Date, switchboardUserIds: string[]): Promise<number> {
  let written = 0;
  for (const batch of chunks(switchboardUserIds, 5_000)) {
    written += await db.$executeRaw`
      UPDATE "Link" SET "lastSyncedAt" = ${at}, "lastResult" = 'OK'
      WHERE "integrationId" = ${integrationId} AND "switchboardUserId" = ANY(${batch}::text[])`;
  }
  return written;
}
