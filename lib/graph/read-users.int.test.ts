import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestEmulator } from "@/lib/emulator/test-harness";
import { caught, connect, enabledUserCount, graphLog, providerIn, type TestEmulator } from "./emulator-fixture";
import { classifyError } from "./errors";
import type { GraphUser } from "./graph-user";
import { odataString } from "./odata";
import { countQuery, listQueryIds, readAllUsers, readUser } from "./read-users";
import { RetryBudget } from "./retry-policy";
import { GraphNetworkError, ThrottledError, UserNotFoundError } from "./typed-errors";

// Without these, a sync could silently read part of a tenant (and rule 11 would be all that stands
// between a customer and cleared fields), sleep past its function limit when throttled, or count
// requests wrongly in the run record. Run against the emulator with the real SDK and @azure/identity.

const USERS = 5_000;
const SELECT = ["id", "userPrincipalName", "displayName", "accountEnabled", "mobilePhone", "businessPhones", "department"];

let emulator: TestEmulator;
let tenantId: string;
let expected: number;
let pages: number;

beforeAll(async () => {
  emulator = await startTestEmulator({ seed: [{ users: USERS, seed: 20260101 }] });
  tenantId = emulator.tenants.find((t) => t.userCount >= USERS)!.id;
  expected = enabledUserCount(emulator, tenantId);
  pages = Math.ceil(expected / 999);
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  await emulator.control.clearFaults();
  await emulator.control.setTokenLifetime(3599);
  await emulator.control.resetRequests();
});

async function readEverything(client: ReturnType<typeof connect>["client"]) {
  const sizes: number[] = [];
  const ids = new Set<string>();
  const result = await readAllUsers({
    client,
    select: SELECT,
    onPage: async (users: GraphUser[]) => {
      sizes.push(users.length);
      for (const u of users) ids.add(u.id);
    },
  });
  return { sizes, ids, result };
}

describe("readAllUsers against the emulator", () => {
  // https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0 — $top max 999; https://learn.microsoft.com/en-us/graph/paging
  it("reads every enabled user in ceil(n/999) requests, counted identically by the emulator and the client", async () => {
    const { client } = connect(emulator, providerIn(emulator, tenantId));
    const { sizes, ids, result } = await readEverything(client);
    expect(ids.size).toBe(expected);
    expect(sizes.every((n) => n <= 999)).toBe(true);
    expect(sizes).toHaveLength(pages);
    expect(result).toMatchObject({ pages, items: expected });
    const log = await graphLog(emulator);
    expect(log).toHaveLength(pages);
    expect(client.stats.requests).toBe(pages);
    expect(log.every((e) => e.status === 200 && e.route === "GET /v1.0/users")).toBe(true);
    expect(log[0].query).toContain("$top=999");
    expect(decodeURIComponent(log[0].query)).toContain("accountEnabled eq true");
  });

  it("returns the selected properties, with accountEnabled true for everyone", async () => {
    const { client } = connect(emulator, providerIn(emulator, tenantId));
    let sample: GraphUser | undefined;
    await readAllUsers({ client, select: SELECT, onPage: async (users) => void (sample ??= users[0]) });
    expect(Object.keys(sample!).sort()).toEqual([...SELECT].sort());
    expect(sample!.accountEnabled).toBe(true);
  });

  // https://learn.microsoft.com/en-us/graph/throttling — wait Retry-After, then retry
  it("survives a 429 storm with Retry-After: 1 on the next 2 requests", async () => {
    await emulator.control.throttle(2, 1);
    const { client } = connect(emulator, providerIn(emulator, tenantId));
    const started = Date.now();
    const { ids } = await readEverything(client);
    expect(ids.size).toBe(expected);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000); // a lower bound: it waited as told (not a speed check)
    const log = await graphLog(emulator);
    expect(log.filter((e) => e.status === 429)).toHaveLength(2);
    expect(log).toHaveLength(pages + 2);
    expect(client.stats.requests).toBe(pages + 2);
    expect(client.budget.waitedMs).toBe(2_000);
    expect(log[2].retryAttempt).toBe(2);
  });

  it("ends a storm longer than the budget in ThrottledError without waiting past the budget", async () => {
    await emulator.control.throttle(100, 1);
    const budget = new RetryBudget({ maxWaitMs: 2_500 });
    const { client } = connect(emulator, providerIn(emulator, tenantId), { budget });
    const error = await caught(readEverything(client));
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 1_000, reason: "budget" });
    expect(budget.waitedMs).toBe(2_000); // a third 1 s wait would have passed 2.5 s: refused up front
    expect(classifyError(error)).toMatchObject({ code: "TooManyRequests", kind: "throttled", retryable: true, httpStatus: 429 });
    expect((await graphLog(emulator)).filter((e) => e.status === 429)).toHaveLength(3);
  });

  // https://learn.microsoft.com/en-us/graph/errors — 503 is retryable
  it("retries a 503 on page 3 and completes", async () => {
    await emulator.control.unavailableOnPage(3);
    const { client } = connect(emulator, providerIn(emulator, tenantId));
    const { ids, sizes } = await readEverything(client);
    expect(ids.size).toBe(expected);
    expect(sizes).toHaveLength(pages);
    const log = await graphLog(emulator);
    expect(log.map((e) => e.status)).toEqual([200, 200, 503, ...Array(pages - 2).fill(200)]);
    expect(client.stats.requests).toBe(pages + 1);
  });

  it("surfaces a connection reset mid-paging as a network error after handing over only whole pages", async () => {
    await emulator.control.resetAfterPage(2);
    const { client } = connect(emulator, providerIn(emulator, tenantId));
    const sizes: number[] = [];
    const error = await caught(readAllUsers({ client, select: SELECT, onPage: async (u) => void sizes.push(u.length) }));
    expect(error).toBeInstanceOf(GraphNetworkError);
    expect(classifyError(error)).toMatchObject({ code: "NetworkError", kind: "network", retryable: true });
    expect(sizes).toEqual([999, 999]);
    const log = await graphLog(emulator);
    expect(log.map((e) => e.status)).toEqual([200, 200, "reset"]);
  });

  it("gets a new token when the old one expires mid-run and completes the read", async () => {
    await emulator.control.setTokenLifetime(2);
    await emulator.control.setLatency(600);
    const { client } = connect(emulator, providerIn(emulator, tenantId));
    const { ids } = await readEverything(client);
    expect(ids.size).toBe(expected);
    const logins = (await emulator.control.requests({ area: "login" })).entries.filter((e) => e.path.endsWith("/oauth2/v2.0/token"));
    expect(logins.length).toBeGreaterThanOrEqual(2);
    expect(logins.every((e) => e.status === 200)).toBe(true);
  });
});

