import { describe, expect, it } from "vitest";
import { canRead, canWrite, homePath } from "./access";

// Without these rules one customer's admin could read or change another customer's switchboard.
const admin = { id: "a", email: "a@x", name: "A", isSupport: false, solutionIds: ["s1"] };
const support = { id: "s", email: "s@x", name: "S", isSupport: true, solutionIds: [] };

describe("access rules", () => {
  it("lets an admin read and change only their own solutions", () => {
    expect(canRead(admin, "s1")).toBe(true);
    expect(canWrite(admin, "s1")).toBe(true);
    expect(canRead(admin, "s2")).toBe(false);
    expect(canWrite(admin, "s2")).toBe(false);
  });

  it("lets support read every solution and change none", () => {
    expect(canRead(support, "s2")).toBe(true);
    expect(canWrite(support, "s2")).toBe(false);
  });

  it("gives support nothing to read for an id no solution can have (a NUL from the URL): not found, not a database error", () => {
    for (const id of ["\u0000", "s1\u0000", "a/b", "", "x".repeat(101)]) expect(canRead(support, id), JSON.stringify(id)).toBe(false);
    expect(canRead(support, "cmhx0b2k10000demo-ab_entra-1")).toBe(true);
  });

  it("keeps support read-only in a solution the support account is also a member of", () => {
    const promoted = { ...support, solutionIds: ["s1"] };
    expect(canRead(promoted, "s1")).toBe(true);
    expect(canWrite(promoted, "s1")).toBe(false);
  });

  it("sends each role to its home page", () => {
    expect(homePath(admin)).toBe("/s/s1/users");
    expect(homePath(support)).toBe("/support");
    expect(homePath({ ...admin, solutionIds: [] })).toBe("/no-access");
  });
});
