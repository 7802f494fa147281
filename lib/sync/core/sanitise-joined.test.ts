import { describe, expect, it } from "vitest";
import { mapDirectoryUser } from "./map-fields";
import { entraUser } from "./plan-fixtures";

// Rule 4: anything between < and > is removed from values before they are written. A multi-valued
// Graph property (otherMails, proxyAddresses, imAddresses, businessPhones) mapped to a text field is
// written joined: the written value must not hold a <…> span either.
describe("rule 4 on a multi-valued property mapped to a text field", () => {
  it("removes a <…> span that the join of two values forms", () => {
    const user = entraUser("ida", { properties: { otherMails: ["ida <private", "work> ida@contoso.example"] } });
    const { fields } = mapDirectoryUser(user, [{ property: "otherMails", target: "email" }]);
    expect(fields.email).not.toMatch(/<[^>]*>/);
  });
});
