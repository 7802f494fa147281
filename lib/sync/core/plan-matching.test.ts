// Without these, the wrong Entra user's title and department would be written onto a colleague's
// switchboard entry: matching decides who feeds whom, so every guess it avoids is tested here.
// Rule 8 (scheduling) and rule 12 (status and error codes) are not the pure core's: they are
// tested with the cron route and the orchestrator.
import { describe, expect, it } from "vitest";
import { entraUser, link, switchboardUser, syncInput } from "./plan-fixtures";
import { planSync } from "./plan";
import type { SyncInput } from "./types";

const plan = (over: Partial<SyncInput>) => planSync(syncInput(over));

describe("matching numbers (rule 1)", () => {
  it("rule 1: an Entra user's mobile written as +46 70 123 45 67 links the switchboard user whose number is 070-123 45 67", () => {
    const result = plan({
      directoryUsers: [entraUser("anna", { mobilePhone: "+46 70 123 45 67", properties: { jobTitle: "Receptionist" } })],
      switchboardUsers: [switchboardUser("sb-anna", ["070-123 45 67"])],
    });
    expect(result.links.create).toEqual([
      { switchboardUserId: "sb-anna", objectId: "anna", phoneNumberId: "sb-anna#0", e164: "+46701234567", origin: "AUTO", movedFromSwitchboardUserId: null },
    ]);
    expect(result.changes[0].changes).toContainEqual({ field: "title", before: null, after: "Receptionist" });
    expect(result.normalisedNumbers).toEqual([{ phoneNumberId: "sb-anna#0", e164: "+46701234567" }]);
  });

  it("rule 1: a linked user whose Entra number was pasted again with invisible bidi marks stays linked", () => {
    const result = plan({
      directoryUsers: [entraUser("anna", { mobilePhone: "\u202A070-123 45 67\u202C" })],
      switchboardUsers: [switchboardUser("sb-anna", ["070-123 45 67"])],
      links: [link("sb-anna", "anna")],
    });
    expect(result.links.remove).toEqual([]);
    expect(result.invalidNumbers).toEqual([]);
  });

  it("rule 1: a business phone written 0046 8 123 456 78 links the switchboard number 08-123 456 78", () => {
    const result = plan({
      directoryUsers: [entraUser("bo", { businessPhones: ["0046 8 123 456 78"] })],
      switchboardUsers: [switchboardUser("sb-bo", ["08-123 456 78"])],
    });
    expect(result.links.create.map((l) => [l.switchboardUserId, l.objectId])).toEqual([["sb-bo", "bo"]]);
  });

  it("rule 1: a Finnish colleague's +358 mobile links the switchboard's 00358 number although the solution is Swedish", () => {
    const result = plan({
      directoryUsers: [entraUser("aino", { mobilePhone: "+358 40 123 4567" })],
      switchboardUsers: [switchboardUser("sb-aino", ["00358401234567"]), switchboardUser("sb-other", ["040-123 45 67"])],
    });
    expect(result.links.create.map((l) => l.switchboardUserId)).toEqual(["sb-aino"]);
  });

  it("rule 1: a stored E.164 is used as is, so the switchboard side is not parsed again", () => {
    const result = plan({
      directoryUsers: [entraUser("ola", { mobilePhone: "+47 912 34 567" })],
      switchboardUsers: [switchboardUser("sb-ola", [{ raw: "whatever the operator typed", e164: "+4791234567" }])],
    });
    expect(result.links.create).toHaveLength(1);
    expect(result.normalisedNumbers).toEqual([]);
  });

  it("rule 1: returns each active user's numbers for storing, and reuses a stored E.164 instead of parsing again", () => {
    const first = plan({ directoryUsers: [entraUser("ulf", { mobilePhone: "070-123 45 67", businessPhones: ["+46701234567", "bad"] })] });
    expect(first.directoryNumbers).toEqual([{ objectId: "ulf", numbers: [{ raw: "070-123 45 67", e164: "+46701234567", source: "mobilePhone" }] }]);
    // A stored value wins over parsing: proof that the hint is used (a real caller stores only what a plan returned).
    const second = plan({
      directoryUsers: [entraUser("ulf", { mobilePhone: "070-123 45 67", knownE164: { "070-123 45 67": "+46709999999" } })],
      switchboardUsers: [switchboardUser("sb-ulf", [{ raw: "n/a", e164: "+46709999999" }])],
    });
    expect(second.links.create.map((l) => l.switchboardUserId)).toEqual(["sb-ulf"]);
  });

  it("rule 1: numbers that do not parse are reported per user and never matched on their last digits", () => {
    const result = plan({
      directoryUsers: [entraUser("cia", { mobilePhone: "123 45 67", businessPhones: ["08-123 45 67 ext. 12"] })],
      switchboardUsers: [switchboardUser("sb-cia", ["08-123 45 67", "555-CALL-ME"])],
    });
    expect(result.links.create).toEqual([]);
    expect(result.invalidNumbers).toEqual([
      { source: "entra", userRef: "cia", where: "mobilePhone", raw: "123 45 67", reason: "INVALID_NUMBER" },
      { source: "entra", userRef: "cia", where: "businessPhones", raw: "08-123 45 67 ext. 12", reason: "HAS_EXTENSION" },
      { source: "switchboard", userRef: "sb-cia", where: "sb-cia#1", raw: "555-CALL-ME", reason: "HAS_LETTERS" },
    ]);
    expect(result.users).toEqual([{ switchboardUserId: "sb-cia", matched: false }]);
  });

  it("rule 1: the same number as mobile and business phone is one match, not a multiple-candidates item", () => {
    const result = plan({
      directoryUsers: [entraUser("dan", { mobilePhone: "070-123 45 67", businessPhones: ["+46701234567"] })],
      switchboardUsers: [switchboardUser("sb-dan", ["+46 70 123 45 67"])],
    });
    expect(result.links.create).toHaveLength(1);
    expect(result.conflicts).toEqual([]);
  });

  it("a number on two switchboard users is reported as a switchboard-side duplicate and links neither", () => {
    const result = plan({
      directoryUsers: [entraUser("eva", { mobilePhone: "070-123 45 67" })],
      switchboardUsers: [switchboardUser("sb-1", ["070-123 45 67"]), switchboardUser("sb-2", ["+46701234567"])],
    });
    expect(result.links.create).toEqual([]);
    expect(result.conflicts).toEqual([
      { kind: "SWITCHBOARD_DUPLICATE", key: "duplicate:+46701234567", state: "OPEN", e164: "+46701234567", switchboardUserIds: ["sb-1", "sb-2"], objectIds: ["eva"] },
    ]);
  });

  it("a number another integration of the solution already feeds is a conflict: nothing is written for it", () => {
    const result = plan({
      directoryUsers: [entraUser("finn", { mobilePhone: "070-123 45 67", properties: { jobTitle: "CEO" } })],
      switchboardUsers: [switchboardUser("sb-finn", ["070-123 45 67"])],
      links: [link("sb-finn", "finn")],
      foreignNumbers: { "+46701234567": "integration-2" },
    });
    expect(result.conflicts).toMatchObject([{ kind: "CROSS_INTEGRATION", key: "cross:+46701234567", otherIntegrationId: "integration-2", objectIds: ["finn"] }]);
    expect(result.changes).toEqual([]);
    expect(result.links.remove).toEqual([]);
    expect(result.users).toEqual([{ switchboardUserId: "sb-finn", matched: true, objectId: "finn", syncEnabled: true, state: "HELD" }]);
  });
});

