-- Held plans are stored gzip-compressed (lib/sync/held-plan.ts). Plans held before this migration
-- are kept as their JSON text in bytes, which the reader recognises (no gzip header) and parses.
ALTER TABLE "SyncRun" ALTER COLUMN "heldPlan" TYPE BYTEA USING convert_to("heldPlan"::text, 'UTF8');
