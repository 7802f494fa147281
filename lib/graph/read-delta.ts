import { GraphError, type GraphRequest } from "@microsoft/microsoft-graph-client";
import type { GraphClient } from "./client";
import { DELTA_EXPIRED_CODES, splitDeltaPage, type DeltaPage } from "./delta-page";
import type { GraphUser } from "./graph-user";
import { assertGraphLink } from "./host-guard";
import { selectList } from "./odata";
import { checkPage, streamPages } from "./paging";
import { DeltaExpiredError, NextLinkHostError, UnexpectedResponseError } from "./typed-errors";

/**
 * `$select` decides what delta tracks: a change to an unselected property produces no entry, so
 * `accountEnabled` must be selected or disabling a user would go unnoticed (delta-query-overview).
 */
const DELTA_REQUIRED = ["id", "accountEnabled"];

function isDeltaExpired(error: unknown): error is GraphError {
  return error instanceof GraphError && (error.statusCode === 410 || DELTA_EXPIRED_CODES.has((error.code ?? "").toLowerCase()));
}

export interface DeltaResult {
  /** Store it per integration; pass it back next time. */
  deltaLink: string;
  /** Requests this round took (pages). */
  pages: number;
  /** False for an initial round (no stored link): it lists every user, so it is a full read. */
  incremental: boolean;
}

/**
 * One delta round: the initial `/users/delta?$select=…` or the stored deltaLink, followed to the new
 * deltaLink. Expired or unknown tokens throw DeltaExpiredError so the caller falls back to a full read.
 */
export async function readDelta(input: {
  client: GraphClient;
  select: readonly string[];
  deltaLink?: string | null;
  onPage: (page: DeltaPage) => Promise<void>;
}): Promise<DeltaResult> {
  const { client, deltaLink, onPage } = input;
  let request: GraphRequest;
  if (deltaLink) {
    try {
      request = client.sdk.api(assertGraphLink(deltaLink, client.origin));
    } catch (error) {
      // A stored link for another origin (the configuration moved, e.g. the demo emulator's port):
      // never follow it, start a new round instead.
      if (error instanceof NextLinkHostError) throw new DeltaExpiredError(null, null, error);
      throw error;
    }
  } else {
    // Delta takes parameters only on the first request; they are encoded in the tokens after that.
    request = client.sdk.api("/users/delta").select(selectList(input.select, DELTA_REQUIRED));
  }
  try {
    const result = await streamPages<GraphUser>({
      client,
      firstPage: await request.get(),
      onPage: (items) => onPage(splitDeltaPage(items)),
    });
    if (!result.deltaLink) throw new UnexpectedResponseError("The delta round ended without an @odata.deltaLink.");
    return { deltaLink: result.deltaLink, pages: result.pages, incremental: !!deltaLink };
  } catch (error) {
    if (isDeltaExpired(error)) throw new DeltaExpiredError(error.statusCode, error.code, error);
    throw error;
  }
}

/**
 * "Sync from now": `$deltatoken=latest` answers with only a deltaLink (delta-query-overview). Taken
 * before a full read, so changes made while the read runs are replayed by the next delta round.
 */
export async function latestDeltaLink(input: { client: GraphClient; select: readonly string[] }): Promise<string> {
  const { client } = input;
  const page = checkPage(
    await client.sdk.api("/users/delta").select(selectList(input.select, DELTA_REQUIRED)).query({ $deltatoken: "latest" }).get(),
    client.origin,
  );
  const link = page["@odata.deltaLink"];
  if (typeof link !== "string") throw new UnexpectedResponseError("Microsoft Graph answered $deltatoken=latest without an @odata.deltaLink.");
  return link;
}
