import { db } from "@/lib/db";
import { storedNumber } from "@/lib/sync/core/normalise-number";

export type SeedUser = {
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  title?: string | null;
  department?: string | null;
  email?: string | null;
  location?: string | null;
  company?: string | null;
  tags: string[];
  numbers: string[];
};

/** The id createSwitchboardUsers() gives the user at `index` (0-based) of a solution's seed list. */
export function seedUserId(solutionId: string, index: number): string {
  return `${solutionId}-u${String(index + 1).padStart(3, "0")}`;
}

/** Creates switchboard users with their numbers stored raw and, when they parse, as E.164. */
export async function createSwitchboardUsers(solution: { id: string; region: string }, users: SeedUser[]) {
  for (const [index, { numbers, ...fields }] of users.entries()) {
    await db.switchboardUser.create({
      data: {
        id: seedUserId(solution.id, index),
        solutionId: solution.id,
        kind: "FULL",
        ...fields,
        numbers: {
          create: numbers.map((raw) => ({ solutionId: solution.id, ...storedNumber(raw, solution.region) })),
        },
      },
    });
  }
}
