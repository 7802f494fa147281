import type { IncomingMessage, ServerResponse } from "node:http";
import { AadstsError, aadstsResponse } from "./aadsts";
import { handleAdminConsent } from "./admin-consent";
import { openIdConfiguration } from "./openid-config";
import { resolveTenantSegment } from "./tenant-segment";
import { handleTokenRequest } from "./token-endpoint";
import { sendJson } from "../http-util";
import type { EmulatorContext } from "../context";

function discovery(ctx: EmulatorContext, res: ServerResponse, tenantSegment: string, version: "v1" | "v2"): void {
  try {
    const resolved = resolveTenantSegment(ctx.state, tenantSegment);
    const tenantId = resolved.kind === "tenant" ? resolved.tenant.id : null;
    sendJson(res, 200, openIdConfiguration(ctx.urls, tenantSegment, tenantId, version), { "cache-control": "max-age=86400, private" });
  } catch (error) {
    if (!(error instanceof AadstsError)) throw error;
    // login.microsoftonline.com answers discovery for an unknown tenant with `invalid_tenant`, so
    // MSAL reports endpoints_resolution_error before it ever reaches the token endpoint.
    const { status, body } = aadstsResponse(error);
    sendJson(res, status, { ...body, error: "invalid_tenant" });
  }
}

/** Routes below `/login`; `segments` excludes the `login` prefix. Returns false when nothing matched. */
export async function routeIdentity(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, segments: string[], query: URLSearchParams): Promise<boolean> {
  const [tenant, ...rest] = segments;
  if (!tenant) return false;
  const path = rest.join("/").toLowerCase();
  const method = req.method ?? "GET";

  if (path === "oauth2/v2.0/token" && method === "POST") {
    await handleTokenRequest(ctx, req, res, tenant, query);
    return true;
  }
  if (path === "v2.0/.well-known/openid-configuration" && method === "GET") {
    discovery(ctx, res, tenant, "v2");
    return true;
  }
  if (path === ".well-known/openid-configuration" && method === "GET") {
    discovery(ctx, res, tenant, "v1");
    return true;
  }
  if ((path === "adminconsent" || path === "v2.0/adminconsent") && (method === "GET" || method === "POST")) {
    await handleAdminConsent(ctx, req, res, path === "adminconsent" ? "v1" : "v2", tenant, query);
    return true;
  }
  if ((path === "discovery/v2.0/keys" || path === "discovery/keys") && method === "GET") {
    // Emulator tokens are HMAC-signed and opaque to clients, so there is no public key to publish.
    sendJson(res, 200, { keys: [] });
    return true;
  }
  return false;
}