describe("readUser", () => {
  it("reads one user by id and turns 404 into UserNotFoundError", async () => {
    const { client } = connect(emulator, providerIn(emulator, tenantId));
    const someone = emulator.state.requireTenant(tenantId).directory.listActive()[10];
    const user = await readUser({ client, id: someone.id, select: SELECT });
    expect(user).toMatchObject({ id: someone.id, userPrincipalName: someone.data.userPrincipalName });
    const missing = await caught(readUser({ client, id: "00000000-0000-0000-0000-000000000000", select: SELECT }));
    expect(missing).toBeInstanceOf(UserNotFoundError);
    expect(classifyError(missing)).toMatchObject({ code: "Request_ResourceNotFound", httpStatus: 404 });
  });
});

// https://learn.microsoft.com/en-us/graph/aad-advanced-queries — ConsistencyLevel: eventual + $count=true
describe("advanced queries for limited users", () => {
  it("counts and lists a query across several pages, resending ConsistencyLevel on every page", async () => {
    const { client } = connect(emulator, providerIn(emulator, tenantId));
    const count = await countQuery({ client });
    const ids = await listQueryIds({ client });
    expect(count).toBe(expected);
    expect(new Set(ids).size).toBe(expected);
    const log = await graphLog(emulator);
    expect(log).toHaveLength(1 + pages);
    expect(log.every((e) => e.consistencyLevel === "eventual" && e.status === 200)).toBe(true);
  });

  it("escapes quotes in filter literals (O'Brien) and combines them with enabled-only", async () => {
    const created = await emulator.control.createUser(tenantId, { displayName: "Siobhan O'Brien", surname: "O'Brien", givenName: "Siobhan" });
    const { client } = connect(emulator, providerIn(emulator, tenantId));
    const filter = `surname eq ${odataString("O'Brien")}`;
    expect(await countQuery({ client, filter })).toBe(1);
    expect(await listQueryIds({ client, filter })).toEqual([created.id]);
    await emulator.control.disableUser(tenantId, created.id);
    expect(await countQuery({ client, filter })).toBe(0);
    expect(await countQuery({ client, filter, enabledOnly: false })).toBe(1);
  });

  it("runs a $search query", async () => {
    const { client } = connect(emulator, providerIn(emulator, tenantId));
    const someone = emulator.state.requireTenant(tenantId).directory.listActive().find((u) => u.data.accountEnabled !== false)!;
    const name = String(someone.data.displayName).split(" ")[0];
    const ids = await listQueryIds({ client, search: `"displayName:${name}"` });
    expect(ids).toContain(someone.id);
    // The search narrowed the list: someone whose name lacks the token is not in it.
    const other = emulator.state.requireTenant(tenantId).directory.listActive().find((u) => u.data.accountEnabled !== false && !String(u.data.displayName).split(" ").includes(name))!;
    expect(ids).not.toContain(other.id);
    expect(ids.length).toBeLessThan(expected);
    expect(await countQuery({ client, search: `"displayName:${name}"` })).toBe(ids.length);
  });
});
