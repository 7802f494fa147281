import { promisify } from "node:util";
import { gunzip, gzip, gzipSync } from "node:zlib";
import { mergePlans } from "@/lib/sync/core/merge-plans";
import type { SyncPlan } from "@/lib/sync/core/plan-types";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

// A held plan is kept until an admin decides, and a held first sync of a large tenant holds every
// user's change set: as one JSON value it reached ≈100 MB of jsonb at 100k users, and jsonb stops
// at 255 MB. Compressed (the change sets repeat field names) it is about a quarter of that (106 MB of
// JSON packed to 25 MB for 100k users, every one linked and cleared, in a review), and compression
// runs off the event loop.

/** The plan as stored on a held run: gzip-compressed JSON. */
export async function packPlan(plan: SyncPlan): Promise<Uint8Array<ArrayBuffer>> {
  // In one piece: with zlib's default 16 kB chunks each chunk waits for the event loop, so a busy
  // main thread (the next slice being planned) would hold every JSON text until it is done.
  const json = Buffer.from(JSON.stringify(plan), "utf8");
  const packed = await gzipAsync(json, { level: 1, chunkSize: Math.max(64 * 1024, json.length) });
  return new Uint8Array(packed.buffer as ArrayBuffer, packed.byteOffset, packed.byteLength);
}

/** A full run's held slices: the stored bytes, and where each slice's own plan lies in them. */
export type JoinedPlan = { bytes: Uint8Array<ArrayBuffer>; slices: [offset: number, length: number][] };

/**
 * The packed plans of a full run's slices as one stored plan, without unpacking them: gzip members
 * may follow one another, so `[`, the slices' members with `,` between them, and `]` read back as
 * one JSON array of plans (unpackPlan merges them); each slice can also be read on its own by its
 * byte range (heldPlans), so approving it never holds the whole plan.
 */
export function joinPacked(packed: readonly Uint8Array[]): JoinedPlan {
  const member = (text: string) => gzipSync(text, { level: 1 });
  const parts: Uint8Array[] = [member("[")];
  const slices: [number, number][] = [];
  let offset = parts[0].byteLength;
  packed.forEach((slice, i) => {
    if (i > 0) {
      parts.push(member(","));
      offset += parts[parts.length - 1].byteLength;
    }
    parts.push(slice);
    slices.push([offset, slice.byteLength]);
    offset += slice.byteLength;
  });
  parts.push(member("]"));
  const joined = Buffer.concat(parts);
  return { bytes: new Uint8Array(joined.buffer as ArrayBuffer, joined.byteOffset, joined.byteLength), slices };
}

/** A stored plan one slice at a time (by the byte ranges joinPacked gave), or whole when it has none. */
export async function* heldPlans(stored: Uint8Array, slices?: readonly [number, number][]): AsyncGenerator<SyncPlan> {
  if (!slices?.length) {
    yield await unpackPlan(stored);
    return;
  }
  for (const [offset, length] of slices) yield await unpackPlan(stored.subarray(offset, offset + length));
}

/**
 * Reads a stored plan; runs held before plans were compressed hold plain JSON bytes, and those held
 * before plans named stale choices have none. A full run's slices (joinPacked) come back merged.
 */
export async function unpackPlan(stored: Uint8Array): Promise<SyncPlan> {
  const isGzip = stored[0] === 0x1f && stored[1] === 0x8b;
  const json = isGzip ? await gunzipAsync(stored, { chunkSize: Math.max(64 * 1024, stored.byteLength * 8) }) : Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const parsed = JSON.parse(json.toString("utf8")) as SyncPlan | SyncPlan[];
  const plan = Array.isArray(parsed) ? mergePlans(parsed, parsed[0]?.at ?? new Date(0).toISOString()) : parsed;
  return { ...plan, staleChoices: plan.staleChoices ?? [] };
}
