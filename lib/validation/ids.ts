/**
 * Ids the portal makes (cuid, UUID, the seed's "demo-ab-entra") are short runs of letters, digits,
 * "_" and "-". An id from a URL that is not is answered as unknown before any query: PostgreSQL
 * refuses some characters in text (NUL), and that must read as "no such thing", not a server error.
 */
export function isWellFormedId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,100}$/.test(id);
}
