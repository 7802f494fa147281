// `max` metadata on purpose: it checks each country's number ranges, so placeholders and typos
// ("+46 99 123 45 67", "+46 1 234 567") are reported as invalid instead of being matched. `min`
// only checks lengths and accepts about a quarter of random Swedish digit strings that `max`
// rejects. The price is ~6 µs a number (min: ~4 µs), which dominates a 100k-user plan; so stored
// E.164 values are passed back in (SwitchboardNumber.e164, DirectoryUser.knownE164) and reused.
import {
  isSupportedCountry,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
} from "libphonenumber-js/max";

export type NumberFailure =
  | "EMPTY"
  | "UNSUPPORTED_REGION"
  | "HAS_EXTENSION"
  | "HAS_LETTERS"
  | "NOT_A_NUMBER"
  | "INVALID_COUNTRY"
  | "TOO_SHORT"
  | "TOO_LONG"
  | "INVALID_NUMBER";

export type NormalisedNumber = { ok: true; e164: string } | { ok: false; reason: NumberFailure };

const LETTER = /\p{L}/u;
// Invisible formatting characters (bidi marks and embeddings that a number copied from a contact
// card carries, zero-width spaces, soft hyphens) and every kind of space (tab, thin, narrow
// no-break, figure): they carry no digit, so removing or unifying them reads the same number.
const FORMAT_CHARACTERS = /\p{Cf}/gu;
const SPACES = /[\s\p{Zs}]+/gu;
/** Anything but printable ASCII: most numbers have none, and skip the two replacements. */
const UNUSUAL = /[^\x20-\x7E]/;

/**
 * Reads a number as written by people (national with trunk 0, `00` or `+` international) in the
 * solution's region and returns E.164, or why it cannot be used. Never guesses: an extension, a
 * second number or a number outside the country's ranges is a failure, not a partial match.
 */
export function normaliseNumber(raw: string, region: string): NormalisedNumber {
  const text = (UNUSUAL.test(raw) ? raw.replace(FORMAT_CHARACTERS, "").replace(SPACES, " ") : raw).trim();
  if (text === "") return { ok: false, reason: "EMPTY" };
  if (!isSupportedCountry(region)) return { ok: false, reason: "UNSUPPORTED_REGION" };
  const country: CountryCode = region;
  try {
    // extract: false — the whole text must be the number, so "070-1 / 08-2" is not half-read.
    const parsed = parsePhoneNumberWithError(text, { defaultCountry: country, extract: false });
    if (parsed.ext) return { ok: false, reason: "HAS_EXTENSION" };
    if (LETTER.test(text)) return { ok: false, reason: "HAS_LETTERS" };
    if (parsed.isValid()) return { ok: true, e164: parsed.number };
    const length = validatePhoneNumberLength(text, country);
    if (length === "TOO_SHORT" || length === "TOO_LONG") return { ok: false, reason: length };
    return { ok: false, reason: "INVALID_NUMBER" };
  } catch (error) {
    const code = error instanceof Error ? error.message : "";
    if (code === "INVALID_COUNTRY" || code === "TOO_SHORT" || code === "TOO_LONG") {
      return { ok: false, reason: code };
    }
    return { ok: false, reason: LETTER.test(text) ? "HAS_LETTERS" : "NOT_A_NUMBER" };
  }
}

/** How the switchboard stores a number: as typed, plus its E.164 form when it reads as a valid number. */
export function storedNumber(raw: string, region: string): { raw: string; e164: string | null } {
  const parsed = normaliseNumber(raw, region);
  return { raw, e164: parsed.ok ? parsed.e164 : null };
}
