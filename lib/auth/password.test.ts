import { describe, expect, it } from "vitest";
import bcrypt from "bcryptjs";
import { DUMMY_HASH, hashPassword, verifyPassword, verifyPasswordOrDummy } from "./password";

// bcrypt at the real cost runs in pure JS: a few hundred ms for each hash or compare.
const SLOW = 30_000;

describe("verifyPasswordOrDummy", () => {
  it("accepts the right password and refuses a wrong one, like verifyPassword", async () => {
    const hash = await hashPassword("correct horse");
    expect(await verifyPasswordOrDummy("correct horse", hash)).toBe(true);
    expect(await verifyPasswordOrDummy("wrong horse", hash)).toBe(false);
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("wrong horse", hash)).toBe(false);
  }, SLOW);

  it("refuses an unknown user (no hash), whatever the password", async () => {
    expect(await verifyPasswordOrDummy("correct horse", null)).toBe(false);
    expect(await verifyPasswordOrDummy("", null)).toBe(false);
  }, SLOW);

  it("compares an unknown user against a hash of the same cost as real ones (same time as a wrong password)", async () => {
    expect(bcrypt.getRounds(DUMMY_HASH)).toBe(bcrypt.getRounds(await hashPassword("correct horse")));
  }, SLOW);
});
