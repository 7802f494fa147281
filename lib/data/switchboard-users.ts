import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { formatInternational, searchDigits } from "@/lib/phone/display";
import type { UsersQuery } from "@/lib/validation/users-query";

export type UserRow = {
  id: string;
  kind: "FULL" | "LIMITED";
  displayName: string | null;
  title: string | null;
  department: string | null;
  location: string | null;
  email: string | null;
  tags: string[];
  numbers: { id: string; display: string; valid: boolean }[];
};

const rowSelect = {
  id: true,
  kind: true,
  displayName: true,
  title: true,
  department: true,
  location: true,
  email: true,
  tags: true,
  numbers: { select: { id: true, raw: true, e164: true }, orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.SwitchboardUserSelect;

async function searchWhere(solutionId: string, region: string, q: string): Promise<Prisma.SwitchboardUserWhereInput> {
  if (!q) return { solutionId };
  const text = { contains: q, mode: "insensitive" as const };
  const digits = searchDigits(q, region);
  // Tags are matched case-insensitively, which Prisma's array filters cannot express.
  const tagged = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM "SwitchboardUser"
    WHERE "solutionId" = ${solutionId}
      AND EXISTS (SELECT 1 FROM unnest(tags) AS t WHERE t ILIKE ${`%${q.replace(/[\\%_]/g, "\\$&")}%`})`;
  return {
    solutionId,
    OR: [
      { displayName: text },
      { firstName: text },
      { lastName: text },
      { email: text },
      { title: text },
      { department: text },
      { numbers: { some: { raw: { contains: q } } } },
      ...(digits ? [{ numbers: { some: { e164: { contains: digits } } } }] : []),
      ...(tagged.length ? [{ id: { in: tagged.map((t) => t.id) } }] : []),
    ],
  };
}

export async function listSwitchboardUsers(
  solution: { id: string; region: string },
  query: UsersQuery,
): Promise<{ rows: UserRow[]; total: number }> {
  const where = await searchWhere(solution.id, solution.region, query.q);
  const [total, users] = await Promise.all([
    db.switchboardUser.count({ where }),
    db.switchboardUser.findMany({
      where,
      select: rowSelect,
      // id as a tie-breaker keeps pages stable when names repeat.
      orderBy: [{ [query.sort]: { sort: query.dir, nulls: "last" } }, { id: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  const rows = users.map((u) => ({
    ...u,
    numbers: u.numbers.map((n) => ({
      id: n.id,
      display: n.e164 ? formatInternational(n.e164) : n.raw,
      valid: n.e164 !== null,
    })),
  }));
  return { rows, total };
}
