import type { SetupMode } from "./credentials";
import { ENTRA_ENTRIES } from "./catalogue-entra";
import { GRAPH_ENTRIES } from "./catalogue-graph";
import { SYNC_ENTRIES } from "./catalogue-sync";
import { LINKS, aadstsLink, type CatalogueEntry } from "./catalogue-types";

// ONE catalogue of every Entra/Graph error the product can meet. The integration stores only the
// code (and Microsoft's message); the UI renders the entry, so wording can improve without a migration.

const CATALOGUE: ReadonlyMap<string, CatalogueEntry> = new Map([...ENTRA_ENTRIES, ...GRAPH_ENTRIES, ...SYNC_ENTRIES].map((e) => [e.code, e]));

/** Every entry, for the catalogue test and a support page. */
export function catalogueEntries(): CatalogueEntry[] {
  return [...CATALOGUE.values()];
}

export function isCatalogued(code: string): boolean {
  return CATALOGUE.has(code);
}

function generic(code: string): CatalogueEntry {
  const aadsts = /^AADSTS(\d+)$/.exec(code);
  if (aadsts) {
    return {
      code,
      kind: "auth",
      retryable: false,
      title: `Microsoft Entra refused to issue a token (${code})`,
      meaning: "Microsoft Entra ID did not give this integration an access token. The code identifies the reason.",
      action: "Look the code up on Microsoft's error page below. If the integration settings look right, contact support with the code and the time it happened.",
      links: [aadstsLink(Number(aadsts[1])), LINKS.entraCodes],
    };
  }
  return {
    code,
    kind: "graph",
    retryable: true,
    title: `Unexpected error (${code || "no code"})`,
    meaning: "The sync stopped on an error this portal does not recognise. Nothing was removed or cleared because of it.",
    action: "The next scheduled run tries again. If the error stays, contact support with this code and the time it happened.",
    links: [LINKS.graphErrors, LINKS.entraCodes],
  };
}

/** The entry for a stored error code, or a generic one that still shows the code. */
export function describeError(code: string, options: { mode?: SetupMode } = {}): CatalogueEntry {
  const entry = CATALOGUE.get(code) ?? generic(code);
  if (options.mode === "automated" && entry.automatedAction) return { ...entry, action: entry.automatedAction };
  return entry;
}
