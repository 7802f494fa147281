// The portal's consent callback runs on whatever port the developer's server uses; if the emulator
// matched redirect URIs differently from Entra, setup would work here and fail with AADSTS50011 there.
import { describe, expect, it } from "vitest";
import { isAbsoluteUri, isRegisteredRedirectUri } from "./redirect-uri";

describe("redirect URI matching", () => {
  // https://learn.microsoft.com/en-us/entra/identity-platform/reply-url#localhost-exceptions
  it("ignores the port for http(s)://localhost and 127.0.0.1", () => {
    const registered = ["http://localhost/MyApp", "https://127.0.0.1/cb"];
    for (const uri of ["http://localhost/MyApp", "http://localhost:1234/MyApp", "http://localhost:5000/MyApp", "http://LOCALHOST:8080/MyApp", "https://127.0.0.1:3000/cb"]) {
      expect(isRegisteredRedirectUri(registered, uri)).toBe(true);
    }
  });

  // https://learn.microsoft.com/en-us/entra/identity-platform/reply-url (localhost exceptions and case rules)
  it("still matches scheme, path (case-sensitively) and query exactly, also on localhost", () => {
    const registered = ["http://localhost/MyWebApp", "https://contoso.com/abc/response-oidc"];
    for (const uri of [
      "http://localhost/MyNativeApp",
      "http://localhost/mywebapp",
      "https://localhost/MyWebApp",
      "http://localhost/MyWebApp?x=1",
      "https://contoso.com/ABC/response-oidc",
      "https://contoso.com:8443/abc/response-oidc",
      "http://contoso.com/abc/response-oidc",
    ]) {
      expect(isRegisteredRedirectUri(registered, uri)).toBe(false);
    }
    expect(isRegisteredRedirectUri(registered, "https://CONTOSO.com/abc/response-oidc")).toBe(true);
  });

  // https://learn.microsoft.com/en-us/entra/identity-platform/reply-url — "The IPv6 loopback address ([::1]) is not currently supported."
  it("does not extend the port exception to other hosts or to [::1]", () => {
    expect(isRegisteredRedirectUri(["https://contoso.com/cb"], "https://contoso.com:444/cb")).toBe(false);
    expect(isRegisteredRedirectUri(["http://[::1]/cb"], "http://[::1]:3000/cb")).toBe(false);
  });

  it("treats a bare origin and the same origin with '/' as one URI", () => {
    expect(isRegisteredRedirectUri(["https://contoso.com"], "https://contoso.com/")).toBe(true);
  });

  it("knows absolute URIs from relative or malformed ones", () => {
    expect(isAbsoluteUri("http://localhost:3000/api/entra/consent/callback")).toBe(true);
    expect(isAbsoluteUri("msal123://auth")).toBe(true);
    for (const uri of ["/api/entra/consent/callback", "http://", "http://exa mple.com/", ""]) expect(isAbsoluteUri(uri)).toBe(false);
    expect(isRegisteredRedirectUri(["http://localhost/cb"], "not a uri")).toBe(false);
  });
});
