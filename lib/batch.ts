/**
 * Small helpers every loader shares: the DataLoader contract (answers in key order), rows from
 * a raw `db.execute` on either driver, and the key of "one organisation (or record) in one
 * year, or in every year" lookups.
 */

/** Rows in key order, null where missing (the DataLoader contract). */
export function inKeyOrder<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((k) => byKey.get(k) ?? null);
}

/** Rows of a raw `db.execute`: postgres.js returns an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

/** One id's rows valid in one year, or in every year when `year` is null. */
export interface IdYearKey {
  id: string;
  year: number | null;
}

/** DataLoader cache key of an IdYearKey. */
export const idYearCacheKey = (k: IdYearKey) => `${k.id}|${k.year ?? ''}`;
