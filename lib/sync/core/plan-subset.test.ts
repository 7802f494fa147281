// Rule 8's "sync now" for one user: the plan of its scope (the user and every colleague sharing a
// number) is cut down to what concerns that user before it is written. Without the cut, a colleague
// would be written from the snapshot of the last sync: stale after a mapping change, or a change the
// admin has not yet approved on a held integration.
import { describe, expect, it } from "vitest";
import { emptyFields, entraUser, link, switchboardUser, syncInput } from "./plan-fixtures";
import { planSync } from "./plan";
import { filterPlan, planForUsers } from "./plan-subset";

const anna = entraUser("anna", { mobilePhone: "070-111 11 11", properties: { jobTitle: "CEO" } });
const bo = entraUser("bo", { mobilePhone: "070-222 22 22", properties: { jobTitle: "CFO" } });
const sbAnna = switchboardUser("sb-anna", ["070-111 11 11"], { fields: emptyFields({ displayName: "User anna", title: "Chief" }) });
const sbBo = switchboardUser("sb-bo", ["070-222 22 22"], { fields: emptyFields({ displayName: "User bo", title: "Finance" }) });

describe("planForUsers (rule 8: sync now for one user)", () => {
  it("keeps the focus user's field changes and stamps, and drops a colleague's", () => {
    const whole = planSync(syncInput({ scope: "SUBSET", directoryUsers: [anna, bo], switchboardUsers: [sbAnna, sbBo], links: [link("sb-anna", "anna"), link("sb-bo", "bo")] }));
    expect(whole.changes.map((c) => c.objectId)).toEqual(["anna", "bo"]);

    const mine = planForUsers(whole, ["anna"]);
    expect(mine.changes).toEqual([{ switchboardUserId: "sb-anna", objectId: "anna", changes: [{ field: "title", before: "Chief", after: "CEO" }] }]);
    expect(mine.syncedSwitchboardUserIds).toEqual(["sb-anna"]);
    expect(mine.counts).toMatchObject({ updatedUsers: 1, unchangedUsers: 0, linksCreated: 0, linksRemoved: 0 });
    // What the scope found is still reported.
    expect(mine.users).toEqual(whole.users);
  });

  it("a number that moved from a colleague to the focus user: the colleague keeps the link and the focus user waits for a full sync", () => {
    // sb-desk is linked to bo, but in Entra only anna has the desk number now.
    const desk = switchboardUser("sb-desk", ["08-123 456 78"]);
    const annaWithDesk = entraUser("anna", { businessPhones: ["08-123 456 78"] });
    const whole = planSync(syncInput({ scope: "SUBSET", directoryUsers: [annaWithDesk, entraUser("bo")], switchboardUsers: [desk], links: [link("sb-desk", "bo")] }));
    expect(whole.links.remove).toMatchObject([{ switchboardUserId: "sb-desk", objectId: "bo" }]);
    expect(whole.links.create).toMatchObject([{ switchboardUserId: "sb-desk", objectId: "anna" }]);

    const forAnna = planForUsers(whole, ["anna"]);
    expect(forAnna.links).toEqual({ create: [], update: [], remove: [] });
    expect(forAnna.changes).toEqual([]);
    // Bo's own "sync now" does take his link away: his fresh read is what says the number left him.
    const forBo = planForUsers(whole, ["bo"]);
    expect(forBo.links.remove).toMatchObject([{ switchboardUserId: "sb-desk", objectId: "bo" }]);
    expect(forBo.links.create).toEqual([]);
  });
});

describe("filterPlan", () => {
  it("recounts what it keeps", () => {
    const whole = planSync(syncInput({ directoryUsers: [anna, bo], switchboardUsers: [sbAnna, sbBo] }));
    expect(whole.counts.linksCreated).toBe(2);
    const kept = filterPlan(whole, (entry) => entry.objectId === "bo");
    expect(kept.links.create.map((c) => c.objectId)).toEqual(["bo"]);
    expect(kept.changes.map((c) => c.objectId)).toEqual(["bo"]);
    expect(kept.counts).toMatchObject({ linksCreated: 1, updatedUsers: 1 });
  });
});
