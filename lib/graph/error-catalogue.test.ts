import { describe, expect, it } from "vitest";
import { catalogueEntries, describeError } from "./error-catalogue";

// Without this, an integration could show a bare code with no explanation, no next step and no link
// to Microsoft's reference (rule 12, lib/sync/core/README.md).

const REQUIRED = [
  ...[7000215, 7000222, 700016, 7000229, 90002, 900023, 900144, 1002012, 7000112, 7000218, 65001, 500011, 70011].map((n) => `AADSTS${n}`),
  "Authorization_RequestDenied",
  "InvalidAuthenticationToken",
  "Request_UnsupportedQuery",
  "Request_ResourceNotFound",
  "TooManyRequests",
  "ServiceUnavailable",
  "NetworkError",
  "UserReadAllMissing",
  "DeltaTokenExpired",
  // The portal's own states, stored on the integration or a run like the codes above.
  "SyncHeld",
  "ApproveFailed",
  "LeaseLost",
  "ScopeNotClosed",
  "RunInterrupted",
];

describe("error catalogue", () => {
  it("covers every code the product can meet", () => {
    const codes = catalogueEntries().map((e) => e.code);
    for (const code of REQUIRED) expect(codes, code).toContain(code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(catalogueEntries().map((e) => [e.code, e] as const))("%s has every field and an https reference", (_code, entry) => {
    for (const field of [entry.title, entry.meaning, entry.action]) expect(field.trim().length).toBeGreaterThan(5);
    expect(["auth", "permission", "throttled", "network", "graph", "config", "sync"]).toContain(entry.kind);
    // Rule 12: a link to Microsoft's reference for everything Microsoft returned; only the portal's
    // own states go without one.
    if (entry.kind === "sync") expect(["SyncHeld", "ApproveFailed", "LeaseLost", "ScopeNotClosed", "RunInterrupted"]).toContain(entry.code);
    else expect(entry.links.length).toBeGreaterThan(0);
    for (const link of entry.links) {
      expect(new URL(link.url).protocol).toBe("https:");
      expect(link.label.length).toBeGreaterThan(3);
    }
  });

  it("links each AADSTS code to Microsoft's lookup page for that code", () => {
    for (const entry of catalogueEntries().filter((e) => e.code.startsWith("AADSTS"))) {
      expect(entry.links.map((l) => l.url)).toContain(`https://login.microsoftonline.com/error?code=${entry.code.slice(6)}`);
    }
    expect(describeError("TooManyRequests").links.map((l) => l.url)).toContain("https://learn.microsoft.com/en-us/graph/throttling");
    expect(describeError("Authorization_RequestDenied").links.map((l) => l.url)).toContain("https://learn.microsoft.com/en-us/graph/errors");
  });

  it("tells a manual-setup admin to paste the secret's Value, not its ID", () => {
    expect(describeError("AADSTS7000215").action).toContain("Certificates & secrets");
    expect(describeError("AADSTS7000215").action).toContain("Value (not the Secret ID)");
  });

  it("gives automated-setup admins the action that fits the provider's app", () => {
    expect(describeError("AADSTS700016", { mode: "automated" }).action).toMatch(/admin consent/);
    expect(describeError("AADSTS700016", { mode: "manual" }).action).toMatch(/Application \(client\) ID/);
    // A deleted enterprise application: the admin re-creates it (manual) or consents again (automated).
    expect(describeError("AADSTS7000229", { mode: "automated" }).action).toMatch(/admin consent again/);
    expect(describeError("AADSTS7000229", { mode: "manual" }).action).toMatch(/Managed application in local directory/);
    expect(describeError("AADSTS7000229")).toMatchObject({ kind: "auth", retryable: false });
  });

  it("still shows an unknown code, with a lookup link for AADSTS ones", () => {
    const aadsts = describeError("AADSTS50126");
    expect(aadsts.title).toContain("AADSTS50126");
    expect(aadsts.links[0].url).toBe("https://login.microsoftonline.com/error?code=50126");
    expect(describeError("Weird_Code").title).toContain("Weird_Code");
  });
});
