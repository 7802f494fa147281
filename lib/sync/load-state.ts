import "server-only";
import { openSecret } from "@/lib/crypto/secret-box";
import { db, queryRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { CredentialInput } from "@/lib/graph/credentials";
import { storedNumber } from "@/lib/sync/core/normalise-number";
import type { AdminChoices, ExistingLink, FieldMapping, SwitchboardField, SwitchboardUser } from "@/lib/sync/core/types";
import type { SyncConfig } from "./config";

export type IntegrationForSync = Awaited<ReturnType<typeof loadIntegration>>;

/** The integration row with its mappings and admin choices; the secret is decrypted here and nowhere else. */
export async function loadIntegration(integrationId: string) {
  const row = await db.integration.findUniqueOrThrow({
    where: { id: integrationId },
    select: {
      id: true,
      solutionId: true,
      mode: true,
      status: true,
      statusMessage: true,
      tenantId: true,
      tenantGuid: true,
      clientId: true,
      clientSecretEnc: true,
      limitedUsersMode: true,
      limitedUsersFilter: true,
      limitedUsersSearch: true,
      configVersion: true,
      syncedConfigVersion: true,
      syncRequestedAt: true,
      lastFullSyncAt: true,
      deltaLink: true,
      switchboardFingerprint: true,
      solution: { select: { region: true } },
      mappings: { select: { property: true, target: true }, orderBy: { position: "asc" } },
      choices: { select: { kind: true, key: true, value: true, decidedAt: true } },
    },
  });
  const choices: AdminChoices = { sharedNumbers: {}, multipleCandidates: {} };
  let lastChoiceAt: Date | null = null;
  for (const c of row.choices) {
    if (!lastChoiceAt || c.decidedAt > lastChoiceAt) lastChoiceAt = c.decidedAt;
    if (c.kind === "NUMBER_OWNER") choices.sharedNumbers[c.key] = c.value;
    else choices.multipleCandidates[c.key] = c.value;
  }
  const { clientSecretEnc, choices: _raw, mappings, solution, ...rest } = row;
  return {
    ...rest,
    region: solution.region,
    mappings: mappings.map((m) => ({ property: m.property, target: m.target as SwitchboardField })) as FieldMapping[],
    choices,
    lastChoiceAt,
    secretEnvelope: clientSecretEnc,
  };
}

export async function setupFinished(integrationId: string): Promise<boolean> {
  const row = await db.integration.findUniqueOrThrow({ where: { id: integrationId }, select: { setupCompletedAt: true } });
  return row.setupCompletedAt !== null;
}

/** What @azure/identity needs for this integration, or a UserFacing reason why it cannot be built. */
export function credentialsFor(integration: IntegrationForSync, config: SyncConfig): CredentialInput {
  const tenant = integration.tenantGuid ?? integration.tenantId;
  if (integration.mode === "AUTOMATED") {
    if (!config.provider) throw new CredentialsMissingError("The provider app's client id and secret are not configured on the server.");
    return { mode: "automated", tenant, provider: config.provider };
  }
  if (!integration.clientId || !integration.secretEnvelope) {
    throw new CredentialsMissingError("The integration has no client id or client secret.");
  }
  return { mode: "manual", tenant, clientId: integration.clientId, clientSecret: openSecret(integration.secretEnvelope, config.encryptionKey) };
}

export class CredentialsMissingError extends Error {
  readonly code = "CredentialsIncomplete";
  constructor(message: string) {
    super(message);
    this.name = "CredentialsMissingError";
  }
}

/** The switchboard user columns a plan reads (and tests compare). */
export const switchboardUserSelect = {
  id: true,
  kind: true,
  displayName: true,
  firstName: true,
  lastName: true,
  title: true,
  department: true,
  email: true,
  location: true,
  company: true,
  tags: true,
} as const;

/** Switchboard users in the core's shape; all of the solution, or the given ids. */
type NumberRow = { id: string; userId: string; raw: string; e164: string | null };

function withNumbers(users: UserRow[], numbers: NumberRow[]): SwitchboardUser[] {
  const byUser = new Map<string, SwitchboardUser["numbers"]>();
  for (const n of numbers) {
    const list = byUser.get(n.userId) ?? [];
    list.push({ id: n.id, raw: n.raw, e164: n.e164 });
    byUser.set(n.userId, list);
  }
  return users.map(({ id, kind, tags, ...fields }) => ({ id, kind, fields, tags, numbers: byUser.get(id) ?? [] }));
}

// Plain SQL to the driver rather than findMany or $queryRaw: for the 100k rows a full run's slices
// load in all, Prisma's result mapping costs more than the query.
// Array parameters keep one statement shape whatever the number of ids, so a delta round pays no
// query planning per round.

type UserRow = { id: string; kind: "FULL" | "LIMITED"; tags: string[] } & SwitchboardUser["fields"];

/** These switchboard users of the solution, in the core's shape. */
export async function loadSwitchboardUsers(solutionId: string, ids: string[]): Promise<SwitchboardUser[]> {
  if (ids.length === 0) return [];
  const [userRows, numberRows] = await Promise.all([
    queryRows<UserRow>(Prisma.sql`
      SELECT id, kind::text AS kind, "displayName", "firstName", "lastName", title, department, email, location, company, tags
      FROM "SwitchboardUser" WHERE "solutionId" = ${solutionId} AND id = ANY(${ids}::text[])`),
    queryRows<NumberRow>(Prisma.sql`
      SELECT id, "userId", raw, e164 FROM "PhoneNumber" WHERE "solutionId" = ${solutionId} AND "userId" = ANY(${ids}::text[]) ORDER BY "createdAt", id`),
  ]);
  return withNumbers(userRows, numberRows);
}

/** Switchboard users holding any of these numbers, by stored E.164 (see unstoredNumberHolders for the rest). */
export async function switchboardUserIdsWithNumbers(solutionId: string, e164s: string[]): Promise<string[]> {
  if (e164s.length === 0) return [];
  const rows = await db.$queryRaw<{ userId: string }[]>`
    SELECT DISTINCT "userId" FROM "PhoneNumber" WHERE "solutionId" = ${solutionId} AND e164 = ANY(${e164s}::text[])`;
  return rows.map((r) => r.userId);
}

/**
 * E.164 → switchboard users holding it in a number stored without E.164: one not normalised yet, or
 * a second spelling of a number another user holds (the unique (solutionId, e164) index never lets
 * it be stored). A whole plan parses their raw text and matches them, so a partial run must find
 * them too. Only those rows are read, and parsed once per run however many rounds ask.
 */
export async function unstoredNumberHolders(solutionId: string, region: string): Promise<Map<string, string[]>> {
  const rows = await db.$queryRaw<{ userId: string; raw: string }[]>`
    SELECT "userId", raw FROM "PhoneNumber" WHERE "solutionId" = ${solutionId} AND e164 IS NULL`;
  const holders = new Map<string, string[]>();
  for (const { userId, raw } of rows) {
    const { e164 } = storedNumber(raw, region);
    if (!e164) continue;
    const list = holders.get(e164);
    if (list) list.push(userId);
    else holders.set(e164, [userId]);
  }
  return holders;
}

/** A link as the core reads it. */
const LINK_ROW = Prisma.sql`SELECT "switchboardUserId", "objectId", "phoneNumberId", origin::text AS origin, "syncEnabled" FROM "Link"`;

/** Links of the integration touching these Entra users or switchboard users. */
export async function loadLinksTouching(integrationId: string, touching: { objectIds: string[]; switchboardUserIds: string[] }): Promise<ExistingLink[]> {
  return queryRows<ExistingLink>(Prisma.sql`
    ${LINK_ROW}
    WHERE "integrationId" = ${integrationId} AND "objectId" = ANY(${touching.objectIds}::text[])
    UNION
    ${LINK_ROW}
    WHERE "integrationId" = ${integrationId} AND "switchboardUserId" = ANY(${touching.switchboardUserIds}::text[])`);
}

/**
 * Every number of every switchboard user another integration of the solution feeds (a link feeds the
 * whole user). Asked by integration, so the links' (integrationId, …) index answers it and a solution
 * with one integration costs nothing, however many links it has. A number stored without E.164 is
 * read as the plan reads it (unstoredNumberHolders says why there are such numbers).
 */
export async function loadForeignNumbers(solutionId: string, integrationId: string, region: string): Promise<Record<string, string>> {
  const rows = await db.$queryRaw<{ e164: string | null; raw: string; integrationId: string }[]>`
    SELECT n.e164, n.raw, l."integrationId"
    FROM "Link" l JOIN "PhoneNumber" n ON n."userId" = l."switchboardUserId"
    WHERE l."integrationId" IN (SELECT id FROM "Integration" WHERE "solutionId" = ${solutionId} AND id <> ${integrationId})`;
  const foreign: Record<string, string> = {};
  for (const row of rows) {
    const e164 = row.e164 ?? storedNumber(row.raw, region).e164;
    if (e164) foreign[e164] = row.integrationId;
  }
  return foreign;
}

export async function countLinks(integrationId: string): Promise<number> {
  return db.link.count({ where: { integrationId } });
}
