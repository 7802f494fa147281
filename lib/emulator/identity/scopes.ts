import { GRAPH_AUDIENCE, GRAPH_AUDIENCES } from "./jwt";

/** OIDC scopes MSAL and consent URLs may add; they do not name a resource. */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(["openid", "profile", "offline_access", "email"]);

/** The `scope` of a v2 admin-consent request, as far as the emulator (Graph is its only resource) can grant it. */
export type ConsentScope =
  /** `https://graph.microsoft.com/.default`: every permission the registration requires, app roles included. */
  | { kind: "default" }
  /** Dynamic Graph scopes (as full URIs): delegated permissions, which the emulator records no roles for. */
  | { kind: "delegated"; scopes: string[] }
  | { kind: "invalid"; code: number; params: Record<string, string> };

/**
 * Reads `scope` per https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent ("In order to
 * request app permissions, you must use the /.default value") and
 * https://learn.microsoft.com/en-us/entra/identity-platform/scopes-oidc (a scope without a resource identifier
 * means Microsoft Graph: `User.Read` = `https://graph.microsoft.com/User.Read`).
 */
export function readConsentScope(scope: string): ConsentScope {
  const requested = scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s.toLowerCase()));
  const graphScopes: string[] = [];
  for (const value of requested) {
    const slash = value.lastIndexOf("/");
    const resource = slash < 0 ? GRAPH_AUDIENCE : value.slice(0, slash);
    const permission = value.slice(slash + 1);
    // [unconfirmed] which code Entra's consent endpoint gives a scope of another (here: unknown) resource;
    // invalid_scope/AADSTS70011 is its documented answer to a scope it cannot use.
    if (!permission || !GRAPH_AUDIENCES.has(resource.toLowerCase())) return { kind: "invalid", code: 70011, params: { scope: value } };
    graphScopes.push(`${GRAPH_AUDIENCE}/${permission}`);
  }
  const isDefault = (s: string) => s.toLowerCase() === `${GRAPH_AUDIENCE}/.default`;
  if (!graphScopes.some(isDefault)) return { kind: "delegated", scopes: graphScopes };
  // Text as Entra's authorize endpoint words it (observed: oauth2-proxy/oauth2-proxy#2158).
  if (graphScopes.length > 1) return { kind: "invalid", code: 70011, params: { scope, reason: ".default scope can't be combined with resource-specific scopes." } };
  return { kind: "default" };
}
