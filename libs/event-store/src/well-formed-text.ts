const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** False for NUL or half a surrogate pair: text no store keeps as it is (PostgreSQL's jsonb refuses both). */
export const isWellFormedText = (text: string): boolean =>
  !text.includes('\u0000') && !LONE_SURROGATE.test(text);

export const MALFORMED_TEXT_REASON =
  'contains a NUL character or half a surrogate pair (not well-formed text)';
