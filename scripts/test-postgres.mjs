// A real PostgreSQL for integration and browser tests: DATABASE_URL when given, otherwise the
// machine's installed PostgreSQL cluster, started and given a test role and database.
import { execFileSync } from "node:child_process";
import pg from "pg";

const ROLE = "switchboard_test";
const DATABASE = "switchboard_test";

const HOW_TO = `
Integration and browser tests need PostgreSQL. Either
  - set DATABASE_URL=postgres://user:password@127.0.0.1:5432/some_test_db (it will be wiped), or
  - install PostgreSQL (Debian: apt-get install -y postgresql) and run npm test as root or as a user
    allowed to run pg_ctlcluster and 'runuser -u postgres', so the tests can start it themselves.`;

function sh(cmd, argv) {
  return execFileSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * The first cluster `pg_lsclusters --no-header` lists ("16 main 5433 online postgres <data> <log>"),
 * with the test database's URL on that cluster's port: a second installed version listens on 5433.
 */
export function firstCluster(lsclustersOutput) {
  const line = lsclustersOutput.split("\n").find((l) => l.trim());
  if (!line) return null;
  const [version, name, port, status] = line.trim().split(/\s+/);
  return { version, name, port: Number(port), status, url: `postgres://${ROLE}:${ROLE}@127.0.0.1:${port}/${DATABASE}` };
}

function asPostgres(port, sql) {
  return sh("runuser", ["-u", "postgres", "--", "psql", "-p", String(port), "-v", "ON_ERROR_STOP=1", "-tAc", sql]).trim();
}

function startLocalCluster() {
  const cluster = firstCluster(sh("pg_lsclusters", ["--no-header"]));
  if (!cluster) throw new Error("no PostgreSQL cluster is installed");
  if (cluster.status !== "online") sh("pg_ctlcluster", [cluster.version, cluster.name, "start"]);
  if (asPostgres(cluster.port, `SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}'`) !== "1") {
    asPostgres(cluster.port, `CREATE ROLE ${ROLE} LOGIN PASSWORD '${ROLE}' CREATEDB`);
  }
  if (asPostgres(cluster.port, `SELECT 1 FROM pg_database WHERE datname = '${DATABASE}'`) !== "1") {
    asPostgres(cluster.port, `CREATE DATABASE ${DATABASE} OWNER ${ROLE}`);
  }
  return cluster.url;
}

/** Returns a postgres:// URL for tests, or throws with instructions. */
export async function ensureTestDatabase() {
  const given = process.env.DATABASE_URL;
  if (given && !/^postgres(ql)?:\/\//.test(given)) {
    throw new Error(`DATABASE_URL must be a postgres:// URL for tests (got ${given.split(":")[0]}:).${HOW_TO}`);
  }
  let url = given;
  if (!url) {
    try {
      url = startLocalCluster();
    } catch (error) {
      throw new Error(`Could not start the local PostgreSQL (${String(error.stderr || error.message).trim()}).${HOW_TO}`);
    }
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(`Cannot connect to ${redact(url)}: ${error.message}.${HOW_TO}`);
  } finally {
    await client.end().catch(() => {});
  }
  return url;
}

/** Drops and recreates the public schema: tests start from a migrated, empty database. */
export async function resetDatabase(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  } finally {
    await client.end();
  }
}

/** Tests wipe their database: refuse anything that is not on this machine. */
export function assertLocalDatabase(url) {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host) && process.env.ALLOW_REMOTE_TEST_DATABASE !== "1") {
    throw new Error(`Refusing to run tests against ${host}: tests wipe the database. Set ALLOW_REMOTE_TEST_DATABASE=1 to override.`);
  }
}

export function redact(url) {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}
