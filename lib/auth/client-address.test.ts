import { describe, expect, it } from "vitest";
import { clientAddress } from "./sign-in-throttle";

// The address the per-address sign-in limit counts: what the proxy in front of the portal saw.
describe("clientAddress", () => {
  it("takes the entry the proxy appended, not the ones the client wrote", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.9, 198.51.100.2" })).toBe("198.51.100.2");
  });

  it("counts only IP addresses: a made-up word is no address, an IPv4-mapped IPv6 address is its IPv4 one", () => {
    expect(clientAddress({ "x-forwarded-for": "not-an-address" })).toBeNull();
    expect(clientAddress({ "x-forwarded-for": "2001:DB8::1" })).toBe("2001:db8::1");
    expect(clientAddress({ "x-forwarded-for": "::ffff:198.51.100.7" })).toBe("198.51.100.7");
    expect(clientAddress({ "x-forwarded-for": "junk", "x-real-ip": "198.51.100.8" })).toBe("198.51.100.8");
    expect(clientAddress({ "x-forwarded-for": "::FFFF:198.51.100.9" })).toBe("198.51.100.9");
    // A port some proxies append is not part of the address.
    expect(clientAddress({ "x-forwarded-for": "203.0.113.9:5000" })).toBe("203.0.113.9");
    expect(clientAddress({ "x-forwarded-for": "[2001:db8::2]:443" })).toBe("2001:db8::2");
  });
});
