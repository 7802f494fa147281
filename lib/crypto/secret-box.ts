import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// AES-256-GCM envelope for customer client secrets at rest: "v1.<iv>.<tag>.<ciphertext>" (base64url).
// The version prefix lets a future key rotation tell old envelopes apart.
const VERSION = "v1";

function keyFrom(base64Key: string): Buffer {
  const key = Buffer.from(base64Key, "base64");
  if (key.length !== 32) throw new Error("Encryption key must be 32 bytes (base64)");
  return key;
}

export function sealSecret(plaintext: string, base64Key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(base64Key), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function openSecret(envelope: string, base64Key: string): string {
  const [version, iv, tag, body] = envelope.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("Not a sealed secret");
  // The full 16-byte tag only: without authTagLength Node accepts a truncated one, which is easier to forge.
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(base64Key), Buffer.from(iv, "base64url"), { authTagLength: 16 });
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/**
 * What the UI may show of a secret: its first three characters, which is what Entra itself shows of
 * every client secret (passwordCredential `hint`: "Contains the first three characters of the
 * password", https://learn.microsoft.com/en-us/graph/api/resources/passwordcredential), so an admin can
 * tell which of the app's secrets is stored, and the portal reveals nothing Entra does not.
 */
export function secretHint(secret: string): string {
  return `${secret.slice(0, 3)}••••`;
}
