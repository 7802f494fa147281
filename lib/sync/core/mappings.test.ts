// Without these, a mistyped property (givenname) would be selected from Graph, come back missing,
// and clear a field for every user; a nested attribute would ask Graph for a path it refuses.
import { describe, expect, it } from "vitest";
import { BASE_SELECT, selectForMappings, validateMappings } from "./mappings";

describe("validateMappings", () => {
  it("accepts Graph names, nested extension attributes and directory extensions", () => {
    expect(
      validateMappings([
        { property: "givenName", target: "firstName" },
        { property: "onPremisesExtensionAttributes/extensionAttribute1", target: "tags" },
        { property: "extension_5bfc8fdacfc943a9a6de214ea9d15fdb_skills", target: "tags" },
        { property: "employeeOrgData/division", target: "department" },
      ]),
    ).toEqual([]);
  });

  it("property names are case-sensitive: givenname → did you mean givenName?", () => {
    const [issue] = validateMappings([{ property: "givenname", target: "firstName" }]);
    expect(issue).toMatchObject({ index: 0, code: "UNKNOWN_PROPERTY", suggestion: "givenName" });
    expect(issue.message).toContain("givenname → did you mean givenName?");
  });

  it("suggests the exact spelling of a nested attribute and of a directory extension's app id", () => {
    const issues = validateMappings([
      { property: "onpremisesextensionattributes/extensionattribute3", target: "location" },
      { property: "extension_5BFC8FDACFC943A9A6DE214EA9D15FDB_tier", target: "tags" },
    ]);
    expect(issues.map((i) => i.suggestion)).toEqual([
      "onPremisesExtensionAttributes/extensionAttribute3",
      "extension_5bfc8fdacfc943a9a6de214ea9d15fdb_tier",
    ]);
  });

  it("reports a property used twice, a scalar field fed twice, and an unknown target", () => {
    const issues = validateMappings([
      { property: "jobTitle", target: "title" },
      { property: "jobTitle", target: "tags" },
      { property: "department", target: "title" },
      { property: "city", target: "office" as never },
    ]);
    expect(issues.map((i) => [i.index, i.code])).toEqual([
      [1, "DUPLICATE_PROPERTY"],
      [2, "DUPLICATE_TARGET"],
      [3, "UNKNOWN_TARGET"],
    ]);
  });

  it("several properties may feed tags", () => {
    expect(
      validateMappings([
        { property: "department", target: "tags" },
        { property: "officeLocation", target: "tags" },
      ]),
    ).toEqual([]);
  });

  it("refuses what Graph cannot serve on a user list, complex objects and unknown names", () => {
    const issues = validateMappings([
      { property: "skills", target: "tags" },
      { property: "onPremisesExtensionAttributes", target: "tags" },
      { property: "accountEnabled", target: "title" },
      { property: "favouriteColour", target: "company" },
      { property: " ", target: "email" },
    ]);
    expect(issues.map((i) => i.code)).toEqual(["NOT_MAPPABLE", "NOT_MAPPABLE", "NOT_MAPPABLE", "UNKNOWN_PROPERTY", "EMPTY_PROPERTY"]);
    expect(issues[0].message).toContain("501");
  });
});

describe("selectForMappings", () => {
  it("rule 2: always selects the matching properties, then each mapped property once, nested ones by parent", () => {
    expect(
      selectForMappings([
        { property: "jobTitle", target: "title" },
        { property: "onPremisesExtensionAttributes/extensionAttribute1", target: "tags" },
        { property: "onPremisesExtensionAttributes/extensionAttribute2", target: "location" },
        { property: "displayName", target: "displayName" },
        { property: "extension_5bfc8fdacfc943a9a6de214ea9d15fdb_skills", target: "tags" },
      ]),
    ).toEqual([...BASE_SELECT, "jobTitle", "onPremisesExtensionAttributes", "extension_5bfc8fdacfc943a9a6de214ea9d15fdb_skills"]);
  });

  it("rule 2: an empty mapping still reads the matching properties (which ones: lib/graph/graph-user.test.ts)", () => {
    expect(selectForMappings([])).toEqual([...BASE_SELECT]);
    expect(BASE_SELECT).toEqual(expect.arrayContaining(["id", "accountEnabled", "mobilePhone", "businessPhones"]));
  });

  it("leaves out a mapping row Graph would reject, so one typo does not fail the whole read", () => {
    expect(selectForMappings([{ property: "givenname", target: "firstName" }])).not.toContain("givenname");
  });
});
