import { describe, expect, it } from "vitest";
import { GraphConfigError } from "./typed-errors";
import { andFilter, encodeQueryValue, odataString, selectList } from "./odata";

// Without escaping, a surname like O'Brien would end the literal early and break (or rewrite) the
// admin's $filter; without encoding, "&" in a value would cut the query string.
describe("odataString", () => {
  it("doubles single quotes inside the literal", () => {
    expect(odataString("O'Brien")).toBe("'O''Brien'");
    expect(odataString("''")).toBe("''''''");
    expect(odataString("plain")).toBe("'plain'");
    expect(odataString("")).toBe("''");
  });

  it("cannot be used to close the literal and inject another clause", () => {
    const literal = odataString("x' or accountEnabled eq false or displayName eq 'y");
    expect(`displayName eq ${literal}`).toBe("displayName eq 'x'' or accountEnabled eq false or displayName eq ''y'");
  });
});

describe("encodeQueryValue", () => {
  it("percent-encodes characters that would split or change the query string", () => {
    expect(encodeQueryValue("department eq 'R&D'")).toBe("department%20eq%20'R%26D'");
    expect(encodeQueryValue("a+b#c")).toBe("a%2Bb%23c");
  });
});

describe("selectList", () => {
  it("puts required properties first and removes duplicates", () => {
    expect(selectList(["displayName", "id", "jobTitle", "displayName"], ["id", "accountEnabled"])).toEqual(["id", "accountEnabled", "displayName", "jobTitle"]);
  });

  it("accepts directory extensions and refuses anything that is not a property name", () => {
    expect(selectList(["extension_5bfc8fdacfc943a9a6de214ea9d15fdb_tier"])).toContain("extension_5bfc8fdacfc943a9a6de214ea9d15fdb_tier");
    expect(() => selectList(["onPremisesExtensionAttributes/extensionAttribute1"])).toThrow(GraphConfigError);
    expect(() => selectList(["id&$filter=x"])).toThrow(GraphConfigError);
  });
});

describe("andFilter", () => {
  it("parenthesises each clause so the admin's 'or' cannot escape the enabled-only condition", () => {
    expect(andFilter("accountEnabled eq true", "department eq 'A' or department eq 'B'")).toBe(
      "(accountEnabled eq true) and (department eq 'A' or department eq 'B')",
    );
    expect(andFilter("accountEnabled eq true", undefined, "  ")).toBe("accountEnabled eq true");
    expect(andFilter(undefined)).toBeUndefined();
  });
});