describe("enabled accounts only (rule 2)", () => {
  it("rule 2: a disabled Entra user does not link, and a linked one that is disabled is unlinked", () => {
    const result = plan({
      directoryUsers: [
        entraUser("gus", { accountEnabled: false, mobilePhone: "070-111 11 11" }),
        entraUser("hal", { accountEnabled: false, mobilePhone: "070-222 22 22" }),
      ],
      switchboardUsers: [switchboardUser("sb-gus", ["070-111 11 11"]), switchboardUser("sb-hal", ["070-222 22 22"])],
      links: [link("sb-hal", "hal")],
    });
    expect(result.links.create).toEqual([]);
    expect(result.links.remove).toEqual([{ switchboardUserId: "sb-hal", objectId: "hal", reason: "ENTRA_USER_GONE" }]);
    expect(result.counts.activeDirectoryUsers).toBe(0);
  });

  it("rule 2: a disabled user's number does not make an enabled colleague's number shared", () => {
    const result = plan({
      directoryUsers: [
        entraUser("old", { accountEnabled: false, mobilePhone: "070-123 45 67" }),
        entraUser("new", { mobilePhone: "070-123 45 67" }),
      ],
      switchboardUsers: [switchboardUser("sb", ["070-123 45 67"])],
    });
    expect(result.links.create.map((l) => l.objectId)).toEqual(["new"]);
    expect(result.conflicts).toEqual([]);
  });
});

