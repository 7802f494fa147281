const PIECES = /[\p{L}\p{M}]+|\p{N}+|[^\p{L}\p{M}\p{N}]/gu;
const LOWER_TO_UPPER = /(?<=\p{Ll})(?=\p{Lu})/u;
const WORD = /^[\p{L}\p{M}\p{N}]/u;

// https://learn.microsoft.com/en-us/graph/search-query-parameter: case splits only on lower→upper (`HELLOworld` is
// one token), and words joined only by symbols also index as one (`helloworld` finds `hello.world`).
export function searchTokens(text: string, combine = false): string[] {
  const tokens: string[] = [];
  for (const chunk of text.split(/\s+/)) {
    const pieces = (chunk.match(PIECES) ?? []).flatMap((piece) => piece.split(LOWER_TO_UPPER));
    tokens.push(...pieces);
    const words = pieces.filter((piece) => WORD.test(piece));
    if (combine && words.length > 1 && words.length < pieces.length) tokens.push(words.join(""));
  }
  return tokens.map((token) => token.toLowerCase());
}

export function tokensMatch(value: string, search: string): boolean {
  return valueMatchesTokens(value, searchTokens(search));
}

/** Every search token (searchTokens of the search text, made once per query) starts a token of the value. */
export function valueMatchesTokens(value: string, tokens: string[]): boolean {
  const valueTokens = searchTokens(value, true);
  return tokens.every((token) => valueTokens.some((candidate) => candidate.startsWith(token)));
}
