// The benchmark and real customers have 100,000-user tenants: paging must cost exactly one request
// per 999 users, and a delta round after a few edits must not rescan the directory.
import { PageIterator, type Client } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appIn, credentialFor, graphClientFor, startTestEmulator } from "./test-harness";

const USERS = 100_000;
let emu: Awaited<ReturnType<typeof startTestEmulator>>;
let client: Client;
let tenantId: string;

beforeAll(async () => {
  emu = await startTestEmulator({ seed: [{ users: USERS, seed: 42 }] });
  tenantId = emu.tenants.find((t) => t.userCount === USERS)!.id;
  client = graphClientFor(emu, credentialFor(emu, appIn(emu, tenantId)));
}, 30_000);
afterAll(() => emu.close());

describe("a 100,000-user tenant", () => {
  // https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0 — $top max 999.
  it("pages all users with $top=999 in exactly ceil(100000/999) = 101 Graph requests", async () => {
    await emu.control.resetRequests();
    const first = await client.api("/users").select("id,userPrincipalName,accountEnabled,mobilePhone,businessPhones").top(999).get();
    const ids = new Set<string>();
    await new PageIterator(client, first, (u: { id: string }) => (ids.add(u.id), true)).iterate();
    expect(ids.size).toBe(USERS);
    const { counts } = await emu.control.requests({ area: "graph" });
    expect(counts["GET /v1.0/users"]).toBe(Math.ceil(USERS / 999));
  }, 30_000);

  it("a delta round after 100 edits returns just those, in one page", async () => {
    const latest = await client.api("/users/delta?$deltatoken=latest&$select=id,displayName,mobilePhone").get();
    const first = (await client.api("/users").top(100).select("id").get()).value as { id: string }[];
    for (const [i, user] of first.entries()) await emu.control.updateUser(tenantId, user.id, { mobilePhone: `+46 70 555 ${String(i).padStart(2, "0")} 00` });
    const page = await client.api(latest["@odata.deltaLink"]).get();
    expect(page.value).toHaveLength(100);
    expect(new Set(page.value.map((u: { id: string }) => u.id))).toEqual(new Set(first.map((u) => u.id)));
    expect(page["@odata.deltaLink"]).toBeTruthy();
  }, 30_000);
});
