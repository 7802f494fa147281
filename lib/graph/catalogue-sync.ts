import type { CatalogueEntry } from "./catalogue-types";

// The portal's own codes for a sync's state, stored on the integration or a run like Entra's codes.
// No Microsoft page explains them, so they carry no reference link.

export const SYNC_ENTRIES: CatalogueEntry[] = [
  {
    code: "SyncHeld",
    kind: "sync",
    retryable: false,
    title: "Sync held for your review",
    meaning:
      "This sync would clear mapped fields for, or unlink, more than 10 % of the linked users (and at least 5). Nothing was written to the switchboard: the run waits for a decision.",
    action:
      "Open the held run and check the users it lists. Approve it to apply the changes, or reject it and correct the data in Entra ID (a bulk edit gone wrong, an HR feed that emptied a field); the next full sync holds again while Entra still differs.",
    links: [],
  },
  {
    code: "ApproveFailed",
    kind: "sync",
    retryable: true,
    title: "The approved sync stopped part-way",
    meaning:
      "Applying the held changes you approved failed after some of them were written. The plan is not offered again, since applying it twice could add limited users twice.",
    action: "Run a sync: it plans from what is stored now and holds again if it must. If it fails again, contact support with the time it happened.",
    links: [],
  },
  {
    code: "LeaseLost",
    kind: "sync",
    retryable: true,
    title: "Another run took over this sync",
    meaning:
      "The run could not renew its claim on the integration in time (the server was busy or lost its database connection), so another run took over. This one stopped without writing what it had read.",
    action: "Nothing: the run that took over completes the sync.",
    links: [],
  },
  {
    code: "ScopeNotClosed",
    kind: "sync",
    retryable: false,
    title: "Too many users share numbers with this one",
    meaning:
      "The users sharing numbers with this user form a chain longer than a sync of one user follows; planning that user alone could miss someone who shares a number. Nothing was written.",
    action: "Sync the whole integration instead: a full sync plans every user.",
    links: [],
  },
  {
    code: "RunInterrupted",
    kind: "sync",
    retryable: true,
    title: "The run stopped before it finished",
    meaning:
      "The server restarted or timed out during the run. Changes it wrote before that stay (a run writes only what its complete read and the safety threshold allow); the rest was not written.",
    action: "Nothing, usually: the next run took over and plans from what is stored.",
    links: [],
  },
];
