import type { FaultSnapshot } from "./control/faults";
import type { RequestLogEntry } from "./control/request-log";
import type { Consent } from "./state/emulator-state";
import type { TenantSummary } from "./state/summary";

/** A user as the control API returns it: every stored Graph property plus `deletedDateTime`. */
export type ControlUser = Record<string, unknown> & { id: string; deletedDateTime: string | null };

export interface CreatedApp {
  clientId: string;
  clientSecret: string;
  secretId: string;
  endDateTime: string;
}

export interface RequestLogPage {
  total: number;
  /** `"GET /v1.0/users"` → requests since the last reset (ids generalised to `{id}`, tenants to `{tenant}`). */
  counts: Record<string, number>;
  entries: RequestLogEntry[];
}

export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Typed client for the emulator's `/_control` API (tests, benchmark, demo tooling). It uses global
 * fetch over HTTPS, so the process needs `NODE_EXTRA_CA_CERTS` pointing at the emulator's CA.
 * `tenant` arguments accept the tenant id or any of its domains.
 */
export class EmulatorControlClient {
  constructor(
    private readonly controlUrl: string,
    private readonly controlToken: string,
  ) {}

  static for(emulator: { controlUrl: string; controlToken: string }): EmulatorControlClient {
    return new EmulatorControlClient(emulator.controlUrl, emulator.controlToken);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.controlUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.controlToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { message?: string };
    if (!res.ok) throw new EmulatorControlError(res.status, json.message ?? `${method} ${path} failed with ${res.status}`);
    return json;
  }

  private static seg(value: string): string {
    return encodeURIComponent(value);
  }

  state() {
    return this.call<{ tenants: TenantSummary[]; tokenLifetimeSeconds: number; consents: Consent[] }>("GET", "/state");
  }

  /** A fresh tenant of generated users (deterministic for a given seed) with the provider app consented. */
  createTenant(input: { users?: number; seed?: number; displayName?: string; domain?: string } = {}) {
    return this.call<TenantSummary>("POST", "/tenants", input);
  }

  createUser(tenant: string, properties: Record<string, unknown>) {
    return this.call<ControlUser>("POST", `/tenants/${EmulatorControlClient.seg(tenant)}/users`, properties);
  }

  getUser(tenant: string, id: string) {
    return this.call<ControlUser>("GET", `/tenants/${EmulatorControlClient.seg(tenant)}/users/${EmulatorControlClient.seg(id)}`);
  }

  /** Graph PATCH semantics: listed properties change, `null` clears, others stay. */
  updateUser(tenant: string, id: string, patch: Record<string, unknown>) {
    return this.call<ControlUser>("PATCH", `/tenants/${EmulatorControlClient.seg(tenant)}/users/${EmulatorControlClient.seg(id)}`, patch);
  }

  disableUser(tenant: string, id: string) {
    return this.call<ControlUser>("POST", `/tenants/${EmulatorControlClient.seg(tenant)}/users/${EmulatorControlClient.seg(id)}/disable`);
  }

  enableUser(tenant: string, id: string) {
    return this.call<ControlUser>("POST", `/tenants/${EmulatorControlClient.seg(tenant)}/users/${EmulatorControlClient.seg(id)}/enable`);
  }

  /** Soft = to "deleted items" (delta: `@removed: changed`, restorable); hard = gone (`@removed: deleted`). */
  deleteUser(tenant: string, id: string, mode: "soft" | "hard" = "soft") {
    return this.call<{ ok: true }>("DELETE", `/tenants/${EmulatorControlClient.seg(tenant)}/users/${EmulatorControlClient.seg(id)}?mode=${mode}`);
  }

  restoreUser(tenant: string, id: string) {
    return this.call<ControlUser>("POST", `/tenants/${EmulatorControlClient.seg(tenant)}/users/${EmulatorControlClient.seg(id)}/restore`);
  }

  /** Invalidates every outstanding delta token of the tenant (next use → 410 syncStateNotFound). */
  resetDeltaTokens(tenant: string) {
    return this.call<{ deltaEpoch: number }>("POST", `/tenants/${EmulatorControlClient.seg(tenant)}/delta/reset`);
  }

  setGrantedRoles(tenant: string, clientId: string, roles: string[]) {
    return this.call<Consent>("PUT", `/tenants/${EmulatorControlClient.seg(tenant)}/consents/${EmulatorControlClient.seg(clientId)}`, { roles });
  }

  revokeConsent(tenant: string, clientId: string) {
    return this.call<{ revoked: boolean }>("DELETE", `/tenants/${EmulatorControlClient.seg(tenant)}/consents/${EmulatorControlClient.seg(clientId)}`);
  }

