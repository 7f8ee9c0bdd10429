// Lists of numbers as people type them into one text box.

/** Parses "800, 800" into [800, 800]; a word that is not a number stays NaN so the schema names it. */
export function parseNumberList(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((part) => part.length > 0)
    .map((part) => Number(part));
}
