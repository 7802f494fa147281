import fs from "node:fs";
import path from "node:path";
import { X509Certificate } from "node:crypto";
import { generate } from "selfsigned";
import { resolveDataDir } from "./data-dir";

export interface CertificatePaths {
  certPath: string;
  keyPath: string;
  /** The file to hand to `NODE_EXTRA_CA_CERTS` in every process that talks to the emulator. */
  caPath: string;
}

const TLS_DIR = "tls";
const LEAF_DAYS = 825;
const CA_YEARS = 10;
/** Regenerate a little before expiry so a long-lived checkout never serves an expired certificate. */
const RENEW_MARGIN_MS = 7 * 24 * 3600 * 1000;

function pathsIn(tlsDir: string): CertificatePaths {
  return {
    certPath: path.join(tlsDir, "server-cert.pem"),
    keyPath: path.join(tlsDir, "server-key.pem"),
    caPath: path.join(tlsDir, "ca-cert.pem"),
  };
}

function stillValid(paths: CertificatePaths): boolean {
  try {
    const leaf = new X509Certificate(fs.readFileSync(paths.certPath));
    const ca = new X509Certificate(fs.readFileSync(paths.caPath));
    fs.accessSync(paths.keyPath, fs.constants.R_OK);
    const notAfter = Math.min(Date.parse(leaf.validTo), Date.parse(ca.validTo));
    return leaf.checkIssued(ca) && leaf.checkIP("127.0.0.1") !== undefined && notAfter - Date.now() > RENEW_MARGIN_MS;
  } catch {
    return false;
  }
}

async function writeFreshCertificate(dir: string): Promise<void> {
  const now = new Date();
  // A private CA plus a leaf it signs, rather than one self-signed leaf: OpenSSL then validates a
  // normal chain, and the CA file is the single thing every client process has to trust.
  const ca = await generate([{ name: "commonName", value: "Graph emulator local CA" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + CA_YEARS * 365 * 24 * 3600 * 1000),
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + LEAF_DAYS * 24 * 3600 * 1000),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
    ],
  });
  const paths = pathsIn(dir);
  fs.writeFileSync(paths.caPath, ca.cert, { mode: 0o644 });
  fs.writeFileSync(paths.certPath, leaf.cert, { mode: 0o644 });
  fs.writeFileSync(paths.keyPath, leaf.private, { mode: 0o600 });
}

/**
 * Creates the emulator's TLS material on first use and reuses it afterwards. Call it BEFORE starting
 * any Node process that must trust the emulator: Node reads `NODE_EXTRA_CA_CERTS` only at start-up.
 * Several processes may race here (test runner, app launcher); each builds into its own temp folder
 * and the first directory rename wins, so nobody ever sees a half-written key pair.
 */
export async function ensureCertificate(dataDir?: string): Promise<CertificatePaths> {
  const root = resolveDataDir(dataDir);
  const tlsDir = path.join(root, TLS_DIR);
  const paths = pathsIn(tlsDir);
  if (stillValid(paths)) return paths;

  const tmp = fs.mkdtempSync(path.join(root, `${TLS_DIR}.tmp-`));
  try {
    await writeFreshCertificate(tmp);
    if (stillValid(paths)) return paths; // another process won while we were generating
    fs.rmSync(tlsDir, { recursive: true, force: true });
    try {
      fs.renameSync(tmp, tlsDir);
    } catch (error) {
      if (!stillValid(paths)) throw error;
    }
    return paths;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
