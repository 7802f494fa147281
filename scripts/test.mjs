// `npm test`: unit tests, integration tests against a real PostgreSQL and the emulator, then browser
// tests in Chromium against the portal started the way `npm start` starts it. Ends with one summary line.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { findChromium } from "./chromium.mjs";
import { assertLocalDatabase, ensureTestDatabase, redact, resetDatabase } from "./test-postgres.mjs";

const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, "test-results");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function run(cmd, argv, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, env, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function fail(message) {
  console.error(`\n${message}\n`);
  console.log("npm test: FAILED before any test ran");
  process.exit(1);
}

const chromium = findChromium();
if (!chromium.path) fail(chromium.message);

let databaseUrl;
try {
  databaseUrl = await ensureTestDatabase();
  assertLocalDatabase(databaseUrl);
} catch (error) {
  fail(error.message);
}
console.log(`[test] PostgreSQL: ${redact(databaseUrl)}  Chromium: ${chromium.path}`);

fs.rmSync(results, { recursive: true, force: true });
fs.mkdirSync(results, { recursive: true });

const env = {
  ...process.env,
  NODE_ENV: "test",
  DATABASE_URL: databaseUrl,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  SECRET_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  CRON_SECRET: randomBytes(24).toString("base64url"),
  CHROMIUM_PATH: chromium.path,
  NEXT_TELEMETRY_DISABLED: "1",
  CHECKPOINT_DISABLE: "1",
};

// Vitest's integration setup wipes and migrates the database itself.
const vitestCode = await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${path.join(results, "vitest.json")}`], env);

// The browser tests start the portal on a freshly migrated and seeded copy of the same database.
await resetDatabase(databaseUrl);
const { NODE_ENV: _ignored, ...e2eEnv } = env; // the portal runs as production, like `npm start`
const playwrightCode = await run(bin("playwright"), ["test"], e2eEnv);

const v = readJson(path.join(results, "vitest.json"));
const p = readJson(path.join(results, "playwright.json"));
const vitest = v ? `vitest ${v.numPassedTests} passed, ${v.numFailedTests} failed, ${v.numPendingTests + (v.numTodoTests ?? 0)} skipped` : "vitest did not report";
const playwright = p
  ? `playwright ${p.stats.expected} passed, ${p.stats.unexpected} failed, ${p.stats.flaky} flaky, ${p.stats.skipped} skipped`
  : "playwright did not report";
const ok = vitestCode === 0 && playwrightCode === 0;
console.log(`\nnpm test: ${ok ? "PASSED" : "FAILED"} — ${vitest}; ${playwright}`);
process.exit(ok ? 0 : 1);
