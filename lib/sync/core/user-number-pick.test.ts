import { describe, expect, it } from "vitest";
import { planSync } from "./plan";
import { entraUser, link, switchboardUser, syncInput } from "./plan-fixtures";
import type { SyncInput } from "./types";

// Rule 5: one number, several Entra users → nothing is written for that number until an admin picks
// one of them. Rule 6 is a different question: which of one Entra user's numbers maps. A rule-6 pick
// (USER_NUMBER) leaves an ADMIN link; when a second Entra user later gets that number, the ADMIN
// link must not pass for a rule-5 pick between the two users.

const plan = (over: Partial<SyncInput>) => planSync(syncInput(over));

describe("a rule-6 pick is not a rule-5 pick", () => {
  const lea = entraUser("lea", { mobilePhone: "070-123 45 67", businessPhones: ["08-123 456 78"] });
  const jon = entraUser("jon", { businessPhones: ["08-123 456 78"] });
  const switchboardUsers = [switchboardUser("sb-mobile", ["0701234567"]), switchboardUser("sb-desk", ["08-123 456 78"])];
  const choices = { sharedNumbers: {}, multipleCandidates: { lea: "+46812345678" } };

  it("before jon: the admin's rule-6 pick links lea to the desk number (ADMIN)", () => {
    const result = plan({ directoryUsers: [lea], switchboardUsers, choices });
    expect(result.links.create).toMatchObject([{ switchboardUserId: "sb-desk", objectId: "lea", origin: "ADMIN" }]);
  });

  it("rule 5: once jon also has the desk number, nothing is written for it until an admin picks between lea and jon", () => {
    const result = plan({
      directoryUsers: [lea, jon],
      switchboardUsers,
      links: [link("sb-desk", "lea", { origin: "ADMIN" })],
      choices,
    });
    const shared = result.conflicts.find((c) => c.kind === "SHARED_NUMBER");
    expect(shared).toMatchObject({ e164: "+46812345678", choice: null, state: "OPEN", appliedObjectId: null });
    expect(result.changes.filter((c) => c.switchboardUserId === "sb-desk")).toEqual([]);
    expect(result.users).toContainEqual({ switchboardUserId: "sb-desk", matched: true, objectId: "lea", syncEnabled: true, state: "HELD" });
  });
});
