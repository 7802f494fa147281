import type { GraphUser } from "./graph-user";

/** Codes Graph uses for a delta token it no longer knows (https://learn.microsoft.com/en-us/graph/delta-query-overview). */
export const DELTA_EXPIRED_CODES: ReadonlySet<string> = new Set(["syncstatenotfound", "resyncrequired", "syncstateinvalid"]);

export type RemovalReason =
  /** `@removed.reason: "changed"`: soft-deleted, restorable from deleted items for 30 days. */
  | "softDeleted"
  /** `@removed.reason: "deleted"`: gone for good. */
  | "deleted"
  /** `accountEnabled: false`: not a removal in Graph's eyes, but rule 2 reads enabled users only. */
  | "disabled";

export interface RemovedUser {
  id: string;
  reason: RemovalReason;
}

/** One item of a delta page, in the page's order. */
export type DeltaItem = { kind: "upsert"; user: GraphUser } | { kind: "removed"; removed: RemovedUser };

export interface DeltaPage {
  upserted: GraphUser[];
  removed: RemovedUser[];
  /**
   * Both, in the order Graph sent them. A round may carry several items for one user (replays, or a
   * user removed then restored: delta-query-overview), and the later one is the user's state: fold
   * these, not `upserted` then `removed`.
   */
  items: DeltaItem[];
}

/**
 * One delta page → users to upsert and users that are gone
 * (https://learn.microsoft.com/en-us/graph/delta-query-overview, /delta-query-users). Pure, so the
 * sync core's tests can feed it recorded pages. Items may repeat across pages (replays); order matters
 * and is kept.
 */
export function splitDeltaPage(items: readonly GraphUser[]): DeltaPage {
  const page: DeltaPage = { upserted: [], removed: [], items: [] };
  for (const item of items) {
    const removed = item["@removed"] as { reason?: unknown } | undefined;
    let gone: RemovedUser | null = null;
    if (removed) gone = { id: item.id, reason: removed.reason === "changed" ? "softDeleted" : "deleted" };
    else if (item.accountEnabled === false) gone = { id: item.id, reason: "disabled" };
    if (gone) {
      page.removed.push(gone);
      page.items.push({ kind: "removed", removed: gone });
    } else {
      page.upserted.push(item);
      page.items.push({ kind: "upsert", user: item });
    }
  }
  return page;
}
