import { expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { links, runChanges, sync } from "@/lib/testing/sync-state";

// Two integrations of one solution run on different workers (each has its own lease). A number fed by
// two integrations is a conflict: a switchboard user must never end up linked by both, also when the
// other integration links it between this run's plan and its writes.

/** Runs once, right before the next run's switchboard writes: what another worker does meanwhile. */
const meanwhile = vi.hoisted(() => ({ act: undefined as undefined | (() => Promise<void>) }));
vi.mock("./apply-plan", async (importOriginal) => {
  const original = await importOriginal<typeof import("./apply-plan")>();
  return {
    ...original,
    applyPlan: async (...args: Parameters<typeof original.applyPlan>) => {
      const act = meanwhile.act;
      meanwhile.act = undefined;
      await act?.();
      return original.applyPlan(...args);
    },
  };
});

const world = useSyncWorld();

it("a switchboard user another integration linked after this run's plan is not linked by this run as well", async () => {
  const solutionId = (await createDemoSolution()).id;
  const first = (await createIntegration(world, solutionId)).id;
  const second = (await createIntegration(world, solutionId)).id;
  // The second integration's sync plans (nobody is linked yet), then the first integration's sync
  // runs to the end on another worker, and then the second one writes.
  meanwhile.act = async () => {
    expect((await sync(world, { integrationId: first, trigger: "SETUP", mode: "FULL" })).status).toBe("SUCCEEDED");
  };
  const run = await sync(world, { integrationId: second, trigger: "SETUP", mode: "FULL" });
  expect(run.status).toBe("SUCCEEDED");
  const [firstLinks, secondLinks] = await Promise.all([links(first), links(second)]);
  expect(firstLinks.size).toBeGreaterThan(0);
  expect([...secondLinks.keys()].filter((sid) => firstLinks.has(sid))).toEqual([]);
  const doubled = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "Link" a JOIN "Link" b ON a."switchboardUserId" = b."switchboardUserId" AND a."integrationId" < b."integrationId"
    WHERE a."solutionId" = ${solutionId}`;
  expect(Number(doubled[0].n)).toBe(0);
  // Its history shows the links it made, not the ones it left to the other integration.
  const linkedRows = (await runChanges(run.runId)).filter((c) => c.kind === "LINK").map((c) => c.switchboardUserId);
  expect(linkedRows.sort()).toEqual([...secondLinks.keys()].sort());
});
