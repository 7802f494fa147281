import { beforeAll, expect, it } from "vitest";
import { listIntegrations } from "@/lib/data/integrations";
import { db } from "@/lib/db";
import { DEMO_TENANT } from "@/lib/demo/demo-directory";
import { useSyncWorld } from "@/lib/testing/sync-fixture";
import { calm, integrationRow, parkOtherIntegrations, switchboardUsers, sync, syncedDemoIntegration } from "@/lib/testing/sync-state";
import { listDueIntegrations, requestSync } from "./schedule";

// The Entra ID tab says when the next sync runs. A held sync waits for the admin: a time at which the
// scheduler runs nothing would tell them the opposite.

const world = useSyncWorld();
let solutionId: string;
let integrationId: string;
let linked: [string, string][];

beforeAll(async () => {
  ({ solutionId, integrationId, linked } = await syncedDemoIntegration(world));
  await parkOtherIntegrations([integrationId]);
  await calm(world);
});

it("a HELD integration's next sync waits for the decision; a 'sync now' makes it the next check", async () => {
  expect((await listIntegrations(solutionId)).find((i) => i.id === integrationId)?.nextSync).toEqual({ at: (await integrationRow(integrationId)).nextSyncAt });

  const users = await switchboardUsers(solutionId);
  const picked = linked.filter(([sid]) => users.get(sid)!.department !== null).slice(0, Math.max(5, Math.floor(linked.length / 10) + 1));
  for (const [, objectId] of picked) await world.emulator.control.updateUser(DEMO_TENANT.id, objectId, { department: null });
  expect(await sync(world, { integrationId, trigger: "SCHEDULE", mode: "FULL" })).toMatchObject({ status: "HELD" });

  // The stored time passes and the scheduler runs nothing: the tab says what it waits for instead.
  const stored = (await integrationRow(integrationId)).nextSyncAt!;
  expect((await listDueIntegrations(new Date(stored.getTime() + 1_000), 25)).map((d) => d.id)).not.toContain(integrationId);
  expect((await listIntegrations(solutionId)).find((i) => i.id === integrationId)?.nextSync).toEqual({ waitsFor: "decision" });

  // Its held run gone (a worker died applying an approval): it runs at its time again, and the tab says when.
  const held = await db.syncRun.findFirstOrThrow({ where: { integrationId, status: "HELD" }, select: { id: true } });
  await db.syncRun.update({ where: { id: held.id }, data: { status: "APPROVED" } });
  expect((await listDueIntegrations(new Date(stored.getTime() + 1_000), 25)).map((d) => d.id)).toContain(integrationId);
  expect((await listIntegrations(solutionId)).find((i) => i.id === integrationId)?.nextSync).toEqual({ at: stored });
  await db.syncRun.update({ where: { id: held.id }, data: { status: "HELD" } });

  await requestSync(integrationId, solutionId);
  expect((await listIntegrations(solutionId)).find((i) => i.id === integrationId)?.nextSync).toEqual({ waitsFor: "next check" });
  expect((await listDueIntegrations(new Date(), 25)).map((d) => d.id)).toContain(integrationId);
});
