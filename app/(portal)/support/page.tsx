import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IntegrationStatusBadge } from "@/components/integration-status-badge";
import { requireViewer } from "@/lib/auth/session";
import { listSolutionsForSupport } from "@/lib/data/solutions";

export const metadata: Metadata = { title: "Support" };

export default async function SupportPage() {
  const viewer = await requireViewer();
  if (!viewer.isSupport) notFound();
  const solutions = await listSolutionsForSupport();
  return (
    <section aria-labelledby="support-heading" className="space-y-4">
      <div>
        <h1 id="support-heading" className="text-2xl font-semibold">
          Support
        </h1>
        <p className="text-sm text-slate-600">Every customer&apos;s Entra ID integrations, their status and error codes. Read-only.</p>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-700">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Solution</th>
              <th scope="col" className="px-4 py-2 font-medium">Users</th>
              <th scope="col" className="px-4 py-2 font-medium">Integrations</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {solutions.map((s) => (
              <tr key={s.id}>
                <td className="px-4 py-2 align-top">
                  <Link className="font-medium text-brand-700 hover:underline" href={`/s/${s.id}/integrations/entra-id`}>
                    {s.name}
                  </Link>
                  <div className="text-xs text-slate-500">Region {s.region}</div>
                </td>
                <td className="px-4 py-2 align-top">{s.userCount}</td>
                <td className="px-4 py-2 align-top">
                  {s.integrations.length === 0 ? (
                    <span className="text-slate-500">None</span>
                  ) : (
                    <ul className="space-y-1">
                      {s.integrations.map((i) => (
                        <li key={i.id} className="flex flex-wrap items-center gap-2">
                          <IntegrationStatusBadge status={i.status} code={i.statusCode} />
                          <span>{i.name}</span>
                          {i.statusMessage && <span className="text-xs text-slate-500">{i.statusMessage}</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
