// Integration-test wiring: this edge, exactly as production builds it, pointed at an in-process
// emulator (lib/emulator). Only tests import this file.
import { PROVIDER_APP } from "@/lib/demo/demo-directory";
import type { EmulatorControlClient } from "@/lib/emulator/control-client";
import type { RequestLogEntry } from "@/lib/emulator/control/request-log";
import type { RunningEmulator } from "@/lib/emulator/start-emulator";
import { createGraphClient, type GraphClient } from "./client";
import { createTokenSource, type CredentialInput, type TokenSource } from "./credentials";
import { RetryBudget } from "./retry-policy";

export type TestEmulator = RunningEmulator & { control: EmulatorControlClient };

/** The provider app's credentials (automated mode) for a tenant the emulator seeded or created. */
export function providerIn(emulator: TestEmulator, tenantId: string): CredentialInput {
  const tenant = emulator.tenants.find((t) => t.id === tenantId);
  const app = emulator.tenants.flatMap((t) => t.apps).find((a) => a.clientId === PROVIDER_APP.clientId && a.clientSecret);
  if (!tenant || !app?.clientSecret) throw new Error(`provider app or tenant ${tenantId} not seeded`);
  return { mode: "automated", tenant: tenant.id, provider: { clientId: app.clientId, clientSecret: app.clientSecret } };
}

export function connect(
  emulator: TestEmulator,
  credentials: CredentialInput,
  options: { budget?: RetryBudget; graphBaseUrl?: string } = {},
): { tokens: TokenSource; client: GraphClient } {
  const graphBaseUrl = options.graphBaseUrl ?? emulator.graphUrl;
  const tokens = createTokenSource(credentials, { authorityHost: emulator.loginUrl, graphBaseUrl });
  const client = createGraphClient({
    graphBaseUrl,
    tokenSource: tokens,
    budget: options.budget ?? new RetryBudget({ maxWaitMs: 30_000 }),
  });
  return { tokens, client };
}

/** Graph requests the emulator logged since the last reset. */
export async function graphLog(emulator: TestEmulator): Promise<RequestLogEntry[]> {
  return (await emulator.control.requests({ area: "graph" })).entries;
}

/** Users a full read must return: not deleted and enabled (rule 2). */
export function enabledUserCount(emulator: TestEmulator, tenantId: string): number {
  return emulator.state.requireTenant(tenantId).directory.listActive().filter((u) => u.data.accountEnabled !== false).length;
}

/** The rejection of a promise (undefined if it resolved), for asserting on typed errors. */
export async function caught<T>(promise: Promise<T>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}
