import "server-only";
import { db } from "@/lib/db";

export async function findAccountForSignIn(email: string) {
  return db.account.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
}

const TENANT_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The portal account a Microsoft sign-in belongs to, by the ID token's tenant (`tid`) and object id
 * (`oid`) — never by its email claim alone: any tenant's admin can set a user's mail to anyone's
 * address ("nOAuth"). An existing account is bound on its first Microsoft sign-in, by its email
 * matching the token's user principal name (`preferred_username`, on a domain the tenant verified), only
 * when the portal trusts exactly one tenant (`bindingTenant` is that tenant's GUID), the token
 * comes from it, and the user is one of its members: a guest's `preferred_username` is an identity
 * from elsewhere (its home tenant, a personal Microsoft account) that the trusted tenant did not
 * verify. After that only the bound Entra user gets in.
 */
export async function findAccountForEntraSignIn(
  claims: { tenantId?: string; objectId?: string; email?: string; guest?: boolean },
  bindingTenant: string,
): Promise<{ id: string } | null> {
  const { tenantId, objectId, email, guest } = claims;
  if (!tenantId || !objectId) return null;
  const bound = await db.account.findFirst({ where: { entraObjectId: objectId, entraTenantId: tenantId }, select: { id: true } });
  if (bound) return bound;
  const trusted = TENANT_GUID.test(bindingTenant) && tenantId.toLowerCase() === bindingTenant.toLowerCase();
  if (!email || !trusted || guest !== false) return null;
  const address = email.toLowerCase();
  const { count } = await db.account.updateMany({
    where: { email: address, entraObjectId: null },
    data: { entraObjectId: objectId, entraTenantId: tenantId },
  });
  return count === 1 ? db.account.findUnique({ where: { email: address }, select: { id: true } }) : null;
}

export type Viewer = {
  id: string;
  email: string;
  name: string;
  isSupport: boolean;
  solutionIds: string[];
};

/** The account of a session that signed in at `signedInAt` (epoch ms), unless the account has since ended its sessions. */
export async function getViewerById(id: string, signedInAt: number): Promise<Viewer | null> {
  const account = await db.account.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, isSupport: true, sessionsValidFrom: true, memberships: { select: { solutionId: true } } },
  });
  if (!account) return null;
  const { memberships, sessionsValidFrom, ...rest } = account;
  if (sessionsValidFrom && signedInAt < sessionsValidFrom.getTime()) return null;
  return { ...rest, solutionIds: memberships.map((m) => m.solutionId) };
}

/**
 * Signing out, from a session that signed in at `signedInAt`: every session of the account that signed
 * in before now is refused from here on. A session already ended (a copied cookie) ends nothing.
 */
export async function endSessions(accountId: string, signedInAt: number): Promise<void> {
  await db.account.updateMany({
    where: { id: accountId, OR: [{ sessionsValidFrom: null }, { sessionsValidFrom: { lte: new Date(signedInAt) } }] },
    data: { sessionsValidFrom: new Date() },
  });
}
