import { NavLink } from "@/components/nav-link";

export default async function IntegrationsLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ solutionId: string }>;
}) {
  const { solutionId } = await params;
  return (
    <section aria-labelledby="integrations-heading" className="space-y-4">
      <h2 id="integrations-heading" className="text-lg font-semibold">
        Integrations
      </h2>
      <nav aria-label="Integrations" className="flex gap-1">
        <NavLink href={`/s/${solutionId}/integrations/entra-id`}>Entra ID</NavLink>
      </nav>
      {children}
    </section>
  );
}
