import { parseFilter } from "../filter/parser";
import { evaluateFilter } from "../filter/evaluate";
import { filterProperties } from "../filter/capabilities";
import type { FilterNode } from "../filter/ast";
import { GraphHttpError, unsupportedQuery } from "./graph-error";
import { openToken, sealToken } from "./page-token";
import { parseSelect, projectUser, type Access, type Selection } from "./projection";
import { encodeQuery, type QueryOptions } from "./query-options";
import { ResultCache } from "./result-cache";
import { collectChanges, type DeltaEntry } from "./delta-changes";
import type { EmulatorContext } from "../context";
import type { Tenant } from "../state/emulator-state";
import type { StoredUser } from "../state/user-directory";

/** Directory delta tokens live 7 days (https://learn.microsoft.com/en-us/graph/delta-query-overview). */
const TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;
/** Graph picks the delta page size itself; clients may lower it with `Prefer: odata.maxpagesize`. */
const DEFAULT_DELTA_PAGE = 200;

interface RoundParams {
  t: string;
  e: number;
  /** `$select` text of the first request (the tracked properties), or null for the defaults. */
  s: string | null;
  f: string | null;
  /** When the token was issued (a round's skip tokens share its start), for the 7-day expiry. */
  i: number;
}
type DeltaLinkToken = RoundParams & { k: "d"; v: number };
/** `rp`: this round replays its items (the control API's delta-replay fault), on every page. */
type DeltaSkipToken = RoundParams & { k: "s"; from: number | null; to: number; o: number; p: number; rp?: 1 };

interface Round {
  params: RoundParams;
  from: number | null;
  to: number;
  offset: number;
  page: number;
  latest?: boolean;
  replay?: boolean;
}

export class DeltaReader {
  private readonly initial = new ResultCache<StoredUser[]>(8);
  private readonly incremental = new ResultCache<DeltaEntry[]>(32);

  constructor(private readonly ctx: EmulatorContext) {}

  prepare(tenant: Tenant, access: Access, options: QueryOptions, prefer: string) {
    for (const option of ["$top", "$orderby", "$expand", "$search", "$count", "$skip"]) {
      if (options.values.has(option)) throw unsupportedQuery(`The query option '${option}' is not supported with delta queries.`);
    }
    const round = this.readRound(tenant, options);
    const selection = withId(parseSelect(round.params.s, "collection", tenant.directory));
    const idFilter = round.params.f ? parseIdFilter(round.params.f) : undefined;
    const pageSize = Math.min(999, Number(/odata\.maxpagesize=(\d+)/i.exec(prefer)?.[1] ?? DEFAULT_DELTA_PAGE) || DEFAULT_DELTA_PAGE);
    const minimal = /return=minimal/i.test(prefer);
    return {
      page: round.page,
      minimal,
      run: () => this.buildPage(tenant, access, round, selection, idFilter, pageSize, minimal && round.from !== null),
    };
  }

  private readRound(tenant: Tenant, options: QueryOptions): Round {
    const { values } = options;
    const directory = tenant.directory;
    const fresh = (): RoundParams => ({ t: tenant.id, e: directory.deltaEpoch, s: values.get("$select") ?? null, f: values.get("$filter") ?? null, i: Date.now() });
    const skip = values.get("$skiptoken");
    if (skip !== undefined) {
      const token = this.openValid<DeltaSkipToken>(tenant, skip, "s");
      return { params: token, from: token.from, to: token.to, offset: token.o, page: token.p, replay: token.rp === 1 };
    }
    const delta = values.get("$deltatoken");
    // `latest` = "sync from now": only a deltaLink (https://learn.microsoft.com/en-us/graph/delta-query-overview).
    if (delta?.toLowerCase() === "latest") return { params: fresh(), from: directory.version, to: directory.version, offset: 0, page: 1, latest: true };
    if (delta !== undefined && delta !== "") {
      const token = this.openValid<DeltaLinkToken>(tenant, delta, "d");
      return { params: token, from: token.v, to: directory.version, offset: 0, page: 1 };
    }
    return { params: fresh(), from: null, to: directory.version, offset: 0, page: 1 };
  }

  private openValid<T extends RoundParams & { k: string }>(tenant: Tenant, raw: string, kind: string): T {
    const token = openToken<T>(this.ctx.signer, raw);
    if (!token || token.k !== kind || token.t !== tenant.id || token.e !== tenant.directory.deltaEpoch || Date.now() - token.i > TOKEN_LIFETIME_MS) {
      // Graph's answer to an unknown or expired token: 410, start over with a full round. The exact
      // user-delta answer is [unconfirmed] (reference §3): Microsoft documents "a 40X-series error
      // with codes such as syncStateNotFound" and 410 Gone for a reset; 410 syncStateNotFound is used.
      const restart = token?.s ? [["$select", token.s] as [string, string]] : [];
      throw new GraphHttpError(410, "syncStateNotFound", "The sync state generation is not found; the delta token is expired or invalid. Start a new round of delta query without a token.", {
        location: `${this.ctx.urls.graphUrl}/v1.0/users/delta?${encodeQuery([...restart, ["$deltatoken", ""]])}`,
      });
    }
    return token;
  }

