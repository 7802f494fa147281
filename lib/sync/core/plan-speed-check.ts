// Hand-run sanity check, not a test (timings on shared CI machines are noise):
//   npx tsx lib/sync/core/plan-speed-check.ts [users]
// Plans a first full sync (nothing linked, no stored E.164 anywhere) and a re-sync (everything
// linked, E.164 stored on both sides) of N × N users and prints the CPU time of each.
import { planSync } from "./plan";
import { emptyFields, entraUser, syncInput } from "./plan-fixtures";
import type { ExistingLink, SwitchboardUser, SyncInput } from "./types";

const size = Number(process.argv[2] ?? 100_000);

function mobile(i: number): { raw: string; e164: string } {
  const digits = String(1_000_000 + i).slice(1).padStart(7, "0");
  return { raw: `070-${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5)}`, e164: `+4670${digits}` };
}

type Known = Map<string, Record<string, string>>;

function build(firstRun: boolean, known: Known): SyncInput {
  const directoryUsers = [];
  const switchboardUsers: SwitchboardUser[] = [];
  const links: ExistingLink[] = [];
  for (let i = 0; i < size; i++) {
    const number = mobile(i);
    const business = i % 2 === 0 ? [`+46 8 ${String(10_000_000 + i).slice(1, 4)} ${String(i % 1000).padStart(3, "0")} 00`] : [];
    directoryUsers.push(
      entraUser(`o${i}`, {
        displayName: `User ${i}`,
        mobilePhone: `+46 ${number.e164.slice(3, 5)} ${number.e164.slice(5)}`,
        businessPhones: business,
        properties: { givenName: "User", surname: `${i}`, jobTitle: i % 10 === 0 ? "Changed" : "Staff", department: "Ops" },
        knownE164: known.get(`o${i}`),
      }),
    );
    switchboardUsers.push({
      id: `s${i}`,
      kind: "FULL",
      fields: emptyFields({ displayName: `User ${i}`, firstName: "User", lastName: `${i}`, title: "Staff", department: "Ops" }),
      tags: [],
      numbers: [{ id: `n${i}`, raw: number.raw, e164: firstRun ? null : number.e164 }],
    });
    if (!firstRun) links.push({ switchboardUserId: `s${i}`, objectId: `o${i}`, phoneNumberId: `n${i}`, origin: "AUTO", syncEnabled: true });
  }
  return syncInput({ directoryUsers, switchboardUsers, links, limitedUsers: { mode: "ALL" } });
}

const known: Known = new Map();
for (const firstRun of [true, false]) {
  const input = build(firstRun, known);
  const before = process.cpuUsage();
  const started = performance.now();
  const plan = planSync(input);
  const cpu = process.cpuUsage(before);
  const label = firstRun ? "first full sync" : "re-sync";
  console.log(
    `${label.padEnd(16)} ${size} × ${size}: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU, ` +
      `${(performance.now() - started).toFixed(0)} ms wall; ` +
      `created ${plan.counts.linksCreated}, updated ${plan.counts.updatedUsers}, conflicts ${plan.conflicts.length}, ` +
      `invalid ${plan.counts.invalidNumbers}, limited ${plan.counts.limitedCreated}`,
  );
  for (const { objectId, numbers } of plan.directoryNumbers) {
    known.set(objectId, Object.fromEntries(numbers.map((n) => [n.raw, n.e164])));
  }
}
