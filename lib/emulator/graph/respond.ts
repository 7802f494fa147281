import type { ServerResponse } from "node:http";
import { send } from "../http-util";
import type { GraphHttpError } from "./graph-error";

/** What Graph actually sends; the SDK parses a body as JSON only when the media type is application/json. */
export const GRAPH_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

const DIAGNOSTIC = JSON.stringify({
  ServerInfo: { DataCenter: "Local Emulator", Slice: "E", Ring: "0", ScaleUnit: "000", RoleInstance: "graph-emulator", ADSiteName: "LOCAL" },
});

export function graphHeaders(ids: RequestIds, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "cache-control": "no-cache",
    "odata-version": "4.0",
    "strict-transport-security": "max-age=31536000",
    "request-id": ids.requestId,
    "client-request-id": ids.clientRequestId,
    "x-ms-ags-diagnostic": DIAGNOSTIC,
    ...extra,
  };
}

export function sendGraphJson(res: ServerResponse, ids: RequestIds, status: number, body: unknown, extra: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(body), { ...graphHeaders(ids, extra), "content-type": GRAPH_JSON });
}

/** `2021-05-18T19:03:10`: Graph's innerError date has no fraction and no zone. */
export function innerErrorDate(date = new Date()): string {
  return date.toISOString().slice(0, 19);
}

/** https://learn.microsoft.com/en-us/graph/errors — wire casing is `innerError`. */
export function errorBody(ids: RequestIds, code: string, message: string, innerExtra: Record<string, string> = {}) {
  return {
    error: {
      code,
      message,
      innerError: { ...innerExtra, date: innerErrorDate(), "request-id": ids.requestId, "client-request-id": ids.clientRequestId },
    },
  };
}

export function sendGraphError(res: ServerResponse, ids: RequestIds, error: GraphHttpError): void {
  sendGraphJson(res, ids, error.status, errorBody(ids, error.code, error.message), error.headers);
}
