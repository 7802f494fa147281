import { describe, expect, it } from "vitest";
import { splitDeltaPage } from "./delta-page";

// Without this, a deleted or disabled Entra user would stay linked and keep feeding the switchboard
// (https://learn.microsoft.com/en-us/graph/delta-query-overview, /delta-query-users).
describe("splitDeltaPage", () => {
  it("separates updates, soft deletes, hard deletes and disablements, in order", () => {
    const page = splitDeltaPage([
      { id: "a", displayName: "Anna", accountEnabled: true },
      { id: "b", "@removed": { reason: "changed" } },
      { id: "c", "@removed": { reason: "deleted" } },
      { id: "d", accountEnabled: false, displayName: "Dan" },
      { id: "e", jobTitle: "Only what changed" },
    ]);
    expect(page.upserted.map((u) => u.id)).toEqual(["a", "e"]);
    expect(page.removed).toEqual([
      { id: "b", reason: "softDeleted" },
      { id: "c", reason: "deleted" },
      { id: "d", reason: "disabled" },
    ]);
  });

  it("treats an @removed without a known reason as a permanent delete", () => {
    expect(splitDeltaPage([{ id: "x", "@removed": {} }]).removed).toEqual([{ id: "x", reason: "deleted" }]);
  });

  it("keeps every item in the page's order, so several items for one user can be folded (later wins)", () => {
    const page = splitDeltaPage([
      { id: "a", "@removed": { reason: "changed" } },
      { id: "a", displayName: "Restored", accountEnabled: true },
      { id: "b", accountEnabled: false },
    ]);
    expect(page.items.map((i) => (i.kind === "upsert" ? ["upsert", i.user.id] : [i.removed.reason, i.removed.id]))).toEqual([
      ["softDeleted", "a"],
      ["upsert", "a"],
      ["disabled", "b"],
    ]);
  });
});
