import type { FilterNode } from "../filter/ast";
import { checkFilter, filterProperties } from "../filter/capabilities";
import { evaluateFilter } from "../filter/evaluate";
import { parseFilter } from "../filter/parser";
import { checkSearch, matchesSearch, parseSearch, type SearchNode } from "../filter/search";
import { insufficientPrivileges, unsupportedQuery } from "./graph-error";
import type { Access } from "./projection";
import { DIRECTORY_EXTENSION, USER_PROPERTIES, isBasicProperty } from "./user-schema";
import type { StoredUser } from "../state/user-directory";

/** `$filter` property names are matched exactly, as the schema spells them (DESIGN: `givenName`, not `givenname`). */
export function knownUserProperty(name: string): boolean {
  return USER_PROPERTIES.has(name) || DIRECTORY_EXTENSION.test(name);
}

export interface UserPredicate {
  filter?: FilterNode;
  search?: SearchNode;
}

/**
 * Parses and checks `$filter`/`$search` against Graph's rules
 * (https://learn.microsoft.com/en-us/graph/aad-advanced-queries): `advanced` = ConsistencyLevel
 * header plus `$count=true`; `$search` needs only the header.
 */
export function buildUserPredicate(input: { filter?: string; search?: string; advanced: boolean; eventual: boolean; access: Access }): UserPredicate {
  const predicate: UserPredicate = {};
  if (input.search !== undefined) {
    if (!input.eventual) {
      throw unsupportedQuery("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
    }
    predicate.search = parseSearch(input.search);
    checkSearch(predicate.search, { knownProperty: knownUserProperty });
  }
  if (input.filter !== undefined) {
    const node = parseFilter(input.filter);
    // Binding errors (unknown property, type mismatch) come first, then the permission check:
    // with User.ReadBasic.All a filter on anything outside the basic profile is refused outright
    // (reference §7: `accountEnabled eq true` → 403, graph-toolkit#2602).
    checkFilter(node, { advanced: true, knownProperty: knownUserProperty });
    if (input.access === "basic" && filterProperties(node).some((p) => !isBasicProperty(p))) throw insufficientPrivileges();
    checkFilter(node, { advanced: input.advanced, knownProperty: knownUserProperty });
    predicate.filter = node;
  }
  return predicate;
}

export function matchesUser(predicate: UserPredicate, user: StoredUser): boolean {
  if (predicate.filter && !evaluateFilter(predicate.filter, user.data)) return false;
  if (predicate.search && !matchesSearch(predicate.search, user.data)) return false;
  return true;
}
