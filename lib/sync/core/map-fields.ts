import { toFieldText, toTags } from "./sanitise";
import type { DirectoryUser, FieldMapping, ScalarField, ScalarValues } from "./types";
import { SCALAR_FIELDS } from "./types";

/** What the mapping says a switchboard user should hold; absent keys are unmapped (untouched). */
export interface DesiredValues {
  fields: Partial<ScalarValues>;
  tags?: string[];
}

// The base properties live on DirectoryUser itself; `properties` may repeat them.
const TOP_LEVEL: Record<string, (user: DirectoryUser) => unknown> = {
  id: (user) => user.objectId,
  userPrincipalName: (user) => user.userPrincipalName,
  displayName: (user) => user.displayName,
  accountEnabled: (user) => user.accountEnabled,
  mobilePhone: (user) => user.mobilePhone,
  businessPhones: (user) => user.businessPhones,
};

const EXTENSION = /^extension_/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A directory extension's value under any casing of its name. Graph answers with the name as the
 * extension was registered, whatever casing `$select` asked for
 * (https://github.com/microsoftgraph/microsoft-graph-docs/issues/16908,
 * https://github.com/microsoftgraph/msgraph-sdk-powershell/issues/1955), and validation accepts a
 * mapping whose extension name differs only in case: an exact lookup would read "Entra is empty" and
 * clear the field for every user (rule 3). Only asked when the exact key is absent.
 */
function readExtensionAnyCase(properties: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const key in properties) if (key.length === name.length && key.toLowerCase() === lower) return properties[key];
  return undefined;
}

export function readProperty(user: DirectoryUser, path: string): unknown {
  const { properties } = user;
  if (!path.includes("/")) {
    if (Object.hasOwn(properties, path)) return properties[path];
    if (EXTENSION.test(path)) return readExtensionAnyCase(properties, path);
    return TOP_LEVEL[path]?.(user);
  }
  const [head, ...rest] = path.split("/");
  let value: unknown = Object.hasOwn(user.properties, head) ? user.properties[head] : TOP_LEVEL[head]?.(user);
  for (const key of rest) value = isRecord(value) ? value[key] : undefined;
  return value;
}

/**
 * Rule 3 and 4: mapped fields get the sanitised Entra value or null when it is empty; tags collect
 * every property that feeds them. `mappings` must be usable (see usableMappings).
 */
export function mapDirectoryUser(user: DirectoryUser, mappings: readonly FieldMapping[]): DesiredValues {
  const fields: Partial<ScalarValues> = {};
  let tagValues: unknown[] | null = null;
  for (const { property, target } of mappings) {
    const value = readProperty(user, property);
    if (target === "tags") (tagValues ??= []).push(value);
    else if (!(target in fields)) fields[target] = toFieldText(value);
  }
  return tagValues ? { fields, tags: toTags(tagValues) } : { fields };
}

/**
 * A limited user exists only because of Entra, so its display name falls back to Entra's when no
 * property feeds it: an operator must see a name.
 */
export function limitedUserValues(user: DirectoryUser, mappings: readonly FieldMapping[]): DesiredValues {
  const desired = mapDirectoryUser(user, mappings);
  if ("displayName" in desired.fields) return desired;
  return { ...desired, fields: { ...desired.fields, displayName: toFieldText(user.displayName) } };
}

export function allFields(fields: Partial<ScalarValues>): ScalarValues {
  const entries = SCALAR_FIELDS.map((field): [ScalarField, string | null] => [field, fields[field] ?? null]);
  return Object.fromEntries(entries) as ScalarValues;
}
