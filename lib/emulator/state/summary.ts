import type { EmulatorState, Tenant } from "./emulator-state";

export interface AppSummary {
  name: string;
  clientId: string;
  /** The newest secret that has not expired (or the newest at all). Only for developer output. */
  clientSecret: string | null;
  secretHint: string | null;
  secretExpires: string | null;
  /** Roles granted in this tenant; empty when the app is present but nothing is consented. */
  roles: string[];
  consented: boolean;
  multiTenant: boolean;
  home: boolean;
  /** The registration's redirect URIs (admin consent sends the browser back only to one of these). */
  redirectUris: string[];
}

export interface TenantSummary {
  id: string;
  displayName: string;
  domain: string;
  domains: string[];
  userCount: number;
  apps: AppSummary[];
}

/** Apps listed for a tenant: those it is home to, and multi-tenant apps (consented or not). */
export function summariseTenant(state: EmulatorState, tenant: Tenant): TenantSummary {
  const apps: AppSummary[] = [];
  for (const app of state.apps.values()) {
    const home = app.homeTenantId === tenant.id;
    if (!home && !app.multiTenant) continue;
    const consent = state.getConsent(tenant.id, app.clientId);
    const now = Date.now();
    const secret = [...app.secrets].reverse().find((s) => Date.parse(s.endDateTime) > now) ?? app.secrets.at(-1);
    apps.push({
      name: app.displayName,
      clientId: app.clientId,
      clientSecret: secret?.value ?? null,
      secretHint: secret?.hint ?? null,
      secretExpires: secret?.endDateTime ?? null,
      roles: consent?.roles ?? [],
      consented: !!consent,
      multiTenant: app.multiTenant,
      home,
      redirectUris: [...app.redirectUris],
    });
  }
  return { id: tenant.id, displayName: tenant.displayName, domain: tenant.domains[0], domains: tenant.domains, userCount: tenant.directory.activeCount, apps };
}

export function summariseApps(state: EmulatorState) {
  return [...state.apps.values()].map((a) => ({
    clientId: a.clientId,
    displayName: a.displayName,
    homeTenantId: a.homeTenantId,
    multiTenant: a.multiTenant,
    disabled: a.disabled,
    requestedRoles: a.requestedRoles,
    redirectUris: a.redirectUris,
    secrets: a.secrets.map((s) => ({ keyId: s.keyId, hint: s.hint, endDateTime: s.endDateTime })),
  }));
}
