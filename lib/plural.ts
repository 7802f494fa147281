/** "1 conflict", "4 conflicts": a count and its noun, for lines people read. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
