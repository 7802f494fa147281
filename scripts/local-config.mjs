// Local secrets for the embedded default: generated once into a git-ignored file, so `npm start` on a
// fresh clone needs no .env and a restart keeps sessions, encrypted client secrets and demo logins.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const GENERATED = {
  AUTH_SECRET: () => randomBytes(32).toString("base64url"),
  SECRET_ENCRYPTION_KEY: () => randomBytes(32).toString("base64"),
  CRON_SECRET: () => randomBytes(24).toString("base64url"),
  DEMO_PASSWORD: () => `demo-${randomBytes(6).toString("hex")}`,
};

/**
 * Read-only counterpart of loadLocalSecrets for tools that talk to a portal `npm start` launched:
 * `<dataDir>/local-secrets.json` with the environment winning over it, or null when there is no such
 * file (this never creates it).
 */
export function readLocalSecrets(dataDir) {
  const file = path.join(dataDir, "local-secrets.json");
  if (!fs.existsSync(file)) return null;
  const stored = JSON.parse(fs.readFileSync(file, "utf8"));
  const merged = { ...stored };
  for (const key of Object.keys(GENERATED)) if (process.env[key]) merged[key] = process.env[key];
  return merged;
}

/** A folder that holds secrets keeps itself out of git, wherever --data-dir puts it. */
function ignoreInGit(dir) {
  const file = path.join(dir, ".gitignore");
  if (!fs.existsSync(file)) fs.writeFileSync(file, "# Generated secrets and local data: never committed.\n*\n");
}

/** Reads `<dataDir>/local-secrets.json`, adding whatever is missing; the environment wins over the file. */
export function loadLocalSecrets(dataDir) {
  const file = path.join(dataDir, "local-secrets.json");
  // The embedded database inside holds password hashes: a folder made here is this user's only, like
  // the secrets file. One that exists (a shared volume, a folder someone chose) keeps its own mode.
  if (!fs.existsSync(dataDir)) fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  ignoreInGit(dataDir);
  const stored = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  let changed = false;
  for (const [key, make] of Object.entries(GENERATED)) {
    if (!stored[key]) {
      stored[key] = make();
      changed = true;
    }
  }
  if (changed) fs.writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 });
  const merged = { ...stored };
  for (const key of Object.keys(GENERATED)) if (process.env[key]) merged[key] = process.env[key];
  return merged;
}
