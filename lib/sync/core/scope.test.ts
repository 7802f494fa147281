// Without a closed scope, a delta round would miss the colleague who shared a number with the
// user who changed it, and that colleague would stay unlinked until the next full sync.
import { describe, expect, it } from "vitest";
import { normaliseNumber } from "./normalise-number";
import { entraUser, link, switchboardUser, syncInput } from "./plan-fixtures";
import { planSync } from "./plan";
import { scopeReferences } from "./scope";
import type { DirectoryUser, ExistingLink, SwitchboardUser, SyncInput } from "./types";

const e164 = (raw: string) => {
  const result = normaliseNumber(raw, "SE");
  if (!result.ok) throw new Error(raw);
  return result.e164;
};
const numbersOf = (user: DirectoryUser) => [user.mobilePhone ?? "", ...user.businessPhones].filter(Boolean).map(e164);

/** The loop the orchestrator runs, against arrays standing in for the database. */
function closeScope(db: { directory: DirectoryUser[]; switchboard: SwitchboardUser[]; links: ExistingLink[] }, changed: string[], oldE164s: string[]): SyncInput {
  const input = syncInput({ scope: "SUBSET", directoryUsers: db.directory.filter((u) => changed.includes(u.objectId)) });
  const seeds = new Set(oldE164s);
  for (;;) {
    const refs = scopeReferences(input);
    const wanted = new Set([...refs.e164s, ...seeds]);
    const before = input.directoryUsers.length + input.switchboardUsers.length + input.links.length;
    const addAll = <T>(target: T[], found: T[]) => found.forEach((item) => target.includes(item) || target.push(item));
    addAll(input.directoryUsers, db.directory.filter((u) => refs.missingObjectIds.includes(u.objectId) || numbersOf(u).some((n) => wanted.has(n))));
    addAll(input.switchboardUsers, db.switchboard.filter((u) => refs.missingSwitchboardUserIds.includes(u.id) || u.numbers.some((n) => wanted.has(e164(n.raw)))));
    const ids = new Set([...input.directoryUsers.map((u) => u.objectId), ...input.switchboardUsers.map((u) => u.id)]);
    addAll(input.links, db.links.filter((l) => ids.has(l.objectId) || ids.has(l.switchboardUserId)));
    if (input.directoryUsers.length + input.switchboardUsers.length + input.links.length === before) return input;
  }
}

describe("scope of a partial run", () => {
  const db = {
    // After the delta: xena moved from the shared desk number to her own mobile.
    directory: [
      entraUser("xena", { mobilePhone: "070-222 22 22" }),
      entraUser("yngve", { mobilePhone: "08-123 456 78" }),
      entraUser("zlatan", { mobilePhone: "070-333 33 33" }),
    ],
    switchboard: [
      switchboardUser("sb-desk", ["08-123 456 78"]),
      switchboardUser("sb-xena", ["070-222 22 22"]),
      switchboardUser("sb-zlatan", ["070-333 33 33"]),
    ],
    links: [link("sb-zlatan", "zlatan")],
  };

  it("a delta round given the closed scope links the same users as a full sync would", () => {
    const input = closeScope(db, ["xena"], [e164("08-123 456 78")]);
    expect(input.directoryUsers.map((u) => u.objectId).sort()).toEqual(["xena", "yngve"]);
    expect(input.switchboardUsers.map((u) => u.id).sort()).toEqual(["sb-desk", "sb-xena"]);
    const partial = planSync(input);
    const full = planSync(syncInput({ directoryUsers: db.directory, switchboardUsers: db.switchboard, links: db.links }));
    const pairs = (plan: typeof full) => plan.links.create.map((l) => `${l.switchboardUserId}←${l.objectId}`).sort();
    expect(pairs(partial)).toEqual(["sb-desk←yngve", "sb-xena←xena"]);
    expect(pairs(partial)).toEqual(pairs(full));
  });

  it("names the users that links in scope point at but the input lacks", () => {
    const refs = scopeReferences(syncInput({ switchboardUsers: [switchboardUser("sb", [{ raw: "x", e164: "+46812345678" }])], links: [link("sb", "gone"), link("sb-other", "here")], directoryUsers: [entraUser("here")], removedObjectIds: [] }));
    expect(refs).toEqual({ e164s: ["+46812345678"], missingObjectIds: ["gone"], missingSwitchboardUserIds: ["sb-other"] });
  });
});
