// Incremental sync trusts what /users/delta reports; if edits, disables and deletions did not show
// up here exactly as Graph reports them, the engine's delta path would be untested.
// https://learn.microsoft.com/en-us/graph/delta-query-overview, https://learn.microsoft.com/en-us/graph/delta-query-users
import { GraphError, PageIterator, type Client } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CUSTOMER_APP, DEMO_TENANT } from "../../demo/demo-directory";
import { appIn, credentialFor, graphClientFor, startTestEmulator } from "../test-harness";

let emu: Awaited<ReturnType<typeof startTestEmulator>>;
let client: Client;
const SELECT = "id,displayName,jobTitle,mobilePhone,businessPhones,accountEnabled";

type Item = Record<string, unknown> & { id: string };

beforeAll(async () => {
  emu = await startTestEmulator();
  client = graphClientFor(emu, credentialFor(emu, appIn(emu, DEMO_TENANT.domain, CUSTOMER_APP.displayName)));
});
afterAll(() => emu.close());

/** One full round through the SDK: follow nextLinks, return items and the deltaLink. */
async function round(start: string, headers: Record<string, string> = {}): Promise<{ items: Item[]; deltaLink: string; pages: number }> {
  const items: Item[] = [];
  let pages = 0;
  let page = await client.api(start).headers(headers).get();
  for (;;) {
    pages++;
    items.push(...page.value);
    if (page["@odata.deltaLink"]) return { items, deltaLink: page["@odata.deltaLink"], pages };
    page = await client.api(page["@odata.nextLink"]).headers(headers).get();
  }
}

const byName = (items: Item[], name: string) => items.find((i) => i.displayName === name);

