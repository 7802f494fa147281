import "server-only";
import { db } from "@/lib/db";

/** A run that wrote at least this many rows refreshes the planner's statistics itself. */
const BULK_ROWS = 5_000;

/**
 * After a bulk write (a first sync writes ~100k rows to each table) PostgreSQL's statistics say the
 * tables are nearly empty until autovacuum analyses them, minutes later. Meanwhile the next delta
 * round's lookups by number are planned as sequential scans of the whole snapshot (measured: 300 ms
 * instead of 1 ms per query). Analysing the looked-up columns takes a fraction of a second.
 */
export async function refreshStatistics(rowsWritten: number): Promise<boolean> {
  if (rowsWritten < BULK_ROWS) return false;
  try {
    // Only the columns partial runs look rows up by; the switchboard tables are read through unique
    // keys. Autovacuum may be analysing the same table right now (it holds the lock ANALYZE needs):
    // then it is doing this job already, and the run does not wait for it.
    await db.$transaction([
      db.$executeRawUnsafe(`SET LOCAL lock_timeout = '500ms'`),
      db.$executeRawUnsafe(`ANALYZE "DirectoryUser" ("integrationId", "objectId", "e164Numbers"), "Link" ("integrationId", "objectId", "switchboardUserId")`),
    ]);
    return true;
  } catch (error) {
    if (/lock timeout/i.test(String(error))) return false;
    throw error;
  }
}
