import { AuthenticationError, AuthenticationRequiredError, ClientSecretCredential, CredentialUnavailableError } from "@azure/identity";
import { GraphError } from "@microsoft/microsoft-graph-client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createGraphClient } from "./client";
import { NETWORK_FAILED, classifyError, forDisplay, type ClassifiedError } from "./errors";
import { missingPermissions } from "./permissions";
import * as typed from "./typed-errors";

// Without this, the integration would store "Error" instead of AADSTS7000215 and the admin would
// not learn that the secret's Value (not its ID) must be pasted (rule 12, lib/sync/core/README.md).

const CORRELATION = "5f0b9a52-0a8e-4ac1-9c39-6d2c6d0e5b11";
/** MSAL's ServerError text as @azure/identity passes it on (msal-common ResponseHandler). */
function msalText(code: number, error: string, text: string) {
  const description = `AADSTS${code}: ${text}\r\nTrace ID: 0b5e-trace\r\nCorrelation ID: ${CORRELATION}\r\nTimestamp: 2026-01-01 10:00:00Z`;
  return `${error}: Error(s): ${code} - Timestamp: 2026-01-01 10:00:00Z - Description: ${description} - Correlation ID: ${CORRELATION} - Trace ID: 0b5e-trace`;
}

function graphError(statusCode: number, code: string | null, message = "msg") {
  const e = new GraphError(statusCode, message);
  e.code = code;
  e.requestId = "req-1";
  return e;
}

describe("classifyError: Entra token errors", () => {
  it("extracts the AADSTS code and Microsoft's sentence from @azure/identity's error", () => {
    const e = new AuthenticationRequiredError({ scopes: [], message: msalText(7000215, "invalid_client", "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'abc'.") });
    const c = classifyError(e);
    expect(c).toMatchObject({ code: "AADSTS7000215", kind: "auth", retryable: false });
    expect(c.message).toBe(
      `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'abc'. (Correlation ID: ${CORRELATION})`,
    );
  });

  it.each([
    [7000222, "auth"],
    [700016, "auth"],
    [7000229, "auth"],
    [90002, "config"],
    [900023, "config"],
    [1002012, "config"],
    [65001, "auth"],
  ])("AADSTS%s → kind %s", (code, kind) => {
    const e = new AuthenticationRequiredError({ scopes: [], message: msalText(code, "invalid_request", "Something.") });
    expect(classifyError(e)).toMatchObject({ code: `AADSTS${code}`, kind });
  });

  it("reads error_codes from AuthenticationError when the text has no AADSTS prefix", () => {
    const e = new AuthenticationError(401, { error: "invalid_client", error_description: "Secret expired.", error_codes: [7000222] });
    expect(classifyError(e)).toMatchObject({ code: "AADSTS7000222", httpStatus: 401 });
  });

  it("keeps unknown AADSTS codes, with the generic entry", () => {
    const e = new AuthenticationRequiredError({ scopes: [], message: msalText(50000, "temporarily_unavailable", "There was an error issuing a token.") });
    expect(classifyError(e)).toMatchObject({ code: "AADSTS50000", kind: "auth" });
  });

  it("recognises @azure/identity's local checks", () => {
    let invalidTenant: unknown;
    try {
      // @azure/identity refuses characters outside [0-9a-zA-Z-.] before any request
      new ClientSecretCredential("contoso tenant!", "id", "secret");
    } catch (error) {
      invalidTenant = error;
    }
    expect(classifyError(invalidTenant)).toMatchObject({ code: "InvalidTenantId", kind: "config" });
    expect(classifyError(new CredentialUnavailableError("ClientSecretCredential: clientSecret is a required parameter. To troubleshoot, visit https://aka.ms/x."))).toMatchObject({
      code: "CredentialsIncomplete",
      message: "ClientSecretCredential: clientSecret is a required parameter",
    });
  });
});

