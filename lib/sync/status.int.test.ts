import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createSolution } from "@/lib/testing/fixtures";
import type { SyncConfig } from "./config";
import { loadIntegration } from "./load-state";
import type { RunSummary } from "./run-record";
import { recordOutcome } from "./status";

// Without this spec a full sync that read everything but failed while writing would count as the
// configuration's full sync: the next runs would be delta rounds made with the old $select, and a
// newly mapped property would read as empty and clear the field it feeds.

const config: SyncConfig = {
  authorityHost: "https://login.example",
  graphBaseUrl: "https://graph.example",
  provider: null,
  encryptionKey: "",
  fullIntervalMs: 12 * 3_600_000,
  deltaIntervalMs: 60 * 60_000,
  retryBudgetMs: 60_000,
  leaseMs: 60_000,
};

const RUN = "this-run";

const summary = (over: Partial<RunSummary>): RunSummary => ({
  status: "SUCCEEDED",
  mode: "FULL",
  complete: true,
  graphRequests: 1,
  usersRead: 1,
  plan: null,
  writes: null,
  guard: null,
  error: null,
  phases: {},
  ...over,
});

async function changedConfiguration() {
  const solution = await createSolution();
  const lastFull = new Date(Date.now() - 3_600_000);
  const { id } = await db.integration.create({
    data: {
      solutionId: solution.id,
      name: "T",
      mode: "AUTOMATED",
      tenantId: "contoso.example",
      lastFullSyncAt: lastFull,
      configVersion: 2, // an admin has just mapped a new property
      syncedConfigVersion: 1,
      deltaLink: "https://graph.example/v1.0/users/delta?$deltatoken=old-select",
      // The run recording its outcome holds the lease.
      leaseOwner: RUN,
      leaseExpiresAt: new Date(Date.now() + 60_000),
    },
  });
  return { id, lastFull };
}

describe("recording a run's outcome", () => {
  it("a full run that read everything and then failed leaves the configuration unapplied and the old full-sync time", async () => {
    const { id, lastFull } = await changedConfiguration();
    const error = { code: "UnexpectedError", message: "The sync stopped on an unexpected error.", retryable: true, kind: "graph" as const };
    await recordOutcome(await loadIntegration(id), { owner: RUN }, summary({ status: "FAILED", error }), config, undefined, null);
    const row = await db.integration.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "ERROR", statusCode: "UnexpectedError", syncedConfigVersion: 1, lastFullSyncAt: lastFull });
    expect(row.nextSyncAt!.getTime() - Date.now()).toBeLessThan(30 * 60_000); // retryable: retried soon
  });

  it("a failure only a person can fix is tried hourly: not at every tick, and a delta failure does not push the full sync out", async () => {
    const { id } = await changedConfiguration();
    const error = { code: "AADSTS7000215", message: "Invalid client secret provided.", retryable: false, kind: "auth" as const };
    // The last full sync was long ago: the schedule says "now", which must not mean every tick.
    await db.integration.update({ where: { id }, data: { lastFullSyncAt: new Date(Date.now() - 3 * config.fullIntervalMs) } });
    await recordOutcome(await loadIntegration(id), { owner: RUN }, summary({ status: "FAILED", complete: false, error }), config, undefined, null);
    let row = await db.integration.findUniqueOrThrow({ where: { id } });
    expect(row.nextSyncAt!.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(row.nextSyncAt!.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    // A delta round that fails 10 h after the full sync: the full sync stays due at 12 h, i.e. in
    // 2 h. Delta rounds are off in this config so that nothing earlier (a delta round in an hour,
    // the hourly retry) coincides with that time: had the failed round counted as a full sync, the
    // next one would be 12 h from now instead.
    const lastFull = new Date(Date.now() - 10 * 3_600_000);
    await db.integration.update({ where: { id }, data: { lastFullSyncAt: lastFull } });
    const noDelta = { ...config, deltaIntervalMs: 0 };
    await recordOutcome(await loadIntegration(id), { owner: RUN }, summary({ status: "FAILED", mode: "DELTA", complete: false, error }), noDelta, undefined, null);
    row = await db.integration.findUniqueOrThrow({ where: { id } });
    expect(row.lastFullSyncAt).toEqual(lastFull);
    expect(row.syncedConfigVersion).toBe(1);
    expect(Math.abs(row.nextSyncAt!.getTime() - (lastFull.getTime() + config.fullIntervalMs))).toBeLessThanOrEqual(1_000);
    expect(row.nextSyncAt!.getTime() - Date.now()).toBeGreaterThan(61 * 60_000);
  });

  it("a full run that succeeded applies the configuration", async () => {
    const { id, lastFull } = await changedConfiguration();
    await recordOutcome(await loadIntegration(id), { owner: RUN }, summary({}), config, "https://graph.example/v1.0/users/delta?$deltatoken=new", "fp");
    const row = await db.integration.findUniqueOrThrow({ where: { id } });
    expect(row.syncedConfigVersion).toBe(2);
    expect(row.lastFullSyncAt!.getTime()).toBeGreaterThan(lastFull.getTime());
    expect(row.status).toBe("OK");
    // Rule 8: with a deltaLink, a delta round in an hour; the next full sync 12 h after this one.
    expect(row.nextSyncAt!.getTime() - row.lastFullSyncAt!.getTime()).toBe(config.deltaIntervalMs);
  });

  it("rule 8: without delta rounds the next sync is the full one, 12 h after this one", async () => {
    const { id } = await changedConfiguration();
    await recordOutcome(await loadIntegration(id), { owner: RUN }, summary({}), { ...config, deltaIntervalMs: 0 }, null, "fp");
    const row = await db.integration.findUniqueOrThrow({ where: { id } });
    expect(row.nextSyncAt!.getTime() - row.lastFullSyncAt!.getTime()).toBe(config.fullIntervalMs);
  });
});
