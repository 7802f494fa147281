import { describe, expect, it } from "vitest";
import { emptyFields, entraUser, switchboardUser, syncInput } from "./core/plan-fixtures";
import { planSync } from "./core/plan";
import { mergePlans } from "./core/merge-plans";
import { heldPlans, joinPacked, packPlan, unpackPlan } from "./held-plan";

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

  it("of a full run's slices, packed one by one and joined unopened, come back as the slices' merged plan", async () => {
    const slices = [firstSyncPlan(3), firstSyncPlan(40), firstSyncPlan(1)];
    const joined = joinPacked(await Promise.all(slices.map(packPlan)));
    const back = await unpackPlan(joined.bytes);
    expect(back).toEqual(JSON.parse(JSON.stringify(mergePlans(slices, slices[0].at))));
    expect(back.links.create).toHaveLength(44);
    expect(back.counts.linksCreated).toBe(44);
    expect(await unpackPlan(joinPacked([await packPlan(slices[1])]).bytes)).toEqual(JSON.parse(JSON.stringify(mergePlans([slices[1]], slices[1].at))));
    // Approving reads them one slice at a time, by their byte ranges.
    const oneByOne = [];
    for await (const plan of heldPlans(joined.bytes, joined.slices)) oneByOne.push(plan);
    expect(oneByOne).toEqual(JSON.parse(JSON.stringify(slices)));
  });

  it("stored whole (a delta round's or a single-user run's) are read as one plan", async () => {
    const plan = firstSyncPlan(4);
    const read = [];
    for await (const one of heldPlans(await packPlan(plan))) read.push(one);
    expect(read).toEqual([JSON.parse(JSON.stringify(plan))]);
  });

  it("held before compression (plain JSON bytes, as the migration left them) are still read", async () => {
    const plan = firstSyncPlan(3);
    expect(await unpackPlan(new TextEncoder().encode(JSON.stringify(plan)))).toEqual(JSON.parse(JSON.stringify(plan)));
  });
});
