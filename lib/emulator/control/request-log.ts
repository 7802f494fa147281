import type { IncomingMessage } from "node:http";
import { header } from "../http-util";

export interface RequestLogEntry {
  seq: number;
  at: string;
  area: "graph" | "login";
  method: string;
  /** Path without the query string, e.g. `/v1.0/users`. */
  path: string;
  /** Path with ids and tenants generalised, the key of `counts`: `GET /v1.0/users/{id}`. */
  route: string;
  query: string;
  status: number | "reset";
  durationMs: number;
  tenantId?: string;
  clientId?: string;
  /** Set by the Graph SDK's RetryHandler on retries. */
  retryAttempt?: number;
  consistencyLevel?: string;
  clientRequestId?: string;
  fault?: string;
}

const MAX_ENTRIES = 50_000;

function routeOf(method: string, area: RequestLogEntry["area"], path: string): string {
  const parts = path.split("/");
  if (area === "login" && parts.length > 2) parts[2] = "{tenant}";
  if (area === "graph" && parts[2] === "users" && parts[3] && !["delta", "$count", "microsoft.graph.delta"].includes(parts[3])) parts[3] = "{id}";
  return `${method} ${parts.join("/")}`;
}

/** Every login and Graph request, for tests and the benchmark (request counts, retries, headers). */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;
  private readonly open = new WeakMap<IncomingMessage, RequestLogEntry>();
  private readonly started = new WeakMap<RequestLogEntry, number>();

  begin(req: IncomingMessage, area: RequestLogEntry["area"], path: string, query: string): RequestLogEntry {
    const method = req.method ?? "GET";
    const retry = header(req, "retry-attempt");
    const entry: RequestLogEntry = {
      seq: ++this.seq,
      at: new Date().toISOString(),
      area,
      method,
      path,
      route: routeOf(method, area, path),
      query,
      status: 0,
      durationMs: 0,
      retryAttempt: retry ? Number(retry) : undefined,
      consistencyLevel: header(req, "consistencylevel"),
      clientRequestId: header(req, "client-request-id"),
    };
    this.open.set(req, entry);
    this.started.set(entry, performance.now());
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return entry;
  }

  annotate(req: IncomingMessage, fields: Partial<Pick<RequestLogEntry, "tenantId" | "clientId" | "fault">>): void {
    const entry = this.open.get(req);
    if (entry) Object.assign(entry, fields);
  }

  finish(entry: RequestLogEntry, status: RequestLogEntry["status"]): void {
    entry.status = status;
    entry.durationMs = Math.round((performance.now() - (this.started.get(entry) ?? performance.now())) * 10) / 10;
  }

  list(filter: { area?: RequestLogEntry["area"]; sinceSeq?: number } = {}): RequestLogEntry[] {
    return this.entries.filter((e) => (!filter.area || e.area === filter.area) && (!filter.sinceSeq || e.seq > filter.sinceSeq));
  }

  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.entries) counts[e.route] = (counts[e.route] ?? 0) + 1;
    return counts;
  }

  reset(): void {
    this.entries = [];
  }
}
