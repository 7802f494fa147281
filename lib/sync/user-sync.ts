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
  await db.$transaction(async (tx) => {
    // Back on, the user must get Entra's current values, which no delta round or quiet full sync would
    // bring (its Entra data may not have changed): like a configuration change, the next run — due at
    // once — plans everything.
    if (enabled) {
      const bumped = await tx.integration.updateMany({ where: { id: integrationId, solutionId }, data: { configVersion: { increment: 1 } } });
      if (bumped.count !== 1) throw new UserFacingError("This switchboard user is not linked to an Entra user of this integration.");
    }
    const { count } = await tx.link.updateMany({
      where: { solutionId, integrationId, switchboardUserId, integration: { solutionId } },
      data: { syncEnabled: enabled },
    });
    if (count !== 1) throw new UserFacingError("This switchboard user is not linked to an Entra user of this integration.");
    await tx.auditEvent.create({
      data: { solutionId, accountId, action: enabled ? "user.sync-on" : "user.sync-off", target: switchboardUserId, details: { integrationId } },
    });
  });
}
