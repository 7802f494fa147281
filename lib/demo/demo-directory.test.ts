// The demo, the portal seed and the sync tests all lean on these data promises (shared numbers,
// mixed formats that still match, a malformed number...); if one silently vanished, the demo would
// stop showing the case it exists for.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { describe, expect, it } from "vitest";
import { DEMO_COST_CENTER_EXTENSION, DEMO_REGION, demoPeople, type DemoPerson } from "./demo-directory";

const e164 = (n: string) => parsePhoneNumberFromString(n, DEMO_REGION)?.number;
const valid = (n: string) => parsePhoneNumberFromString(n, DEMO_REGION)?.isValid() ?? false;
const entraNumbers = (p: DemoPerson) => (p.entra ? [p.entra.mobilePhone, ...p.entra.businessPhones].filter((n): n is string => !!n) : []);

describe("demoPeople()", () => {
  const people = demoPeople();
  const entra = people.filter((p) => p.entra);
  const switchboard = people.filter((p) => p.switchboard);

  it("has about 60 Entra users and about 40 switchboard users, with unique ids and UPNs", () => {
    expect(entra.length).toBeGreaterThanOrEqual(55);
    expect(entra.length).toBeLessThanOrEqual(65);
    expect(switchboard.length).toBeGreaterThanOrEqual(36);
    expect(switchboard.length).toBeLessThanOrEqual(44);
    expect(new Set(entra.map((p) => p.entra!.id)).size).toBe(entra.length);
    expect(new Set(entra.map((p) => p.entra!.userPrincipalName)).size).toBe(entra.length);
    expect(demoPeople()).toEqual(people);
  });

  it("writes numbers differently on both sides, yet they match after E.164 normalisation", () => {
    for (const person of people.filter((p) => p.entra && p.switchboard)) {
      const own = new Set(entraNumbers(person).map(e164));
      for (const number of person.switchboard!.numbers) expect(own, `${person.key} ${number}`).toContain(e164(number));
    }
    const formats = switchboard.flatMap((p) => p.switchboard!.numbers);
    expect(formats).toEqual(expect.arrayContaining(["070-123 45 67", "08-123 456 78", "0046 73 345 67 89", "+46 70 234 56 78"]));
  });

  it("has numbers shared by two Entra users, and a user whose two numbers sit on two switchboard users", () => {
    const owners = new Map<string, string[]>();
    for (const p of entra) for (const n of new Set(entraNumbers(p).filter(valid).map(e164))) owners.set(n!, [...(owners.get(n!) ?? []), p.key]);
    const shared = [...owners.values()].filter((keys) => keys.length > 1);
    expect(shared.length).toBeGreaterThanOrEqual(2);
    expect(shared.every((keys) => keys.length === 2)).toBe(true);
    const per = people.find((p) => p.key === "per.magnusson")!;
    const holders = switchboard.filter((p) => p.switchboard!.numbers.some((n) => entraNumbers(per).map(e164).includes(e164(n))));
    expect(holders.map((p) => p.key).sort()).toEqual(["per.magnusson", "reception.malmo"]);
  });

  it("contains the messy cases the sync must survive", () => {
    expect(entra.filter((p) => !p.entra!.accountEnabled).length).toBeGreaterThanOrEqual(2);
    expect(entra.some((p) => /<.+>/.test(`${p.entra!.department} ${p.entra!.jobTitle}`))).toBe(true);
    expect(entra.some((p) => p.entra!.jobTitle === null && p.switchboard?.title)).toBe(true);
    expect(entra.flatMap(entraNumbers).filter((n) => !valid(n))).toEqual(["070-12"]);
    expect(entra.filter((p) => p.entra!.mobilePhone && p.entra!.businessPhones.length).length).toBeGreaterThan(3);
    expect(entra.some((p) => p.entra!.onPremisesExtensionAttributes.extensionAttribute1 === "Invoicing;Swedish;English")).toBe(true);
    expect(entra.every((p) => typeof p.entra![DEMO_COST_CENTER_EXTENSION] === "string")).toBe(true);
    const stale = people.filter((p) => p.entra && p.switchboard && (p.switchboard.title !== (p.entra.jobTitle?.replace(/<[^>]*>/g, "").trim() || null) || p.switchboard.lastName !== p.entra.surname));
    expect(stale.length).toBeGreaterThanOrEqual(4);
  });

  it("has two switchboard users that match nobody in Entra", () => {
    const all = new Set(entra.flatMap(entraNumbers).map(e164));
    const unmatched = switchboard.filter((p) => !p.switchboard!.numbers.some((n) => all.has(e164(n))));
    expect(unmatched.map((p) => p.key)).toEqual(["gunnar.ek", "birgitta.falk"]);
  });

  it("uses Swedish, Norwegian, Danish and Finnish names and offices", () => {
    const countries = new Set(entra.map((p) => p.entra!.country));
    expect([...countries].sort()).toEqual(["Denmark", "Finland", "Norway", "Sweden"]);
  });
});
