import DataLoader from 'dataloader';

/**
 * A per-request loader that fetches many rows in one call and hands them back in the order of the keys
 * (what DataLoader and `__resolveReference` require), with null for keys that matched nothing.
 */
export function byKeyLoader<T, K extends string = string>(fetchMany: (keys: readonly K[]) => Promise<T[]>, keyOf: (row: T) => K): DataLoader<K, T | null> {
  return new DataLoader<K, T | null>(async (keys) => {
    const rows = await fetchMany(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A per-request loader of one-to-many relations: all children of many parents in one call, grouped per parent key. */
export function groupedLoader<T, K extends string = string>(fetchMany: (keys: readonly K[]) => Promise<T[]>, groupKeyOf: (row: T) => K): DataLoader<K, T[]> {
  return new DataLoader<K, T[]>(async (keys) => {
    const groups = new Map<K, T[]>(keys.map((key) => [key, []]));
    for (const row of await fetchMany(keys)) groups.get(groupKeyOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}
