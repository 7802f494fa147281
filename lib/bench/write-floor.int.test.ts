import { expect, it } from "vitest";
import { db } from "@/lib/db";
import { switchboardFingerprint } from "@/lib/sync/fingerprint";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { sync } from "@/lib/testing/sync-state";
import { measureWriteFloor } from "./write-floor";

// The benchmark measures the write floor on the rows of the sync it just ran, and then measures a
// no-change re-sync on the same data: the measurement must leave every row as it was (ids and
// values, "updatedAt" included, or the re-sync would plan everyone and measure something else).

const world = useSyncWorld();

const rowsOf = async (integrationId: string, solutionId: string) => ({
  snapshot: await db.directoryUser.findMany({ where: { integrationId }, orderBy: { id: "asc" } }),
  links: await db.link.findMany({ where: { integrationId }, orderBy: { id: "asc" } }),
  history: await db.runChange.findMany({ where: { run: { integrationId } }, orderBy: { id: "asc" } }),
  users: await db.switchboardUser.findMany({ where: { solutionId }, orderBy: { id: "asc" } }),
  fingerprint: await switchboardFingerprint(solutionId),
});

it("writes the first sync's rows again and leaves the database as it found them", async () => {
  const solution = await createDemoSolution();
  const integration = await createIntegration(world, solution.id);
  expect((await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" })).status).toBe("SUCCEEDED");
  const before = await rowsOf(integration.id, solution.id);
  expect(before.links.length).toBeGreaterThan(0);

  const floor = await measureWriteFloor(integration.id);
  expect(floor.tables.DirectoryUser.rows).toBe(before.snapshot.length);
  expect(floor.tables.Link.rows).toBe(before.links.length);
  expect(floor.tables.RunChange.rows).toBe(before.history.length);
  expect(floor.tables.SwitchboardUser.rows).toBeGreaterThan(0);
  expect(await rowsOf(integration.id, solution.id)).toEqual(before);
  // No scratch table is left behind.
  expect(await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_tables WHERE tablename LIKE 'bench_copy_%'`).toEqual([{ n: 0n }]);

  const next = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
  expect(next.phases).toHaveProperty("scope"); // still the quiet path: the fingerprint is unchanged
  expect(next.writes?.switchboardUsers ?? 0).toBe(0);
});
