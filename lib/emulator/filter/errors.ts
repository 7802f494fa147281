export class GraphQueryError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
    this.name = "GraphQueryError";
  }
}

const ADVANCED_QUERIES_DOC = "https://aka.ms/graph-docs/advanced-queries";

// Graph wraps Microsoft.OData.Core's parser messages ("Syntax error at position N in '…'.") behind this prefix.
export function invalidFilter(detail: string): GraphQueryError {
  return new GraphQueryError(400, "BadRequest", `Invalid filter clause: ${detail}`);
}

export function syntaxErrorAt(position: number, text: string): GraphQueryError {
  return invalidFilter(`Syntax error at position ${position} in '${text}'.`);
}

export function unknownProperty(name: string, type: string): GraphQueryError {
  return new GraphQueryError(400, "Request_BadRequest", `Could not find a property named '${name}' on type '${type}'.`);
}

export function unsupportedClause(property: string): GraphQueryError {
  return new GraphQueryError(
    400,
    "Request_UnsupportedQuery",
    `Unsupported or invalid query filter clause specified for property '${property}' of resource 'User'.`,
  );
}

// Documented verbatim only for endsWith (aad-advanced-queries); used as the template for other advanced-only clauses.
export function advancedRequired(operator: string): GraphQueryError {
  return new GraphQueryError(
    400,
    "Request_UnsupportedQuery",
    `Operator '${operator}' is not supported because the required parameters might be missing. ` +
      `Try adding $count=true query parameter and ConsistencyLevel:eventual header. ` +
      `Refer to ${ADVANCED_QUERIES_DOC} for more information`,
  );
}

// Observed for `ne` without advanced parameters (microsoft-graph-docs-contrib#9043, msgraph-sdk-go#599).
export function notEqualsRequiresAdvanced(): GraphQueryError {
  return new GraphQueryError(400, "Request_UnsupportedQuery", "Filter operator 'NotEqualsMatch' is not supported.");
}

// Observed 400 body (2019, quoted in a public script); see capabilities.ts checkOrGroups for how clauses are counted.
export function tooManyOrClauses(count: number, max: number): GraphQueryError {
  return new GraphQueryError(
    400,
    "Request_UnsupportedQuery",
    `Too many child clauses specified in search filter expression containing 'OR' operators: ${count}. Max allowed: ${max}.`,
  );
}
