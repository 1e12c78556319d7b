// Named limits on filter input (design.md section 3 of style: query input meets named limits).

/** Longest filter string accepted, in UTF-16 code units; longer input is refused before lexing. */
export const MAX_FILTER_LENGTH = 4096;
/** Deepest nesting of parentheses, `not` and value paths; bounds the parser's recursion. */
export const MAX_FILTER_DEPTH = 16;
/** Most attribute expressions (comparisons and `pr`) in one filter; bounds the SQL it compiles to. */
export const MAX_FILTER_TERMS = 64;
