import "server-only";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { lockEmbeddedDatabase, unlockEmbeddedDatabase } from "@/lib/pglite-lock.mjs";

// Secrets never leave the database unless a query asks for them by name.
const omit = { account: { passwordHash: true }, integration: { clientSecretEnc: true } } as const;

/** The longest a Prisma transaction, or one statement of runStatements, may run: a stuck one fails the run. */
const TRANSACTION_TIMEOUT_MS = 120_000;
/** The longest to wait for a free connection (Prisma's maxWait, and the pool's own for runStatements). */
const CONNECTION_WAIT_MS = 30_000;

function createClient(url: string) {
  // PGlite allows one process per data folder, so only the portal server (or one script) opens it.
  let adapter;
  if (url.startsWith("pglite:")) {
    const dir = url.slice("pglite:".length);
    lockEmbeddedDatabase(dir);
    globalForDb.pgliteDir = dir;
    globalForDb.pglite = new PGlite(dir);
    adapter = new PrismaPGlite(globalForDb.pglite);
  } else {
    // Our pool, so bulk statements (runStatements) can use it too; Prisma ends it on disconnect. The
    // client-side query timeout also covers a server or network that stops answering altogether.
    const pool = new Pool({ connectionString: url, max: 10, connectionTimeoutMillis: CONNECTION_WAIT_MS, query_timeout: TRANSACTION_TIMEOUT_MS, keepAlive: true });
    // An idle connection the server drops must not crash the process before Prisma adds its own listener.
    pool.on("error", (error) => console.error("[db] idle connection lost:", error.message));
    globalForDb.pool = pool;
    adapter = new PrismaPg(pool, { disposeExternalPool: true });
  }
  // Prisma's defaults (2 s to start a transaction, 5 s to finish it) are timers on this process's event
  // loop: a sync planning 100k users keeps the loop busy for seconds while the snapshot's batches are
  // in flight, and a 5,000-row batch on a loaded database can take longer than 5 s.
  return new PrismaClient({ adapter, omit, transactionOptions: { maxWait: CONNECTION_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS } });
}

export type Db = ReturnType<typeof createClient>;

const globalForDb = globalThis as unknown as { db?: Db; pglite?: PGlite; pgliteDir?: string; pool?: Pool };

function getDb(): Db {
  // Created on first use, never at import: `next build` imports route modules and must not need
  // runtime secrets or open the embedded database.
  globalForDb.db ??= createClient(env().DATABASE_URL);
  return globalForDb.db;
}

export const db: Db = new Proxy({} as Db, {
  get(_, prop) {
    const client = getDb();
    const value = Reflect.get(client, prop);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/** For scripts: Prisma's disconnect leaves an embedded PGlite open, which keeps the process alive. */
export async function disconnectDb() {
  await globalForDb.db?.$disconnect();
  await globalForDb.pglite?.close();
  // Closed: another process (the next benchmark phase) may open the folder now.
  if (globalForDb.pgliteDir) unlockEmbeddedDatabase(globalForDb.pgliteDir);
  globalForDb.db = undefined;
  globalForDb.pglite = undefined;
  globalForDb.pgliteDir = undefined;
  globalForDb.pool = undefined;
}

/** A SQL statement with $1… placeholders: what `Prisma.sql` builds (`.text`, `.values`). */
export type Statement = { text: string; values: unknown[] };

// Dates travel as ISO text: a timestamp column then stores UTC whatever the process's time zone
// (pg would send local time with an offset, which a column without time zone drops).
const driverValues = (values: unknown[]) => values.map((v) => (v instanceof Date ? v.toISOString() : v));

export type StatementOptions = {
  /** Off for writes a crash may lose without harm (see lib/sync/write-batches.ts). */
  synchronousCommit?: boolean;
  /** Each statement is cancelled after this long (default: Prisma's transaction timeout). */
  timeoutMs?: number;
  /**
   * Run first in the transaction; when the last returns no row, `refuse()` is thrown and nothing is
   * written (e.g. a lock, then a check that the lease is still ours).
   */
  guard?: { statements: Statement[]; refuse: () => Error };
};

/** The transaction's own settings, ahead of its statements. */
function settingsFor(options: StatementOptions): Statement[] {
  const settings = [`SET LOCAL statement_timeout = ${Math.trunc(options.timeoutMs ?? TRANSACTION_TIMEOUT_MS)}`];
  if (options.synchronousCommit === false) settings.push("SET LOCAL synchronous_commit = off");
  return settings.map((text) => ({ text, values: [] }));
}

/**
 * Statements in one transaction, straight to the driver; returns each one's affected row count.
 * For the sync's bulk writes only: Prisma serialises a raw query's parameters to JSON and parses
 * them back, so a 5,000-row batch (one multi-megabyte JSON parameter) was copied three times over
 * before it left the process — seconds of CPU in a 100k-user sync.
 */
export async function runStatements(statements: Statement[], options: StatementOptions = {}): Promise<number[]> {
  getDb(); // opens the pool or the embedded database
  return globalForDb.pglite ? inPgliteTransaction(globalForDb.pglite, statements, options) : inPoolTransaction(globalForDb.pool!, statements, options);
}

/**
 * The rows of one read, straight from the driver. For the sync's bulk reads only (100k switchboard
 * users and their numbers): Prisma builds each row twice over, which for that size is most of the
 * read's CPU and a passing 100 MB of memory.
 */
export async function queryRows<T>(statement: Statement): Promise<T[]> {
  getDb(); // opens the pool or the embedded database
  const values = driverValues(statement.values);
  if (globalForDb.pglite) return (await globalForDb.pglite.query<T>(statement.text, values)).rows;
  return (await globalForDb.pool!.query(statement.text, values)).rows as T[];
}

/**
 * A query's one text column `t` (a string_agg with E'\n' between rows), one line each: 100k rows as
 * one string cost a fraction of 100k row objects.
 */
export async function queryLines(statement: Statement): Promise<string[]> {
  const [row] = await queryRows<{ t: string | null }>(statement);
  return row?.t ? row.t.split("\n") : [];
}

/** PGlite's transaction() waits for Prisma's (its adapter uses the same one): never interleaved. */
export function inPgliteTransaction(pglite: PGlite, statements: Statement[], options: StatementOptions = {}): Promise<number[]> {
  return pglite.transaction(async (tx) => {
    for (const s of settingsFor(options)) await tx.query(s.text);
    if (options.guard) {
      let rows = 0;
      for (const g of options.guard.statements) rows = (await tx.query(g.text, driverValues(g.values))).rows.length;
      if (rows === 0) throw options.guard.refuse();
    }
    const counts: number[] = [];
    for (const s of statements) counts.push((await tx.query(s.text, driverValues(s.values))).affectedRows ?? 0);
    return counts;
  });
}

export async function inPoolTransaction(pool: Pool, statements: Statement[], options: StatementOptions = {}): Promise<number[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    for (const s of settingsFor(options)) await client.query(s.text);
    if (options.guard) {
      let rows = 0;
      for (const g of options.guard.statements) rows = (await client.query(g.text, driverValues(g.values))).rows.length;
      if (rows === 0) throw options.guard.refuse();
    }
    const counts: number[] = [];
    for (const s of statements) counts.push((await client.query(s.text, driverValues(s.values))).rowCount ?? 0);
    await client.query("COMMIT");
    return counts;
  } catch (error) {
    // A connection that cannot even roll back is dropped rather than returned to the pool.
    await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw error;
  } finally {
    client.release(broken);
  }
}
