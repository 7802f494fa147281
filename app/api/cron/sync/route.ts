import { NextResponse } from "next/server";
import { isAuthorizedCron } from "@/lib/auth/cron";
import { env } from "@/lib/env";
import { runDueSyncs } from "@/lib/sync/run-due";
import { runSync } from "@/lib/sync/run-sync";
import { integrationExists } from "@/lib/sync/schedule";
import { UserFacingError } from "@/lib/user-facing-error";
import { isWellFormedId } from "@/lib/validation/ids";

export const dynamic = "force-dynamic";
// Vercel's limit for this function; the work budget below stays well under it.
export const maxDuration = 300;
const WORK_BUDGET_MS = 240_000;

/**
 * Vercel cron (vercel.json) and the local scheduler call this with the cron secret. `?integration=<id>`
 * runs that integration now (used by `npm run sync`, which cannot open the embedded database itself).
 */
export async function GET(request: Request) {
  if (!isAuthorizedCron(request.headers.get("authorization"), env().CRON_SECRET)) {
    return NextResponse.json({ error: "Unauthorized" }, { status: 401 });
  }
  const integrationId = new URL(request.url).searchParams.get("integration");
  if (integrationId) {
    if (!isWellFormedId(integrationId) || !(await integrationExists(integrationId))) return NextResponse.json({ error: "No such integration" }, { status: 404 });
    try {
      return NextResponse.json(await runSync({ integrationId, trigger: "MANUAL", mode: "FULL" }));
    } catch (error) {
      // A run that may not start (setup not finished): the reason, not a server error.
      if (error instanceof UserFacingError) return NextResponse.json({ error: error.message }, { status: 409 });
      throw error;
    }
  }
  const { due, ran, leftForNextTick } = await runDueSyncs({ budgetMs: WORK_BUDGET_MS });
  return NextResponse.json({
    due,
    leftForNextTick,
    ran: ran.map((r) => ({ integrationId: r.integrationId, status: r.status, ...("mode" in r ? { mode: r.mode, error: r.error?.code ?? null } : {}) })),
  });
}
