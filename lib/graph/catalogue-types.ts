// Shapes and Microsoft reference links shared by the catalogue's data modules; kept apart from
// error-catalogue.ts so the data modules do not import the module that imports them.

/** `sync`: the portal's own state of a sync (held, interrupted …), not an error from Microsoft. */
export type ErrorKind = "auth" | "permission" | "throttled" | "network" | "graph" | "config" | "sync";

export interface ReferenceLink {
  label: string;
  /** Always https (the catalogue test checks it). */
  url: string;
}

/** What a customer admin (and support) sees next to an integration's error code. */
export interface CatalogueEntry {
  /** As stored on the integration: `AADSTS7000215`, `Authorization_RequestDenied`, `NetworkError`, … */
  code: string;
  kind: ErrorKind;
  /** Whether a later run may succeed without anyone changing anything. */
  retryable: boolean;
  title: string;
  /** What it means, in plain words for a customer admin. */
  meaning: string;
  /** What to do, concretely (manual setup, or any mode when there is no automatedAction). */
  action: string;
  /** What to do when the integration uses the provider's app (automated setup), if different. */
  automatedAction?: string;
  /** Microsoft's reference; empty only for the portal's own sync states (kind `sync`). */
  links: ReferenceLink[];
}

export const LINKS = {
  entraCodes: { label: "Microsoft Entra authentication and authorization error codes", url: "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes" },
  graphErrors: { label: "Microsoft Graph error responses", url: "https://learn.microsoft.com/en-us/graph/errors" },
  throttling: { label: "Microsoft Graph throttling guidance", url: "https://learn.microsoft.com/en-us/graph/throttling" },
  userList: { label: "List users: permissions", url: "https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0" },
  adminConsent: { label: "Grant tenant-wide admin consent to an application", url: "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/grant-admin-consent" },
  advancedQueries: { label: "Advanced query capabilities on Microsoft Entra ID objects", url: "https://learn.microsoft.com/en-us/graph/aad-advanced-queries" },
  delta: { label: "Use delta query to track changes", url: "https://learn.microsoft.com/en-us/graph/delta-query-overview" },
} satisfies Record<string, ReferenceLink>;

/** Microsoft's own page for one AADSTS code. */
export function aadstsLink(code: number): ReferenceLink {
  return { label: `AADSTS${code} on Microsoft's error lookup`, url: `https://login.microsoftonline.com/error?code=${code}` };
}
