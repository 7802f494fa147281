import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

/** "+46701234567" → "+46 70 123 45 67"; anything unparseable is returned as given. */
export function formatInternational(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/**
 * Digits to look for in stored E.164 numbers when someone types part of a number into a search box:
 * "070-123" in Sweden means "+4670123", "0046 70" and "+46 70" mean "+4670".
 */
export function searchDigits(query: string, region: string): string | null {
  const trimmed = query.trim();
  const digits = trimmed.replace(/\D/g, "");
  if (digits.length < 3 || /[a-z]/i.test(trimmed)) return null;
  if (trimmed.startsWith("+")) return digits;
  if (digits.startsWith("00")) return digits.slice(2);
  if (digits.startsWith("0")) {
    try {
      return getCountryCallingCode(region as CountryCode) + digits.slice(1);
    } catch {
      return digits;
    }
  }
  return digits;
}
