import type { ComparisonOp, FilterNode, Literal, PathRef } from "./ast";
import { invalidFilter, unknownProperty } from "./errors";
import { hasFilterableMembers, ruleFor, type ValueType } from "./user-filterable";

type OperandType = ValueType | "count";
type Scope = ReadonlyMap<string, OperandType | undefined>;

const EDM: Record<OperandType | Literal["kind"], string> = {
  string: "Edm.String",
  boolean: "Edm.Boolean",
  datetime: "Edm.DateTimeOffset",
  int: "Edm.Int32",
  count: "Edm.Int64",
  null: "null",
};

const OPERATOR_KIND: Record<ComparisonOp, string> = {
  eq: "Equal",
  ne: "NotEqual",
  gt: "GreaterThan",
  ge: "GreaterThanOrEqual",
  lt: "LessThan",
  le: "LessThanOrEqual",
};

// Graph binds names and types (Microsoft.OData) before checking capabilities, so these errors win.
export function bindFilter(node: FilterNode, knownProperty: (name: string) => boolean): void {
  bind(node, knownProperty, new Map());
}

function bind(node: FilterNode, knownProperty: (name: string) => boolean, scope: Scope): void {
  switch (node.kind) {
    case "and":
    case "or":
      bind(node.left, knownProperty, scope);
      bind(node.right, knownProperty, scope);
      return;
    case "not":
      bind(node.operand, knownProperty, scope);
      return;
    case "compare":
      checkOperands(typeOf(node.path, knownProperty, scope), [node.value], OPERATOR_KIND[node.op]);
      return;
    case "in":
      checkOperands(typeOf(node.path, knownProperty, scope), node.values, "Equal");
      return;
    case "function": {
      const type = typeOf(node.path, knownProperty, scope);
      const stringArguments = node.value.kind === "string" || node.value.kind === "null";
      if ((type === undefined || type === "string") && stringArguments) return;
      const name = node.name.toLowerCase();
      throw invalidFilter(
        `No function signature for the function with name '${name}' matches the specified arguments. ` +
          `The function signatures considered are: ${name}(Edm.String Nullable=true, Edm.String Nullable=true).`,
      );
    }
    case "any": {
      typeOf(node.collection, knownProperty, scope);
      const elementType = ruleFor(node.collection.segments.join("/"))?.type;
      bind(node.predicate, knownProperty, new Map(scope).set(node.variable, elementType));
      return;
    }
  }
}

function typeOf(path: PathRef, knownProperty: (name: string) => boolean, scope: Scope): OperandType | undefined {
  const [root, ...rest] = path.segments;
  if (scope.has(root)) return rest.length === 0 ? scope.get(root) : undefined;
  if (!knownProperty(root)) throw unknownProperty(root, "microsoft.graph.user");
  if (rest.at(-1) === "$count") return "count";
  const key = path.segments.join("/");
  if (rest.length > 0 && !ruleFor(key) && hasFilterableMembers(root)) {
    throw unknownProperty(rest[0], `microsoft.graph.${root}`);
  }
  return ruleFor(key)?.type;
}

function checkOperands(type: OperandType | undefined, values: Literal[], operatorKind: string): void {
  if (type === undefined) return;
  for (const value of values) {
    if (value.kind === "null" || value.kind === type || (type === "count" && value.kind === "int")) continue;
    throw invalidFilter(
      `A binary operator with incompatible types was detected. ` +
        `Found operand types '${EDM[type]}' and '${EDM[value.kind]}' for operator kind '${operatorKind}'.`,
    );
  }
}
