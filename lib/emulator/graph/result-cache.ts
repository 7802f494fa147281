/**
 * Server-side result snapshots for paged reads, keyed by the query and the directory version.
 * Real Graph skiptokens point at server state too; here that keeps a filtered or sorted read of
 * 100,000 users at one evaluation per round instead of one per page. Any directory change bumps
 * the version, so a stale snapshot is never served.
 */
export class ResultCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity = 32) {}

  get(key: string, build: () => T): T {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = build();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
