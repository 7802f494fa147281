// Without these, markup or internal notes kept in Entra attributes (<old number>, <vacant>) would be
// shown to switchboard operators, and tag lists would fill with duplicates in different case.
import { describe, expect, it } from "vitest";
import { storableText, stripAngleBrackets, toFieldText, toTags } from "./sanitise";

describe("stripAngleBrackets", () => {
  it("rule 4: removes everything between < and >, then collapses the whitespace left behind", () => {
    expect(stripAngleBrackets("Sales <internal note> Stockholm")).toBe("Sales Stockholm");
    expect(stripAngleBrackets("<b>Anna</b> Berg")).toBe("Anna Berg");
    expect(stripAngleBrackets("  Support   desk <x> ")).toBe("Support desk");
  });

  it("rule 4: nested brackets go entirely; a lone < or > stays", () => {
    expect(stripAngleBrackets("Team <<draft> old> A")).toBe("Team A");
    expect(stripAngleBrackets("Age < 30")).toBe("Age < 30");
    expect(stripAngleBrackets("a < b <c> d")).toBe("a < b d");
    expect(stripAngleBrackets("x > y")).toBe("x > y");
  });
});

describe("toFieldText", () => {
  it("rule 3: empty, whitespace-only, null, missing and bracket-only values become null (clear)", () => {
    for (const value of ["", "   ", null, undefined, "<vacant>", []]) expect(toFieldText(value)).toBeNull();
  });

  it("writes numbers and booleans as text and joins multi-valued properties", () => {
    expect(toFieldText(42)).toBe("42");
    expect(toFieldText(0)).toBe("0");
    // accountEnabled and other Boolean properties: false is a value, not an empty field to clear.
    expect(toFieldText(true)).toBe("true");
    expect(toFieldText(false)).toBe("false");
    expect(toFieldText([true, false])).toBe("true, false");
    expect(toFieldText(["anna@contoso.example", " ", "a.berg@contoso.example"])).toBe("anna@contoso.example, a.berg@contoso.example");
  });
});

describe("toTags", () => {
  it("rule 3: splits on ; and , trims, drops empties and keeps the first spelling of a case-insensitive duplicate", () => {
    expect(toTags(["Sales; support,, Sales ;", "SUPPORT,Billing"])).toEqual(["Sales", "support", "Billing"]);
  });

  it("rule 3: takes multi-valued properties element-wise in order and strips brackets (rule 4)", () => {
    expect(toTags([["Français", "English; Svenska"], "<hidden>, english, Deutsch <de>"])).toEqual([
      "Français",
      "English",
      "Svenska",
      "Deutsch",
    ]);
  });

  it("rule 3: no values at all gives an empty tag list", () => {
    expect(toTags([null, undefined, "", " ; , "])).toEqual([]);
  });
});

// Without this, a NUL or an unpaired surrogate that reached a switchboard field by any path would
// fail the run's writes (PostgreSQL: 22021 in text, 22P05/22P02 in jsonb), every run, for everyone.
describe("storableText", () => {
  it("drops U+0000 and replaces unpaired surrogates with U+FFFD; keeps emoji", () => {
    expect(storableText("Sales\u0000Lead")).toBe("SalesLead");
    expect(storableText("\u0000\u0000")).toBe("");
    expect(storableText("a\ud800b")).toBe("a\ufffdb");
    expect(storableText("a\udc00")).toBe("a\ufffd");
    expect(storableText("\ud83d\ude00 Anna")).toBe("\ud83d\ude00 Anna");
    expect(storableText("Anna Berg")).toBe("Anna Berg");
  });

  it("is applied by toFieldText and toTags", () => {
    expect(toFieldText("Sales\u0000Lead")).toBe("SalesLead");
    expect(toFieldText("\u0000")).toBeNull();
    expect(toTags(["Swedish\u0000; Eng\ud800lish"])).toEqual(["Swedish", "Eng\ufffdlish"]);
  });
});
