// `npm start`, the browser tests and the benchmark launch the emulator as a process and read its
// first stdout line; if that contract broke, they would all fail to find it. Run as the README and the
// emulator issue give it, through npm: `.npmrc`'s json mode keeps npm's "> script" banner off stdout.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { DEMO_TENANT, PROVIDER_APP } from "../demo/demo-directory";

describe("npm run emulator -- --json", () => {
  it("prints one JSON line first, serves, and stops on SIGTERM", async () => {
    // As from a shell: without the npm settings of the `npm test` (or CI) that runs this file.
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of Object.keys(env)) if (/^npm_/i.test(key)) delete env[key];
    const child = spawn("npm", ["run", "emulator", "--", "--port", "0", "--json", "--users", "1500", "--seed", "3"], {
      cwd: process.cwd(),
      env,
      stdio: ["ignore", "pipe", "inherit"],
      detached: true, // its own process group: stopped below as Ctrl-C stops it, npm, shell and emulator together
    });
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`emulator exited early with ${code}`)));
    });
    const info = JSON.parse(firstLine) as {
      loginUrl: string; graphUrl: string; caCertPath: string; controlUrl: string; controlToken: string;
      tenants: Array<{ id: string; domain: string; userCount: number; apps: Array<{ name: string; clientId: string; clientSecret: string; roles: string[] }> }>;
    };
    expect(Object.keys(info)).toEqual(["loginUrl", "graphUrl", "caCertPath", "controlUrl", "controlToken", "tenants"]);
    expect(info.loginUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/login$/);
    const demo = info.tenants.find((t) => t.id === DEMO_TENANT.id)!;
    expect(demo).toMatchObject({ domain: DEMO_TENANT.domain, userCount: 61 });
    expect(demo.apps.find((a) => a.clientId === PROVIDER_APP.clientId)).toMatchObject({ roles: ["User.Read.All"], clientSecret: expect.any(String) });
    expect(info.tenants.some((t) => t.userCount === 1500)).toBe(true);
    const state = await fetch(`${info.controlUrl}/state`, { headers: { authorization: `Bearer ${info.controlToken}` } });
    expect(state.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    process.kill(-child.pid!, "SIGTERM");
    await exited;
    // The emulator itself stopped (npm reports the signal, not the emulator's exit code).
    await expect(fetch(`${info.controlUrl}/state`, { headers: { authorization: `Bearer ${info.controlToken}` } })).rejects.toThrow();
  }, 30_000);
});
