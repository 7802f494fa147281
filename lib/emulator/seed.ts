import { stableGuid } from "../demo/deterministic";
import { CONSENT_DEMO_TENANT, CUSTOMER_APP, DEMO_TENANT, PROVIDER_APP, PROVIDER_TENANT, demoPeople } from "../demo/demo-directory";
import { generateTenantUsers } from "../demo/generate-users";
import type { EmulatorState, Tenant } from "./state/emulator-state";
import type { SecretStore } from "./state/secret-store";
import type { UserData } from "./state/user-directory";

/**
 * What to load at start: the demo (provider, demo and not-yet-consented tenants), an empty
 * emulator (provider tenant and app only), or a generated tenant of N users with the provider
 * app consented for User.Read.All. Always deterministic for the same input.
 */
export type SeedOption = "demo" | "empty" | GeneratedTenantSeed;

export interface GeneratedTenantSeed {
  users: number;
  seed?: number;
  displayName?: string;
  domain?: string;
  /** Every account enabled (the benchmark: a full read of N users is then exactly ceil(N/999) pages). */
  allEnabled?: boolean;
}

/** Drops nulls and empty nested objects: a never-set property is absent, as in Entra. */
function compact(user: object): UserData {
  const out: UserData = {};
  for (const [key, value] of Object.entries(user)) {
    if (value == null) continue;
    if (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    out[key] = value;
  }
  return out;
}

/**
 * Where the portal's automated setup receives the admin-consent callback. Registered on localhost and
 * 127.0.0.1 without a port: Entra ignores the port of loopback redirect URIs when matching
 * (https://learn.microsoft.com/en-us/entra/identity-platform/reply-url#localhost-exceptions), so any dev port works.
 */
export const PORTAL_CONSENT_CALLBACK_PATH = "/api/entra/consent/callback";
const PROVIDER_REDIRECT_URIS = ["http://localhost", "http://127.0.0.1"].map((origin) => `${origin}${PORTAL_CONSENT_CALLBACK_PATH}`);

function seedProvider(state: EmulatorState, secrets: SecretStore): void {
  if (state.tenants.has(PROVIDER_TENANT.id)) return;
  state.addTenant({ id: PROVIDER_TENANT.id, displayName: PROVIDER_TENANT.displayName, domains: [PROVIDER_TENANT.domain] });
  state.addApp({
    clientId: PROVIDER_APP.clientId,
    displayName: PROVIDER_APP.displayName,
    homeTenantId: PROVIDER_TENANT.id,
    multiTenant: true,
    requestedRoles: [...PROVIDER_APP.roles],
    redirectUris: PROVIDER_REDIRECT_URIS,
    secrets: secrets.secretsFor(PROVIDER_APP.clientId, PROVIDER_APP.secretLifetimeDays, "provider sync"),
  });
}

function seedDemo(state: EmulatorState, secrets: SecretStore): void {
  const demo = state.addTenant({ id: DEMO_TENANT.id, displayName: DEMO_TENANT.displayName, domains: [DEMO_TENANT.domain, DEMO_TENANT.customDomain] });
  demo.directory.load(demoPeople().flatMap((p) => (p.entra ? [compact(p.entra)] : [])));
  state.setConsent(demo.id, PROVIDER_APP.clientId, [...PROVIDER_APP.roles]);
  state.addApp({
    clientId: CUSTOMER_APP.clientId,
    displayName: CUSTOMER_APP.displayName,
    homeTenantId: demo.id,
    multiTenant: false,
    requestedRoles: [...CUSTOMER_APP.roles],
    // The customer's own registration only ever uses client credentials: nothing to redirect to.
    redirectUris: [],
    secrets: secrets.secretsFor(CUSTOMER_APP.clientId, CUSTOMER_APP.secretLifetimeDays, "switchboard portal"),
  });
  state.setConsent(demo.id, CUSTOMER_APP.clientId, [...CUSTOMER_APP.roles]);

  const fjord = state.addTenant({ id: CONSENT_DEMO_TENANT.id, displayName: CONSENT_DEMO_TENANT.displayName, domains: [CONSENT_DEMO_TENANT.domain] });
  fjord.directory.load(generateTenantUsers(CONSENT_DEMO_TENANT.userCount, CONSENT_DEMO_TENANT.seed, { domain: CONSENT_DEMO_TENANT.domain }).map((u) => compact({ ...u, companyName: CONSENT_DEMO_TENANT.displayName })));
}

export function seedGeneratedTenant(state: EmulatorState, input: GeneratedTenantSeed): Tenant {
  const seed = input.seed ?? 1;
  let domain = (input.domain ?? `loadtest${seed}-${input.users}.onmicrosoft.com`).toLowerCase();
  // The same size and seed twice (tests creating tenants) gets a fresh default domain, not a clash.
  for (let n = 2; !input.domain && state.findTenant(domain); n++) domain = `loadtest${seed}-${input.users}-${n}.onmicrosoft.com`;
  const tenant = state.addTenant({
    id: stableGuid(`generated-tenant:${domain}`),
    displayName: input.displayName ?? `Loadtest ${input.users.toLocaleString("en-US")} users`,
    domains: [domain],
  });
  tenant.directory.load(generateTenantUsers(input.users, seed, { domain, disabledShare: input.allEnabled ? 0 : undefined }).map((u) => compact(u)));
  if (state.apps.has(PROVIDER_APP.clientId)) state.setConsent(tenant.id, PROVIDER_APP.clientId, [...PROVIDER_APP.roles]);
  return tenant;
}

export function seedState(state: EmulatorState, seeds: SeedOption[], secrets: SecretStore): void {
  seedProvider(state, secrets);
  for (const seed of seeds) {
    if (seed === "demo") seedDemo(state, secrets);
    else if (seed !== "empty") seedGeneratedTenant(state, seed);
  }
}
