import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDER_APP } from "@/lib/demo/demo-directory";
import { startTestEmulator } from "@/lib/emulator/test-harness";
import { caught, connect, providerIn, type TestEmulator } from "./emulator-fixture";
import { classifyError } from "./errors";
import { readAllUsers } from "./read-users";

// Without this, a secret that expires (or is rotated) while a long full read pages is stored as
// "UnexpectedError", retryable, instead of AADSTS7000222 with "create a new secret": the token refresh
// fails inside the Graph SDK, which flattens the credential's error into GraphError{statusCode: -1}.
// Entra's answer for an expired secret: AADSTS7000222, invalid_client, 401
// (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes; reference §6).

let emulator: TestEmulator;
let tenantId: string;
beforeAll(async () => {
  emulator = await startTestEmulator({ seed: [{ users: 3000, seed: 5 }] });
  tenantId = emulator.tenants.find((t) => t.userCount === 3000)!.id;
});
afterAll(async () => emulator?.close());

describe("a token refresh failing mid-read", () => {
  it("is classified by its AADSTS code, not UnexpectedError", async () => {
    // Tokens live 2 s: after page 1 (the secret expires meanwhile) the credential must ask Entra again.
    await emulator.control.setTokenLifetime(2);
    const { tokens, client } = connect(emulator, providerIn(emulator, tenantId));
    await tokens.requireReadPermission();
    let pages = 0;
    const error = await caught(
      readAllUsers({
        client,
        select: ["id", "accountEnabled"],
        onPage: async () => {
          if (++pages === 1) await emulator.control.expireSecret(PROVIDER_APP.clientId);
        },
      }),
    );
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThan(4); // 3000 users = 4 pages of 999: the read stopped early
    expect(error).toMatchObject({ statusCode: -1 });
    const classified = classifyError(error);
    expect(classified).toMatchObject({ code: "AADSTS7000222", kind: "auth", retryable: false });
    expect(classified.message).toMatch(/^AADSTS7000222: The provided client secret keys for app '.+' are expired\..*\(Correlation ID: [0-9a-f-]{36}\)$/);
  });
});
