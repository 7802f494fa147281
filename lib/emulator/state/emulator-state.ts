import { randomBytes, randomUUID } from "node:crypto";
import { NotFoundError } from "./errors";
import { UserDirectory } from "./user-directory";

export interface Tenant {
  id: string;
  displayName: string;
  /** Verified domains; the first is the default (`*.onmicrosoft.com`). */
  domains: string[];
  directory: UserDirectory;
}

export interface AppSecret {
  keyId: string;
  value: string;
  /** Entra shows the first three characters of a secret as its hint. */
  hint: string;
  displayName: string;
  startDateTime: string;
  endDateTime: string;
}

export interface AppRegistration {
  clientId: string;
  displayName: string;
  homeTenantId: string;
  multiTenant: boolean;
  disabled: boolean;
  /** Application permissions (app roles on Microsoft Graph) the registration asks for. */
  requestedRoles: string[];
  /** Where the identity platform may send a browser back (admin consent); matched by `redirect-uri.ts`. */
  redirectUris: string[];
  secrets: AppSecret[];
}

export interface Consent {
  tenantId: string;
  clientId: string;
  roles: string[];
  grantedAt: string;
}

const DEFAULT_TOKEN_LIFETIME_SECONDS = 3599;

/** Everything the emulator knows; the HTTP layers read it and the control API changes it. */
export class EmulatorState {
  readonly tenants = new Map<string, Tenant>();
  readonly apps = new Map<string, AppRegistration>();
  private readonly consents = new Map<string, Consent>();
  tokenLifetimeSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS;

  addTenant(input: { id?: string; displayName: string; domains: string[] }): Tenant {
    const id = (input.id ?? randomUUID()).toLowerCase();
    if (this.tenants.has(id)) throw new Error(`Tenant ${id} already exists`);
    for (const domain of input.domains) {
      if (this.findTenant(domain)) throw new Error(`Domain ${domain} is already verified by another tenant`);
    }
    const tenant: Tenant = { id, displayName: input.displayName, domains: input.domains.map((d) => d.toLowerCase()), directory: new UserDirectory() };
    this.tenants.set(id, tenant);
    return tenant;
  }

  /** Entra accepts the tenant as its GUID or any verified domain, case-insensitively. */
  findTenant(idOrDomain: string): Tenant | undefined {
    const key = idOrDomain.toLowerCase();
    const byId = this.tenants.get(key);
    if (byId) return byId;
    for (const tenant of this.tenants.values()) if (tenant.domains.includes(key)) return tenant;
    return undefined;
  }

  requireTenant(idOrDomain: string): Tenant {
    const tenant = this.findTenant(idOrDomain);
    if (!tenant) throw new NotFoundError(`Unknown tenant '${idOrDomain}'`);
    return tenant;
  }

  addApp(input: Omit<AppRegistration, "clientId" | "secrets" | "disabled" | "redirectUris"> & { clientId?: string; secrets?: AppSecret[]; redirectUris?: string[] }): AppRegistration {
    const clientId = (input.clientId ?? randomUUID()).toLowerCase();
    if (this.apps.has(clientId)) throw new Error(`App ${clientId} already exists`);
    const app: AppRegistration = { ...input, clientId, disabled: false, secrets: input.secrets ?? [], redirectUris: input.redirectUris ?? [] };
    this.apps.set(clientId, app);
    return app;
  }

  requireApp(clientId: string): AppRegistration {
    const app = this.apps.get(clientId.toLowerCase());
    if (!app) throw new NotFoundError(`Unknown app '${clientId}'`);
    return app;
  }

  getConsent(tenantId: string, clientId: string): Consent | undefined {
    return this.consents.get(consentKey(tenantId, clientId));
  }

  setConsent(tenantId: string, clientId: string, roles: string[]): Consent {
    const consent: Consent = { tenantId, clientId, roles: [...new Set(roles)], grantedAt: new Date().toISOString() };
    this.consents.set(consentKey(tenantId, clientId), consent);
    return consent;
  }

  revokeConsent(tenantId: string, clientId: string): boolean {
    return this.consents.delete(consentKey(tenantId, clientId));
  }

  listConsents(): Consent[] {
    return [...this.consents.values()];
  }

  /**
   * Whether the app has a service principal in the tenant: always in its home tenant, elsewhere
   * only after consent. Without one Entra answers AADSTS700016.
   */
  appPresentIn(app: AppRegistration, tenantId: string): boolean {
    return app.homeTenantId === tenantId || (app.multiTenant && this.consents.has(consentKey(tenantId, app.clientId)));
  }

  grantedRoles(app: AppRegistration, tenantId: string): string[] {
    return this.getConsent(tenantId, app.clientId)?.roles ?? [];
  }
}

function consentKey(tenantId: string, clientId: string): string {
  return `${tenantId.toLowerCase()}|${clientId.toLowerCase()}`;
}

export function newSecret(input: { displayName?: string; endDateTime: Date }): AppSecret {
  // Entra secrets are 40 characters from a URL-safe alphabet with a `~` after the 3-char hint.
  const value = `${randomBytes(3).toString("base64url").slice(0, 3)}8Q~${randomBytes(27).toString("base64url").slice(0, 36)}`;
  return {
    keyId: randomUUID(),
    value,
    hint: value.slice(0, 3),
    displayName: input.displayName ?? "emulator secret",
    startDateTime: new Date().toISOString(),
    endDateTime: input.endDateTime.toISOString(),
  };
}
