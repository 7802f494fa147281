import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";
import type { Viewer } from "./accounts";

export type SolutionSummary = { id: string; name: string; region: string };

const summarySelect = { id: true, name: true, region: true } as const;

/** Cached per request: the solution layout and its page both need it. */
export const getSolutionSummary = cache(async (id: string): Promise<SolutionSummary | null> => {
  return db.solution.findUnique({ where: { id }, select: summarySelect });
});

/** The solutions a viewer may open from the menu: an admin's own; support sees every solution on /support. */
export async function listViewerSolutions(viewer: Viewer): Promise<SolutionSummary[]> {
  return db.solution.findMany({ where: { id: { in: viewer.solutionIds } }, select: summarySelect, orderBy: { name: "asc" } });
}

export type SupportSolutionRow = SolutionSummary & {
  userCount: number;
  integrations: {
    id: string;
    name: string;
    tenantId: string;
    status: "PENDING" | "OK" | "ERROR" | "HELD";
    statusCode: string | null;
    statusMessage: string | null;
    lastSyncAt: Date | null;
    nextSyncAt: Date | null;
  }[];
};

export async function listSolutionsForSupport(): Promise<SupportSolutionRow[]> {
  const rows = await db.solution.findMany({
    orderBy: { name: "asc" },
    select: {
      ...summarySelect,
      _count: { select: { users: true } },
      integrations: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          name: true,
          tenantId: true,
          status: true,
          statusCode: true,
          statusMessage: true,
          lastSyncAt: true,
          nextSyncAt: true,
        },
      },
    },
  });
  return rows.map(({ _count, ...r }) => ({ ...r, userCount: _count.users }));
}
