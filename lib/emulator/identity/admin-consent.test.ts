// The portal's automated setup completes only when the consent callback is parsed exactly as Entra
// sends it — including v2's `admin_consent=True` next to an error — so the redirects must match.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSENT_DEMO_TENANT, CUSTOMER_APP, DEMO_TENANT, PROVIDER_APP } from "../../demo/demo-directory";
import { GRAPH_SCOPE, appIn, decodeJwt, requestToken, startTestEmulator } from "../test-harness";

let emu: Awaited<ReturnType<typeof startTestEmulator>>;
const REDIRECT = "http://localhost:3000/api/consent/callback";

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

async function decide(path: string, params: Record<string, string>, decision: "accept" | "cancel", extra: Record<string, string> = {}) {
  const query = new URLSearchParams(params).toString();
  const page = await fetch(`${emu.loginUrl}${path}?${query}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('value="accept"');
  expect(html).toContain('value="cancel"');
  const res = await fetch(`${emu.loginUrl}${path}?${query}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...params, ...extra, decision }).toString(),
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

describe("v1 admin consent", () => {
  // https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow#request-the-permissions-from-a-directory-admin
  const params = { client_id: PROVIDER_APP.clientId, state: "st-v1", redirect_uri: REDIRECT };

  it("cancel → error=permission_denied with the admin-canceled text", async () => {
    const url = await decide(`/${CONSENT_DEMO_TENANT.id}/adminconsent`, params, "cancel");
    expect(`${url.origin}${url.pathname}`).toBe(REDIRECT);
    expect(url.search).toBe("?error=permission_denied&error_description=The+admin+canceled+the+request&state=st-v1");
  });

  it("accept → tenant, state, admin_consent=True and the roles are granted", async () => {
    const url = await decide(`/${CONSENT_DEMO_TENANT.id}/adminconsent`, params, "accept");
    expect(url.search).toBe(`?tenant=${CONSENT_DEMO_TENANT.id}&state=st-v1&admin_consent=True`);
    const provider = appIn(emu, DEMO_TENANT.domain, PROVIDER_APP.displayName);
    const { status, body } = await requestToken(emu, CONSENT_DEMO_TENANT.id, { client_id: provider.clientId, client_secret: provider.clientSecret, scope: GRAPH_SCOPE, grant_type: "client_credentials" });
    expect(status).toBe(200);
    expect(decodeJwt(String(body.access_token)).roles).toEqual(["User.Read.All"]);
    await emu.control.revokeConsent(CONSENT_DEMO_TENANT.id, PROVIDER_APP.clientId);
  });

  it("lets the admin pick the organisation when the URL says common", async () => {
    const url = await decide("/common/adminconsent", params, "accept", { tenant: CONSENT_DEMO_TENANT.domain });
    expect(url.searchParams.get("tenant")).toBe(CONSENT_DEMO_TENANT.id);
    await emu.control.revokeConsent(CONSENT_DEMO_TENANT.id, PROVIDER_APP.clientId);
  });
});

describe("v2 admin consent", () => {
  // https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent
  const params = { client_id: PROVIDER_APP.clientId, scope: GRAPH_SCOPE, redirect_uri: REDIRECT, state: "st-v2" };

  it("accept → admin_consent=True, tenant, granted scope, state", async () => {
    const url = await decide(`/${CONSENT_DEMO_TENANT.domain}/v2.0/adminconsent`, params, "accept");
    expect([...url.searchParams.keys()]).toEqual(["admin_consent", "tenant", "scope", "state"]);
    expect(url.searchParams.get("admin_consent")).toBe("True");
    expect(url.searchParams.get("tenant")).toBe(CONSENT_DEMO_TENANT.id);
    expect(url.searchParams.get("scope")).toBe("https://graph.microsoft.com/User.Read.All");
    expect(url.searchParams.get("state")).toBe("st-v2");
    expect((await emu.control.state()).consents).toContainEqual(expect.objectContaining({ tenantId: CONSENT_DEMO_TENANT.id, clientId: PROVIDER_APP.clientId, roles: ["User.Read.All"] }));
    await emu.control.revokeConsent(CONSENT_DEMO_TENANT.id, PROVIDER_APP.clientId);
  });

  it("cancel → admin_consent=True together with error and an AADSTS65004 description", async () => {
    const url = await decide(`/${CONSENT_DEMO_TENANT.id}/v2.0/adminconsent`, params, "cancel");
    expect(url.searchParams.get("admin_consent")).toBe("True");
    expect(url.searchParams.get("error")).toBe("consent_required");
    expect(url.searchParams.get("error_description")).toMatch(/^AADSTS65004: /);
    expect(url.searchParams.get("state")).toBe("st-v2");
    expect(url.searchParams.has("tenant")).toBe(false);
    expect((await emu.control.state()).consents.some((c) => c.tenantId === CONSENT_DEMO_TENANT.id)).toBe(false);
  });

  it("shows an error page, not a redirect, for an app that cannot be consented there", async () => {
    const res = await fetch(`${emu.loginUrl}/${CONSENT_DEMO_TENANT.id}/v2.0/adminconsent?${new URLSearchParams({ ...params, client_id: CUSTOMER_APP.clientId })}`, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("AADSTS700016");
  });

  it("shows AADSTS900144 when redirect_uri is missing", async () => {
    const res = await fetch(`${emu.loginUrl}/${CONSENT_DEMO_TENANT.id}/v2.0/adminconsent?client_id=${PROVIDER_APP.clientId}&scope=${encodeURIComponent(GRAPH_SCOPE)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("AADSTS900144");
  });
});
