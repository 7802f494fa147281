import { describe, expect, it } from "vitest";
import { firstCluster } from "./test-postgres.mjs";

// With two PostgreSQL versions installed the first listed cluster may not be on 5432; the tests must
// connect where the cluster they started actually listens.
describe("test-postgres: the machine's cluster", () => {
  it("takes the port pg_lsclusters reports", () => {
    const output = [
      "16  main    5433 down   postgres /var/lib/postgresql/16/main /var/log/postgresql/postgresql-16-main.log",
      "17  main    5434 online postgres /var/lib/postgresql/17/main /var/log/postgresql/postgresql-17-main.log",
      "",
    ].join("\n");
    expect(firstCluster(output)).toEqual({
      version: "16",
      name: "main",
      port: 5433,
      status: "down",
      url: "postgres://switchboard_test:switchboard_test@127.0.0.1:5433/switchboard_test",
    });
  });

  it("says when no cluster is installed", () => {
    expect(firstCluster("\n")).toBeNull();
  });
});
