import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { uniqueId } from "@/lib/testing/fixtures";

// Without this spec a user of the trusted tenant whose mail attribute an admin set to a support
// engineer's address would be bound to that engineer's portal account on first Microsoft sign-in.

const TRUSTED = "8f3b6c2a-4e1d-4b7a-9c5e-2a1f0d9e7b34";
const saved = { ...process.env };
afterAll(() => {
  process.env = { ...saved };
});

async function signInCallback() {
  Object.assign(process.env, { AUTH_ENTRA_TENANT: TRUSTED, AUTH_ENTRA_ID: "portal-app", AUTH_ENTRA_SECRET: "portal-app-secret" });
  vi.resetModules(); // env() and authOptions() cache what they read
  const { authOptions } = await import("./options");
  const signIn = authOptions().callbacks!.signIn!;
  return (profile: Record<string, string>, mailClaim: string) =>
    signIn({ account: { provider: "azure-ad", type: "oauth", providerAccountId: profile.oid }, profile, user: { id: profile.oid, email: mailClaim } } as never);
}

describe("Sign in with Microsoft: binding an existing account", () => {
  it("goes by the token's user principal name, never by its email claim", async () => {
    const attempt = await signInCallback();
    const { id, email } = await db.account.create({ data: { email: `${uniqueId("support")}@switchboard.example`, name: "S", isSupport: true } });
    const bound = () => db.account.findUniqueOrThrow({ where: { id }, select: { entraObjectId: true } });

    // Someone else whose mail attribute was set to the account's address (their UPN is their own).
    expect(await attempt({ tid: TRUSTED, oid: randomUUID(), preferred_username: "mallory@switchboard.example", email }, email)).toBe("/sign-in?error=NoPortalAccount");
    expect(await bound()).toEqual({ entraObjectId: null });

    // A guest of the trusted tenant carrying that address as its user name: an identity from its
    // home tenant (`idp`), which the trusted tenant did not verify.
    const issuer = `https://login.microsoftonline.com/${TRUSTED}/v2.0`;
    const guest = { tid: TRUSTED, oid: randomUUID(), preferred_username: email, iss: issuer, idp: "https://sts.windows.net/0d4e2b1c-9a8f-4c3b-8e7d-6f5a4b3c2d1e/" };
    expect(await attempt(guest, email)).toBe("/sign-in?error=NoPortalAccount");
    expect(await bound()).toEqual({ entraObjectId: null });

    // The person whose user principal name is the account's address (a member: no `idp` of its own).
    const oid = randomUUID();
    expect(await attempt({ tid: TRUSTED, oid, preferred_username: email.toUpperCase(), iss: issuer }, "another-mail@switchboard.example")).toBe(true);
    expect(await bound()).toEqual({ entraObjectId: oid });
  });
});
