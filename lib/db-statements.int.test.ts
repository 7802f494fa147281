import { Pool } from "pg";
import { inPoolTransaction } from "@/lib/db";
import { describeStatementDriver } from "@/lib/testing/statement-driver-contract";

// Production writes sync batches through the pg pool directly, on a real PostgreSQL.
describeStatementDriver("PostgreSQL", async () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  return {
    run: (statements, options) => inPoolTransaction(pool, statements, options),
    read: async (text) => (await pool.query(text)).rows,
    close: () => pool.end(),
  };
});
