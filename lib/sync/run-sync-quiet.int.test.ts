import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_TENANT, demoPeople } from "@/lib/demo/demo-directory";
import { normaliseNumber } from "@/lib/sync/core/normalise-number";
import { splitStamp, switchboardFingerprint } from "@/lib/sync/fingerprint";
import { createDemoSolution, createGeneratedSolution, createIntegration, startSyncWorld, type SyncWorld, useSyncWorld } from "@/lib/testing/sync-fixture";
import { links, runRow, switchboardUsers, sync } from "@/lib/testing/sync-state";

// A full sync that plans only the Entra users whose data changed (the switchboard fingerprint is
// unchanged) must reach exactly what a whole plan would; without these tests a switchboard edit or an
// Entra deletion could be skipped silently by the fast path.

const world = useSyncWorld();

async function setup() {
  const solution = await createDemoSolution();
  const integration = await createIntegration(world, solution.id);
  const first = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
  expect(first.status).toBe("SUCCEEDED");
  return { solution, integration };
}

describe("quiet full sync", () => {
  it("plans only changed Entra users but records the integration's totals", async () => {
    const { integration } = await setup();
    const linkedBefore = (await links(integration.id)).size;
    const person = demoPeople().find((p) => p.entra?.accountEnabled && p.switchboard && p.entra.mobilePhone)!;
    await world.emulator.control.updateUser(DEMO_TENANT.id, person.entra!.id, { jobTitle: "Quiet path title" });

    const run = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.writes?.switchboardUsers).toBe(1);
    const row = await runRow(run.runId);
    expect(row.matched).toBe(linkedBefore);
    expect(row.updated).toBe(1);
    expect(row.unchanged).toBe(linkedBefore - 1);
    expect((row.details as { phasesMs: Record<string, number> }).phasesMs).toHaveProperty("scope");
    const link = [...(await links(integration.id)).values()].find((l) => l.objectId === person.entra!.id)!;
    expect((await switchboardUsers((await db.integration.findUniqueOrThrow({ where: { id: integration.id } })).solutionId)).get(link.switchboardUserId)?.title).toBe("Quiet path title");
  });

  it("folds a delta round's own writes into the stored fingerprint, so the next full sync stays quiet", async () => {
    const { solution, integration } = await setup();
    const person = demoPeople().find((p) => p.entra?.accountEnabled && p.switchboard && p.entra.mobilePhone && p.key !== demoPeople()[0].key)!;
    await world.emulator.control.updateUser(DEMO_TENANT.id, person.entra!.id, { department: "Folded department" });
    const delta = await sync(world, { integrationId: integration.id, trigger: "SCHEDULE", mode: "AUTO" });
    expect(delta.mode).toBe("DELTA");
    expect(delta.writes?.switchboardUsers).toBe(1);
    const stored = (await db.integration.findUniqueOrThrow({ where: { id: integration.id } })).switchboardFingerprint!;
    expect(splitStamp(stored).fingerprint).toBe(await switchboardFingerprint(solution.id));

    const full = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
    expect(full.phases).toHaveProperty("scope"); // planned only the changed users
    expect(full.writes?.switchboardUsers).toBe(0);
  });

  it("relinks a user a delta round saw disabled and who was enabled again, on a quiet full sync", async () => {
    const { integration } = await setup();
    const before = await links(integration.id);
    const link = [...before.values()].at(-1)!;
    await world.emulator.control.updateUser(DEMO_TENANT.id, link.objectId, { accountEnabled: false });
    const delta = await sync(world, { integrationId: integration.id, trigger: "SCHEDULE", mode: "AUTO" });
    expect(delta.mode).toBe("DELTA");
    expect((await links(integration.id)).has(link.switchboardUserId)).toBe(false);

    // Enabled again, and the next run is a full one (not the delta round that would report it).
    await world.emulator.control.updateUser(DEMO_TENANT.id, link.objectId, { accountEnabled: true });
    const full = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
    expect(full.status).toBe("SUCCEEDED");
    expect(full.phases).toHaveProperty("scope"); // still the quiet path
    expect((await links(integration.id)).get(link.switchboardUserId)?.objectId).toBe(link.objectId);
  });

  it("unlinks a user deleted from Entra, as a whole plan would", async () => {
    const { integration } = await setup();
    const before = await links(integration.id);
    const gone = [...before.values()][0];
    await world.emulator.control.deleteUser(DEMO_TENANT.id, gone.objectId, "hard");

    const run = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.mode).toBe("FULL");
    expect(run.phases).toHaveProperty("scope"); // the quiet path handled the deletion, not a whole plan
    const after = await links(integration.id);
    expect(after.has(gone.switchboardUserId)).toBe(false);
    expect(after.size).toBe(before.size - 1);
  });

  it("notices a number added on the switchboard side and links its Entra user on the next full sync", async () => {
    const { solution, integration } = await setup();
    // An Entra-only person (a limited-user candidate) gets a switchboard entry with their mobile.
    const e164 = (raw: string) => {
      const parsed = normaliseNumber(raw, "SE");
      return parsed.ok ? parsed.e164 : null;
    };
    const onSwitchboard = new Set(demoPeople().flatMap((p) => p.switchboard?.numbers.map(e164) ?? []));
    const entraNumbers = demoPeople().flatMap((p) => (p.entra ? [p.entra.mobilePhone, ...p.entra.businessPhones].map((n) => n && e164(n)) : []));
    const entraOnly = demoPeople().find((p) => {
      const mobile = p.entra?.accountEnabled && p.entra.mobilePhone ? e164(p.entra.mobilePhone) : null;
      // Held by nobody on the switchboard and by no other Entra user.
      return !p.switchboard && mobile && !onSwitchboard.has(mobile) && entraNumbers.filter((n) => n === mobile).length === 1;
    })!;
    const mobile = entraOnly.entra!.mobilePhone!;
    const parsed = normaliseNumber(mobile, "SE");
    const taken = await db.phoneNumber.count({ where: { solutionId: solution.id, e164: parsed.ok ? parsed.e164 : "" } });
    expect(taken).toBe(0);
    const user = await db.switchboardUser.create({
      data: { solutionId: solution.id, displayName: "New colleague", numbers: { create: { solutionId: solution.id, raw: mobile, e164: parsed.ok ? parsed.e164 : null } } },
    });

    const run = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
    expect(run.status).toBe("SUCCEEDED");
    const link = (await links(integration.id)).get(user.id);
    expect(link?.objectId).toBe(entraOnly.entra!.id);
    expect((await db.switchboardUser.findUniqueOrThrow({ where: { id: user.id } })).displayName).toBe(entraOnly.entra!.displayName);
  });
});

