import "server-only";
import { z } from "zod";

// The one place that reads process.env. Parsed lazily so `next build` never needs runtime secrets.
const optional = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("pglite:.data/pglite")
    .refine((v) => v.startsWith("pglite:") || /^postgres(ql)?:\/\//.test(v), {
      message: "must be postgres://… (PostgreSQL) or pglite:<folder> (embedded)",
    }),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)"),
  NEXTAUTH_URL: optional,
  SECRET_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, { message: "must be 32 bytes, base64 (openssl rand -base64 32)" }),
  // Unset means the cron route refuses everyone (fail closed). Whoever holds it can start any
  // integration's full sync (`?integration=`): a guessable one is refused at start-up.
  CRON_SECRET: optional.refine((v) => v === undefined || v.length >= 16, {
    message: "must be at least 16 random characters (Vercel's advice; openssl rand -base64 24)",
  }),
  ENTRA_AUTHORITY_HOST: z.url().default("https://login.microsoftonline.com"),
  GRAPH_BASE_URL: z.url().default("https://graph.microsoft.com"),
  // The provider's multi-tenant app used by automated setup (admin consent).
  ENTRA_PROVIDER_CLIENT_ID: optional,
  ENTRA_PROVIDER_CLIENT_SECRET: optional,
  // Optional "Sign in with Microsoft" for portal accounts.
  AUTH_ENTRA_ID: optional,
  AUTH_ENTRA_SECRET: optional,
  AUTH_ENTRA_TENANT: z.string().default("organizations"),
  SYNC_INTERVAL_HOURS: z.coerce.number().positive().default(12),
  // Between full syncs, a Graph delta round (one or two requests) this often; 0 = full syncs only.
  // At least 5: a sync due within 2 minutes counts as due (sync/config.ts DUE_EARLY_MS), so a shorter
  // round would be due again as it ends and an overlapping tick would run it twice.
  SYNC_DELTA_MINUTES: z.coerce
    .number()
    .refine((minutes) => minutes === 0 || minutes >= 5, "must be 0 (delta rounds off) or at least 5 minutes")
    .default(60),
});

export type Env = z.infer<typeof schema>;

let parsed: Env | undefined;

export function env(): Env {
  if (parsed) return parsed;
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}\nSee README.md "Configuration".`);
  }
  parsed = result.data;
  return parsed;
}
