import type { DesiredValues } from "./map-fields";
import type { FieldChange } from "./plan-types";
import type { ScalarValues, SwitchboardField } from "./types";
import { SCALAR_FIELDS } from "./types";

export interface CurrentValues {
  fields: ScalarValues;
  tags: string[];
}

export interface FieldDiff {
  changes: readonly FieldChange[];
  /** Clears an incomplete run may not write (rule 11). */
  withheldClears: readonly SwitchboardField[];
}

// Most users have not changed: they all share this answer instead of allocating their own.
const NO_DIFF: FieldDiff = Object.freeze({ changes: Object.freeze([]), withheldClears: Object.freeze([]) });

// The switchboard may hold "" where the portal writes null; both mean "no value".
function sameText(before: string | null, after: string | null): boolean {
  return (before ?? "") === (after ?? "");
}

function sameTags(before: readonly string[], after: readonly string[]): boolean {
  return before.length === after.length && before.every((tag, i) => tag === after[i]);
}

/** A change that empties a field that had a value: what the guard counts and rule 11 forbids. */
export function isClearing(change: FieldChange): boolean {
  if (change.field === "tags") return change.after.length === 0 && change.before.length > 0;
  return change.after === null && (change.before ?? "") !== "";
}

/** Compares mapped values with the switchboard's; unmapped fields and equal values yield nothing. */
export function diffValues(current: CurrentValues, desired: DesiredValues, allowClears: boolean): FieldDiff {
  let changes: FieldChange[] | null = null;
  let withheldClears: SwitchboardField[] | null = null;
  const keep = (change: FieldChange): void => {
    if (!allowClears && isClearing(change)) (withheldClears ??= []).push(change.field);
    else (changes ??= []).push(change);
  };
  for (const field of SCALAR_FIELDS) {
    if (!(field in desired.fields)) continue;
    const before = current.fields[field] ?? null;
    const after = desired.fields[field] ?? null;
    if (!sameText(before, after)) keep({ field, before, after });
  }
  if (desired.tags && !sameTags(current.tags, desired.tags)) {
    keep({ field: "tags", before: [...current.tags], after: desired.tags });
  }
  return changes || withheldClears ? { changes: changes ?? [], withheldClears: withheldClears ?? [] } : NO_DIFF;
}
