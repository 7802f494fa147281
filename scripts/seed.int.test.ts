import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_ACCOUNTS } from "@/lib/seed/constants";
import { uniqueId } from "@/lib/testing/fixtures";
import { runScript, type ScriptResult } from "@/lib/testing/run-script";

// `npm start` and `npm run db:seed` are the local demo. Pointed by mistake at a customer database,
// they must not add demo logins to it: one is a support login that reads every customer.

const root = path.resolve(import.meta.dirname, "..");
const runSeed = (env: Record<string, string>, argv: string[] = []) => runScript("scripts/seed.ts", argv, env);

/** `npm start` as a user runs it, in its own process group so whatever it started is stopped with it. */
function runLauncher(dataDir: string, env: Record<string, string>): Promise<ScriptResult> {
  const port = 41_000 + (process.pid % 1000);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/start.mjs", "--port", String(port), "--emulator-port", String(port + 1000), "--data-dir", dataDir], {
      cwd: root,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 90_000);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, "SIGKILL"); // anything it left running
      } catch {
        /* the group is gone */
      }
      resolve({ status: code ?? (signal ? 1 : 0), stdout, stderr });
    });
  });
}

/** A database of its own for a test that needs one empty or one it may break, dropped afterwards. */
async function withScratchDatabase(test: (url: string, client: pg.Client) => Promise<void>): Promise<void> {
  const name = `scratch_${process.pid}_${Date.now()}`;
  const url = new URL(process.env.DATABASE_URL!);
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
    await test(url.toString(), client);
  } finally {
    await client.end().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

const REFUSED = /refused: this PostgreSQL database already holds \d+ solution\(s\) besides the demo's/;

describe("npm run db:seed against PostgreSQL", () => {
  it("refuses a database that holds customers' solutions, and adds or changes no login", async () => {
    await db.solution.create({ data: { id: uniqueId("customer"), name: "A customer", region: "SE" } });
    const logins = () => db.account.findMany({ where: { email: { in: Object.values(DEMO_ACCOUNTS).map((a) => a.email) } }, select: { email: true, passwordHash: true } });
    const before = await logins();

    const result = await runSeed({ DEMO_PASSWORD: "a-password-nobody-should-get" });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(REFUSED);
    expect(result.stderr).toContain("Point DATABASE_URL at an empty database");
    expect(await logins()).toEqual(before);
  });

  it("--check-only passes a database not migrated yet, and creates nothing in it", async () => {
    await withScratchDatabase(async (url, client) => {
      const result = await runSeed({ DATABASE_URL: url, DEMO_PASSWORD: "" }, ["--check-only"]);
      expect(result).toMatchObject({ status: 0, stderr: "" });
      const tables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      expect(tables.rows).toEqual([]);
    });
  });

});

describe("npm start against PostgreSQL", () => {
  it("refuses a database that holds customers' solutions before it migrates it", async () => {
    await withScratchDatabase(async (url, client) => {
      // A customer database one migration behind: its table and its row in _prisma_migrations are missing.
      expect((await runScript("scripts/migrate.mjs", ["deploy"], { DATABASE_URL: url })).status).toBe(0);
      await client.query(`INSERT INTO "Solution" (id, name, region) VALUES ('customer-x', 'A customer', 'SE')`);
      await client.query(`DROP TABLE "SignInThrottle"`);
      await client.query(`DELETE FROM "_prisma_migrations" WHERE migration_name LIKE '%\\_sign\\_in\\_throttle'`);
      const migrations = async () => (await client.query(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`)).rows;
      const before = await migrations();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "seed-int-start-"));
      try {
        const result = await runLauncher(dataDir, { DATABASE_URL: url });
        expect(result.status).not.toBe(0);
        expect(result.stderr).toMatch(REFUSED);
        expect(result.stdout).not.toContain("applied:");
        expect(await migrations()).toEqual(before);
        expect((await client.query(`SELECT to_regclass('"SignInThrottle"')::text AS t`)).rows).toEqual([{ t: null }]);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
