import { randomInt, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ControlInputError, newUserData, normaliseUserPatch } from "./user-input";
import { isAbsoluteUri } from "../identity/redirect-uri";
import { issueAccessToken } from "../identity/token-endpoint";
import { bearerToken, readBody, sendJson } from "../http-util";
import { newSecret, type EmulatorState, type Tenant } from "../state/emulator-state";
import { NotFoundError } from "../state/errors";
import { summariseApps, summariseTenant } from "../state/summary";
import { seedGeneratedTenant } from "../seed";
import type { EmulatorContext } from "../context";

type Json = Record<string, unknown>;
type Handler = (ctx: EmulatorContext, params: string[], body: Json, query: URLSearchParams) => unknown;

const DAY_MS = 24 * 3600 * 1000;

function num(value: unknown, name: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new ControlInputError(`'${name}' must be a number`);
  return value;
}

function roles(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((r) => typeof r === "string")) throw new ControlInputError("'roles' must be an array of strings");
  return value;
}

/** Entra refuses to register a redirect URI that is not absolute; so does the control API, instead of failing at consent time. */
function redirectUris(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((u) => typeof u === "string")) throw new ControlInputError("'redirectUris' must be an array of strings");
  const invalid = value.find((u) => !isAbsoluteUri(u));
  if (invalid !== undefined) throw new ControlInputError(`'redirectUris' must hold absolute URIs; got '${invalid}'`);
  return value;
}

const tenantOf = (state: EmulatorState, key: string): Tenant => state.requireTenant(key);
const userJson = (u: { id: string; data: Json; deletedDateTime: string | null }) => ({ ...u.data, id: u.id, deletedDateTime: u.deletedDateTime });

