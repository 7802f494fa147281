import { spawnSync } from "node:child_process";
import path from "node:path";
import { assertLocalDatabase, resetDatabase } from "../../scripts/test-postgres.mjs";

// Integration tests run against a real PostgreSQL, migrated from the committed migrations, never a mock.
export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    throw new Error("Integration tests need DATABASE_URL=postgres://… (npm test provides one; see README 'Tests').");
  }
  assertLocalDatabase(url);
  await resetDatabase(url);
  const root = path.resolve(import.meta.dirname, "../..");
  const migrate = spawnSync(process.execPath, ["scripts/migrate.mjs", "deploy"], { cwd: root, env: process.env, encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(`migrate deploy failed:\n${migrate.stdout}\n${migrate.stderr}`);
}
