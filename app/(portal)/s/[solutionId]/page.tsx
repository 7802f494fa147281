import { redirect } from "next/navigation";

export default async function SolutionIndex({ params }: { params: Promise<{ solutionId: string }> }) {
  const { solutionId } = await params;
  redirect(`/s/${solutionId}/users`);
}
