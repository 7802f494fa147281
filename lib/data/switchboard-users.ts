import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { formatInternational, numberSearch } from "@/lib/phone/display";
import type { UserSortField, UsersQuery } from "@/lib/validation/users-query";

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

const sortColumns: Record<UserSortField, Prisma.Sql> = {
  displayName: Prisma.raw(`u."displayName"`),
  lastName: Prisma.raw(`u."lastName"`),
  title: Prisma.raw(`u."title"`),
  department: Prisma.raw(`u."department"`),
  location: Prisma.raw(`u."location"`),
};

/** A LIKE pattern for text that holds `text` as typed: an operator's % and _ are not wildcards. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

/**
 * The search as one SQL condition on "SwitchboardUser" u. Raw SQL because tags are matched
 * case-insensitively, which Prisma's array filters cannot express, and matching them in a separate
 * query would send every matching id back (tens of thousands overflow the bind-parameter limit).
 */
function searchCondition(q: string, region: string): Prisma.Sql {
  if (!q) return Prisma.sql`TRUE`;
  const text = containing(q);
  const number = numberSearch(q, region);
  const e164 = !number ? null : "startsWith" in number ? `${number.startsWith}%` : containing(number.contains);
  return Prisma.sql`(
    u."displayName" ILIKE ${text} ESCAPE '\\' OR u."firstName" ILIKE ${text} ESCAPE '\\'
    OR u."lastName" ILIKE ${text} ESCAPE '\\' OR u.email ILIKE ${text} ESCAPE '\\'
    OR u.title ILIKE ${text} ESCAPE '\\' OR u.department ILIKE ${text} ESCAPE '\\'
    OR EXISTS (SELECT 1 FROM unnest(u.tags) AS t WHERE t ILIKE ${text} ESCAPE '\\')
    OR EXISTS (SELECT 1 FROM "PhoneNumber" p WHERE p."userId" = u.id
      AND (p.raw LIKE ${text} ESCAPE '\\'${e164 ? Prisma.sql` OR p.e164 LIKE ${e164} ESCAPE '\\'` : Prisma.empty})))`;
}

/**
 * One page of a solution's switchboard users. A page past the end (an old link, a shrunk result)
 * shows the last page instead, and `page` says which page that is.
 */
export async function listSwitchboardUsers(
  solution: { id: string; region: string },
  query: UsersQuery,
): Promise<{ rows: UserRow[]; total: number; page: number }> {
  const where = Prisma.sql`u."solutionId" = ${solution.id} AND ${searchCondition(query.q, solution.region)}`;
  const [{ total }] = await db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM "SwitchboardUser" u WHERE ${where}`;
  const page = Math.min(query.page, Math.max(1, Math.ceil(total / query.pageSize)));
  if (total === 0) return { rows: [], total, page };
  // id as a tie-breaker keeps pages stable when names repeat.
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM "SwitchboardUser" u WHERE ${where}
    ORDER BY ${sortColumns[query.sort]} ${Prisma.raw(query.dir === "desc" ? "DESC" : "ASC")} NULLS LAST, u.id ASC
    LIMIT ${query.pageSize} OFFSET ${(page - 1) * query.pageSize}`;
  const users = await db.switchboardUser.findMany({
    where: { solutionId: solution.id, id: { in: ids.map((r) => r.id) } },
    select: rowSelect,
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  const rows = ids.flatMap(({ id }) => {
    const u = byId.get(id);
    if (!u) return []; // deleted between the two reads
    return [{ ...u, numbers: u.numbers.map((n) => ({ id: n.id, display: n.e164 ? formatInternational(n.e164) : n.raw, valid: n.e164 !== null })) }];
  });
  return { rows, total, page };
}
