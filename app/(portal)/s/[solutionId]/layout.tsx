import { notFound } from "next/navigation";
import { NavLink } from "@/components/nav-link";
import { Badge } from "@/components/ui/badge";
import { canWrite } from "@/lib/auth/access";
import { requireSolutionReader } from "@/lib/auth/session";
import { getSolutionSummary } from "@/lib/data/solutions";

export default async function SolutionLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ solutionId: string }>;
}) {
  const { solutionId } = await params;
  const viewer = await requireSolutionReader(solutionId);
  const solution = await getSolutionSummary(solutionId);
  if (!solution) notFound();
  const base = `/s/${solution.id}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{solution.name}</h1>
          <p className="text-sm text-slate-600">Region {solution.region}</p>
        </div>
        {!canWrite(viewer, solution.id) && <Badge tone="info">Read-only (support)</Badge>}
      </div>
      <nav aria-label="Solution" className="flex gap-1 border-b border-slate-200 pb-2">
        <NavLink href={`${base}/users`}>Users</NavLink>
        <NavLink href={`${base}/integrations`}>Integrations</NavLink>
      </nav>
      {children}
    </div>
  );
}
