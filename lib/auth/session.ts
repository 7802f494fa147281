import "server-only";
import { getServerSession } from "next-auth/next";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getViewerById, type Viewer } from "@/lib/data/accounts";
import { authOptions } from "./options";
import { canRead, canWrite } from "./access";

/** The signed-in account with its memberships, read fresh per request (role changes apply at once). */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: string; signedInAt?: number } | undefined;
  return user?.id ? getViewerById(user.id, user.signedInAt ?? 0) : null;
});

export async function requireViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/sign-in");
  return viewer;
}

/**
 * Pages of a solution: support reads every solution; an admin only their own. Anyone else gets a
 * 404 rather than a 403, so the existence of another customer's solution is not disclosed.
 */
export async function requireSolutionReader(solutionId: string): Promise<Viewer> {
  const viewer = await requireViewer();
  if (!canRead(viewer, solutionId)) notFound();
  return viewer;
}

export async function requireSolutionAdmin(solutionId: string): Promise<Viewer> {
  const viewer = await requireViewer();
  if (!canWrite(viewer, solutionId)) notFound();
  return viewer;
}
