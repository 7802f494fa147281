import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_ACCOUNTS } from "@/lib/seed/constants";
import { uniqueId } from "@/lib/testing/fixtures";

// `npm start` and `npm run db:seed` are the local demo. Pointed by mistake at a customer database,
// they must not add demo logins to it: one is a support login that reads every customer.

const root = path.resolve(import.meta.dirname, "..");

function runSeed(env: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(root, "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", "scripts/seed.ts"],
      { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("npm run db:seed against PostgreSQL", () => {
  it("refuses a database that holds customers' solutions, and adds or changes no login", async () => {
    await db.solution.create({ data: { id: uniqueId("customer"), name: "A customer", region: "SE" } });
    const logins = () => db.account.findMany({ where: { email: { in: Object.values(DEMO_ACCOUNTS).map((a) => a.email) } }, select: { email: true, passwordHash: true } });
    const before = await logins();

    const result = await runSeed({ DEMO_PASSWORD: "a-password-nobody-should-get" });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/refused: this PostgreSQL database already holds \d+ solution\(s\) besides the demo's/);
    expect(result.stderr).toContain("Point DATABASE_URL at an empty database");
    expect(await logins()).toEqual(before);
  });
});
