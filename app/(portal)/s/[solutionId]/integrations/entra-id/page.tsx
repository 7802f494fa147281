import type { Metadata } from "next";
import { Button } from "@/components/ui/button";
import { canWrite } from "@/lib/auth/access";
import { requireSolutionReader } from "@/lib/auth/session";
import { listIntegrations } from "@/lib/data/integrations";
import { IntegrationList } from "./integration-list";

export const metadata: Metadata = { title: "Entra ID" };

export default async function EntraIdPage({ params }: { params: Promise<{ solutionId: string }> }) {
  const { solutionId } = await params;
  const viewer = await requireSolutionReader(solutionId);
  const integrations = await listIntegrations(solutionId);
  const writable = canWrite(viewer, solutionId);

  if (integrations.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
        <h3 className="text-base font-semibold">No tenant connected yet</h3>
        <p className="mx-auto mt-2 max-w-lg text-sm text-slate-600">
          Connect a Microsoft Entra ID tenant to keep names, titles, departments and skill tags of your switchboard users in
          step with Entra. Users are matched by phone number; nothing is ever written back to Entra.
        </p>
        {writable && (
          // The setup wizard (automated admin consent or a manual app registration) is not built yet:
          // the reason is visible text tied to the button, not a tooltip keyboard and touch users never see.
          <div className="mt-6 flex flex-col items-center gap-2">
            <Button disabled aria-describedby="connect-unavailable">
              Connect Entra ID tenant
            </Button>
            <p id="connect-unavailable" className="text-xs text-slate-600">
              The setup wizard is not available yet.
            </p>
          </div>
        )}
      </div>
    );
  }
  return <IntegrationList integrations={integrations} />;
}