describe("users delta rounds", () => {
  let deltaLink: string;
  let anna: Item;
  let erik: Item;

  it("initial round returns every user with the selected properties and ends in a deltaLink", async () => {
    const first = await round(`/users/delta?$select=${SELECT}`, { Prefer: "odata.maxpagesize=20" });
    expect(first.items).toHaveLength(61);
    expect(first.pages).toBe(4);
    anna = byName(first.items, "Anna Lindqvist")!;
    erik = byName(first.items, "Erik Johansson")!;
    expect(anna).toMatchObject({ jobTitle: "VD", accountEnabled: true, businessPhones: ["08-123 456 78"] });
    expect(anna).not.toHaveProperty("department");
    // Never-set properties are left out (user-delta): Lars-Erik has no phone and no department.
    expect(byName(first.items, "Lars-Erik Åström")).not.toHaveProperty("mobilePhone");
    expect(new URL(first.deltaLink).searchParams.get("$deltatoken")).toBeTruthy();
    deltaLink = first.deltaLink;
  });

  it("a round with no changes is empty", async () => {
    const next = await round(deltaLink);
    expect(next.items).toEqual([]);
    deltaLink = next.deltaLink;
  });

  it("reflects an edit, a disable, a soft delete, a hard delete and a create", async () => {
    await emu.control.updateUser(DEMO_TENANT.id, anna.id, { jobTitle: "Verkställande direktör" });
    await emu.control.disableUser(DEMO_TENANT.id, erik.id);
    const maria = await emu.control.getUser(DEMO_TENANT.id, "maria.karlsson@nordicdemo.se");
    const lars = await emu.control.getUser(DEMO_TENANT.id, "lars.nilsson@nordicdemo.se");
    await emu.control.deleteUser(DEMO_TENANT.id, maria.id, "soft");
    await emu.control.deleteUser(DEMO_TENANT.id, lars.id, "hard");
    const created = await emu.control.createUser(DEMO_TENANT.id, { displayName: "Nora Ny", givenName: "Nora", surname: "Ny", mobilePhone: "+46 70 000 11 22" });
    // Not tracked: department is not in $select.
    await emu.control.updateUser(DEMO_TENANT.id, "karin.andersson@nordicdemo.se", { department: "Kundtjänst" });

    const next = await round(deltaLink);
    expect(next.items).toHaveLength(5);
    expect(next.items.find((i) => i.id === anna.id)).toMatchObject({ jobTitle: "Verkställande direktör", displayName: "Anna Lindqvist" });
    // Disabling is an update with accountEnabled: false, not a removal.
    expect(next.items.find((i) => i.id === erik.id)).toMatchObject({ accountEnabled: false });
    expect(next.items.find((i) => i.id === maria.id)).toEqual({ id: maria.id, "@removed": { reason: "changed" } });
    expect(next.items.find((i) => i.id === lars.id)).toEqual({ id: lars.id, "@removed": { reason: "deleted" } });
    expect(next.items.find((i) => i.id === created.id)).toMatchObject({ displayName: "Nora Ny", accountEnabled: true });
    deltaLink = next.deltaLink;

    await emu.control.restoreUser(DEMO_TENANT.id, maria.id);
    const restored = await round(deltaLink);
    expect(restored.items).toEqual([expect.objectContaining({ id: maria.id, displayName: "Maria Karlsson" })]);
    deltaLink = restored.deltaLink;
  });

  // https://learn.microsoft.com/en-us/graph/delta-query-overview — the same item may come back more than once in a round
  it("the delta-replay fault sends each changed user twice in the next round with changes, then rounds are normal again", async () => {
    await emu.control.replayDeltaRounds(1);
    const quiet = await round(deltaLink); // no changes: the fault waits for a round that has some
    expect(quiet.items).toEqual([]);
    await emu.control.updateUser(DEMO_TENANT.id, anna.id, { jobTitle: "Replayed" });
    const replayed = await round(quiet.deltaLink, { Prefer: "odata.maxpagesize=1" });
    expect(replayed.items.map((i) => [i.id, i.jobTitle])).toEqual([[anna.id, "Replayed"], [anna.id, "Replayed"]]);
    expect(replayed.pages).toBe(2); // the replay spans pages, as the round's skip token carries it
    await emu.control.updateUser(DEMO_TENANT.id, anna.id, { jobTitle: "Verkställande direktör" });
    const normal = await round(replayed.deltaLink);
    expect(normal.items.map((i) => i.id)).toEqual([anna.id]);
    deltaLink = normal.deltaLink;
  });

  it("Prefer: return=minimal sends only the changed properties, nulls included", async () => {
    await emu.control.updateUser(DEMO_TENANT.id, anna.id, { jobTitle: null });
    const next = await round(deltaLink, { Prefer: "return=minimal" });
    expect(next.items).toEqual([{ id: anna.id, jobTitle: null }]);
    deltaLink = next.deltaLink;
  });

  // https://learn.microsoft.com/en-us/graph/api/user-delta — "If the property has changed, the new value is included
  // in the response. This includes properties being set to null value." Only never-set (or unchanged) nulls are left out.
  it("without Prefer: return=minimal a property changed to null is sent as null; unchanged nulls stay omitted", async () => {
    await emu.control.updateUser(DEMO_TENANT.id, anna.id, { mobilePhone: null });
    const next = await round(deltaLink);
    expect(next.items).toHaveLength(1);
    expect(next.items[0]).toHaveProperty("mobilePhone", null);
    expect(next.items[0]).toMatchObject({ id: anna.id, displayName: "Anna Lindqvist", accountEnabled: true });
    // jobTitle was cleared in the previous round and has not changed since: left out, as never-set ones are.
    expect(next.items[0]).not.toHaveProperty("jobTitle");
    deltaLink = next.deltaLink;

    // Without $select every property is tracked: a cleared non-default property is sent as null too.
    const start = await round("/users/delta");
    await emu.control.updateUser(DEMO_TENANT.id, anna.id, { department: null });
    const cleared = await round(start.deltaLink);
    expect(cleared.items).toHaveLength(1);
    expect(cleared.items[0]).toHaveProperty("department", null);
    expect(cleared.items[0]).not.toHaveProperty("mobilePhone");
  });

  it("a disable is invisible when accountEnabled is not selected", async () => {
    const start = await round("/users/delta?$select=displayName,mobilePhone");
    await emu.control.disableUser(DEMO_TENANT.id, "henrik.larsson@nordicdemo.se");
    expect((await round(start.deltaLink)).items).toEqual([]);
  });

  // https://learn.microsoft.com/en-us/graph/delta-query-overview — only "if a $select query parameter is used" do
  // changes to other properties go unreported; updated instances carry "at least the properties that have been updated".
  it("without $select every property is tracked, and the changed one is sent even if not a default property", async () => {
    const karin = await emu.control.getUser(DEMO_TENANT.id, "karin.andersson@nordicdemo.se");
    const start = await round("/users/delta");
    await emu.control.updateUser(DEMO_TENANT.id, karin.id, { department: "Ekonomi" });
    const next = await round(start.deltaLink);
    expect(next.items).toHaveLength(1);
    expect(next.items[0]).toMatchObject({ id: karin.id, department: "Ekonomi", userPrincipalName: "karin.andersson@nordicdemo.se" });
    expect(next.items[0]).not.toHaveProperty("accountEnabled");

    await emu.control.updateUser(DEMO_TENANT.id, karin.id, { department: "Kundtjänst", employeeId: "K-1" });
    const minimal = await round(next.deltaLink, { Prefer: "return=minimal" });
    expect(minimal.items).toEqual([{ id: karin.id, department: "Kundtjänst", employeeId: "K-1" }]);

    // Properties stored outside the directory (skills, …) are not tracked (delta-query-overview, "Limitations").
    await emu.control.updateUser(DEMO_TENANT.id, karin.id, { skills: ["Excel"] });
    expect((await round(minimal.deltaLink)).items).toEqual([]);
  });

  it("$deltatoken=latest returns only a deltaLink that sees later changes", async () => {
    const latest = await client.api("/users/delta?$deltatoken=latest&$select=id,displayName").get();
    expect(latest.value).toEqual([]);
    expect(latest).not.toHaveProperty("@odata.nextLink");
    await emu.control.updateUser(DEMO_TENANT.id, "sara.jakobsson@nordicdemo.se", { displayName: "Sara Jakobsson Ek" });
    const next = await round(latest["@odata.deltaLink"]);
    expect(next.items).toEqual([expect.objectContaining({ displayName: "Sara Jakobsson Ek" })]);
  });

  it("PageIterator exposes the deltaLink", async () => {
    const first = await client.api("/users/delta").select("id,displayName").get();
    let n = 0;
    const iterator = new PageIterator(client, first, () => (n++, true));
    await iterator.iterate();
    expect(n).toBe(61);
    expect(iterator.getDeltaLink()).toMatch(/\$deltatoken=/);
  });
});

