import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDER_APP } from "@/lib/demo/demo-directory";
import { startTestEmulator } from "@/lib/emulator/test-harness";
import { createTokenSource, type CredentialInput } from "./credentials";
import { caught, connect, providerIn, type TestEmulator } from "./emulator-fixture";
import { classifyError } from "./errors";
import { readAllUsers } from "./read-users";
import { MissingPermissionError } from "./typed-errors";

// Without these, a customer whose secret is wrong, whose consent was revoked or who granted only
// User.ReadBasic.All would see "Error" instead of the AADSTS code or the missing permission and what
// to do about it (rule 12, lib/sync/core/README.md). Errors are the real objects @azure/identity and the Graph SDK
// produce from the emulator's Entra-shaped answers
// (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).

let emulator: TestEmulator;
let tenantId: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ seed: [{ users: 30, seed: 7 }] });
  tenantId = emulator.tenants.find((t) => t.userCount === 30)!.id;
});

afterAll(async () => {
  await emulator?.close();
});

/** A fresh single-tenant app in the test tenant (manual setup), so tests never share app state. */
async function manualApp(roles = ["User.Read.All"]): Promise<Extract<CredentialInput, { mode: "manual" }>> {
  const app = await emulator.control.createApp({ homeTenant: tenantId, roles });
  return { mode: "manual", tenant: tenantId, clientId: app.clientId, clientSecret: app.clientSecret };
}

/** A port nothing listens on (fetch refuses some well-known ports outright as "bad port"). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function tokensFor(input: CredentialInput) {
  return createTokenSource(input, { authorityHost: emulator.loginUrl });
}

describe("token errors classified from real @azure/identity errors", () => {
  it("wrong secret → AADSTS7000215", async () => {
    const app = await manualApp();
    const error = await caught(tokensFor({ ...app, clientSecret: "wrong-secret-value" }).getAccessToken());
    const c = classifyError(error);
    expect(c).toMatchObject({ code: "AADSTS7000215", kind: "auth", retryable: false });
    expect(c.message).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    expect(c.message).toMatch(/Correlation ID: [0-9a-f-]{36}\)$/);
    expect(c.message).not.toContain("wrong-secret-value");
  });

  it("expired secret → AADSTS7000222", async () => {
    const app = await manualApp();
    await emulator.control.expireSecret(app.clientId);
    expect(classifyError(await caught(tokensFor(app).getAccessToken()))).toMatchObject({ code: "AADSTS7000222", kind: "auth" });
  });

  it("revoked consent of the provider app → AADSTS700016", async () => {
    const created = await emulator.control.createTenant({ users: 3, seed: 99 });
    const provider = providerIn(emulator, tenantId);
    const input: CredentialInput = { ...provider, tenant: created.id } as CredentialInput;
    expect(await tokensFor(input).getAccessToken()).toMatch(/^ey/);
    await emulator.control.revokeConsent(created.id, PROVIDER_APP.clientId);
    // a new token source: the old one would still hold a cached token, as a running sync would until it expires
    expect(classifyError(await caught(tokensFor(input).getAccessToken()))).toMatchObject({ code: "AADSTS700016", kind: "auth" });
  });

  // @azure/identity reports a failed authority discovery as endpoints_resolution_error only; the token
  // source asks the discovery document again to recover Entra's code (authority-diagnosis.ts).
  it("unknown tenant → AADSTS90002; malformed tenant → AADSTS900023; bad characters → the local tenant check", async () => {
    const app = await manualApp();
    expect(classifyError(await caught(tokensFor({ ...app, tenant: "nosuchtenant.onmicrosoft.com" }).getAccessToken()))).toMatchObject({ code: "AADSTS90002", kind: "config" });
    expect(classifyError(await caught(tokensFor({ ...app, tenant: "not-a-domain" }).getAccessToken()))).toMatchObject({ code: "AADSTS900023", kind: "config" });
    expect(classifyError(await caught((async () => tokensFor({ ...app, tenant: "contoso tenant" }).getAccessToken())()))).toMatchObject({ code: "InvalidTenantId" });
  });

  it("disabled app → AADSTS7000112", async () => {
    const app = await manualApp();
    await emulator.control.disableApp(app.clientId);
    expect(classifyError(await caught(tokensFor(app).getAccessToken()))).toMatchObject({ code: "AADSTS7000112", kind: "auth" });
  });

  it("unreachable sign-in service → a retryable NetworkError naming the socket error", async () => {
    const app = await manualApp();
    const tokens = createTokenSource(app, { authorityHost: `https://127.0.0.1:${await closedPort()}/login` });
    const c = classifyError(await caught(tokens.getAccessToken()));
    expect(c).toMatchObject({ code: "NetworkError", kind: "network", retryable: true });
    expect(c.message).toContain("ECONNREFUSED");
  });
});

describe("granted roles", () => {
  it("reads User.Read.All from the token and lets the sync proceed", async () => {
    const tokens = tokensFor(await manualApp());
    expect(await tokens.grantedRoles()).toEqual(["User.Read.All"]);
    await expect(tokens.requireReadPermission()).resolves.toEqual(["User.Read.All"]);
  });

  // https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0 — ReadBasic is not listed for app-only list users
  it("only User.ReadBasic.All → missingPermissions names User.Read.All, and Graph refuses the enabled-only read", async () => {
    const app = await manualApp(["User.ReadBasic.All"]);
    const tokens = tokensFor(app);
    expect(await tokens.grantedRoles()).toEqual(["User.ReadBasic.All"]);
    const error = await caught(tokens.requireReadPermission());
    expect(error).toBeInstanceOf(MissingPermissionError);
    expect(classifyError(error)).toMatchObject({
      code: "UserReadAllMissing",
      kind: "permission",
      message: "User.ReadBasic.All returns no phone numbers; grant User.Read.All (Application) and admin consent.",
    });
    const { client } = connect(emulator, app);
    const graphError = await caught(readAllUsers({ client, select: ["id", "mobilePhone"], onPage: async () => {} }));
    expect(classifyError(graphError)).toMatchObject({ code: "Authorization_RequestDenied", httpStatus: 403, kind: "permission" });
  });

  it("no role at all → a token without roles, reported as missing User.Read.All", async () => {
    const tokens = tokensFor(await manualApp([]));
    expect(await tokens.grantedRoles()).toEqual([]);
    expect(classifyError(await caught(tokens.requireReadPermission()))).toMatchObject({ code: "UserReadAllMissing" });
  });
});
