import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { PROVIDER_TENANT } from "../demo/demo-directory";
import { ensureCertificate } from "./certificate";
import type { EmulatorContext, EmulatorUrls } from "./context";
import { FaultInjector } from "./control/faults";
import { RequestLog } from "./control/request-log";
import { resolveDataDir } from "./data-dir";
import { TokenSigner } from "./identity/jwt";
import { seedState, type SeedOption } from "./seed";
import { createRequestHandler } from "./server";
import { EmulatorState } from "./state/emulator-state";
import { SecretStore } from "./state/secret-store";
import { summariseTenant, type TenantSummary } from "./state/summary";

export interface StartEmulatorOptions {
  /** 0 (default) = an ephemeral port. */
  port?: number;
  /** TLS material and seeded app secrets; default `EMULATOR_DATA_DIR` or `<cwd>/.data/emulator`. */
  dataDir?: string;
  /** Default `"demo"`. Several seeds are loaded in order. */
  seed?: SeedOption | SeedOption[];
  /** Keep seeded apps' secrets in the data dir across restarts (default true); false = fresh in-memory secrets. */
  persistSecrets?: boolean;
  /** Default: 32 random bytes, base64url. */
  controlToken?: string;
}

export interface RunningEmulator extends EmulatorUrls {
  port: number;
  /** Give this to `NODE_EXTRA_CA_CERTS` of every process that talks to the emulator. */
  caCertPath: string;
  controlToken: string;
  /** The tenants as loaded at start, with their apps (client ids, secrets, granted roles). */
  tenants: TenantSummary[];
  state: EmulatorState;
  close(): Promise<void>;
}

/** Starts the HTTPS emulator in this process (tests) — `scripts/emulator.ts` wraps it for the CLI. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const dataDir = resolveDataDir(options.dataDir);
  const tls = await ensureCertificate(dataDir);
  const state = new EmulatorState();
  const seeds = options.seed === undefined ? ["demo" as const] : Array.isArray(options.seed) ? options.seed : [options.seed];
  seedState(state, seeds, new SecretStore(options.persistSecrets === false ? null : dataDir));

  // A guessable (or empty) token would open tenants, secrets and tokens to any local process.
  if (options.controlToken !== undefined && options.controlToken.length < 16) throw new Error("The emulator's control token must be at least 16 characters.");
  const controlToken = options.controlToken ?? randomBytes(32).toString("base64url");
  const urls: EmulatorUrls = { origin: "", loginUrl: "", graphUrl: "", controlUrl: "" };
  const ctx: EmulatorContext = { state, signer: new TokenSigner(), faults: new FaultInjector(), log: new RequestLog(), urls, controlToken };
  const server = https.createServer({ cert: fs.readFileSync(tls.certPath), key: fs.readFileSync(tls.keyPath) }, createRequestHandler(ctx));
  // Idle connections stay open longer than clients keep them (undici: 4 s), so a client never reuses a
  // socket the server is closing at that moment ("other side closed" on a long-idle control client).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  // The URLs exist only once the port is known; handlers read them through the shared context.
  Object.assign(urls, {
    origin: `https://127.0.0.1:${port}`,
    loginUrl: `https://127.0.0.1:${port}/login`,
    graphUrl: `https://127.0.0.1:${port}`,
    controlUrl: `https://127.0.0.1:${port}/_control`,
  });

  return {
    ...urls,
    port,
    caCertPath: tls.caPath,
    controlToken,
    // Customer tenants first (the demo tenant leads), the provider's own tenant last.
    tenants: [...state.tenants.values()]
      .sort((a, b) => Number(a.id === PROVIDER_TENANT.id) - Number(b.id === PROVIDER_TENANT.id))
      .map((t) => summariseTenant(state, t)),
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
