import type { FilterNode } from "../filter/ast";
import type { PropertyResolver } from "../filter/bind";
import { checkFilter, filterProperties } from "../filter/capabilities";
import { evaluateFilter } from "../filter/evaluate";
import { parseFilter } from "../filter/parser";
import { checkSearch, matchesSearch, parseSearch, searchProperties, type SearchNode } from "../filter/search";
import { insufficientPrivileges, unsupportedQuery } from "./graph-error";
import type { Access } from "./projection";
import { DIRECTORY_EXTENSION, isBasicProperty, lookupProperty } from "./user-schema";
import type { StoredUser, UserDirectory } from "../state/user-directory";

/**
 * `$filter`/`$search` property names bind case-insensitively, as `$select` does (`UserPrincipalName eq '…'`
 * works: https://github.com/microsoftgraph/msgraph-sdk-powershell/issues/1869). Schema properties resolve to the
 * schema's spelling; a directory extension to the spelling the tenant's users carry (kept as written if none has it).
 */
export function userPropertyResolver(directory?: Pick<UserDirectory, "extensionName">): PropertyResolver {
  return (name) => {
    const def = lookupProperty(name);
    if (def) return def.name;
    if (!DIRECTORY_EXTENSION.test(name)) return undefined;
    return directory?.extensionName(name) ?? name;
  };
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
export function buildUserPredicate(input: {
  filter?: string;
  search?: string;
  advanced: boolean;
  eventual: boolean;
  access: Access;
  /** Where directory extension names are looked up (the tenant's users). */
  directory?: Pick<UserDirectory, "extensionName">;
}): UserPredicate {
  const predicate: UserPredicate = {};
  const resolveProperty = userPropertyResolver(input.directory);
  if (input.search !== undefined) {
    if (!input.eventual) {
      throw unsupportedQuery("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
    }
    predicate.search = parseSearch(input.search);
    checkSearch(predicate.search, { resolveProperty });
    // [unconfirmed] Graph's docs are silent on $search under User.ReadBasic.All; searching a non-basic
    // property is refused like filtering on it (below), else matches would reveal what projection nulls out.
    if (input.access === "basic" && searchProperties(predicate.search).some((p) => !isBasicProperty(p))) throw insufficientPrivileges();
  }
  if (input.filter !== undefined) {
    const node = parseFilter(input.filter);
    // Binding errors (unknown property, type mismatch) come first, then the permission check:
    // with User.ReadBasic.All a filter on anything outside the basic profile is refused outright
    // (reference §7: `accountEnabled eq true` → 403, graph-toolkit#2602).
    checkFilter(node, { advanced: true, resolveProperty });
    if (input.access === "basic" && filterProperties(node).some((p) => !isBasicProperty(p))) throw insufficientPrivileges();
    checkFilter(node, { advanced: input.advanced, resolveProperty });
    predicate.filter = node;
  }
  return predicate;
}

export function matchesUser(predicate: UserPredicate, user: StoredUser): boolean {
  if (predicate.filter && !evaluateFilter(predicate.filter, user.data)) return false;
  if (predicate.search && !matchesSearch(predicate.search, user.data)) return false;
  return true;
}
