// Prisma migrations without the native schema engine (its download fails offline): drives
// @prisma/schema-engine-wasm through a driver adapter and writes the same migration folders and
// _prisma_migrations rows as the Prisma CLI: the schema engine compiled to WebAssembly needs no download,
// and the driver adapter is @electric-sql/pglite 0.4.3 + pglite-prisma-adapter for the embedded database,
// @prisma/adapter-pg for PostgreSQL. `status` exits 1 when the database is behind (or its history is off).
// usage: dev <name> | deploy | status; DATABASE_URL = postgres://… | pglite:<dir> (default pglite:.data/pglite)
import fs from "node:fs/promises"; import path from "node:path"; import { createRequire } from "node:module"; import { fileURLToPath } from "node:url";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { lockEmbeddedDatabase } from "../lib/pglite-lock.mjs";
/** `status` for people and release scripts: one line each, exit 1 when the database is not up to date. */
function report({ history, failedMigrationNames: failed, editedMigrationNames: edited }) {
  const problems = [
    // Behind: deploy catches up. Anything else (histories that diverge, migrations only the database
    // has) is named as Prisma names it, with the migrations it concerns.
    ...(history?.diagnostic === "databaseIsBehind" ? [`${history.unappliedMigrationNames.length} migration(s) not applied yet (npm run db:migrate:deploy): ${history.unappliedMigrationNames.join(", ")}`] : []),
    ...(history && history.diagnostic !== "databaseIsBehind" ? [`migration history: ${history.diagnostic} ${JSON.stringify({ ...history, diagnostic: undefined })}`] : []),
    ...(failed.length ? [`failed: ${failed.join(", ")}`] : []),
    ...(edited.length ? [`edited after they were applied: ${edited.join(", ")}`] : []),
  ];
  console.log(problems.length ? problems.join("\n") : "database schema is up to date");
  return problems.length ? 1 : 0;
}
const SCHEMA = path.resolve("prisma/schema.prisma"), DIR = path.resolve("prisma/migrations");
const filters = { externalTables: [], externalEnums: [] };

/** pg settings for DATABASE_URL, or for another database on its server: the URL itself, so sslmode,
 * sslrootcert and the rest reach pg as they reach the portal's pool (lib/db.ts), not only host and login. */
export function pgConfig(url, database) {
  if (database === undefined) return { connectionString: url };
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return { connectionString: u.toString() };
}

async function adapterFactory(url) {
  if (url.startsWith("postgres")) {
    const { PrismaPg } = await import("@prisma/adapter-pg"), { default: pg } = await import("pg");
    const cfg = pgConfig(url);
    const f = new PrismaPg(cfg);
    f.connectToShadowDb = async () => { // own shadow DB: adapter-pg 7.10 drops it while connected
      const db = `prisma_shadow_${process.pid}_${Date.now()}`, admin = new pg.Client(cfg);
      await admin.connect(); await admin.query(`CREATE DATABASE "${db}"`);
      const a = await new PrismaPg(pgConfig(url, db)).connect(), dispose = a.dispose.bind(a);
      a.dispose = async () => { await dispose(); await admin.query(`DROP DATABASE IF EXISTS "${db}"`); await admin.end(); };
      return a;
    };
    return f;
  }
  if (url.startsWith("pglite:")) {
    const { PGlite } = await import("@electric-sql/pglite"), { PrismaPGlite } = await import("pglite-prisma-adapter");
    const dir = url.slice(7); if (!dir.startsWith("memory://")) await fs.mkdir(dir, { recursive: true });
    lockEmbeddedDatabase(dir);
    return new PrismaPGlite(new PGlite(dir));
  }
  throw new Error(`DATABASE_URL must start with postgres:// or pglite: (got "${url.split(":")[0]}:")`);
}

