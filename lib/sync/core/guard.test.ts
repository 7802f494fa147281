// Without this, one emptied Entra attribute or a wrong filter would wipe the switchboard for
// every linked user before an admin could notice.
import { describe, expect, it } from "vitest";
import { evaluateGuard } from "./guard";
import { emptyFields, entraUser, link, switchboardUser, syncInput } from "./plan-fixtures";
import { planSync } from "./plan";

function planClearing(clearTitles: number, unlinked: number, untouched: number) {
  const directoryUsers = [];
  const switchboardUsers = [];
  const links = [];
  for (let i = 0; i < clearTitles + unlinked + untouched; i++) {
    const phone = `070-100 ${String(i).padStart(4, "0")}`;
    const clears = i < clearTitles;
    const present = i < clearTitles || i >= clearTitles + unlinked;
    if (present) directoryUsers.push(entraUser(`u${i}`, { displayName: `U${i}`, mobilePhone: phone, properties: { jobTitle: clears ? "" : "Staff" } }));
    switchboardUsers.push(switchboardUser(`sb${i}`, [phone], { fields: emptyFields({ displayName: `U${i}`, title: "Staff" }) }));
    links.push(link(`sb${i}`, `u${i}`));
  }
  return planSync(syncInput({ directoryUsers, switchboardUsers, links }));
}

describe("evaluateGuard", () => {
  it("holds a run that would clear fields for more than 10 % of linked users and at least 5", () => {
    const verdict = evaluateGuard(planClearing(12, 0, 68), { linkedCount: 80 });
    expect(verdict).toMatchObject({ hold: true, affected: 12, clearing: 12, unlinking: 0, linkedCount: 80 });
    expect(verdict.message).toContain("would clear fields for 12 of 80 linked users");
  });

  it("counts unlinks and clears together, each switchboard user once", () => {
    const verdict = evaluateGuard(planClearing(3, 3, 24), { linkedCount: 30 });
    expect(verdict).toMatchObject({ hold: true, affected: 6, clearing: 3, unlinking: 3 });
    expect(verdict.message).toContain("would clear fields for 3 and unlink 3 of 30 linked users");
  });

  it("lets through a small tenant's few clears (under the minimum of 5) and a large tenant's 10 % or less", () => {
    expect(evaluateGuard(planClearing(4, 0, 6), { linkedCount: 10 })).toMatchObject({
      hold: false,
      // It goes ahead: the line says what it does, not what it "would" do.
      message: "Within the safety threshold (10 %): this sync clears fields for 4 of 10 linked users.",
    });
    expect(evaluateGuard(planClearing(8, 0, 72), { linkedCount: 80 }).hold).toBe(false);
    expect(evaluateGuard(planClearing(9, 0, 71), { linkedCount: 80 }).hold).toBe(true);
  });

  it("counts limited users the run would remove, and honours a custom threshold", () => {
    const plan = planSync(
      syncInput({
        limitedUsers: { mode: "NONE" },
        directoryUsers: Array.from({ length: 5 }, (_, i) => entraUser(`l${i}`)),
        switchboardUsers: Array.from({ length: 5 }, (_, i) => switchboardUser(`lim${i}`, [], { kind: "LIMITED" })),
        links: Array.from({ length: 5 }, (_, i) => link(`lim${i}`, `l${i}`, { origin: "LIMITED", phoneNumberId: null })),
      }),
    );
    expect(evaluateGuard(plan, { linkedCount: 100 })).toMatchObject({ hold: false, unlinking: 5 });
    expect(evaluateGuard(plan, { linkedCount: 100, thresholdPercent: 4 })).toMatchObject({ hold: true });
  });

  it("counts limited users whose numbers the run would delete (Entra phones emptied) as cleared", () => {
    const plan = planSync(
      syncInput({
        limitedUsers: { mode: "ALL" },
        // Their Entra users keep their names but lost their phones: the limited users' numbers would go.
        directoryUsers: Array.from({ length: 20 }, (_, i) => entraUser(`l${i}`, { displayName: `User l${i}` })),
        switchboardUsers: Array.from({ length: 20 }, (_, i) =>
          switchboardUser(`lim${i}`, [`070-200 ${String(i).padStart(4, "0")}`], { kind: "LIMITED", fields: emptyFields({ displayName: `User l${i}` }) }),
        ),
        links: Array.from({ length: 20 }, (_, i) => link(`lim${i}`, `l${i}`, { origin: "LIMITED" })),
      }),
    );
    expect(plan.limited.numbers.filter((n) => n.removeNumberIds.length > 0)).toHaveLength(20);
    expect(evaluateGuard(plan, { linkedCount: 20 })).toMatchObject({ hold: true, clearing: 20 });
  });

  it("does not count limited users whose number is replaced (new phones): nothing is lost", () => {
    const plan = planSync(
      syncInput({
        limitedUsers: { mode: "ALL" },
        directoryUsers: Array.from({ length: 20 }, (_, i) => entraUser(`l${i}`, { displayName: `User l${i}`, mobilePhone: `070-400 ${String(i).padStart(4, "0")}` })),
        switchboardUsers: Array.from({ length: 20 }, (_, i) =>
          switchboardUser(`lim${i}`, [`070-200 ${String(i).padStart(4, "0")}`], { kind: "LIMITED", fields: emptyFields({ displayName: `User l${i}` }) }),
        ),
        links: Array.from({ length: 20 }, (_, i) => link(`lim${i}`, `l${i}`, { origin: "LIMITED" })),
      }),
    );
    expect(plan.limited.numbers.filter((n) => n.removeNumberIds.length === 1 && n.add.length === 1)).toHaveLength(20);
    expect(evaluateGuard(plan, { linkedCount: 20 })).toMatchObject({ hold: false, clearing: 0 });
  });

  it("measures a first sync against the switchboard users it links, not the limited users it creates", () => {
    // 10 switchboard users whose department Entra has emptied, and 200 Entra users with no switchboard user.
    const plan = planSync(
      syncInput({
        limitedUsers: { mode: "ALL" },
        directoryUsers: [
          ...Array.from({ length: 10 }, (_, i) => entraUser(`u${i}`, { mobilePhone: `070-300 ${String(i).padStart(4, "0")}`, properties: { department: "" } })),
          ...Array.from({ length: 200 }, (_, i) => entraUser(`new${i}`)),
        ],
        switchboardUsers: Array.from({ length: 10 }, (_, i) =>
          switchboardUser(`sb${i}`, [`070-300 ${String(i).padStart(4, "0")}`], { fields: emptyFields({ department: "Sales" }) }),
        ),
      }),
    );
    expect(plan.counts).toMatchObject({ limitedCreated: 200, clearingUsers: 10 });
    expect(evaluateGuard(plan, { linkedCount: 0 })).toMatchObject({ hold: true, clearing: 10, linkedCount: 10 });
  });

  it("says plainly when nothing destructive is planned", () => {
    expect(evaluateGuard(planClearing(0, 0, 3), { linkedCount: 3 })).toMatchObject({ hold: false, affected: 0, message: "This sync clears and unlinks nothing." });
  });
});
