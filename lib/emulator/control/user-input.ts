import { randomUUID } from "node:crypto";
import { DIRECTORY_EXTENSION, lookupProperty } from "../graph/user-schema";
import type { UserData } from "../state/user-directory";

export class ControlInputError extends Error {}

/**
 * Control API bodies use Graph property names; casing is normalised to the schema's so that delta
 * tracking (which compares names) sees `jobtitle` and `jobTitle` as the same property.
 */
export function normaliseUserPatch(body: unknown): UserData {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new ControlInputError("Expected a JSON object of user properties");
  const out: UserData = {};
  for (const [key, value] of Object.entries(body)) {
    if (DIRECTORY_EXTENSION.test(key)) {
      out[key] = value;
      continue;
    }
    const def = lookupProperty(key);
    if (!def) throw new ControlInputError(`Unknown user property '${key}'`);
    if (def.name === "deletedDateTime") throw new ControlInputError("Use the delete/restore endpoints instead of deletedDateTime");
    out[def.name] = value;
  }
  return out;
}

/** Defaults Entra fills in for a new member account. */
export function newUserData(body: unknown, defaultDomain: string): UserData {
  const data = normaliseUserPatch(body);
  const id = typeof data.id === "string" ? data.id.toLowerCase() : randomUUID();
  const nickname = String(data.mailNickname ?? data.displayName ?? id).toLowerCase().replace(/[^a-z0-9.]+/g, ".").replace(/^\.+|\.+$/g, "") || id.slice(0, 8);
  return {
    accountEnabled: true,
    userType: "Member",
    createdDateTime: new Date().toISOString(),
    userPrincipalName: `${nickname}@${defaultDomain}`,
    mailNickname: nickname,
    ...data,
    id,
  };
}
