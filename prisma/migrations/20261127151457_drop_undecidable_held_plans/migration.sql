-- A held plan is only ever applied from the newest whole run that is still HELD (lib/sync/held-runs.ts).
-- Runs decided before rejecting cleared the plan, and held runs a newer whole run has superseded,
-- kept theirs for nothing: dropped here, and by every run that finishes from now on (run-record.ts).
UPDATE "SyncRun" AS r SET "heldPlan" = NULL
WHERE r."heldPlan" IS NOT NULL
  AND (r.status <> 'HELD'
    OR EXISTS (SELECT 1 FROM "SyncRun" n
               WHERE n."integrationId" = r."integrationId" AND n.mode <> 'SINGLE_USER' AND n."startedAt" > r."startedAt"));
