import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { pathToFileURL } from "node:url";
import { lockEmbeddedDatabase, unlockEmbeddedDatabase } from "./pglite-lock.mjs";

// Two processes writing one embedded database folder can leave it unopenable: the second is refused.

const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pglite-lock-")), "pglite");
afterEach(() => unlockEmbeddedDatabase(dir));

it("refuses a folder another live process holds, naming it and what to do; takes over one whose process is gone", async () => {
  // Another process holding it: a child that stays alive.
  const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  try {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(`${dir}.lock`, String(other.pid));
    expect(() => lockEmbeddedDatabase(dir)).toThrow(new RegExp(`open in another process \\(pid ${other.pid}.*Stop that process first, or point DATABASE_URL at a PostgreSQL database.*delete .*pglite\\.lock`));
  } finally {
    other.kill();
  }
  await new Promise((resolve) => other.once("exit", resolve));
  // Its process is gone (a crash): the lock is taken over; so is one naming this very process (a
  // reused pid), which does not hold it, and one naming no process at all (a torn write).
  for (const content of ["", "garbage", "0"]) {
    fs.writeFileSync(`${dir}.lock`, content);
    lockEmbeddedDatabase(dir);
    expect(fs.readFileSync(`${dir}.lock`, "utf8")).toBe(String(process.pid));
    unlockEmbeddedDatabase(dir);
  }
  fs.writeFileSync(`${dir}.lock`, String(process.pid));
  lockEmbeddedDatabase(dir);
  expect(fs.readFileSync(`${dir}.lock`, "utf8")).toBe(String(process.pid));
  // Given back: the file is gone, so the next process may open the folder.
  unlockEmbeddedDatabase(dir);
  expect(fs.existsSync(`${dir}.lock`)).toBe(false);
});

it("of processes starting at once, over a lock left by a crash, exactly one takes the folder", async () => {
  const shared = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pglite-race-")), "pglite");
  const moduleUrl = pathToFileURL(path.join(import.meta.dirname, "pglite-lock.mjs")).href;
  // Each takes the folder (or is refused) and, if it won, holds it for a while, as a portal would.
  const contender = `import(${JSON.stringify(moduleUrl)}).then((m) => {
    try { m.lockEmbeddedDatabase(${JSON.stringify(shared)}); console.log("took"); setTimeout(() => {}, 1500); }
    catch { console.log("refused"); }
  })`;
  for (let round = 0; round < 3; round++) {
    fs.writeFileSync(`${shared}.lock`, "999999"); // a crashed holder
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => {
        const child = spawn(process.execPath, ["-e", contender], { stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        return new Promise<string>((resolve) => child.on("exit", () => resolve(out.trim())));
      }),
    );
    expect(outcomes.filter((o) => o === "took"), `round ${round}: ${outcomes.join(", ")}`).toHaveLength(1);
    expect(fs.existsSync(`${shared}.lock`)).toBe(false); // the winner gave it back when it exited
  }
}, 30_000);
