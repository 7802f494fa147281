import type { FieldMapping } from "@/lib/sync/core/types";

/**
 * What a new integration maps until the admin changes it: the profile fields operators read, and
 * skills and sites (kept in on-premises extension attributes 1 and 2 by many Entra tenants) as tags.
 */
export const DEFAULT_MAPPINGS: FieldMapping[] = [
  { property: "displayName", target: "displayName" },
  { property: "givenName", target: "firstName" },
  { property: "surname", target: "lastName" },
  { property: "jobTitle", target: "title" },
  { property: "department", target: "department" },
  { property: "mail", target: "email" },
  { property: "officeLocation", target: "location" },
  { property: "companyName", target: "company" },
  { property: "onPremisesExtensionAttributes/extensionAttribute1", target: "tags" },
  { property: "onPremisesExtensionAttributes/extensionAttribute2", target: "tags" },
];

/** An integration's mapping rows as Prisma creates them, in the order given (`position`). */
export function mappingRows(mappings: readonly FieldMapping[] = DEFAULT_MAPPINGS) {
  return { create: mappings.map((mapping, position) => ({ ...mapping, position })) };
}
