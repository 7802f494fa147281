import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { AadstsError, aadstsDescription, aadstsResponse, entraTimestamp } from "./aadsts";
import { GRAPH_AUDIENCE } from "./jwt";
import { consentPage, errorPage, type ConsentPermission } from "./consent-page";
import { isAbsoluteUri, isRegisteredRedirectUri } from "./redirect-uri";
import { readConsentScope, type ConsentScope } from "./scopes";
import { resolveTenantSegment, type TenantSegment } from "./tenant-segment";
import { readBody, redirect, send } from "../http-util";
import type { EmulatorContext } from "../context";
import type { AppRegistration, Tenant } from "../state/emulator-state";

/**
 * Admin consent, v1 (`/{tenant}/adminconsent`, https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow)
 * and v2 (`/{tenant}/v2.0/adminconsent`, https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent).
 * The emulator has no signed-in admin: the page itself is the admin's decision.
 */
type Version = "v1" | "v2";

const HTML = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" };

function fail(res: ServerResponse, code: number, params: Record<string, string>): void {
  const description = aadstsDescription(code, params, { traceId: randomUUID(), correlationId: randomUUID(), timestamp: entraTimestamp() });
  send(res, 400, errorPage(description), HTML);
}

function withQuery(base: string, params: [string, string][]): string {
  const url = new URL(base);
  for (const [k, v] of params) url.searchParams.append(k, v);
  return url.toString();
}

interface ConsentRequest {
  app: AppRegistration;
  tenants: Tenant | Tenant[];
  /** `common`, `organizations` or `consumers` when the URL named no tenant. */
  alias: string | null;
  /** Absolute and registered for the app: only then may Entra send the browser there. */
  redirectUri: string;
  state: string | null;
  /** v2 only (v1 consents to everything the registration requires). */
  scope: ConsentScope | null;
}

/**
 * What Entra checks before it can trust `redirect_uri`; every failure here is shown on its own error
 * page, since redirecting to an unchecked URI would make the endpoint an open redirector.
 */
function validate(ctx: EmulatorContext, version: Version, tenantSegment: string, params: URLSearchParams, res: ServerResponse): ConsentRequest | undefined {
  let resolved: TenantSegment;
  try {
    resolved = resolveTenantSegment(ctx.state, tenantSegment);
  } catch (error) {
    if (error instanceof AadstsError) return void fail(res, error.code, error.params);
    throw error;
  }
  const tenants = resolved.kind === "tenant" ? resolved.tenant : [...ctx.state.tenants.values()];
  for (const name of version === "v2" ? ["client_id", "redirect_uri", "scope"] : ["client_id", "redirect_uri"]) {
    if (!params.get(name)) return void fail(res, 900144, { name });
  }
  const redirectUri = params.get("redirect_uri")!;
  if (!isAbsoluteUri(redirectUri)) return void fail(res, 90102, {});
  const clientId = params.get("client_id")!;
  const app = ctx.state.apps.get(clientId.toLowerCase());
  if (!app) return void fail(res, 700016, { appId: clientId, tenant: Array.isArray(tenants) ? "common" : tenants.displayName });
  if (app.disabled) return void fail(res, 7000112, { appId: app.clientId, appName: app.displayName });
  if (!Array.isArray(tenants) && !app.multiTenant && app.homeTenantId !== tenants.id) {
    return void fail(res, 700016, { appId: clientId, tenant: tenants.displayName });
  }
  // "It must exactly match one of the redirect URIs that you registered" (v2-admin-consent; v1 alike).
  if (!isRegisteredRedirectUri(app.redirectUris, redirectUri)) return void fail(res, 50011, { redirectUri, appId: app.clientId });
  return {
    app,
    tenants,
    alias: resolved.kind === "alias" ? resolved.alias : null,
    redirectUri,
    state: params.get("state"),
    scope: version === "v2" ? readConsentScope(params.get("scope")!) : null,
  };
}

const stateParam = (request: ConsentRequest): [string, string][] => (request.state != null ? [["state", request.state]] : []);

