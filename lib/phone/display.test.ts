import { describe, expect, it } from "vitest";
import { formatInternational, numberSearch } from "./display";

// Operators read numbers in international format and type them however they remember them.
describe("phone display", () => {
  it("formats E.164 numbers the way operators read them", () => {
    expect(formatInternational("+46701234567")).toBe("+46 70 123 45 67");
    expect(formatInternational("+4681234567")).toBe("+46 8 123 45 67");
  });

  it("reads a number typed in national or international form as the start of the stored E.164 number", () => {
    // "070" is a Swedish mobile prefix: it must not find +46 8 446 700 00 just because "4670" occurs inside.
    expect(numberSearch("070-123", "SE")).toEqual({ startsWith: "+4670123" });
    expect(numberSearch("070", "SE")).toEqual({ startsWith: "+4670" });
    expect(numberSearch("0046 70 12", "SE")).toEqual({ startsWith: "+467012" });
    expect(numberSearch("+46 70", "SE")).toEqual({ startsWith: "+4670" });
  });

  it("looks for bare digits anywhere in the number, as someone remembering its end would", () => {
    expect(numberSearch("1234", "SE")).toEqual({ contains: "1234" });
    expect(numberSearch("45 67", "SE")).toEqual({ contains: "4567" });
  });

  it("does not treat names or very short input as numbers", () => {
    expect(numberSearch("Anna", "SE")).toBeNull();
    expect(numberSearch("07", "SE")).toBeNull();
    expect(numberSearch("+4", "SE")).toBeNull();
  });
});
