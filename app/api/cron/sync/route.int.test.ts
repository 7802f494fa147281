import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createDemoSolution, createIntegration, useSyncWorld } from "@/lib/testing/sync-fixture";
import { integrationRow, links, parkOtherIntegrations } from "@/lib/testing/sync-state";

// Without this spec anyone who finds the URL could make the portal hammer every customer's tenant
// (or a deployment without CRON_SECRET would be wide open), and a cron call that ran nothing — or
// ran the wrong thing — would look the same as one that worked.

const URL_ = "http://localhost/api/cron/sync";
const configuredSecret = process.env.CRON_SECRET!;
const savedEnv = { ...process.env };

const world = useSyncWorld();
let integrationId: string;

beforeAll(async () => {
  // The route reads its configuration from the environment, as on Vercel: point it at the emulator.
  Object.assign(process.env, {
    ENTRA_AUTHORITY_HOST: world.config.authorityHost,
    GRAPH_BASE_URL: world.config.graphBaseUrl,
    ENTRA_PROVIDER_CLIENT_ID: world.config.provider!.clientId,
    ENTRA_PROVIDER_CLIENT_SECRET: world.config.provider!.clientSecret,
  });
  const solutionId = (await createDemoSolution()).id;
  integrationId = (await createIntegration(world, solutionId)).id;
  await parkOtherIntegrations([integrationId]);
});

afterAll(async () => {
  process.env = savedEnv;
});

/** The route with a fresh lib/env.ts (it caches the environment on first use). */
async function routeWith(cronSecret: string | undefined) {
  if (cronSecret === undefined) delete process.env.CRON_SECRET;
  else process.env.CRON_SECRET = cronSecret;
  vi.resetModules();
  return (await import("./route")).GET;
}

const call = (GET: (r: Request) => Promise<Response>, authorization?: string, query = "") =>
  GET(new Request(`${URL_}${query}`, { headers: authorization === undefined ? {} : { authorization } }));

// https://vercel.com/docs/cron-jobs/manage-cron-jobs#securing-cron-jobs — `Authorization: Bearer <CRON_SECRET>`
describe("GET /api/cron/sync", () => {
  it("401 without an Authorization header, with a wrong secret or scheme — and runs nothing", async () => {
    const GET = await routeWith(configuredSecret);
    const runs = await db.syncRun.count();
    for (const header of [undefined, "", "Bearer", `Bearer ${configuredSecret}x`, `Bearer wrong`, configuredSecret, `Basic ${configuredSecret}`]) {
      const response = await call(GET, header);
      expect(response.status, String(header)).toBe(401);
      expect(await response.json()).toEqual({ error: "Unauthorized" });
    }
    expect(await db.syncRun.count()).toBe(runs);
  });

  it("401 for everyone when no CRON_SECRET is configured (fail closed)", async () => {
    const GET = await routeWith(undefined);
    for (const header of [undefined, "Bearer ", "Bearer undefined", `Bearer ${configuredSecret}`]) {
      expect((await call(GET, header)).status, String(header)).toBe(401);
    }
    // An empty value counts as unset too.
    expect((await call(await routeWith(""), "Bearer ")).status).toBe(401);
  });

  it("200 with the secret: runs what is due and says what ran; a second call finds nothing due", async () => {
    const GET = await routeWith(configuredSecret);
    const response = await call(GET, `Bearer ${configuredSecret}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ due: 1, leftForNextTick: 0, ran: [{ integrationId, status: "SUCCEEDED", mode: "FULL", error: null }] });
    expect(await integrationRow(integrationId)).toMatchObject({ status: "OK", statusCode: null });
    expect((await links(integrationId)).size).toBeGreaterThan(0);
    expect(await db.syncRun.findMany({ where: { integrationId }, select: { trigger: true, status: true } })).toEqual([{ trigger: "CONFIG_CHANGE", status: "SUCCEEDED" }]);

    const again = await call(GET, `Bearer ${configuredSecret}`);
    expect(await again.json()).toEqual({ due: 0, leftForNextTick: 0, ran: [] });
  });

  it("?integration=<id> runs that integration now (npm run sync); an unknown id is a 404", async () => {
    const GET = await routeWith(configuredSecret);
    const response = await call(GET, `Bearer ${configuredSecret}`, `?integration=${integrationId}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ integrationId, status: "SUCCEEDED", mode: "FULL", complete: true });
    expect((await call(GET, `Bearer ${configuredSecret}`, "?integration=no-such-integration")).status).toBe(404);
    // Characters PostgreSQL refuses in text (NUL) are an unknown id too, not a server error.
    expect((await call(GET, `Bearer ${configuredSecret}`, "?integration=%00")).status).toBe(404);
    expect((await call(GET, undefined, `?integration=${integrationId}`)).status).toBe(401);
  });
});
