import { expect } from "vitest";
import { db } from "@/lib/db";
import { storedNumber } from "@/lib/sync/core/normalise-number";
import { uniqueId } from "./fixtures";
import { createIntegration, type SyncWorld } from "./sync-fixture";
import { sync } from "./sync-state";

// The oracle for incremental runs (delta rounds, quiet full syncs, "sync now" for one user): after
// any sequence of them, a whole-directory full sync must find nothing left to write. One that still
// changes something shows what the incremental path missed.

export type Person = { key: string; mobile?: string | null; title?: string };

/** Its own tenant with these Entra users, a solution with these switchboard users, an integration, a first full sync. */
export async function scenario(world: SyncWorld, entra: Person[], board: { key: string; numbers: string[] }[]) {
  const domain = `${uniqueId("t")}.onmicrosoft.com`;
  const tenant = await world.emulator.control.createTenant({ users: 0, domain });
  const ids = new Map<string, string>();
  for (const p of entra) {
    const user = await world.emulator.control.createUser(tenant.id, {
      displayName: p.key,
      jobTitle: p.title ?? `T-${p.key}`,
      mailNickname: p.key,
      mobilePhone: p.mobile ?? null,
      businessPhones: [],
    });
    ids.set(p.key, user.id);
  }
  const solutionId = (await db.solution.create({ data: { id: uniqueId("inc"), name: "Incremental AB", region: "SE" } })).id;
  const sb = new Map<string, string>();
  for (const b of board) {
    const user = await db.switchboardUser.create({
      data: { solutionId, displayName: `SB ${b.key}`, numbers: { create: b.numbers.map((n) => ({ solutionId, ...storedNumber(n, "SE") })) } },
    });
    sb.set(b.key, user.id);
  }
  const integration = await createIntegration(world, solutionId, { tenantId: domain });
  expect((await sync(world, { integrationId: integration.id, trigger: "SETUP", mode: "FULL" })).status).toBe("SUCCEEDED");
  return { tenant: tenant.id, ids, sb, solutionId, integrationId: integration.id };
}

/** What a plan decides, comparable across runs. */
export async function state(solutionId: string) {
  const users = await db.switchboardUser.findMany({
    where: { solutionId },
    select: { id: true, displayName: true, title: true, numbers: { select: { e164: true }, orderBy: { raw: "asc" } } },
    orderBy: { id: "asc" },
  });
  const links = await db.link.findMany({
    where: { solutionId },
    select: { switchboardUserId: true, objectId: true, origin: true },
    orderBy: { switchboardUserId: "asc" },
  });
  return { users, links };
}

/** State after a whole-directory full sync (the fingerprint dropped, so it cannot be quiet). */
export async function afterWholeSync(world: SyncWorld, s: { solutionId: string; integrationId: string }) {
  await db.integration.update({ where: { id: s.integrationId }, data: { switchboardFingerprint: null } });
  expect((await sync(world, { integrationId: s.integrationId, trigger: "MANUAL", mode: "FULL" })).status).toBe("SUCCEEDED");
  return state(s.solutionId);
}
