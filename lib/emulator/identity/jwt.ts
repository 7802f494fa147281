import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const GRAPH_AUDIENCE = "https://graph.microsoft.com";
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
/** The ways a token or scope may name Microsoft Graph: its URI (with or without a trailing slash) or its app id. */
export const GRAPH_AUDIENCES: ReadonlySet<string> = new Set([GRAPH_AUDIENCE, `${GRAPH_AUDIENCE}/`, GRAPH_APP_ID]);

export interface AccessTokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  app_displayname: string;
  appid: string;
  appidacr: "1";
  idp: string;
  idtyp: "app";
  oid: string;
  roles?: string[];
  sub: string;
  tid: string;
  uti: string;
  ver: "1.0";
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * Tokens are JWT-shaped like Entra's, but signed HS256 with a key that lives only in this process:
 * nobody outside should validate Graph tokens (Microsoft calls them opaque to clients), and a
 * restarted emulator rejecting old tokens mirrors a revoked signing key.
 */
export class TokenSigner {
  private readonly key = randomBytes(32);

  sign(claims: AccessTokenClaims): string {
    const head = b64({ typ: "JWT", alg: "HS256", kid: "graph-emulator" });
    const body = b64(claims);
    return `${head}.${body}.${this.mac(`${head}.${body}`)}`;
  }

  /** Returns the claims when the signature is ours; undefined for anything malformed or foreign. */
  verify(token: string): AccessTokenClaims | undefined {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    const expected = Buffer.from(this.mac(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      return JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as AccessTokenClaims;
    } catch {
      return undefined;
    }
  }

  /** Same key, for opaque paging/delta tokens that must not be forgeable or survive a restart. */
  mac(text: string): string {
    return createHmac("sha256", this.key).update(text).digest("base64url");
  }
}
