import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { createSolution, uniqueId } from "@/lib/testing/fixtures";
import { findAccountForSignIn, getViewerById } from "./accounts";

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
    expect(await getViewerById(account.id)).toEqual({ id: account.id, email, name: "A", isSupport: false, solutionIds: [solution.id] });
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
