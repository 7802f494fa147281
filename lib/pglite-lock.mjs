// The embedded database (PGlite) is a folder that one process may open at a time: a second process
// writing to it (`npm run db:seed` while the portal runs) can leave it unopenable. Whoever opens it
// holds `<folder>.lock` (its pid) until it exits; another process is refused with what to do. A lock
// whose process is gone (a crash) is taken over.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const held = new Set();

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM"; // alive, someone else's
  }
}

/** The pid a lock file names: undefined when the file is gone, null when it names none (a torn write). */
function holder(file) {
  try {
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (error) {
    if (error.code === "ENOENT") return undefined;
    throw error;
  }
}

function refusal(dir, pid, lockPath) {
  return new Error(
    `The embedded database in ${dir} is open in another process (pid ${pid}, most likely the portal of npm start): ` +
      "it can be opened by one process at a time. Stop that process first, or point DATABASE_URL at a PostgreSQL database. " +
      `If no such process of yours is running (the pid was reused after a crash), delete ${lockPath}.`,
  );
}

/** The lock file of a folder, the same for every path that names it (a symlink, a relative path). */
function lockFileOf(dir) {
  const resolved = path.resolve(dir);
  fs.mkdirSync(path.dirname(resolved), { recursive: true });
  return `${path.join(fs.realpathSync(path.dirname(resolved)), path.basename(resolved))}.lock`;
}

/** Takes the embedded database folder `dir` for this process, or throws saying who has it. */
export function lockEmbeddedDatabase(dir) {
  if (dir.startsWith("memory://")) return;
  const lockPath = lockFileOf(dir);
  if (held.has(lockPath)) return;
  for (let attempt = 0; attempt < 10; attempt++) {
    // Linked into place with its pid already written: no process ever reads an empty lock.
    const mine = `${lockPath}.${randomUUID()}`;
    fs.writeFileSync(mine, String(process.pid));
    try {
      fs.linkSync(mine, lockPath);
      held.add(lockPath);
      if (held.size === 1) process.on("exit", releaseAll);
      return;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    } finally {
      fs.rmSync(mine, { force: true });
    }
    const pid = holder(lockPath);
    if (pid === undefined) continue; // released meanwhile
    // Taken over when it names no live process: none (a torn write), a gone one, or this very process
    // (a crashed process's pid that came back; this process does not hold it).
    if (pid !== null && pid !== process.pid && alive(pid)) throw refusal(dir, pid, lockPath);
    // Its process is gone: moved aside (one process wins the rename), then checked that what moved is
    // that dead process's lock and not a live one another process took in between.
    const aside = `${lockPath}.stale-${randomUUID()}`;
    try {
      fs.renameSync(lockPath, aside);
    } catch (error) {
      if (error.code === "ENOENT") continue;
      throw error;
    }
    const moved = holder(aside);
    if (moved && moved !== pid && moved !== process.pid && alive(moved)) {
      try {
        fs.linkSync(aside, lockPath); // put the live one back
      } finally {
        fs.rmSync(aside, { force: true });
      }
      throw refusal(dir, moved, lockPath);
    }
    fs.rmSync(aside, { force: true });
  }
  throw new Error(`Could not take the lock of the embedded database in ${dir}: other processes keep taking it (${lockPath}).`);
}

function release(lockPath) {
  // Only a lock that is still this process's: never one another process has taken over since.
  if (holder(lockPath) === process.pid) fs.rmSync(lockPath, { force: true });
}

/** Gives the folder back (a script that closes the database before it exits). */
export function unlockEmbeddedDatabase(dir) {
  if (dir.startsWith("memory://")) return;
  const lockPath = lockFileOf(dir);
  if (!held.delete(lockPath)) return;
  release(lockPath);
}

function releaseAll() {
  for (const lockPath of held) release(lockPath);
  held.clear();
}
