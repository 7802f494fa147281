import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "./context";
import { handleControl } from "./control/routes";
import type { RequestLogEntry } from "./control/request-log";
import { GraphRouter } from "./graph/router";
import { sendGraphJson } from "./graph/respond";
import { routeIdentity } from "./identity/router";
import { sendJson } from "./http-util";

function track(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, area: RequestLogEntry["area"], url: URL): void {
  const entry = ctx.log.begin(req, area, url.pathname, url.search.slice(1));
  res.on("finish", () => ctx.log.finish(entry, res.statusCode));
  res.on("close", () => {
    if (!res.writableFinished) ctx.log.finish(entry, "reset");
  });
}

function decodeSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** One handler for the three areas: `/login/...` (identity), `/v1.0/...` (Graph), `/_control/...`. */
export function createRequestHandler(ctx: EmulatorContext): (req: IncomingMessage, res: ServerResponse) => void {
  const graph = new GraphRouter(ctx);

  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", ctx.urls.origin);
    const segments = decodeSegments(url.pathname);
    if (!segments) return sendJson(res, 400, { error: "invalid_request", message: "Malformed percent-encoding in path" });
    const [area, ...rest] = segments;

    if (area === "login") {
      track(ctx, req, res, "login", url);
      if (!(await routeIdentity(ctx, req, res, rest, url.searchParams))) {
        sendJson(res, 404, { error: "not_found", error_description: `No identity endpoint at ${url.pathname}` });
      }
      return;
    }
    if (area === "_control") return handleControl(ctx, req, res, url.pathname.slice("/_control".length) || "/", url.searchParams);
    if (area === "v1.0" || area === "beta") {
      track(ctx, req, res, "graph", url);
      return graph.handle(req, res, segments, url.searchParams);
    }
    if (!area) {
      // A landing document without secrets, handy when someone opens the origin in a browser.
      return sendJson(res, 200, { service: "Microsoft Graph + Entra ID emulator", loginUrl: ctx.urls.loginUrl, graphUrl: ctx.urls.graphUrl, graphVersion: "v1.0" });
    }
    sendJson(res, 404, { error: "not_found", message: `Nothing at ${url.pathname}` });
  };

  return (req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      console.error("[graph-emulator] unhandled error:", error instanceof Error ? error.stack : error);
      if (res.headersSent) return void res.destroy();
      const ids = { requestId: "00000000-0000-0000-0000-000000000000", clientRequestId: String(req.headers["client-request-id"] ?? "") };
      sendGraphJson(res, ids, 500, { error: { code: "InternalServerError", message: "The emulator failed to handle the request.", innerError: {} } });
    });
  };
}
