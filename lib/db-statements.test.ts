import { PGlite } from "@electric-sql/pglite";
import { inPgliteTransaction } from "@/lib/db";
import { describeStatementDriver } from "@/lib/testing/statement-driver-contract";

// The embedded default (npm start) writes sync batches through PGlite directly.
describeStatementDriver("the embedded PGlite", async () => {
  const pglite = new PGlite();
  return {
    run: (statements) => inPgliteTransaction(pglite, statements),
    read: async (text) => (await pglite.query<Record<string, unknown>>(text)).rows,
    close: () => pglite.close(),
  };
});
