import type { ComparisonOp, FilterNode, Literal, PathRef } from "./ast";
import { invalidFilter, unknownProperty } from "./errors";
import { filterableKey, hasFilterableMembers, ruleFor, type ValueType } from "./user-filterable";

type OperandType = ValueType | "count";

/** A property name as written in the query → the canonical spelling, or undefined when the type has no such property. */
export type PropertyResolver = (name: string) => string | undefined;
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

/**
 * Graph binds names and types (Microsoft.OData) before checking capabilities, so these errors win. Names
 * bind case-insensitively ([unconfirmed]: no Microsoft page says so; `UserPrincipalName eq '…'` is
 * reported to work in msgraph-sdk-powershell#1869): each path is
 * rewritten in place to the canonical spelling, which capability checks and evaluation then rely on.
 */
export function bindFilter(node: FilterNode, resolveProperty: PropertyResolver): void {
  bind(node, resolveProperty, new Map());
}

function bind(node: FilterNode, resolveProperty: PropertyResolver, scope: Scope): void {
  switch (node.kind) {
    case "and":
    case "or":
      bind(node.left, resolveProperty, scope);
      bind(node.right, resolveProperty, scope);
      return;
    case "not":
      bind(node.operand, resolveProperty, scope);
      return;
    case "compare":
      checkOperands(typeOf(node.path, resolveProperty, scope), [node.value], OPERATOR_KIND[node.op]);
      return;
    case "in":
      checkOperands(typeOf(node.path, resolveProperty, scope), node.values, "Equal");
      return;
    case "function": {
      const type = typeOf(node.path, resolveProperty, scope);
      const stringArguments = node.value.kind === "string" || node.value.kind === "null";
      if ((type === undefined || type === "string") && stringArguments) return;
      const name = node.name.toLowerCase();
      throw invalidFilter(
        `No function signature for the function with name '${name}' matches the specified arguments. ` +
          `The function signatures considered are: ${name}(Edm.String Nullable=true, Edm.String Nullable=true).`,
      );
    }
    case "any": {
      typeOf(node.collection, resolveProperty, scope);
      const elementType = ruleFor(node.collection.segments.join("/"))?.type;
      bind(node.predicate, resolveProperty, new Map(scope).set(node.variable, elementType));
      return;
    }
  }
}

function typeOf(path: PathRef, resolveProperty: PropertyResolver, scope: Scope): OperandType | undefined {
  const [root, ...rest] = path.segments;
  if (scope.has(root)) return rest.length === 0 ? scope.get(root) : undefined;
  const property = resolveProperty(root);
  if (!property) throw unknownProperty(root, "microsoft.graph.user");
  path.segments[0] = property;
  if (rest.at(-1) === "$count") return "count";
  if (rest.length > 0) {
    const member = filterableKey(path.segments.join("/"));
    if (member) path.segments.splice(0, path.segments.length, ...member.split("/"));
    else if (hasFilterableMembers(property)) throw unknownProperty(rest[0], `microsoft.graph.${property}`);
  }
  return ruleFor(path.segments.join("/"))?.type;
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
