import { invalidFilter } from "./errors";

export type TokenKind = "identifier" | "string" | "int" | "datetime" | "(" | ")" | "," | "/" | ":" | "end";

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

const PUNCTUATION = new Set<string>(["(", ")", ",", "/", ":"]);
const WHITESPACE = /\s/;
const IDENTIFIER_START = /[A-Za-z_$]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;
// Edm.Date or Edm.DateTimeOffset, e.g. `createdDateTime ge 2021-11-01` in the advanced-queries doc.
const DATE_LITERAL = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2}))?/y;
const INT_LITERAL = /-?\d+/y;

// Lazy like ODL's ExpressionLexer: in `a eq 'x' $top=5` the parse error at `$top` wins over the bad `=`.
export class Lexer {
  private offset = 0;
  private lookahead: Token | null = null;

  constructor(readonly text: string) {}

  peek(): Token {
    this.lookahead ??= this.scan();
    return this.lookahead;
  }

  next(): Token {
    const token = this.peek();
    this.lookahead = null;
    return token;
  }

  private scan(): Token {
    const { text } = this;
    while (this.offset < text.length && WHITESPACE.test(text[this.offset])) this.offset++;
    const start = this.offset;
    if (start >= text.length) return { kind: "end", text: "", start, end: start };

    const ch = text[start];
    if (PUNCTUATION.has(ch)) return this.token(ch as TokenKind, ch, start, start + 1);
    if (ch === "'") return this.scanString(start);
    if (IDENTIFIER_START.test(ch)) {
      let end = start + 1;
      while (end < text.length && IDENTIFIER_PART.test(text[end])) end++;
      return this.token("identifier", text.slice(start, end), start, end);
    }
    const date = this.match(DATE_LITERAL, start);
    if (date) return this.token("datetime", date, start, start + date.length);
    const int = this.match(INT_LITERAL, start);
    if (int) return this.token("int", int, start, start + int.length);
    throw invalidFilter(`Syntax error: character '${ch}' is not valid at position ${start} in '${text}'.`);
  }

  private scanString(start: number): Token {
    const { text } = this;
    let value = "";
    let i = start + 1;
    while (i < text.length) {
      if (text[i] !== "'") {
        value += text[i++];
      } else if (text[i + 1] === "'") {
        value += "'";
        i += 2;
      } else {
        return this.token("string", value, start, i + 1);
      }
    }
    throw invalidFilter(`There is an unterminated string literal at position ${text.length} in '${text}'.`);
  }

  private match(pattern: RegExp, at: number): string | null {
    pattern.lastIndex = at;
    return pattern.exec(this.text)?.[0] ?? null;
  }

  private token(kind: TokenKind, text: string, start: number, end: number): Token {
    this.offset = end;
    return { kind, text, start, end };
  }
}
