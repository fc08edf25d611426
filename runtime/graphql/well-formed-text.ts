/**
 * A NUL character, or half of a UTF-16 surrogate pair without its other half: neither is text. PostgreSQL refuses
 * NUL in text outright and neither survives UTF-8, so such a value could only fail deep in a store (an internal
 * error) or be stored mangled. Other control characters (tabs, line breaks) are text and pass.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what it looks for
const MALFORMED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string is text every store here keeps as it is. */
export const isWellFormedText = (value: string): boolean => !MALFORMED.test(value);
