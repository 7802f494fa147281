import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { createSolution, uniqueId } from "@/lib/testing/fixtures";
import { endSessions, findAccountForEntraSignIn, findAccountForSignIn, getViewerById } from "./accounts";

// Password hashes and client secrets must never leave the database by accident.
describe("accounts", () => {
  it("reads the password hash only where sign-in asks for it by name", async () => {
    const email = `${uniqueId("admin")}@example.test`;
    const solution = await createSolution();
    const account = await db.account.create({
      data: { email, name: "A", passwordHash: await hashPassword("correct horse"), memberships: { create: { solutionId: solution.id } } },
    });
    expect(account).not.toHaveProperty("passwordHash");
    const forSignIn = await findAccountForSignIn(email);
    expect(await verifyPassword("correct horse", forSignIn!.passwordHash!)).toBe(true);
    expect(await verifyPassword("wrong", forSignIn!.passwordHash!)).toBe(false);
    expect(await getViewerById(account.id, Date.now())).toEqual({ id: account.id, email, name: "A", isSupport: false, solutionIds: [solution.id] });
  });

  it("signing out ends every session the account signed in before it; a later sign-in is a new session", async () => {
    const solution = await createSolution();
    const account = await db.account.create({ data: { email: `${uniqueId("admin")}@example.test`, name: "A", memberships: { create: { solutionId: solution.id } } } });
    const earlier = Date.now() - 60_000; // a session signed in a minute ago (this device, or a copied cookie)
    expect(await getViewerById(account.id, earlier)).not.toBeNull();
    await endSessions(account.id, earlier);
    expect(await getViewerById(account.id, earlier)).toBeNull();
    expect(await getViewerById(account.id, 0)).toBeNull(); // a session from before sessions carried their sign-in time
    const later = Date.now();
    expect(await getViewerById(account.id, later)).toMatchObject({ id: account.id });
    // A copy of the ended session signing out again (a moment later) does not end the new one.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await endSessions(account.id, earlier);
    expect(await getViewerById(account.id, later)).toMatchObject({ id: account.id });
  });

  it("never returns an integration's encrypted client secret from a default read", async () => {
    const solution = await createSolution();
    const created = await db.integration.create({
      data: { solutionId: solution.id, name: "T", mode: "MANUAL", tenantId: "contoso.example", clientSecretEnc: "v1.sealed" },
    });
    expect(created).not.toHaveProperty("clientSecretEnc");
    const read = await db.integration.findUniqueOrThrow({ where: { id: created.id } });
    expect(read).not.toHaveProperty("clientSecretEnc");
  });
});

// Without this spec anyone who controls some Entra tenant could set a user's mail to a support
// engineer's address and sign in to the portal as that engineer ("nOAuth").
describe("Microsoft sign-in", () => {
  const TRUSTED = "8f3b6c2a-4e1d-4b7a-9c5e-2a1f0d9e7b34";
  const FOREIGN = "0d4e2b1c-9a8f-4c3b-8e7d-6f5a4b3c2d1e";
  const account = async () => db.account.create({ data: { email: `${uniqueId("support")}@switchboard.example`, name: "S", isSupport: true } });

  it("binds an existing account on its first sign-in from the one trusted tenant, then admits only that Entra user", async () => {
    const { id, email } = await account();
    const oid = crypto.randomUUID();
    expect(await findAccountForEntraSignIn({ tenantId: TRUSTED, objectId: oid, email: email.toUpperCase(), guest: false }, TRUSTED)).toEqual({ id });
    expect(await db.account.findUniqueOrThrow({ where: { id }, select: { entraObjectId: true, entraTenantId: true } })).toEqual({ entraObjectId: oid, entraTenantId: TRUSTED });
    // Later sign-ins match on tenant + object id, whatever the email claim says.
    expect(await findAccountForEntraSignIn({ tenantId: TRUSTED, objectId: oid, email: "renamed@contoso.example" }, TRUSTED)).toEqual({ id });
    // Another Entra user claiming the same email no longer gets in.
    expect(await findAccountForEntraSignIn({ tenantId: TRUSTED, objectId: crypto.randomUUID(), email }, TRUSTED)).toBeNull();
  });

  it("does not bind on the sign-in of a guest of the trusted tenant, whose user name that tenant did not verify", async () => {
    const { id, email } = await account();
    expect(await findAccountForEntraSignIn({ tenantId: TRUSTED, objectId: crypto.randomUUID(), email, guest: true }, TRUSTED)).toBeNull();
    expect(await findAccountForEntraSignIn({ tenantId: TRUSTED, objectId: crypto.randomUUID(), email }, TRUSTED)).toBeNull(); // not known to be a member
    expect(await db.account.findUniqueOrThrow({ where: { id }, select: { entraObjectId: true } })).toEqual({ entraObjectId: null });
  });

  it("never matches on the email claim of a token from another tenant, or when the portal trusts any tenant", async () => {
    const { id, email } = await account();
    expect(await findAccountForEntraSignIn({ tenantId: FOREIGN, objectId: crypto.randomUUID(), email }, TRUSTED)).toBeNull();
    expect(await findAccountForEntraSignIn({ tenantId: FOREIGN, objectId: crypto.randomUUID(), email }, "organizations")).toBeNull();
    expect(await findAccountForEntraSignIn({ objectId: crypto.randomUUID(), email }, TRUSTED)).toBeNull();
    expect(await db.account.findUniqueOrThrow({ where: { id }, select: { entraObjectId: true } })).toEqual({ entraObjectId: null });
  });
});
