import type { Viewer } from "@/lib/data/accounts";
import { isWellFormedId } from "@/lib/validation/ids";

// Pure rules, shared by pages, actions and route handlers.
/**
 * Support reads every solution, but not an id from a URL that no solution can have: that is "not
 * found" before any query (PostgreSQL refuses a NUL in text, which would be a server error).
 */
export function canRead(viewer: Viewer, solutionId: string): boolean {
  return viewer.isSupport ? isWellFormedId(solutionId) : viewer.solutionIds.includes(solutionId);
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
