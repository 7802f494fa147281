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
    // Rule 5: the number waits for a pick, so the admin is asked for one.
    expect(result.conflicts).toMatchObject([{ kind: "SHARED_NUMBER", e164: "+46701111111", state: "OPEN", objectIds: ["a", "b"], switchboardUserIds: [] }]);
    // A pick settles it: the picked user's new entry gets the number.
    const picked = plan({
      limitedUsers: { mode: "ALL" },
      directoryUsers: [entraUser("a", { mobilePhone: "070-111 11 11" }), entraUser("b", { mobilePhone: "070-111 11 11" })],
      choices: { sharedNumbers: { "+46701111111": "b" }, multipleCandidates: {} },
    });
    expect(picked.limited.create.map((c) => [c.objectId, c.numbers.map((n) => n.e164)])).toEqual([["a", []], ["b", ["+46701111111"]]]);
    expect(picked.conflicts).toMatchObject([{ state: "RESOLVED", appliedObjectId: "b" }]);
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

describe("a number a limited user holds that another Entra user also has (rules 5, 10, 11)", () => {
  const shared = "+46701234567";
  const limitedLink = (id: string, objectId: string) => link(id, objectId, { origin: "LIMITED", phoneNumberId: null });
  /** Bob's limited entry holds his mobile; alice (with a limited entry of her own, or none yet) is given the same number in Entra. */
  const bobAndAlice = (over: { choice?: string; aliceLimited?: boolean; colleague?: string } = {}): Partial<SyncInput> => ({
    limitedUsers: { mode: "ALL" },
    choices: { sharedNumbers: over.choice ? { [shared]: over.choice } : {}, multipleCandidates: {} },
    directoryUsers: [
      entraUser("bob", { displayName: "User bob", mobilePhone: "070-123 45 67" }),
      entraUser(over.colleague ?? "alice", { displayName: `User ${over.colleague ?? "alice"}`, mobilePhone: "070-123 45 67" }),
    ],
    switchboardUsers: [
      limitedUser("lim-bob", [shared], { displayName: "User bob" }),
      ...(over.aliceLimited ? [limitedUser("lim-alice", [], { displayName: "User alice" })] : []),
    ],
    links: [limitedLink("lim-bob", "bob"), ...(over.aliceLimited ? [limitedLink("lim-alice", "alice")] : [])],
  });

  it("rule 5: while no admin has picked, the limited user keeps the number, nobody else gets it, and the admin is asked", () => {
    const result = plan(bobAndAlice());
    expect(result.limited.numbers).toEqual([]);
    expect(result.limited.create).toEqual([{ objectId: "alice", fields: emptyFields({ displayName: "User alice" }), tags: [], numbers: [] }]);
    expect(result.conflicts).toEqual([
      {
        kind: "SHARED_NUMBER",
        key: `shared:${shared}`,
        state: "OPEN",
        e164: shared,
        objectIds: ["bob", "alice"],
        switchboardUserIds: ["lim-bob"],
        choice: null,
        stale: false,
        appliedObjectId: null,
      },
    ]);
    expect(result.counts.openConflicts).toBe(1);
    // Only the number waits: the limited user's fields are its own Entra user's, synced as before.
    expect(result.users).toContainEqual({ switchboardUserId: "lim-bob", matched: true, objectId: "bob", syncEnabled: true, state: "SYNCED" });
  });

  it("rule 5: the admin's pick of the limited user's own Entra user keeps the number on it and resolves the conflict", () => {
    const result = plan(bobAndAlice({ choice: "bob", aliceLimited: true }));
    expect(result.limited.numbers).toEqual([]);
    expect(result.conflicts).toMatchObject([{ kind: "SHARED_NUMBER", state: "RESOLVED", choice: "bob", stale: false, appliedObjectId: "bob" }]);
    expect(result.counts.openConflicts).toBe(0);
  });

  it("rule 5: the admin's pick of the other Entra user moves the number to that user's limited entry, as it would move a full user's link", () => {
    const result = plan(bobAndAlice({ choice: "alice", aliceLimited: true }));
    expect(result.limited.numbers).toEqual([
      { switchboardUserId: "lim-bob", objectId: "bob", add: [], removeNumberIds: ["lim-bob#0"] },
      { switchboardUserId: "lim-alice", objectId: "alice", add: [{ raw: "070-123 45 67", e164: shared }], removeNumberIds: [] },
    ]);
    expect(result.conflicts).toMatchObject([{ kind: "SHARED_NUMBER", state: "RESOLVED", switchboardUserIds: ["lim-bob"], appliedObjectId: "alice" }]);
  });

  it("rule 5: the picked Entra user's new limited entry is created with the number", () => {
    const result = plan(bobAndAlice({ choice: "alice" }));
    expect(result.limited.numbers).toEqual([{ switchboardUserId: "lim-bob", objectId: "bob", add: [], removeNumberIds: ["lim-bob#0"] }]);
    expect(result.limited.create).toMatchObject([{ objectId: "alice", numbers: [{ raw: "070-123 45 67", e164: shared }] }]);
  });

  it("rule 5: a pick whose user no longer has the number reopens the conflict, and the limited user keeps the number", () => {
    const result = plan(bobAndAlice({ choice: "alice", colleague: "carl" }));
    expect(result.limited.numbers).toEqual([]);
    expect(result.conflicts).toMatchObject([{ kind: "SHARED_NUMBER", state: "OPEN", objectIds: ["bob", "carl"], choice: "alice", stale: true, appliedObjectId: null }]);
  });

  it("rule 11: after an incomplete read a shared number is not taken from the limited user, and a pick for another user moves it only in a complete run", () => {
    const unpicked = plan({ ...bobAndAlice({ aliceLimited: true }), complete: false });
    expect(unpicked.limited.numbers).toEqual([]);
    expect(unpicked.deferred).toEqual([]);
    const picked = plan({ ...bobAndAlice({ choice: "alice", aliceLimited: true }), complete: false });
    expect(picked.limited.numbers).toEqual([]);
    // Alice's entry gets it once bob's has given it up, in a complete run.
    expect(picked.deferred).toEqual([{ kind: "REMOVE_NUMBER", switchboardUserId: "lim-bob", objectId: "bob" }]);
  });
});
