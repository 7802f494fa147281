import { describe, expect, it } from "vitest";
import { decodeTokenClaims, missingPermissions, rolesFromAccessToken } from "./permissions";

// Without this, a tenant that granted only User.ReadBasic.All would sync "successfully" with every
// phone number null, and nothing would match (https://learn.microsoft.com/en-us/graph/api/user-list).
const jwt = (claims: object) => `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;

describe("rolesFromAccessToken", () => {
  it("reads the roles claim of an app-only token", () => {
    expect(rolesFromAccessToken(jwt({ roles: ["User.Read.All", "Group.Read.All"], tid: "t" }))).toEqual(["User.Read.All", "Group.Read.All"]);
  });

  it("returns [] when nothing is consented (the token has no roles claim)", () => {
    expect(rolesFromAccessToken(jwt({ tid: "t" }))).toEqual([]);
  });

  it("returns null for an opaque or malformed token instead of guessing", () => {
    expect(rolesFromAccessToken("opaque-token")).toBeNull();
    expect(rolesFromAccessToken("a.!!!.c")).toBeNull();
    expect(decodeTokenClaims(`a.${Buffer.from("[1,2]").toString("base64url")}.c`)).toBeNull();
  });
});

describe("missingPermissions", () => {
  it.each([["User.Read.All"], ["Directory.Read.All"], ["User.ReadWrite.All"], ["Directory.ReadWrite.All"]])("accepts %s", (role) => {
    expect(missingPermissions([role])).toBeNull();
    expect(missingPermissions(["User.ReadBasic.All", role])).toBeNull();
  });

  it("reports User.ReadBasic.All alone precisely", () => {
    const gap = missingPermissions(["User.ReadBasic.All"]);
    expect(gap?.reason).toBe("basic-only");
    expect(gap?.missing).toEqual(["User.Read.All"]);
    expect(gap?.message).toBe("User.ReadBasic.All returns no phone numbers; grant User.Read.All (Application) and admin consent.");
  });

  it("names User.Read.All when no role (or an unrelated one) is granted", () => {
    expect(missingPermissions([])?.message).toMatch(/no Microsoft Graph application permission is granted\); grant User\.Read\.All \(Application\)/);
    expect(missingPermissions(["Mail.Read"])).toMatchObject({ reason: "none", missing: ["User.Read.All"], granted: ["Mail.Read"] });
  });

  it("is case-sensitive like Entra role values", () => {
    expect(missingPermissions(["user.read.all"])).not.toBeNull();
  });
});
