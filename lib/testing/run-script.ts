import { execFile } from "node:child_process";
import path from "node:path";

export type ScriptResult = { status: number; stdout: string; stderr: string };

const root = path.resolve(import.meta.dirname, "..", "..");

/**
 * Runs a command-line entry point of this project as a user would, and resolves with how it ended
 * (never rejects). Asynchronous on purpose: an emulator the script talks to may run in the calling
 * process. `.ts` scripts run through tsx with the server conditions, `.mjs` ones with node.
 */
export function runScript(script: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<ScriptResult> {
  const [command, argv] = script.endsWith(".ts")
    ? [path.join(root, "node_modules", ".bin", "tsx"), ["--conditions=react-server", script, ...args]]
    : [process.execPath, [script, ...args]];
  return new Promise((resolve) => {
    execFile(command, argv, { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) =>
      // A process that could not start has a string code (ENOENT): status 1.
      resolve({ status: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