describe("classifyError: Graph errors", () => {
  it.each([
    [403, "Authorization_RequestDenied", "Authorization_RequestDenied", "permission", false],
    [401, "InvalidAuthenticationToken", "InvalidAuthenticationToken", "auth", true],
    [400, "Request_UnsupportedQuery", "Request_UnsupportedQuery", "graph", false],
    [404, "Request_ResourceNotFound", "Request_ResourceNotFound", "graph", false],
    [429, "TooManyRequests", "TooManyRequests", "throttled", true],
    [429, "Request_ThrottledTemporarily", "TooManyRequests", "throttled", true],
    [503, "serviceNotAvailable", "ServiceUnavailable", "graph", true],
    [504, null, "ServiceUnavailable", "graph", true],
    [410, "syncStateNotFound", "DeltaTokenExpired", "graph", true],
    [501, "NotImplemented", "NotImplemented", "config", false],
  ])("%s %s → %s", (status, code, expected, kind, retryable) => {
    const c = classifyError(graphError(status, code, "Insufficient privileges to complete the operation."));
    expect(c).toMatchObject({ code: expected, httpStatus: status, kind, retryable });
    expect(c.message).toContain("request-id req-1");
  });

  it("keeps an unknown Graph code; 5xx retryable, 4xx not", () => {
    expect(classifyError(graphError(400, "Some_NewCode"))).toMatchObject({ code: "Some_NewCode", kind: "graph", retryable: false });
    expect(classifyError(graphError(502, "BadGateway"))).toMatchObject({ code: "BadGateway", retryable: true });
  });

  it("sees a network failure the SDK flattened into GraphError{statusCode:-1}", () => {
    const flattened = new GraphError(-1, "", new TypeError("terminated"));
    flattened.code = "TypeError";
    expect(classifyError(flattened)).toMatchObject({ code: "NetworkError", kind: "network", retryable: true });
  });
});

describe("classifyError: network errors", () => {
  const fetchFailed = (code: string, message = "x") => new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });

  it.each(["ECONNRESET", "ECONNREFUSED", "ENOTFOUND", "UND_ERR_SOCKET"])("%s is a retryable network error", (code) => {
    const c = classifyError(fetchFailed(code));
    expect(c).toMatchObject({ code: "NetworkError", kind: "network", retryable: true });
    expect(c.message).toContain(code);
  });

  it("keeps only the code of a connection failure outside Graph and sign-in (a database host is not shown to customers)", () => {
    const database = Object.assign(new Error("connect ECONNREFUSED 10.0.3.7:5432"), { code: "ECONNREFUSED" });
    const c = classifyError(database);
    expect(c).toMatchObject({ code: "NetworkError", retryable: true });
    expect(c.message).toBe(`ECONNREFUSED: ${NETWORK_FAILED}`);
    expect(c.message).not.toContain("10.0.3.7");
  });

  it("tells certificate failures apart (not retryable: someone must fix trust)", () => {
    expect(classifyError(fetchFailed("SELF_SIGNED_CERT_IN_CHAIN"))).toMatchObject({ code: "CertificateError", retryable: false });
  });

  it("recognises undici's message-only failures", () => {
    expect(classifyError(new TypeError("fetch failed", { cause: new Error("other side closed") }))).toMatchObject({ code: "NetworkError" });
    expect(classifyError(new TypeError("terminated"))).toMatchObject({ code: "NetworkError" });
  });
});

