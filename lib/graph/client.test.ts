import { afterEach, describe, expect, it, vi } from "vitest";
import { createGraphClient } from "./client";
import { RetryBudget } from "./retry-policy";
import { GraphNetworkError, NextLinkHostError, ThrottledError } from "./typed-errors";

// Without this, the chain could send the token to a foreign host, send undici's `Accept-Language: *`
// (which some Graph endpoints reject, reference §8), double the Authorization header on retries, or
// let the SDK flatten our typed errors into a GraphError that has lost its class.

type Call = { url: string; headers: Record<string, string>; redirect?: string };

function stubFetch(replies: (() => Response | Promise<Response>)[]) {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    calls.push({ url, headers: { ...(init.headers as Record<string, string>) }, redirect: init.redirect });
    return replies[Math.min(calls.length - 1, replies.length - 1)]();
  });
  return calls;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

function client(budget = new RetryBudget()) {
  let issued = 0;
  const graph = createGraphClient({
    graphBaseUrl: "https://127.0.0.1:8443",
    tokenSource: { getAccessToken: async () => `token-${++issued}` },
    budget,
    sleep: async () => {},
  });
  return { graph, issued: () => issued };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("createGraphClient", () => {
  it("sends the token, an explicit Accept-Language, no redirects, and counts the request", async () => {
    const calls = stubFetch([json(200, { value: [] })]);
    const { graph } = client();
    await graph.sdk.api("/users").get();
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe("https://127.0.0.1:8443/v1.0/users");
    expect(calls[0].headers.Authorization).toBe("Bearer token-1");
    expect(calls[0].headers["Accept-Language"]).toBe("en-US");
    expect(calls[0].redirect).toBe("manual");
    expect(graph.stats.requests).toBe(1);
  });

  it("refuses an absolute URL on another origin before asking for a token", async () => {
    const calls = stubFetch([json(200, { value: [] })]);
    const { graph, issued } = client();
    await expect(graph.sdk.api("https://graph.microsoft.com/v1.0/users").get()).rejects.toBeInstanceOf(NextLinkHostError);
    expect(calls).toHaveLength(0);
    expect(issued()).toBe(0);
  });

  it("retries through the whole chain with one fresh Authorization header per attempt", async () => {
    const calls = stubFetch([json(429, { error: { code: "TooManyRequests", message: "x" } }, { "Retry-After": "1" }), json(200, { value: [] })]);
    const { graph } = client();
    await graph.sdk.api("/users").get();
    expect(calls.map((c) => c.headers.Authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
    expect(calls[1].headers["Retry-Attempt"]).toBe("1");
    expect(graph.stats.requests).toBe(2);
  });

  it("lets ThrottledError and GraphNetworkError through the SDK with their class intact", async () => {
    stubFetch([json(429, { error: { code: "TooManyRequests", message: "x" } }, { "Retry-After": "5" })]);
    await expect(client(new RetryBudget({ maxWaitMs: 1_000 })).graph.sdk.api("/users").get()).rejects.toBeInstanceOf(ThrottledError);

    stubFetch([() => Promise.reject(new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) }))]);
    const error = await client().graph.sdk.api("/users").get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphNetworkError);
    expect(error).toMatchObject({ networkCode: "ECONNRESET", url: "https://127.0.0.1:8443/v1.0/users" });
  });

  it("keeps a caller's Accept-Language", async () => {
    const calls = stubFetch([json(200, { value: [] })]);
    await client().graph.sdk.api("/users").header("Accept-Language", "sv-SE").get();
    expect(calls[0].headers["Accept-Language"]).toBe("sv-SE");
  });
});
