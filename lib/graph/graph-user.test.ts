import { describe, expect, it } from "vitest";
import { BASE_SELECT } from "@/lib/sync/core/mappings";
import { toDirectoryUser, type GraphUser } from "./graph-user";

/** Graph's answer for a `$select` of the base properties and jobTitle; every value set and not its fallback. */
const ANNA = {
  id: "u1",
  userPrincipalName: "anna@contoso.se",
  displayName: "Anna",
  accountEnabled: true,
  mobilePhone: "+46 70 123 45 67",
  businessPhones: ["08-123 45"],
  jobTitle: "CFO",
};

// Without this, the sync core would see OData annotations as mapped properties, or treat a user
// whose accountEnabled was not selected as disabled.
describe("toDirectoryUser", () => {
  it("keeps the selected values and drops annotations", () => {
    const user = toDirectoryUser({ ...ANNA, "@odata.type": "#microsoft.graph.user" });
    expect(user).toEqual({
      objectId: "u1",
      userPrincipalName: "anna@contoso.se",
      displayName: "Anna",
      accountEnabled: true,
      mobilePhone: "+46 70 123 45 67",
      businessPhones: ["08-123 45"],
      properties: { ...ANNA },
    });
  });

  it("reads missing or null values as empty, and only an explicit false as disabled", () => {
    const user = toDirectoryUser({ id: "u2", businessPhones: null, mobilePhone: null });
    expect(user).toMatchObject({ userPrincipalName: "", displayName: null, accountEnabled: true, mobilePhone: null, businessPhones: [] });
    expect(toDirectoryUser({ id: "u3", accountEnabled: false }).accountEnabled).toBe(false);
  });

  // Without this, a property dropped from the base $select would read as "empty" for every user:
  // no numbers to match on, disabled users treated as enabled (rule 2).
  it("rule 2: a read of only the base $select gives every field the sync core matches on", () => {
    const full: GraphUser = { ...ANNA, accountEnabled: false };
    const base: GraphUser = { id: "", ...Object.fromEntries(BASE_SELECT.map((p) => [p, full[p]])) };
    const { properties: _all, ...fromFull } = toDirectoryUser(full);
    const { properties: _base, ...fromBase } = toDirectoryUser(base);
    expect(fromBase).toEqual(fromFull);
  });
});
