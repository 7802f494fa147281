/**
 * A full run plans the directory in slices, so no run holds the whole tenant and the whole
 * switchboard in memory at once. A slice is a set of whole connected groups: users are connected
 * when they hold the same E.164 number (Entra or switchboard side) or a link joins them — exactly
 * what `scopeReferences` follows to close a partial run's scope. Nothing a plan decides crosses a
 * group's border (rules 5 and 6 are about one number or one user; a link about its two ends), so
 * planning the groups one slice at a time, each as a closed SUBSET plan, decides what one whole
 * plan would.
 */

export interface SliceIndex {
  /**
   * The Entra users this run read, with the E.164 numbers they hold, in read order: exactly the
   * numbers the plan will find on them (`directoryNumbersOf` with their `knownE164`), including a raw
   * number that did not parse when their snapshot row was written and parses now.
   */
  directory: Iterable<{ objectId: string; e164s: readonly string[] }>;
  /** Every switchboard user of the solution with the E.164 numbers it holds (stored or read from raw). */
  switchboard: readonly { id: string; e164s: readonly string[] }[];
  /**
   * Whether this run may create limited users (rule 10): then a number only Entra users hold ties
   * them together too, since at most one limited user can take it (rule 5). Otherwise such a number
   * decides nothing: only numbers the switchboard holds match, conflict or are chosen, and a number
   * that every colleague lists (the office's main line) does not put the whole tenant in one slice.
   */
  limitedUsers: boolean;
  /** Every link of the integration. */
  links: Iterable<{ switchboardUserId: string; objectId: string }>;
  /**
   * Entra users an admin choice names (rule 5 picks): one the run did not read must still be judged
   * by some slice (its pick is stale), as a whole plan judges it.
   */
  chosenObjectIds: Iterable<string>;
}

export interface Slice {
  /** Entra users this run read, in read order. */
  objectIds: string[];
  /** Entra users a link or a choice names that this run did not read (gone, when the read was complete). */
  unreadObjectIds: string[];
  switchboardUserIds: string[];
}

/**
 * Groups of connected users, packed in read order into slices of about `maxUsers` users (Entra and
 * switchboard together); a group larger than that is one slice of its own, never split.
 */
export function sliceByNumbers(index: SliceIndex, maxUsers: number): Slice[] {
  // Union-find over dense integer ids, one per Entra user, switchboard user and number.
  const parent: number[] = [];
  const node = () => {
    parent.push(parent.length);
    return parent.length - 1;
  };
  const find = (n: number): number => {
    let root = n;
    while (parent[root] !== root) root = parent[root];
    while (parent[n] !== root) {
      const next = parent[n];
      parent[n] = root;
      n = next;
    }
    return root;
  };
  const join = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  const entra = new Map<string, number>();
  const read: boolean[] = [];
  const switchboard = new Map<string, number>();
  const numbers = new Map<string, number>();
  /** The node of `key` in one kind's map, made on first sight. */
  const nodeIn = (kind: Map<string, number>, key: string) => {
    let n = kind.get(key);
    if (n === undefined) {
      n = node();
      kind.set(key, n);
    }
    return n;
  };
  // An Entra user is "read" if the directory lists it; links and choices may name others first.
  const entraNode = (objectId: string, wasRead: boolean) => {
    const n = nodeIn(entra, objectId);
    read[n] ||= wasRead;
    return n;
  };
  const switchboardNode = (id: string) => nodeIn(switchboard, id);
  const numberOf = (e164: string) => nodeIn(numbers, e164);

  const onSwitchboard = index.limitedUsers ? null : new Set(index.switchboard.flatMap((user) => user.e164s));
  for (const user of index.directory) {
    const n = entraNode(user.objectId, true);
    for (const e164 of user.e164s) if (!onSwitchboard || onSwitchboard.has(e164)) join(n, numberOf(e164));
  }
  for (const user of index.switchboard) {
    const n = switchboardNode(user.id);
    for (const e164 of user.e164s) join(n, numberOf(e164));
  }
  for (const link of index.links) join(switchboardNode(link.switchboardUserId), entraNode(link.objectId, false));
  for (const objectId of index.chosenObjectIds) entraNode(objectId, false);

  // Groups in the order their first member was met (Entra users in read order come first).
  const groups = new Map<number, Slice>();
  const groupOf = (n: number) => {
    const root = find(n);
    let group = groups.get(root);
    if (!group) {
      group = { objectIds: [], unreadObjectIds: [], switchboardUserIds: [] };
      groups.set(root, group);
    }
    return group;
  };
  for (const [objectId, n] of entra) (read[n] ? groupOf(n).objectIds : groupOf(n).unreadObjectIds).push(objectId);
  for (const [id, n] of switchboard) groupOf(n).switchboardUserIds.push(id);

  const slices: Slice[] = [];
  let current: Slice = { objectIds: [], unreadObjectIds: [], switchboardUserIds: [] };
  let size = 0;
  for (const group of groups.values()) {
    const users = group.objectIds.length + group.unreadObjectIds.length + group.switchboardUserIds.length;
    if (size > 0 && size + users > maxUsers) {
      slices.push(current);
      current = { objectIds: [], unreadObjectIds: [], switchboardUserIds: [] };
      size = 0;
    }
    for (const id of group.objectIds) current.objectIds.push(id);
    for (const id of group.unreadObjectIds) current.unreadObjectIds.push(id);
    for (const id of group.switchboardUserIds) current.switchboardUserIds.push(id);
    size += users;
  }
  if (size > 0) slices.push(current);
  return slices;
}
