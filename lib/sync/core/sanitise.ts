const INNERMOST_ANGLE = /<[^<>]*>/g;
/** NUL or any UTF-16 surrogate: the only characters `storableText` may have to change. */
const SUSPECT_CHARACTER = /[\u0000\uD800-\uDFFF]/;
const NUL = /\u0000/g;
const WHITESPACE = /\s+/g;
const UNTIDY_WHITESPACE = /\s\s|[^\S ]/;
const TAG_SEPARATORS = /[;,]/;

/**
 * Text PostgreSQL can store: U+0000 dropped, unpaired surrogates replaced by U+FFFD (`toWellFormed`).
 * A `text` column refuses NUL (22021), and a value travelling as JSON into `jsonb` fails on `\u0000`
 * (22P05) or a lone surrogate (22P02): one such character in one Entra user would fail every run.
 * Most values have neither, and they are returned as they are (no copy): one regex test each.
 */
export function storableText(value: string): string {
  if (!SUSPECT_CHARACTER.test(value)) return value;
  // Surrogates are also how emoji are written: a well-formed pair stays as it is.
  const cleaned = value.replace(NUL, "");
  return cleaned.isWellFormed() ? cleaned : cleaned.toWellFormed();
}

/**
 * Rule 4: removes everything between `<` and `>` (inclusive), then collapses whitespace and trims.
 * Innermost pairs go first and repeat, so `<<a>>` disappears while a lone `<` ("a < b") stays.
 */
export function stripAngleBrackets(value: string): string {
  // Values normally arrive cleaned (toDirectoryUser); anything else that reaches a field is cleaned here.
  let current = storableText(value);
  while (current.includes("<")) {
    const next = current.replace(INNERMOST_ANGLE, "");
    if (next === current) break;
    current = next;
  }
  return (UNTIDY_WHITESPACE.test(current) ? current.replace(WHITESPACE, " ") : current).trim();
}

/** A Graph value as text for a single-valued field; empty after sanitising = null (rule 3 clears). */
export function toFieldText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    const parts = value.map(toFieldText).filter((part): part is string => part !== null);
    // Joined, two values may form a <…> span of their own (rule 4 holds for the value written).
    const joined = parts.length > 0 ? stripAngleBrackets(parts.join(", ")) : "";
    return joined === "" ? null : joined;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    const text = stripAngleBrackets(String(value));
    return text === "" ? null : text;
  }
  // Objects only reach here from a mapping that names a complex property; validation refuses those.
  return null;
}

/**
 * Rule 3 for tags: each value is split on `;` and `,` (arrays element-wise), sanitised, emptied
 * entries dropped, and de-duplicated case-insensitively keeping the first spelling, in order.
 */
export function toTags(values: readonly unknown[]): string[] {
  const tags: string[] = [];
  const seen = new Set<string>();
  const add = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(add);
      return;
    }
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return;
    for (const piece of stripAngleBrackets(String(value)).split(TAG_SEPARATORS)) {
      const tag = piece.trim();
      const folded = tag.toLowerCase();
      if (tag === "" || seen.has(folded)) continue;
      seen.add(folded);
      tags.push(tag);
    }
  };
  values.forEach(add);
  return tags;
}
