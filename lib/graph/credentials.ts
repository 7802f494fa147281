import { AzureAuthorityHosts, ClientSecretCredential } from "@azure/identity";
import { explainDiscoveryFailure, isEndpointsResolutionError } from "./authority-diagnosis";
import { missingPermissions, rolesFromAccessToken } from "./permissions";
import { MissingPermissionError, UnexpectedResponseError } from "./typed-errors";

/**
 * App-only tokens always name Graph's own resource with `/.default` (client-credentials flow:
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow), also
 * against the emulator, which validates the audience like Graph does.
 */
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

export type SetupMode = "automated" | "manual";

export type CredentialInput =
  /** The provider's multi-tenant app, consented in the customer's tenant. */
  | { mode: "automated"; tenant: string; provider: { clientId: string; clientSecret: string } }
  /** The customer's own app registration; the secret arrives already decrypted. */
  | { mode: "manual"; tenant: string; clientId: string; clientSecret: string };

export interface TokenSourceConfig {
  /** `https://login.microsoftonline.com` in production, the emulator's login URL in tests and the demo. */
  authorityHost: string;
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
  // Instance discovery asks login.microsoftonline.com whether the authority is trusted; for the
  // emulator that call can only fail (endpoints_resolution_error), so the host is declared known.
  const credential = new ClientSecretCredential(input.tenant, clientId, clientSecret, {
    authorityHost,
    disableInstanceDiscovery: !isMicrosoftAuthority(authorityHost),
  });

  async function getAccessToken(): Promise<string> {
    let token;
    try {
      token = await credential.getToken(GRAPH_SCOPE);
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
