/** Limits of the portal's server-side tables. No imports, so client components can use them too. */

/** Rows-per-page choices. */
export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

/** Longest search a table runs; its search box stops there too. */
export const SEARCH_MAX_LENGTH = 100;
