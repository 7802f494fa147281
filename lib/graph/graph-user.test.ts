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

  // Without this, one NUL or lone surrogate in one Entra value fails every sync of the integration:
  // PostgreSQL refuses U+0000 in text (22021) and, in JSON sent to jsonb, `\u0000` (22P05) and an
  // unpaired surrogate (22P02). Graph stores what an admin or a provisioning tool wrote; nothing in
  // Microsoft's docs promises these never occur, so the check is on our side.
  it("drops NUL and replaces unpaired surrogates in every string, nested ones included", () => {
    const raw: GraphUser = {
      id: "u4",
      userPrincipalName: "an\u0000na@contoso.se",
      displayName: "Anna \ud800Berg",
      mobilePhone: "+46 70\u0000 123",
      businessPhones: ["08-123\u0000 45", "\udc00"],
      jobTitle: "Sales\u0000Lead",
      otherMails: ["a@x.se", "b\u0000@x.se"],
      onPremisesExtensionAttributes: { extensionAttribute1: "Skills\u0000;Swedish", extensionAttribute2: null },
      employeeOrgData: { costCenter: "\ud83d\ude00 ok", division: "D\udbff" },
    };
    const before = JSON.stringify(raw);
    const user = toDirectoryUser(raw);
    expect(user).toMatchObject({
      userPrincipalName: "anna@contoso.se",
      displayName: "Anna \ufffdBerg",
      mobilePhone: "+46 70 123",
      businessPhones: ["08-123 45", "\ufffd"],
    });
    expect(user.properties).toMatchObject({
      jobTitle: "SalesLead",
      otherMails: ["a@x.se", "b@x.se"],
      onPremisesExtensionAttributes: { extensionAttribute1: "Skills;Swedish", extensionAttribute2: null },
      // A well-formed pair (an emoji) is kept.
      employeeOrgData: { costCenter: "\ud83d\ude00 ok", division: "D\ufffd" },
    });
    for (const value of [JSON.stringify(user), user.displayName!, ...user.businessPhones]) {
      expect(value.includes("\u0000")).toBe(false);
      expect(value.isWellFormed()).toBe(true);
    }
    // Graph's object is not changed in place.
    expect(JSON.stringify(raw)).toBe(before);
  });

  it("copies nothing when every value is clean (it runs for every user of a full read)", () => {
    const nested = { extensionAttribute1: "Swedish" };
    const phones = ["08-123 45"];
    const raw: GraphUser = { ...ANNA, businessPhones: phones, onPremisesExtensionAttributes: nested, note: "\ud83d\ude00" };
    const user = toDirectoryUser(raw);
    expect(user.properties).toBe(raw);
    expect(user.properties.onPremisesExtensionAttributes).toBe(nested);
    expect(user.properties.businessPhones).toBe(phones);
  });
});