  listApps() {
    return this.call<Array<{ clientId: string; displayName: string; homeTenantId: string; multiTenant: boolean; disabled: boolean; requestedRoles: string[]; redirectUris: string[]; secrets: Array<{ keyId: string; hint: string; endDateTime: string }> }>>("GET", "/apps");
  }

  /**
   * Registers an app with one secret; by default consented in its home tenant for its roles (default User.Read.All)
   * and with no redirect URIs (admin consent then answers AADSTS50011 for any `redirect_uri`).
   */
  createApp(input: { homeTenant: string; displayName?: string; multiTenant?: boolean; roles?: string[]; consent?: boolean; secretExpiresInDays?: number; redirectUris?: string[] }) {
    return this.call<CreatedApp>("POST", "/apps", input);
  }

  /** Replaces the app's registered redirect URIs (absolute URIs; localhost/127.0.0.1 match on any port). */
  setRedirectUris(clientId: string, redirectUris: string[]) {
    return this.call<{ clientId: string; redirectUris: string[] }>("PUT", `/apps/${EmulatorControlClient.seg(clientId)}/redirect-uris`, { redirectUris });
  }

  expireSecret(clientId: string, secretId?: string) {
    return this.call<{ expired: string[] }>("POST", `/apps/${EmulatorControlClient.seg(clientId)}/secrets/expire`, { secretId });
  }

  rotateSecret(clientId: string, options: { expiresInDays?: number; keepOld?: boolean } = {}) {
    return this.call<{ clientSecret: string; secretId: string; hint: string; endDateTime: string }>("POST", `/apps/${EmulatorControlClient.seg(clientId)}/secrets/rotate`, options);
  }

  disableApp(clientId: string) {
    return this.call<{ clientId: string; disabled: boolean }>("POST", `/apps/${EmulatorControlClient.seg(clientId)}/disable`);
  }

  enableApp(clientId: string) {
    return this.call<{ clientId: string; disabled: boolean }>("POST", `/apps/${EmulatorControlClient.seg(clientId)}/enable`);
  }

  /** Lifetime of tokens issued from now on (default 3599 s); shorten it to test expiry mid-sync. */
  setTokenLifetime(seconds: number) {
    return this.call<{ seconds: number }>("PUT", "/token-lifetime", { seconds });
  }

  /** Mints an access token directly (odd audiences, expired or not-yet-valid tokens, chosen roles). */
  mintToken(input: { tenant: string; clientId: string; roles?: string[]; audience?: string; lifetimeSeconds?: number; notBeforeOffsetSeconds?: number }) {
    return this.call<{ accessToken: string; expiresIn: number }>("POST", "/tokens", input);
  }

  faults() {
    return this.call<FaultSnapshot>("GET", "/faults");
  }

  clearFaults() {
    return this.call<FaultSnapshot>("DELETE", "/faults");
  }

  /** The next `count` Graph requests get 429 with `Retry-After: retryAfterSeconds`. */
  throttle(count: number, retryAfterSeconds = 1) {
    return this.call<FaultSnapshot>("POST", "/faults/throttle", { count, retryAfterSeconds });
  }

  /** The next `count` Graph requests get 503 (with Retry-After when given). */
  unavailable(count: number, retryAfterSeconds?: number) {
    return this.call<FaultSnapshot>("POST", "/faults/unavailable", { count, retryAfterSeconds });
  }

  /** The request for page `page` of a paged read gets 503, `count` times (with Retry-After when given). */
  unavailableOnPage(page: number, count = 1, retryAfterSeconds?: number) {
    return this.call<FaultSnapshot>("POST", "/faults/unavailable", { page, count, retryAfterSeconds });
  }

  /** Pages 1..`afterPage` are served, then the socket of the next page's request is destroyed. */
  resetAfterPage(afterPage: number, count = 1) {
    return this.call<FaultSnapshot>("POST", "/faults/reset", { afterPage, count });
  }

  setLatency(ms: number) {
    return this.call<FaultSnapshot>("PUT", "/faults/latency", { ms });
  }

  /** The next `rounds` delta rounds with changes send every changed user twice, as Graph may replay items. */
  replayDeltaRounds(rounds: number) {
    return this.call<FaultSnapshot>("PUT", "/faults/delta-replay", { rounds });
  }

  requests(options: { area?: "graph" | "login"; since?: number } = {}) {
    const query = new URLSearchParams();
    if (options.area) query.set("area", options.area);
    if (options.since) query.set("since", String(options.since));
    return this.call<RequestLogPage>("GET", `/requests${query.size ? `?${query}` : ""}`);
  }

  resetRequests() {
    return this.call<{ ok: true }>("DELETE", "/requests");
  }
}
