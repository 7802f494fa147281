import { describe, expect, it } from "vitest";
import { GraphQueryError } from "./errors";
import { checkSearch, matchesSearch, parseSearch } from "./search";
import { searchTokens, tokensMatch } from "./search-tokenize";
import { COST_CENTER, TEST_USERS, resolveProperty } from "./test-users";

function search(text: string): string[] {
  const node = parseSearch(text);
  checkSearch(node, { resolveProperty });
  return TEST_USERS.filter((user) => matchesSearch(node, user)).map((user) => String(user.id));
}

function errorOf(action: () => unknown): GraphQueryError {
  try {
    action();
  } catch (e) {
    if (e instanceof GraphQueryError) return e;
    throw e;
  }
  throw new Error("expected a GraphQueryError");
}

describe("$search on /users", () => {
  it.each([
    // https://learn.microsoft.com/en-us/graph/search-query-parameter ("displayName:Guthr", "… OR "mail:Guthr")
    ['"displayName:ad"', ["adele", "room"]],
    ['"displayName:vance adele"', ["adele"]],
    ['"displayName:brien"', ["conor"]],
    ['"displayName:ance"', []],
    ['"displayName:ad" OR "displayName:meg"', ["adele", "room", "megan"]],
    ['"displayName:conf" OR "mail:diego"', ["diego", "room"]],
    ['"displayName:room" AND "mail:conf"', ["room"]],
    ['"mail:CONTOSO"', []],
    ['"userPrincipalName:megan_"', ["megan"]],
    ['"proxyAddresses:smtp:conor"', ["conor"]],
    [`"${COST_CENTER}:cc-2"`, ["diego"]],
    ['"displayName:ad" OR "displayName:meg" AND "mail:x"', ["adele", "room"]],
    ['("displayName:ad" OR "displayName:meg") AND "mail:megan"', ["megan"]],
  ])("$search=%s", (text, expected) => {
    expect(search(text)).toEqual(expected);
  });

  it.each([
    ["displayName:wa", "Syntax error: character ':' is not valid at position 11 in 'displayName:wa'."],
    ['"displayName:wa', "There is an unterminated string literal at position 15"],
    ['"wa"', "Invalid $search clause 'wa'"],
    ['"displayName:a" or "displayName:b"', "Syntax error at position 18"],
    ['"displayName:a" OR', "Expression expected at position 18"],
    ['("displayName:a"', "')' or operator expected at position 16"],
    ["", "Expression expected at position 0"],
  ])("rejects %s", (text, message) => {
    const error = errorOf(() => parseSearch(text));
    expect([error.status, error.code]).toEqual([400, "Request_UnsupportedQuery"]);
    expect(error.message).toContain(message);
  });

  it("unescapes \\\" and \\\\ inside a clause", () => {
    const node = parseSearch('"displayName:say \\"hi\\" \\\\o/"');
    expect(node).toEqual({ kind: "term", property: "displayName", text: 'say "hi" \\o/', pos: 0 });
  });

  // [unconfirmed: no Microsoft page says so] Names bind case-insensitively, as in $filter
  // (https://github.com/microsoftgraph/msgraph-sdk-powershell/issues/1869).
  it.each([
    ['"displayname:ad"', ["adele", "room"]],
    ['"DISPLAYNAME:vance adele"', ["adele"]],
    ['"MAIL:diego"', ["diego"]],
    [`"${COST_CENTER.toUpperCase()}:cc-2"`, ["diego"]],
  ])("$search=%s binds the property case-insensitively", (text, expected) => {
    expect(search(text)).toEqual(expected);
  });

  it("checks properties like $filter does", () => {
    expect(errorOf(() => search('"displaynam:a"')).message).toBe(
      "Could not find a property named 'displaynam' on type 'microsoft.graph.user'.",
    );
    expect(errorOf(() => search('"accountEnabled:true"')).code).toBe("Request_UnsupportedQuery");
    expect(errorOf(() => search('"aboutMe:x"')).code).toBe("Request_UnsupportedQuery");
  });
});

// Examples from https://learn.microsoft.com/en-us/graph/search-query-parameter (directory object collections)
describe("directory search tokenisation", () => {
  it.each([
    ["hello world", ["hello", "world"]],
    ["HelloWorld", ["hello", "world"]],
    ["helloWORLD", ["hello", "world"]],
    ["HELLOworld", ["helloworld"]],
    ["HelloWORld", ["hello", "world"]],
    ["hello123world", ["hello", "123", "world"]],
    ["hello.world", ["hello", ".", "world", "helloworld"]],
  ])("%s → %j", (value, tokens) => {
    expect(searchTokens(value, true)).toEqual(tokens);
  });

  const terms = ["李四(David Li)", "李四", "David", "Li", "David)", "(李四", "Li 李"];
  it.each(terms)("'李四(David Li)' matches %s", (term) => {
    expect(tokensMatch("李四(David Li)", term)).toBe(true);
  });

  it("joins words split only by symbols, but not words split by spaces", () => {
    expect(tokensMatch("hello-world", "helloworld")).toBe(true);
    expect(tokensMatch("hello world", "helloworld")).toBe(false);
    expect(tokensMatch("OneVideo Team", "onevideo")).toBe(false);
    expect(tokensMatch("OneVideo Team", "video one")).toBe(true);
  });
});
