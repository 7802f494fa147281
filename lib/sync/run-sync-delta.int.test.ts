import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { demoExpectations, demoSwitchboardIds } from "@/lib/testing/demo-expectations";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { calm, graphRequests, integrationRow, links, runChanges, runRow, switchboardUsers, sync } from "@/lib/testing/sync-state";

// Without this spec the hourly delta round could miss an edit, keep a disabled or deleted colleague
// linked, quietly turn into a full read of the tenant, or a "sync now" on one user could read (and
// write) everybody — all invisible until someone checks the request bill or a stale entry.

const world = useSyncWorld();
let solutionId: string;
let integrationId: string;
/** Linked demo people who share no number, as [switchboard user id, Entra object id]. */
let linked: [string, string][];

beforeAll(async () => {
  solutionId = (await createDemoSolution()).id;
  integrationId = (await createIntegration(world, solutionId)).id;
  const expected = demoExpectations();
  const sbId = demoSwitchboardIds(solutionId);
  const sharing = new Set([...expected.shared.values()].flatMap((s) => s.holders));
  linked = [...expected.links]
    .filter(([, entraKey]) => !sharing.has(entraKey))
    .map(([sbKey, entraKey]) => [sbId.get(sbKey)!, expected.people.find((p) => p.key === entraKey)!.entra!.id]);
  const first = await sync(world, { integrationId, trigger: "SETUP", mode: "AUTO" });
  expect(first).toMatchObject({ status: "SUCCEEDED", mode: "FULL" });
});

beforeEach(async () => {
  await calm(world);
});

const tenant = DEMO_TENANT.id;

describe("delta rounds", () => {
  // https://learn.microsoft.com/en-us/graph/delta-query-users — changes since the deltaLink, `@removed` for deleted users
  it("edit, disable, soft and hard delete → the next AUTO run is a delta round of ≤ 2 requests that changes exactly those users", async () => {
    const [edited, disabled, softDeleted, hardDeleted] = linked.slice(0, 4);
    const usersBefore = await switchboardUsers(solutionId);
    const linksBefore = await links(integrationId);
    const deltaBefore = (await integrationRow(integrationId)).deltaLink;
    await world.emulator.control.updateUser(tenant, edited[1], { jobTitle: "Växelansvarig", department: "Kundservice" });
    await world.emulator.control.disableUser(tenant, disabled[1]);
    await world.emulator.control.deleteUser(tenant, softDeleted[1], "soft");
    await world.emulator.control.deleteUser(tenant, hardDeleted[1], "hard");
    await world.emulator.control.resetRequests();

    const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(result).toMatchObject({ status: "SUCCEEDED", mode: "DELTA", complete: true, error: null });
    const log = await graphRequests(world);
    expect(log.length).toBeLessThanOrEqual(2);
    expect(log.every((e) => e.route === "GET /v1.0/users/delta" && e.status === 200)).toBe(true);
    expect((await runRow(result.runId)).graphRequests).toBe(log.length);

    const usersAfter = await switchboardUsers(solutionId);
    expect(usersAfter.get(edited[0])).toMatchObject({ title: "Växelansvarig", department: "Kundservice" });
    for (const [id, row] of usersAfter) if (id !== edited[0]) expect(row).toEqual(usersBefore.get(id));
    const linksAfter = await links(integrationId);
    const gone = new Set([disabled[0], softDeleted[0], hardDeleted[0]]);
    expect(new Map([...linksAfter])).toEqual(new Map([...linksBefore].filter(([id]) => !gone.has(id))));

    const changes = await runChanges(result.runId);
    expect(changes.filter((c) => c.kind === "UPDATE").map((c) => c.switchboardUserId)).toEqual([edited[0]]);
    expect(changes.filter((c) => c.kind === "UNLINK").map((c) => [c.switchboardUserId, c.fields])).toEqual(
      expect.arrayContaining([...gone].map((id) => [id, [{ reason: "ENTRA_USER_GONE" }]])),
    );
    expect(changes).toHaveLength(4);
    expect(await runRow(result.runId)).toMatchObject({ mode: "DELTA", updated: 1, unlinked: 3, linked: 0, cleared: 0 });
    const integration = await integrationRow(integrationId);
    expect(integration).toMatchObject({ status: "OK", statusCode: null });
    expect(integration.deltaLink).not.toBe(deltaBefore);
    // The status line counts the integration's links, not just the users this round read.
    expect(integration.statusMessage).toBe(`${linksAfter.size} users linked, 1 updated by the last delta round.`);

    // The round consumed those changes: the next one has nothing to do, and leaves the status line be.
    const again = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(again).toMatchObject({ mode: "DELTA", writes: { switchboardUsers: 0, numbers: 0, links: 0, changeRecords: 0 } });
    expect((await integrationRow(integrationId)).statusMessage).toBe(integration.statusMessage);
  });

  // https://learn.microsoft.com/en-us/graph/delta-query-overview — 410 Gone: start a new round with a full read
  it("an expired delta token (410 syncStateNotFound) falls back to a complete full read that loses nothing", async () => {
    const linksBefore = await links(integrationId);
    const usersBefore = await switchboardUsers(solutionId);
    await world.emulator.control.resetDeltaTokens(tenant);
    const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(result).toMatchObject({ status: "SUCCEEDED", mode: "FULL", complete: true });
    const statuses = (await graphRequests(world)).map((e) => `${e.route} ${e.status}`);
    expect(statuses[0]).toBe("GET /v1.0/users/delta 410");
    expect(statuses).toContain("GET /v1.0/users 200");
    expect(await links(integrationId)).toEqual(linksBefore);
    expect(await switchboardUsers(solutionId)).toEqual(usersBefore);
  });

  // https://learn.microsoft.com/en-us/graph/delta-query-overview — items may be replayed within a round
  it("a round in which Graph sends each changed user twice applies each change once", async () => {
    const [edited] = linked.slice(7, 8);
    const before = await switchboardUsers(solutionId);
    await world.emulator.control.updateUser(tenant, edited[1], { jobTitle: "Sent twice" });
    await world.emulator.control.replayDeltaRounds(1);
    const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(result).toMatchObject({ status: "SUCCEEDED", mode: "DELTA", complete: true });
    const after = await switchboardUsers(solutionId);
    expect(after.get(edited[0])!.title).toBe("Sent twice");
    for (const [id, row] of after) if (id !== edited[0]) expect(row).toEqual(before.get(id));
    expect((await runChanges(result.runId)).map((c) => c.switchboardUserId)).toEqual([edited[0]]);
    expect((await world.emulator.control.faults()).deltaReplays).toBe(0); // the round did carry the replay
  });

  it("a delta round whose shared numbers reach too far to close its scope plans the whole directory instead", async () => {
    const [edited] = linked.slice(6, 7);
    await world.emulator.control.updateUser(tenant, edited[1], { jobTitle: "Scope too wide" });
    await world.emulator.control.resetRequests();
    // No round allowed: any change's scope counts as not closed.
    const result = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" }, { scopeMaxRounds: 0 });
    expect(result).toMatchObject({ status: "SUCCEEDED", mode: "FULL", complete: true });
    const routes = (await graphRequests(world)).map((e) => e.route);
    expect(routes[0]).toBe("GET /v1.0/users/delta");
    expect(routes).toContain("GET /v1.0/users");
    expect((await switchboardUsers(solutionId)).get(edited[0])!.title).toBe("Scope too wide");
  });

  it("rule 8: 12 h after the last full sync a scheduled run reads everything again, even with a valid deltaLink", async () => {
    const due = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(due.mode).toBe("DELTA"); // a fresh full sync: delta rounds in between
    const { lastFullSyncAt } = await integrationRow(integrationId);
    await db.integration.update({ where: { id: integrationId }, data: { lastFullSyncAt: new Date(lastFullSyncAt!.getTime() - world.config.fullIntervalMs - 60_000) } });
    await world.emulator.control.resetRequests();
    const full = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(full).toMatchObject({ status: "SUCCEEDED", mode: "FULL", complete: true });
    expect((await graphRequests(world)).some((e) => e.route === "GET /v1.0/users" && e.status === 200)).toBe(true);
    expect((await integrationRow(integrationId)).lastFullSyncAt!.getTime()).toBeGreaterThan(lastFullSyncAt!.getTime());
  });
});

