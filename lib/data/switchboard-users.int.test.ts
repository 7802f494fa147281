import { beforeAll, describe, expect, it } from "vitest";
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
