import { describe, expect, it } from "vitest";
import { assertGraphLink, isAllowedGraphLink, parseGraphBaseUrl } from "./host-guard";
import { checkPage } from "./paging";
import { GraphConfigError, NextLinkHostError } from "./typed-errors";

// Without this, a hostile or broken page could send our bearer token to any host in its nextLink.
const GRAPH = "https://graph.microsoft.com";
const EMULATOR = "https://127.0.0.1:8443";

describe("isAllowedGraphLink", () => {
  it("allows https links on the configured origin only", () => {
    expect(isAllowedGraphLink(`${GRAPH}/v1.0/users?$skiptoken=abc`, GRAPH)).toBe(true);
    expect(isAllowedGraphLink("https://GRAPH.microsoft.com:443/v1.0/users", GRAPH)).toBe(true);
    expect(isAllowedGraphLink(`${EMULATOR}/v1.0/users/delta?$deltatoken=x`, EMULATOR)).toBe(true);
  });

  it.each([
    ["another host", "https://graph.evil.example/v1.0/users"],
    ["a look-alike suffix", "https://graph.microsoft.com.evil.example/v1.0/users"],
    ["plain http", "http://graph.microsoft.com/v1.0/users"],
    ["another port", "https://graph.microsoft.com:8443/v1.0/users"],
    ["userinfo", "https://attacker@graph.microsoft.com/v1.0/users"],
    ["a relative link", "/v1.0/users?$skiptoken=x"],
    ["garbage", "not a url"],
  ])("refuses %s", (_why, link) => {
    expect(isAllowedGraphLink(link, GRAPH)).toBe(false);
    expect(() => assertGraphLink(link, GRAPH)).toThrow(NextLinkHostError);
  });

  it("refuses the real Graph host when the client is pointed at the emulator", () => {
    expect(isAllowedGraphLink(`${GRAPH}/v1.0/users`, EMULATOR)).toBe(false);
  });

  it("puts only the refused origin in the error, not the paging token", () => {
    const error = (() => {
      try {
        assertGraphLink("https://evil.example/v1.0/users?$skiptoken=SECRETSTATE", GRAPH);
      } catch (e) {
        return e as NextLinkHostError;
      }
    })();
    expect(error?.refusedOrigin).toBe("https://evil.example");
    expect(error?.message).not.toContain("SECRETSTATE");
  });
});

describe("parseGraphBaseUrl", () => {
  it("accepts bare https origins, with or without a trailing slash", () => {
    expect(parseGraphBaseUrl("https://graph.microsoft.com/")).toEqual({ origin: GRAPH, hostname: "graph.microsoft.com" });
    expect(parseGraphBaseUrl(EMULATOR)).toEqual({ origin: EMULATOR, hostname: "127.0.0.1" });
  });

  it.each(["http://127.0.0.1:8443", "https://graph.microsoft.com/v1.0", "nonsense"])("refuses %s", (url) => {
    expect(() => parseGraphBaseUrl(url)).toThrow(GraphConfigError);
  });
});

describe("checkPage", () => {
  it("refuses a page whose nextLink or deltaLink leaves the Graph origin", () => {
    expect(() => checkPage({ value: [], "@odata.nextLink": "https://evil.example/v1.0/users" }, GRAPH)).toThrow(NextLinkHostError);
    expect(() => checkPage({ value: [], "@odata.deltaLink": "https://evil.example/v1.0/users/delta" }, GRAPH)).toThrow(NextLinkHostError);
    expect(checkPage({ value: [{ id: "1" }], "@odata.nextLink": `${GRAPH}/v1.0/users?$skiptoken=a` }, GRAPH).value).toHaveLength(1);
  });

  it("refuses a page without a value array", () => {
    expect(() => checkPage({ error: "x" }, GRAPH)).toThrow(/without a 'value' array/);
    expect(() => checkPage(null, GRAPH)).toThrow();
  });
});
