// Without these, a sync could overwrite fields nobody mapped, keep stale values after Entra emptied
// them, show operators `<notes>`, write to users whose sync is off, or wipe data after a half-read
// directory. Rules 8 and 12 are not the pure core's (scheduling and status live in the orchestrator).
import { describe, expect, it } from "vitest";
import { emptyFields, entraUser, link, switchboardUser, syncInput } from "./plan-fixtures";
import { planSync } from "./plan";
import type { SyncInput } from "./types";

const plan = (over: Partial<SyncInput>) => planSync(syncInput(over));

const anna = (properties: Record<string, unknown>, over = {}) =>
  entraUser("anna", { mobilePhone: "070-123 45 67", displayName: "Anna Berg", properties, ...over });
const sbAnna = (fields = {}, tags: string[] = []) =>
  switchboardUser("sb-anna", ["070-123 45 67"], { fields: emptyFields(fields), tags });

describe("mapped fields (rule 3)", () => {
  it("rule 3: mapped fields are overwritten with Entra's values and unmapped fields are untouched", () => {
    const result = plan({
      directoryUsers: [anna({ givenName: "Anna", surname: "Berg", jobTitle: "Head of Sales", department: "Sales" })],
      switchboardUsers: [sbAnna({ displayName: "Anna Berg", firstName: "Ann", title: "Sales", email: "kept@contoso.example", location: "Floor 3" })],
      links: [link("sb-anna", "anna")],
    });
    expect(result.changes).toEqual([
      {
        switchboardUserId: "sb-anna",
        objectId: "anna",
        changes: [
          { field: "firstName", before: "Ann", after: "Anna" },
          { field: "lastName", before: null, after: "Berg" },
          { field: "title", before: "Sales", after: "Head of Sales" },
          { field: "department", before: null, after: "Sales" },
        ],
      },
    ]);
  });

  it("rule 3: an emptied Entra value clears the mapped field — empty string, spaces, null or missing alike", () => {
    const result = plan({
      mappings: [
        { property: "jobTitle", target: "title" },
        { property: "department", target: "department" },
        { property: "officeLocation", target: "location" },
        { property: "companyName", target: "company" },
      ],
      directoryUsers: [anna({ jobTitle: "", department: "   ", officeLocation: null })],
      switchboardUsers: [sbAnna({ title: "CEO", department: "Board", location: "HQ", company: "Contoso" })],
      links: [link("sb-anna", "anna")],
    });
    expect(result.changes[0].changes).toEqual([
      { field: "title", before: "CEO", after: null },
      { field: "department", before: "Board", after: null },
      { field: "location", before: "HQ", after: null },
      { field: "company", before: "Contoso", after: null },
    ]);
  });

  it("rule 3: a user whose values did not change produces no entry at all", () => {
    const result = plan({
      directoryUsers: [anna({ givenName: "Anna", surname: "Berg", jobTitle: null, department: "" })],
      switchboardUsers: [sbAnna({ displayName: "Anna Berg", firstName: "Anna", lastName: "Berg", title: null, department: "" })],
      links: [link("sb-anna", "anna")],
    });
    expect(result.changes).toEqual([]);
    expect(result.counts).toMatchObject({ updatedUsers: 0, unchangedUsers: 1 });
    expect(result.syncedSwitchboardUserIds).toEqual(["sb-anna"]);
  });

  it("rule 3: several properties feed the tags, split, de-duplicated, first spelling kept; an empty source clears them", () => {
    const mappings = [
      { property: "department", target: "tags" as const },
      { property: "onPremisesExtensionAttributes/extensionAttribute1", target: "tags" as const },
      { property: "extension_5bfc8fdacfc943a9a6de214ea9d15fdb_languages", target: "tags" as const },
    ];
    const filled = plan({
      mappings,
      directoryUsers: [
        anna({
          department: "Sales",
          onPremisesExtensionAttributes: { extensionAttribute1: "Key accounts; sales, Nordics" },
          extension_5bfc8fdacfc943a9a6de214ea9d15fdb_languages: ["Svenska", "English", "nordics"],
        }),
      ],
      switchboardUsers: [sbAnna({}, ["old"])],
      links: [link("sb-anna", "anna")],
    });
    expect(filled.changes[0].changes).toEqual([
      { field: "tags", before: ["old"], after: ["Sales", "Key accounts", "Nordics", "Svenska", "English"] },
    ]);
    const emptied = plan({ mappings, directoryUsers: [anna({})], switchboardUsers: [sbAnna({}, ["old"])], links: [link("sb-anna", "anna")] });
    expect(emptied.changes[0].changes).toEqual([{ field: "tags", before: ["old"], after: [] }]);
  });

  it("rule 3: tags are untouched when no property feeds them", () => {
    const result = plan({ directoryUsers: [anna({})], switchboardUsers: [sbAnna({ displayName: "Anna Berg" }, ["VIP"])], links: [link("sb-anna", "anna")] });
    expect(result.changes).toEqual([]);
  });

  it("rule 3: a mapping row with a misspelt property is reported and inert, it does not clear the field", () => {
    const result = plan({
      mappings: [{ property: "jobtitle", target: "title" }],
      directoryUsers: [anna({ jobTitle: "CEO" })],
      switchboardUsers: [sbAnna({ title: "CEO" })],
      links: [link("sb-anna", "anna")],
    });
    expect(result.changes).toEqual([]);
    expect(result.mappingIssues).toMatchObject([{ code: "UNKNOWN_PROPERTY", suggestion: "jobTitle" }]);
  });
});

