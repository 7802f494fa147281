import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createSolution, createUser } from "@/lib/testing/fixtures";
import { usersQuerySchema } from "@/lib/validation/users-query";
import { listSwitchboardUsers } from "./switchboard-users";

// Operators find colleagues by name, number or skill tag; a broken query would hide people from them.
let solution: { id: string; region: string };
const query = (q: Record<string, string> = {}) => usersQuerySchema.parse(q);

beforeAll(async () => {
  solution = await createSolution("SE");
  const other = await createSolution("SE", "Other AB");
  await createUser(solution, { displayName: "Anna Lindqvist", lastName: "Lindqvist", numbers: ["070-123 45 67"], tags: ["Invoicing", "English"] });
  await createUser(solution, { displayName: "Björn Nilsson", lastName: "Nilsson", numbers: ["+46 8 123 456 78"], tags: ["Swedish"] });
  await createUser(solution, { displayName: "Cecilia Öberg", lastName: "Öberg", numbers: ["0046 31 765 43 21", "070-12"], department: "Support" });
  for (let i = 0; i < 27; i++) await createUser(solution, { displayName: `Zz Filler ${String(i).padStart(2, "0")}`, numbers: [] });
  await createUser(other, { displayName: "Anna Other", numbers: ["070-765 43 21"] });
});

describe("listSwitchboardUsers", () => {
  it("finds a user by a number typed in national format and shows it internationally", async () => {
    const { rows, total } = await listSwitchboardUsers(solution, query({ q: "0701234567" }));
    expect(total).toBe(1);
    expect(rows[0].displayName).toBe("Anna Lindqvist");
    expect(rows[0].numbers).toEqual([expect.objectContaining({ display: "+46 70 123 45 67", valid: true })]);
  });

  it("finds users by a tag, ignoring case, and by name, only inside the solution", async () => {
    expect((await listSwitchboardUsers(solution, query({ q: "invoic" }))).rows.map((r) => r.displayName)).toEqual(["Anna Lindqvist"]);
    expect((await listSwitchboardUsers(solution, query({ q: "anna" }))).rows.map((r) => r.displayName)).toEqual(["Anna Lindqvist"]);
  });

  it("marks a number that does not parse as invalid instead of guessing", async () => {
    const { rows } = await listSwitchboardUsers(solution, query({ q: "Cecilia" }));
    expect(rows[0].numbers).toEqual([
      expect.objectContaining({ display: "+46 31 765 43 21", valid: true }),
      expect.objectContaining({ display: "070-12", valid: false }),
    ]);
  });

  it("pages and sorts on the server", async () => {
    const first = await listSwitchboardUsers(solution, query({ page: "1", pageSize: "25" }));
    expect(first.total).toBe(30);
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0].displayName).toBe("Anna Lindqvist");
    const second = await listSwitchboardUsers(solution, query({ page: "2", pageSize: "25" }));
    expect(second.rows).toHaveLength(5);
    const desc = await listSwitchboardUsers(solution, query({ dir: "desc" }));
    expect(desc.rows[0].displayName).toBe("Zz Filler 26");
  });
});

