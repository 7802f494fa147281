import "server-only";
import type { GraphClient } from "@/lib/graph/client";
import { toDirectoryUser } from "@/lib/graph/graph-user";
import { readDelta } from "@/lib/graph/read-delta";
import { readAllUsers } from "@/lib/graph/read-users";
import { DeltaExpiredError } from "@/lib/graph/typed-errors";
import type { DirectoryUser } from "@/lib/sync/core/types";
import { LeaseLostError } from "./lease";

/** A read that stopped early keeps what it got and the error: rule 11 decides what may be written. */
export type ReadOutcome<T> = T & { complete: boolean; error: unknown };

/**
 * Every enabled user, page by page. `onPage` gets each page's users while the next page is on its
 * way (work done there overlaps the network) and renews the lease.
 */
export async function readFullDirectory(input: {
  client: GraphClient;
  select: readonly string[];
  /** The caller keeps what it needs: the directory is not held here. */
  onPage: (users: DirectoryUser[]) => Promise<void>;
}): Promise<ReadOutcome<{ count: number }>> {
  let count = 0;
  try {
    await readAllUsers({
      client: input.client,
      select: input.select,
      onPage: async (page) => {
        count += page.length;
        await input.onPage(page.map(toDirectoryUser));
      },
    });
    return { count, complete: true, error: null };
  } catch (error) {
    // Another worker owns the integration now: this run stops, it does not write what it read.
    if (error instanceof LeaseLostError) throw error;
    return { count, complete: false, error };
  }
}

/**
 * One delta round from the stored deltaLink. Disabled users come back as updates with
 * `accountEnabled: false` (only because it is selected) and count as gone, like `@removed` ones.
 * An expired token is thrown (the caller falls back to a full sync); other errors end the round early.
 */
export async function readDeltaRound(input: {
  client: GraphClient;
  select: readonly string[];
  deltaLink: string;
  onPage: () => Promise<void>;
}): Promise<ReadOutcome<{ changed: DirectoryUser[]; removed: string[]; deltaLink: string | null }>> {
  const changed = new Map<string, DirectoryUser>();
  const removed = new Set<string>();
  try {
    const result = await readDelta({
      client: input.client,
      select: input.select,
      deltaLink: input.deltaLink,
      onPage: async (page) => {
        // Later items win, within a page as across pages: a user edited then deleted in one round
        // ends up removed, one removed then restored (or disabled then enabled again) ends up present.
        for (const item of page.items) {
          if (item.kind === "upsert") {
            removed.delete(item.user.id);
            changed.set(item.user.id, toDirectoryUser(item.user));
          } else {
            changed.delete(item.removed.id);
            removed.add(item.removed.id);
          }
        }
        await input.onPage();
      },
    });
    return { changed: [...changed.values()], removed: [...removed], deltaLink: result.deltaLink, complete: true, error: null };
  } catch (error) {
    if (error instanceof DeltaExpiredError || error instanceof LeaseLostError) throw error;
    return { changed: [...changed.values()], removed: [...removed], deltaLink: null, complete: false, error };
  }
}
