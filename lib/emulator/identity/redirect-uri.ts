/**
 * Redirect URI rules of the identity platform (https://learn.microsoft.com/en-us/entra/identity-platform/reply-url):
 * a request's `redirect_uri` must be absolute (else AADSTS90102) and match a registered one (else AADSTS50011).
 */

/** Loopback hosts whose port is ignored when matching; `[::1]` is "not currently supported" by Entra. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1"]);

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

export function isAbsoluteUri(uri: string): boolean {
  return parse(uri) !== undefined;
}

/**
 * The form two redirect URIs are compared in: scheme and host are case-insensitive, the path is
 * case-sensitive ("must match the case of the URL path"), and a bare origin reads as `/`. For
 * localhost and 127.0.0.1 the port is dropped: "the port component … is ignored for the purposes of
 * matching a redirect URI" (reply-url#localhost-exceptions, after RFC 8252 §7.3/§8.3).
 */
function comparable(uri: string): string | undefined {
  const url = parse(uri);
  if (!url) return undefined;
  if (LOOPBACK_HOSTS.has(url.hostname)) url.port = "";
  return url.href;
}

export function isRegisteredRedirectUri(registered: readonly string[], requested: string): boolean {
  const wanted = comparable(requested);
  return wanted !== undefined && registered.some((uri) => comparable(uri) === wanted);
}
