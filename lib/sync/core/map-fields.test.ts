import { describe, expect, it } from "vitest";
import { mapDirectoryUser, readProperty } from "./map-fields";
import { usableMappings } from "./mappings";
import type { DirectoryUser, FieldMapping } from "./types";

const REGISTERED = "extension_5bfc8fdacfc943a9a6de214ea9d15fdb_costCenter";

function user(properties: Record<string, unknown>): DirectoryUser {
  return { objectId: "u1", userPrincipalName: "anna@contoso.se", displayName: "Anna", accountEnabled: true, mobilePhone: null, businessPhones: [], properties: { id: "u1", ...properties } };
}

// Without this, a mapping whose directory extension name differs in case from the registered one
// (accepted by validation) reads null for every user and clears the field everywhere: rule 3 says a
// typo must not read as "Entra is empty". Graph answers with the registered name whatever casing
// $select asked (https://github.com/microsoftgraph/microsoft-graph-docs/issues/16908,
// https://github.com/microsoftgraph/msgraph-sdk-powershell/issues/1955).
describe("readProperty: directory extensions", () => {
  const typed = REGISTERED.replace("_costCenter", "_costcenter");

  it("rule 3: finds the value under the registered casing when the mapping spells it otherwise", () => {
    const mappings: FieldMapping[] = [{ property: typed, target: "department" }];
    expect(usableMappings(mappings)).toEqual(mappings);
    expect(readProperty(user({ [REGISTERED]: "CC-42" }), typed)).toBe("CC-42");
    expect(mapDirectoryUser(user({ [REGISTERED]: "CC-42" }), mappings)).toEqual({ fields: { department: "CC-42" } });
  });

  it("prefers the exact spelling, and an extension the user has no value for still reads empty (rule 3 clears)", () => {
    expect(readProperty(user({ [typed]: "exact", [REGISTERED]: "other" }), typed)).toBe("exact");
    expect(mapDirectoryUser(user({}), [{ property: typed, target: "department" }])).toEqual({ fields: { department: null } });
  });

  it("stays case-sensitive for Graph's own properties", () => {
    expect(readProperty(user({ jobTitle: "CFO" }), "JobTitle")).toBeUndefined();
  });
});
