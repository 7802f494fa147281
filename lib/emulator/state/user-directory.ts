import { NotFoundError } from "./errors";

/** Graph property name → value; absent keys read as null (never set). */
export type UserData = Record<string, unknown>;

export interface StoredUser {
  /** Creation order: Graph's default listing order and the tie-breaker of every sort. */
  readonly seq: number;
  readonly id: string;
  data: UserData;
  /** Set while the user sits in "deleted items" (soft delete, restorable). */
  deletedDateTime: string | null;
}

export type ChangeKind = "upsert" | "softDelete" | "hardDelete";

export interface ChangeEntry {
  userId: string;
  kind: ChangeKind;
  /** Changed property names; `null` = the whole object (create / restore). */
  props: string[] | null;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * One tenant's users plus an append-only change log. The log position is the directory version
 * that delta tokens encode, so a delta round costs O(changes since the token), not O(users).
 * Seeded users are loaded as the baseline (version 0) without log entries.
 */
export class UserDirectory {
  private readonly active: StoredUser[] = [];
  private readonly byId = new Map<string, StoredUser>();
  private readonly byUpn = new Map<string, StoredUser>();
  private readonly log: ChangeEntry[] = [];
  /** Lower-cased directory extension name → the spelling first stored (Graph binds names case-insensitively). */
  private readonly extensionNames = new Map<string, string>();
  private nextSeq = 1;
  /** Bumped to invalidate every outstanding delta token (Graph's "resync required"). */
  deltaEpoch = 1;

  get version(): number {
    return this.log.length;
  }

  get activeCount(): number {
    return this.active.length;
  }

  /** Live, creation-ordered list of non-deleted users. Callers must not mutate it. */
  listActive(): readonly StoredUser[] {
    return this.active;
  }

  changesSince(version: number, until: number): readonly ChangeEntry[] {
    return this.log.slice(Math.max(0, version), until);
  }

  /** Any user still known (active or soft-deleted); hard-deleted users are gone. */
  find(id: string): StoredUser | undefined {
    return this.byId.get(id.toLowerCase());
  }

  findActive(idOrUpn: string): StoredUser | undefined {
    const key = idOrUpn.toLowerCase();
    const user = this.byId.get(key) ?? this.byUpn.get(key);
    return user && !user.deletedDateTime ? user : undefined;
  }

  /** This directory's spelling of a directory extension (`extension_{appId}_{name}`), looked up case-insensitively. */
  extensionName(name: string): string | undefined {
    return this.extensionNames.get(name.toLowerCase());
  }

  /** Baseline load for seeds: no change-log entries, so the first delta round sees them as initial state. */
  load(users: Iterable<UserData>): void {
    for (const data of users) this.insert(data);
  }

  create(data: UserData): StoredUser {
    const user = this.insert(data);
    this.log.push({ userId: user.id, kind: "upsert", props: null });
    return user;
  }

  update(id: string, patch: UserData): StoredUser {
    const user = this.require(id);
    const next: UserData = { ...user.data };
    const changed: string[] = [];
    for (const [key, value] of Object.entries(this.spellExtensions(patch))) {
      if (key === "id") continue;
      const merged = mergeValue(key, next[key], value);
      if (sameValue(next[key], merged)) continue;
      if (merged == null) delete next[key];
      else next[key] = merged;
      changed.push(key);
    }
    if (changed.length === 0) return user;
    if (changed.includes("userPrincipalName")) this.reindexUpn(user, next);
    user.data = next;
    if (!user.deletedDateTime) this.log.push({ userId: user.id, kind: "upsert", props: changed });
    return user;
  }

  softDelete(id: string): StoredUser {
    const user = this.require(id);
    if (user.deletedDateTime) return user;
    user.deletedDateTime = new Date().toISOString();
    this.removeFromActive(user);
    this.log.push({ userId: user.id, kind: "softDelete", props: null });
    return user;
  }

  restore(id: string): StoredUser {
    const user = this.require(id);
    if (!user.deletedDateTime) return user;
    user.deletedDateTime = null;
    this.insertActive(user);
    this.log.push({ userId: user.id, kind: "upsert", props: null });
    return user;
  }

  hardDelete(id: string): void {
    const user = this.require(id);
    if (!user.deletedDateTime) this.removeFromActive(user);
    this.byId.delete(user.id);
    const upn = String(user.data.userPrincipalName ?? "").toLowerCase();
    if (this.byUpn.get(upn) === user) this.byUpn.delete(upn);
    this.log.push({ userId: user.id, kind: "hardDelete", props: null });
  }

  private require(id: string): StoredUser {
    const user = this.find(id) ?? this.byUpn.get(id.toLowerCase());
    if (!user) throw new NotFoundError(`No user '${id}' in this directory`);
    return user;
  }

  private insert(data: UserData): StoredUser {
    const id = String(data.id ?? "").toLowerCase();
    if (!id) throw new Error("A user needs an id");
    if (this.byId.has(id)) throw new Error(`Duplicate user id ${id}`);
    const upn = String(data.userPrincipalName ?? "").toLowerCase();
    if (upn && this.byUpn.has(upn)) throw new Error(`Duplicate userPrincipalName ${upn}`);
    const user: StoredUser = { seq: this.nextSeq++, id, data: { ...this.spellExtensions(data), id }, deletedDateTime: null };
    this.byId.set(id, user);
    if (upn) this.byUpn.set(upn, user);
    this.active.push(user);
    return user;
  }

  /**
   * One spelling per directory extension, the first one stored: `EXTENSION_…_COSTCENTER` written later lands on
   * `extension_…_costCenter`, so `$filter`, `$search` and delta tracking see a single property.
   */
  private spellExtensions(data: UserData): UserData {
    let out = data;
    for (const key of Object.keys(data)) {
      if (!/^extension_/i.test(key)) continue;
      const lower = key.toLowerCase();
      const known = this.extensionNames.get(lower);
      if (known === undefined) this.extensionNames.set(lower, key);
      else if (known !== key) {
        if (out === data) out = { ...data };
        out[known] = data[key];
        delete out[key];
      }
    }
    return out;
  }

  private reindexUpn(user: StoredUser, next: UserData): void {
    const oldUpn = String(user.data.userPrincipalName ?? "").toLowerCase();
    const newUpn = String(next.userPrincipalName ?? "").toLowerCase();
    const holder = this.byUpn.get(newUpn);
    if (holder && holder !== user) throw new Error(`Duplicate userPrincipalName ${newUpn}`);
    this.byUpn.delete(oldUpn);
    if (newUpn) this.byUpn.set(newUpn, user);
  }

  private indexOfActive(seq: number): number {
    let lo = 0;
    let hi = this.active.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const value = this.active[mid].seq;
      if (value === seq) return mid;
      if (value < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -(lo + 1);
  }

  private removeFromActive(user: StoredUser): void {
    const index = this.indexOfActive(user.seq);
    if (index >= 0) this.active.splice(index, 1);
  }

  private insertActive(user: StoredUser): void {
    const index = this.indexOfActive(user.seq);
    if (index < 0) this.active.splice(-index - 1, 0, user);
  }
}

/** Graph PATCH semantics for the one nested object the product maps: set the given keys, keep the rest. */
function mergeValue(key: string, current: unknown, value: unknown): unknown {
  if (key !== "onPremisesExtensionAttributes" || value == null || typeof value !== "object") return value;
  const merged: Record<string, unknown> = { ...((current as Record<string, unknown>) ?? {}) };
  for (const [k, v] of Object.entries(value)) {
    if (v == null) delete merged[k];
    else merged[k] = v;
  }
  return Object.keys(merged).length ? merged : null;
}
