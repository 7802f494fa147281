import { encodeQuery, readCountFlag, type QueryOptions } from "./query-options";
import { GraphHttpError, badRequest, unsupportedQuery } from "./graph-error";
import { openToken, sealToken } from "./page-token";
import { parseOrderBy, sortUsers } from "./order-by";
import { parseSelect, projectUser, type Access } from "./projection";
import { ResultCache } from "./result-cache";
import { buildUserPredicate, matchesUser } from "./user-query";
import type { EmulatorContext } from "../context";
import type { Tenant } from "../state/emulator-state";
import type { StoredUser } from "../state/user-directory";

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 999;

interface SkipToken {
  /** Offset of the next item in the result snapshot. */
  o: number;
  /** Id of the last item served, to re-align the offset if the directory changed between pages. */
  l: string | null;
  /** Number of the page this token fetches (1 = first page). */
  p: number;
  /** The query was an advanced one. */
  a: boolean;
}

/** https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0 — `$top` 1..999, default 100. */
function readTop(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PAGE_SIZE;
  const value = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= MAX_PAGE_SIZE)) {
    throw unsupportedQuery(`Invalid page size specified: '${raw}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`);
  }
  return value;
}

export class UserLister {
  private readonly cache = new ResultCache<StoredUser[]>();

  constructor(private readonly ctx: EmulatorContext) {}

  /** Validates the query and resolves which page is asked for, before any fault or work is done. */
  prepare(tenant: Tenant, access: Access, options: QueryOptions) {
    const { values, eventual } = options;
    if (values.has("$skip")) throw badRequest("'$skip' is not supported by the service.");
    if (values.has("$expand")) throw badRequest("The query option '$expand' is not supported on users in this emulator.");
    // `?$count=true` without the header is silently ignored (aad-advanced-queries).
    // An advanced query is exactly one that counts: the header plus `$count=true`.
    const advanced = readCountFlag(options) && eventual;
    const token = this.readSkipToken(values.get("$skiptoken"), eventual);
    const top = readTop(values.get("$top"));
    const selection = parseSelect(values.get("$select") ?? null, "collection", tenant.directory);
    const predicate = buildUserPredicate({ filter: values.get("$filter"), search: values.get("$search"), advanced, eventual, access, directory: tenant.directory });
    const order = parseOrderBy(values.get("$orderby"), { advanced, eventual, hasFilter: !!predicate.filter, hasSearch: !!predicate.search });
    const cacheKey = [tenant.id, tenant.directory.version, values.get("$filter"), values.get("$search"), values.get("$orderby")].join("\u0000");
    const snapshot = () => {
      const active = tenant.directory.listActive();
      if (!predicate.filter && !predicate.search && !order) return active as StoredUser[];
      return this.cache.get(cacheKey, () => {
        const matching = active.filter((u) => matchesUser(predicate, u));
        return order ? sortUsers(matching, order) : matching;
      });
    };
    return { page: token?.p ?? 1, run: () => this.buildPage(snapshot(), { options, top, selection, access, token, advanced }) };
  }

  private readSkipToken(raw: string | undefined, eventual: boolean): SkipToken | undefined {
    if (raw === undefined) return undefined;
    const token = openToken<SkipToken>(this.ctx.signer, raw);
    // Reported (msgraph-sdk-design#41): an advanced query's page token followed without
    // ConsistencyLevel fails, which is why PageIterator callers must resend the header.
    if (!token || (token.a && !eventual)) throw unsupportedQuery("Unable to execute query; invalid page token specified.");
    return token;
  }

  private buildPage(
    list: StoredUser[],
    q: { options: QueryOptions; top: number; selection: ReturnType<typeof parseSelect>; access: Access; token?: SkipToken; advanced: boolean },
  ): Record<string, unknown> {
    let offset = q.token?.o ?? 0;
    if (q.token?.l && list[offset - 1]?.id !== q.token.l) {
      const at = list.findIndex((u) => u.id === q.token!.l);
      if (at >= 0) offset = at + 1;
    }
    const slice = list.slice(offset, offset + q.top);
    const body: Record<string, unknown> = { "@odata.context": `${this.ctx.urls.graphUrl}/v1.0/$metadata#${q.selection.contextSegment}` };
    // `@odata.count` only on the first page (https://learn.microsoft.com/en-us/graph/paging).
    if (q.advanced && !q.token) body["@odata.count"] = list.length;
    const next = offset + q.top;
    if (next < list.length) {
      const token: SkipToken = { o: next, l: slice.at(-1)?.id ?? null, p: (q.token?.p ?? 1) + 1, a: q.advanced };
      // Absolute, repeating every original option (https://learn.microsoft.com/en-us/graph/paging).
      const pairs = q.options.pairs.filter(([k]) => k !== "$skiptoken");
      pairs.push(["$skiptoken", sealToken(this.ctx.signer, token)]);
      body["@odata.nextLink"] = `${this.ctx.urls.graphUrl}/v1.0/users?${encodeQuery(pairs)}`;
    }
    body.value = slice.map((u) => projectUser(u.data, q.selection, q.access));
    return body;
  }

  count(tenant: Tenant, access: Access, options: QueryOptions): number {
    // The /$count segment needs only the header (https://learn.microsoft.com/en-us/graph/aad-advanced-queries).
    if (!options.eventual) throw new GraphHttpError(400, "Request_BadRequest", "$count is not currently supported.");
    const predicate = buildUserPredicate({ filter: options.values.get("$filter"), search: options.values.get("$search"), advanced: true, eventual: true, access, directory: tenant.directory });
    const active = tenant.directory.listActive();
    if (!predicate.filter && !predicate.search) return active.length;
    let n = 0;
    for (const user of active) if (matchesUser(predicate, user)) n++;
    return n;
  }
}
