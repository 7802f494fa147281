import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

/** "+46701234567" → "+46 70 123 45 67"; anything unparseable is returned as given. */
export function formatInternational(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/** How a search box's text is looked for in stored E.164 numbers. */
export type NumberSearch = { startsWith: string } | { contains: string };

/**
 * Someone typing part of a number into a search box: "070-123" in Sweden means a number starting
 * "+4670123", "0046 70" and "+46 70" one starting "+4670". A leading 0, 00 or + says where the number
 * begins, so only the start of the stored number may match (else "070" finds +46 8 446 700 00, whose
 * digits hold "4670"); bare digits ("4567") may be any part of it, as when only the end is remembered.
 */
export function numberSearch(query: string, region: string): NumberSearch | null {
  const trimmed = query.trim();
  const digits = trimmed.replace(/\D/g, "");
  if (digits.length < 3 || /[a-z]/i.test(trimmed)) return null;
  if (trimmed.startsWith("+")) return { startsWith: `+${digits}` };
  if (digits.startsWith("00")) return { startsWith: `+${digits.slice(2)}` };
  if (digits.startsWith("0")) {
    try {
      return { startsWith: `+${getCountryCallingCode(region as CountryCode)}${digits.slice(1)}` };
    } catch {
      return { contains: digits };
    }
  }
  return { contains: digits };
}
