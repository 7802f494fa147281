import type { IncomingMessage } from "node:http";
import { GraphHttpError, insufficientPrivileges } from "./graph-error";
import type { Access } from "./projection";
import { GRAPH_APP_ID, GRAPH_AUDIENCES } from "../identity/jwt";
import { bearerToken } from "../http-util";
import type { EmulatorContext } from "../context";
import type { Tenant } from "../state/emulator-state";

export interface GraphCaller {
  tenant: Tenant;
  appId: string;
  roles: string[];
}

const FULL_READ = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];

function unauthorized(ctx: EmulatorContext, message: string): GraphHttpError {
  // Graph names the identity platform and its own app id in the challenge.
  const challenge = `Bearer realm="", authorization_uri="${ctx.urls.loginUrl}/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`;
  return new GraphHttpError(401, "InvalidAuthenticationToken", message, { "www-authenticate": challenge });
}

/** Validates the bearer token the way Graph's front door does; no clock skew, so short test lifetimes bite. */
export function authenticate(ctx: EmulatorContext, req: IncomingMessage): GraphCaller {
  const token = bearerToken(req);
  if (!token) throw unauthorized(ctx, "Access token is empty.");
  if (token.split(".").length !== 3) throw unauthorized(ctx, "CompactToken parsing failed with error code: 80049217");
  const claims = ctx.signer.verify(token);
  if (!claims) throw unauthorized(ctx, "Access token validation failure.");
  if (!GRAPH_AUDIENCES.has(claims.aud)) throw unauthorized(ctx, "Access token validation failure. Invalid audience.");
  const now = Date.now() / 1000;
  if (claims.exp <= now || claims.nbf > now) throw unauthorized(ctx, "Access token has expired or is not yet valid.");
  const tenant = ctx.state.tenants.get(claims.tid);
  if (!tenant) throw unauthorized(ctx, "Access token validation failure.");
  return { tenant, appId: claims.appid, roles: claims.roles ?? [] };
}

/**
 * Reading users needs User.Read.All/Directory.Read.All; User.ReadBasic.All gets the basic profile
 * only; no role at all is 403 (https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0).
 */
export function userReadAccess(caller: GraphCaller): Access {
  if (caller.roles.some((r) => FULL_READ.includes(r))) return "full";
  if (caller.roles.includes("User.ReadBasic.All")) return "basic";
  throw insufficientPrivileges();
}
