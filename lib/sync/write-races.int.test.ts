import { Client } from "pg";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { doublyLinkedUsers, links, runChanges, runRow, switchboardUsers, sync, syncedDemoIntegration, values } from "@/lib/testing/sync-state";
import { acquireLease, releaseLease } from "./lease";
import { chooseNumberOwner, clearChoice } from "./match-choices";
import { runSync } from "./run-sync";
import { requestSync } from "./schedule";

// What happens between a run's plan and its writes: the customer, an admin or another worker acts
// meanwhile. The writes must follow what is true when they land — no second worker writing beside
// the first, no link to a number that is gone, no admin pick that was withdrawn.

/** Runs once, right before the next run's switchboard writes: what someone else does meanwhile. */
const meanwhile = vi.hoisted(() => ({
  act: undefined as undefined | (() => Promise<void>),
  /** The plans runs handed to applyPlan (a full run hands one per slice): what they meant to write. */
  plans: [] as import("@/lib/sync/core/plan-types").SyncPlan[],
}));
vi.mock("./apply-plan", async (importOriginal) => {
  const original = await importOriginal<typeof import("./apply-plan")>();
  return {
    ...original,
    applyPlan: async (...args: Parameters<typeof original.applyPlan>) => {
      const act = meanwhile.act;
      meanwhile.act = undefined;
      meanwhile.plans.push(args[0]);
      await act?.();
      return original.applyPlan(...args);
    },
  };
});

const world = useSyncWorld();

/** The SHARED_NUMBER conflicts a run recorded (its details keep the open ones). */
async function sharedNumbers(runId: string) {
  const details = (await runRow(runId)).details as { conflicts: { kind: string; e164: string; objectIds: string[]; switchboardUserIds: string[] }[] };
  return details.conflicts.filter((c) => c.kind === "SHARED_NUMBER");
}