describe("full sync with more Entra changes than the quiet path takes", () => {
  const USERS = 2_200; // 5 % of 2,200 = 110: the quiet path takes at most max(100, 110) changed users
  const SEED = 11;
  let big: SyncWorld;
  beforeAll(async () => {
    big = await startSyncWorld({ seed: ["demo", { users: USERS, seed: SEED }] });
  });
  afterAll(async () => big?.close());

  it("plans the whole directory, the unchanged users taken from the snapshot, and lands exactly the changes", async () => {
    const tenantId = big.emulator.tenants.find((t) => t.userCount === USERS)!.id;
    const solution = await createGeneratedSolution(USERS, SEED);
    const integration = await createIntegration(big, solution.id, { tenantId });
    expect(await sync(big, { integrationId: integration.id, trigger: "SETUP", mode: "FULL" })).toMatchObject({ status: "SUCCEEDED" });
    const quiet = await sync(big, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
    expect(quiet.phases).toHaveProperty("scope"); // nothing changed: the quiet path

    const linksBefore = await links(integration.id);
    const usersBefore = await switchboardUsers(solution.id);
    const edited = [...linksBefore.values()].slice(0, 150);
    for (const [i, link] of edited.entries()) await big.emulator.control.updateUser(tenantId, link.objectId, { jobTitle: `Rebuilt title ${i}` });

    const run = await sync(big, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
    expect(run).toMatchObject({ status: "SUCCEEDED", complete: true });
    expect(run.phases).not.toHaveProperty("scope"); // a whole plan
    expect(run.writes?.switchboardUsers).toBe(edited.length);
    // Had the unchanged users been missing from the whole plan, it would have unlinked them (or held).
    expect(await links(integration.id)).toEqual(linksBefore);
    const usersAfter = await switchboardUsers(solution.id);
    const editedIds = new Map(edited.map((l, i) => [l.switchboardUserId, `Rebuilt title ${i}`]));
    for (const [id, row] of usersAfter) {
      if (editedIds.has(id)) expect(row.title).toBe(editedIds.get(id));
      else expect(row).toEqual(usersBefore.get(id));
    }
  });
});