describe("single-user sync", () => {
  it("reads only /users/{id} and writes only that user; the next delta round brings the rest", async () => {
    const [target, bystander] = linked.slice(4, 6);
    await world.emulator.control.updateUser(tenant, target[1], { jobTitle: "Nattväxel" });
    await world.emulator.control.updateUser(tenant, bystander[1], { jobTitle: "Dagväxel" });
    const before = await switchboardUsers(solutionId);
    await world.emulator.control.resetRequests();

    const result = await sync(world, { integrationId, trigger: "SINGLE_USER", objectId: target[1] });
    expect(result).toMatchObject({ status: "SUCCEEDED", mode: "SINGLE_USER", complete: true });
    const log = await graphRequests(world);
    expect(log.map((e) => [e.route, e.path])).toEqual([["GET /v1.0/users/{id}", `/v1.0/users/${target[1]}`]]);
    const after = await switchboardUsers(solutionId);
    expect(after.get(target[0])!.title).toBe("Nattväxel");
    for (const [id, row] of after) if (id !== target[0]) expect(row).toEqual(before.get(id));
    expect((await runChanges(result.runId)).map((c) => [c.kind, c.switchboardUserId])).toEqual([["UPDATE", target[0]]]);

    const delta = await sync(world, { integrationId, trigger: "SCHEDULE", mode: "AUTO" });
    expect(delta.mode).toBe("DELTA");
    expect((await runChanges(delta.runId)).map((c) => [c.kind, c.switchboardUserId])).toEqual([["UPDATE", bystander[0]]]);
  });

  it("a user Graph no longer knows (404) is unlinked by the same core, in one request", async () => {
    const [target] = linked.slice(6, 7);
    const before = await switchboardUsers(solutionId);
    await world.emulator.control.deleteUser(tenant, target[1], "hard");
    await world.emulator.control.resetRequests();

    const result = await sync(world, { integrationId, trigger: "SINGLE_USER", objectId: target[1] });
    expect(result).toMatchObject({ status: "SUCCEEDED", mode: "SINGLE_USER" });
    expect((await graphRequests(world)).map((e) => `${e.route} ${e.status}`)).toEqual(["GET /v1.0/users/{id} 404"]);
    expect((await links(integrationId)).has(target[0])).toBe(false);
    expect(await switchboardUsers(solutionId)).toEqual(before);
    expect((await runChanges(result.runId)).map((c) => [c.kind, c.switchboardUserId])).toEqual([["UNLINK", target[0]]]);
  });
});
