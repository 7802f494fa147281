import { z } from "zod";
import { PAGE_SIZES } from "./page-sizes";

export const USER_SORT_FIELDS = ["displayName", "lastName", "title", "department", "location"] as const;
export type UserSortField = (typeof USER_SORT_FIELDS)[number];

/** Search params of the users table; anything malformed falls back to the default instead of failing. */
export const usersQuerySchema = z.object({
  q: z.string().trim().max(100).catch(""),
  page: z.coerce.number().int().min(1).catch(1),
  pageSize: z.coerce.number().int().pipe(z.literal(PAGE_SIZES)).catch(PAGE_SIZES[0]),
  sort: z.enum(USER_SORT_FIELDS).catch("displayName"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
});

export type UsersQuery = z.infer<typeof usersQuerySchema>;
