import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireSolutionReader } from "@/lib/auth/session";
import { getSolutionSummary } from "@/lib/data/solutions";
import { listSwitchboardUsers } from "@/lib/data/switchboard-users";
import { usersQuerySchema } from "@/lib/validation/users-query";
import { UsersTable } from "./users-table";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ solutionId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { solutionId } = await params;
  await requireSolutionReader(solutionId);
  const solution = await getSolutionSummary(solutionId);
  if (!solution) notFound();
  const query = usersQuerySchema.parse(await searchParams);
  // A page past the end comes back as the last page; the table shows and pages from that one.
  const { rows, total, page } = await listSwitchboardUsers(solution, query);
  return (
    <section aria-labelledby="users-heading" className="space-y-3">
      <h2 id="users-heading" className="text-lg font-semibold">
        Users
      </h2>
      <UsersTable rows={rows} total={total} state={{ ...query, page }} />
    </section>
  );
}
