import DataLoader from 'dataloader';

/**
 * A per-request loader that fetches many rows in one call and hands them back in the order of the keys
 * (what DataLoader and `__resolveReference` require), with null for keys that matched nothing.
 */
export function byKeyLoader<T, K extends string = string>(
  fetchMany: (keys: readonly K[]) => Promise<T[]>,
  keyOf: (row: T) => K,
): DataLoader<K, T | null> {
  return new DataLoader<K, T | null>(async (keys) => {
    const rows = await fetchMany(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}
