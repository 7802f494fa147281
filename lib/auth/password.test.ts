import { describe, expect, it, vi } from "vitest";
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
    // …and the comparison really runs, and is waited for: bcrypt.compare against DUMMY_HASH (the
    // password module calls it through the same default-imported bcryptjs object).
    const realCompare = bcrypt.compare.bind(bcrypt) as (password: string, hash: string) => Promise<boolean>;
    const settled: string[] = [];
    const spy = vi.spyOn(bcrypt, "compare").mockImplementation(((password: string, hash: string) =>
      realCompare(password, hash).then((result) => {
        settled.push(hash);
        return result;
      })) as typeof bcrypt.compare);
    try {
      expect(await verifyPasswordOrDummy("correct horse", null)).toBe(false);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy).toHaveBeenCalledWith("correct horse", DUMMY_HASH);
      expect(settled).toEqual([DUMMY_HASH]); // done before the refusal, not left running
    } finally {
      spy.mockRestore();
    }
  }, SLOW);
});
