// The Graph SDK sends tokens only over https and the emulator's certificate is self-made: if a fresh
// Node process could not be taught to trust it through NODE_EXTRA_CA_CERTS, nothing else would work.
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ensureCertificate } from "./certificate";
import { startTestEmulator } from "./test-harness";

const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-cert-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("ensureCertificate", () => {
  it("creates a CA and a leaf for 127.0.0.1 and localhost, then reuses them", async () => {
    const paths = await ensureCertificate(tmp);
    const leaf = new X509Certificate(fs.readFileSync(paths.certPath));
    const ca = new X509Certificate(fs.readFileSync(paths.caPath));
    expect(leaf.subjectAltName).toContain("IP Address:127.0.0.1");
    expect(leaf.subjectAltName).toContain("DNS:localhost");
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect((fs.statSync(paths.keyPath).mode & 0o777).toString(8)).toBe("600");
    const again = await ensureCertificate(tmp);
    expect(fs.readFileSync(again.certPath, "utf8")).toBe(fs.readFileSync(paths.certPath, "utf8"));
  });

  it("is trusted by a new Node process through NODE_EXTRA_CA_CERTS (undici fetch and node:https)", async () => {
    const emu = await startTestEmulator({ seed: "empty" });
    try {
      const script = `
        const https = require("node:https");
        const viaHttps = new Promise((ok, fail) => https.get(process.argv[1], (r) => (r.resume(), ok(r.statusCode))).on("error", fail));
        Promise.all([fetch(process.argv[1]).then((r) => r.status), viaHttps]).then(
          (s) => (console.log(s.join(",")), process.exit(0)),
          (e) => (console.error(e.cause?.code ?? e.code), process.exit(1)),
        );`;
      const trusted = await run(process.execPath, ["-e", script, `${emu.graphUrl}/`], { env: { ...process.env, NODE_EXTRA_CA_CERTS: emu.caCertPath } });
      expect(trusted.stdout.trim()).toBe("200,200");
      const { NODE_EXTRA_CA_CERTS: _omit, ...without } = process.env;
      await expect(run(process.execPath, ["-e", script, `${emu.graphUrl}/`], { env: without })).rejects.toThrow();
    } finally {
      await emu.close();
    }
  });
});
