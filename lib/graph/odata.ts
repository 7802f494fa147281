import { GraphConfigError } from "./typed-errors";

/**
 * An OData string literal for `$filter`: wrapped in single quotes, each `'` doubled
 * (OData ABNF `SQUOTE-in-string`). `odataString("O'Brien")` → `'O''Brien'`. Without it a name with
 * an apostrophe breaks the query, or rewrites it.
 */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Graph property names (`givenName`, `extension_<appid>_tier`); no paths, spaces or punctuation. */
const PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Validates and de-duplicates a `$select` list, keeping the first spelling of each name. */
export function selectList(properties: readonly string[], required: readonly string[] = ["id"]): string[] {
  const out: string[] = [];
  for (const property of [...required, ...properties]) {
    if (!PROPERTY_NAME.test(property)) throw new GraphConfigError(`'${property}' is not a Graph property name usable in $select.`);
    if (!out.includes(property)) out.push(property);
  }
  return out;
}

/**
 * Percent-encodes a query option value. The Graph SDK puts `.filter()`/`.search()` values in the URL
 * as given (reference §8: only fetch's encoding of spaces happens), so `&`, `#` or `+` inside a
 * literal would otherwise cut or change the query.
 */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value);
}

/** `a and (b)`, keeping the caller's clause intact whatever operators it uses. */
export function andFilter(...clauses: (string | undefined)[]): string | undefined {
  const parts = clauses.map((c) => c?.trim()).filter((c): c is string => !!c);
  if (parts.length <= 1) return parts[0];
  return parts.map((c) => `(${c})`).join(" and ");
}
