import type { TokenSigner } from "../identity/jwt";

/**
 * Opaque `$skiptoken`/`$deltatoken` values: base64url JSON plus a MAC with this process's key, so
 * a client can neither forge a position nor carry one across an emulator restart (it gets the
 * same answer as for an expired token).
 */
export function sealToken(signer: TokenSigner, payload: object): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${signer.mac(body).slice(0, 22)}`;
}

export function openToken<T>(signer: TokenSigner, token: string): T | undefined {
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const body = token.slice(0, dot);
  if (signer.mac(body).slice(0, 22) !== token.slice(dot + 1)) return undefined;
  try {
    return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as T;
  } catch {
    return undefined;
  }
}
