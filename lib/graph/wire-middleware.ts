import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { findNetworkCode } from "./network-codes";
import { getHeader, requestUrl, setHeader } from "./request-headers";
import { GraphNetworkError } from "./typed-errors";

export interface GraphStats {
  /** HTTP requests sent to Graph, retries included: what the emulator's request log counts too. */
  requests: number;
}

/**
 * Last before the HTTP handler, so it sees every attempt exactly as it goes on the wire.
 * - Accept-Language: undici sends `*` by default, which some Graph endpoints reject as an invalid
 *   culture (msgraph-sdk-javascript #999/#1839, reference §8).
 * - redirect "manual": a 3xx surfaces as an error instead of being followed with our token attached.
 * - The body is read here, so a connection cut mid-body becomes a GraphNetworkError with its socket
 *   code instead of an SDK GraphError that has lost the cause.
 */
export class WireHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly stats: GraphStats,
    private readonly acceptLanguage: string,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!getHeader(context, "Accept-Language")) setHeader(context, "Accept-Language", this.acceptLanguage);
    if (typeof context.request === "string") context.options = { ...context.options, redirect: "manual" };
    this.stats.requests++;
    try {
      await this.next!.execute(context);
      const response = context.response;
      if (response?.body) {
        const body = await response.arrayBuffer();
        context.response = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      }
    } catch (error) {
      const code = findNetworkCode(error);
      if (code === null) throw error;
      throw new GraphNetworkError(code, safeUrl(requestUrl(context)), error);
    }
  }
}

/** Path only: query strings carry paging tokens and filters we keep out of error messages. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(unparseable URL)";
  }
}
