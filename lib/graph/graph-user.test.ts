import { describe, expect, it } from "vitest";
import { toDirectoryUser } from "./graph-user";

// Without this, the sync core would see OData annotations as mapped properties, or treat a user
// whose accountEnabled was not selected as disabled.
describe("toDirectoryUser", () => {
  it("keeps the selected values and drops annotations", () => {
    const user = toDirectoryUser({
      id: "u1",
      userPrincipalName: "anna@contoso.se",
      displayName: "Anna",
      accountEnabled: true,
      mobilePhone: "+46 70 123 45 67",
      businessPhones: ["08-123 45"],
      jobTitle: "CFO",
      "@odata.type": "#microsoft.graph.user",
    });
    expect(user).toEqual({
      objectId: "u1",
      userPrincipalName: "anna@contoso.se",
      displayName: "Anna",
      accountEnabled: true,
      mobilePhone: "+46 70 123 45 67",
      businessPhones: ["08-123 45"],
      properties: {
        id: "u1",
        userPrincipalName: "anna@contoso.se",
        displayName: "Anna",
        accountEnabled: true,
        mobilePhone: "+46 70 123 45 67",
        businessPhones: ["08-123 45"],
        jobTitle: "CFO",
      },
    });
  });

  it("reads missing or null values as empty, and only an explicit false as disabled", () => {
    const user = toDirectoryUser({ id: "u2", businessPhones: null, mobilePhone: null });
    expect(user).toMatchObject({ userPrincipalName: "", displayName: null, accountEnabled: true, mobilePhone: null, businessPhones: [] });
    expect(toDirectoryUser({ id: "u3", accountEnabled: false }).accountEnabled).toBe(false);
  });
});
