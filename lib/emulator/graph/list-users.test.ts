// The sync reads /users through the official SDK; if projection, paging, auth or permission answers
// differed from Graph, its tests would pass here and fail against a real tenant.
import { GraphError, PageIterator, type Client } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_APP, DEMO_COST_CENTER_EXTENSION, DEMO_TENANT } from "../../demo/demo-directory";
import { MAPPABLE_USER_PROPERTIES } from "../../sync/core/graph-user-properties";
import { appIn, credentialFor, graphClientFor, startTestEmulator } from "../test-harness";

let emu: Awaited<ReturnType<typeof startTestEmulator>>;
let client: Client;

beforeAll(async () => {
  emu = await startTestEmulator();
  client = graphClientFor(emu, credentialFor(emu, appIn(emu, DEMO_TENANT.domain, CUSTOMER_APP.displayName)));
});
afterAll(() => emu.close());

async function graphError(promise: Promise<unknown>): Promise<GraphError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GraphError);
  return error as GraphError;
}

async function rawGet(path: string, token: string | null, headers: Record<string, string> = {}) {
  const res = await fetch(`${emu.graphUrl}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  return { res, body: (await res.json()) as { error: { code: string; message: string; innerError: Record<string, string> } } };
}

describe("GET /v1.0/users", () => {
  // https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0
  it("returns the default property set (61 demo users fit the default page of 100)", async () => {
    const page = await client.api("/users").get();
    expect(page["@odata.context"]).toBe(`${emu.graphUrl}/v1.0/$metadata#users`);
    expect(page.value).toHaveLength(61);
    expect(page).not.toHaveProperty("@odata.nextLink");
    expect(Object.keys(page.value[0])).toEqual(["businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id"]);
    expect(page.value[0]).not.toHaveProperty("accountEnabled");
    const noPhones = page.value.find((u: { displayName: string }) => u.displayName === "Sebastian Lindholm");
    expect(noPhones).toMatchObject({ businessPhones: [], mobilePhone: null });
  });

  it("projects $select, including returned-only-on-select and extension properties", async () => {
    const page = await client.api("/users").select(["id", "accountEnabled", "department", "onPremisesExtensionAttributes"]).top(2).get();
    expect(page["@odata.context"]).toBe(`${emu.graphUrl}/v1.0/$metadata#users(id,accountEnabled,department,onPremisesExtensionAttributes)`);
    expect(Object.keys(page.value[0])).toEqual(["id", "accountEnabled", "department", "onPremisesExtensionAttributes"]);
    expect(page.value[0].onPremisesExtensionAttributes).toMatchObject({ extensionAttribute1: "Swedish;English;Leadership", extensionAttribute15: null });
    // https://learn.microsoft.com/en-us/graph/paging — absolute, repeats the query options, adds $skiptoken.
    const next = new URL(page["@odata.nextLink"]);
    expect(next.origin).toBe(emu.graphUrl);
    expect(next.searchParams.get("$select")).toBe("id,accountEnabled,department,onPremisesExtensionAttributes");
    expect(next.searchParams.get("$top")).toBe("2");
    expect(next.searchParams.get("$skiptoken")).toBeTruthy();
  });

  // Graph binds `$select` case-insensitively but names a directory extension as it was registered, not
  // as asked (https://github.com/microsoftgraph/microsoft-graph-docs/issues/16908,
  // https://github.com/microsoftgraph/msgraph-sdk-powershell/issues/1955). Answering under the asked
  // spelling would hide a client that looks the value up by its own spelling and reads "empty".
  it("names a directory extension as registered whatever casing $select asked, in lists, single reads and delta", async () => {
    const asked = DEMO_COST_CENTER_EXTENSION.toLowerCase();
    expect(asked).not.toBe(DEMO_COST_CENTER_EXTENSION);
    const page = await client.api("/users").select(["id", asked]).top(999).get();
    const withValue = page.value.filter((u: Record<string, unknown>) => Object.keys(u).length > 1);
    expect(withValue.length).toBeGreaterThan(0);
    for (const user of withValue) expect(Object.keys(user)).toEqual(["id", DEMO_COST_CENTER_EXTENSION]);
    const one = await client.api(`/users/${withValue[0].id}`).select(["id", asked]).get();
    expect(one[DEMO_COST_CENTER_EXTENSION]).toBe(withValue[0][DEMO_COST_CENTER_EXTENSION]);
    expect(one).not.toHaveProperty(asked);
    const delta = await client.api("/users/delta").select(["id", asked.toUpperCase()]).get();
    const item = delta.value.find((u: { id: string }) => u.id === withValue[0].id);
    expect(item).toEqual({ id: withValue[0].id, [DEMO_COST_CENTER_EXTENSION]: withValue[0][DEMO_COST_CENTER_EXTENSION] });
  });

  it("pages through everything with PageIterator", async () => {
    const first = await client.api("/users").top(7).select("id,displayName").get();
    const seen: string[] = [];
    await new PageIterator(client, first, (u: { id: string }) => (seen.push(u.id), true)).iterate();
    expect(seen).toHaveLength(61);
    expect(new Set(seen).size).toBe(61);
  });

  it.each(["0", "1000", "abc"])("refuses $top=%s with Microsoft's message", async (top) => {
    const error = await graphError(client.api(`/users?$top=${top}`).get());
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("Request_UnsupportedQuery");
    expect(error.message).toBe(`Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`);
  });

  // https://learn.microsoft.com/en-us/graph/api/user-list — properties such as skills are returned only for a single user ($select on /users/{id})
  it("answers 501 for properties Graph serves only per user", async () => {
    const error = await graphError(client.api("/users").select("id,skills").get());
    expect(error.statusCode).toBe(501);
    expect(error.code).toBe("NotImplemented");
  });

  it("gets one user by id or userPrincipalName, and 404s an unknown one", async () => {
    const byUpn = await client.api("/users/anna.lindqvist@nordicdemo.se").select("id,accountEnabled").get();
    const byId = await client.api(`/users/${byUpn.id}`).get();
    expect(byId.displayName).toBe("Anna Lindqvist");
    expect(byUpn["@odata.context"]).toBe(`${emu.graphUrl}/v1.0/$metadata#users(id,accountEnabled)/$entity`);
    const error = await graphError(client.api("/users/nobody@nordicdemo.se").get());
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("Request_ResourceNotFound");
  });

  it("sends Graph's headers and error JSON shape", async () => {
    const clientRequestId = "6b7a5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
    const { res, body } = await rawGet("/v1.0/users?$top=1000", (await emu.control.mintToken({ tenant: DEMO_TENANT.id, clientId: CUSTOMER_APP.clientId })).accessToken, { "client-request-id": clientRequestId });
    expect(res.headers.get("content-type")).toBe("application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8");
    expect(res.headers.get("client-request-id")).toBe(clientRequestId);
    expect(res.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // https://learn.microsoft.com/en-us/graph/errors
    expect(body.error.innerError).toEqual({ date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/), "request-id": res.headers.get("request-id"), "client-request-id": clientRequestId });
  });
});

