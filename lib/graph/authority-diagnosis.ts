import { AuthenticationError } from "@azure/identity";

/**
 * MSAL reads `{authority}/{tenant}/v2.0/.well-known/openid-configuration` before its first token
 * request. When Entra answers that with an error (unknown tenant → AADSTS90002, malformed tenant →
 * AADSTS900023) or cannot be reached at all, @azure/identity reports both as the same
 * `CredentialUnavailableError: endpoints_resolution_error`, and the admin would learn nothing.
 * This asks the same public document once more (no secret involved) to recover the real reason.
 */
export function isEndpointsResolutionError(error: unknown): boolean {
  return error instanceof Error && /endpoints_resolution_error/.test(error.message);
}

/** The error that explains the failed discovery: AuthenticationError with Entra's body, a network error, or the original. */
export async function explainDiscoveryFailure(authorityHost: string, tenant: string, original: unknown): Promise<unknown> {
  const url = `${authorityHost}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
  } catch (network) {
    return network; // classifyError finds ECONNREFUSED, ENOTFOUND, TLS codes in its cause chain
  }
  if (response.ok) return original;
  const text = await response.text().catch(() => "");
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object" && typeof (body as { error?: unknown }).error === "string") {
      return new AuthenticationError(response.status, body);
    }
  } catch {
    // not JSON: fall through
  }
  return original;
}