/** `[method, pattern, handler]`; pattern groups become `params`. */
const ROUTES: [string, RegExp, Handler][] = [
  ["GET", /^\/state$/, (ctx) => ({ tenants: [...ctx.state.tenants.values()].map((t) => summariseTenant(ctx.state, t)), tokenLifetimeSeconds: ctx.state.tokenLifetimeSeconds, consents: ctx.state.listConsents() })],
  ["POST", /^\/tenants$/, (ctx, _p, b) => {
    const tenant = seedGeneratedTenant(ctx.state, { users: num(b.users, "users", 0), seed: num(b.seed, "seed", randomInt(1, 1_000_000)), displayName: b.displayName as string | undefined, domain: b.domain as string | undefined });
    return summariseTenant(ctx.state, tenant);
  }],
  ["POST", /^\/tenants\/([^/]+)\/users$/, (ctx, [t], b) => {
    const tenant = tenantOf(ctx.state, t);
    return userJson(tenant.directory.create(newUserData(b, tenant.domains[0])));
  }],
  ["GET", /^\/tenants\/([^/]+)\/users\/([^/]+)$/, (ctx, [t, u]) => {
    const user = tenantOf(ctx.state, t).directory.find(u) ?? tenantOf(ctx.state, t).directory.findActive(u);
    if (!user) throw new NotFoundError(`Unknown user '${u}'`);
    return userJson(user);
  }],
  ["PATCH", /^\/tenants\/([^/]+)\/users\/([^/]+)$/, (ctx, [t, u], b) => userJson(tenantOf(ctx.state, t).directory.update(u, normaliseUserPatch(b)))],
  ["POST", /^\/tenants\/([^/]+)\/users\/([^/]+)\/disable$/, (ctx, [t, u]) => userJson(tenantOf(ctx.state, t).directory.update(u, { accountEnabled: false }))],
  ["POST", /^\/tenants\/([^/]+)\/users\/([^/]+)\/enable$/, (ctx, [t, u]) => userJson(tenantOf(ctx.state, t).directory.update(u, { accountEnabled: true }))],
  ["POST", /^\/tenants\/([^/]+)\/users\/([^/]+)\/restore$/, (ctx, [t, u]) => userJson(tenantOf(ctx.state, t).directory.restore(u))],
  ["DELETE", /^\/tenants\/([^/]+)\/users\/([^/]+)$/, (ctx, [t, u], _b, q) => {
    const directory = tenantOf(ctx.state, t).directory;
    if (q.get("mode") === "hard") directory.hardDelete(u);
    else directory.softDelete(u);
    return { ok: true };
  }],
  ["POST", /^\/tenants\/([^/]+)\/delta\/reset$/, (ctx, [t]) => ({ deltaEpoch: ++tenantOf(ctx.state, t).directory.deltaEpoch })],
  ["PUT", /^\/tenants\/([^/]+)\/consents\/([^/]+)$/, (ctx, [t, c], b) => {
    const tenant = tenantOf(ctx.state, t);
    const app = ctx.state.requireApp(c);
    return ctx.state.setConsent(tenant.id, app.clientId, roles(b.roles));
  }],
  ["DELETE", /^\/tenants\/([^/]+)\/consents\/([^/]+)$/, (ctx, [t, c]) => ({ revoked: ctx.state.revokeConsent(tenantOf(ctx.state, t).id, c) })],
  ["GET", /^\/apps$/, (ctx) => summariseApps(ctx.state)],
  ["POST", /^\/apps$/, (ctx, _p, b) => {
    const home = tenantOf(ctx.state, String(b.homeTenant ?? ""));
    const secret = newSecret({ endDateTime: new Date(Date.now() + num(b.secretExpiresInDays, "secretExpiresInDays", 180) * DAY_MS) });
    const app = ctx.state.addApp({ displayName: String(b.displayName ?? "Test app"), homeTenantId: home.id, multiTenant: b.multiTenant === true, requestedRoles: b.roles ? roles(b.roles) : ["User.Read.All"], redirectUris: b.redirectUris === undefined ? [] : redirectUris(b.redirectUris), secrets: [secret] });
    if (b.consent !== false) ctx.state.setConsent(home.id, app.clientId, app.requestedRoles);
    return { clientId: app.clientId, clientSecret: secret.value, secretId: secret.keyId, endDateTime: secret.endDateTime };
  }],
  ["POST", /^\/apps\/([^/]+)\/secrets\/expire$/, (ctx, [c], b) => {
    const app = ctx.state.requireApp(c);
    const past = new Date(Date.now() - 1000).toISOString();
    for (const s of app.secrets) if (!b.secretId || s.keyId === b.secretId) s.endDateTime = past;
    return { expired: app.secrets.filter((s) => s.endDateTime === past).map((s) => s.keyId) };
  }],
  ["POST", /^\/apps\/([^/]+)\/secrets\/rotate$/, (ctx, [c], b) => {
    const app = ctx.state.requireApp(c);
    const secret = newSecret({ endDateTime: new Date(Date.now() + num(b.expiresInDays, "expiresInDays", 180) * DAY_MS) });
    app.secrets = b.keepOld === true ? [...app.secrets, secret] : [secret];
    return { clientSecret: secret.value, secretId: secret.keyId, hint: secret.hint, endDateTime: secret.endDateTime };
  }],
  ["PUT", /^\/apps\/([^/]+)\/redirect-uris$/, (ctx, [c], b) => {
    const app = ctx.state.requireApp(c);
    app.redirectUris = redirectUris(b.redirectUris);
    return { clientId: app.clientId, redirectUris: app.redirectUris };
  }],
  ["POST", /^\/apps\/([^/]+)\/(disable|enable)$/, (ctx, [c, action]) => {
    const app = ctx.state.requireApp(c);
    app.disabled = action === "disable";
    return { clientId: app.clientId, disabled: app.disabled };
  }],
  ["PUT", /^\/token-lifetime$/, (ctx, _p, b) => ({ seconds: (ctx.state.tokenLifetimeSeconds = Math.max(1, Math.floor(num(b.seconds, "seconds")))) })],
  ["POST", /^\/tokens$/, (ctx, _p, b) => {
    const tenant = tenantOf(ctx.state, String(b.tenant ?? ""));
    const app = ctx.state.requireApp(String(b.clientId ?? ""));
    const granted = b.roles === undefined ? ctx.state.grantedRoles(app, tenant.id) : roles(b.roles);
    const issued = issueAccessToken(ctx, {
      tenant, app, roles: granted,
      lifetimeSeconds: b.lifetimeSeconds === undefined ? undefined : num(b.lifetimeSeconds, "lifetimeSeconds"),
      audience: typeof b.audience === "string" ? b.audience : undefined,
      notBeforeOffsetSeconds: b.notBeforeOffsetSeconds === undefined ? undefined : num(b.notBeforeOffsetSeconds, "notBeforeOffsetSeconds"),
    });
    return { accessToken: issued.token, expiresIn: issued.expiresIn };
  }],
  ["GET", /^\/faults$/, (ctx) => ctx.faults.snapshot()],
  ["DELETE", /^\/faults$/, (ctx) => (ctx.faults.clear(), ctx.faults.snapshot())],
  ["POST", /^\/faults\/throttle$/, (ctx, _p, b) => (ctx.faults.throttleNext(num(b.count, "count"), num(b.retryAfterSeconds, "retryAfterSeconds", 1)), ctx.faults.snapshot())],
  ["POST", /^\/faults\/unavailable$/, (ctx, _p, b) => {
    const retryAfter = b.retryAfterSeconds === undefined ? null : num(b.retryAfterSeconds, "retryAfterSeconds");
    if (b.page !== undefined) ctx.faults.unavailableOnPage(num(b.page, "page"), num(b.count, "count", 1), retryAfter);
    else ctx.faults.unavailableNext(num(b.count, "count"), retryAfter);
    return ctx.faults.snapshot();
  }],
  ["POST", /^\/faults\/reset$/, (ctx, _p, b) => (ctx.faults.resetAfterPage(num(b.afterPage, "afterPage"), num(b.count, "count", 1)), ctx.faults.snapshot())],
  ["PUT", /^\/faults\/latency$/, (ctx, _p, b) => (ctx.faults.setLatency(num(b.ms, "ms")), ctx.faults.snapshot())],
  ["PUT", /^\/faults\/delta-replay$/, (ctx, _p, b) => (ctx.faults.replayDeltaRounds(num(b.rounds, "rounds")), ctx.faults.snapshot())],
  ["GET", /^\/requests$/, (ctx, _p, _b, q) => {
    const area = q.get("area") as "graph" | "login" | null;
    const entries = ctx.log.list({ area: area ?? undefined, sinceSeq: q.get("since") ? Number(q.get("since")) : undefined });
    return { total: entries.length, counts: ctx.log.counts(), entries };
  }],
  ["DELETE", /^\/requests$/, (ctx) => (ctx.log.reset(), { ok: true })],
];

