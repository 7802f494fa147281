import { GraphError } from "@microsoft/microsoft-graph-client";
import type { ErrorKind } from "./catalogue-types";
import { describeError, isCatalogued } from "./error-catalogue";
import { DELTA_EXPIRED_CODES } from "./delta-page";
import { findNetworkCode, isTlsCode } from "./network-codes";
import { supportIdsFrom, supportSuffix, type SupportIds } from "./support-ids";
import {
  DeltaExpiredError,
  GraphConfigError,
  GraphNetworkError,
  MissingPermissionError,
  NextLinkHostError,
  ThrottledError,
  UnexpectedResponseError,
  UserNotFoundError,
} from "./typed-errors";

export interface ClassifiedError {
  /** The catalogue code stored on the integration and the run: `AADSTS7000215`, `TooManyRequests`, … */
  code: string;
  httpStatus?: number;
  /** Microsoft's (or our) message, trimmed; never a secret or token. */
  message: string;
  retryable: boolean;
  kind: ErrorKind;
  /**
   * Graph's request-id, the client-request-id and the time of the failed request, for Microsoft
   * support; when there is an id, `message` ends with them too (it is what the run and the
   * integration store).
   */
  support?: SupportIds;
}

const MAX_MESSAGE = 600;

function classified(code: string, message: string, httpStatus?: number, support?: SupportIds): ClassifiedError {
  const { kind, retryable } = describeError(code);
  // Trimmed before the ids are added: a long message must not cut them off.
  const text = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
  const suffix = supportSuffix(support);
  return {
    code,
    kind,
    retryable,
    message: text + suffix,
    ...(httpStatus !== undefined && httpStatus > 0 ? { httpStatus } : {}),
    ...(suffix ? { support } : {}),
  };
}

/** The stored text of a connection failure outside the Graph and sign-in clients (whose own errors name their host). */
export const NETWORK_FAILED = "a network connection failed; the server log has the details.";

/** A transport failure: a TLS code means the certificate, anything else the network. */
function fromNetworkCode(code: string, message: string): ClassifiedError {
  return classified(isTlsCode(code) ? "CertificateError" : "NetworkError", message);
}

function fromTyped(e: unknown): ClassifiedError | null {
  if (e instanceof ThrottledError) return classified(e.status === 429 ? "TooManyRequests" : "ServiceUnavailable", e.message, e.status, e.support);
  if (e instanceof DeltaExpiredError) return classified("DeltaTokenExpired", e.message, e.status ?? undefined);
  if (e instanceof NextLinkHostError) return classified("GraphHostRefused", e.message);
  if (e instanceof GraphNetworkError) return fromNetworkCode(e.networkCode, e.message);
  if (e instanceof MissingPermissionError) return classified("UserReadAllMissing", e.message);
  if (e instanceof UserNotFoundError) return classified("Request_ResourceNotFound", e.message, 404);
  if (e instanceof UnexpectedResponseError) return classified("UnexpectedResponse", e.message);
  if (e instanceof GraphConfigError) return classified("GraphConfigInvalid", e.message);
  return null;
}

const BY_STATUS: Record<number, string> = {
  401: "InvalidAuthenticationToken",
  403: "Authorization_RequestDenied",
  404: "Request_ResourceNotFound",
  410: "DeltaTokenExpired",
  429: "TooManyRequests",
  501: "NotImplemented",
  503: "ServiceUnavailable",
  504: "ServiceUnavailable",
};
const THROTTLE_CODES = new Set(["toomanyrequests", "request_throttledtemporarily", "activitylimitreached"]);

/** GraphError, also when another copy of the SDK made it (duck-typed on its fields). */
function isGraphError(e: unknown): e is GraphError {
  return e instanceof GraphError || (e instanceof Error && typeof (e as GraphError).statusCode === "number" && "requestId" in e && "body" in e);
}

/**
 * An error thrown inside the SDK's middleware chain that is not a GraphClientError arrives as
 * GraphError{statusCode: -1, code: <the original's class name>, message: <its message>}: the
 * original object, its `errorResponse` and `statusCode` are gone. This rebuilds what fromIdentity reads
 * from that text (AuthenticationError's message carries "Status code: 401").
 */
function unflattened(e: GraphError): Error {
  const status = /Status code: (\d{3})\b/.exec(e.message)?.[1];
  return Object.assign(new Error(e.message), { name: e.code ?? "", ...(status ? { statusCode: Number(status) } : {}) });
}

