import fs from "node:fs";
import path from "node:path";

/**
 * Where the emulator keeps what must survive restarts (TLS material, generated app secrets).
 * The default sits under the repo's git-ignored `.data/` so nothing secret is ever committed.
 * Resolved from the working directory because npm scripts, vitest and the app launcher all run
 * from the repo root, while `import.meta.url` is unreliable once a bundler has moved the module.
 */
export function resolveDataDir(dir?: string): string {
  const chosen = dir ?? process.env.EMULATOR_DATA_DIR ?? path.join(process.cwd(), ".data", "emulator");
  const absolute = path.resolve(chosen);
  fs.mkdirSync(absolute, { recursive: true, mode: 0o700 });
  // Keys and app secrets stay out of git wherever EMULATOR_DATA_DIR puts them.
  const ignore = path.join(absolute, ".gitignore");
  if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, "# TLS keys and generated app secrets: never committed.\n*\n");
  return absolute;
}
