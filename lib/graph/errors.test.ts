import { AuthenticationError, AuthenticationRequiredError, ClientSecretCredential, CredentialUnavailableError } from "@azure/identity";
import { GraphError } from "@microsoft/microsoft-graph-client";
import { describe, expect, it } from "vitest";
import { classifyError, forDisplay, type ClassifiedError } from "./errors";
import { missingPermissions } from "./permissions";
import * as typed from "./typed-errors";

// Without this, the integration would store "Error" instead of AADSTS7000215 and the admin would
// not learn that the secret's Value (not its ID) must be pasted (rule 12 in DESIGN.md).

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
