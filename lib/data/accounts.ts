import "server-only";
import { db } from "@/lib/db";

export async function findAccountForSignIn(email: string) {
  return db.account.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
}

export async function findAccountForEntraSignIn(objectId: string | undefined, email: string | undefined) {
  if (objectId) {
    const byOid = await db.account.findUnique({ where: { entraObjectId: objectId }, select: { id: true } });
    if (byOid) return byOid;
  }
  if (!email) return null;
  return db.account.findUnique({ where: { email: email.toLowerCase() }, select: { id: true } });
}

export type Viewer = {
  id: string;
  email: string;
  name: string;
  isSupport: boolean;
  solutionIds: string[];
};

export async function getViewerById(id: string): Promise<Viewer | null> {
  const account = await db.account.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, isSupport: true, memberships: { select: { solutionId: true } } },
  });
  if (!account) return null;
  const { memberships, ...rest } = account;
  return { ...rest, solutionIds: memberships.map((m) => m.solutionId) };
}