function authorised(ctx: EmulatorContext, req: IncomingMessage): boolean {
  const token = bearerToken(req);
  // Fail closed: no token never matches, whatever the emulator was started with.
  if (!token || !ctx.controlToken) return false;
  const given = Buffer.from(token);
  const expected = Buffer.from(ctx.controlToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `/_control/...`: fails closed without the control token printed at start. */
export async function handleControl(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  if (!authorised(ctx, req)) return sendJson(res, 401, { error: "unauthorized", message: "Control API requires 'Authorization: Bearer <controlToken>'" });
  const route = ROUTES.find(([method, pattern]) => method === req.method && pattern.test(path));
  if (!route) return sendJson(res, 404, { error: "not_found", message: `No control route ${req.method} ${path}` });
  const params = route[1].exec(path)!.slice(1).map(decodeURIComponent);
  try {
    const text = await readBody(req);
    const body = text ? (JSON.parse(text) as Json) : {};
    sendJson(res, 200, (await route[2](ctx, params, body, query)) ?? { ok: true });
  } catch (error) {
    if (error instanceof NotFoundError) return sendJson(res, 404, { error: "not_found", message: error.message });
    // Bad JSON, bad input and state conflicts (duplicate UPN, unknown property) are the caller's to fix.
    if (error instanceof Error) return sendJson(res, 400, { error: "bad_request", message: error.message });
    throw error;
  }
}
