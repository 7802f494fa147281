import "server-only";
import { db } from "@/lib/db";
import { UserFacingError } from "@/lib/user-facing-error";

/**
 * Turns sync off (or back on) for one linked switchboard user (rule 7): a run leaves a user with
 * sync off exactly as it is, and a link made by a preview can be turned off before setup finishes.
 * Scoped by solution: the caller passes the solution the signed-in admin may change.
 */
export async function setUserSync(input: {
  solutionId: string;
  integrationId: string;
  switchboardUserId: string;
  enabled: boolean;
  accountId: string | null;
}): Promise<void> {
  const { solutionId, integrationId, switchboardUserId, enabled, accountId } = input;
  const { count } = await db.link.updateMany({
    where: { solutionId, integrationId, switchboardUserId, integration: { solutionId } },
    data: { syncEnabled: enabled },
  });
  if (count !== 1) throw new UserFacingError("This switchboard user is not linked to an Entra user of this integration.");
  await db.auditEvent.create({
    data: { solutionId, accountId, action: enabled ? "user.sync-on" : "user.sync-off", target: switchboardUserId, details: { integrationId } },
  });
}
