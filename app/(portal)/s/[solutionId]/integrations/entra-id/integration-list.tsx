import { IntegrationStatusBadge } from "@/components/integration-status-badge";
import type { IntegrationSummary, NextSync } from "@/lib/data/integrations";

function when(date: Date | null) {
  return date ? date.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—";
}

const WAITING: Record<Exclude<NextSync, { at: Date }>["waitsFor"], string> = {
  setup: "when setup is finished",
  decision: "after the held sync is approved or rejected",
  "next check": "at the next scheduled check",
};

const nextSync = (next: NextSync) => ("at" in next ? when(next.at) : WAITING[next.waitsFor]);

export function IntegrationList({ integrations }: { integrations: IntegrationSummary[] }) {
  return (
    <ul className="space-y-3">
      {integrations.map((i) => (
        <li key={i.id} className="rounded-lg border border-slate-200 bg-white p-4">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div>
              <h3 className="font-medium">{i.name}</h3>
              <p className="text-xs text-slate-500">
                Tenant {i.tenantId} · {i.mode === "AUTOMATED" ? "Automated setup" : "Own app registration"}
                {i.secretHint && ` · secret ${i.secretHint}`}
              </p>
            </div>
            <IntegrationStatusBadge status={i.status} code={i.statusCode} />
          </div>
          {i.statusMessage && <p className="mt-2 text-sm text-slate-700">{i.statusMessage}</p>}
          <dl className="mt-2 flex gap-6 text-xs text-slate-500">
            <div>
              <dt className="inline">Last sync: </dt>
              <dd className="inline">{when(i.lastSyncAt)}</dd>
            </div>
            <div>
              <dt className="inline">Next sync: </dt>
              <dd className="inline">{nextSync(i.nextSync)}</dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}
