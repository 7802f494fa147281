import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSecret, sealSecret, secretHint } from "./secret-box";

// Without this, a customer's client secret would sit readable in the database or fail to decrypt.
const key = randomBytes(32).toString("base64");

describe("secret box", () => {
  it("round-trips a client secret and never stores it in clear text", () => {
    const secret = "Xy8Q~abcDEF.ghi_jkl-0123456789";
    const sealed = sealSecret(secret, key);
    expect(sealed).not.toContain(secret);
    expect(openSecret(sealed, key)).toBe(secret);
  });

  it("uses a fresh IV, so sealing twice gives different envelopes", () => {
    expect(sealSecret("same", key)).not.toBe(sealSecret("same", key));
  });

  it("refuses an envelope that was tampered with or sealed under another key", () => {
    const sealed = sealSecret("secret", key);
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => openSecret(parts.join("."), key)).toThrow();
    expect(() => openSecret(sealed, randomBytes(32).toString("base64"))).toThrow();
  });

  it("refuses an envelope whose tag was cut short (a short GCM tag is far easier to forge)", () => {
    const parts = sealSecret("secret", key).split(".");
    parts[2] = Buffer.from(parts[2], "base64url").subarray(0, 4).toString("base64url"); // a true prefix of the tag
    expect(() => openSecret(parts.join("."), key)).toThrow();
  });

  it("shows only the first three characters, the hint Entra itself shows", () => {
    expect(secretHint("abcdefgh1234")).toBe("abc••••");
  });
});
