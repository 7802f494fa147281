-- AlterTable
ALTER TABLE "Integration" ADD COLUMN     "attemptedConfigVersion" INTEGER NOT NULL DEFAULT 0;

-- Existing integrations: a configuration they have not yet applied counts as not yet tried, so
-- each such integration runs once after the deploy (as it would have before), then keeps to its schedule.
UPDATE "Integration" SET "attemptedConfigVersion" = "syncedConfigVersion";
