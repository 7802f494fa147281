// What Microsoft support asks for about one failed Graph request: its `request-id`, the
// `client-request-id` we sent (Graph echoes it) and when it happened
// (https://learn.microsoft.com/en-us/graph/errors: response headers, and the error body's innerError).

export interface SupportIds {
  requestId?: string;
  clientRequestId?: string;
  /** ISO 8601 UTC, to the second: `2026-11-27T18:28:00Z`. */
  date?: string;
}

type HeaderSource = { get(name: string): string | null } | null | undefined;

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** An HTTP date (`Fri, 27 Nov 2026 18:28:00 GMT`) or innerError's zone-less UTC `2026-11-27T18:28:00` as ISO UTC. */
function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const zoned = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(value) ? `${value}Z` : value;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The innerError of a Graph error body: `{error:{innerError}}` as sent, or the `error` object alone
 * (GraphError.body is `JSON.stringify(error)`), as text or parsed. Graph sends `innerError`; its doc
 * schema spells it `innererror` (reference §5): both are read.
 */
function innerErrorOf(body: unknown): Record<string, unknown> | null {
  let value = body;
  if (typeof value === "string") {
    if (!value.trimStart().startsWith("{")) return null;
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!value || typeof value !== "object") return null;
  const record = value as Record<string, unknown>;
  const error = record.error && typeof record.error === "object" ? (record.error as Record<string, unknown>) : record;
  const inner = error.innerError ?? error.innererror;
  return inner && typeof inner === "object" ? (inner as Record<string, unknown>) : null;
}

/** Response headers first, then the body's innerError, then what the caller already knows (the SDK's `requestId`). */
export function supportIdsFrom(input: { headers?: HeaderSource; body?: unknown; requestId?: string | null; clientRequestId?: string | null }): SupportIds {
  const header = (name: string) => nonEmpty(input.headers?.get(name) ?? undefined);
  let inner: Record<string, unknown> | null | undefined;
  const fromBody = (name: string) => nonEmpty((inner ??= innerErrorOf(input.body))?.[name]);
  const ids: SupportIds = {};
  const requestId = header("request-id") ?? fromBody("request-id") ?? nonEmpty(input.requestId);
  const clientRequestId = header("client-request-id") ?? fromBody("client-request-id") ?? nonEmpty(input.clientRequestId);
  const date = isoDate(header("date")) ?? isoDate(fromBody("date"));
  if (requestId) ids.requestId = requestId;
  if (clientRequestId) ids.clientRequestId = clientRequestId;
  if (date) ids.date = date;
  return ids;
}

/** ` (request-id …, client-request-id …, 2026-11-27T18:28:00Z)`, or "" when no id is known (a date alone helps nobody). */
export function supportSuffix(ids: SupportIds | undefined): string {
  if (!ids || (!ids.requestId && !ids.clientRequestId)) return "";
  const parts = [ids.requestId && `request-id ${ids.requestId}`, ids.clientRequestId && `client-request-id ${ids.clientRequestId}`, ids.date].filter(Boolean);
  return ` (${parts.join(", ")})`;
}
