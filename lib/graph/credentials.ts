import { AzureAuthorityHosts, ClientSecretCredential } from "@azure/identity";
import { explainDiscoveryFailure, isEndpointsResolutionError } from "./authority-diagnosis";
import { parseGraphBaseUrl } from "./host-guard";
import { missingPermissions, rolesFromAccessToken } from "./permissions";
import { MissingPermissionError, UnexpectedResponseError } from "./typed-errors";

/**
 * App-only tokens always name Graph's own resource with `/.default` (client-credentials flow:
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow). This is
 * the global service's; also what the emulator accepts (it validates the scope's resource and the
 * token's audience as the global Graph's).
 */
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/**
 * Microsoft Graph's service roots, global and national (https://learn.microsoft.com/en-us/graph/deployments).
 * A `.default` scope must name the root of the cloud the token is for, and tokens of one cloud are not
 * accepted by another (https://learn.microsoft.com/en-us/graph/sdks/national-clouds).
 */
const MICROSOFT_GRAPH_HOSTS = new Set(["graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn"]);

/**
 * Each cloud's Entra endpoint → its Graph root, for callers that give no Graph URL (deployments doc).
 * login.microsoftonline.us serves both US Government Graph roots: GCC High (graph.microsoft.us) is
 * assumed; DoD (dod-graph.microsoft.us) needs `graphBaseUrl`. GCC uses the global endpoints.
 */
const GRAPH_ROOT_BY_AUTHORITY: Record<string, string> = {
  "login.microsoftonline.com": "https://graph.microsoft.com",
  "login.microsoftonline.us": "https://graph.microsoft.us",
  "login.chinacloudapi.cn": "https://microsoftgraph.chinacloudapi.cn",
};

/**
 * The `.default` scope for the configured Graph: a Microsoft Graph host's own root, so a national
 * cloud gets a token its Graph accepts. Any other host (the emulator, a test stub) keeps GRAPH_SCOPE,
 * which is what the emulator validates. Without a Graph URL the authority's cloud decides.
 */
export function graphScopeFor(config: { authorityHost: string; graphBaseUrl?: string }): string {
  if (config.graphBaseUrl) {
    // The client refuses the same URL (GraphConfigError); failing here names the setting, not a token error.
    const { hostname } = parseGraphBaseUrl(config.graphBaseUrl);
    return MICROSOFT_GRAPH_HOSTS.has(hostname) ? `https://${hostname}/.default` : GRAPH_SCOPE;
  }
  const root = GRAPH_ROOT_BY_AUTHORITY[new URL(config.authorityHost).hostname.toLowerCase()];
  return root ? `${root}/.default` : GRAPH_SCOPE;
}

export type SetupMode = "automated" | "manual";

export type CredentialInput =
  /** The provider's multi-tenant app, consented in the customer's tenant. */
  | { mode: "automated"; tenant: string; provider: { clientId: string; clientSecret: string } }
  /** The customer's own app registration; the secret arrives already decrypted. */
  | { mode: "manual"; tenant: string; clientId: string; clientSecret: string };

export interface TokenSourceConfig {
  /** `https://login.microsoftonline.com` in production, the emulator's login URL in tests and the demo. */
  authorityHost: string;
  /**
   * The Graph the token is for (GRAPH_BASE_URL): decides the scope (graphScopeFor). Pass it: without it
   * the authority's cloud is assumed, which cannot tell US Government DoD from GCC High.
   */
  graphBaseUrl?: string;
}

export interface TokenSource {
  readonly mode: SetupMode;
  readonly tenant: string;
  readonly clientId: string;
  /** A valid Graph access token; @azure/identity caches it and renews it before it expires. */
  getAccessToken(): Promise<string>;
  /** Application permissions granted in the tenant (the token's `roles`), or null if the token is opaque. */
  grantedRoles(): Promise<string[] | null>;
  /** Throws MissingPermissionError when the sync cannot read users; returns the granted roles otherwise. */
  requireReadPermission(): Promise<string[] | null>;
}

const MICROSOFT_AUTHORITIES = new Set<string>(Object.values(AzureAuthorityHosts).map((h) => new URL(h).origin));

/** Whether the authority is one of Microsoft's clouds (instance discovery works) or a stand-in like the emulator. */
export function isMicrosoftAuthority(authorityHost: string): boolean {
  return MICROSOFT_AUTHORITIES.has(new URL(authorityHost).origin);
}

export function createTokenSource(input: CredentialInput, config: TokenSourceConfig): TokenSource {
  const { clientId, clientSecret } = input.mode === "automated" ? input.provider : input;
  // Keep any path: the emulator serves its tenants below `/login`, like login.microsoftonline.com does at `/`.
  const authorityHost = config.authorityHost.replace(/\/+$/, "");
  const scope = graphScopeFor({ authorityHost, graphBaseUrl: config.graphBaseUrl });
  // Instance discovery asks login.microsoftonline.com whether the authority is trusted; for the
  // emulator that call can only fail (endpoints_resolution_error), so the host is declared known.
  const credential = new ClientSecretCredential(input.tenant, clientId, clientSecret, {
    authorityHost,
    disableInstanceDiscovery: !isMicrosoftAuthority(authorityHost),
  });

  async function getAccessToken(): Promise<string> {
    let token;
    try {
      token = await credential.getToken(scope);
    } catch (error) {
      throw isEndpointsResolutionError(error) ? await explainDiscoveryFailure(authorityHost, input.tenant, error) : error;
    }
    if (!token?.token) throw new UnexpectedResponseError("The token endpoint returned no access token.");
    return token.token;
  }

  async function grantedRoles(): Promise<string[] | null> {
    return rolesFromAccessToken(await getAccessToken());
  }

  return {
    mode: input.mode,
    tenant: input.tenant,
    clientId,
    getAccessToken,
    grantedRoles,
    async requireReadPermission() {
      const roles = await grantedRoles();
      const gap = roles === null ? null : missingPermissions(roles);
      if (gap) throw new MissingPermissionError(gap);
      return roles;
    },
  };
}
