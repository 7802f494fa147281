import type { IncomingMessage } from "node:http";
import { badRequest } from "./graph-error";
import { header } from "../http-util";

const KNOWN = ["select", "filter", "top", "count", "search", "orderby", "skiptoken", "deltatoken", "expand", "skip", "format"];

export interface QueryOptions {
  /** Option name (lower case, with `$`) → decoded value. */
  values: Map<string, string>;
  /** The options in request order, as `[name, value]`, for repeating them in nextLinks. */
  pairs: [string, string][];
  /** `ConsistencyLevel: eventual` was sent. */
  eventual: boolean;
}

/**
 * Reads OData system query options. URLSearchParams decodes `+` as a space, exactly as Graph does:
 * an unencoded `startsWith(mobilePhone,'+46')` really searches for `' 46'` there too.
 * In v1.0 the `$` prefix is optional and names are case-insensitive.
 */
export function readQueryOptions(req: IncomingMessage, search: URLSearchParams): QueryOptions {
  const values = new Map<string, string>();
  const pairs: [string, string][] = [];
  for (const [rawKey, value] of search) {
    const lower = rawKey.toLowerCase();
    const bare = lower.startsWith("$") ? lower.slice(1) : lower;
    if (!KNOWN.includes(bare)) {
      if (lower.startsWith("$")) throw badRequest(`The query parameter '${rawKey}' is not supported.`);
      pairs.push([rawKey, value]);
      continue;
    }
    const key = `$${bare}`;
    if (values.has(key)) throw badRequest(`Query option '${key}' was specified more than once, but it must be specified at most once.`);
    values.set(key, value);
    pairs.push([key, value]);
  }
  const eventual = header(req, "consistencylevel")?.trim().toLowerCase() === "eventual";
  return { values, pairs, eventual };
}

/** `$count=true|false`; anything else is an OData syntax error. */
export function readCountFlag(options: QueryOptions): boolean {
  const raw = options.values.get("$count");
  if (raw === undefined) return false;
  const lower = raw.trim().toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  throw badRequest(`Invalid value '${raw}' for $count query option found. Valid values are 'true', 'false'.`);
}

/** Values encoded for a nextLink while keeping `$`, `,` and `'` readable, as Graph's own links do. */
export function encodeQuery(pairs: [string, string][]): string {
  const encode = (text: string) =>
    encodeURIComponent(text).replace(/%24/g, "$").replace(/%2C/g, ",").replace(/%3A/g, ":").replace(/%2F/g, "/");
  return pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&");
}
