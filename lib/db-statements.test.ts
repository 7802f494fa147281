import { PGlite } from "@electric-sql/pglite";
import { inPgliteTransaction } from "@/lib/db";
import { describeStatementDriver } from "@/lib/testing/statement-driver-contract";

// The embedded default (npm start) writes sync batches through PGlite directly.
describeStatementDriver("the embedded PGlite", async () => {
  const pglite = new PGlite();
  return {
    run: (statements, options) => inPgliteTransaction(pglite, statements, options),
    read: async (text) => (await pglite.query<Record<string, unknown>>(text)).rows,
    close: () => pglite.close(),
  };
  // PGlite runs PostgreSQL single-threaded in WebAssembly, without the timer that cancels a slow
  // statement: statement_timeout is accepted and does nothing there (measured: pg_sleep(5) ran out).
}, { cancelsSlowStatements: false });
