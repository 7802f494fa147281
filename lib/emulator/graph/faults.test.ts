// The sync's retry budget and its "a partial read never clears anything" rule are only testable if
// throttling, outages and dropped connections can be produced on demand, as Graph produces them.
import { GraphError, PageIterator, type Client } from "@microsoft/microsoft-graph-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { classifyError } from "../../graph/errors";
import { CUSTOMER_APP, DEMO_TENANT } from "../../demo/demo-directory";
import { appIn, credentialFor, graphClientFor, startTestEmulator } from "../test-harness";

let emu: Awaited<ReturnType<typeof startTestEmulator>>;
let client: Client;

beforeAll(async () => {
  emu = await startTestEmulator();
  client = graphClientFor(emu, credentialFor(emu, appIn(emu, DEMO_TENANT.domain, CUSTOMER_APP.displayName)));
  await client.api("/users").top(1).get(); // warm the token cache so logs below hold Graph calls only
});
afterAll(() => emu.close());
afterEach(() => emu.control.clearFaults());

async function readAll(top: number): Promise<number> {
  const first = await client.api("/users").top(top).select("id").get();
  let n = 0;
  await new PageIterator(client, first, () => (n++, true)).iterate();
  return n;
}

describe("throttling and outages", () => {
  // https://learn.microsoft.com/en-us/graph/throttling — 429 + Retry-After, the SDK waits and retries.
  it("a 429 with Retry-After: 1 is retried by the SDK's RetryHandler, then succeeds", async () => {
    await emu.control.resetRequests();
    await emu.control.throttle(1, 1);
    const started = Date.now();
    const page = await client.api("/users").top(5).get();
    expect(page.value).toHaveLength(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950); // a lower bound: the SDK waited as told (not a speed check)
    const { entries } = await emu.control.requests({ area: "graph" });
    expect(entries.map((e) => [e.status, e.retryAttempt ?? 0])).toEqual([[429, 0], [200, 1]]);
  });

  // https://learn.microsoft.com/en-us/graph/throttling — status 429, Retry-After header, error code TooManyRequests
  it("the 429 body and headers are Graph's", async () => {
    await emu.control.throttle(1, 7);
    const token = (await emu.control.mintToken({ tenant: DEMO_TENANT.id, clientId: CUSTOMER_APP.clientId })).accessToken;
    const res = await fetch(`${emu.graphUrl}/v1.0/users`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    const body = (await res.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
    expect(body.error).toMatchObject({ code: "TooManyRequests", message: "Please retry again later." });
    expect(body.error.innerError).toMatchObject({ code: "429", message: "Please retry after", status: "429" });
  });

  // https://learn.microsoft.com/en-us/graph/errors — 503 Service Unavailable is transient; the SDK retries it
  it("503 on page K is retried; more 503s than retries fail the read mid-way", async () => {
    // Retry-After: 0 only keeps the test fast; without it the SDK backs off 3 s and more per attempt.
    await emu.control.unavailableOnPage(3, 1, 0);
    expect(await readAll(10)).toBe(61);
    await emu.control.unavailableOnPage(3, 10, 0);
    const error = await readAll(10).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).statusCode).toBe(503);
    expect((error as GraphError).code).toBe("serviceNotAvailable");
    expect((await emu.control.faults()).unavailableOnPage?.remaining).toBe(6);
  });

  it("a connection reset after page K surfaces as a network error", async () => {
    await emu.control.resetRequests();
    await emu.control.resetAfterPage(2);
    const error = await readAll(10).then(() => undefined, (e: unknown) => e);
    expect(error).toBeDefined();
    // What the sync stores for it: a transport failure, not an HTTP error or an unexpected one.
    expect(classifyError(error)).toMatchObject({ code: "NetworkError", retryable: true });
    const { entries } = await emu.control.requests({ area: "graph" });
    expect(entries.map((e) => e.status)).toEqual([200, 200, "reset"]);
  });

  it("adds latency per request", async () => {
    expect((await emu.control.setLatency(150)).latencyMs).toBe(150);
    const started = Date.now();
    await client.api("/users").top(1).get();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140); // a lower bound: the answer was held back
    expect((await emu.control.setLatency(0)).latencyMs).toBe(0);
  });
});

describe("control API", () => {
  it("refuses callers without the control token", async () => {
    const res = await fetch(`${emu.controlUrl}/state`);
    expect(res.status).toBe(401);
    const wrong = await fetch(`${emu.controlUrl}/state`, { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    const empty = await fetch(`${emu.controlUrl}/state`, { headers: { authorization: "Bearer " } });
    expect(empty.status).toBe(401);
  });

  it("will not start with an empty or short control token", async () => {
    await expect(startTestEmulator({ seed: "empty", controlToken: "" })).rejects.toThrow(/at least 16 characters/);
    await expect(startTestEmulator({ seed: "empty", controlToken: "short" })).rejects.toThrow(/at least 16 characters/);
  });

  it("creates tenants on demand and validates input", async () => {
    const a = await emu.control.createTenant({ users: 3, seed: 99 });
    const b = await emu.control.createTenant({ users: 3, seed: 99 });
    expect(a.id).not.toBe(b.id);
    expect(a.userCount).toBe(3);
    expect(a.apps.find((app) => app.consented)?.roles).toEqual(["User.Read.All"]);
    await expect(emu.control.createUser(a.id, { shoeSize: 42 })).rejects.toMatchObject({ status: 400 });
    await expect(emu.control.getUser(a.id, "nobody")).rejects.toMatchObject({ status: 404 });
    const user = await emu.control.createUser(a.domain, { displayName: "Test Person", jobtitle: "Tester" });
    expect(user).toMatchObject({ jobTitle: "Tester", accountEnabled: true, userPrincipalName: `test.person@${a.domain}` });
  });

  it("counts requests per route", async () => {
    await emu.control.resetRequests();
    await client.api("/users").top(1).get();
    await client.api("/users/anna.lindqvist@nordicdemo.se").get();
    const { counts } = await emu.control.requests();
    expect(counts).toEqual({ "GET /v1.0/users": 1, "GET /v1.0/users/{id}": 1 });
  });
});