describe("classifyError: our typed errors", () => {
  const gap = missingPermissions(["User.ReadBasic.All"])!;
  const cases: [Error, Partial<ClassifiedError>][] = [
    [new typed.ThrottledError(429, 1_000, "budget", 3, 60_000), { code: "TooManyRequests", httpStatus: 429, kind: "throttled" }],
    [new typed.ThrottledError(503, null, "attempts", 9, 0), { code: "ServiceUnavailable", httpStatus: 503 }],
    [new typed.DeltaExpiredError(410, "syncStateNotFound"), { code: "DeltaTokenExpired", httpStatus: 410 }],
    [new typed.NextLinkHostError("https://evil.example", "https://graph.microsoft.com"), { code: "GraphHostRefused" }],
    [new typed.GraphNetworkError("ECONNRESET", "https://graph.microsoft.com/v1.0/users", null), { code: "NetworkError" }],
    [new typed.GraphNetworkError("CERT_HAS_EXPIRED", "https://x/", null), { code: "CertificateError" }],
    [new typed.UserNotFoundError("u1"), { code: "Request_ResourceNotFound", httpStatus: 404 }],
    [new typed.UnexpectedResponseError("no value"), { code: "UnexpectedResponse" }],
    [new typed.GraphConfigError("graphBaseUrl must be an https origin"), { code: "GraphConfigInvalid", kind: "config", retryable: false }],
    [
      new typed.MissingPermissionError(gap),
      {
        code: "UserReadAllMissing",
        kind: "permission",
        message: "User.ReadBasic.All returns no phone numbers; grant User.Read.All (Application) and admin consent.",
      },
    ],
  ];

  it.each(cases)("maps %s to its catalogue code", (error, expected) => {
    expect(classifyError(error)).toMatchObject(expected);
  });

  it("has a case for every error class typed-errors.ts exports", () => {
    const classes = Object.values(typed).filter((value) => value !== typed.GraphEdgeError);
    expect(classes.length).toBeGreaterThan(0);
    for (const errorClass of classes) expect(cases.some(([error]) => error instanceof errorClass), errorClass.name).toBe(true);
  });

  it("falls back to UnexpectedError for anything else", () => {
    expect(classifyError(new Error("boom"))).toMatchObject({ code: "UnexpectedError", message: "boom" });
    expect(classifyError("weird")).toMatchObject({ code: "UnexpectedError", message: "weird" });
  });

  it("shows admins and support no internal text for an unexpected error, only where the log has it", () => {
    const shown = forDisplay(classifyError(new Error('relation "Link" does not exist')), "run r1");
    expect(shown.code).toBe("UnexpectedError");
    expect(shown.message).not.toMatch(/Link|relation/);
    expect(shown.message).toContain("run r1");
    // Catalogued errors keep Microsoft's text: it is what the admin acts on.
    const wrongSecret = classifyError(new Error("AADSTS7000215: Invalid client secret provided."));
    expect(forDisplay(wrongSecret, "run r1")).toEqual(wrongSecret);
  });
});

// Without this, a token refresh that fails mid-run (secret expired or rotated, consent revoked while
// a long read pages) is stored as "UnexpectedError" (retryable) instead of the AADSTS code that tells
// the admin what to fix: the SDK flattens the credential's error into GraphError{statusCode: -1}.
describe("classifyError: a token refresh failing inside the Graph SDK", () => {
  const expired = "AADSTS7000222: The provided client secret keys for app 'x' are expired.\r\nTrace ID: a\r\nCorrelation ID: 0d1a5c28-3487-4767-a690-9cc680689523";

  async function throughSdk(tokenError: Error) {
    vi.stubGlobal("fetch", async () => new Response(JSON.stringify({ value: [] }), { status: 200, headers: { "content-type": "application/json" } }));
    let calls = 0;
    const graph = createGraphClient({
      graphBaseUrl: "https://graph.microsoft.com",
      tokenSource: {
        getAccessToken: async () => {
          if (++calls > 1) throw tokenError;
          return "t";
        },
      },
      sleep: async () => {},
    });
    await graph.sdk.api("/users").get();
    return graph.sdk.api("/users").get().catch((e: unknown) => e);
  }

  afterEach(() => vi.unstubAllGlobals());

  it("AuthenticationError (Entra's JSON): its AADSTS code, status and retryability", async () => {
    const thrown = await throughSdk(new AuthenticationError(401, { error: "invalid_client", error_description: expired, error_codes: [7000222] }));
    expect(thrown).toMatchObject({ statusCode: -1, code: "AuthenticationError" });
    expect(classifyError(thrown)).toEqual({
      code: "AADSTS7000222",
      kind: "auth",
      retryable: false,
      httpStatus: 401,
      message: "AADSTS7000222: The provided client secret keys for app 'x' are expired. (Correlation ID: 0d1a5c28-3487-4767-a690-9cc680689523)",
    });
  });

  it("AuthenticationRequiredError (MSAL's text)", async () => {
    const thrown = await throughSdk(new AuthenticationRequiredError({ scopes: [], message: msalText(700016, "unauthorized_client", "Application with identifier 'x' was not found in the directory 'y'.") }));
    expect(thrown).toMatchObject({ statusCode: -1, code: "AuthenticationRequiredError" });
    expect(classifyError(thrown)).toMatchObject({ code: "AADSTS700016", kind: "auth", retryable: false });
  });

  it("a flattened error that is neither network nor identity stays UnexpectedError", () => {
    const flattened = new GraphError(-1, "", new RangeError("bad"));
    flattened.code = "RangeError";
    expect(classifyError(flattened)).toMatchObject({ code: "UnexpectedError" });
  });
});