  private buildPage(tenant: Tenant, access: Access, round: Round, selection: Selection, idFilter: FilterNode | undefined, pageSize: number, minimal: boolean) {
    const { graphUrl } = this.ctx.urls;
    const body: Record<string, unknown> = { "@odata.context": `${graphUrl}/v1.0/$metadata#${selection.contextSegment}` };
    const seal = (token: object) => sealToken(this.ctx.signer, token);
    let items: Record<string, unknown>[] = [];
    let total = 0;
    if (!round.latest) {
      const keep = (id: string) => !idFilter || evaluateFilter(idFilter, { id });
      if (round.from === null) {
        const list = this.initial.get(`${tenant.id}|${round.to}|${round.params.f}|${tenant.directory.deltaEpoch}`, () =>
          tenant.directory.listActive().filter((u) => keep(u.id)),
        );
        total = list.length;
        items = list.slice(round.offset, round.offset + pageSize).map((u) => projectUser(u.data, selection, access, { omitNull: true }));
      } else {
        const from = round.from;
        const entries = this.incremental.get(`${tenant.id}|${from}|${round.to}|${round.params.s}|${round.params.f}`, () =>
          collectChanges(tenant.directory.changesSince(from, round.to), selection).filter((e) => keep(e.id)),
        );
        // Graph may send a user more than once in a round ("replays", delta-query-overview); the fault
        // sends every changed user again after the last one, so clients must let the later copy win.
        round.replay ??= round.offset === 0 && entries.length > 0 && this.ctx.faults.takeDeltaReplay();
        const list = round.replay ? [...entries, ...entries] : entries;
        total = list.length;
        items = list.slice(round.offset, round.offset + pageSize).map((e) => renderEntry(tenant, e, selection, access, minimal));
      }
    }
    const next = round.offset + pageSize;
    if (next < total) {
      const token: DeltaSkipToken = { ...round.params, k: "s", from: round.from, to: round.to, o: next, p: round.page + 1, ...(round.replay ? { rp: 1 as const } : {}) };
      body["@odata.nextLink"] = `${graphUrl}/v1.0/users/delta?$skiptoken=${seal(token)}`;
    } else {
      // Each deltaLink lives 7 days from when it was issued: a client that comes back hourly never expires.
      const token: DeltaLinkToken = { ...round.params, k: "d", v: round.to, i: Date.now() };
      body["@odata.deltaLink"] = `${graphUrl}/v1.0/users/delta?$deltatoken=${seal(token)}`;
    }
    body.value = items;
    return body;
  }
}

/** Delta items always carry `id`, whatever `$select` says: it is how a client applies the change. */
function withId(selection: Selection): Selection {
  return selection.names.includes("id") ? selection : { ...selection, names: ["id", ...selection.names] };
}

/** How many objects one delta round may be scoped to (user-delta, delta-query-overview: "up to 50"). */
const MAX_DELTA_IDS = 50;

/**
 * Users delta accepts only `id eq '…' or id eq '…'`, for at most 50 objects
 * (https://learn.microsoft.com/en-us/graph/api/user-delta, https://learn.microsoft.com/en-us/graph/delta-query-overview).
 * The /users 15-clause `or` limit (filter/capabilities.ts) does not apply here: the delta doc allows 50.
 * [unconfirmed] Graph's answer past 50 is undocumented and no recording was found; the emulator answers
 * 400 Request_UnsupportedQuery with its own message, counting each `eq` (and each value of an `in`) as one object.
 */
function parseIdFilter(text: string): FilterNode {
  const node = parseFilter(text);
  if (filterProperties(node).some((p) => p !== "id")) throw unsupportedQuery("Unsupported query.");
  const count = idClauses(node);
  if (count > MAX_DELTA_IDS) {
    throw unsupportedQuery(`A delta query $filter can track at most ${MAX_DELTA_IDS} objects (id eq '…' or id eq '…'); ${count} were specified.`);
  }
  return node;
}

function idClauses(node: FilterNode): number {
  switch (node.kind) {
    case "and":
    case "or":
      return idClauses(node.left) + idClauses(node.right);
    case "not":
      return idClauses(node.operand);
    case "any":
      return idClauses(node.predicate);
    case "in":
      return node.values.length;
    default:
      return 1;
  }
}

function renderEntry(tenant: Tenant, entry: DeltaEntry, selection: Selection, access: Access, minimal: boolean): Record<string, unknown> {
  const user = tenant.directory.find(entry.id);
  // `changed` = soft-deleted, restorable; `deleted` = gone for good (delta-query-overview).
  if (!user || entry.kind === "hardDelete") return { id: entry.id, "@removed": { reason: "deleted" } };
  if (user.deletedDateTime || entry.kind === "softDelete") return { id: entry.id, "@removed": { reason: "changed" } };
  const shown = withChanged(selection, entry.props);
  // `Prefer: return=minimal` sends only what changed, nulls included (user-delta doc).
  if (minimal && entry.props) return projectUser(user.data, shown, access, { only: entry.props });
  // Default: the selected properties, nulls left out, except a property that changed (to null) in this round:
  // "If the property has changed, the new value is included in the response. This includes properties being
  // set to null value" (https://learn.microsoft.com/en-us/graph/api/user-delta). A created or restored user
  // (`props` null) carries only what is set.
  return projectUser(user.data, shown, access, { omitNull: true, ...(entry.props ? { keepNull: entry.props } : {}) });
}

/**
 * Without `$select` every property is tracked, and an updated instance carries "at least the properties that
 * have been updated" (https://learn.microsoft.com/en-us/graph/delta-query-overview): changed properties outside
 * the default set are sent after it.
 */
function withChanged(selection: Selection, changed: ReadonlySet<string> | null): Selection {
  if (selection.explicit || !changed) return selection;
  const extra = [...changed].filter((name) => !selection.names.includes(name));
  return extra.length ? { ...selection, names: [...selection.names, ...extra] } : selection;
}
