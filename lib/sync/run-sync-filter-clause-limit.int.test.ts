import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { demoPeople } from "@/lib/demo/demo-directory";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { sync } from "@/lib/testing/sync-state";

// Microsoft Graph refuses a $filter whose `or` chain (or `in` list) has more than 15 clauses, with
// 400 Request_UnsupportedQuery "Too many child clauses specified in search filter expression containing 'OR'
// operators: N. Max allowed: 15." (observed; https://learn.microsoft.com/graph/filter-query-parameter documents
// `in` as limited to 15 expressions). An admin who lists 16 people in the limited-users filter must be told
// that limit in words, not just "query not supported": the run keeps Graph's message.

const world = useSyncWorld();

const upns = demoPeople().flatMap((p) => (p.entra ? [p.entra.userPrincipalName] : []));
const orChain = (n: number) => upns.slice(0, n).map((u) => `userPrincipalName eq '${u}'`).join(" or ");

describe("a limited-users filter over Graph's 15-clause limit", () => {
  it("fails the limited-users part of the run with Graph's own message, which names the count and the limit", async () => {
    const solutionId = (await createDemoSolution()).id;
    const integrationId = (await createIntegration(world, solutionId)).id;
    await db.integration.update({ where: { id: integrationId }, data: { limitedUsersMode: "QUERY", limitedUsersFilter: orChain(16) } });

    const result = await sync(world, { integrationId, trigger: "SETUP" });
    expect(result).toMatchObject({ status: "FAILED", complete: true, error: { code: "Request_UnsupportedQuery" } });
    const integration = await db.integration.findUniqueOrThrow({ where: { id: integrationId } });
    expect(integration.statusCode).toBe("Request_UnsupportedQuery");
    expect(integration.statusMessage).toMatch(
      /^Limited users were not updated: Request_UnsupportedQuery: Too many child clauses specified in search filter expression containing 'OR' operators: 16\. Max allowed: 15\./,
    );
    expect(integration.statusMessage).toContain("check the limited-users filter");

    // 15 is within the limit: the same filter one name shorter works.
    await db.integration.update({ where: { id: integrationId }, data: { limitedUsersFilter: orChain(15), configVersion: { increment: 1 } } });
    expect(await sync(world, { integrationId, trigger: "CONFIG_CHANGE", mode: "AUTO" })).toMatchObject({ status: "SUCCEEDED" });
  });
});
