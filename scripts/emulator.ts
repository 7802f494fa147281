/**
 * `npm run emulator [-- --port <n>] [--json] [--users <n>] [--seed <n>] [--all-enabled] [--empty] [--data-dir <dir>]`
 * Starts the local Microsoft Graph + Entra ID emulator until SIGINT/SIGTERM. This is the one place
 * that prints the seeded apps' secrets: they belong to fake tenants and a developer needs them.
 */
import { parseArgs } from "node:util";
import { startEmulator } from "../lib/emulator/start-emulator";
import type { SeedOption } from "../lib/emulator/seed";
import type { RunningEmulator } from "../lib/emulator/start-emulator";

function readOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      json: { type: "boolean", default: false },
      users: { type: "string" },
      seed: { type: "string" },
      "all-enabled": { type: "boolean", default: false },
      empty: { type: "boolean", default: false },
      "data-dir": { type: "string" },
    },
    allowPositionals: false,
  });
  const int = (text: string | undefined, name: string, fallback: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
    return n;
  };
  const seeds: SeedOption[] = [values.empty ? "empty" : "demo"];
  if (values.users !== undefined) seeds.push({ users: int(values.users, "users", 0), seed: int(values.seed, "seed", 1), allEnabled: values["all-enabled"] });
  return { port: int(values.port ?? process.env.EMULATOR_PORT, "port", 8443), json: values.json, dataDir: values["data-dir"], seeds };
}

function machineSummary(emulator: RunningEmulator) {
  return {
    loginUrl: emulator.loginUrl,
    graphUrl: emulator.graphUrl,
    caCertPath: emulator.caCertPath,
    controlUrl: emulator.controlUrl,
    controlToken: emulator.controlToken,
    tenants: emulator.tenants.map((t) => ({
      id: t.id,
      domain: t.domain,
      displayName: t.displayName,
      userCount: t.userCount,
      apps: t.apps.map((a) => ({ name: a.name, clientId: a.clientId, clientSecret: a.clientSecret, roles: a.roles, redirectUris: a.redirectUris })),
    })),
  };
}

function humanSummary(emulator: RunningEmulator): string {
  const lines = [
    "Microsoft Graph + Entra ID emulator",
    `  login (authorityHost): ${emulator.loginUrl}`,
    `  Graph (baseUrl):       ${emulator.graphUrl}`,
    `  control API:           ${emulator.controlUrl}`,
    `  control token:         ${emulator.controlToken}`,
    `  CA certificate:        ${emulator.caCertPath}`,
    `  clients need:          NODE_EXTRA_CA_CERTS=${emulator.caCertPath}`,
    "",
  ];
  for (const t of emulator.tenants) {
    lines.push(`Tenant ${t.displayName} — ${t.id} (${t.domains.join(", ")}), ${t.userCount} users`);
    for (const a of t.apps) {
      const status = a.consented ? `roles: ${a.roles.join(", ") || "(none)"}` : a.home ? "home tenant, no roles granted here" : "not consented (try admin consent)";
      lines.push(`  app ${a.name}: client id ${a.clientId}, ${status}`);
      if (a.home) lines.push(`    secret ${a.clientSecret} (expires ${a.secretExpires?.slice(0, 10)})`);
    }
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const options = readOptions();
  const emulator = await startEmulator({ port: options.port, dataDir: options.dataDir, seed: options.seeds });
  process.stdout.write(options.json ? `${JSON.stringify(machineSummary(emulator))}\n` : `${humanSummary(emulator)}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`emulator failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
