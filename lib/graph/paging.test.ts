import { Client, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import { describe, expect, it } from "vitest";
import type { GraphClient } from "./client";
import { streamPages } from "./paging";
import { RetryBudget } from "./retry-policy";
import { NextLinkHostError } from "./typed-errors";

// Without this, a 100,000-user tenant would be held in memory at once, the next page would be
// fetched while the previous one is still being written, or a nextLink to another host would be
// followed with our token (reference §8: PageIterator callback semantics and headers).

const GRAPH = "https://graph.microsoft.com";

/** An SDK client whose transport serves canned pages by path+query and logs every request. */
function fakeGraph(pages: Record<string, object>) {
  const log: { url: string; consistency: string | null }[] = [];
  const transport: Middleware = {
    async execute(context: Context) {
      const url = typeof context.request === "string" ? context.request : context.request.url;
      const headers = (context.options?.headers ?? {}) as Record<string, string>;
      log.push({ url, consistency: headers.ConsistencyLevel ?? null });
      const { pathname, search } = new URL(url);
      const body = pages[`${pathname}${decodeURIComponent(search)}`];
      context.response = body
        ? new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } })
        : new Response(JSON.stringify({ error: { code: "NotFound", message: url } }), { status: 404, headers: { "content-type": "application/json" } });
    },
  };
  const sdk = Client.initWithMiddleware({ middleware: transport, baseUrl: `${GRAPH}/` });
  const client: GraphClient = { sdk, origin: GRAPH, stats: { requests: 0 }, budget: new RetryBudget() };
  return { client, log };
}

const users = (...ids: string[]) => ids.map((id) => ({ id }));

describe("streamPages", () => {
  it("hands over one whole page at a time and fetches the next only after onPage resolved", async () => {
    const { client, log } = fakeGraph({
      "/v1.0/users?$skiptoken=2": { value: users("c", "d"), "@odata.nextLink": `${GRAPH}/v1.0/users?$skiptoken=3` },
      "/v1.0/users?$skiptoken=3": { value: [], "@odata.nextLink": `${GRAPH}/v1.0/users?$skiptoken=4` },
      "/v1.0/users?$skiptoken=4": { value: users("e") },
    });
    const seen: { ids: string[]; requestsSoFar: number }[] = [];
    const result = await streamPages<{ id: string }>({
      client,
      firstPage: { value: users("a", "b"), "@odata.nextLink": `${GRAPH}/v1.0/users?$skiptoken=2` },
      onPage: async (page) => {
        seen.push({ ids: page.map((u) => u.id), requestsSoFar: log.length });
        await new Promise((r) => setTimeout(r, 5));
      },
    });
    expect(seen).toEqual([
      { ids: ["a", "b"], requestsSoFar: 0 },
      { ids: ["c", "d"], requestsSoFar: 1 },
      { ids: ["e"], requestsSoFar: 3 }, // the empty page was skipped, not handed over
    ]);
    expect(result).toEqual({ pages: 4, items: 5, deltaLink: undefined });
  });

  it("returns the deltaLink of the last page", async () => {
    const { client } = fakeGraph({ "/v1.0/users/delta?$skiptoken=2": { value: users("b"), "@odata.deltaLink": `${GRAPH}/v1.0/users/delta?$deltatoken=z` } });
    const result = await streamPages({
      client,
      firstPage: { value: users("a"), "@odata.nextLink": `${GRAPH}/v1.0/users/delta?$skiptoken=2` },
      onPage: async () => {},
    });
    expect(result.deltaLink).toBe(`${GRAPH}/v1.0/users/delta?$deltatoken=z`);
  });

  it("resends requestOptions headers (ConsistencyLevel) on every next page", async () => {
    const { client, log } = fakeGraph({
      "/v1.0/users?$count=true&$skiptoken=2": { value: users("b"), "@odata.nextLink": `${GRAPH}/v1.0/users?$count=true&$skiptoken=3` },
      "/v1.0/users?$count=true&$skiptoken=3": { value: users("c") },
    });
    await streamPages({
      client,
      firstPage: { "@odata.count": 3, value: users("a"), "@odata.nextLink": `${GRAPH}/v1.0/users?$count=true&$skiptoken=2` },
      requestOptions: { headers: { ConsistencyLevel: "eventual" } },
      onPage: async () => {},
    });
    expect(log.map((l) => l.consistency)).toEqual(["eventual", "eventual"]);
  });

  it("refuses a nextLink to another host before any request goes there", async () => {
    const { client, log } = fakeGraph({
      "/v1.0/users?$skiptoken=2": { value: users("b"), "@odata.nextLink": "https://evil.example/v1.0/users?$skiptoken=3" },
    });
    const delivered: string[] = [];
    const error = await streamPages<{ id: string }>({
      client,
      firstPage: { value: users("a"), "@odata.nextLink": `${GRAPH}/v1.0/users?$skiptoken=2` },
      onPage: async (page) => void delivered.push(...page.map((u) => u.id)),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NextLinkHostError);
    expect(log.map((l) => new URL(l.url).host)).toEqual(["graph.microsoft.com"]);
    expect(delivered).toEqual(["a"]);
  });

  it("refuses a first page whose nextLink leaves the Graph origin", async () => {
    const { client, log } = fakeGraph({});
    await expect(streamPages({ client, firstPage: { value: [], "@odata.nextLink": "http://graph.microsoft.com/v1.0/users" }, onPage: async () => {} })).rejects.toBeInstanceOf(
      NextLinkHostError,
    );
    expect(log).toEqual([]);
  });

  it("lets an onPage failure stop the read (nothing swallowed)", async () => {
    const { client, log } = fakeGraph({ "/v1.0/users?$skiptoken=2": { value: users("b") } });
    await expect(
      streamPages({
        client,
        firstPage: { value: users("a"), "@odata.nextLink": `${GRAPH}/v1.0/users?$skiptoken=2` },
        onPage: async () => {
          throw new Error("database down");
        },
      }),
    ).rejects.toThrow("database down");
    expect(log).toEqual([]);
  });
});
