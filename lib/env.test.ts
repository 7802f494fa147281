import { afterEach, describe, expect, it, vi } from "vitest";

// The portal reads its configuration once, validated: a deployment with a guessable cron secret or a
// malformed key must not start, and must say which setting to fix.

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

async function freshEnv(overrides: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  vi.resetModules(); // env() caches what it parsed
  return (await import("./env")).env;
}

describe("env()", () => {
  it("refuses a cron secret shorter than 16 characters, naming it and what to use", async () => {
    const env = await freshEnv({ CRON_SECRET: "cron123" });
    expect(() => env()).toThrow(/CRON_SECRET: must be at least 16 random characters/);
  });

  it("accepts a long cron secret, and none at all (the route then refuses everyone)", async () => {
    expect((await freshEnv({ CRON_SECRET: "x".repeat(16) }))().CRON_SECRET).toBe("x".repeat(16));
    expect((await freshEnv({ CRON_SECRET: undefined }))().CRON_SECRET).toBeUndefined();
    expect((await freshEnv({ CRON_SECRET: "" }))().CRON_SECRET).toBeUndefined();
  });

  it("refuses delta rounds more often than every 5 minutes (they would be due again as they end), and accepts 0 (off)", async () => {
    await expect(freshEnv({ SYNC_DELTA_MINUTES: "1" }).then((env) => env())).rejects.toThrow(/SYNC_DELTA_MINUTES: must be 0 \(delta rounds off\) or at least 5 minutes/);
    expect((await freshEnv({ SYNC_DELTA_MINUTES: "0" }))().SYNC_DELTA_MINUTES).toBe(0);
    expect((await freshEnv({ SYNC_DELTA_MINUTES: "15" }))().SYNC_DELTA_MINUTES).toBe(15);
  });

  it("names every setting that is wrong at once", async () => {
    const env = await freshEnv({ AUTH_SECRET: "short", SECRET_ENCRYPTION_KEY: "bm90LTMyLWJ5dGVz" });
    expect(() => env()).toThrow(/AUTH_SECRET: must be at least 32 characters[\s\S]*SECRET_ENCRYPTION_KEY: must be 32 bytes/);
  });
});