describe("between a run's plan and its writes", () => {
  it("a worker whose lease ran out while a batch was stuck: the one taking over waits for that batch, and each limited user is added once", async () => {
    const solution = await createDemoSolution();
    const integration = await createIntegration(world, solution.id);
    await db.integration.update({ where: { id: integration.id }, data: { limitedUsersMode: "ALL" } });
    const locker = new Client({ connectionString: process.env.DATABASE_URL });
    const watcher = new Client({ connectionString: process.env.DATABASE_URL });
    await Promise.all([locker.connect(), watcher.connect()]);
    // Sessions waiting on the locker, directly or behind a session that waits on it (other test
    // files share this database, and their lock waits must not count).
    const blocked = async () =>
      (
        await watcher.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity a
           WHERE $1 = ANY(pg_blocking_pids(a.pid))
              OR EXISTS (SELECT 1 FROM pg_stat_activity b WHERE b.pid = ANY(pg_blocking_pids(a.pid)) AND $1 = ANY(pg_blocking_pids(b.pid)))`,
          [lockerPid],
        )
      ).rows[0].n as number;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 25));
    let lockerPid = 0;
    try {
      // The solution row locked elsewhere: creating limited users (a foreign key to it) waits. So do
      // the other write batches (its switchboard users share-locked: linking or updating one waits),
      // which would otherwise finish beside the stuck one and renew the lease.
      lockerPid = (await locker.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
      await locker.query("BEGIN");
      await locker.query(`SELECT 1 FROM "Solution" WHERE id = $1 FOR UPDATE`, [solution.id]);
      await locker.query(`SELECT 1 FROM "SwitchboardUser" WHERE "solutionId" = $1 FOR SHARE`, [solution.id]);
      const first = runSync({ integrationId: integration.id, trigger: "SCHEDULE", mode: "FULL", owner: "worker-1" }, { ...world.config, leaseMs: 1_500 });
      while ((await blocked()) < 1) await pause();
      // The integration's own row is not locked by the batch: an admin's "sync now" (an update of
      // that row) goes through at once instead of waiting for the whole write phase.
      await requestSync(integration.id, solution.id);
      // Its short lease runs out while the batch waits (read from the database each time: the
      // worker's other batches, not stuck, renew it until they are done) …
      const leaseExpires = async () => {
        const { rows } = await watcher.query(`SELECT "leaseExpiresAt" AS at FROM "Integration" WHERE id = $1`, [integration.id]);
        return new Date(rows[0].at).getTime();
      };
      while (Date.now() <= (await leaseExpires()) + 1_000) await pause();
      // … and a second worker takes the integration over once the stuck batch lets go.
      const stuck = await blocked();
      const second = runSync({ integrationId: integration.id, trigger: "SCHEDULE", mode: "FULL", owner: "worker-2" }, world.config);
      while ((await blocked()) <= stuck) await pause();
      await locker.query("COMMIT");
      const [one, two] = await Promise.all([first, second]);

      expect(two).toMatchObject({ status: "SUCCEEDED" });
      // The second worker could start only once the stuck batch had committed; whatever the first
      // had left to write after that was refused (LeaseLost), or there was nothing left.
      if (one.status === "BUSY" || two.status === "BUSY") throw new Error("a worker never ran");
      expect(["SUCCEEDED", "FAILED"]).toContain(one.status);
      if (one.status === "FAILED") {
        // It had more to write after the takeover, and was refused.
        expect(one.error?.code).toBe("LeaseLost");
        // Its record says so, unless the second worker, starting, closed it as interrupted first:
        // a record another worker closed keeps that verdict (run-record.ts finishRun).
        expect(await runRow(one.runId)).toMatchObject({ status: "FAILED", errorCode: expect.toBeOneOf(["LeaseLost", "RunInterrupted"]) });
      } else {
        // The stuck batch was its last write: everything it wrote landed before the takeover. The
        // second worker, planning afterwards, found nothing left to do, and no row is newer than
        // the second run (a write the first made after the takeover would start after it).
        expect(one.error).toBeNull();
        expect(two.counts).toMatchObject({ linksCreated: 0, linksUpdated: 0, limitedCreated: 0, updatedUsers: 0 });
        expect(two.writes).toEqual({ switchboardUsers: 0, numbers: 0, links: 0, changeRecords: 0, skipped: 0 });
        const { startedAt: takenOver } = await runRow(two.runId);
        const newestLink = await db.link.aggregate({ where: { integrationId: integration.id }, _max: { createdAt: true } });
        const newestUser = await db.switchboardUser.aggregate({ where: { solutionId: solution.id, kind: "LIMITED" }, _max: { createdAt: true } });
        expect(newestLink._max.createdAt!.getTime()).toBeLessThan(takenOver.getTime());
        expect(newestUser._max.createdAt!.getTime()).toBeLessThan(takenOver.getTime());
      }
      const twice = await db.$queryRaw<{ objectId: string }[]>`
        SELECT "objectId" FROM "Link" WHERE "integrationId" = ${integration.id} GROUP BY "objectId" HAVING count(*) > 1`;
      expect(twice).toEqual([]);
      const limitedLinks = [...(await links(integration.id)).values()].filter((l) => l.origin === "LIMITED");
      expect(limitedLinks.length).toBeGreaterThan(0);
      expect(await db.switchboardUser.count({ where: { solutionId: solution.id, kind: "LIMITED" } })).toBe(limitedLinks.length);
      // The integration shows the second worker's outcome, and no lease is left behind.
      expect(await db.integration.findUniqueOrThrow({ where: { id: integration.id } })).toMatchObject({ status: "OK", leaseOwner: null });
    } finally {
      await locker.query("ROLLBACK").catch(() => {});
      await Promise.all([locker.end(), watcher.end()]);
    }
  }, 60_000);

  it("a worker whose lease was taken over between its plan and its writes writes nothing and says LeaseLost", async () => {
    const solution = await createDemoSolution();
    const integration = await createIntegration(world, solution.id);
    const before = values(await switchboardUsers(solution.id));
    meanwhile.act = async () => {
      // Its lease runs out (a long pause: a stop-the-world collection, a frozen VM) and a second worker takes over.
      await db.integration.update({ where: { id: integration.id }, data: { leaseExpiresAt: new Date(Date.now() - 1_000) } });
      expect(await acquireLease(integration.id, "worker-2", 60_000)).toBe(true);
    };
    try {
      const result = await sync(world, { integrationId: integration.id, trigger: "SCHEDULE", mode: "FULL" });
      expect(result.counts?.linksCreated).toBeGreaterThan(0); // it had links to write …
      expect(result).toMatchObject({ status: "FAILED", error: { code: "LeaseLost" } });
      // … and wrote none of them, nor any field or history row.
      expect(await db.link.count({ where: { integrationId: integration.id } })).toBe(0);
      expect(await db.runChange.count({ where: { runId: result.runId } })).toBe(0);
      expect(values(await switchboardUsers(solution.id))).toEqual(before);
      // The integration is left to the worker that holds it.
      expect(await db.integration.findUniqueOrThrow({ where: { id: integration.id }, select: { leaseOwner: true } })).toEqual({ leaseOwner: "worker-2" });
    } finally {
      await releaseLease(integration.id, "worker-2");
    }
  });

  it("a switchboard number the customer deleted is skipped, not the batch: the other user in it is linked", async () => {
    const { integrationId, linked } = await syncedDemoIntegration(world);
    const [[victim], [other]] = linked;
    // Both lose their links (as after an earlier run's unlink), so the next run links them again …
    await db.link.deleteMany({ where: { integrationId, switchboardUserId: { in: [victim, other] } } });
    // … while the customer deletes the victim's numbers between that run's plan and its writes.
    meanwhile.act = async () => {
      await db.phoneNumber.deleteMany({ where: { userId: victim } });
    };
    const result = await sync(world, { integrationId, trigger: "MANUAL", mode: "FULL" });
    expect(result.status).toBe("SUCCEEDED");
    const now = await links(integrationId);
    expect(now.has(victim)).toBe(false);
    expect(now.has(other)).toBe(true);
    expect(now.size).toBe(linked.length - 1);
    // The run record and the status line count what was written, not what was planned.
    expect(await runRow(result.runId)).toMatchObject({ linked: 1 });
    expect((await db.integration.findUniqueOrThrow({ where: { id: integrationId } })).statusMessage).toMatch(new RegExp(`^${linked.length - 1} users linked, `));
  });

  it("an admin's pick withdrawn while the run that applies it is writing does not come back as a standing pick (rule 5)", async () => {
    const { solutionId, integrationId, linked } = await syncedDemoIntegration(world);
    const setup = await db.syncRun.findFirstOrThrow({ where: { integrationId }, orderBy: { startedAt: "desc" } });
    // An owner not linked through another number: otherwise the pick could not link them anyway,
    // and "no ADMIN link" below would hold whatever the writes did.
    const linkedObjectIds = new Set(linked.map(([, objectId]) => objectId));
    const [{ shared, owner }] = (await sharedNumbers(setup.id))
      .filter((c) => c.switchboardUserIds.every((sid) => !linked.some(([l]) => l === sid)))
      .flatMap((c) => c.objectIds.filter((o) => !linkedObjectIds.has(o)).map((owner) => ({ shared: c, owner })));
    const scope = { solutionId, integrationId, accountId: null };
    await chooseNumberOwner({ ...scope, e164: shared.e164, objectId: owner });
    meanwhile.act = () => clearChoice({ ...scope, kind: "NUMBER_OWNER", key: shared.e164 });
    meanwhile.plans = [];
    const applying = await sync(world, { integrationId, trigger: "CONFIG_CHANGE", mode: "AUTO" });
    expect(applying.status).toBe("SUCCEEDED");
    // The run did plan the pick: an ADMIN link from the chosen owner through that number …
    expect(meanwhile.plans.flatMap((plan) => plan.links.create).filter((l) => l.e164 === shared.e164)).toEqual([
      expect.objectContaining({ objectId: owner, origin: "ADMIN", switchboardUserId: expect.toBeOneOf(shared.switchboardUserIds) }),
    ]);
    // … and, the pick withdrawn before its writes landed, did not write it.
    const admin = await db.link.count({ where: { integrationId, origin: "ADMIN", switchboardUserId: { in: shared.switchboardUserIds } } });
    expect(admin).toBe(0);
    expect([...(await links(integrationId)).values()].some((l) => l.objectId === owner)).toBe(false);

    // The next run sees the number as it is: shared, with nobody picked.
    const next = await sync(world, { integrationId, trigger: "CONFIG_CHANGE", mode: "AUTO" });
    expect((await sharedNumbers(next.runId)).map((c) => c.e164)).toContain(shared.e164);
    for (const sid of shared.switchboardUserIds) expect((await links(integrationId)).has(sid)).toBe(false);
  });
});

// Two integrations of one solution run on different workers (each has its own lease). A number fed by
// two integrations is a conflict: a switchboard user must never end up linked by both, also when the
// other integration links it between this run's plan and its writes.
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
  expect(await doublyLinkedUsers(solutionId)).toBe(0);
  // Its history shows the links it made, not the ones it left to the other integration.
  const linkedRows = (await runChanges(run.runId)).filter((c) => c.kind === "LINK").map((c) => c.switchboardUserId);
  expect(linkedRows.sort()).toEqual([...secondLinks.keys()].sort());
});
