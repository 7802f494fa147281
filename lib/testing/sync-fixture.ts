import { sealSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { CUSTOMER_APP, DEMO_TENANT, PROVIDER_APP, demoSwitchboardUsers } from "@/lib/demo/demo-directory";
import { generateSwitchboardNumbers } from "@/lib/demo/generate-users";
import type { SeedOption } from "@/lib/emulator/seed";
import { startTestEmulator } from "@/lib/emulator/test-harness";
import { storedNumber } from "@/lib/sync/core/normalise-number";
import { createSwitchboardUsers } from "@/lib/seed/seed-users";
import type { SyncConfig } from "@/lib/sync/config";
import { DEFAULT_MAPPINGS, mappingRows } from "@/lib/sync/default-mappings";
import { afterAll, beforeAll } from "vitest";
import { uniqueId } from "./fixtures";

export type SyncWorld = Awaited<ReturnType<typeof startSyncWorld>>;

/**
 * An in-process emulator with the demo tenant, plus a fresh copy of the demo switchboard and an
 * integration to it in the test database: what a customer has after connecting the demo tenant.
 */
export async function startSyncWorld(options: { seed?: SeedOption[] } = {}) {
  const emulator = await startTestEmulator({ seed: options.seed ?? ["demo"] });
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
    // Small slices: every full run in the tests plans and writes its directory in many slices, as a
    // large tenant's does (sliced-full.ts), instead of the one slice a demo-sized tenant fits in.
    sliceUsers: 8,
  };
  return { emulator, config, customerSecret: app(CUSTOMER_APP.clientId).clientSecret!, close: () => emulator.close() };
}

/**
 * A test file's world: started before its tests, closed after them. Returns a stand-in that forwards
 * to the started world, so tests use it as they would the world itself.
 */
export function useSyncWorld(options: { seed?: SeedOption[] } = {}): SyncWorld {
  let current: SyncWorld | undefined;
  beforeAll(async () => {
    current = await startSyncWorld(options);
  });
  afterAll(async () => current?.close());
  return new Proxy({} as SyncWorld, {
    get(_, key) {
      if (!current) throw new Error("The sync world is used before its beforeAll has started it.");
      return current[key as keyof SyncWorld];
    },
  });
}

export async function createDemoSolution() {
  const solution = await db.solution.create({ data: { id: uniqueId("demo"), name: "Demo AB", region: "SE" }, select: { id: true, region: true } });
  await createSwitchboardUsers(solution, demoSwitchboardUsers());
  return solution;
}

/**
 * The switchboard side of a generated tenant (`{ users, seed }`): one user per Entra user with its
 * mobile in national format (lib/demo/generate-users.ts), written in a few batched statements.
 */
export async function createGeneratedSolution(users: number, seed: number) {
  const solution = await db.solution.create({ data: { id: uniqueId("gen"), name: "Loadtest AB", region: "SE" }, select: { id: true, region: true } });
  const entries = generateSwitchboardNumbers(users, seed).map((entry, index) => ({ ...entry, id: `${solution.id}-u${index + 1}` }));
  await db.switchboardUser.createMany({
    data: entries.map((e) => ({ id: e.id, solutionId: solution.id, displayName: e.displayName, firstName: e.firstName, lastName: e.lastName })),
  });
  await db.phoneNumber.createMany({
    data: entries.flatMap((e) => e.numbers.map((raw) => ({ solutionId: solution.id, userId: e.id, ...storedNumber(raw, solution.region) }))),
  });
  return { ...solution, entries };
}

export async function createIntegration(
  world: SyncWorld,
  solutionId: string,
  options: { mode?: "AUTOMATED" | "MANUAL"; secret?: string; mappings?: typeof DEFAULT_MAPPINGS; tenantId?: string; setupCompleted?: boolean } = {},
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
      setupCompletedAt: options.setupCompleted === false ? null : new Date(),
      mappings: mappingRows(options.mappings),
    },
    select: { id: true, solutionId: true },
  });
}
