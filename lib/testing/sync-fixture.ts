import { sealSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { CUSTOMER_APP, DEMO_TENANT, PROVIDER_APP, demoPeople } from "@/lib/demo/demo-directory";
import { startTestEmulator } from "@/lib/emulator/test-harness";
import { createSwitchboardUsers } from "@/lib/seed/seed-users";
import type { SyncConfig } from "@/lib/sync/config";
import { DEFAULT_MAPPINGS } from "@/lib/sync/default-mappings";
import { uniqueId } from "./fixtures";

export type SyncWorld = Awaited<ReturnType<typeof startSyncWorld>>;

/**
 * An in-process emulator with the demo tenant, plus a fresh copy of the demo switchboard and an
 * integration to it in the test database: what a customer has after connecting the demo tenant.
 */
export async function startSyncWorld() {
  const emulator = await startTestEmulator({ seed: "demo" });
  const app = (clientId: string) => emulator.tenants.flatMap((t) => t.apps).find((a) => a.clientId === clientId && a.clientSecret)!;
  const config: SyncConfig = {
    authorityHost: emulator.loginUrl,
    graphBaseUrl: emulator.graphUrl,
    provider: { clientId: PROVIDER_APP.clientId, clientSecret: app(PROVIDER_APP.clientId).clientSecret! },
    encryptionKey: process.env.SECRET_ENCRYPTION_KEY!,
    fullIntervalMs: 12 * 3_600_000,
    deltaIntervalMs: 60 * 60_000,
    retryBudgetMs: 8_000,
    leaseMs: 60_000,
  };
  return { emulator, config, customerSecret: app(CUSTOMER_APP.clientId).clientSecret!, close: () => emulator.close() };
}

export async function createDemoSolution() {
  const solution = await db.solution.create({ data: { id: uniqueId("demo"), name: "Demo AB", region: "SE" }, select: { id: true, region: true } });
  await createSwitchboardUsers(solution, demoPeople().flatMap((p) => (p.switchboard ? [p.switchboard] : [])));
  return solution;
}

export async function createIntegration(
  world: SyncWorld,
  solutionId: string,
  options: { mode?: "AUTOMATED" | "MANUAL"; secret?: string; mappings?: typeof DEFAULT_MAPPINGS; tenantId?: string } = {},
) {
  const mode = options.mode ?? "AUTOMATED";
  return db.integration.create({
    data: {
      solutionId,
      name: "Nordic Demo",
      mode,
      tenantId: options.tenantId ?? DEMO_TENANT.domain,
      clientId: mode === "MANUAL" ? CUSTOMER_APP.clientId : null,
      clientSecretEnc: mode === "MANUAL" ? sealSecret(options.secret ?? world.customerSecret, world.config.encryptionKey) : null,
      setupCompletedAt: new Date(),
      mappings: { create: (options.mappings ?? DEFAULT_MAPPINGS).map((m, position) => ({ ...m, position })) },
    },
    select: { id: true, solutionId: true },
  });
}
