import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { dueCondition, leaseFree } from "./schedule";
import { integrationWriteLock } from "./write-batches";

/**
 * The only way to start a run: a conditional update that succeeds for one caller while the lease is
 * free or expired. Two cron invocations racing for one integration get exactly one winner; a run that
 * crashed leaves a lease that expires, and the next tick takes over. `onlyIfDue` (scheduled runs) also
 * requires the integration to be still due: a tick works from a list read at its start, and without
 * this it would run an integration again that another tick had just finished.
 */
export async function acquireLease(
  integrationId: string,
  owner: string,
  leaseMs: number,
  { onlyIfDue = false, now = new Date() }: { onlyIfDue?: boolean; now?: Date } = {},
): Promise<boolean> {
  // With the write lock held exclusively: taking over from a worker whose lease ran out waits for
  // that worker's batch in flight, and its later batches find the lease gone (write-batches.ts).
  const [, count] = await db.$transaction([
    db.$executeRaw(integrationWriteLock(integrationId, "exclusive")),
    db.$executeRaw`
      UPDATE "Integration" SET "leaseOwner" = ${owner}, "leaseExpiresAt" = ${new Date(now.getTime() + leaseMs)}
      WHERE id = ${integrationId} AND ${leaseFree(now)} AND ${onlyIfDue ? dueCondition(now) : Prisma.sql`TRUE`}`,
  ]);
  return count === 1;
}

/** Extends a lease we still hold; false means another worker took over (ours expired). */
export async function renewLease(integrationId: string, owner: string, leaseMs: number): Promise<boolean> {
  const { count } = await db.integration.updateMany({
    where: { id: integrationId, leaseOwner: owner },
    data: { leaseExpiresAt: new Date(Date.now() + leaseMs) },
  });
  return count === 1;
}

export async function releaseLease(integrationId: string, owner: string): Promise<void> {
  await db.integration.updateMany({
    where: { id: integrationId, leaseOwner: owner },
    data: { leaseOwner: null, leaseExpiresAt: null },
  });
}

/**
 * Keeps a lease alive during a long run without a database write per page. Renewed at most every
 * third of the lease; once a renewal finds the lease taken, every later call throws too (the run
 * must not go on writing beside the worker that took over).
 */
export function leaseKeeper(integrationId: string, owner: string, leaseMs: number) {
  let renewedAt = Date.now();
  let lost = false;
  return async () => {
    if (lost) throw new LeaseLostError();
    if (Date.now() - renewedAt < leaseMs / 3) return;
    if (!(await renewLease(integrationId, owner, leaseMs))) {
      lost = true;
      throw new LeaseLostError();
    }
    renewedAt = Date.now();
  };
}

export class LeaseLostError extends Error {
  constructor() {
    super("Another worker took over this integration's sync (the lease expired).");
    this.name = "LeaseLostError";
  }
}
