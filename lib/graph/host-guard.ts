import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { requestUrl } from "./request-headers";
import { GraphConfigError, NextLinkHostError } from "./typed-errors";

/**
 * The configured Graph endpoint. It must be a bare https origin: the SDK sends no token over http,
 * mangles http nextLinks, and reads the first path segment of an absolute URL as the API version
 * (reference §8), so a base URL with a path would break paging.
 */
export function parseGraphBaseUrl(graphBaseUrl: string): { origin: string; hostname: string } {
  let url: URL;
  try {
    url = new URL(graphBaseUrl);
  } catch {
    throw new GraphConfigError(`Graph base URL '${graphBaseUrl}' is not a URL.`);
  }
  if (url.protocol !== "https:") throw new GraphConfigError(`Graph base URL must use https (got ${url.protocol}).`);
  if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) {
    throw new GraphConfigError(`Graph base URL must be an origin like https://graph.microsoft.com (got ${graphBaseUrl}).`);
  }
  return { origin: url.origin, hostname: url.hostname };
}

function originOf(link: string): string {
  try {
    return new URL(link).origin;
  } catch {
    return "(not a URL)";
  }
}

/** True only for an https URL on exactly the configured origin (scheme, host and port), without userinfo. */
export function isAllowedGraphLink(link: string, allowedOrigin: string): boolean {
  try {
    const url = new URL(link);
    return url.protocol === "https:" && url.origin === allowedOrigin && !url.username && !url.password;
  } catch {
    return false;
  }
}

/**
 * Checks an `@odata.nextLink`/`@odata.deltaLink` before it is followed or stored: a hostile or broken
 * response must not be able to send our bearer token (or the next run's) anywhere else.
 */
export function assertGraphLink(link: unknown, allowedOrigin: string): string {
  if (typeof link !== "string" || !isAllowedGraphLink(link, allowedOrigin)) {
    throw new NextLinkHostError(typeof link === "string" ? originOf(link) : "(not a string)", allowedOrigin);
  }
  return link;
}

/**
 * First in the chain, before authentication: whatever builds a request, nothing leaves for another
 * origin. The SDK alone would still attach the token to graph.microsoft.com URLs when the client is
 * pointed at the emulator, since that host is always "valid" to it.
 */
export class HostGuard implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly allowedOrigin: string) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    assertGraphLink(requestUrl(context), this.allowedOrigin);
    await this.next!.execute(context);
  }
}
