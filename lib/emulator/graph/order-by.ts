import { badRequest, unsupportedQuery } from "./graph-error";
import { lookupProperty } from "./user-schema";
import type { StoredUser } from "../state/user-directory";

export interface OrderBy {
  property: string;
  descending: boolean;
}

const DEFAULT_SORTABLE = new Set(["displayName", "userPrincipalName"]);
const ADVANCED_SORTABLE = new Set(["createdDateTime", "deletedDateTime"]);

/**
 * `$orderby` on users (https://learn.microsoft.com/en-us/graph/aad-advanced-queries):
 * displayName/userPrincipalName by default; createdDateTime/deletedDateTime only in advanced
 * queries; `$filter` together with `$orderby` is always advanced.
 */
export function parseOrderBy(text: string | undefined, context: { advanced: boolean; eventual: boolean; hasFilter: boolean; hasSearch: boolean }): OrderBy | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const clauses = text.split(",").map((c) => c.trim());
  // The message is Graph's usual one for an order it will not serve [unconfirmed wording for each case].
  if (clauses.length > 1) throw unsupportedQuery("Sorting not supported for current query.");
  const match = /^(\S+)(?:\s+(asc|desc))?$/i.exec(clauses[0]);
  if (!match) throw badRequest(`Syntax error at position ${clauses[0].length} in '${text}'.`);
  const def = lookupProperty(match[1]);
  if (!def) throw badRequest(`Could not find a property named '${match[1]}' on type 'microsoft.graph.user'.`);
  const advancedOk = context.advanced || (context.hasSearch && context.eventual);
  const sortable = DEFAULT_SORTABLE.has(def.name) || (ADVANCED_SORTABLE.has(def.name) && advancedOk);
  if (!sortable || (context.hasFilter && !context.advanced)) throw unsupportedQuery("Sorting not supported for current query.");
  return { property: def.name, descending: match[2]?.toLowerCase() === "desc" };
}

const collator = new Intl.Collator("en", { sensitivity: "base" });

export function sortUsers(users: StoredUser[], order: OrderBy): StoredUser[] {
  const direction = order.descending ? -1 : 1;
  const key = order.property;
  return users.sort((a, b) => {
    const x = a.data[key];
    const y = b.data[key];
    if (x == null || y == null) {
      if (x == null && y == null) return a.seq - b.seq;
      return (x == null ? -1 : 1) * direction;
    }
    return collator.compare(String(x), String(y)) * direction || a.seq - b.seq;
  });
}
