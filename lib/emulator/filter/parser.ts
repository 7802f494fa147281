import { COMPARISON_OPS, type ComparisonOp, type FilterNode, type Literal, type PathRef } from "./ast";
import { GraphQueryError, invalidFilter, syntaxErrorAt } from "./errors";
import { Lexer, type Token, type TokenKind } from "./lexer";

const FUNCTIONS = new Map<string, "startsWith" | "endsWith">([
  ["startswith", "startsWith"],
  ["endswith", "endsWith"],
]);

/**
 * or := and ("or" and)* · and := unary ("and" unary)* · unary := "not" unary | primary
 * primary := "(" or ")" | fn(path, literal) | path/any(v: or) | path op literal | path in (literal, …)
 * Keywords and functions are case-insensitive (Graph accepts NOT, OR, startswith). OData binds `not` tighter than
 * `eq`, but `(not p) eq v` only type-checks for a boolean p, where it equals the `not (p eq v)` used here.
 */
export function parseFilter(text: string): FilterNode {
  return new FilterParser(text).parse();
}

class FilterParser {
  private readonly lexer: Lexer;

  constructor(private readonly text: string) {
    this.lexer = new Lexer(text);
  }

  parse(): FilterNode {
    const node = this.parseOr();
    const rest = this.lexer.next();
    if (rest.kind !== "end") throw this.syntaxError(rest);
    return node;
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.atKeyword("or")) {
      const pos = this.lexer.next().start;
      left = { kind: "or", left, right: this.parseAnd(), pos };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.atKeyword("and")) {
      const pos = this.lexer.next().start;
      left = { kind: "and", left, right: this.parseUnary(), pos };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    if (!this.atKeyword("not")) return this.parsePrimary();
    const pos = this.lexer.next().start;
    return { kind: "not", operand: this.parseUnary(), pos };
  }

  private parsePrimary(): FilterNode {
    const token = this.lexer.next();
    if (token.kind === "(") {
      const inner = this.parseOr();
      this.expect(")", "')' or operator expected");
      return inner;
    }
    if (token.kind !== "identifier") throw this.unexpected(token);
    if (this.lexer.peek().kind === "(") return this.parseFunction(token);
    return this.parsePathExpression(token);
  }

  private parseFunction(nameToken: Token): FilterNode {
    const name = FUNCTIONS.get(nameToken.text.toLowerCase());
    // Graph answers other OData functions (contains, tolower, …) on directory objects this way [obs].
    if (!name) throw new GraphQueryError(400, "Request_UnsupportedQuery", "Unsupported Query.");
    this.lexer.next();
    const path = this.parsePath(this.expect("identifier", "An identifier was expected"));
    if ("lambda" in path) throw this.syntaxError(this.lexer.peek());
    this.expect(",", "')' or ',' expected");
    const value = this.parseLiteral();
    this.expect(")", "')' or ',' expected");
    return { kind: "function", name, path, value, pos: nameToken.start };
  }

  private parsePathExpression(first: Token): FilterNode {
    const path = this.parsePath(first);
    if ("lambda" in path) return path.lambda;
    const opToken = this.lexer.next();
    const keyword = opToken.kind === "identifier" ? opToken.text.toLowerCase() : "";
    if (COMPARISON_OPS.includes(keyword as ComparisonOp)) {
      return { kind: "compare", op: keyword as ComparisonOp, path, value: this.parseLiteral(), pos: path.pos };
    }
    if (keyword === "in") return { kind: "in", path, values: this.parseLiteralList(), pos: path.pos };
    throw this.unexpected(opToken);
  }

  private parsePath(first: Token): PathRef | { lambda: FilterNode } {
    const path: PathRef = { segments: [first.text], pos: first.start };
    while (this.lexer.peek().kind === "/") {
      this.lexer.next();
      const segment = this.expect("identifier", "An identifier was expected");
      if (segment.text.toLowerCase() === "any" && this.lexer.peek().kind === "(") {
        return { lambda: this.parseLambda(path) };
      }
      path.segments.push(segment.text);
    }
    return path;
  }

  private parseLambda(collection: PathRef): FilterNode {
    this.lexer.next();
    const variable = this.expect("identifier", "An identifier was expected").text;
    this.expect(":", "':' expected");
    const predicate = this.parseOr();
    this.expect(")", "')' or operator expected");
    return { kind: "any", collection, variable, predicate, pos: collection.pos };
  }

  private parseLiteralList(): Literal[] {
    this.expect("(", "'(' expected");
    const values = [this.parseLiteral()];
    while (this.lexer.peek().kind === ",") {
      this.lexer.next();
      values.push(this.parseLiteral());
    }
    this.expect(")", "')' or ',' expected");
    return values;
  }

  private parseLiteral(): Literal {
    const token = this.lexer.next();
    const pos = token.start;
    switch (token.kind) {
      case "string":
        return { kind: "string", value: token.text, pos };
      case "int":
        return { kind: "int", value: Number(token.text), pos };
      case "datetime":
        return { kind: "datetime", value: token.text, epochMs: Date.parse(token.text), pos };
      case "identifier": {
        const word = token.text.toLowerCase();
        if (word === "null") return { kind: "null", pos };
        if (word === "true" || word === "false") return { kind: "boolean", value: word === "true", pos };
        break;
      }
    }
    throw this.unexpected(token);
  }

  private atKeyword(word: string): boolean {
    const token = this.lexer.peek();
    return token.kind === "identifier" && token.text.toLowerCase() === word;
  }

  private expect(kind: TokenKind, message: string): Token {
    const token = this.lexer.next();
    if (token.kind !== kind) throw invalidFilter(`${message} at position ${token.start} in '${this.text}'.`);
    return token;
  }

  private unexpected(token: Token): GraphQueryError {
    if (token.kind === "end") return invalidFilter(`Expression expected at position ${token.start} in '${this.text}'.`);
    return this.syntaxError(token);
  }

  // ODL reports the offset after the offending token: `… eq '!' , …` fails "at position 17" on the comma at 16.
  private syntaxError(token: Token): GraphQueryError {
    return syntaxErrorAt(token.end, this.text);
  }
}
