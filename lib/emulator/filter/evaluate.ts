import type { ComparisonOp, FilterNode, Literal, PathRef } from "./ast";

type Scope = ReadonlyMap<string, unknown>;

/** Two-valued logic: a comparison against a missing value is false, except `ne`, which is true. */
export function evaluateFilter(node: FilterNode, user: Record<string, unknown>): boolean {
  return evaluate(node, user, new Map());
}

function evaluate(node: FilterNode, user: Record<string, unknown>, scope: Scope): boolean {
  switch (node.kind) {
    case "and":
      return evaluate(node.left, user, scope) && evaluate(node.right, user, scope);
    case "or":
      return evaluate(node.left, user, scope) || evaluate(node.right, user, scope);
    case "not":
      return !evaluate(node.operand, user, scope);
    case "compare":
      return compare(resolve(node.path, user, scope), node.op, node.value);
    case "in": {
      const value = resolve(node.path, user, scope);
      return node.values.some((literal) => compare(value, "eq", literal));
    }
    case "function": {
      const value = resolve(node.path, user, scope);
      if (typeof value !== "string" || node.value.kind !== "string") return false;
      const [haystack, needle] = [value.toLowerCase(), node.value.value.toLowerCase()];
      return node.name === "startsWith" ? haystack.startsWith(needle) : haystack.endsWith(needle);
    }
    case "any": {
      const items = resolve(node.collection, user, scope);
      if (!Array.isArray(items)) return false;
      return items.some((item) => evaluate(node.predicate, user, new Map(scope).set(node.variable, item)));
    }
  }
}

function resolve(path: PathRef, user: Record<string, unknown>, scope: Scope): unknown {
  const [root, ...rest] = path.segments;
  let current: unknown = scope.has(root) ? scope.get(root) : user[root];
  for (const segment of rest) {
    if (segment === "$count") current = Array.isArray(current) ? current.length : 0;
    else current = isRecord(current) ? current[segment] : undefined;
  }
  return current;
}

function compare(value: unknown, op: ComparisonOp, literal: Literal): boolean {
  if (literal.kind === "null" || value === null || value === undefined) {
    const bothNull = literal.kind === "null" && (value === null || value === undefined);
    if (op === "eq") return bothNull;
    if (op === "ne") return !bothNull;
    return false;
  }
  const order = ordering(value, literal);
  if (order === undefined) return op === "ne";
  switch (op) {
    case "eq":
      return order === 0;
    case "ne":
      return order !== 0;
    case "gt":
      return order > 0;
    case "ge":
      return order >= 0;
    case "lt":
      return order < 0;
    case "le":
      return order <= 0;
  }
}

// Directory string comparisons are case-insensitive.
function ordering(value: unknown, literal: Exclude<Literal, { kind: "null" }>): number | undefined {
  switch (literal.kind) {
    case "string":
      return typeof value === "string" ? ordinal(value.toLowerCase(), literal.value.toLowerCase()) : undefined;
    case "boolean":
      return typeof value === "boolean" ? Number(value) - Number(literal.value) : undefined;
    case "int":
      return typeof value === "number" ? sign(value - literal.value) : undefined;
    case "datetime": {
      const time = typeof value === "string" ? Date.parse(value) : Number.NaN;
      return Number.isNaN(time) || Number.isNaN(literal.epochMs) ? undefined : sign(time - literal.epochMs);
    }
  }
}

function ordinal(a: string, b: string): number {
  return a === b ? 0 : a > b ? 1 : -1;
}

function sign(n: number): number {
  return n === 0 ? 0 : n > 0 ? 1 : -1;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
