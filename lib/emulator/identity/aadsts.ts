import { randomUUID } from "node:crypto";

/**
 * Entra token-endpoint errors (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
 * Texts follow Microsoft's (they say "subject to change"); clients must branch on `error_codes`.
 */
interface AadstsDef {
  error: string;
  status: number;
  text: (p: Record<string, string>) => string;
}

const CATALOGUE: Record<number, AadstsDef> = {
  7000215: {
    error: "invalid_client",
    status: 401,
    text: (p) =>
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${p.appId}'.`,
  },
  7000222: {
    error: "invalid_client",
    status: 401,
    text: (p) =>
      `The provided client secret keys for app '${p.appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
  },
  // [unconfirmed] status: the reference (§6) gives none; 401 like the other invalid_client answers.
  7000218: {
    error: "invalid_client",
    status: 401,
    text: () => "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  },
  // Status 400 as seen in public logs; Microsoft's table gives none.
  700016: {
    error: "unauthorized_client",
    status: 400,
    text: (p) =>
      `Application with identifier '${p.appId}' was not found in the directory '${p.tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  },
  // [unconfirmed] status; Entra's code name is UnauthorizedClientApplicationDisabled.
  7000112: { error: "unauthorized_client", status: 400, text: (p) => `Application '${p.appId}'(${p.appName}) is disabled.` },
  90002: {
    error: "invalid_request",
    status: 400,
    text: (p) =>
      `Tenant '${p.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  },
  // [unconfirmed] Not in Microsoft's table; text and "400?" as observed in public logs (reference §6).
  900023: {
    error: "invalid_request",
    status: 400,
    text: (p) => `Specified tenant identifier '${p.tenant}' is neither a valid DNS name, nor a valid external domain.`,
  },
  900144: { error: "invalid_request", status: 400, text: (p) => `The request body must contain the following parameter: '${p.name}'.` },
  1002012: {
    error: "invalid_scope",
    status: 400,
    text: (p) =>
      `The provided value for scope ${p.scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  },
  70011: {
    error: "invalid_scope",
    status: 400,
    text: (p) => `The provided value for the input parameter 'scope' is not valid. The scope ${p.scope} is not valid.${p.reason ? ` ${p.reason}` : ""}`,
  },
  // [unconfirmed] status "400?" in the reference (§6); 400 like the other invalid_* answers.
  500011: {
    error: "invalid_resource",
    status: 400,
    text: (p) =>
      `The resource principal named ${p.resource} was not found in the tenant named ${p.tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  },
  // 70003 and 50059: not in the reference; error and text from Entra's error-code table
  // (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes), status 400 [unconfirmed].
  70003: { error: "unsupported_grant_type", status: 400, text: () => "The app requested an unsupported grant type." },
  50059: {
    error: "invalid_request",
    status: 400,
    text: () => "No tenant-identifying information found in either the request or implied by any provided credentials.",
  },
  // The v2 admin-consent doc's error example (https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent).
  65004: { error: "consent_required", status: 400, text: () => "The resource owner or authorization server denied the request." },
  // 50011 and 90102 are shown on Entra's own error page (never redirected: the redirect URI is the problem),
  // so `error`/`status` are never sent. Text of 50011 as Entra shows it today
  // (https://learn.microsoft.com/en-us/troubleshoot/azure/active-directory/error-code-aadsts50011-redirect-uri-mismatch).
  50011: {
    error: "invalid_request",
    status: 400,
    text: (p) =>
      `The redirect URI '${p.redirectUri}' specified in the request does not match the redirect URIs configured for the application '${p.appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
  },
  // Text as observed in public reports (e.g. microsoftgraph/aspnet-security-api-sample#45).
  90102: { error: "invalid_request", status: 400, text: () => "'redirect_uri' value must be a valid absolute URI." },
};

export class AadstsError extends Error {
  constructor(
    readonly code: number,
    readonly params: Record<string, string> = {},
  ) {
    super(`AADSTS${code}`);
  }
}

/** Entra's timestamp format: `2022-10-31 09:03:41Z`. */
export function entraTimestamp(date = new Date()): string {
  return date.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

export function aadstsDescription(code: number, params: Record<string, string>, ids: { traceId: string; correlationId: string; timestamp: string }): string {
  const def = CATALOGUE[code];
  return `AADSTS${code}: ${def.text(params)}\r\nTrace ID: ${ids.traceId}\r\nCorrelation ID: ${ids.correlationId}\r\nTimestamp: ${ids.timestamp}`;
}

export function aadstsResponse(error: AadstsError, correlationId?: string): { status: number; body: Record<string, unknown> } {
  const def = CATALOGUE[error.code];
  const ids = { traceId: randomUUID(), correlationId: correlationId ?? randomUUID(), timestamp: entraTimestamp() };
  return {
    status: def.status,
    body: {
      error: def.error,
      error_description: aadstsDescription(error.code, error.params, ids),
      error_codes: [error.code],
      timestamp: ids.timestamp,
      trace_id: ids.traceId,
      correlation_id: ids.correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${error.code}`,
    },
  };
}
