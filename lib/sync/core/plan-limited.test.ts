// Without these, colleagues who have no switchboard licence would be missing from the operators'
// directory, or limited entries would pile up (or vanish after a half-read directory).
// Rules 8 and 12 are not the pure core's: scheduling and status live in the orchestrator.
import { describe, expect, it } from "vitest";
import { emptyFields, entraUser, link, switchboardUser, syncInput } from "./plan-fixtures";
import { planSync } from "./plan";
import type { SyncInput } from "./types";

const plan = (over: Partial<SyncInput>) => planSync(syncInput(over));

const limitedUser = (id: string, numbers: string[], fields = {}) =>
  switchboardUser(id, numbers.map((raw) => ({ raw, e164: raw })), { kind: "LIMITED", fields: emptyFields(fields) });

describe("limited users (rule 10)", () => {
  it("rule 10: with 'add all', an enabled Entra user matching no switchboard user becomes a limited user", () => {
    const result = plan({
      limitedUsers: { mode: "ALL" },
      directoryUsers: [
        entraUser("sam", { displayName: "Sam <consultant> Ek", mobilePhone: "070-123 45 67", businessPhones: ["08-123 456 78"], properties: { jobTitle: "Consultant" } }),
        entraUser("tea", { displayName: "Tea Lind" }),
        entraUser("off", { accountEnabled: false }),
      ],
    });
    expect(result.limited.create).toEqual([
      {
        objectId: "sam",
        fields: emptyFields({ displayName: "Sam Ek", title: "Consultant" }),
        tags: [],
        numbers: [
          { raw: "070-123 45 67", e164: "+46701234567" },
          { raw: "08-123 456 78", e164: "+46812345678" },
        ],
      },
      { objectId: "tea", fields: emptyFields({ displayName: "Tea Lind" }), tags: [], numbers: [] },
    ]);
    expect(result.counts).toMatchObject({ limitedCreated: 2, matched: 2, synced: 2 });
  });

  it("rule 10: with an advanced query only the users it returned are added", () => {
    const result = plan({
      limitedUsers: { mode: "QUERY", candidates: ["tea"] },
      directoryUsers: [entraUser("sam"), entraUser("tea")],
    });
    expect(result.limited.create.map((c) => c.objectId)).toEqual(["tea"]);
  });

  it("rule 10: users who match a switchboard user, even through an unresolved conflict, are not added", () => {
    const result = plan({
      limitedUsers: { mode: "ALL" },
      directoryUsers: [entraUser("a", { mobilePhone: "070-111 11 11" }), entraUser("b", { mobilePhone: "070-111 11 11" })],
      switchboardUsers: [switchboardUser("sb", ["070-111 11 11"])],
    });
    expect(result.limited.create).toEqual([]);
  });

  it("rule 10: a limited user is kept in sync like any linked user: fields and numbers follow Entra", () => {
    const result = plan({
      limitedUsers: { mode: "ALL" },
      directoryUsers: [entraUser("sam", { displayName: "Sam Ek", mobilePhone: "070-222 22 22", properties: { jobTitle: "Partner" } })],
      switchboardUsers: [limitedUser("lim-sam", ["+46701111111"], { displayName: "Sam Ek", title: "Consultant" })],
      links: [link("lim-sam", "sam", { origin: "LIMITED", phoneNumberId: null })],
    });
    expect(result.limited.create).toEqual([]);
    expect(result.changes).toEqual([{ switchboardUserId: "lim-sam", objectId: "sam", changes: [{ field: "title", before: "Consultant", after: "Partner" }] }]);
    expect(result.limited.numbers).toEqual([
      { switchboardUserId: "lim-sam", objectId: "sam", add: [{ raw: "070-222 22 22", e164: "+46702222222" }], removeNumberIds: ["lim-sam#0"] },
    ]);
  });

  it("rule 10: switching limited users off removes them (destructive) in a complete run", () => {
    const result = plan({
      limitedUsers: { mode: "NONE" },
      directoryUsers: [entraUser("sam")],
      switchboardUsers: [limitedUser("lim-sam", [])],
      links: [link("lim-sam", "sam", { origin: "LIMITED", phoneNumberId: null })],
    });
    expect(result.limited.remove).toEqual([{ switchboardUserId: "lim-sam", objectId: "sam", reason: "NOT_SELECTED" }]);
    expect(result.users).toEqual([]);
  });

  it("rule 10: a user the query no longer returns loses its limited entry; an unevaluated query keeps it", () => {
    const base = {
      directoryUsers: [entraUser("sam")],
      switchboardUsers: [limitedUser("lim-sam", [])],
      links: [link("lim-sam", "sam", { origin: "LIMITED" as const, phoneNumberId: null })],
    };
    expect(plan({ ...base, limitedUsers: { mode: "QUERY", candidates: [] } }).limited.remove).toHaveLength(1);
    expect(plan({ ...base, limitedUsers: { mode: "QUERY" } }).limited.remove).toEqual([]);
  });

  it("rule 10: once a full switchboard user gets the number, the limited entry goes and the full user is linked", () => {
    const result = plan({
      limitedUsers: { mode: "ALL" },
      directoryUsers: [entraUser("sam", { mobilePhone: "070-111 11 11" })],
      switchboardUsers: [limitedUser("lim-sam", ["+46701111111"]), switchboardUser("sb-sam", ["070-111 11 11"])],
      links: [link("lim-sam", "sam", { origin: "LIMITED", phoneNumberId: null })],
    });
    expect(result.limited.remove).toEqual([{ switchboardUserId: "lim-sam", objectId: "sam", reason: "MATCHES_SWITCHBOARD_USER" }]);
    expect(result.links.create).toMatchObject([{ switchboardUserId: "sb-sam", objectId: "sam" }]);
  });

  it("rule 10: a deleted Entra user's limited entry is removed", () => {
    const result = plan({
      scope: "SUBSET",
      limitedUsers: { mode: "ALL" },
      removedObjectIds: ["sam"],
      switchboardUsers: [limitedUser("lim-sam", [])],
      links: [link("lim-sam", "sam", { origin: "LIMITED", phoneNumberId: null })],
    });
    expect(result.limited.remove).toEqual([{ switchboardUserId: "lim-sam", objectId: "sam", reason: "ENTRA_USER_GONE" }]);
  });

  it("rule 10: a number two unmatched Entra users share is left off both limited entries", () => {
    const result = plan({
      limitedUsers: { mode: "ALL" },
      directoryUsers: [entraUser("a", { mobilePhone: "070-111 11 11", businessPhones: ["08-123 456 78"] }), entraUser("b", { mobilePhone: "070-111 11 11" })],
    });
    expect(result.limited.create.map((c) => c.numbers)).toEqual([[{ raw: "08-123 456 78", e164: "+46812345678" }], []]);
  });

  it("rule 11: an incomplete whole-directory read removes no limited user and no number, and adds none until a complete read", () => {
    const result = plan({
      complete: false,
      limitedUsers: { mode: "QUERY", candidates: ["new"] },
      directoryUsers: [entraUser("sam", { mobilePhone: null }), entraUser("new")],
      switchboardUsers: [limitedUser("lim-sam", ["+46701111111"])],
      links: [link("lim-sam", "sam", { origin: "LIMITED", phoneNumberId: null })],
    });
    expect(result.limited.remove).toEqual([]);
    expect(result.limited.numbers).toEqual([]);
    expect(result.limited.create).toEqual([]);
    expect(result.deferred).toEqual([
      { kind: "REMOVE_LIMITED_USER", switchboardUserId: "lim-sam", objectId: "sam" },
      { kind: "CREATE_LIMITED_USER", switchboardUserId: null, objectId: "new" },
    ]);
  });

  it("rule 7: a limited user with sync off is neither updated nor removed", () => {
    const result = plan({
      limitedUsers: { mode: "NONE" },
      directoryUsers: [entraUser("sam", { displayName: "New name" })],
      switchboardUsers: [limitedUser("lim-sam", [], { displayName: "Old name" })],
      links: [link("lim-sam", "sam", { origin: "LIMITED", phoneNumberId: null, syncEnabled: false })],
    });
    expect(result.limited.remove).toEqual([]);
    expect(result.changes).toEqual([]);
  });
});

