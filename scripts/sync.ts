// `npm run sync -- <integration id> [--port <portal port>]`: one full sync from the command line,
// printing the run summary: one line for people on stderr, the whole result as JSON on stdout. With
// PostgreSQL (DATABASE_URL=postgres://…) it runs here; the embedded PGlite database can be opened by
// one process only, so then it asks the running portal to run it.
import path from "node:path";
import { parseArgs } from "node:util";
import { plural } from "@/lib/plural";
import type { RecordedRun } from "@/lib/sync/run-record";
import { readLocalSecrets } from "./local-config.mjs";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: "string", default: process.env.PORT ?? "3000" }, "data-dir": { type: "string", default: process.env.LOCAL_DATA_DIR ?? ".data" } },
});
const integrationId = positionals[0];
if (!integrationId) {
  console.error("usage: npm run sync -- <integration id> [--port 3000] [--data-dir .data]");
  process.exit(2);
}

async function viaPortal(): Promise<unknown> {
  // Resolved like scripts/start.mjs does: relative to the repository, not the working directory.
  const dataDir = path.resolve(import.meta.dirname, "..", values["data-dir"]!);
  const cronSecret: string | undefined = process.env.CRON_SECRET ?? readLocalSecrets(dataDir)?.CRON_SECRET;
  const url = `http://localhost:${values.port}/api/cron/sync?integration=${encodeURIComponent(integrationId)}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${cronSecret ?? ""}` } });
  } catch {
    throw new Error(
      `The embedded database (PGlite) can be opened by one process only, and the portal that owns it is not running on port ${values.port}. ` +
        "Start it with `npm start` (or pass --port), or set DATABASE_URL=postgres://… to run the sync here.",
    );
  }
  const body = await res.json();
  if (!res.ok) throw new Error(typeof body?.error === "string" ? `${body.error} (the portal answered ${res.status})` : `The portal answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

async function direct(): Promise<unknown> {
  const { runSync } = await import("@/lib/sync/run-sync");
  const { syncConfigFromEnv } = await import("@/lib/sync/config");
  const { db, disconnectDb } = await import("@/lib/db");
  try {
    const integration = await db.integration.findUnique({ where: { id: integrationId }, select: { mode: true } });
    if (!integration) throw new Error(`No integration with id ${integrationId}`);
    // This process's settings, not the portal's: a shell without the provider app would record a
    // failed run in the customer's history. Say so before anything is recorded.
    if (integration.mode === "AUTOMATED" && !syncConfigFromEnv().provider) {
      throw new Error(
        "This integration was set up with the provider app: set ENTRA_PROVIDER_CLIENT_ID and ENTRA_PROVIDER_CLIENT_SECRET as the portal has them " +
          "(and GRAPH_BASE_URL, ENTRA_AUTHORITY_HOST and NODE_EXTRA_CA_CERTS when the portal talks to the emulator). Nothing was run.",
      );
    }
    return await runSync({ integrationId, trigger: "MANUAL", mode: "FULL" });
  } finally {
    await disconnectDb();
  }
}


/** One line for the person at the terminal, from the run's record (the JSON on stdout has everything). */
function describe(runId: string, run: RecordedRun): string {
  const changed = [
    `${run.matched} linked`,
    `${run.updated} updated`,
    run.cleared && `${run.cleared} with fields cleared`,
    run.linked && `${plural(run.linked, "new link")}`,
    run.unlinked && `${run.unlinked} unlinked`,
    run.limitedAdded && `${plural(run.limitedAdded, "limited user")} added`,
    run.limitedRemoved && `${plural(run.limitedRemoved, "limited user")} removed`,
    run.conflicts && `${plural(run.conflicts, "conflict")} waiting for a choice`,
    run.invalidNumbers && `${plural(run.invalidNumbers, "number")} that could not be read`,
  ].filter(Boolean);
  const read = `${run.complete ? "read" : "read only part of the directory:"} ${plural(run.usersRead, "Entra user")} in ${plural(run.graphRequests, "Graph request")}`;
  const error = run.errorCode ? ` — ${run.errorCode}: ${run.errorMessage ?? ""}` : "";
  const took = run.durationMs === null ? "" : run.durationMs < 1000 ? `, ${run.durationMs} ms` : `, ${(run.durationMs / 1000).toFixed(1)} s`;
  // A partial plan cannot count the conflicts and unreadable numbers of users it did not evaluate.
  const scope = run.countsCover === "CHANGED_USERS" ? "; conflicts and unreadable numbers counted among the changed users only (the integration's status has the last whole count)" : "";
  return `${run.status} ${run.mode.toLowerCase().replace("_", "-")} sync: ${read}; ${changed.join(", ")}${scope}${error} (run ${runId}${took})`;
}

try {
  const postgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
  const result = (await (postgres ? direct() : viaPortal())) as Record<string, unknown> & { runId?: string; run?: RecordedRun | null };
  if (result.run && result.runId) console.error(describe(result.runId, result.run));
  console.log(JSON.stringify(result, null, 2));
  process.exit(result.status === "SUCCEEDED" ? 0 : 1);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
