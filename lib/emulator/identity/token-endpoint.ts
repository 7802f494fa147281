import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { stableGuid } from "../../demo/deterministic";
import { AadstsError, aadstsResponse } from "./aadsts";
import { GRAPH_AUDIENCE, GRAPH_AUDIENCES, type AccessTokenClaims } from "./jwt";
import { OIDC_SCOPES } from "./scopes";
import { resolveTenantSegment } from "./tenant-segment";
import { header, readBody, sendJson } from "../http-util";
import type { EmulatorContext } from "../context";
import type { AppRegistration, Tenant } from "../state/emulator-state";


const NO_CACHE = { "cache-control": "no-store, no-cache", pragma: "no-cache" };

interface ClientCredentials {
  clientId?: string;
  secret?: string;
}

/** Secret in the body or as HTTP Basic (RFC 6749 §2.3.1: both parts form-url-encoded). */
function readCredentials(req: IncomingMessage, form: URLSearchParams): ClientCredentials {
  const auth = header(req, "authorization");
  if (auth?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(auth.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
      return { clientId: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
    }
  }
  return { clientId: form.get("client_id") ?? undefined, secret: form.get("client_secret") ?? undefined };
}

/**
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow — one resource, `/.default`.
 * Any other single scope — a permission URI, a bare `User.Read.All` (Graph's, per scopes-oidc) or only `openid` —
 * is AADSTS1002012, naming that scope (microsoftgraph/microsoft-graph-docs#14323, ctron/oidc-cli#7).
 */
function checkScope(scope: string, tenant: Tenant): void {
  const parts = scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s.toLowerCase()));
  if (parts.length > 1) throw new AadstsError(70011, { scope });
  const only = parts[0] ?? scope.trim();
  if (parts.length === 0 || !/\/\.default$/i.test(only)) throw new AadstsError(1002012, { scope: only });
  const resource = only.replace(/\/+\.default$/i, "");
  if (!GRAPH_AUDIENCES.has(resource.toLowerCase())) {
    throw new AadstsError(500011, { resource, tenantName: tenant.displayName });
  }
}

function checkSecret(app: AppRegistration, secret: string, now: number): void {
  const match = app.secrets.find((s) => s.value === secret);
  if (!match) throw new AadstsError(7000215, { appId: app.clientId });
  if (Date.parse(match.endDateTime) <= now) throw new AadstsError(7000222, { appId: app.clientId });
}

export function issueAccessToken(
  ctx: EmulatorContext,
  input: { tenant: Tenant; app: AppRegistration; roles: string[]; lifetimeSeconds?: number; audience?: string; notBeforeOffsetSeconds?: number },
): { token: string; expiresIn: number } {
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = input.lifetimeSeconds ?? ctx.state.tokenLifetimeSeconds;
  // Graph's app-only tokens are v1 tokens issued by sts.windows.net whichever endpoint minted them.
  const iss = `https://sts.windows.net/${input.tenant.id}/`;
  // The app's service principal in this tenant: stable per tenant × app, like a real object id.
  const servicePrincipalId = stableGuid(`service-principal:${input.tenant.id}:${input.app.clientId}`);
  const claims: AccessTokenClaims = {
    aud: input.audience ?? GRAPH_AUDIENCE,
    iss,
    iat: now,
    nbf: now + (input.notBeforeOffsetSeconds ?? 0),
    exp: now + expiresIn,
    app_displayname: input.app.displayName,
    appid: input.app.clientId,
    appidacr: "1",
    idp: iss,
    idtyp: "app",
    oid: servicePrincipalId,
    // A client-credentials token is issued even when nothing is consented: it just has no `roles`
    // claim and Graph answers 403 (reference §5).
    ...(input.roles.length ? { roles: input.roles } : {}),
    sub: servicePrincipalId,
    tid: input.tenant.id,
    uti: randomUUID().replace(/-/g, "").slice(0, 22),
    ver: "1.0",
  };
  return { token: ctx.signer.sign(claims), expiresIn };
}

export async function handleTokenRequest(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, tenantSegment: string, query: URLSearchParams): Promise<void> {
  const form = new URLSearchParams(await readBody(req));
  // MSAL sends client-request-id in the query string; Entra echoes it as the correlation id.
  const correlationId = form.get("client-request-id") ?? query.get("client-request-id") ?? header(req, "client-request-id");
  try {
    const resolved = resolveTenantSegment(ctx.state, tenantSegment);
    if (resolved.kind === "alias") throw new AadstsError(50059);
    const tenant = resolved.tenant;

    const grantType = form.get("grant_type");
    if (!grantType) throw new AadstsError(900144, { name: "grant_type" });
    if (grantType !== "client_credentials") throw new AadstsError(70003);
    const { clientId, secret } = readCredentials(req, form);
    if (!clientId) throw new AadstsError(900144, { name: "client_id" });
    const scope = form.get("scope");
    if (!scope) throw new AadstsError(900144, { name: "scope" });
    if (!secret) throw new AadstsError(7000218);
    checkScope(scope, tenant);

    const app = ctx.state.apps.get(clientId.toLowerCase());
    if (!app || !ctx.state.appPresentIn(app, tenant.id)) {
      throw new AadstsError(700016, { appId: clientId, tenant: tenant.displayName });
    }
    if (app.disabled) throw new AadstsError(7000112, { appId: app.clientId, appName: app.displayName });
    checkSecret(app, secret, Date.now());

    const { token, expiresIn } = issueAccessToken(ctx, { tenant, app, roles: ctx.state.grantedRoles(app, tenant.id) });
    ctx.log.annotate(req, { tenantId: tenant.id, clientId: app.clientId });
    sendJson(res, 200, { token_type: "Bearer", expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token }, NO_CACHE);
  } catch (error) {
    if (!(error instanceof AadstsError)) throw error;
    const { status, body } = aadstsResponse(error, correlationId);
    sendJson(res, status, body, NO_CACHE);
  }
}
