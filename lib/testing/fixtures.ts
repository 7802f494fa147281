import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { storedNumber } from "@/lib/sync/core/normalise-number";

// Test data made through the real data layer, with unique ids so test files never collide.
export function uniqueId(prefix: string) {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function createSolution(region = "SE", name = "Test AB") {
  return db.solution.create({ data: { id: uniqueId("sol"), name, region }, select: { id: true, name: true, region: true } });
}

export type UserFixture = {
  displayName: string;
  firstName?: string | null;
  lastName?: string | null;
  title?: string | null;
  department?: string | null;
  email?: string | null;
  location?: string | null;
  company?: string | null;
  tags?: string[];
  numbers?: string[];
  kind?: "FULL" | "LIMITED";
};

export async function createUser(solution: { id: string; region: string }, { numbers = [], tags = [], ...fields }: UserFixture) {
  return db.switchboardUser.create({
    data: {
      solutionId: solution.id,
      ...fields,
      tags,
      numbers: {
        create: numbers.map((raw) => ({ solutionId: solution.id, ...storedNumber(raw, solution.region) })),
      },
    },
    select: { id: true, numbers: { select: { id: true, e164: true } } },
  });
}
