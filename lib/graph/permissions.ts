/** The Graph application permission the sync asks customers to grant. */
export const REQUIRED_ROLE = "User.Read.All";

/**
 * Application roles that include reading every user's full profile (phones, accountEnabled), as listed
 * under "Application" on https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0 and
 * https://learn.microsoft.com/en-us/graph/api/user-delta?view=graph-rest-1.0.
 */
export const FULL_READ_ROLES: readonly string[] = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];

const BASIC_ONLY_ROLE = "User.ReadBasic.All";

export interface PermissionGap {
  /** Roles to grant (always User.Read.All: the least privilege that works). */
  missing: string[];
  granted: string[];
  /** `basic-only`: User.ReadBasic.All without a full-read role; `none`: no user-read role at all. */
  reason: "basic-only" | "none";
  message: string;
}

/**
 * Decodes the access token's payload WITHOUT verifying it: it is our own token, just received from
 * the token endpoint over TLS, and Graph validates it anyway. Returns null when the token is not a JWT
 * (then nothing can be said about its roles and Graph's 403 will speak instead).
 */
export function decodeTokenClaims(accessToken: string): Record<string, unknown> | null {
  const parts = accessToken.split(".");
  if (parts.length !== 3) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return claims && typeof claims === "object" && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The app roles (application permissions) granted to the app in the tenant, from the `roles` claim. */
export function rolesFromAccessToken(accessToken: string): string[] | null {
  const claims = decodeTokenClaims(accessToken);
  if (!claims) return null;
  // A client-credentials token is issued even when nothing is consented; it then has no `roles` claim.
  const roles = claims.roles;
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [];
}

/** What is missing for the sync to read users, or null when the granted roles suffice. */
export function missingPermissions(roles: readonly string[]): PermissionGap | null {
  if (roles.some((r) => FULL_READ_ROLES.includes(r))) return null;
  const granted = [...roles];
  if (roles.includes(BASIC_ONLY_ROLE)) {
    return {
      missing: [REQUIRED_ROLE],
      granted,
      reason: "basic-only",
      message: `${BASIC_ONLY_ROLE} returns no phone numbers; grant ${REQUIRED_ROLE} (Application) and admin consent.`,
    };
  }
  const has = granted.length ? `granted: ${granted.join(", ")}` : "no Microsoft Graph application permission is granted";
  return {
    missing: [REQUIRED_ROLE],
    granted,
    reason: "none",
    message: `The app cannot read users (${has}); grant ${REQUIRED_ROLE} (Application) and admin consent.`,
  };
}
