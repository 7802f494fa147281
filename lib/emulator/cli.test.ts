// `npm start`, the browser tests and the benchmark launch the emulator as a process and read its
// first stdout line; if that contract broke, they would all fail to find it.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { DEMO_TENANT, PROVIDER_APP } from "../demo/demo-directory";

describe("scripts/emulator.ts --json", () => {
  it("prints one JSON line first, serves, and exits cleanly on SIGTERM", async () => {
    const tsx = path.join(process.cwd(), "node_modules/.bin/tsx");
    const child = spawn(tsx, ["scripts/emulator.ts", "--port", "0", "--json", "--users", "1500", "--seed", "3"], { env: process.env, stdio: ["ignore", "pipe", "inherit"] });
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
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 30_000);
});