describe("sanitising (rule 4)", () => {
  it("rule 4: anything between < and > is removed before it is written", () => {
    const result = plan({
      directoryUsers: [anna({ jobTitle: "Sales <ex-Support>  Manager", department: "<vacant>" })],
      switchboardUsers: [sbAnna({ displayName: "Anna Berg", title: "Sales Manager", department: "Sales" })],
      links: [link("sb-anna", "anna")],
    });
    expect(result.changes[0].changes).toEqual([{ field: "department", before: "Sales", after: null }]);
  });
});

describe("sync off per link (rule 7)", () => {
  it("rule 7: with sync off the link stays and nothing is written to that user, even if its number moved away", () => {
    const result = plan({
      directoryUsers: [anna({ jobTitle: "CEO" }, { mobilePhone: "070-999 99 99" })],
      switchboardUsers: [sbAnna(), switchboardUser("sb-other", ["070-999 99 99"])],
      links: [link("sb-anna", "anna", { syncEnabled: false })],
    });
    expect(result.changes).toEqual([]);
    expect(result.links).toEqual({ create: [], update: [], remove: [] });
    expect(result.users[0]).toEqual({ switchboardUserId: "sb-anna", matched: true, objectId: "anna", syncEnabled: false, state: "FROZEN" });
    expect(result.counts).toMatchObject({ matched: 1, synced: 0 });
  });
});