// Without this, the stored message of a failed run names no request Microsoft support can look up:
// Graph returns request-id and client-request-id in the response headers and the error body's
// innerError, which its doc schema spells innererror (https://learn.microsoft.com/en-us/graph/errors).
describe("classifyError: ids for Microsoft support", () => {
  function withResponse(status: number, code: string, body: Record<string, unknown>, headers: Record<string, string>) {
    const e = new GraphError(status, "Insufficient privileges to complete the operation.");
    e.code = code;
    e.body = JSON.stringify(body);
    e.headers = new Headers(headers);
    return e;
  }

  it("reads the headers first, with the response's date", () => {
    const e = withResponse(403, "Authorization_RequestDenied", { code: "Authorization_RequestDenied", message: "m" }, {
      "request-id": "REQ-403",
      "client-request-id": "CRID-403",
      date: "Fri, 27 Nov 2026 18:28:00 GMT",
    });
    const c = classifyError(e);
    expect(c.message).toBe("Authorization_RequestDenied: Insufficient privileges to complete the operation. (request-id REQ-403, client-request-id CRID-403, 2026-11-27T18:28:00Z)");
    expect(c.support).toEqual({ requestId: "REQ-403", clientRequestId: "CRID-403", date: "2026-11-27T18:28:00Z" });
  });

  it("falls back to the body's innererror (lower case, which the SDK does not read)", () => {
    const e = withResponse(403, "Authorization_RequestDenied", { code: "Authorization_RequestDenied", message: "m", innererror: { date: "2026-11-27T18:28:00", "request-id": "REQ-body", "client-request-id": "CRID-body" } }, {});
    expect(e.requestId).toBeNull();
    expect(classifyError(e).message).toContain("(request-id REQ-body, client-request-id CRID-body, 2026-11-27T18:28:00Z)");
  });

  it("keeps the ids after a long message is trimmed, and adds nothing when there are none", () => {
    const e = withResponse(400, "Request_UnsupportedQuery", {}, { "request-id": "REQ-long" });
    e.message = "x".repeat(2_000);
    expect(classifyError(e).message).toMatch(/… \(request-id REQ-long\)$/);
    const bare = new GraphError(400, "m");
    bare.code = "Request_UnsupportedQuery";
    expect(classifyError(bare)).toEqual({ code: "Request_UnsupportedQuery", kind: "graph", retryable: false, httpStatus: 400, message: "Request_UnsupportedQuery: m" });
  });

  it("a throttled run names the last 429/503 answer's ids", () => {
    const e = new typed.ThrottledError(429, 1_000, "budget", 3, 60_000, { requestId: "REQ-429", clientRequestId: "CRID", date: "2026-11-27T18:28:00Z" });
    expect(classifyError(e).message).toMatch(/stopping instead of waiting longer\. \(request-id REQ-429, client-request-id CRID, 2026-11-27T18:28:00Z\)$/);
  });
});
