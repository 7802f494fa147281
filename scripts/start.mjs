// `npm start`: the embedded default on a fresh clone. Generates local secrets, starts the Microsoft
// Graph + Entra emulator, migrates and seeds the database, builds when sources changed, starts the
// portal and a local scheduler that calls the same cron route Vercel would, then prints the logins.
//   --dev            next dev instead of a production build
//   --port <n>       portal port (default $PORT or 3000)
//   --host <h>       address the portal listens on (default $HOST or localhost: the demo logins are
//                    printed here, so other machines reach the portal only when asked, e.g. 0.0.0.0)
//   --data-dir <d>   local state folder (default .data)
//   --connect-demo   also connect Demo AB to the emulated Entra tenant, so the scheduler syncs it
// DATABASE_URL (postgres://…) replaces the embedded PGlite database (one that holds solutions other than the
// demo's is refused before anything touches it); GRAPH_BASE_URL pointing at Microsoft turns the emulator off.
import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { loadLocalSecrets } from "./local-config.mjs";
import { needsBuild } from "./build-state.mjs";
import { startScheduler } from "./local-scheduler.mjs";

const { values: args } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    "connect-demo": { type: "boolean", default: false },
    port: { type: "string", default: process.env.PORT ?? "3000" },
    host: { type: "string", default: process.env.HOST ?? "localhost" },
    "data-dir": { type: "string", default: process.env.LOCAL_DATA_DIR ?? ".data" },
    "emulator-port": { type: "string", default: process.env.EMULATOR_PORT ?? "3443" },
  },
});

const root = path.resolve(import.meta.dirname, "..");
/** lib/seed/constants.ts DEMO_INTEGRATION.id (this launcher is plain JavaScript and does not import TypeScript). */
const DEMO_INTEGRATION_ID = "demo-ab-entra";
const dataDir = path.resolve(root, args["data-dir"]);
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const children = new Set();
const log = (msg) => console.log(`[start] ${msg}`);