describe("authentication and permissions", () => {
  const token = (input: Partial<Parameters<typeof emu.control.mintToken>[0]> = {}) =>
    emu.control.mintToken({ tenant: DEMO_TENANT.id, clientId: CUSTOMER_APP.clientId, ...input }).then((t) => t.accessToken);

  // https://learn.microsoft.com/en-us/graph/errors — 401 Unauthorized, InvalidAuthenticationToken
  it.each([
    ["missing", async () => null, "Access token is empty."],
    ["expired", () => token({ lifetimeSeconds: -10 }), "Access token has expired or is not yet valid."],
    ["not yet valid", () => token({ notBeforeOffsetSeconds: 600 }), "Access token has expired or is not yet valid."],
    ["wrong audience", () => token({ audience: "https://management.azure.com" }), "Access token validation failure. Invalid audience."],
    ["bad signature", async () => `${(await token()).slice(0, -4)}AAAA`, "Access token validation failure."],
    ["not a JWT", async () => "opaque-token", "CompactToken parsing failed with error code: 80049217"],
  ])("401 InvalidAuthenticationToken when the token is %s", async (_name, make, message) => {
    const { res, body } = await rawGet("/v1.0/users", await make());
    expect(res.status).toBe(401);
    expect(body.error.code).toBe("InvalidAuthenticationToken");
    expect(body.error.message).toBe(message);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="", authorization_uri=".+", client_id="00000003-0000-0000-c000-000000000000"$/);
  });

  // https://learn.microsoft.com/en-us/graph/errors — 403 Forbidden, Authorization_RequestDenied
  it("403 Authorization_RequestDenied without any role", async () => {
    const { res, body } = await rawGet("/v1.0/users", await token({ roles: [] }));
    expect(res.status).toBe(403);
    expect(body.error).toMatchObject({ code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." });
  });

  // Reference §7 (User.ReadBasic.All): non-basic properties come back null, filters on them are refused.
  it("User.ReadBasic.All: null phones and 403 on filtering accountEnabled", async () => {
    const basic = await token({ roles: ["User.ReadBasic.All"] });
    const res = await fetch(`${emu.graphUrl}/v1.0/users?$select=id,displayName,mobilePhone,businessPhones,accountEnabled,jobTitle&$top=1`, { headers: { authorization: `Bearer ${basic}` } });
    const page = (await res.json()) as { value: Record<string, unknown>[] };
    expect(page.value[0]).toEqual({ id: expect.any(String), displayName: "Anna Lindqvist", mobilePhone: null, businessPhones: [], accountEnabled: null, jobTitle: null });
    const { res: filtered, body } = await rawGet("/v1.0/users?$filter=accountEnabled%20eq%20true", basic);
    expect(filtered.status).toBe(403);
    expect(body.error.code).toBe("Authorization_RequestDenied");
    expect((await rawGet("/v1.0/users?$filter=startsWith(displayName,'Anna')", basic)).res.status).toBe(200);
  });

  // [unconfirmed] Graph's docs say nothing about $search under User.ReadBasic.All; refusing a non-basic property
  // like the $filter above keeps $search from revealing what the projection hides (Anna: jobTitle VD, a +46 70 mobile).
  it("User.ReadBasic.All: 403 on $search over a non-basic property, basic ones still searchable", async () => {
    const basic = await token({ roles: ["User.ReadBasic.All"] });
    const eventual = { ConsistencyLevel: "eventual" };
    for (const search of ['"mobilePhone:+46 70"', '"jobTitle:VD"', '"displayName:Anna" OR "jobTitle:VD"']) {
      const { res, body } = await rawGet(`/v1.0/users?$search=${encodeURIComponent(search)}`, basic, eventual);
      expect(res.status).toBe(403);
      expect(body.error).toMatchObject({ code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." });
    }
    const { res } = await rawGet(`/v1.0/users?$search=${encodeURIComponent('"displayName:Anna"')}`, basic, eventual);
    expect(res.status).toBe(200);
  });

  // https://learn.microsoft.com/en-us/graph/api/user-list — Directory.Read.All is a higher-privileged permission than User.Read.All
  it("Directory.Read.All reads everything, phones included", async () => {
    const { res, body } = await rawGet("/v1.0/users?$select=displayName,mobilePhone&$top=1", await token({ roles: ["Directory.Read.All"] }));
    expect(res.status).toBe(200);
    // The same first user whose phone User.ReadBasic.All hides (above).
    expect((body as unknown as { value: Record<string, unknown>[] }).value[0]).toMatchObject({ displayName: "Anna Lindqvist", mobilePhone: expect.stringMatching(/\d/) });
  });
});

// The product offers MAPPABLE_USER_PROPERTIES as mapping sources and `$select`s their top-level name
// (lib/sync/core/mappings.ts: `employeeOrgData/division` → `employeeOrgData`). Each is a real v1.0 user property
// (msgraph-metadata v1.0 CSDL, reference §4); an emulator that refused one would fail a sync Graph serves.
describe("$select of every property a mapping may use", () => {
  const selectable = [...new Set(MAPPABLE_USER_PROPERTIES.map((p) => p.split("/")[0]))];

  it.each(selectable)("%s on /users and /users/delta", async (property) => {
    const names = [...new Set(["id", property])];
    const page = await client.api("/users").select(names).top(1).get();
    expect(page["@odata.context"]).toBe(`${emu.graphUrl}/v1.0/$metadata#users(${names.join(",")})`);
    expect(Object.keys(page.value[0])).toEqual(names);
    const delta = await client.api("/users/delta").select(names).headers({ Prefer: "odata.maxpagesize=1" }).get();
    expect(delta.value).toHaveLength(1);
    expect(delta["@odata.nextLink"]).toBeTruthy();
  });

  // Not mappable (not text), but a v1.0 property Graph accepts in $select (CSDL, reference §4).
  it("isResourceAccount too", async () => {
    const page = await client.api("/users").select("id,isResourceAccount").top(1).get();
    expect(Object.keys(page.value[0])).toEqual(["id", "isResourceAccount"]);
  });

  it("all of them at once", async () => {
    const page = await client.api("/users").select(selectable).top(1).get();
    expect(Object.keys(page.value[0]).sort()).toEqual([...selectable].sort());
    const delta = await client.api("/users/delta").select(selectable).get();
    expect(delta.value.length).toBeGreaterThan(0);
  });
});
