import type { EmulatorUrls } from "../context";

/**
 * The discovery document MSAL fetches before its first token request. MSAL only insists on
 * `authorization_endpoint`, `token_endpoint`, `issuer` and `jwks_uri` (msal-common
 * isOpenIdConfigResponse); the rest mirrors what login.microsoftonline.com publishes.
 * For the multi-tenant aliases Entra keeps a literal `{tenantid}` in the issuer.
 */
export function openIdConfiguration(urls: EmulatorUrls, tenantPath: string, tenantId: string | null, version: "v1" | "v2") {
  const base = `${urls.loginUrl}/${tenantPath}`;
  const issuerTenant = tenantId ?? "{tenantid}";
  const v2 = version === "v2";
  return {
    token_endpoint: v2 ? `${base}/oauth2/v2.0/token` : `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: v2 ? `${urls.loginUrl}/${tenantPath}/discovery/v2.0/keys` : `${urls.loginUrl}/common/discovery/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: v2 ? `${urls.loginUrl}/${issuerTenant}/v2.0` : `https://sts.windows.net/${issuerTenant}/`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${urls.graphUrl}/oidc/userinfo`,
    authorization_endpoint: v2 ? `${base}/oauth2/v2.0/authorize` : `${base}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/oauth2/${v2 ? "v2.0/" : ""}devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/${v2 ? "v2.0/" : ""}logout`,
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce", "tid", "ver", "oid"],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: "EU",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: new URL(urls.graphUrl).host,
    rbac_url: "https://pas.windows.net",
  };
}
