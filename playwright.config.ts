import { randomBytes } from "node:crypto";
import { defineConfig } from "@playwright/test";
import { findChromium } from "./scripts/chromium.mjs";
import { loadLocalSecrets } from "./scripts/local-config.mjs";
import { assertLocalDatabase } from "./scripts/test-postgres.mjs";

// Browser tests drive the portal started exactly as `npm start` starts it, on its own port and data folder.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const DATA_DIR = ".data/e2e";
const baseURL = `http://localhost:${PORT}`;

if (process.env.DATABASE_URL) assertLocalDatabase(process.env.DATABASE_URL);
// The launcher generates the demo password into the data folder; the tests read the same file.
process.env.DEMO_PASSWORD = loadLocalSecrets(DATA_DIR).DEMO_PASSWORD;
const chromium = findChromium();
if (!chromium.path) throw new Error(chromium.message);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL,
    // The client address sign-in limits count wrong passwords by (lib/auth/sign-in-throttle.ts): one
    // per run, so that runs against a kept data folder do not add up to a paused localhost.
    extraHTTPHeaders: { "x-forwarded-for": `2001:db8::${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}` },
    trace: "on-first-retry",
    launchOptions: {
      executablePath: chromium.path,
      // Root in a container needs --no-sandbox; the rest stops Chromium calling Google on a closed network.
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    { name: "chromium", dependencies: ["setup"], testMatch: /.*\.spec\.ts/ },
  ],
  webServer: {
    command: `node scripts/start.mjs --port ${PORT} --data-dir ${DATA_DIR} --emulator-port ${PORT + 443}`,
    url: `${baseURL}/sign-in`,
    timeout: 300_000,
    reuseExistingServer: false,
    // The launcher prints the generated demo password for a person at a terminal; CI logs do not need
    // it (the tests read it from the data folder). Its errors go to stderr, which stays in the log.
    stdout: "ignore",
    stderr: "pipe",
    // HOST pinned: the launcher's default (localhost) is what a browser test checks, whatever the shell has.
    env: { LOCAL_SCHEDULER_INTERVAL_SECONDS: "3600", HOST: "localhost" },
  },
});
