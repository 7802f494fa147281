import { describe, expect, it } from "vitest";
import { emptyFields, entraUser, switchboardUser, syncInput } from "./core/plan-fixtures";
import { planSync } from "./core/plan";
import { packPlan, unpackPlan } from "./held-plan";

// A held first sync of a large tenant keeps every user's change set until an admin decides: stored
// as one plain JSON value it outgrew what PostgreSQL keeps in one jsonb (255 MB) near 250k users.

function firstSyncPlan(users: number) {
  const departments = ["Sales", "Support", "Finance", "Operations", "Logistics"];
  return planSync(
    syncInput({
      directoryUsers: Array.from({ length: users }, (_, i) =>
        entraUser(`user-${i}`, { mobilePhone: `070${2_000_000 + i}`, displayName: `User ${i}`, properties: { department: departments[i % 5], jobTitle: "Agent" } }),
      ),
      switchboardUsers: Array.from({ length: users }, (_, i) => switchboardUser(`sb-${i}`, [`+4670${2_000_000 + i}`], { fields: emptyFields({ department: "Old" }) })),
      links: [],
    }),
  );
}

describe("held plans", () => {
  it("come back exactly as they were held", async () => {
    const plan = firstSyncPlan(50);
    expect(plan.links.create).toHaveLength(50);
    expect(await unpackPlan(await packPlan(plan))).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  it("are stored compressed: a tenth or less of their JSON", async () => {
    const plan = firstSyncPlan(5_000);
    expect(plan.changes).toHaveLength(5_000);
    const json = Buffer.byteLength(JSON.stringify(plan));
    expect((await packPlan(plan)).byteLength).toBeLessThan(json / 10);
  });

  it("held before compression (plain JSON bytes, as the migration left them) are still read", async () => {
    const plan = firstSyncPlan(3);
    expect(await unpackPlan(new TextEncoder().encode(JSON.stringify(plan)))).toEqual(JSON.parse(JSON.stringify(plan)));
  });
});
