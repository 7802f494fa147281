import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { DEMO_REGION, demoPeople, type DemoEntraUser, type DemoPerson } from "@/lib/demo/demo-directory";
import { seedUserId } from "@/lib/seed/seed-users";
import type { FieldMapping, ScalarField } from "@/lib/sync/core/types";

// What the demo tenant should do to the demo switchboard, worked out from lib/demo/demo-directory.ts
// independently of the sync core (libphonenumber-js directly, a plain reading of rules 1–6), so
// the integration tests compare the engine with the product rules rather than with itself.

export function e164(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const parsed = parsePhoneNumberFromString(raw, DEMO_REGION);
  return parsed?.isValid() ? parsed.number : null;
}

/** The switchboard user id createDemoSolution() gives each person with a switchboard entry. */
export function demoSwitchboardIds(solutionId: string): Map<string, string> {
  const ids = new Map<string, string>();
  demoPeople()
    .filter((p) => p.switchboard)
    .forEach((p, index) => ids.set(p.key, seedUserId(solutionId, index)));
  return ids;
}

/** Rule 1 numbers of an Entra user in rule-6 order: mobilePhone first, then businessPhones. */
function entraNumbers(user: DemoEntraUser): string[] {
  return [user.mobilePhone, ...user.businessPhones].map(e164).filter((n): n is string => n !== null);
}

export interface DemoExpectations {
  people: DemoPerson[];
  /** person key of the switchboard entry → person key of the Entra user expected to feed it. */
  links: Map<string, string>;
  /** Numbers on the switchboard that several enabled Entra users hold (rule 5), with their holders. */
  shared: Map<string, { holders: string[]; switchboardKeys: string[] }>;
  disabled: DemoPerson[];
}

/**
 * Rules 1, 2, 5, 6: enabled users only; a number several of them hold links nobody; each Entra user
 * links through its first exclusive number that some switchboard entry holds.
 */
export function demoExpectations(): DemoExpectations {
  const people = demoPeople();
  const enabled = people.filter((p) => p.entra?.accountEnabled);
  const holders = new Map<string, string[]>();
  for (const p of enabled) for (const n of new Set(entraNumbers(p.entra!))) holders.set(n, [...(holders.get(n) ?? []), p.key]);
  const onSwitchboard = new Map<string, string[]>();
  for (const p of people) for (const raw of p.switchboard?.numbers ?? []) {
    const n = e164(raw);
    if (n) onSwitchboard.set(n, [...(onSwitchboard.get(n) ?? []), p.key]);
  }

  const links = new Map<string, string>();
  for (const p of enabled) {
    const exclusive = entraNumbers(p.entra!).find((n) => holders.get(n)!.length === 1 && onSwitchboard.get(n)?.length === 1);
    if (!exclusive) continue;
    const switchboardKey = onSwitchboard.get(exclusive)![0];
    if (links.has(switchboardKey)) throw new Error(`demo data: ${switchboardKey} is claimed twice; extend this oracle`);
    links.set(switchboardKey, p.key);
  }
  const shared = new Map<string, { holders: string[]; switchboardKeys: string[] }>();
  for (const [n, keys] of holders) if (keys.length > 1 && onSwitchboard.has(n)) shared.set(n, { holders: keys, switchboardKeys: onSwitchboard.get(n)! });
  return { people, links, shared, disabled: people.filter((p) => p.entra && !p.entra.accountEnabled) };
}

/** Rule 4 as the product states it: drop `<…>`, tidy whitespace; empty means null. */
export function stripped(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  let text = String(value);
  for (let next = text.replace(/<[^<>]*>/g, ""); next !== text; next = text.replace(/<[^<>]*>/g, "")) text = next;
  text = text.replace(/\s+/g, " ").trim();
  return text === "" ? null : text;
}

function read(user: Record<string, unknown>, path: string): unknown {
  return path.split("/").reduce<unknown>((value, key) => (value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined), user);
}

export type ExpectedValues = Partial<Record<ScalarField, string | null>> & { tags?: string[] };

/** Rule 3: what the mapping says a linked switchboard user holds for this Entra user. */
export function expectedValues(entra: object, mappings: readonly FieldMapping[]): ExpectedValues {
  const out: ExpectedValues = {};
  const tags: string[] = [];
  for (const { property, target } of mappings) {
    const value = read(entra as Record<string, unknown>, property);
    if (target !== "tags") {
      out[target] = stripped(value);
      continue;
    }
    for (const piece of String(stripped(value) ?? "").split(/[;,]/)) {
      const tag = piece.trim();
      if (tag && !tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
    }
    out.tags = tags;
  }
  return out;
}
