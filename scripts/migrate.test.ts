import pg from "pg";
import { describe, expect, it } from "vitest";
import { pgConfig } from "./migrate.mjs";

// A managed PostgreSQL that requires TLS refuses a migration that drops the URL's sslmode.
describe("migrate: pg settings from DATABASE_URL", () => {
  const settings = (config: { connectionString: string }) => {
    // What pg will actually connect with, after it has read the connection string.
    const client = new pg.Client(config) as unknown as { connectionParameters: Record<string, unknown> };
    const { host, port, database, user, password, ssl } = client.connectionParameters;
    return { host, port, database, user, password, ssl: Boolean(ssl) };
  };

  it("keeps the URL's TLS settings, for the database and for the shadow database beside it", () => {
    const url = "postgres://app%40corp:p%2Fss@db.example.com:6543/switchboard?sslmode=verify-full&application_name=migrate";
    expect(settings(pgConfig(url))).toEqual({ host: "db.example.com", port: 6543, database: "switchboard", user: "app@corp", password: "p/ss", ssl: true });
    expect(settings(pgConfig(url, "prisma_shadow_1_2"))).toEqual({ host: "db.example.com", port: 6543, database: "prisma_shadow_1_2", user: "app@corp", password: "p/ss", ssl: true });
    expect(pgConfig(url, "prisma_shadow_1_2").connectionString).toContain("application_name=migrate");
  });

  it("leaves TLS off when the URL says so or says nothing", () => {
    expect(settings(pgConfig("postgres://u:p@127.0.0.1:5432/db?sslmode=disable")).ssl).toBe(false);
    expect(settings(pgConfig("postgres://u:p@127.0.0.1/db", "shadow"))).toMatchObject({ port: 5432, database: "shadow", ssl: false });
  });
});
