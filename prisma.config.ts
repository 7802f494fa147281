import { defineConfig } from "prisma/config";

// The CLI is only used for `prisma generate` (its native schema engine cannot be downloaded offline);
// migrations run through scripts/migrate.mjs on the WASM schema engine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
