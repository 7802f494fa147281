/** An error Graph answers with `{error:{code,message,innerError}}`. */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "GraphHttpError";
  }
}

/**
 * Errors from the `$filter`/`$search` parser (lib/emulator/filter) carry `status` and `code` too;
 * matching on that shape keeps this layer independent of the parser's class identity.
 */
export function asGraphError(error: unknown): GraphHttpError | undefined {
  if (error instanceof GraphHttpError) return error;
  if (error instanceof Error) {
    const { status, code } = error as Error & { status?: unknown; code?: unknown };
    if (typeof status === "number" && typeof code === "string") return new GraphHttpError(status, code, error.message);
  }
  return undefined;
}

export const unsupportedQuery = (message: string) => new GraphHttpError(400, "Request_UnsupportedQuery", message);
export const badRequest = (message: string) => new GraphHttpError(400, "Request_BadRequest", message);
export const insufficientPrivileges = () =>
  new GraphHttpError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
