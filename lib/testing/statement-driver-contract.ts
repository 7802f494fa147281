import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Statement, StatementOptions } from "@/lib/db";

type Driver = {
  /** Runs the statements in one transaction (the function under test). */
  run: (statements: Statement[], options?: StatementOptions) => Promise<number[]>;
  /** Reads outside that function, to see what was committed. */
  read: (text: string) => Promise<Record<string, unknown>[]>;
};

/**
 * What the sync's bulk writes rely on from runStatements, for each driver: every statement or none,
 * the affected row counts, JSON and array parameters, and dates stored as UTC.
 */
export function describeStatementDriver(
  name: string,
  open: (table: string) => Promise<Driver & { close: () => Promise<void> }>,
  { cancelsSlowStatements = true } = {},
) {
  describe(`bulk statements on ${name}`, () => {
    const table = `statement_test_${Math.random().toString(36).slice(2, 10)}`;
    let driver: Driver & { close: () => Promise<void> };
    const ids = async () => (await driver.read(`SELECT id FROM ${table} ORDER BY id`)).map((r) => r.id);

    beforeAll(async () => {
      driver = await open(table);
      await driver.run([{ text: `CREATE TABLE ${table} (id text PRIMARY KEY, label text, at timestamp(3))`, values: [] }]);
    });
    afterAll(async () => {
      await driver.run([{ text: `DROP TABLE ${table}`, values: [] }]);
      await driver.close();
    });

    it("commits every statement and reports each one's affected rows", async () => {
      const counts = await driver.run([
        { text: `INSERT INTO ${table} (id, label) SELECT v.id, v.label FROM jsonb_to_recordset($1::jsonb) AS v(id text, label text)`, values: [JSON.stringify([{ id: "a", label: "A" }, { id: "b", label: "B" }])] },
        { text: `UPDATE ${table} SET label = 'changed' WHERE id = ANY($1::text[])`, values: [["b", "missing"]] },
      ]);
      expect(counts).toEqual([2, 1]);
      expect(await driver.read(`SELECT id, label FROM ${table} ORDER BY id`)).toEqual([{ id: "a", label: "A" }, { id: "b", label: "changed" }]);
    });

    it("writes nothing when a later statement fails", async () => {
      await expect(
        driver.run([
          { text: `INSERT INTO ${table} (id) VALUES ($1)`, values: ["c"] },
          { text: `INSERT INTO ${table} (id) VALUES ($1)`, values: ["a"] }, // duplicate key
        ]),
      ).rejects.toThrow(/duplicate key/);
      expect(await ids()).toEqual(["a", "b"]);
      // The connection is usable afterwards (rolled back, not left in an aborted transaction).
      expect(await driver.run([{ text: `INSERT INTO ${table} (id) VALUES ($1)`, values: ["d"] }])).toEqual([1]);
    });

    // Only where the driver can cancel (not registered elsewhere, rather than reported as skipped).
    if (cancelsSlowStatements)
      it("cancels a statement that runs past the timeout, and writes nothing", async () => {
        await expect(
          driver.run(
            [
              { text: `INSERT INTO ${table} (id) VALUES ($1)`, values: ["slow"] },
              { text: "SELECT pg_sleep(5)", values: [] },
            ],
            { timeoutMs: 200 },
          ),
        ).rejects.toThrow(/statement timeout/);
        expect(await ids()).not.toContain("slow");
      });

    it("stores a Date as UTC in a column without time zone, whatever the process's time zone", async () => {
      const zone = process.env.TZ;
      process.env.TZ = "Asia/Tokyo";
      try {
        const at = new Date("2026-03-01T23:30:00.250Z");
        await driver.run([{ text: `UPDATE ${table} SET at = $1 WHERE id = 'a'`, values: [at] }]);
        const [row] = await driver.read(`SELECT to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at FROM ${table} WHERE id = 'a'`);
        expect(row.at).toBe("2026-03-01T23:30:00.250");
      } finally {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
    });
  });
}
