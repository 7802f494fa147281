import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { runScript } from "@/lib/testing/run-script";

// A release script runs `npm run db:migrate:status` to learn whether the database is behind: it must
// say so in its exit code, not only in a printout.

it("status exits 1 and names what is not applied on a database that is behind, 0 once it is up to date", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrate-status-"));
  const env = { DATABASE_URL: `pglite:${path.join(dir, "pglite")}` };
  try {
    const behind = await runScript("scripts/migrate.mjs", ["status"], env);
    const migrations = fs.readdirSync("prisma/migrations").filter((name) => /^\d{14}_/.test(name));
    expect(behind.status).toBe(1);
    expect(behind.stdout).toContain(`${migrations.length} migration(s) not applied yet (npm run db:migrate:deploy): ${migrations.sort().join(", ")}`);
    expect((await runScript("scripts/migrate.mjs", ["deploy"], env)).status).toBe(0);
    expect(await runScript("scripts/migrate.mjs", ["status"], env)).toMatchObject({ status: 0, stdout: "database schema is up to date\n" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