function fromGraph(e: GraphError): ClassifiedError {
  // The SDK turns a failed fetch into GraphError{statusCode: -1, code: "TypeError"}.
  if (e.statusCode <= 0) {
    const network = findNetworkCode(e);
    if (network) return fromNetworkCode(network, `${network}: ${e.message}`);
    // A token refresh that failed mid-run (expired or rotated secret, revoked consent): the
    // credential's error, flattened by the SDK; its AADSTS code says what the admin must do.
    const identity = fromIdentity(unflattened(e));
    if (identity) return identity;
    return classified("UnexpectedError", e.message || String(e.code));
  }
  const raw = e.code ?? "";
  const lower = raw.toLowerCase();
  const message = `${raw || e.statusCode}: ${e.message}`;
  // The SDK fills `requestId` only from the body's `innerError`; the headers and `innererror` count too.
  const support = supportIdsFrom({ headers: e.headers, body: e.body, requestId: e.requestId });
  if (DELTA_EXPIRED_CODES.has(lower)) return classified("DeltaTokenExpired", message, e.statusCode, support);
  if (THROTTLE_CODES.has(lower)) return classified("TooManyRequests", message, e.statusCode, support);
  const code = isCatalogued(raw) ? raw : BY_STATUS[e.statusCode];
  if (code) return classified(code, message, e.statusCode, support);
  // A Graph code we do not know: keep it for support; a 5xx is worth another try, a 4xx is not.
  return { ...classified(raw || `HTTP${e.statusCode}`, message, e.statusCode, support), kind: "graph", retryable: e.statusCode >= 500 };
}

/** `AADSTS7000215: Invalid client secret provided. …` without the trace lines, plus the correlation id for Microsoft support. */
function aadstsMessage(text: string, code: string): string {
  const start = text.indexOf(code);
  const body = (start >= 0 ? text.slice(start) : text).split(/\r?\n| Trace ID:| - Correlation ID:| - Timestamp:/)[0].trim();
  const correlation = /Correlation ID:\s*([0-9a-f-]{36})/i.exec(text)?.[1];
  return correlation ? `${body} (Correlation ID: ${correlation})` : body;
}

const IDENTITY_ERROR_NAMES = ["AuthenticationRequiredError", "CredentialUnavailableError", "AuthenticationError", "AggregateAuthenticationError"];
const isIdentityError = (e: unknown): e is Error => e instanceof Error && IDENTITY_ERROR_NAMES.includes(e.name);

function fromIdentity(e: unknown): ClassifiedError | null {
  if (!(e instanceof Error)) return null;
  const response = (e as { errorResponse?: { errorCodes?: number[] }; statusCode?: number }).errorResponse;
  const number = /AADSTS(\d{4,})/.exec(e.message)?.[1] ?? /Error\(s\):\s*(\d{4,})/.exec(e.message)?.[1] ?? response?.errorCodes?.[0];
  const status = (e as { statusCode?: number }).statusCode;
  if (number !== undefined) return classified(`AADSTS${number}`, aadstsMessage(e.message, `AADSTS${number}`), status);
  if (/^Invalid tenant id provided/i.test(e.message)) return classified("InvalidTenantId", e.message);
  if (/(tenantId|clientId|clientSecret) is a required parameter/.test(e.message)) return classified("CredentialsIncomplete", e.message.split(". To troubleshoot")[0]);
  if (isIdentityError(e) && findNetworkCode(e) === null) return classified("TokenRequestFailed", e.message, status);
  return null;
}

/**
 * Turns anything the Entra/Graph edge can throw into a catalogue code the integration stores:
 * our typed errors, GraphError (code and status), @azure/identity errors (the AADSTS number from the
 * message or `error_codes`), and transport failures (ECONNRESET, TLS, "terminated").
 */
export function classifyError(e: unknown): ClassifiedError {
  const typed = fromTyped(e);
  if (typed) return typed;
  if (isGraphError(e)) return fromGraph(e);
  const identity = fromIdentity(e);
  if (identity) return identity;
  const network = findNetworkCode(e);
  // The sign-in client's failures say where it went (the authority host: configuration, not a secret).
  // Any other connection failure (the database, a proxy) could name internal hosts: stored and shown
  // is its code only; run-sync logs the whole error on the server.
  if (network) return fromNetworkCode(network, isIdentityError(e) ? `${network}: ${e.message}` : `${network}: ${NETWORK_FAILED}`);
  return classified("UnexpectedError", e instanceof Error ? e.message : String(e));
}

/** Whether what admins see of the error leaves out its details (its text was withheld), so the server log must keep them. */
export function withheldDetails(error: ClassifiedError): boolean {
  return error.code === "UnexpectedError" || error.message.endsWith(NETWORK_FAILED);
}

/**
 * What admins and support are shown: an error the catalogue does not know (a bug, a database failure)
 * keeps its code but not its text, which can carry hostnames or SQL; `logged` names where the server
 * log has the details.
 */
export function forDisplay(error: ClassifiedError, logged: string): ClassifiedError {
  if (error.code !== "UnexpectedError") return error;
  return { ...error, message: `The sync stopped on an unexpected error; the details are in the server log under ${logged}.` };
}
