import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { UserFacingError } from "@/lib/user-facing-error";
import { loadSnapshotUsers } from "./snapshot";
import { integrationWriteLock } from "./write-batches";

// An admin's answers to conflicts (rules 5 and 6): which Entra user owns a number several of them
// have, and which number maps for an Entra user that matches several. A choice changes the plan like
// a configuration change does: the integration is due at once and the next run reads everything.

const E164 = z.string().regex(/^\+[1-9]\d{5,14}$/, "The number must be in international format (E.164), such as +46701234567.");
const OBJECT_ID = z.string().min(1).max(64);

type Scope = { solutionId: string; integrationId: string; accountId: string | null };

async function requireIntegration({ solutionId, integrationId }: Scope) {
  const found = await db.integration.findFirst({ where: { id: integrationId, solutionId }, select: { id: true } });
  if (!found) throw new UserFacingError("This integration does not exist.");
}

/** Whether the Entra user had this number when the directory was last read. */
async function entraUserHasNumber(integrationId: string, objectId: string, e164: string): Promise<boolean> {
  const holders = await loadSnapshotUsers(integrationId, { e164s: [e164], objectIds: [] });
  return holders.some(({ user }) => user.objectId === objectId);
}

/** What every choice change commits with it: the plan changed (due at once, a full read), and who did it. */
function planChanged({ integrationId, solutionId, accountId }: Scope, action: "choice.set" | "choice.clear", details: Record<string, string>) {
  return [
    // Not in the middle of a sync's write batch: the one in flight commits first (write-batches.ts).
    db.$executeRaw(integrationWriteLock(integrationId, "exclusive")),
    db.integration.update({ where: { id: integrationId }, data: { configVersion: { increment: 1 } } }),
    db.auditEvent.create({ data: { solutionId, accountId, action, target: integrationId, details } }),
  ] as const;
}

async function decide(scope: Scope, kind: "NUMBER_OWNER" | "USER_NUMBER", key: string, value: string) {
  const { integrationId, accountId } = scope;
  await db.$transaction([
    ...planChanged(scope, "choice.set", { kind, key, value }),
    db.matchChoice.upsert({
      where: { integrationId_kind_key: { integrationId, kind, key } },
      create: { integrationId, kind, key, value, decidedById: accountId },
      update: { value, decidedById: accountId, decidedAt: new Date() },
    }),
  ]);
}

/** A choice pairs an Entra user with one of its numbers, which it must hold as of the last read. */
async function choose(scope: Scope & { e164: string; objectId: string }, kind: "NUMBER_OWNER" | "USER_NUMBER", refusal: string) {
  const e164 = E164.parse(scope.e164);
  const objectId = OBJECT_ID.parse(scope.objectId);
  await requireIntegration(scope);
  if (!(await entraUserHasNumber(scope.integrationId, objectId, e164))) throw new UserFacingError(refusal);
  // NUMBER_OWNER is keyed by the number, USER_NUMBER by the Entra user.
  await decide(scope, kind, kind === "NUMBER_OWNER" ? e164 : objectId, kind === "NUMBER_OWNER" ? objectId : e164);
}

/** Rule 5: of the Entra users sharing `e164`, `objectId` is the one the switchboard number follows. */
export function chooseNumberOwner(scope: Scope & { e164: string; objectId: string }): Promise<void> {
  return choose(scope, "NUMBER_OWNER", "That Entra user does not have this number (as of the last read); sync again and pick from the current holders.");
}

/** Rule 6: for the Entra user `objectId`, which of its numbers maps to the switchboard. */
export function chooseUserNumber(scope: Scope & { objectId: string; e164: string }): Promise<void> {
  return choose(scope, "USER_NUMBER", "That number is not one of this Entra user's numbers (as of the last read).");
}

/**
 * Withdraws a choice: the conflict is open again from the next run, which reads everything. The link
 * the choice made loses its ADMIN origin too (an ADMIN link on a shared number otherwise stands as an
 * earlier pick), so that run decides the number by the rules, on record.
 */
export async function clearChoice(scope: Scope & { kind: "NUMBER_OWNER" | "USER_NUMBER"; key: string }): Promise<void> {
  const { integrationId, solutionId, kind, key } = scope;
  await requireIntegration(scope);
  const existing = await db.matchChoice.findUnique({ where: { integrationId_kind_key: { integrationId, kind, key } }, select: { id: true } });
  if (!existing) throw new UserFacingError("There is no such choice to withdraw.");
  const picked =
    kind === "NUMBER_OWNER"
      ? { integrationId, origin: "ADMIN" as const, phoneNumber: { solutionId, e164: key } }
      : { integrationId, origin: "ADMIN" as const, objectId: key };
  // The write lock and the version first: a running sync's batch in flight commits before, so the
  // ADMIN links it wrote are flipped below; later batches see the new version and write no ADMIN link
  // for the withdrawn choice (write-batches.ts).
  await db.$transaction([
    ...planChanged(scope, "choice.clear", { kind, key }),
    db.matchChoice.deleteMany({ where: { id: existing.id } }),
    db.link.updateMany({ where: picked, data: { origin: "AUTO" } }),
  ]);
}
