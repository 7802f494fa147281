import { GraphError, type GraphRequest } from "@microsoft/microsoft-graph-client";
import type { GraphClient } from "./client";
import type { GraphUser } from "./graph-user";
import { andFilter, encodeQueryValue, selectList } from "./odata";
import { streamPages, type StreamResult } from "./paging";
import { UnexpectedResponseError, UserNotFoundError } from "./typed-errors";

/** Graph's maximum page size for users (https://learn.microsoft.com/en-us/graph/api/user-list). */
export const USERS_PAGE_SIZE = 999;

/**
 * Rule 2: enabled accounts only. Filtering on accountEnabled works without advanced query parameters;
 * the phone condition is checked in code because the combined advanced filter is not trustworthy
 * (reference §1).
 */
export const ENABLED_FILTER = "accountEnabled eq true";

/** Advanced queries need this header AND `$count=true` (https://learn.microsoft.com/en-us/graph/aad-advanced-queries). */
const EVENTUAL = { ConsistencyLevel: "eventual" } as const;

/** `GET /users?$select=…&$filter=accountEnabled eq true&$top=999`, handed over page by page. */
export async function readAllUsers(input: {
  client: GraphClient;
  select: readonly string[];
  onPage: (users: GraphUser[]) => Promise<void>;
}): Promise<StreamResult> {
  const { client, select, onPage } = input;
  const first = await client.sdk
    .api("/users")
    .select(selectList(select))
    .filter(encodeQueryValue(ENABLED_FILTER))
    .top(USERS_PAGE_SIZE)
    .get();
  return streamPages<GraphUser>({ client, firstPage: first, onPage });
}

/** `GET /users/{id}` for a single-user sync; 404 becomes UserNotFoundError. */
export async function readUser(input: { client: GraphClient; id: string; select: readonly string[] }): Promise<GraphUser> {
  const { client, id, select } = input;
  try {
    const user: unknown = await client.sdk.api(`/users/${encodeURIComponent(id)}`).select(selectList(select)).get();
    if (!user || typeof user !== "object" || typeof (user as GraphUser).id !== "string") {
      throw new UnexpectedResponseError("Microsoft Graph returned a user without an id.");
    }
    return user as GraphUser;
  } catch (error) {
    if (error instanceof GraphError && error.statusCode === 404) throw new UserNotFoundError(id, error);
    throw error;
  }
}

export interface AdvancedQuery {
  /** The admin's `$filter` expression (literals already escaped with odataString). */
  filter?: string;
  /** The admin's `$search` value, quotes included: `"displayName:wa"`. */
  search?: string;
  /** AND `accountEnabled eq true` into the filter (rule 2); default true. */
  enabledOnly?: boolean;
}

function advancedRequest(client: GraphClient, query: AdvancedQuery): GraphRequest {
  const filter = andFilter(query.enabledOnly === false ? undefined : ENABLED_FILTER, query.filter);
  let request = client.sdk.api("/users").headers(EVENTUAL).count(true);
  if (filter) request = request.filter(encodeQueryValue(filter));
  if (query.search?.trim()) request = request.search(encodeQueryValue(query.search.trim()));
  return request;
}

/** How many users the admin's advanced query matches: `@odata.count` of a one-item page. */
export async function countQuery(input: { client: GraphClient } & AdvancedQuery): Promise<number> {
  const page: unknown = await advancedRequest(input.client, input).select("id").top(1).get();
  const count = (page as { "@odata.count"?: unknown } | null)?.["@odata.count"];
  // `$count=true` without the header is silently ignored (aad-advanced-queries): never report 0 for that.
  if (typeof count !== "number") throw new UnexpectedResponseError("Microsoft Graph did not return @odata.count for the advanced query.");
  return count;
}

/** Object ids of every user the admin's advanced query matches (ids only, 999 per page). */
export async function listQueryIds(input: { client: GraphClient } & AdvancedQuery): Promise<string[]> {
  const { client } = input;
  const ids: string[] = [];
  const first = await advancedRequest(client, input).select("id").top(USERS_PAGE_SIZE).get();
  await streamPages<{ id: string }>({
    client,
    firstPage: first,
    // PageIterator does not carry headers to nextLinks; without it page 2 fails (reference §2, §8).
    requestOptions: { headers: EVENTUAL },
    onPage: async (page) => {
      for (const user of page) ids.push(user.id);
    },
  });
  return ids;
}
