export type ComparisonOp = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

export type Literal =
  | { kind: "string"; value: string; pos: number }
  | { kind: "boolean"; value: boolean; pos: number }
  | { kind: "int"; value: number; pos: number }
  | { kind: "datetime"; value: string; epochMs: number; pos: number }
  | { kind: "null"; pos: number };

export interface PathRef {
  segments: string[];
  pos: number;
}

export type FilterNode =
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode; pos: number }
  | { kind: "not"; operand: FilterNode; pos: number }
  | { kind: "compare"; op: ComparisonOp; path: PathRef; value: Literal; pos: number }
  | { kind: "in"; path: PathRef; values: Literal[]; pos: number }
  | { kind: "function"; name: "startsWith" | "endsWith"; path: PathRef; value: Literal; pos: number }
  | { kind: "any"; collection: PathRef; variable: string; predicate: FilterNode; pos: number };

export const COMPARISON_OPS: readonly ComparisonOp[] = ["eq", "ne", "gt", "ge", "lt", "le"];
