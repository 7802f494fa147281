/**
 * Vitest globalSetup: runs in the main vitest process before any worker is forked. Node reads
 * `NODE_EXTRA_CA_CERTS` only when a process starts, so the certificate must exist and the variable
 * must be in `process.env` now; vitest builds each fork's environment from `process.env` when it
 * schedules the test files, which happens after global setup.
 */
import { ensureCertificate } from "./certificate";

export default async function setup(): Promise<void> {
  const { caPath } = await ensureCertificate();
  process.env.NODE_EXTRA_CA_CERTS = caPath;
}