function patched(f) {
  const pgChar = (a) => { // adapter-pg: no mapping for "char" (oid 18)
    if (f.provider === "postgres" && a.performIO) { const io = a.performIO.bind(a);
      a.performIO = async (q) => { const r = await io(q); for (const c of r.fields ?? []) if (c.dataTypeID === 18) c.dataTypeID = 25; return r; }; }
    return a;
  };
  const script = (a) => new Proxy(a, { get: (t, p) => p === "executeRaw"
    ? async (q) => (q.args?.length ? t.executeRaw(q) : (await t.executeScript(q.sql), 0)) // multi-statement replay
    : typeof t[p] === "function" ? t[p].bind(t) : t[p] });
  return new Proxy(f, { get: (t, p) =>
    p === "connect" ? async () => pgChar(await t.connect())
    : p === "connectToShadowDb" ? async () => script(pgChar(await t.connectToShadowDb()))
    : typeof t[p] === "function" ? t[p].bind(t) : t[p] });
}

async function migrations() {
  const lock = await fs.readFile(path.join(DIR, "migration_lock.toml"), "utf8").catch(() => null);
  const names = (await fs.readdir(DIR, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const migrationDirectories = await Promise.all(names.map(async (n) => ({ path: n, migrationFile: { path: "migration.sql",
    content: await fs.readFile(path.join(DIR, n, "migration.sql"), "utf8").then((value) => ({ tag: "ok", value }), (e) => ({ tag: "error", value: e.message })) } })));
  return { baseDir: DIR, lockfile: { path: "migration_lock.toml", content: lock }, migrationDirectories, shadowDbInitScript: "" };
}

async function main() {
  const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const panic = (globalThis.PRISMA_WASM_PANIC_REGISTRY = { message: "", set_message(m) { this.message = m; } });
  process.on("exit", () => panic.message && console.error("engine panic:", panic.message));
  const [cmd, name = "migration"] = process.argv.slice(2);
  const schema = { files: [{ path: SCHEMA, content: await fs.readFile(SCHEMA, "utf8") }] };
  let engine, registry, rc = 0;
  try {
    const wasm = path.join(path.dirname(createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    const inst = new WebAssembly.Instance(new WebAssembly.Module(await fs.readFile(wasm)), { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(inst.exports); inst.exports.__wbindgen_start();
    const factory = bindMigrationAwareSqlAdapterFactory(patched(await adapterFactory(process.env.DATABASE_URL ?? "pglite:.data/pglite")));
    registry = factory.errorRegistry;
    engine = await glue.SchemaEngine.new({ datamodels: [[SCHEMA, schema.files[0].content]] }, (m) => process.env.DEBUG && console.error(m), factory);
    const apply = async () => (await engine.applyMigrations({ migrationsList: await migrations(), filters })).appliedMigrationNames;
    if (cmd === "deploy") console.log("applied:", await apply());
    else if (cmd === "status") rc = report(await engine.diagnoseMigrationHistory({ migrationsList: await migrations(), optInToShadowDatabase: false, filters }));
    else if (cmd === "dev") {
      const list = await migrations(); // P1014 = fresh DB
      const diag = await engine.devDiagnostic({ migrationsList: list, filters }).catch(async (e) => {
        if (e?.code !== "P1014") throw e; console.log("applied:", await apply()); return engine.devDiagnostic({ migrationsList: list, filters }); });
      if (diag.action.tag === "reset") throw new Error("drift, reset needed: " + diag.action.reason);
      const pending = await apply(); if (pending.length) console.log("applied:", pending);
      await engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: true, filters }); // warms createMigration's cache
      const out = await engine.createMigration({ draft: false, migrationName: name, migrationsList: list, schema, filters });
      if (out.migrationScript === null) console.log("schema in sync, no migration");
      else {
        await fs.mkdir(path.join(DIR, out.generatedMigrationName), { recursive: true });
        await fs.writeFile(path.join(DIR, out.generatedMigrationName, "migration.sql"), out.migrationScript);
        await fs.writeFile(path.join(DIR, "migration_lock.toml"), `provider = "${out.connectorType}"\n`);
        console.log("created + applied:", await apply());
      }
    } else { console.error("usage: dev <name> | deploy | status"); rc = 2; }
  } catch (e) {
    const id = /External error id#(\d+)/.exec(e?.message)?.[1];
    console.error("migrate error:", e?.code ?? "", e?.message ?? e, id ? registry?.consumeError(+id)?.error : "");
    rc = 1;
  } finally { engine?.free(); setImmediate(() => process.exit(rc)); } // PGlite: handles + exitCode 99
}

// Run as a command; imported (by its test) it only provides pgConfig.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