/** v2 request errors that Entra reports to the (now trusted) redirect URI straight away, without a prompt. */
function v2Rejection(request: ConsentRequest): [string, string][] | undefined {
  if (request.alias === "common" || request.alias === "consumers") {
    // v2-admin-consent: "Do not use 'common', as personal accounts cannot provide admin consent except in the
    // context of a tenant." [unconfirmed] Entra's answer is undocumented: this is what common/v2.0/adminconsent
    // returned in MicrosoftDocs/azure-docs#45151 (2019); `consumers` (personal accounts only) is treated alike.
    return [["error", "invalid_request"], ["error_description", "The provided request must include a 'response_type' input parameter."], ...stateParam(request)];
  }
  if (request.scope?.kind === "invalid") {
    // Shaped like the documented error response: admin_consent=True next to the error.
    const { body } = aadstsResponse(new AadstsError(request.scope.code, request.scope.params));
    return [["admin_consent", "True"], ["error", String(body.error)], ["error_description", String(body.error_description)], ...stateParam(request)];
  }
  return undefined;
}

/** What the prompt lists: the registration's app roles for v1 and `/.default`, else the delegated scopes asked for. */
function requestedPermissions(request: ConsentRequest): ConsentPermission[] {
  if (request.scope?.kind === "delegated") return request.scope.scopes.map((s) => ({ name: s.slice(GRAPH_AUDIENCE.length + 1), type: "delegated" }));
  return request.app.requestedRoles.map((name) => ({ name, type: "application" }));
}

export async function handleAdminConsent(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, version: Version, tenantSegment: string, query: URLSearchParams): Promise<void> {
  // The prompt posts its decision with every original parameter as a hidden field.
  const params = req.method === "GET" ? query : new URLSearchParams(await readBody(req));
  const request = validate(ctx, version, tenantSegment, params, res);
  if (!request) return;
  const rejection = version === "v2" ? v2Rejection(request) : undefined;
  if (rejection) return redirect(res, withQuery(request.redirectUri, rejection));

  if (req.method === "GET") {
    const home = ctx.state.tenants.get(request.app.homeTenantId);
    const hidden: Record<string, string> = {};
    for (const [k, v] of query) hidden[k] = v;
    send(res, 200, consentPage({ appName: request.app.displayName, publisherTenant: home?.displayName ?? "", permissions: requestedPermissions(request), tenant: request.tenants, hidden }), HTML);
    return;
  }
  const tenant = Array.isArray(request.tenants) ? ctx.state.findTenant(params.get("tenant") ?? "") : request.tenants;
  if (!tenant) return fail(res, 90002, { tenant: params.get("tenant") ?? "" });
  const state = stateParam(request);

  if (params.get("decision") !== "accept") {
    if (version === "v1") {
      // Documented as `?error=permission_denied&error_description=The+admin+canceled+the+request`;
      // `state` is appended as OAuth requires so the caller can match the callback.
      return redirect(res, withQuery(request.redirectUri, [["error", "permission_denied"], ["error_description", "The admin canceled the request"], ...state]));
    }
    // v2 reports `admin_consent=True` even on failure; the documented error is consent_required/AADSTS65004.
    const description = aadstsDescription(65004, {}, { traceId: randomUUID(), correlationId: randomUUID(), timestamp: entraTimestamp() });
    return redirect(res, withQuery(request.redirectUri, [["admin_consent", "True"], ["error", "consent_required"], ["error_description", description], ...state]));
  }

  if (!request.app.multiTenant && request.app.homeTenantId !== tenant.id) {
    return fail(res, 700016, { appId: request.app.clientId, tenant: tenant.displayName });
  }
  if (request.scope?.kind === "delegated") {
    // Delegated permissions only: the app gets its service principal in the tenant (so client credentials
    // stop failing with AADSTS700016) but no app role — tokens carry no `roles` and Graph answers 403.
    // App roles granted by an earlier `/.default` consent stay.
    ctx.state.setConsent(tenant.id, request.app.clientId, ctx.state.grantedRoles(request.app, tenant.id));
    return redirect(res, withQuery(request.redirectUri, [["admin_consent", "True"], ["tenant", tenant.id], ["scope", request.scope.scopes.join(" ")], ...state]));
  }
  ctx.state.setConsent(tenant.id, request.app.clientId, request.app.requestedRoles);
  if (version === "v1") {
    return redirect(res, withQuery(request.redirectUri, [["tenant", tenant.id], ...state, ["admin_consent", "True"]]));
  }
  const granted = request.app.requestedRoles.map((r) => `${GRAPH_AUDIENCE}/${r}`).join(" ");
  return redirect(res, withQuery(request.redirectUri, [["admin_consent", "True"], ["tenant", tenant.id], ["scope", granted], ...state]));
}
