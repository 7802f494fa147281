import type { Viewer } from "@/lib/data/accounts";

// Pure rules, shared by pages, actions and route handlers.
export function canRead(viewer: Viewer, solutionId: string): boolean {
  return viewer.isSupport || viewer.solutionIds.includes(solutionId);
}

/**
 * Support staff change nothing, also in a solution they happen to be a member of (an admin promoted to
 * support keeps their memberships); an admin changes only the solutions they are a member of.
 */
export function canWrite(viewer: Viewer, solutionId: string): boolean {
  return !viewer.isSupport && viewer.solutionIds.includes(solutionId);
}

export function homePath(viewer: Viewer): string {
  if (viewer.solutionIds.length > 0) return `/s/${viewer.solutionIds[0]}/users`;
  return viewer.isSupport ? "/support" : "/no-access";
}
