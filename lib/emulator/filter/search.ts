import type { PropertyResolver } from "./bind";
import { GraphQueryError, unknownProperty, unsupportedClause } from "./errors";
import { searchTokens, valueMatchesTokens } from "./search-tokenize";
import { ruleFor } from "./user-filterable";

export type SearchNode =
  | { kind: "and" | "or"; left: SearchNode; right: SearchNode }
  | { kind: "term"; property: string; text: string; pos: number };

type SearchToken =
  | { kind: "clause"; property: string; text: string; start: number; end: number }
  | { kind: "word"; text: string; start: number; end: number }
  | { kind: "(" | ")" | "end"; start: number; end: number };

// Only these are tokenised; other properties get "startsWith behavior" (search-query-parameter).
const TOKENIZED_PROPERTIES = new Set(["displayName", "description"]);

// Clauses must be double-quoted with `\"`/`\\` escapes and AND/OR upper case (search-query-parameter). Graph's
// errors for malformed `$search` are undocumented; these reuse Microsoft.OData's lexer messages.
export function parseSearch(text: string): SearchNode {
  const tokens = lex(text);
  let index = 0;
  const fail = (token: SearchToken) =>
    searchError(
      token.kind === "end"
        ? `Expression expected at position ${token.start} in '${text}'.`
        : `Syntax error at position ${token.end} in '${text}'.`,
    );
  const atWord = (word: string) => {
    const token = tokens[index];
    return token.kind === "word" && token.text === word;
  };
  const binary = (kind: "and" | "or", operand: () => SearchNode) => (): SearchNode => {
    let left = operand();
    while (atWord(kind.toUpperCase())) {
      index++;
      left = { kind, left, right: operand() };
    }
    return left;
  };
  const primary = (): SearchNode => {
    const token = tokens[index++];
    if (token.kind === "clause") return { kind: "term", property: token.property, text: token.text, pos: token.start };
    if (token.kind !== "(") throw fail(token);
    const inner = or();
    const close = tokens[index++];
    if (close.kind !== ")") throw searchError(`')' or operator expected at position ${close.start} in '${text}'.`);
    return inner;
  };
  const or = binary("or", binary("and", primary));

  const node = or();
  if (tokens[index].kind !== "end") throw fail(tokens[index]);
  return node;
}

/** Binds each clause's property like `$filter` does (case-insensitively, rewritten to the canonical name), then checks it is searchable. */
export function checkSearch(node: SearchNode, opts: { resolveProperty: PropertyResolver }): void {
  if (node.kind !== "term") {
    checkSearch(node.left, opts);
    checkSearch(node.right, opts);
    return;
  }
  const property = opts.resolveProperty(node.property);
  if (!property) throw unknownProperty(node.property, "microsoft.graph.user");
  node.property = property;
  const rule = ruleFor(node.property);
  if (!rule || (rule.type !== undefined && rule.type !== "string")) throw unsupportedClause(node.property);
}

/** A term's search tokens, made once per parsed query rather than once per user it is matched against. */
const termTokens = new WeakMap<SearchNode, string[]>();

export function matchesSearch(node: SearchNode, user: Record<string, unknown>): boolean {
  if (node.kind !== "term") {
    const left = matchesSearch(node.left, user);
    return node.kind === "and" ? left && matchesSearch(node.right, user) : left || matchesSearch(node.right, user);
  }
  const raw = user[node.property];
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string");
  if (TOKENIZED_PROPERTIES.has(node.property)) {
    let tokens = termTokens.get(node);
    if (!tokens) termTokens.set(node, (tokens = searchTokens(node.text)));
    return values.some((value) => valueMatchesTokens(value, tokens));
  }
  const prefix = node.text.toLowerCase();
  return values.some((value) => value.toLowerCase().startsWith(prefix));
}

export function searchProperties(node: SearchNode): string[] {
  return node.kind === "term" ? [node.property] : [...searchProperties(node.left), ...searchProperties(node.right)];
}

function lex(text: string): SearchToken[] {
  const tokens: SearchToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(" || ch === ")") {
      tokens.push({ kind: ch, start: i, end: ++i });
    } else if (ch === '"') {
      const token = lexClause(text, i);
      tokens.push(token);
      i = token.end;
    } else if (/\w/.test(ch)) {
      const start = i;
      while (i < text.length && /\w/.test(text[i])) i++;
      tokens.push({ kind: "word", text: text.slice(start, i), start, end: i });
    } else {
      throw searchError(`Syntax error: character '${ch}' is not valid at position ${i} in '${text}'.`);
    }
  }
  tokens.push({ kind: "end", start: text.length, end: text.length });
  return tokens;
}

function lexClause(text: string, start: number): SearchToken {
  let content = "";
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\" && i + 1 < text.length) {
      content += text[++i];
    } else if (ch === '"') {
      const colon = content.indexOf(":");
      if (colon <= 0) throw searchError(`Invalid $search clause '${content}': expected "<property>:<text to search>".`);
      return { kind: "clause", property: content.slice(0, colon), text: content.slice(colon + 1), start, end: i + 1 };
    } else {
      content += ch;
    }
  }
  throw searchError(`There is an unterminated string literal at position ${text.length} in '${text}'.`);
}

function searchError(message: string): GraphQueryError {
  return new GraphQueryError(400, "Request_UnsupportedQuery", message);
}