describe("listSwitchboardUsers, search text taken literally", () => {
  let escapes: { id: string; region: string };
  /** Display names the search `q` finds in the Escapes solution. */
  const names = async (q: string) => (await listSwitchboardUsers(escapes, query({ q }))).rows.map((r) => r.displayName);

  beforeAll(async () => {
    escapes = await createSolution("SE", "Escapes AB");
    await createUser(escapes, { displayName: "Anna Lindqvist", lastName: "Lindqvist", numbers: ["070-123 45 67"] });
    await createUser(escapes, { displayName: "Per Persson", title: "Sales, 100% remote" });
    await createUser(escapes, { displayName: "Ola Berg", tags: ["L_nd office"] });
    // 070 is a mobile prefix; this Stockholm number holds the digits 4670 in its middle (+46 8 446 700 00).
    await createUser(escapes, { displayName: "Kontor Stockholm", numbers: ["08-446 700 00"] });
  });

  it("a pasted control character (NUL, tab) is read as a space: the search runs instead of failing", async () => {
    for (const q of ["Anna\u0000", "\tLindqvist", "Anna\u0000Lindqvist"]) {
      expect((await listSwitchboardUsers(solution, query({ q }))).rows.map((r) => r.displayName), JSON.stringify(q)).toEqual(["Anna Lindqvist"]);
    }
  });

  it("a search longer than 100 characters is cut to its first 100, not dropped for the whole directory", async () => {
    const long = query({ q: `Anna ${"z".repeat(120)}` });
    expect(long.q).toHaveLength(100);
    expect(await listSwitchboardUsers(solution, long)).toMatchObject({ total: 0, rows: [] });
  });

  it("treats % and _ as characters, not as LIKE wildcards", async () => {
    expect(await names("%")).toEqual(["Per Persson"]);
    expect(await names("L_nd")).toEqual(["Ola Berg"]);
    expect(await names("_")).toEqual(["Ola Berg"]);
    expect(await names("Lind")).toEqual(["Anna Lindqvist"]);
  });

  it("anchors a number typed with a leading 0, 00 or + at the start of the stored number", async () => {
    expect(await names("070")).toEqual(["Anna Lindqvist"]);
    expect(await names("0046 70")).toEqual(["Anna Lindqvist"]);
    expect(await names("+46 70")).toEqual(["Anna Lindqvist"]);
    expect(await names("08-446")).toEqual(["Kontor Stockholm"]);
    // Bare digits are looked for anywhere: someone may remember only the end of a number.
    expect(await names("70000")).toEqual(["Kontor Stockholm"]);
  });
});

describe("listSwitchboardUsers, page past the end", () => {
  it("shows the last page instead of an empty one and says which page that is", async () => {
    const result = await listSwitchboardUsers(solution, query({ page: "5", pageSize: "25" }));
    expect(result.total).toBe(30);
    expect(result.page).toBe(2);
    expect(result.rows).toHaveLength(5);
    expect(result.rows[4].displayName).toBe("Zz Filler 26");
    const searched = await listSwitchboardUsers(solution, query({ q: "anna", page: "3" }));
    expect(searched).toMatchObject({ total: 1, page: 1 });
    expect(searched.rows.map((r) => r.displayName)).toEqual(["Anna Lindqvist"]);
    expect(await listSwitchboardUsers(solution, query({ q: "nobody-here", page: "3" }))).toEqual({ rows: [], total: 0, page: 1 });
  });
});

describe("listSwitchboardUsers, a tag shared by tens of thousands", () => {
  const COUNT = 70_000;
  let big: { id: string; region: string };

  beforeAll(async () => {
    big = await createSolution("SE", "Big AB");
    // One statement, so the setup stays fast; more matches than PostgreSQL allows bind parameters (32,767).
    await db.$executeRaw`
      INSERT INTO "SwitchboardUser" (id, "solutionId", "displayName", tags, "updatedAt")
      SELECT ${big.id} || '-' || g, ${big.id}, 'Bulk ' || lpad(g::text, 6, '0'), ARRAY['Overflow', 'Night shift'], now()
      FROM generate_series(1, ${COUNT}::int) AS g`;
  });

  afterAll(async () => {
    await db.solution.delete({ where: { id: big.id } });
  });

  it("counts and pages the matches without sending their ids back to the database", async () => {
    const first = await listSwitchboardUsers(big, query({ q: "overflow" }));
    expect(first.total).toBe(COUNT);
    expect(first.rows.map((r) => r.displayName)).toEqual(Array.from({ length: 25 }, (_, i) => `Bulk ${String(i + 1).padStart(6, "0")}`));
    const last = await listSwitchboardUsers(big, query({ q: "NIGHT", page: "2800", pageSize: "25", dir: "desc" }));
    expect(last.total).toBe(COUNT);
    expect(last.rows.at(-1)?.displayName).toBe("Bulk 000001");
  });
});
