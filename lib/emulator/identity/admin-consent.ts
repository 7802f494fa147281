import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { AadstsError, aadstsDescription, entraTimestamp } from "./aadsts";
import { GRAPH_AUDIENCE } from "./jwt";
import { consentPage, errorPage } from "./consent-page";
import { resolveTenantSegment } from "./tenant-segment";
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
  redirectUri: string;
  state: string | null;
  scope: string | null;
}

function validate(ctx: EmulatorContext, version: Version, tenantSegment: string, params: URLSearchParams, res: ServerResponse): ConsentRequest | undefined {
  let tenants: Tenant | Tenant[];
  try {
    const resolved = resolveTenantSegment(ctx.state, tenantSegment);
    tenants = resolved.kind === "tenant" ? resolved.tenant : [...ctx.state.tenants.values()];
  } catch (error) {
    if (error instanceof AadstsError) return void fail(res, error.code, error.params);
    throw error;
  }
  for (const name of version === "v2" ? ["client_id", "redirect_uri", "scope"] : ["client_id", "redirect_uri"]) {
    if (!params.get(name)) return void fail(res, 900144, { name });
  }
  const clientId = params.get("client_id")!;
  const app = ctx.state.apps.get(clientId.toLowerCase());
  if (!app) return void fail(res, 700016, { appId: clientId, tenant: Array.isArray(tenants) ? "common" : tenants.displayName });
  if (app.disabled) return void fail(res, 7000112, { appId: app.clientId, appName: app.displayName });
  if (!Array.isArray(tenants) && !app.multiTenant && app.homeTenantId !== tenants.id) {
    return void fail(res, 700016, { appId: clientId, tenant: tenants.displayName });
  }
  return { app, tenants, redirectUri: params.get("redirect_uri")!, state: params.get("state"), scope: params.get("scope") };
}

export async function handleAdminConsent(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, version: Version, tenantSegment: string, query: URLSearchParams): Promise<void> {
  if (req.method === "GET") {
    const request = validate(ctx, version, tenantSegment, query, res);
    if (!request) return;
    const home = ctx.state.tenants.get(request.app.homeTenantId);
    const hidden: Record<string, string> = {};
    for (const [k, v] of query) hidden[k] = v;
    send(res, 200, consentPage({ appName: request.app.displayName, publisherTenant: home?.displayName ?? "", roles: request.app.requestedRoles, tenant: request.tenants, hidden }), HTML);
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const request = validate(ctx, version, tenantSegment, form, res);
  if (!request) return;
  const tenant = Array.isArray(request.tenants) ? ctx.state.findTenant(form.get("tenant") ?? "") : request.tenants;
  if (!tenant) return fail(res, 90002, { tenant: form.get("tenant") ?? "" });
  const state: [string, string][] = request.state != null ? [["state", request.state]] : [];

  if (form.get("decision") !== "accept") {
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
  ctx.state.setConsent(tenant.id, request.app.clientId, request.app.requestedRoles);
  if (version === "v1") {
    return redirect(res, withQuery(request.redirectUri, [["tenant", tenant.id], ...state, ["admin_consent", "True"]]));
  }
  const granted = request.app.requestedRoles.map((r) => `${GRAPH_AUDIENCE}/${r}`).join(" ");
  return redirect(res, withQuery(request.redirectUri, [["admin_consent", "True"], ["tenant", tenant.id], ["scope", granted], ...state]));
}
