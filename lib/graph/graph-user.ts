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

/** The sync core's view of a Graph user; OData annotations are dropped from `properties`. */
export function toDirectoryUser(user: GraphUser): DirectoryUser {
  // Copied only when Graph annotated the object (rare on user lists): 100k copies per full read add up.
  let properties: Record<string, unknown> = user;
  for (const key in user) {
    if (key.startsWith("@")) {
      properties = Object.fromEntries(Object.entries(user).filter(([k]) => !k.startsWith("@")));
      break;
    }
  }
  return {
    objectId: user.id,
    userPrincipalName: text(user.userPrincipalName) ?? "",
    displayName: text(user.displayName),
    // Absent means "not selected", not "disabled"; full reads filter accountEnabled eq true.
    accountEnabled: user.accountEnabled !== false,
    mobilePhone: text(user.mobilePhone),
    businessPhones: Array.isArray(user.businessPhones) ? user.businessPhones.filter((p): p is string => typeof p === "string") : [],
    properties,
  };
}
