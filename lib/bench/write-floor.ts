import { db } from "@/lib/db";

/** What the database alone took to write the rows a first sync wrote, table by table (ms). */
export type WriteFloor = { ms: number; rows: number; tables: Record<string, { rows: number; ms: number }> };

// The rows a full sync writes, per table: how to select the integration's (or its last full run's) rows.
const LAST_FULL_RUN = `(SELECT id FROM "SyncRun" WHERE "integrationId" = $1 AND mode = 'FULL' ORDER BY "startedAt" DESC LIMIT 1)`;
const INSERTED = [
  { table: "DirectoryUser", where: `"integrationId" = $1` },
  { table: "Link", where: `"integrationId" = $1` },
  { table: "RunChange", where: `"runId" = ${LAST_FULL_RUN}` },
] as const;
// The switchboard users the run updated, and the columns a sync writes.
const UPDATED_USERS = `id IN (SELECT "switchboardUserId" FROM "RunChange" WHERE "runId" = ${LAST_FULL_RUN}
  AND EXISTS (SELECT 1 FROM jsonb_array_elements(fields) f WHERE f->>'field' <> 'link'))`;
// "updatedAt" keeps its value too: it is part of the switchboard's fingerprint, and a changed one
// would make the next sync a loud one (lib/sync/fingerprint.ts).
const USER_COLUMNS = ["displayName", "firstName", "lastName", "title", "department", "email", "location", "company", "tags", "updatedAt"].map((c) => `"${c}"`);

const copyOf = (table: string) => `"bench_copy_${table}"`;

/**
 * The database write floor: PostgreSQL writing again, server-side, the rows the integration's last
 * full sync wrote — the snapshot, the links, the history rows inserted from copies of themselves
 * into tables emptied of them (and vacuumed), the updated users rewritten with their own values,
 * one statement per table — with every index and foreign key the product has. No client, no
 * parsing, no network, no planning, one core: a lower bound on what the same writes cost a sync.
 *
 * Leaves the database as it found it (the same rows, the same ids, the same values), also when a
 * statement fails. Benchmark-only: it deletes and re-inserts a sync's rows, which no product path may do.
 * The times are wall times of single statements on one connection: at most one core of the server.
 */
export async function measureWriteFloor(integrationId: string): Promise<WriteFloor> {
  const tables: WriteFloor["tables"] = {};
  const timed = async (name: string, sql: string) => {
    const started = performance.now();
    const rows = await db.$executeRawUnsafe(sql);
    tables[name] = { rows, ms: Math.round(performance.now() - started) };
  };
  const all = [...INSERTED.map((t) => t.table), "SwitchboardUser"];
  for (const table of all) await db.$executeRawUnsafe(`DROP TABLE IF EXISTS ${copyOf(table)}`);
  let deleted = false;
  let copiesNeeded = false;
  try {
    for (const { table, where } of INSERTED) await db.$executeRawUnsafe(`CREATE UNLOGGED TABLE ${copyOf(table)} AS SELECT * FROM "${table}" WHERE ${where}`, integrationId);
    await db.$executeRawUnsafe(`CREATE UNLOGGED TABLE ${copyOf("SwitchboardUser")} AS SELECT * FROM "SwitchboardUser" WHERE ${UPDATED_USERS}`, integrationId);
    // As before the first sync: none of these rows, no dead index entries of them, and the users'
    // table vacuumed of the sync's own updates (the bench vacuums before the sync as well).
    deleted = true;
    for (const { table, where } of [...INSERTED].reverse()) await db.$executeRawUnsafe(`DELETE FROM "${table}" WHERE ${where}`, integrationId);
    await db.$executeRawUnsafe(`VACUUM ${all.map((t) => `"${t}"`).join(", ")}`);
    for (const { table } of INSERTED) await timed(table, `INSERT INTO "${table}" SELECT * FROM ${copyOf(table)}`);
    await timed(
      "SwitchboardUser",
      `UPDATE "SwitchboardUser" u SET ${USER_COLUMNS.map((c) => `${c} = c.${c}`).join(", ")}
       FROM ${copyOf("SwitchboardUser")} c WHERE u.id = c.id`,
    );
  } catch (error) {
    // Puts back what a failed statement left out; should that fail too, the copies stay for a person.
    if (deleted) {
      copiesNeeded = true;
      for (const { table } of INSERTED) await db.$executeRawUnsafe(`INSERT INTO "${table}" SELECT * FROM ${copyOf(table)} ON CONFLICT (id) DO NOTHING`);
      copiesNeeded = false;
    }
    throw error;
  } finally {
    if (!copiesNeeded) for (const table of all) await db.$executeRawUnsafe(`DROP TABLE IF EXISTS ${copyOf(table)}`);
  }
  const values = Object.values(tables);
  return { ms: values.reduce((sum, t) => sum + t.ms, 0), rows: values.reduce((sum, t) => sum + t.rows, 0), tables };
}