describe("one number, several Entra users (rule 5)", () => {
  const shared = {
    directoryUsers: [
      entraUser("ida", { mobilePhone: "08-123 456 78", properties: { jobTitle: "Reception" } }),
      entraUser("jon", { businessPhones: ["+46 8 123 456 78"], properties: { jobTitle: "Janitor" } }),
    ],
    switchboardUsers: [switchboardUser("sb-desk", ["08-123 456 78"])],
  };

  it("rule 5: a number shared by two Entra users writes nothing until an admin picks", () => {
    const result = plan(shared);
    expect(result.links.create).toEqual([]);
    expect(result.changes).toEqual([]);
    expect(result.conflicts).toEqual([
      {
        kind: "SHARED_NUMBER",
        key: "shared:+46812345678",
        state: "OPEN",
        e164: "+46812345678",
        objectIds: ["ida", "jon"],
        switchboardUserIds: ["sb-desk"],
        choice: null,
        stale: false,
        appliedObjectId: null,
      },
    ]);
  });

  it("rule 5: the admin's pick links the chosen user (origin ADMIN) and the item shows as resolved", () => {
    const result = plan({ ...shared, choices: { sharedNumbers: { "+46812345678": "jon" }, multipleCandidates: {} } });
    expect(result.links.create).toMatchObject([{ switchboardUserId: "sb-desk", objectId: "jon", origin: "ADMIN" }]);
    expect(result.changes[0].changes).toContainEqual({ field: "title", before: null, after: "Janitor" });
    expect(result.conflicts).toMatchObject([{ kind: "SHARED_NUMBER", state: "RESOLVED", choice: "jon", stale: false, appliedObjectId: "jon" }]);
  });

  it("rule 5: the pick is kept across syncs while the chosen user keeps the number, even if a third user gets it", () => {
    const result = plan({
      directoryUsers: [...shared.directoryUsers, entraUser("kim", { mobilePhone: "08-123 456 78" })],
      switchboardUsers: shared.switchboardUsers,
      links: [link("sb-desk", "jon", { origin: "ADMIN" })],
      choices: { sharedNumbers: { "+46812345678": "jon" }, multipleCandidates: {} },
    });
    expect(result.links).toEqual({ create: [], update: [], remove: [] });
    expect(result.conflicts).toMatchObject([{ state: "RESOLVED", objectIds: ["ida", "jon", "kim"] }]);
  });

  it("rule 5: the pick reopens, flagged stale, when the chosen user no longer has the number", () => {
    const result = plan({
      directoryUsers: [...shared.directoryUsers.slice(0, 1), entraUser("jon"), entraUser("kim", { mobilePhone: "08-123 456 78" })],
      switchboardUsers: shared.switchboardUsers,
      links: [link("sb-desk", "jon", { origin: "ADMIN" })],
      choices: { sharedNumbers: { "+46812345678": "jon" }, multipleCandidates: {} },
    });
    expect(result.conflicts).toMatchObject([{ kind: "SHARED_NUMBER", state: "OPEN", choice: "jon", stale: true, objectIds: ["ida", "kim"] }]);
    expect(result.links.create).toEqual([]);
    expect(result.links.remove).toEqual([{ switchboardUserId: "sb-desk", objectId: "jon", reason: "NUMBER_NO_LONGER_MATCHES" }]);
  });

  it("rule 5: a pick whose user gave the number up is reopened for good: the plan names it for the writer to drop", () => {
    const choices = { sharedNumbers: { "+46812345678": "jon" }, multipleCandidates: {} };
    // Jon gave the number up; only Ida has it now, so nothing is shared and the desk follows her.
    const gaveUp = plan({ directoryUsers: [entraUser("ida", { mobilePhone: "08-123 456 78" }), entraUser("jon")], switchboardUsers: shared.switchboardUsers, links: [link("sb-desk", "jon", { origin: "ADMIN" })], choices });
    expect(gaveUp.staleChoices).toEqual([{ e164: "+46812345678", objectId: "jon" }]);
    // Disabled (not active) or gone from a complete read: the same.
    expect(plan({ directoryUsers: [entraUser("ida", { mobilePhone: "08-123 456 78" })], switchboardUsers: shared.switchboardUsers, choices }).staleChoices).toHaveLength(1);
    // While Jon keeps it, the pick stands.
    expect(plan({ ...shared, choices }).staleChoices).toEqual([]);
  });

  it("rule 5 and rule 11: only users the run knows are judged: a partial run's scope, an incomplete read's users", () => {
    const choices = { sharedNumbers: { "+46812345678": "jon" }, multipleCandidates: {} };
    const withoutJon = { directoryUsers: [entraUser("ida", { mobilePhone: "08-123 456 78" })], switchboardUsers: shared.switchboardUsers, choices };
    expect(plan({ ...withoutJon, complete: false }).staleChoices).toEqual([]);
    expect(plan({ ...withoutJon, scope: "SUBSET" }).staleChoices).toEqual([]);
    expect(plan({ ...withoutJon, scope: "SUBSET", removedObjectIds: ["jon"] }).staleChoices).toEqual([{ e164: "+46812345678", objectId: "jon" }]);
  });

  it("rule 5: an existing link is held, not unlinked, when a second Entra user gets its number", () => {
    const result = plan({ ...shared, links: [link("sb-desk", "ida")] });
    expect(result.links).toEqual({ create: [], update: [], remove: [] });
    expect(result.changes).toEqual([]);
    expect(result.users).toEqual([{ switchboardUserId: "sb-desk", matched: true, objectId: "ida", syncEnabled: true, state: "HELD" }]);
  });

  it("rule 5: when the admin picks the other user, the existing link moves to them", () => {
    const result = plan({
      ...shared,
      links: [link("sb-desk", "ida")],
      choices: { sharedNumbers: { "+46812345678": "jon" }, multipleCandidates: {} },
    });
    expect(result.links.remove).toEqual([{ switchboardUserId: "sb-desk", objectId: "ida", reason: "NUMBER_PICKED_FOR_ANOTHER_USER" }]);
    expect(result.links.create).toMatchObject([{ switchboardUserId: "sb-desk", objectId: "jon", origin: "ADMIN" }]);
  });

  it("rule 5: an ADMIN link on the shared number counts as the pick while its user still has the number", () => {
    const result = plan({ ...shared, links: [link("sb-desk", "ida", { origin: "ADMIN" })] });
    expect(result.links).toEqual({ create: [], update: [], remove: [] });
    expect(result.changes).toMatchObject([{ switchboardUserId: "sb-desk", objectId: "ida" }]);
    expect(result.conflicts).toMatchObject([{ state: "RESOLVED", choice: null, appliedObjectId: "ida" }]);
  });
});