describe("limited users' numbers (rules 5, 10, 11)", () => {
  it("rule 10: a number another limited user of the integration still holds is not given to a new one (it would never be stored)", () => {
    const result = plan({
      limitedUsers: { mode: "ALL" },
      directoryUsers: [entraUser("sam"), entraUser("new", { mobilePhone: "070-111 11 11" })],
      switchboardUsers: [limitedUser("lim-sam", ["+46701111111"])],
      links: [link("lim-sam", "sam", { origin: "LIMITED", phoneNumberId: null, syncEnabled: false })],
    });
    expect(result.limited.create).toMatchObject([{ objectId: "new", numbers: [] }]);
  });

  it("rule 11: after an incomplete read a limited user gets no new number (an unread user may share it)", () => {
    const result = plan({
      complete: false,
      limitedUsers: { mode: "ALL" },
      directoryUsers: [entraUser("sam", { displayName: "User sam", mobilePhone: "070-222 22 22" })],
      switchboardUsers: [limitedUser("lim-sam", [], { displayName: "User sam" })],
      links: [link("lim-sam", "sam", { origin: "LIMITED", phoneNumberId: null })],
    });
    expect(result.limited.numbers).toEqual([]);
    expect(result.deferred).toContainEqual({ kind: "ADD_NUMBER", switchboardUserId: "lim-sam", objectId: "sam" });
  });

  it("rule 10: a number one limited user gave up in Entra goes to the limited user that has it now, in the same run", () => {
    const result = plan({
      limitedUsers: { mode: "ALL" },
      directoryUsers: [entraUser("ann", { displayName: "User ann" }), entraUser("bea", { displayName: "User bea", mobilePhone: "070-111 11 11" }), entraUser("cid", { mobilePhone: "070-222 22 22" })],
      switchboardUsers: [limitedUser("lim-ann", ["+46701111111", "+46702222222"], { displayName: "User ann" }), limitedUser("lim-bea", [], { displayName: "User bea" })],
      links: [link("lim-ann", "ann", { origin: "LIMITED", phoneNumberId: null }), link("lim-bea", "bea", { origin: "LIMITED", phoneNumberId: null })],
    });
    expect(result.limited.numbers).toEqual([
      { switchboardUserId: "lim-ann", objectId: "ann", add: [], removeNumberIds: ["lim-ann#0", "lim-ann#1"] },
      { switchboardUserId: "lim-bea", objectId: "bea", add: [{ raw: "070-111 11 11", e164: "+46701111111" }], removeNumberIds: [] },
    ]);
    expect(result.limited.create).toMatchObject([{ objectId: "cid", numbers: [{ e164: "+46702222222" }] }]);
  });
});
