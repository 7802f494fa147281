import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { demoPeople } from "@/lib/demo/demo-directory";
import { normaliseNumber } from "@/lib/sync/core/normalise-number";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { links, runRow, sync } from "@/lib/testing/sync-state";

// A snapshot row keeps libphonenumber-js's reading of the user's numbers (knownE164, e164Numbers),
// and runs reuse it rather than parse every number again. After an upgrade of the library's number
// metadata the old readings must not live on: a digest of that metadata is part of each row's hash,
// so the next full run sees every user as changed and reads their numbers again. Here the metadata
// the snapshot digests is this test's to change; the parser keeps reading with the real one.
const metadata = vi.hoisted(() => ({ version: 1 }));
vi.mock("libphonenumber-js/max/metadata", () => ({ default: metadata }));

const world = useSyncWorld();

describe("numbers read with other libphonenumber-js metadata", () => {
  // Quiet: the switchboard is as the last run left it, and only changed Entra users are planned.
  // Loud: someone edited the switchboard, so every user is planned and changed users' snapshot rows
  // are written as the pages arrive (read-input.ts, snapshotDiff's stream).
  it.each([{ path: "quiet", switchboardEdited: false }, { path: "loud", switchboardEdited: true }])(
    "are read again by the next full sync after an upgrade, and only then ($path path)",
    async ({ switchboardEdited }) => {
      const solution = await createDemoSolution();
      const integration = await createIntegration(world, solution.id);
      expect((await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" })).status).toBe("SUCCEEDED");

      const person = demoPeople().find((p) => p.entra?.accountEnabled && p.switchboard && p.entra.mobilePhone)!;
      const raw = person.entra!.mobilePhone!;
      const e164 = normaliseNumber(raw, solution.region);
      if (!e164.ok) throw new Error(`demo number ${raw} does not parse`);
      const where = { integrationId: integration.id, objectId: person.entra!.id };
      // As the older version read it (a number range it got wrong, say): another E.164.
      const stale = "+46850000000";
      await db.directoryUser.updateMany({ where, data: { e164Numbers: [stale], knownE164: { [raw]: stale } } });
      const snapshot = () => db.directoryUser.findFirstOrThrow({ where });
      const fullSync = async () => {
        if (switchboardEdited) await db.switchboardUser.updateMany({ where: { solutionId: solution.id, displayName: { startsWith: "A" } }, data: { updatedAt: new Date() } });
        const run = await sync(world, { integrationId: integration.id, trigger: "MANUAL", mode: "FULL" });
        expect(run.status).toBe("SUCCEEDED");
        expect(run.phases ?? {}).toHaveProperty(switchboardEdited ? "plan.index" : "scope");
        return run;
      };

      // The same metadata: every row whose hash matches is trusted, the stale reading included.
      await fullSync();
      expect((await snapshot()).e164Numbers).toEqual([stale]);

      metadata.version += 1; // an upgrade
      const upgraded = await fullSync();
      const row = await snapshot();
      expect(row.e164Numbers).toContain(e164.e164);
      expect(row.e164Numbers).not.toContain(stale);
      expect((row.knownE164 as Record<string, string>)[raw]).toBe(e164.e164);
      // Every user was read again, and the person is still linked (nothing else changed).
      const { startedAt } = await runRow(upgraded.runId);
      expect(await db.directoryUser.count({ where: { integrationId: integration.id, readAt: { lt: startedAt } } })).toBe(0);
      expect([...(await links(integration.id)).values()].some((l) => l.objectId === person.entra!.id)).toBe(true);
      expect(upgraded.writes?.switchboardUsers ?? 0).toBe(0);
    },
  );
});