describe("one Entra user, several switchboard numbers (rule 6)", () => {
  const twoCandidates = {
    directoryUsers: [entraUser("lea", { mobilePhone: "070-123 45 67", businessPhones: ["08-123 456 78"] })],
    switchboardUsers: [switchboardUser("sb-mobile", ["0701234567"]), switchboardUser("sb-desk", ["08-123 456 78"])],
  };

  it("rule 6: until the admin picks, the automatic rule links the mobile number and reports the open item", () => {
    const result = plan(twoCandidates);
    expect(result.links.create).toMatchObject([{ switchboardUserId: "sb-mobile", objectId: "lea", origin: "AUTO" }]);
    expect(result.conflicts).toEqual([
      {
        kind: "MULTIPLE_CANDIDATES",
        key: "candidates:lea",
        state: "OPEN",
        objectId: "lea",
        candidates: [
          { e164: "+46701234567", source: "mobilePhone", switchboardUserId: "sb-mobile", phoneNumberId: "sb-mobile#0" },
          { e164: "+46812345678", source: "businessPhones", switchboardUserId: "sb-desk", phoneNumberId: "sb-desk#0" },
        ],
        automaticE164: "+46701234567",
        choice: null,
        stale: false,
        appliedE164: "+46701234567",
      },
    ]);
    expect(result.users).toContainEqual({ switchboardUserId: "sb-desk", matched: false });
  });

  it("rule 6: without a mobile, business phones are taken in order", () => {
    const result = plan({
      directoryUsers: [entraUser("lea", { businessPhones: ["08-123 456 78", "070-123 45 67"] })],
      switchboardUsers: twoCandidates.switchboardUsers,
    });
    expect(result.links.create.map((l) => l.switchboardUserId)).toEqual(["sb-desk"]);
  });

  it("rule 6: the admin's pick moves the link to the chosen number and resolves the item", () => {
    const result = plan({
      ...twoCandidates,
      links: [link("sb-mobile", "lea")],
      choices: { sharedNumbers: {}, multipleCandidates: { lea: "+46812345678" } },
    });
    expect(result.links.remove).toEqual([{ switchboardUserId: "sb-mobile", objectId: "lea", reason: "LINKED_ELSEWHERE" }]);
    expect(result.links.create).toMatchObject([{ switchboardUserId: "sb-desk", origin: "ADMIN", movedFromSwitchboardUserId: "sb-mobile" }]);
    expect(result.conflicts).toMatchObject([{ state: "RESOLVED", choice: "+46812345678", appliedE164: "+46812345678" }]);
  });

  it("rule 6: a pick of a number the user no longer has is stale and the automatic rule applies again", () => {
    const result = plan({
      directoryUsers: [entraUser("lea", { mobilePhone: "070-123 45 67", businessPhones: ["08-123 456 78"] })],
      switchboardUsers: twoCandidates.switchboardUsers,
      choices: { sharedNumbers: {}, multipleCandidates: { lea: "+46709999999" } },
    });
    expect(result.conflicts).toMatchObject([{ state: "OPEN", stale: true, appliedE164: "+46701234567" }]);
  });

  it("rule 6: an ADMIN link is preserved while its number still matches, even where the automatic rule would differ", () => {
    const result = plan({ ...twoCandidates, links: [link("sb-desk", "lea", { origin: "ADMIN" })] });
    expect(result.links).toEqual({ create: [], update: [], remove: [] });
    expect(result.conflicts).toMatchObject([{ state: "RESOLVED", automaticE164: "+46701234567", appliedE164: "+46812345678" }]);
  });

  it("rule 6: two matching numbers on the same switchboard user are simply one link", () => {
    const result = plan({
      directoryUsers: twoCandidates.directoryUsers,
      switchboardUsers: [switchboardUser("sb-lea", ["08-123 456 78", "070-123 45 67"])],
    });
    expect(result.links.create).toMatchObject([{ switchboardUserId: "sb-lea", phoneNumberId: "sb-lea#1", e164: "+46701234567" }]);
    expect(result.conflicts).toEqual([]);
  });

  it("two Entra users reaching one switchboard user through different numbers link nobody new; the existing link stays", () => {
    const directoryUsers = [entraUser("max", { mobilePhone: "070-111 11 11" }), entraUser("nils", { mobilePhone: "070-222 22 22" })];
    const switchboardUsers = [switchboardUser("sb", ["070-111 11 11", "070-222 22 22"])];
    expect(plan({ directoryUsers, switchboardUsers }).links.create).toEqual([]);
    const withLink = plan({ directoryUsers, switchboardUsers, links: [link("sb", "nils", { phoneNumberId: "sb#1" })] });
    expect(withLink.links).toEqual({ create: [], update: [], remove: [] });
    expect(withLink.conflicts).toMatchObject([{ kind: "SWITCHBOARD_USER_CLAIMED", objectIds: ["max", "nils"], keptObjectId: "nils" }]);
  });
});