describe("incomplete runs (rule 11)", () => {
  const base = {
    complete: false,
    directoryUsers: [anna({ jobTitle: "CFO", department: "" }), entraUser("bo", { accountEnabled: false, mobilePhone: "070-222 22 22" })],
    switchboardUsers: [sbAnna({ title: "CEO", department: "Board" }), switchboardUser("sb-bo", ["070-222 22 22"])],
    links: [link("sb-anna", "anna"), link("sb-bo", "bo")],
  };

  it("rule 11: a run that did not read the whole directory writes non-empty values but never clears a field", () => {
    const result = plan(base);
    expect(result.changes).toEqual([
      { switchboardUserId: "sb-anna", objectId: "anna", changes: [
        { field: "displayName", before: null, after: "Anna Berg" },
        { field: "title", before: "CEO", after: "CFO" },
      ] },
    ]);
    expect(result.deferred).toContainEqual({ kind: "CLEAR_FIELD", switchboardUserId: "sb-anna", objectId: "anna", field: "department" });
  });

  it("rule 11: an incomplete run never unlinks, even a user it saw disabled or missing", () => {
    const result = plan({ ...base, links: [...base.links, link("sb-x", "gone")], switchboardUsers: [...base.switchboardUsers, switchboardUser("sb-x", ["070-333 33 33"])] });
    expect(result.links.remove).toEqual([]);
    expect(result.deferred).toContainEqual({ kind: "UNLINK", switchboardUserId: "sb-bo", objectId: "bo" });
    expect(result.users).toContainEqual({ switchboardUserId: "sb-x", matched: true, objectId: "gone", syncEnabled: true, state: "UNKNOWN" });
  });

  it("rule 11: a link that should move waits for a complete run instead of leaving the user linked twice", () => {
    const result = plan({
      complete: false,
      directoryUsers: [entraUser("olle", { mobilePhone: "070-222 22 22" })],
      switchboardUsers: [switchboardUser("sb-old", ["070-111 11 11"]), switchboardUser("sb-new", ["070-222 22 22"])],
      links: [link("sb-old", "olle")],
    });
    expect(result.links).toEqual({ create: [], update: [], remove: [] });
    expect(result.deferred).toEqual([
      { kind: "UNLINK", switchboardUserId: "sb-old", objectId: "olle" },
      { kind: "LINK", switchboardUserId: "sb-new", objectId: "olle" },
    ]);
  });

  it("rule 5: an incomplete read links no one new, since an unread user could share the number", () => {
    // Anna was read; Bo, who shares her mobile, was on a page the read never reached.
    const anna = entraUser("anna", { mobilePhone: "070-123 45 67", properties: { jobTitle: "CFO" } });
    const bo = entraUser("bo", { mobilePhone: "070-123 45 67", properties: { jobTitle: "Driver" } });
    const sbX = () => switchboardUser("sb-x", ["070-123 45 67"]);
    const whole = plan({ directoryUsers: [anna, bo], switchboardUsers: [sbX()] });
    expect(whole.links.create).toEqual([]);
    expect(whole.conflicts).toContainEqual(expect.objectContaining({ kind: "SHARED_NUMBER", state: "OPEN" }));

    const cut = plan({ complete: false, directoryUsers: [anna], switchboardUsers: [sbX()] });
    expect(cut.links.create).toEqual([]);
    expect(cut.changes).toEqual([]);
    expect(cut.deferred).toContainEqual({ kind: "LINK", switchboardUserId: "sb-x", objectId: "anna" });
    // A complete read that sees only Anna links her.
    expect(plan({ directoryUsers: [anna], switchboardUsers: [sbX()] }).links.create.map((l) => l.objectId)).toEqual(["anna"]);
    // The same for a delta round cut off before Bo's change arrived.
    const cutRound = plan({ scope: "SUBSET", removedObjectIds: [], complete: false, directoryUsers: [anna], switchboardUsers: [sbX()] });
    expect(cutRound.links.create).toEqual([]);
    expect(cutRound.deferred).toContainEqual({ kind: "LINK", switchboardUserId: "sb-x", objectId: "anna" });
  });

  it("rule 10: an incomplete whole-directory read adds no limited user; a delta round (closed scope) still may", () => {
    const newcomer = entraUser("nils", { mobilePhone: "070-999 99 99" });
    const limitedUsers = { mode: "ALL" as const };
    const cut = plan({ complete: false, directoryUsers: [newcomer], limitedUsers });
    expect(cut.limited.create).toEqual([]);
    expect(cut.deferred).toContainEqual({ kind: "CREATE_LIMITED_USER", switchboardUserId: null, objectId: "nils" });
    expect(plan({ directoryUsers: [newcomer], limitedUsers }).limited.create.map((l) => l.objectId)).toEqual(["nils"]);
  });

  it("a complete full run unlinks a linked user that is no longer in the directory", () => {
    const result = plan({ switchboardUsers: [sbAnna()], links: [link("sb-anna", "anna")] });
    expect(result.links.remove).toEqual([{ switchboardUserId: "sb-anna", objectId: "anna", reason: "ENTRA_USER_GONE" }]);
  });
});

describe("partial runs (delta and single user)", () => {
  it("a delta run leaves links of Entra users it was not given alone, even when complete", () => {
    const result = plan({
      scope: "SUBSET",
      directoryUsers: [anna({ jobTitle: "CFO" })],
      switchboardUsers: [sbAnna(), switchboardUser("sb-bo", ["070-222 22 22"], { fields: emptyFields({ title: "Keep" }) })],
      links: [link("sb-anna", "anna"), link("sb-bo", "bo")],
    });
    expect(result.links.remove).toEqual([]);
    expect(result.changes.map((c) => c.switchboardUserId)).toEqual(["sb-anna"]);
    expect(result.users[1]).toMatchObject({ switchboardUserId: "sb-bo", state: "UNKNOWN" });
  });

  it("a delta run unlinks a user Graph reported @removed", () => {
    const result = plan({ scope: "SUBSET", removedObjectIds: ["anna"], switchboardUsers: [sbAnna()], links: [link("sb-anna", "anna")] });
    expect(result.links.remove).toEqual([{ switchboardUserId: "sb-anna", objectId: "anna", reason: "ENTRA_USER_GONE" }]);
  });
});
