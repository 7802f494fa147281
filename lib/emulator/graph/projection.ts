import { GraphHttpError, badRequest } from "./graph-error";
import {
  DEFAULT_PROPERTY_ORDER,
  DIRECTORY_EXTENSION,
  EXTENSION_ATTRIBUTE_NAMES,
  USER_PROPERTIES,
  lookupProperty,
  type PropDef,
} from "./user-schema";
import type { UserData, UserDirectory } from "../state/user-directory";

/** What the caller's token may read: User.ReadBasic.All sees only the basic profile. */
export type Access = "full" | "basic";

export interface Selection {
  /** Property names in output order: schema casing; directory extensions as registered (see parseSelect). */
  names: string[];
  explicit: boolean;
  /** `users` or `users(a,b)` for `@odata.context`. */
  contextSegment: string;
}

const DEFAULT_SELECTION: Selection = { names: [...DEFAULT_PROPERTY_ORDER], explicit: false, contextSegment: "users" };

/**
 * `directory` gives a directory extension's registered spelling: Graph binds `$select` names
 * case-insensitively and answers with the extension's name as registered, not as asked
 * (https://github.com/microsoftgraph/microsoft-graph-docs/issues/16908,
 * https://github.com/microsoftgraph/msgraph-sdk-powershell/issues/1955). The emulator keeps one spelling
 * per extension, the first one stored (UserDirectory.extensionName); one no user carries yet keeps the
 * requested spelling. [unconfirmed] `@odata.context` names it the same way: the reports show values only.
 */
export function parseSelect(text: string | null, target: "collection" | "entity", directory?: Pick<UserDirectory, "extensionName">): Selection {
  if (text == null || text.trim() === "") return DEFAULT_SELECTION;
  const names: string[] = [];
  for (const raw of text.split(",")) {
    const name = raw.trim();
    if (!name) throw badRequest("Syntax error: character ',' is not valid at this position in '$select'.");
    if (name === "*") {
      for (const def of USER_PROPERTIES.values()) if (!def.collectionOnly501) names.push(def.name);
      continue;
    }
    if (DIRECTORY_EXTENSION.test(name)) {
      names.push(directory?.extensionName(name) ?? name);
      continue;
    }
    const def = lookupProperty(name);
    if (!def) {
      throw badRequest(`Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.user'.`);
    }
    // https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0 — these are
    // served by another store and only for a single user.
    if (def.collectionOnly501 && target === "collection") {
      throw new GraphHttpError(501, "NotImplemented", "This operation target is not yet supported.");
    }
    names.push(def.name);
  }
  const unique = [...new Set(names)];
  return { names: unique, explicit: true, contextSegment: `users(${unique.join(",")})` };
}

function emptyValue(def: PropDef | undefined): unknown {
  return def && (def.kind === "strings" || def.kind === "objects") ? [] : null;
}

function readExtension(data: UserData, name: string): unknown {
  if (name in data) return data[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(data)) if (key.toLowerCase() === lower) return data[key];
  return undefined;
}

function readProperty(data: UserData, def: PropDef): unknown {
  const value = data[def.name];
  if (def.name === "onPremisesExtensionAttributes") {
    const stored = (value ?? {}) as Record<string, unknown>;
    return Object.fromEntries(EXTENSION_ATTRIBUTE_NAMES.map((n) => [n, stored[n] ?? null]));
  }
  return value ?? emptyValue(def);
}

export interface ProjectOptions {
  /** Delta responses leave out properties that were never set (https://learn.microsoft.com/en-us/graph/api/user-delta). */
  omitNull?: boolean;
  /** With `omitNull`: these properties changed in this delta round, so a null among them is sent (set to null). */
  keepNull?: ReadonlySet<string>;
  /** Restrict to these names (Prefer: return=minimal), `id` always kept. */
  only?: ReadonlySet<string>;
}

export function projectUser(data: UserData, selection: Selection, access: Access, options: ProjectOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of selection.names) {
    if (options.only && name !== "id" && !options.only.has(name)) continue;
    const def = USER_PROPERTIES.get(name);
    if (!def) {
      // Unset or unreadable directory extensions are simply absent, never null.
      const value = access === "full" ? readExtension(data, name) : undefined;
      if (value !== undefined && value !== null) out[name] = value;
      continue;
    }
    // User.ReadBasic.All: no error, the non-basic properties just come back empty
    // (reference §7; collections stay `[]` because the schema marks them non-nullable). Responses
    // posted under ReadBasic show exactly that, `"businessPhones": []` beside `"mobilePhone": null`:
    // https://github.com/microsoftgraph/microsoft-graph-docs/issues/2833,
    // https://github.com/microsoftgraph/microsoft-graph-explorer/issues/321
    const value = access === "basic" && !def.basic ? emptyValue(def) : readProperty(data, def);
    if (options.omitNull && value === null && !options.only && !options.keepNull?.has(name)) continue;
    out[name] = value;
  }
  return out;
}