describe("links follow the numbers", () => {
  it("an Entra user whose phone changed moves its link to the switchboard user with the new number", () => {
    const result = plan({
      directoryUsers: [entraUser("olle", { mobilePhone: "070-222 22 22" })],
      switchboardUsers: [switchboardUser("sb-old", ["070-111 11 11"]), switchboardUser("sb-new", ["070-222 22 22"])],
      links: [link("sb-old", "olle")],
    });
    expect(result.links.remove).toEqual([{ switchboardUserId: "sb-old", objectId: "olle", reason: "NUMBER_NO_LONGER_MATCHES" }]);
    expect(result.links.create).toMatchObject([{ switchboardUserId: "sb-new", objectId: "olle", movedFromSwitchboardUserId: "sb-old" }]);
  });

  it("a phone change within the same switchboard user updates the link's matched number", () => {
    const result = plan({
      directoryUsers: [entraUser("per", { mobilePhone: "070-222 22 22" })],
      switchboardUsers: [switchboardUser("sb-per", ["070-111 11 11", "070-222 22 22"])],
      links: [link("sb-per", "per")],
    });
    expect(result.links.update).toEqual([
      { switchboardUserId: "sb-per", objectId: "per", phoneNumberId: "sb-per#1", e164: "+46702222222", origin: "AUTO", numberChanged: true },
    ]);
  });
});

