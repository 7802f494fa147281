import { beforeAll, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { useSyncWorld } from "@/lib/testing/sync-fixture";
import { parkOtherIntegrations, sync, syncedDemoIntegration } from "@/lib/testing/sync-state";
import { runDueSyncs } from "./run-due";
import * as schedule from "./schedule";

vi.mock("./schedule", async (importOriginal) => {
  const original = await importOriginal<typeof import("./schedule")>();
  return { ...original, listDueIntegrations: vi.fn(original.listDueIntegrations) };
});

// "The first of a tick always runs": also when the tick's first entry turned out BUSY (another tick
// had just run it), or a large tenant behind it would wait for a tick that starts with it for nothing.

const world = useSyncWorld();
const ids: string[] = [];
let slowSolution = "";

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const { solutionId, integrationId } = await syncedDemoIntegration(world);
    ids.push(integrationId);
    slowSolution = solutionId;
  }
  await parkOtherIntegrations(ids);
});

it("a tick whose first entry was just run by an overlapping tick (BUSY) still runs the slow integration behind it", async () => {
  const [quick, slow] = ids;
  await db.syncRun.create({ data: { integrationId: slow, solutionId: slowSolution, trigger: "SCHEDULE", mode: "FULL", status: "SUCCEEDED", durationMs: 200_000, finishedAt: new Date() } });
  await db.integration.update({ where: { id: quick }, data: { nextSyncAt: new Date(Date.now() - 2_000) } });
  await db.integration.update({ where: { id: slow }, data: { nextSyncAt: new Date(Date.now() - 1_000) } });
  // Tick B reads its list ([quick, slow]); overlapping tick A then runs `quick`, so it is not due any more.
  const listed = await schedule.listDueIntegrations(new Date(), 25);
  expect(listed.map((d) => d.id)).toEqual([quick, slow]);
  expect(await sync(world, { integrationId: quick, trigger: "SCHEDULE" })).toMatchObject({ status: "SUCCEEDED" });
  vi.mocked(schedule.listDueIntegrations).mockResolvedValueOnce(listed);
  const b = await runDueSyncs({ budgetMs: 240_000, config: world.config });
  expect(b.ran.map((r) => [r.integrationId === quick ? "quick" : "slow", r.status])).toEqual([
    ["quick", "BUSY"],
    ["slow", "SUCCEEDED"],
  ]);
});
