-- AlterTable
ALTER TABLE "Integration" ADD COLUMN     "attemptedConfigVersion" INTEGER NOT NULL DEFAULT 0;

-- Existing integrations: what they applied they also tried. An integration whose runs keep failing
-- since its last change (synced < configVersion) counts as tried too: it is retried on its schedule.
UPDATE "Integration" SET "attemptedConfigVersion" = CASE WHEN "lastSyncAt" IS NOT NULL THEN "configVersion" ELSE "syncedConfigVersion" END;
