import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate, userReadAccess } from "./auth";
import { DeltaReader } from "./delta";
import { getUser } from "./get-user";
import { GraphHttpError, asGraphError, insufficientPrivileges } from "./graph-error";
import { UserLister } from "./list-users";
import { readQueryOptions } from "./query-options";
import { errorBody, graphHeaders, sendGraphError, sendGraphJson, type RequestIds } from "./respond";
import { header, send, sleep } from "../http-util";
import type { EmulatorContext } from "../context";
import type { PageFault } from "../control/faults";

/** Throttling answer as documented (https://learn.microsoft.com/en-us/graph/throttling). */
function throttled(ids: RequestIds, retryAfterSeconds: number) {
  const inner = { code: "429", message: "Please retry after", status: "429" };
  return { headers: { "retry-after": String(retryAfterSeconds) }, body: { error: { ...errorBody(ids, "TooManyRequests", "Please retry again later.", inner).error } } };
}

function unavailable(retryAfterSeconds: number | null): GraphHttpError {
  return new GraphHttpError(503, "serviceNotAvailable", "The service is temporarily unavailable. Try again after a delay.", retryAfterSeconds != null ? { "retry-after": String(retryAfterSeconds) } : {});
}

/** Serves `/v1.0/...`; everything Graph-shaped goes through here (faults, auth, errors, headers). */
export class GraphRouter {
  private readonly lister: UserLister;
  private readonly delta: DeltaReader;

  constructor(private readonly ctx: EmulatorContext) {
    this.lister = new UserLister(ctx);
    this.delta = new DeltaReader(ctx);
  }

  async handle(req: IncomingMessage, res: ServerResponse, segments: string[], search: URLSearchParams): Promise<void> {
    const requestId = randomUUID();
    const ids: RequestIds = { requestId, clientRequestId: header(req, "client-request-id") ?? requestId };
    try {
      if (this.ctx.faults.latencyMs > 0) await sleep(this.ctx.faults.latencyMs);
      const fault = this.ctx.faults.takeRequestFault();
      if (fault?.kind === "throttle") {
        this.ctx.log.annotate(req, { fault: "throttle" });
        const { headers, body } = throttled(ids, fault.retryAfterSeconds);
        return sendGraphJson(res, ids, 429, body, headers);
      }
      if (fault?.kind === "unavailable") {
        this.ctx.log.annotate(req, { fault: "unavailable" });
        throw unavailable(fault.retryAfterSeconds);
      }
      await this.route(req, res, ids, segments, search);
    } catch (error) {
      const graphError = asGraphError(error);
      if (!graphError) throw error;
      sendGraphError(res, ids, graphError);
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, ids: RequestIds, segments: string[], search: URLSearchParams): Promise<void> {
    const [version, resource, key, ...more] = segments;
    if (version !== "v1.0") throw new GraphHttpError(400, "BadRequest", `Invalid version: ${version}`);
    const caller = authenticate(this.ctx, req);
    this.ctx.log.annotate(req, { tenantId: caller.tenant.id, clientId: caller.appId });
    if (resource !== "users" || more.length > 0) {
      throw new GraphHttpError(400, "BadRequest", `Resource not found for the segment '${more[0] ?? resource ?? ""}'.`);
    }
    const access = userReadAccess(caller);
    // The portal only reads; any write with read permissions is what Graph would refuse.
    if (req.method !== "GET") throw insufficientPrivileges();
    const options = readQueryOptions(req, search);
    const tenant = caller.tenant;

    if (key === undefined) {
      const { page, run } = this.lister.prepare(tenant, access, options);
      if (this.pageFault(req, res, page)) return;
      return sendGraphJson(res, ids, 200, run());
    }
    if (key === "$count") {
      const count = this.lister.count(tenant, access, options);
      return send(res, 200, String(count), { ...graphHeaders(ids), "content-type": "text/plain" });
    }
    if (key === "delta" || key === "microsoft.graph.delta" || key === "delta()") {
      const prefer = header(req, "prefer") ?? "";
      const { page, minimal, run } = this.delta.prepare(tenant, access, options, prefer);
      if (this.pageFault(req, res, page)) return;
      return sendGraphJson(res, ids, 200, run(), minimal ? { "preference-applied": "return=minimal" } : {});
    }
    return sendGraphJson(res, ids, 200, getUser(this.ctx, tenant, access, key, options));
  }

  /** True when the request was consumed by an injected page fault. */
  private pageFault(req: IncomingMessage, res: ServerResponse, page: number): boolean {
    const fault: PageFault | null = this.ctx.faults.takePageFault(page);
    if (!fault) return false;
    this.ctx.log.annotate(req, { fault: fault.kind === "reset" ? "reset" : "unavailable" });
    if (fault.kind === "unavailable") throw unavailable(fault.retryAfterSeconds);
    res.destroy();
    req.socket.destroy();
    return true;
  }
}
