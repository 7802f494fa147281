import type { FilterNode } from "./ast";
import { bindFilter, type PropertyResolver } from "./bind";
import { advancedRequired, notEqualsRequiresAdvanced, unsupportedClause } from "./errors";
import { ruleFor, type FilterRule, type Support } from "./user-filterable";

export interface CheckOptions {
  /** `ConsistencyLevel: eventual` header and `$count=true` were both sent. */
  advanced: boolean;
  /** Case-insensitive name → canonical spelling (see bind.ts). */
  resolveProperty: PropertyResolver;
}

type Clause = Extract<FilterNode, { kind: "compare" | "in" | "function" }>;

interface LambdaContext {
  variable: string;
  collection: string;
  rule: FilterRule;
}

export function checkFilter(node: FilterNode, opts: CheckOptions): void {
  bindFilter(node, opts.resolveProperty);
  checkNode(node, opts.advanced, null);
}

export function filterProperties(node: FilterNode): string[] {
  const found = new Set<string>();
  const visit = (n: FilterNode, variables: ReadonlySet<string>): void => {
    switch (n.kind) {
      case "and":
      case "or":
        visit(n.left, variables);
        visit(n.right, variables);
        return;
      case "not":
        visit(n.operand, variables);
        return;
      case "any":
        if (!variables.has(n.collection.segments[0])) found.add(n.collection.segments[0]);
        visit(n.predicate, new Set(variables).add(n.variable));
        return;
      default:
        if (!variables.has(n.path.segments[0])) found.add(n.path.segments[0]);
    }
  };
  visit(node, new Set());
  return [...found];
}

function checkNode(node: FilterNode, advanced: boolean, lambda: LambdaContext | null): void {
  switch (node.kind) {
    case "and":
    case "or":
      checkNode(node.left, advanced, lambda);
      checkNode(node.right, advanced, lambda);
      return;
    case "not":
      if (!advanced) throw advancedRequired("not");
      checkNode(node.operand, advanced, lambda);
      return;
    case "any": {
      const collection = node.collection.segments.join("/");
      const rule = ruleFor(collection);
      if (lambda || !rule?.collection) throw unsupportedClause(lambda?.collection ?? collection);
      checkNode(node.predicate, advanced, { variable: node.variable, collection, rule });
      return;
    }
    default:
      checkClause(node, advanced, lambda);
  }
}

function checkClause(clause: Clause, advanced: boolean, lambda: LambdaContext | null): void {
  const { property, rule, counting } = target(clause, lambda);
  const support = rule && requiredSupport(clause, rule, { counting, inLambda: lambda !== null });
  if (!support) throw unsupportedClause(property);
  if (advanced) return;
  if (clause.kind === "compare" && clause.op === "ne") throw notEqualsRequiresAdvanced();
  if (support === "advanced") throw advancedRequired(counting ? "$count" : operatorName(clause));
}

function target(clause: Clause, lambda: LambdaContext | null) {
  const { segments } = clause.path;
  if (lambda) {
    const isVariable = segments.length === 1 && segments[0] === lambda.variable;
    return { property: lambda.collection, rule: isVariable ? lambda.rule : undefined, counting: false };
  }
  const counting = segments.at(-1) === "$count";
  const property = (counting ? segments.slice(0, -1) : segments).join("/");
  const rule = ruleFor(property);
  const usable = counting ? rule?.count : rule !== undefined && !rule.collection;
  return { property, rule: usable ? rule : undefined, counting };
}

function requiredSupport(
  clause: Clause,
  rule: FilterRule,
  where: { counting: boolean; inLambda: boolean },
): Support | undefined {
  if (clause.kind === "in") return rule.eq;
  if (clause.kind === "function") {
    // `startsWith(displayName, '')` is rejected as an invalid clause (Microsoft Q&A 515417).
    if (clause.value.kind === "string" && clause.value.value === "") return undefined;
    if (clause.name === "endsWith") return rule.endsWith ? "advanced" : undefined;
    return rule.startsWith;
  }
  const { op, value } = clause;
  const equality = op === "eq" || op === "ne";
  if (where.counting) return equality && value.kind === "int" && value.value === 0 ? "advanced" : undefined;
  // The doc says to negate lambdas with `not(…/any(…))` rather than use `ne` or null inside them.
  if (where.inLambda) return op === "eq" && value.kind !== "null" ? rule.eq : undefined;
  if (value.kind === "null") return equality ? rule.eqNull : undefined;
  return equality ? rule.eq : rule.range;
}

function operatorName(clause: Clause): string {
  if (clause.kind === "compare") return clause.op;
  return clause.kind === "in" ? "in" : clause.name;
}
