// Transport failures as Node/undici report them: a code on the error or somewhere down its `cause`
// chain (fetch wraps everything in `TypeError: fetch failed`), or only a message for a body cut off
// mid-read ("terminated") or a socket closed by the peer ("other side closed").

const TLS_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);

const SOCKET_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

const MESSAGE_CODES: [RegExp, string][] = [
  [/other side closed/i, "UND_ERR_SOCKET"],
  [/socket hang up/i, "ECONNRESET"],
  [/^terminated$/i, "TERMINATED"],
  [/fetch failed/i, "FETCH_FAILED"],
];

export function isTlsCode(code: string): boolean {
  return TLS_CODES.has(code);
}

function ownCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (TLS_CODES.has(code) || SOCKET_CODES.has(code)) ? code : undefined;
}

/** The most specific transport code in the error's cause chain, or null when it is not a network failure. */
export function findNetworkCode(error: unknown): string | null {
  let fallback: string | null = null;
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    const code = ownCode(current);
    if (code) return code;
    const message = current instanceof Error ? current.message : typeof current === "string" ? current : "";
    // Some wrappers (MSAL's network_error) keep only the text: "connect ECONNREFUSED 127.0.0.1:443".
    const named = /\b([A-Z][A-Z_]{4,})\b/g;
    for (let m = named.exec(message); m; m = named.exec(message)) {
      if (TLS_CODES.has(m[1]) || SOCKET_CODES.has(m[1])) return m[1];
    }
    fallback ??= MESSAGE_CODES.find(([pattern]) => pattern.test(message))?.[1] ?? null;
    current = (current as { cause?: unknown }).cause;
  }
  return fallback;
}
