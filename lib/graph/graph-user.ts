import { storableText } from "@/lib/sync/core/sanitise";
import type { DirectoryUser } from "@/lib/sync/core/types";

/** A user object as Graph returns it for a `$select`; only `id` is always there. */
export interface GraphUser {
  id: string;
  userPrincipalName?: string | null;
  displayName?: string | null;
  accountEnabled?: boolean | null;
  mobilePhone?: string | null;
  businessPhones?: string[] | null;
  [property: string]: unknown;
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

/**
 * Every string in a Graph value made storable (storableText), nested objects (onPremisesExtensionAttributes)
 * and collections included. Returns the same object when nothing needed cleaning, which is almost always:
 * a copy is made only along the path to a changed string.
 */
function storableValue(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const cleaned = storableValue(value[i]);
      if (cleaned !== value[i]) (copy ??= value.slice())[i] = cleaned;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | null = null;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const cleaned = storableValue(record[key]);
    if (cleaned !== record[key]) (copy ??= { ...record })[key] = cleaned;
  }
  return copy ?? value;
}

/**
 * The sync core's view of a Graph user; OData annotations are dropped from `properties`, and every
 * string is storable: a NUL or an unpaired surrogate in one Entra value must not fail every run
 * (PostgreSQL refuses both; see storableText).
 */
export function toDirectoryUser(user: GraphUser): DirectoryUser {
  // Copied only when Graph annotated the object (rare on user lists): 100k copies per full read add up.
  let properties: Record<string, unknown> = user;
  for (const key in user) {
    if (key.startsWith("@")) {
      properties = Object.fromEntries(Object.entries(user).filter(([k]) => !k.startsWith("@")));
      break;
    }
  }
  properties = storableValue(properties) as Record<string, unknown>;
  const businessPhones = properties.businessPhones;
  return {
    objectId: storableText(user.id),
    userPrincipalName: text(properties.userPrincipalName) ?? "",
    displayName: text(properties.displayName),
    // Absent means "not selected", not "disabled"; full reads filter accountEnabled eq true.
    accountEnabled: user.accountEnabled !== false,
    mobilePhone: text(properties.mobilePhone),
    businessPhones: Array.isArray(businessPhones) ? businessPhones.filter((p): p is string => typeof p === "string") : [],
    properties,
  };
}
