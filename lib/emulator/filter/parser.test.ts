import { describe, expect, it } from "vitest";
import type { FilterNode, Literal, PathRef } from "./ast";
import { filterProperties } from "./capabilities";
import { parseFilter } from "./parser";

const lit = (literal: Literal) => ("value" in literal ? literal.value : null);
const path = (ref: PathRef) => ref.segments.join("/");

/** Compact rendering of the tree so precedence is easy to read in assertions. */
function show(node: FilterNode): string {
  switch (node.kind) {
    case "and":
    case "or":
      return `(${show(node.left)} ${node.kind} ${show(node.right)})`;
    case "not":
      return `not ${show(node.operand)}`;
    case "compare":
      return `${path(node.path)} ${node.op} ${JSON.stringify(lit(node.value))}`;
    case "in":
      return `${path(node.path)} in [${node.values.map(lit).join(",")}]`;
    case "function":
      return `${node.name}(${path(node.path)},${lit(node.value)})`;
    case "any":
      return `${path(node.collection)}/any(${node.variable}: ${show(node.predicate)})`;
  }
}

describe("parseFilter", () => {
  it.each([
    ["a eq 1 or b eq 2 and c eq 3", "(a eq 1 or (b eq 2 and c eq 3))"],
    ["a eq 1 and b eq 2 or c eq 3", "((a eq 1 and b eq 2) or c eq 3)"],
    ["(a eq 1 or b eq 2) and c eq 3", "((a eq 1 or b eq 2) and c eq 3)"],
    ["not a eq true and b eq false", "(not a eq true and b eq false)"],
    ["NOT (a eq 'x' OR b eq 'y')", 'not (a eq "x" or b eq "y")'],
    ["not not a eq null", "not not a eq null"],
    ["x/y/z Le -5", "x/y/z le -5"],
    ["s eq 'it''s ''quoted'''", `s eq "it's 'quoted'"`],
    ["tags/$count Ne 0", "tags/$count ne 0"],
    ["ENDSWITH(mail, '@x.com')", "endsWith(mail,@x.com)"],
    ["k IN ('a', 'b','c')", "k in [a,b,c]"],
    ["p/ANY(v: v eq 'a' or startsWith(v, 'b'))", 'p/any(v: (v eq "a" or startsWith(v,b)))'],
  ])("%s", (text, expected) => {
    expect(show(parseFilter(text))).toBe(expected);
  });

  it("decodes literals with their source positions", () => {
    const node = parseFilter("d ge 2021-11-01T08:00:00.5+02:00 and flag eq FALSE");
    expect(node).toMatchObject({
      kind: "and",
      left: { value: { kind: "datetime", value: "2021-11-01T08:00:00.5+02:00", pos: 5 } },
      right: { path: { segments: ["flag"], pos: 37 }, value: { kind: "boolean", value: false, pos: 45 } },
    });
    expect(node).toHaveProperty("left.value.epochMs", Date.UTC(2021, 10, 1, 6, 0, 0, 500));
  });

  it("keeps property names exactly as written", () => {
    expect(parseFilter("GivenName eq 'x'")).toMatchObject({ path: { segments: ["GivenName"] } });
  });
});

describe("filterProperties", () => {
  it("lists top-level properties once, without lambda variables", () => {
    const node = parseFilter(
      "startsWith(displayName,'a') and onPremisesExtensionAttributes/extensionAttribute3 eq 'x' " +
        "or proxyAddresses/any(p: p eq 'y') or displayName eq 'b' or otherMails/$count eq 0",
    );
    const expected = ["displayName", "onPremisesExtensionAttributes", "proxyAddresses", "otherMails"];
    expect(filterProperties(node)).toEqual(expected);
  });
});
