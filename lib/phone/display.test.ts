import { describe, expect, it } from "vitest";
import { formatInternational, searchDigits } from "./display";

// Operators read numbers in international format and type them however they remember them.
describe("phone display", () => {
  it("formats E.164 numbers the way operators read them", () => {
    expect(formatInternational("+46701234567")).toBe("+46 70 123 45 67");
    expect(formatInternational("+4681234567")).toBe("+46 8 123 45 67");
  });

  it("turns a partly typed national number into the digits stored in E.164", () => {
    expect(searchDigits("070-123", "SE")).toBe("4670123");
    expect(searchDigits("0046 70 12", "SE")).toBe("467012");
    expect(searchDigits("+46 70", "SE")).toBe("4670");
    expect(searchDigits("1234", "SE")).toBe("1234");
  });

  it("does not treat names or very short input as numbers", () => {
    expect(searchDigits("Anna", "SE")).toBeNull();
    expect(searchDigits("07", "SE")).toBeNull();
  });
});
