import { randomBytes } from "node:crypto";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname);

// Values lib/env.ts requires; `npm test` passes real random ones, a direct `npx vitest` gets these.
const testEnv = {
  AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64url"),
  SECRET_ENCRYPTION_KEY: process.env.SECRET_ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
  CRON_SECRET: process.env.CRON_SECRET ?? randomBytes(24).toString("base64url"),
};

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // Modules marked server-only are exactly what these tests exercise outside React.
      "server-only": path.join(root, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          // Makes the emulator's CA and sets NODE_EXTRA_CA_CERTS before any worker process starts.
          globalSetup: ["lib/emulator/test-setup.ts"],
          env: testEnv,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**"],
          globalSetup: ["lib/emulator/test-setup.ts", "lib/testing/integration-global-setup.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env: testEnv,
        },
      },
    ],
  },
});
