/** Quotes a PostgreSQL identifier ("a""b" for a"b). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
