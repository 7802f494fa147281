import { z } from "zod";
import { PAGE_SIZES, SEARCH_MAX_LENGTH } from "./table-limits";

export const USER_SORT_FIELDS = ["displayName", "lastName", "title", "department", "location"] as const;
export type UserSortField = (typeof USER_SORT_FIELDS)[number];

/**
 * Search params of the users table; anything malformed falls back to the default instead of failing.
 * Control characters (a pasted NUL, a tab) become spaces: PostgreSQL refuses NUL in text, and none is
 * part of a name, number or tag. A longer search is cut to its first 100 characters, not dropped.
 */
export const usersQuerySchema = z.object({
  q: z
    .string()
    .transform((q) => q.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, SEARCH_MAX_LENGTH).trim())
    .catch(""),
  page: z.coerce.number().int().min(1).catch(1),
  pageSize: z.coerce.number().int().pipe(z.literal(PAGE_SIZES)).catch(PAGE_SIZES[0]),
  sort: z.enum(USER_SORT_FIELDS).catch("displayName"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
});

export type UsersQuery = z.infer<typeof usersQuerySchema>;