describe("expired and unknown tokens", () => {
  async function gone(url: string) {
    const error = await client.api(url).get().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).statusCode).toBe(410);
    expect((error as GraphError).code).toBe("syncStateNotFound");
    return error as GraphError;
  }

  // https://learn.microsoft.com/en-us/graph/delta-query-overview — directory delta tokens are valid for 7 days
  it("a deltaLink lives 7 days from when it was issued: a client back within the week never has to start over", async () => {
    const DAY = 24 * 3600 * 1000;
    const everyday = client;
    // Its own client: tokens it caches carry the moved clock, and must not reach the other tests.
    client = graphClientFor(emu, credentialFor(emu, appIn(emu, DEMO_TENANT.domain, CUSTOMER_APP.displayName)));
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    try {
      let { deltaLink } = await round("/users/delta?$select=id,displayName");
      // Three weeks of coming back every 5 days: each link is used before its own week is over.
      for (let visit = 0; visit < 4; visit++) {
        vi.setSystemTime(Date.now() + 5 * DAY);
        ({ deltaLink } = await round(deltaLink));
      }
      // Left alone for 8 days: expired.
      vi.setSystemTime(Date.now() + 8 * DAY);
      await gone(deltaLink);
    } finally {
      vi.useRealTimers();
      client = everyday;
    }
  });

  it("answers 410 for a token it never issued", async () => {
    const error = await gone(`${emu.graphUrl}/v1.0/users/delta?$deltatoken=bm90LWEtdG9rZW4.AAAAAAAAAAAAAAAAAAAAAA`);
    expect(error.body).toBeTruthy();
  });

  it("answers 410 with a restart Location once the tenant's delta state is reset", async () => {
    const { deltaLink } = await round("/users/delta?$select=id,displayName");
    await emu.control.resetDeltaTokens(DEMO_TENANT.id);
    const token = (await emu.control.mintToken({ tenant: DEMO_TENANT.id, clientId: CUSTOMER_APP.clientId })).accessToken;
    const res = await fetch(deltaLink, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(410);
    const body = (await res.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe("syncStateNotFound");
    expect(Object.keys(body.error.innerError)).toEqual(["date", "request-id", "client-request-id"]);
    const restart = new URL(res.headers.get("location")!);
    expect(restart.searchParams.get("$select")).toBe("id,displayName");
    const again = await round(`${restart.pathname.replace("/v1.0", "")}${restart.search}`);
    expect(again.items).toHaveLength(61);
  });
});

// https://learn.microsoft.com/en-us/graph/api/user-delta — `$filter=id eq '…' or id eq '…'` tracks up to 50 objects.
describe("delta scoped to object ids", () => {
  async function ids(n: number): Promise<string[]> {
    const page = await client.api("/users").select("id").top(n).get();
    expect(page.value).toHaveLength(n);
    return page.value.map((u: { id: string }) => u.id);
  }
  const byIds = (list: string[]) => `/users/delta?$select=id,displayName&$filter=${list.map((id) => `id eq '${id}'`).join(" or ")}`;

  it("tracks 50 objects (past the 15-clause limit of /users filters)", async () => {
    const fifty = await ids(50);
    const first = await round(byIds(fifty));
    expect(first.items.map((i) => i.id).sort()).toEqual([...fifty].sort());
  });

  it("refuses 51 with 400 Request_UnsupportedQuery", async () => {
    const error = await client.api(byIds(await ids(51))).get().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).statusCode).toBe(400);
    expect((error as GraphError).code).toBe("Request_UnsupportedQuery");
    expect((error as GraphError).message).toMatch(/at most 50 .*51/);
  });
});
