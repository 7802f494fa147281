import { afterEach, describe, expect, it, vi } from "vitest";
import { createGraphClient } from "@/lib/graph/client";
import { readDeltaRound } from "./read-directory";

// Without this, a delta page that carries several items for one user ends with the wrong state: the
// page's upserts were applied before its removals, so a user soft-deleted and restored (or disabled
// and enabled again) within one round was unlinked although Entra has them back. Graph may send
// several items for one user in a round: replays are possible and a restored user comes back as a
// normal item (https://learn.microsoft.com/en-us/graph/delta-query-overview, reference §3).

const DELTA_LINK = "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=next";

function servePages(pages: unknown[][]) {
  let call = 0;
  vi.stubGlobal("fetch", async () => {
    const value = pages[call];
    call++;
    const link = call < pages.length ? { "@odata.nextLink": `https://graph.microsoft.com/v1.0/users/delta?$skiptoken=p${call}` } : { "@odata.deltaLink": DELTA_LINK };
    return new Response(JSON.stringify({ value, ...link }), { status: 200, headers: { "content-type": "application/json" } });
  });
}

async function round() {
  const client = createGraphClient({ graphBaseUrl: "https://graph.microsoft.com", tokenSource: { getAccessToken: async () => "t" } });
  const result = await readDeltaRound({ client, select: ["id", "accountEnabled"], deltaLink: "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=old", onPage: async () => {} });
  return { changed: result.changed.map((u) => [u.objectId, u.displayName]), removed: result.removed.sort(), complete: result.complete, deltaLink: result.deltaLink };
}

afterEach(() => vi.unstubAllGlobals());

describe("readDeltaRound folds items in the order Graph sent them", () => {
  it("within one page: removed then restored is present; enabled, disabled, enabled again is present", async () => {
    servePages([
      [
        { id: "A", "@removed": { reason: "changed" } },
        { id: "A", accountEnabled: true, displayName: "A restored", userPrincipalName: "a@x" },
        { id: "B", accountEnabled: true, displayName: "B1" },
        { id: "B", accountEnabled: false },
        { id: "B", accountEnabled: true, displayName: "B re-enabled" },
        { id: "C", accountEnabled: true, displayName: "C" },
        { id: "C", "@removed": { reason: "deleted" } },
      ],
    ]);
    expect(await round()).toEqual({
      changed: [
        ["A", "A restored"],
        ["B", "B re-enabled"],
      ],
      removed: ["C"],
      complete: true,
      deltaLink: DELTA_LINK,
    });
  });

  it("across pages: the later page wins", async () => {
    servePages([
      [{ id: "A", accountEnabled: true, displayName: "A" }, { id: "B", "@removed": { reason: "changed" } }],
      [{ id: "A", accountEnabled: false }, { id: "B", accountEnabled: true, displayName: "B back" }],
    ]);
    expect(await round()).toMatchObject({ changed: [["B", "B back"]], removed: ["A"], complete: true });
  });
});
