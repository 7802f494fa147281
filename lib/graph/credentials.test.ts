import { ClientSecretCredential } from "@azure/identity";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GRAPH_SCOPE, createTokenSource, graphScopeFor } from "./credentials";
import { GraphConfigError } from "./typed-errors";

// Without this, a tenant in a national cloud gets no usable token: the `.default` scope (and so the
// token's audience) must be the national cloud's own Graph root, and tokens of one cloud are not
// accepted by another (https://learn.microsoft.com/en-us/graph/deployments,
// https://learn.microsoft.com/en-us/graph/sdks/national-clouds: "https://graph.microsoft.us/.default is
// the correct .default scope value" for US Government L4).

afterEach(() => vi.restoreAllMocks());

describe("graphScopeFor", () => {
  it.each([
    ["https://login.microsoftonline.com", "https://graph.microsoft.com", "https://graph.microsoft.com/.default"],
    ["https://login.microsoftonline.us", "https://graph.microsoft.us", "https://graph.microsoft.us/.default"],
    ["https://login.microsoftonline.us", "https://dod-graph.microsoft.us", "https://dod-graph.microsoft.us/.default"],
    ["https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn/.default"],
    ["https://login.chinacloudapi.cn", "https://MicrosoftGraph.ChinaCloudApi.cn", "https://microsoftgraph.chinacloudapi.cn/.default"],
  ])("authority %s, Graph %s → %s", (authorityHost, graphBaseUrl, scope) => {
    expect(graphScopeFor({ authorityHost, graphBaseUrl })).toBe(scope);
  });

  it("keeps the global scope for a Graph that is not Microsoft's (the emulator validates that audience)", () => {
    expect(graphScopeFor({ authorityHost: "https://127.0.0.1:8443/login", graphBaseUrl: "https://127.0.0.1:8443" })).toBe(GRAPH_SCOPE);
    expect(GRAPH_SCOPE).toBe("https://graph.microsoft.com/.default");
  });

  it("without a Graph URL, takes the authority's cloud (US Government: GCC High's root)", () => {
    expect(graphScopeFor({ authorityHost: "https://login.microsoftonline.com" })).toBe("https://graph.microsoft.com/.default");
    expect(graphScopeFor({ authorityHost: "https://login.microsoftonline.us/" })).toBe("https://graph.microsoft.us/.default");
    expect(graphScopeFor({ authorityHost: "https://login.chinacloudapi.cn" })).toBe("https://microsoftgraph.chinacloudapi.cn/.default");
    expect(graphScopeFor({ authorityHost: "https://127.0.0.1:8443/login" })).toBe(GRAPH_SCOPE);
  });

  it("refuses a Graph URL the client would refuse, as a configuration error", () => {
    expect(() => graphScopeFor({ authorityHost: "https://login.microsoftonline.com", graphBaseUrl: "http://graph.microsoft.us" })).toThrow(GraphConfigError);
  });
});

describe("createTokenSource", () => {
  it("asks @azure/identity for the configured cloud's Graph", async () => {
    const getToken = vi.spyOn(ClientSecretCredential.prototype, "getToken").mockResolvedValue({ token: "t", expiresOnTimestamp: Date.now() + 3_600_000 });
    const input = { mode: "manual" as const, tenant: "contoso.onmicrosoft.us", clientId: "11111111-2222-4333-8444-555555555555", clientSecret: "s" };
    await createTokenSource(input, { authorityHost: "https://login.microsoftonline.us", graphBaseUrl: "https://dod-graph.microsoft.us" }).getAccessToken();
    await createTokenSource(input, { authorityHost: "https://login.microsoftonline.us" }).getAccessToken();
    await createTokenSource(input, { authorityHost: "https://127.0.0.1:8443/login", graphBaseUrl: "https://127.0.0.1:8443" }).getAccessToken();
    expect(getToken.mock.calls.map((call) => call[0])).toEqual(["https://dod-graph.microsoft.us/.default", "https://graph.microsoft.us/.default", GRAPH_SCOPE]);
  });
});