describe("users tab counters (rule 9)", () => {
  it("rule 9: only linked switchboard users count; unmatched ones are listed without an object id", () => {
    const result = plan({
      directoryUsers: [entraUser("quinn", { mobilePhone: "070-111 11 11" }), entraUser("rut", { mobilePhone: "070-222 22 22" })],
      switchboardUsers: [
        switchboardUser("sb-quinn", ["070-111 11 11"]),
        switchboardUser("sb-rut", ["070-222 22 22"]),
        switchboardUser("sb-nobody", ["070-333 33 33"]),
      ],
      links: [link("sb-rut", "rut", { syncEnabled: false })],
    });
    expect(result.counts).toMatchObject({ matched: 2, synced: 1 });
    expect(result.users).toEqual([
      { switchboardUserId: "sb-quinn", matched: true, objectId: "quinn", syncEnabled: true, state: "SYNCED" },
      { switchboardUserId: "sb-rut", matched: true, objectId: "rut", syncEnabled: false, state: "FROZEN" },
      { switchboardUserId: "sb-nobody", matched: false },
    ]);
  });
});

describe("conflicts meeting other conflicts (rules 1, 5, 6)", () => {
  const x = entraUser("x", { mobilePhone: "070-111 11 11" });
  const y = entraUser("y", { businessPhones: ["070-111 11 11"] });
  const picked = { sharedNumbers: { "+46701111111": "x" }, multipleCandidates: {} };

  it("rule 5: a picked owner of a shared number stays linked, unwritten, while the number is also on another integration or on two switchboard users", () => {
    for (const over of [
      { switchboardUsers: [switchboardUser("sb", ["070-111 11 11"])], foreignNumbers: { "+46701111111": "int-2" } },
      { switchboardUsers: [switchboardUser("sb", ["070-111 11 11"]), switchboardUser("sb2", ["+46701111111"])] },
    ]) {
      const result = plan({ directoryUsers: [x, y], links: [link("sb", "x", { origin: "ADMIN" })], choices: picked, ...over });
      expect(result.links).toEqual({ create: [], update: [], remove: [] });
      expect(result.changes).toEqual([]);
      expect(result.users.find((u) => u.switchboardUserId === "sb")).toMatchObject({ objectId: "x", state: "HELD" });
    }
  });

  it("rule 6: a user who loses a claim on someone else's switchboard user keeps its own, uncontested link", () => {
    const result = plan({
      directoryUsers: [entraUser("x", { mobilePhone: "070-111 11 11" }), entraUser("y", { mobilePhone: "070-222 22 22", businessPhones: ["08-123 456 78"] })],
      switchboardUsers: [switchboardUser("sb", ["070-111 11 11", "070-222 22 22"]), switchboardUser("sb-y", ["08-123 456 78"])],
      links: [link("sb", "x"), link("sb-y", "y")],
    });
    expect(result.links.remove).toEqual([]);
    expect(result.conflicts).toContainEqual(expect.objectContaining({ kind: "SWITCHBOARD_USER_CLAIMED", switchboardUserId: "sb", keptObjectId: "x" }));
    expect(result.users.filter((u) => u.matched).map((u) => [u.switchboardUserId, u.matched && u.objectId])).toEqual([
      ["sb", "x"],
      ["sb-y", "y"],
    ]);
  });

  it("rule 6: the admin's pick of a number that is blocked right now (shared) is not overridden by the automatic rule", () => {
    const lea = entraUser("lea", { mobilePhone: "070-123 45 67", businessPhones: ["08-123 456 78"] });
    const desk = entraUser("desk-mate", { businessPhones: ["08-123 456 78"] });
    const choices = { sharedNumbers: {}, multipleCandidates: { lea: "+46812345678" } };
    const switchboardUsers = [switchboardUser("sb-mobile", ["0701234567"]), switchboardUser("sb-desk", ["08-123 456 78"])];
    // Not yet linked: no link through the mobile number the admin did not pick.
    const fresh = plan({ directoryUsers: [lea, desk], switchboardUsers, choices });
    expect(fresh.links.create).toEqual([]);
    expect(fresh.changes).toEqual([]);
    expect(fresh.conflicts).toContainEqual(expect.objectContaining({ kind: "MULTIPLE_CANDIDATES", objectId: "lea", choice: "+46812345678", appliedE164: "+46812345678", stale: false }));
    // Already linked through the mobile: the link stays, unwritten, until the desk number is free.
    const linked = plan({ directoryUsers: [lea, desk], switchboardUsers, choices, links: [link("sb-mobile", "lea")] });
    expect(linked.links).toEqual({ create: [], update: [], remove: [] });
    expect(linked.changes).toEqual([]);
    expect(linked.users.find((u) => u.switchboardUserId === "sb-mobile")).toMatchObject({ objectId: "lea", state: "HELD" });
  });
});
