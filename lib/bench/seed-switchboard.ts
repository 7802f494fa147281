import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { GeneratedSwitchboardEntry } from "@/lib/demo/generate-users";
import { chunks } from "@/lib/sync/chunks";
import { storedNumber } from "@/lib/sync/core/normalise-number";

/**
 * Bulk-loads a benchmark switchboard: names only (title, department… empty), so a first sync has a
 * real write for every matched user. Raw SQL in batches: creating 100k users through the ORM one by
 * one would take longer than the sync being measured.
 */
export async function seedBenchSwitchboard(solutionId: string, region: string, entries: GeneratedSwitchboardEntry[]) {
  for (const batch of chunks(entries, 5_000)) {
    const users = batch.map((e) => ({ id: randomUUID(), e }));
    const userRows = users.map(({ id, e }) => ({ id, displayName: e.displayName, firstName: e.firstName, lastName: e.lastName }));
    const numberRows = users.flatMap(({ id, e }) =>
      e.numbers.map((raw) => ({ id: randomUUID(), userId: id, ...storedNumber(raw, region) })),
    );
    await db.$transaction([
      db.$executeRaw`
        INSERT INTO "SwitchboardUser" (id, "solutionId", kind, "displayName", "firstName", "lastName", tags, "updatedAt")
        SELECT v.id, ${solutionId}, 'FULL', v."displayName", v."firstName", v."lastName", '{}', now()
        FROM jsonb_to_recordset(${JSON.stringify(userRows)}::jsonb) AS v(id text, "displayName" text, "firstName" text, "lastName" text)`,
      db.$executeRaw`
        INSERT INTO "PhoneNumber" (id, "solutionId", "userId", raw, e164)
        SELECT v.id, ${solutionId}, v."userId", v.raw, v.e164
        FROM jsonb_to_recordset(${JSON.stringify(numberRows)}::jsonb) AS v(id text, "userId" text, raw text, e164 text)
        ON CONFLICT ("solutionId", e164) DO NOTHING`,
    ]);
  }
}
