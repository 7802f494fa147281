import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { storedNumber } from "@/lib/sync/core/normalise-number";
import { uniqueId } from "@/lib/testing/fixtures";
import { createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { sync } from "@/lib/testing/sync-state";
import { setUserSync } from "./user-sync";
import { rejectHeldRun } from "./held-runs";
import { chooseNumberOwner, chooseUserNumber, clearChoice } from "./match-choices";
import { random } from "@/lib/testing/random";

// The promise of delta rounds, quiet full syncs, sliced full syncs and "sync now": each reaches the
// result a whole plan of the whole directory would (lib/sync/core/README.md). Random Entra edits
// (numbers, titles, disable/enable, delete/restore, new users), switchboard edits (numbers added,
// second spellings, removed), sync off/on and admin choices, then a scheduled run; after each, a
// whole plan in one slice (fingerprint dropped) must find nothing to change. Delta rounds right after
// a switchboard edit are not compared: a switchboard edit waits for the next full sync by design.
// This comparison found a limited user left behind when its phoneless Entra user went away.
// FUZZ_SEEDS=1,2,… and FUZZ_STEPS=n run more of it.

const world = useSyncWorld();

const POOL = Array.from({ length: 9 }, (_, i) => `070-100 00 0${i}`);
const intl = (raw: string) => `+46 ${raw.slice(1)}`;

async function state(solutionId: string, integrationId: string) {
  const users = await db.switchboardUser.findMany({
    where: { solutionId },
    select: { id: true, kind: true, displayName: true, title: true, department: true, numbers: { select: { e164: true, raw: true }, orderBy: { raw: "asc" } }, links: { select: { objectId: true } } },
    orderBy: { id: "asc" },
  });
  const full = users.filter((u) => u.kind === "FULL").map(({ links: _l, ...u }) => u);
  const limited = users
    .filter((u) => u.kind === "LIMITED")
    .map(({ id: _id, links: l, ...u }) => ({ ...u, objectId: l[0]?.objectId }))
    .sort((a, b) => String(a.objectId).localeCompare(String(b.objectId)));
  const linkRows = await db.link.findMany({
    where: { integrationId },
    select: { switchboardUserId: true, objectId: true, origin: true, syncEnabled: true, switchboardUser: { select: { kind: true } } },
  });
  const links = linkRows
    .map((l) => ({ sid: l.switchboardUser.kind === "FULL" ? l.switchboardUserId : "limited", oid: l.objectId, origin: l.origin, on: l.syncEnabled }))
    .sort((a, b) => (a.oid + a.sid).localeCompare(b.oid + b.sid));
  return { full, limited, links };
}

async function fuzz(seed: number, limitedMode: "NONE" | "ALL", steps: number) {
  const r = random(seed);
  const domain = `${uniqueId("t")}.onmicrosoft.com`;
  const tenant = (await world.emulator.control.createTenant({ users: 0, domain })).id;
  const ids: string[] = [];
  const alive = new Map<string, "on" | "off" | "deleted">();
  const newUser = async (i: number) => {
    const u = await world.emulator.control.createUser(tenant, {
      displayName: `E${i}`,
      jobTitle: `T${r.int(3)}`,
      department: r.next() < 0.3 ? null : `D${r.int(2)}`,
      mailNickname: `e${i}`,
      mobilePhone: r.next() < 0.7 ? r.pick(POOL) : null,
      businessPhones: r.next() < 0.4 ? [intl(r.pick(POOL))] : r.next() < 0.3 ? [r.pick(POOL), intl(r.pick(POOL))] : [],
    });
    ids.push(u.id);
    alive.set(u.id, "on");
  };
  for (let i = 0; i < 10; i++) await newUser(i);
  const solutionId = (await db.solution.create({ data: { id: uniqueId("fz"), name: "Fuzz AB", region: "SE" } })).id;
  const sbIds: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < 7; i++) {
    const numbers = [r.pick(POOL)].filter((n) => !used.has(n));
    numbers.forEach((n) => used.add(n));
    const user = await db.switchboardUser.create({
      data: { solutionId, displayName: `SB${i}`, title: "old", numbers: { create: numbers.map((n) => ({ solutionId, ...storedNumber(n, "SE") })) } },
    });
    sbIds.push(user.id);
  }
  const integration = await createIntegration(world, solutionId, { tenantId: domain });
  const integrationId = integration.id;
  if (limitedMode !== "NONE") await db.integration.update({ where: { id: integrationId }, data: { limitedUsersMode: limitedMode } });
  const first = await sync(world, { integrationId, trigger: "SETUP", mode: "FULL" });
  expect(first.status).toBe("SUCCEEDED");
  const log: string[] = [];
  let sbDirty = false;
  for (let step = 0; step < steps; step++) {
    const kinds = r.int(2) + 1;
    for (let k = 0; k < kinds; k++) {
      const what = r.next();
      const id = r.pick(ids);
      const status = alive.get(id)!;
      if (what < 0.35 && status !== "deleted") {
        const patch = r.next() < 0.5 ? { mobilePhone: r.next() < 0.8 ? r.pick(POOL) : null } : r.next() < 0.5 ? { businessPhones: r.next() < 0.4 ? [intl(r.pick(POOL))] : r.next() < 0.5 ? [r.pick(POOL), r.pick(POOL)] : [] } : { jobTitle: r.next() < 0.3 ? null : `T${r.int(5)}` };
        log.push(`update ${ids.indexOf(id)} ${JSON.stringify(patch)}`);
        await world.emulator.control.updateUser(tenant, id, patch);
      } else if (what < 0.45 && status === "on") {
        log.push(`disable ${ids.indexOf(id)}`);
        await world.emulator.control.disableUser(tenant, id);
        alive.set(id, "off");
      } else if (what < 0.5 && status === "off") {
        log.push(`enable ${ids.indexOf(id)}`);
        await world.emulator.control.enableUser(tenant, id);
        alive.set(id, "on");
      } else if (what < 0.55 && status !== "deleted") {
        log.push(`delete ${ids.indexOf(id)}`);
        await world.emulator.control.deleteUser(tenant, id, "soft");
        alive.set(id, "deleted");
      } else if (what < 0.6 && status === "deleted") {
        log.push(`restore ${ids.indexOf(id)}`);
        await world.emulator.control.restoreUser(tenant, id);
        alive.set(id, "on");
      } else if (what < 0.65) {
        log.push(`create ${ids.length}`);
        await newUser(ids.length);
      } else if (what < 0.72) {
        // switchboard: add a number (a second spelling is stored without e164)
        const sid = r.pick(sbIds);
        const raw = r.pick(POOL);
        const stored = storedNumber(raw, "SE");
        const taken = await db.phoneNumber.findFirst({ where: { solutionId, e164: stored.e164 } });
        sbDirty = true;
        log.push(`sb add ${sbIds.indexOf(sid)} ${raw}${taken ? " (dup)" : ""}`);
        await db.phoneNumber.create({ data: { solutionId, userId: sid, raw: taken ? raw.replace(/ /g, "") : raw, e164: taken ? null : stored.e164 } });
      } else if (what < 0.78) {
        const numbers = await db.phoneNumber.findMany({ where: { solutionId, user: { kind: "FULL" } } });
        if (numbers.length) {
          const n = r.pick(numbers);
          sbDirty = true;
          log.push(`sb remove ${sbIds.indexOf(n.userId)} ${n.raw}`);
          await db.phoneNumber.delete({ where: { id: n.id } });
        }
      } else if (what < 0.82) {
        const enabled = what < 0.8; // turn a link's sync back on, or off
        const l = await db.link.findMany({ where: { integrationId, syncEnabled: !enabled } });
        if (l.length) {
          const pick = r.pick(l);
          log.push(`sync ${enabled ? "on" : "off"} ${pick.switchboardUserId} ${ids.indexOf(pick.objectId)}`);
          await setUserSync({ solutionId, integrationId, switchboardUserId: pick.switchboardUserId, enabled, accountId: null });
        }
      } else if (what < 0.88) {
        const snap = await db.directoryUser.findMany({ where: { integrationId, NOT: { e164Numbers: { isEmpty: true } } } });
        if (snap.length) {
          const u = r.pick(snap);
          const e164 = r.pick(u.e164Numbers);
          const kind = r.next() < 0.5 ? "owner" : "number";
          log.push(`choose ${kind} ${ids.indexOf(u.objectId)} ${e164}`);
          const scope = { solutionId, integrationId, accountId: null, objectId: u.objectId, e164 };
          if (kind === "owner") await chooseNumberOwner(scope);
          else await chooseUserNumber(scope);
        }
      } else if (what < 0.91) {
        const c = await db.matchChoice.findMany({ where: { integrationId } });
        if (c.length) {
          const pick = r.pick(c);
          log.push(`clear choice ${pick.kind} ${pick.key}`);
          await clearChoice({ solutionId, integrationId, accountId: null, kind: pick.kind, key: pick.key });
        }
      } else if (what < 0.95) {
        const id2 = r.pick(ids);
        log.push(`sync now ${ids.indexOf(id2)}`);
        const one = await sync(world, { integrationId, trigger: "SINGLE_USER", objectId: id2 });
        log.push(`  → ${one.status}`);
      } else {
        // nothing: an idle step
        log.push("idle");
      }
    }
    const mode = r.next() < 0.6 ? "AUTO" : "FULL";
    const run = await sync(world, { integrationId, trigger: "SCHEDULE", mode });
    const runDetails = await db.syncRun.findUniqueOrThrow({ where: { id: run.runId }, select: { mode: true, status: true } });
    log.push(`run ${mode} → ${run.mode} ${run.status} ${run.counts ? JSON.stringify({ c: run.counts.linksCreated, r: run.counts.linksRemoved, u: run.counts.updatedUsers }) : ""}`);
    if (run.status === "HELD") {
      log.push("held: skip");
      const w = await db.syncRun.findUniqueOrThrow({ where: { id: run.runId } });
      expect(w.status).toBe("HELD");
      // Rejected, as an admin would, to go on from a consistent point.
      await rejectHeldRun({ runId: run.runId, integrationId, solutionId, accountId: null });
    }
    expect(runDetails.status === "SUCCEEDED" || runDetails.status === "HELD", log.join("\n")).toBe(true);
    const incremental = await state(solutionId, integrationId);
    // Oracle: a whole plan in one slice, fingerprint dropped.
    await db.integration.update({ where: { id: integrationId }, data: { switchboardFingerprint: null } });
    const whole = await sync(world, { integrationId, trigger: "MANUAL", mode: "FULL" }, { sliceUsers: 100_000 });
    if (whole.status === "HELD") {
      log.push("oracle held");
      await rejectHeldRun({ runId: whole.runId, integrationId, solutionId, accountId: null });
      continue;
    }
    expect(whole.status).toBe("SUCCEEDED");
    const after = await state(solutionId, integrationId);
    if (process.env.FUZZ_LOG && step === steps - 1) console.log(log.join("\n"));
    const compare = !(sbDirty && run.mode === "DELTA");
    sbDirty = false;
    if (compare && run.status !== "HELD") expect(after, `seed ${seed} step ${step}\n${log.join("\n")}`).toEqual(incremental);
  }
}

describe("incremental runs reach what a whole plan would", () => {
  for (const seed of (process.env.FUZZ_SEEDS ?? "1,2,3,4,5,6").split(",").map(Number)) {
    it(`seed ${seed} limited NONE`, async () => fuzz(seed, "NONE", Number(process.env.FUZZ_STEPS ?? 16)), 600_000);
    it(`seed ${seed} limited ALL`, async () => fuzz(seed * 1000 + 7, "ALL", Number(process.env.FUZZ_STEPS ?? 16)), 600_000);
  }
});
