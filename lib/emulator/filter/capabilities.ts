import type { FilterNode } from "./ast";
import { bindFilter, type PropertyResolver } from "./bind";
import { advancedRequired, notEqualsRequiresAdvanced, tooManyOrClauses, unsupportedClause } from "./errors";
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
  checkOrGroups(node);
}

/** Graph's limit on the child clauses of one `or` group (see checkOrGroups). */
export const MAX_OR_CLAUSES = 15;

/**
 * Graph refuses an `or` group of more than 15 child clauses: 400 Request_UnsupportedQuery "Too many child clauses
 * specified in search filter expression containing 'OR' operators: 18. Max allowed: 15." (observed 2019, the
 * number being the group's count), and https://learn.microsoft.com/graph/filter-query-parameter limits `in` to
 * 15 expressions by default.
 *
 * How the children are counted is [unconfirmed] beyond that; this is the reading implemented (documented
 * behaviour for a flat chain and for `in`):
 * - an `or` group is a maximal chain of `or` nodes, parentheses ignored: `(a or b) or c` is one group of three;
 * - each child counts one, except an `in` list, which is its values `or`-ed, so each value counts one;
 *   an `in` on its own is a group of its values;
 * - an `and`, `not` or lambda child counts one, and any `or` group inside it is a group of its own, checked
 *   the same way (`(15 ors) and (15 ors)` passes; `x and (16 ors)` fails).
 * It is checked after the clause rules (binding, indexing, advanced parameters), so those errors win [unconfirmed].
 */
function checkOrGroups(node: FilterNode): void {
  switch (node.kind) {
    case "or": {
      const children = orChildren(node);
      const count = children.reduce((n, child) => n + (child.kind === "in" ? child.values.length : 1), 0);
      if (count > MAX_OR_CLAUSES) throw tooManyOrClauses(count, MAX_OR_CLAUSES);
      for (const child of children) checkOrGroups(child);
      return;
    }
    case "and":
      checkOrGroups(node.left);
      checkOrGroups(node.right);
      return;
    case "not":
      checkOrGroups(node.operand);
      return;
    case "any":
      checkOrGroups(node.predicate);
      return;
    case "in":
      if (node.values.length > MAX_OR_CLAUSES) throw tooManyOrClauses(node.values.length, MAX_OR_CLAUSES);
      return;
    default:
      return;
  }
}

/** The operands of an `or` chain, nested `or`s flattened. */
function orChildren(node: FilterNode): FilterNode[] {
  return node.kind === "or" ? [...orChildren(node.left), ...orChildren(node.right)] : [node];
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
