import { PageIterator, type Client, type GraphRequestOptions, type PageCollection } from "@microsoft/microsoft-graph-client";
import type { GraphClient } from "./client";
import { assertGraphLink } from "./host-guard";
import { UnexpectedResponseError } from "./typed-errors";

export interface StreamResult {
  /** Pages received, the first one included. */
  pages: number;
  items: number;
  /** The checked `@odata.deltaLink` of the last page, for delta rounds. */
  deltaLink?: string;
}

/** A collection page as documented, with its links already checked against the Graph origin. */
export function checkPage(page: unknown, origin: string): PageCollection {
  if (!page || typeof page !== "object" || !Array.isArray((page as PageCollection).value)) {
    throw new UnexpectedResponseError("Microsoft Graph returned a page without a 'value' array.");
  }
  const collection = page as PageCollection;
  if (collection["@odata.nextLink"] !== undefined) assertGraphLink(collection["@odata.nextLink"], origin);
  if (collection["@odata.deltaLink"] !== undefined) assertGraphLink(collection["@odata.deltaLink"], origin);
  return collection;
}

/**
 * Streams a paged collection to `onPage`, one Graph page at a time, awaiting each before the next is
 * fetched: memory holds one page, never the tenant.
 *
 * The SDK's PageIterator drives the paging (its per-item callback must return true to go on;
 * returning false pauses it and `iterate()` resumes). To hand over whole pages we pause on each
 * page's last item, which we know because PageIterator fetches every next page through
 * `client.api(nextLink).get()`: we give it a client whose `api` first checks the link's origin and
 * whose `get` notes the size of the page that arrived. `requestOptions.headers` are resent on every
 * page, which PageIterator does not do by itself (ConsistencyLevel, reference §8).
 */
export async function streamPages<T>(input: {
  client: GraphClient;
  firstPage: unknown;
  requestOptions?: GraphRequestOptions;
  onPage: (items: T[]) => Promise<void>;
}): Promise<StreamResult> {
  const { client, requestOptions, onPage } = input;
  const first = checkPage(input.firstPage, client.origin);
  const result: StreamResult = { pages: 1, items: 0, deltaLink: first["@odata.deltaLink"] };
  let leftInPage = first.value.length;
  let batch: T[] = [];

  const following = {
    api(link: string) {
      const request = client.sdk.api(assertGraphLink(link, client.origin));
      const get = request.get.bind(request);
      request.get = async () => {
        const page = checkPage(await get(), client.origin);
        result.pages++;
        result.deltaLink = page["@odata.deltaLink"];
        leftInPage = page.value.length;
        return page;
      };
      return request;
    },
  } as unknown as Client; // PageIterator only ever calls client.api(nextLink)

  const iterator = new PageIterator(
    following,
    first,
    (item: T) => {
      batch.push(item);
      return --leftInPage > 0;
    },
    requestOptions,
  );
  do {
    await iterator.iterate();
    if (batch.length > 0) {
      const items = batch;
      batch = [];
      result.items += items.length;
      await onPage(items);
    }
  } while (!iterator.isComplete());
  return result;
}
