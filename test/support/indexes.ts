/**
 * The definitions of a table's indexes, as PostgreSQL prints them (`CREATE INDEX … USING btree (col)`).
 * Tests check that an access path has its index here, never which plan the planner picks: that depends on
 * the table's statistics at that moment, which other runs on the same server change.
 */
export async function indexDefinitions(
  prisma: { $queryRawUnsafe: <T>(query: string, ...values: unknown[]) => Promise<T> },
  schema: string,
  table: string,
): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<Array<{ indexdef: string }>>(
    'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2',
    schema,
    table,
  );
  return rows.map((row) => row.indexdef);
}
