// The embedded database (PGlite) is a folder that one process may open at a time: a second process
// writing to it (`npm run db:seed` while the portal runs) can leave it unopenable. Whoever opens it
// holds `<folder>.lock` (its pid) until it exits; another process is refused with what to do. A lock
// whose process is gone (a crash) is taken over.
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

/** Takes the embedded database folder `dir` for this process, or throws saying who has it. */
export function lockEmbeddedDatabase(dir) {
  if (dir.startsWith("memory://")) return;
  const lockPath = `${path.resolve(dir)}.lock`;
  if (held.has(lockPath)) return;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (;;) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const pid = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (pid === process.pid) break;
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new Error(
          `The embedded database in ${dir} is open in another process (pid ${pid}, most likely the portal of npm start): ` +
            "it can be opened by one process at a time. Stop that process first, or point DATABASE_URL at a PostgreSQL database.",
        );
      }
      fs.rmSync(lockPath, { force: true }); // its process is gone
    }
  }
  held.add(lockPath);
  if (held.size === 1) process.on("exit", releaseAll);
}

/** Gives the folder back (a script that closes the database before it exits). */
export function unlockEmbeddedDatabase(dir) {
  const lockPath = `${path.resolve(dir)}.lock`;
  if (!held.delete(lockPath)) return;
  fs.rmSync(lockPath, { force: true });
}

function releaseAll() {
  for (const lockPath of held) fs.rmSync(lockPath, { force: true });
  held.clear();
}
