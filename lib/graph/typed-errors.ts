import { GraphClientError } from "@microsoft/microsoft-graph-client";
import type { PermissionGap } from "./permissions";
import type { SupportIds } from "./support-ids";

/**
 * Base of every error this edge raises. It extends the SDK's GraphClientError on purpose: the SDK
 * rethrows a GraphClientError thrown inside the middleware chain untouched, while any other error is
 * flattened into a GraphError (statusCode -1) that loses its class and its `cause`.
 */
export abstract class GraphEdgeError extends GraphClientError {
  constructor(name: string, message: string, cause?: unknown) {
    super(message);
    // GraphClientError is compiled ES5 and resets the prototype to its own; restore ours so
    // `instanceof ThrottledError` keeps working.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = name;
    if (cause !== undefined) this.cause = cause;
  }
}

export type ThrottleReason = "budget" | "attempts";

/** Graph kept answering 429/503/504 and waiting longer would exceed the run's budget (or the attempt cap). */
export class ThrottledError extends GraphEdgeError {
  constructor(
    readonly status: number,
    /** The last Retry-After Graph sent, in ms; null when it sent none. */
    readonly retryAfterMs: number | null,
    readonly reason: ThrottleReason,
    readonly attempts: number,
    /** Total wait this run already spent on retries. */
    readonly waitedMs: number,
    /** The last throttled answer's request-id, client-request-id and date, for Microsoft support. */
    readonly support: SupportIds = {},
  ) {
    const after = retryAfterMs === null ? "no Retry-After" : `Retry-After ${Math.ceil(retryAfterMs / 1000)} s`;
    const why = reason === "budget" ? `the retry wait budget is spent (${Math.round(waitedMs / 1000)} s waited)` : `${attempts} attempts failed`;
    super("ThrottledError", `Microsoft Graph answered ${status} (${after}) and ${why}; stopping instead of waiting longer.`);
  }
}

/**
 * The deltaLink can no longer be used (410 Gone, syncStateNotFound, resyncRequired, or a stored link
 * for another Graph origin): the caller falls back to a full read and stores the new link.
 */
export class DeltaExpiredError extends GraphEdgeError {
  constructor(
    /** Graph's HTTP status, or null when the link was refused before any request. */
    readonly status: number | null,
    readonly graphCode: string | null,
    cause?: unknown,
  ) {
    const what = status === null ? "the stored delta link points at another Graph origin" : `Graph answered ${status}${graphCode ? ` ${graphCode}` : ""}`;
    super("DeltaExpiredError", `The delta token is no longer valid (${what}); a full read is needed.`, cause);
  }
}

/** A link or request URL that does not point at the configured Graph origin: our bearer token must not go there. */
export class NextLinkHostError extends GraphEdgeError {
  constructor(
    /** Scheme and host of the refused link only: the rest may carry paging state we do not want in logs. */
    readonly refusedOrigin: string,
    readonly expectedOrigin: string,
  ) {
    super("NextLinkHostError", `Refused to follow a Graph link to ${refusedOrigin}; only ${expectedOrigin} is allowed.`);
  }
}

/** A transport failure below HTTP (reset, refused, DNS, TLS). Never retried here: the caller decides. */
export class GraphNetworkError extends GraphEdgeError {
  constructor(
    /** `ECONNRESET`, `UND_ERR_SOCKET`, `SELF_SIGNED_CERT_IN_CHAIN`, … or `UNKNOWN`. */
    readonly networkCode: string,
    readonly url: string,
    cause: unknown,
  ) {
    super("GraphNetworkError", `Network error talking to ${url}: ${networkCode}`, cause);
  }
}

/** The app's token lacks the Graph application permission the sync needs. */
export class MissingPermissionError extends GraphEdgeError {
  constructor(readonly gap: PermissionGap) {
    super("MissingPermissionError", gap.message);
  }
}

/** `GET /users/{id}` answered 404: the user was deleted or the id is wrong. */
export class UserNotFoundError extends GraphEdgeError {
  constructor(
    readonly userId: string,
    cause?: unknown,
  ) {
    super("UserNotFoundError", `The Entra user '${userId}' no longer exists (Request_ResourceNotFound).`, cause);
  }
}

/** A 2xx answer that is not the documented collection shape; never guess at half a page. */
export class UnexpectedResponseError extends GraphEdgeError {
  constructor(message: string) {
    super("UnexpectedResponseError", message);
  }
}

/** Our own configuration is unusable (e.g. a Graph base URL that is not an https origin). */
export class GraphConfigError extends GraphEdgeError {
  constructor(message: string) {
    super("GraphConfigError", message);
  }
}
