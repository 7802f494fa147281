// Without these, a number written differently in Entra and in the switchboard would silently not
// link, or worse, two different numbers would be read as one.
import { describe, expect, it } from "vitest";
import { normaliseNumber } from "./normalise-number";

describe("normaliseNumber", () => {
  it("rule 1: reads Swedish national, spaced international and 00-prefixed numbers as the same E.164", () => {
    for (const raw of ["070-123 45 67", "+46 70 123 45 67", "0046701234567", "+46 (0)70 123 45 67", "070 1234567"]) {
      expect(normaliseNumber(raw, "SE")).toEqual({ ok: true, e164: "+46701234567" });
    }
  });

  it("rule 1: a Finnish or Norwegian number written internationally keeps its own country with region SE", () => {
    expect(normaliseNumber("+358 40 123 4567", "SE")).toEqual({ ok: true, e164: "+358401234567" });
    expect(normaliseNumber("00358 40 1234567", "SE")).toEqual({ ok: true, e164: "+358401234567" });
    expect(normaliseNumber("+47 912 34 567", "SE")).toEqual({ ok: true, e164: "+4791234567" });
  });

  it("rule 1: invisible formatting marks and unusual spaces around or inside a number do not stop it matching", () => {
    for (const raw of [
      "\u202A+46 70 123 45 67\u202C", // left-to-right embedding, as a number copied from a contact card carries
      "070-123 45 67\u200E", // left-to-right mark
      "070\u200F-123 45 67", // right-to-left mark
      "070\u2009123\u200945\u200967", // thin spaces
      "070\u202F123\u202F45\u202F67", // narrow no-break spaces
      "070\u2007123\u200745\u200767", // figure spaces
      "070\t123 45 67",
      "\uFEFF070-123 45 67", // byte-order mark
    ]) {
      expect(normaliseNumber(raw, "SE"), JSON.stringify(raw)).toEqual({ ok: true, e164: "+46701234567" });
    }
    // Only invisible characters: still nothing to read.
    expect(normaliseNumber("\u200E\u2009\t", "SE")).toEqual({ ok: false, reason: "EMPTY" });
  });

  it("rule 1: the region decides how a national number is read", () => {
    expect(normaliseNumber("040 123 4567", "FI")).toEqual({ ok: true, e164: "+358401234567" });
    expect(normaliseNumber("08-123 456 78", "SE")).toEqual({ ok: true, e164: "+46812345678" });
  });

  it("rule 1: an extension suffix is refused rather than matched on the main number", () => {
    for (const raw of ["070-123 45 67 ext. 12", "070-123 45 67 x12", "+46 70 123 45 67#12", "+46 8 123 456 78,12"]) {
      expect(normaliseNumber(raw, "SE")).toEqual({ ok: false, reason: "HAS_EXTENSION" });
    }
  });

  it("rule 1: letters, text around the number and two numbers in one field are refused", () => {
    expect(normaliseNumber("070-ABC 45 67", "SE")).toEqual({ ok: false, reason: "HAS_LETTERS" });
    expect(normaliseNumber("070-123 45 67 (mobil)", "SE")).toEqual({ ok: false, reason: "HAS_LETTERS" });
    expect(normaliseNumber("1-800-FLOWERS", "SE")).toEqual({ ok: false, reason: "HAS_LETTERS" });
    expect(normaliseNumber("+46701234567;+46701234568", "SE")).toEqual({ ok: false, reason: "NOT_A_NUMBER" });
    expect(normaliseNumber("070-123 45 67 / 08-123", "SE")).toEqual({ ok: false, reason: "TOO_LONG" });
  });

  it("rule 1: too short, empty, unknown country codes and numbers outside the country's ranges are refused", () => {
    expect(normaliseNumber("12", "SE")).toEqual({ ok: false, reason: "TOO_SHORT" });
    expect(normaliseNumber("+46 70", "SE")).toEqual({ ok: false, reason: "TOO_SHORT" });
    expect(normaliseNumber("   ", "SE")).toEqual({ ok: false, reason: "EMPTY" });
    expect(normaliseNumber("+999 123 456", "SE")).toEqual({ ok: false, reason: "INVALID_COUNTRY" });
    // Right length, but no Swedish number starts with 99: `max` metadata catches placeholders.
    expect(normaliseNumber("+46 99 123 45 67", "SE")).toEqual({ ok: false, reason: "INVALID_NUMBER" });
  });

  it("rule 1: an unsupported region is reported, not silently read as another country", () => {
    expect(normaliseNumber("070-123 45 67", "XX")).toEqual({ ok: false, reason: "UNSUPPORTED_REGION" });
  });
});
