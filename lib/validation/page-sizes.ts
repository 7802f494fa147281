/** Rows-per-page choices of the portal's tables. No imports, so client components can use it too. */
export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
