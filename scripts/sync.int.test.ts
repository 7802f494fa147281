import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runScript } from "@/lib/testing/run-script";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";

// `npm run sync` is what support runs by hand; without this test a broken CLI would only show up
// when someone needs it.

const world = useSyncWorld();

/** The emulator answering the CLI runs in this very process (runScript is asynchronous). */
const runCli = (args: string[], env: Record<string, string | undefined>) => runScript("scripts/sync.ts", args, env);

describe("npm run sync", () => {
  it("runs one full sync against PostgreSQL and prints the run summary", async () => {
    const solution = await createDemoSolution();
    const integration = await createIntegration(world, solution.id);
    const result = await runCli([integration.id], {
      ENTRA_AUTHORITY_HOST: world.config.authorityHost,
      GRAPH_BASE_URL: world.config.graphBaseUrl,
      ENTRA_PROVIDER_CLIENT_ID: world.config.provider!.clientId,
      ENTRA_PROVIDER_CLIENT_SECRET: world.config.provider!.clientSecret,
    });
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    // For the person at the terminal: one line from the run's record.
    const { run } = summary;
    const line = result.stderr.trim();
    expect(line).toContain(`SUCCEEDED full sync: read ${run.usersRead} Entra users in ${run.graphRequests} Graph requests; ${run.matched} linked, ${run.updated} updated, `);
    expect(line).toContain(`${run.linked} new links, ${run.conflicts} conflicts waiting for a choice`);
    expect(line).toMatch(new RegExp(`\\(run ${summary.runId}, (\\d+ ms|\\d+\\.\\d s)\\)$`));
    expect(summary).toMatchObject({ integrationId: integration.id, status: "SUCCEEDED", mode: "FULL", complete: true });
    expect(summary.writes.switchboardUsers).toBeGreaterThan(0);
    // The run's counts, as its record has them: linked, updated, conflicts waiting, unreadable numbers.
    expect(summary.counts).toMatchObject({ matched: expect.any(Number), updatedUsers: summary.writes.switchboardUsers, openConflicts: expect.any(Number), invalidNumbers: expect.any(Number) });
    expect(summary.counts.matched).toBeGreaterThan(0);
    expect(summary.run).toMatchObject({ status: "SUCCEEDED", mode: "FULL", matched: summary.counts.matched, updated: summary.writes.switchboardUsers, countsCover: "ALL_USERS" });
    expect(line).not.toContain("changed users only");
    expect(result.stdout).not.toContain(world.config.provider!.clientSecret);

    // Again, with nothing changed: a quiet run plans nobody, yet the record (and the line) give the totals.
    const again = await runCli([integration.id], {
      ENTRA_AUTHORITY_HOST: world.config.authorityHost,
      GRAPH_BASE_URL: world.config.graphBaseUrl,
      ENTRA_PROVIDER_CLIENT_ID: world.config.provider!.clientId,
      ENTRA_PROVIDER_CLIENT_SECRET: world.config.provider!.clientSecret,
    });
    const quiet = JSON.parse(again.stdout);
    expect(quiet.run).toMatchObject({ status: "SUCCEEDED", matched: summary.run.matched, updated: 0, linked: 0 });
    // It evaluated nobody, so its conflict count (0) is not the integration's: the record and the line say so.
    expect(summary.run.conflicts).toBeGreaterThan(0);
    expect(quiet.run).toMatchObject({ conflicts: 0, countsCover: "CHANGED_USERS" });
    expect(again.stderr).toContain(
      `; ${summary.run.matched} linked, 0 updated; conflicts and unreadable numbers counted among the changed users only (the integration's status has the last whole count) (run ${quiet.runId}`,
    );
  });

  it("says what to do when the embedded database is owned by a portal that is not running", async () => {
    const result = await runCli(["some-integration", "--port", "1"], { DATABASE_URL: "pglite:.data/never-opened" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/one process only.*npm start.*DATABASE_URL=postgres/s);
  });

  it("runs nothing, and says which settings are missing, when this shell lacks the provider app the integration uses", async () => {
    const solution = await createDemoSolution();
    const integration = await createIntegration(world, solution.id);
    const result = await runCli([integration.id], { ENTRA_PROVIDER_CLIENT_ID: "", ENTRA_PROVIDER_CLIENT_SECRET: "" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("set ENTRA_PROVIDER_CLIENT_ID and ENTRA_PROVIDER_CLIENT_SECRET");
    expect(await db.syncRun.count({ where: { integrationId: integration.id } })).toBe(0);
  });

  it("names an integration that does not exist", async () => {
    const result = await runCli(["no-such-integration"], {});
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("No integration with id no-such-integration");
  });
});