function run(cmd, argv, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: root, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${argv[0]} exited with ${code}`))));
  });
}

function startLongRunning(cmd, argv, env, name) {
  const child = spawn(cmd, argv, { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
  children.add(child);
  child.on("exit", (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`[start] ${name} stopped unexpectedly (${signal ?? code}); shutting down.`);
      shutdown(1);
    }
  });
  return child;
}

/** Starts the emulator and resolves with the JSON line it prints first. */
function startEmulator(env) {
  const child = startLongRunning(bin("tsx"), ["scripts/emulator.ts", "--port", args["emulator-port"], "--json"], env, "emulator");
  const lines = readline.createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("emulator did not start within 60 s")), 60_000);
    lines.once("line", (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`emulator printed no JSON: ${line}`));
      }
      lines.on("line", (l) => console.log(`[emulator] ${l}`));
    });
  });
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

let stopping = false;
let stopScheduler = () => {};
function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  stopScheduler();
  for (const child of children) child.kill("SIGTERM");
  // PGlite flushes on a clean stop; give the portal a moment before exiting.
  setTimeout(() => process.exit(code), 3000).unref();
  if (children.size === 0) process.exit(code);
  for (const child of children) child.on("exit", () => children.size === 0 && process.exit(code));
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

async function main() {
  const secrets = loadLocalSecrets(dataDir);
  const port = Number(args.port);
  const host = args.host.replace(/^\[(.*)\]$/, "$1");
  const loopback = ["localhost", "127.0.0.1", "::1"].includes(host);
  // A wildcard address serves every interface; this machine still reaches it as localhost.
  const wildcard = ["0.0.0.0", "::"].includes(host);
  const baseUrl = `http://${host === "localhost" || wildcard ? "localhost" : host.includes(":") ? `[${host}]` : host}:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? `pglite:${path.join(dataDir, "pglite")}`,
    AUTH_SECRET: secrets.AUTH_SECRET,
    SECRET_ENCRYPTION_KEY: secrets.SECRET_ENCRYPTION_KEY,
    CRON_SECRET: secrets.CRON_SECRET,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? baseUrl,
    EMULATOR_DATA_DIR: path.join(dataDir, "emulator"),
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
  };

  if (/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
    // The seed's refusal of a database that holds solutions other than the demo's, read-only and first:
    // migrations would change a customer database's schema before the seed refused it.
    log("checking that the PostgreSQL database holds only the demo…");
    await run(bin("tsx"), ["--conditions=react-server", "scripts/seed.ts", "--check-only"], env);
  }

  let emulator;
  if (!process.env.GRAPH_BASE_URL) {
    log("starting the Microsoft Graph + Entra ID emulator…");
    emulator = await startEmulator(env);
    const provider = emulator.tenants.flatMap((t) => t.apps).find((a) => /provider/i.test(a.name));
    Object.assign(env, {
      // Node reads extra CAs only at process start: every child that talks to the emulator needs it.
      NODE_EXTRA_CA_CERTS: emulator.caCertPath,
      ENTRA_AUTHORITY_HOST: emulator.loginUrl,
      GRAPH_BASE_URL: emulator.graphUrl,
      ENTRA_PROVIDER_CLIENT_ID: provider?.clientId ?? "",
      ENTRA_PROVIDER_CLIENT_SECRET: provider?.clientSecret ?? "",
    });
  }

  log(`database: ${env.DATABASE_URL.startsWith("pglite:") ? "embedded PGlite in " + env.DATABASE_URL.slice(7) : "PostgreSQL"}`);
  await run(process.execPath, ["scripts/migrate.mjs", "deploy"], env);
  // The demo tenant exists only in the emulator: with GRAPH_BASE_URL set (Microsoft) there is none to connect.
  const connectDemo = args["connect-demo"] && Boolean(emulator);
  if (args["connect-demo"] && !emulator) log("--connect-demo ignored: GRAPH_BASE_URL is set, so the emulator and its demo tenant are off.");
  await run(bin("tsx"), ["--conditions=react-server", "scripts/seed.ts", ...(connectDemo ? ["--connect-demo"] : [])], { ...env, DEMO_PASSWORD: secrets.DEMO_PASSWORD });

  if (!args.dev && needsBuild(root)) {
    log("building the portal (first start or sources changed)…");
    await run(bin("next"), ["build"], env);
  }
  startLongRunning(bin("next"), [args.dev ? "dev" : "start", "-p", String(port), "-H", host], env, "portal").stdout.pipe(process.stdout);
  await waitForHttp(`${baseUrl}/sign-in`, 120_000);
  stopScheduler = startScheduler(baseUrl, secrets.CRON_SECRET, { everyMs: Number(process.env.LOCAL_SCHEDULER_INTERVAL_SECONDS ?? 60) * 1000, log });

  const tenant = emulator?.tenants?.[0];
  // As typed in another terminal: the flags this launcher was given that the command needs too.
  const syncCommand = [
    `npm run sync -- ${DEMO_INTEGRATION_ID}`,
    port !== 3000 ? `--port ${port}` : "",
    path.relative(root, dataDir) !== ".data" ? `--data-dir ${path.relative(root, dataDir)}` : "",
  ].filter(Boolean).join(" ");
  console.log(
    [
      "",
      `  Portal:    ${baseUrl}${loopback ? " (this machine only; --host 0.0.0.0 serves other machines)" : ` (listening on ${host}: other machines reach it too)`}`,
      "  Logins (password for all three: " + secrets.DEMO_PASSWORD + ")",
      "    admin of Demo AB        admin@demo-ab.example",
      "    admin of Fjordline AS   admin@fjordline.example",
      "    support                 support@switchboard.example",
      emulator ? `  Emulated Entra tenant: ${tenant?.domain} (${tenant?.id}), ${tenant?.userCount} users` : "",
      emulator ? `  Emulator: Graph ${emulator.graphUrl}, login ${emulator.loginUrl}` : "",
      `  Local scheduler: calls /api/cron/sync ${process.env.LOCAL_SCHEDULER_INTERVAL_SECONDS ?? 60} s after each answer`,
      connectDemo
        ? `  Demo AB is connected to the emulated tenant (integration ${DEMO_INTEGRATION_ID}): the scheduler syncs it within seconds;\n` +
          `    see Integrations → Entra ID, or sync it now from another terminal: ${syncCommand}`
        : "  To connect Demo AB to the emulated tenant (if it is not yet): npm start -- --connect-demo",
      wildcard && !process.env.NEXTAUTH_URL
        ? `  From another machine: start with NEXTAUTH_URL=http://<this machine's address>:${port}, so that signing in and out returns there`
        : "",
      process.env.DATABASE_URL
        ? "  Stop with Ctrl+C. The data lives in the DATABASE_URL database; local secrets in " + path.relative(root, dataDir) + "/."
        : "  Stop with Ctrl+C. Local state lives in " + path.relative(root, dataDir) + "/ (delete it to start over).",
      "",
    ]
      .filter((l) => l !== "")
      .join("\n"),
  );
}

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  shutdown(1);
});
