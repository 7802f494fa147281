import {
  MAPPABLE_USER_PROPERTIES,
  isDirectoryExtension,
  unmappableReason,
} from "./graph-user-properties";
import { SWITCHBOARD_FIELDS, type FieldMapping } from "./types";

export type MappingIssueCode =
  | "EMPTY_PROPERTY"
  | "UNKNOWN_TARGET"
  | "UNKNOWN_PROPERTY"
  | "NOT_MAPPABLE"
  | "DUPLICATE_PROPERTY"
  | "DUPLICATE_TARGET";

export interface MappingIssue {
  /** Position in the mapping list, so a form can put the message next to the row. */
  index: number;
  property: string;
  target: string;
  code: MappingIssueCode;
  message: string;
  /** The correctly spelled property when only the case differs. */
  suggestion?: string;
}

/** Always read: what matching, rule 2 and the users tab need, whatever the mapping says. */
export const BASE_SELECT = [
  "id",
  "userPrincipalName",
  "displayName",
  "accountEnabled",
  "mobilePhone",
  "businessPhones",
] as const;

const MAPPABLE = new Set(MAPPABLE_USER_PROPERTIES);
const BY_LOWER_CASE = new Map(MAPPABLE_USER_PROPERTIES.map((p) => [p.toLowerCase(), p]));
const TARGETS = new Set<string>(SWITCHBOARD_FIELDS);

const EXTENSION_PREFIX = /^extension_([0-9a-f]{32})_/i;

function caseSuggestion(property: string): string | undefined {
  const known = BY_LOWER_CASE.get(property.toLowerCase());
  if (known) return known;
  const lowered = property.replace(EXTENSION_PREFIX, (_, appId: string) => `extension_${appId.toLowerCase()}_`);
  return lowered !== property && isDirectoryExtension(lowered) ? lowered : undefined;
}

function propertyIssue(property: string): Omit<MappingIssue, "index" | "property" | "target"> | undefined {
  if (MAPPABLE.has(property) || isDirectoryExtension(property)) return undefined;
  const reason = unmappableReason(property);
  if (reason) return { code: "NOT_MAPPABLE", message: reason };
  const suggestion = caseSuggestion(property);
  if (suggestion) {
    return {
      code: "UNKNOWN_PROPERTY",
      message: `${property} → did you mean ${suggestion}? Graph property names are case-sensitive`,
      suggestion,
    };
  }
  return { code: "UNKNOWN_PROPERTY", message: `${property} is not a property of a Graph user` };
}

/** Reports every problem in a mapping list; an empty list means it can be saved and used. */
export function validateMappings(mappings: readonly FieldMapping[]): MappingIssue[] {
  const issues: MappingIssue[] = [];
  const seenProperties = new Set<string>();
  const seenTargets = new Set<string>();
  mappings.forEach(({ property, target }, index) => {
    const at = { index, property, target };
    if (!TARGETS.has(target)) {
      issues.push({ ...at, code: "UNKNOWN_TARGET", message: `${target} is not a switchboard field` });
    } else if (target !== "tags" && seenTargets.has(target)) {
      issues.push({ ...at, code: "DUPLICATE_TARGET", message: `${target} is already fed by another property` });
    }
    seenTargets.add(target);
    if (property.trim() === "") {
      issues.push({ ...at, code: "EMPTY_PROPERTY", message: "choose a Graph property" });
      return;
    }
    if (seenProperties.has(property)) {
      issues.push({ ...at, code: "DUPLICATE_PROPERTY", message: `${property} is mapped more than once` });
    }
    seenProperties.add(property);
    const issue = propertyIssue(property);
    if (issue) issues.push({ ...at, ...issue });
  });
  return issues;
}

/**
 * The rows of a mapping that can be applied. A row with an issue is inert: a typo must not read
 * as "Entra is empty" and clear a field for everyone.
 */
export function usableMappings(mappings: readonly FieldMapping[]): FieldMapping[] {
  const bad = new Set(validateMappings(mappings).map((issue) => issue.index));
  return mappings.filter((_, index) => !bad.has(index));
}

/** The `$select` list for a user read: the base properties plus the parents of the usable mappings. */
export function selectForMappings(mappings: readonly FieldMapping[]): string[] {
  const select = new Set<string>(BASE_SELECT);
  for (const { property } of usableMappings(mappings)) select.add(property.split("/")[0]);
  return [...select];
}
