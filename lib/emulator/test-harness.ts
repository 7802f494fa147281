import { ClientSecretCredential } from "@azure/identity";
import { Client } from "@microsoft/microsoft-graph-client";
import { EmulatorControlClient } from "./control-client";
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from "./start-emulator";

export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/**
 * An in-process emulator for a test file, with throwaway secrets. Fails fast with the fix when the
 * worker was started without `NODE_EXTRA_CA_CERTS` (the global setup in lib/emulator/test-setup.ts
 * must run first — Node reads the variable only at process start).
 */
export async function startTestEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator & { control: EmulatorControlClient }> {
  const emulator = await startEmulator({ persistSecrets: false, ...options });
  if (process.env.NODE_EXTRA_CA_CERTS !== emulator.caCertPath) {
    await emulator.close();
    throw new Error(
      `NODE_EXTRA_CA_CERTS must be ${emulator.caCertPath} when the test worker starts; ` +
        `add "lib/emulator/test-setup.ts" to vitest's globalSetup (found: ${process.env.NODE_EXTRA_CA_CERTS ?? "unset"}).`,
    );
  }
  return Object.assign(emulator, { control: EmulatorControlClient.for(emulator) });
}

export interface AppCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** The credentials of an app as listed for a tenant at start (`name` defaults to the first app). */
export function appIn(emulator: RunningEmulator, tenant: string, name?: string): AppCredentials {
  const summary = emulator.tenants.find((t) => t.id === tenant || t.domains.includes(tenant.toLowerCase()));
  const app = summary?.apps.find((a) => !name || a.name === name);
  if (!summary || !app?.clientSecret) throw new Error(`No app ${name ?? ""} in tenant ${tenant}`);
  return { tenantId: summary.id, clientId: app.clientId, clientSecret: app.clientSecret };
}

/** Exactly what production does: ClientSecretCredential pointed at the emulator's login host. */
export function credentialFor(emulator: { loginUrl: string }, app: AppCredentials): ClientSecretCredential {
  return new ClientSecretCredential(app.tenantId, app.clientId, app.clientSecret, { authorityHost: emulator.loginUrl, disableInstanceDiscovery: true });
}

/** The Graph SDK as production builds it: default middleware (RetryHandler included), bare-host customHosts. */
export function graphClientFor(emulator: { graphUrl: string }, credential: ClientSecretCredential): Client {
  return Client.initWithMiddleware({
    authProvider: {
      getAccessToken: async () => {
        const token = await credential.getToken(GRAPH_SCOPE);
        if (!token) throw new Error("no token");
        return token.token;
      },
    },
    baseUrl: emulator.graphUrl,
    customHosts: new Set([new URL(emulator.graphUrl).hostname]),
  });
}

/** Raw client-credentials token request, for asserting Entra's exact error JSON. */
export async function requestToken(emulator: { loginUrl: string }, tenant: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${emulator.loginUrl}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export function decodeJwt(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")) as Record<string, unknown>;
}
