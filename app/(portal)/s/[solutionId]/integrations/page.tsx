import { redirect } from "next/navigation";

export default async function IntegrationsIndex({ params }: { params: Promise<{ solutionId: string }> }) {
  const { solutionId } = await params;
  redirect(`/s/${solutionId}/integrations/entra-id`);
}
