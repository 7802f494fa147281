import "server-only";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// Secrets never leave the database unless a query asks for them by name.
const omit = { account: { passwordHash: true }, integration: { clientSecretEnc: true } } as const;

function createClient(url: string) {
  // PGlite allows one process per data folder, so only the portal server (or one script) opens it.
  let adapter;
  if (url.startsWith("pglite:")) {
    globalForDb.pglite = new PGlite(url.slice("pglite:".length));
    adapter = new PrismaPGlite(globalForDb.pglite);
  } else {
    adapter = new PrismaPg({ connectionString: url, max: 10 });
  }
  // Prisma's defaults (2 s to start a transaction, 5 s to finish it) are timers on this process's event
  // loop: a sync planning 100k users keeps the loop busy for seconds while the snapshot's batches are
  // in flight, and a 5,000-row batch on a loaded database can take longer than 5 s.
  return new PrismaClient({ adapter, omit, transactionOptions: { maxWait: 30_000, timeout: 120_000 } });
}

export type Db = ReturnType<typeof createClient>;

const globalForDb = globalThis as unknown as { db?: Db; pglite?: PGlite };

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
  globalForDb.db = undefined;
  globalForDb.pglite = undefined;
}
