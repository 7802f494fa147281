-- DropForeignKey
ALTER TABLE "Link" DROP CONSTRAINT "Link_solutionId_fkey";

-- Snapshot lookups by number (partial runs) go through this GIN index. With fastupdate on, a bulk
-- write leaves its entries in a pending list that every lookup scans linearly until vacuum merges
-- it: a delta round after a first sync took 600 ms for one query. Off, inserts update the index
-- directly, which measured faster for bulk inserts too.
ALTER INDEX "DirectoryUser_e164Numbers_idx" SET (fastupdate = off);
