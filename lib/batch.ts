import { activeInYear } from './calendar.js';
import { demoCacheKey, passesDemo, type DemoFilter } from './demo.js';

/**
 * Small helpers every loader shares: the DataLoader contract (answers in key order), rows from
 * a raw `db.execute` on either driver, and the key of "one organisation (or record) in one
 * year, or in every year" lookups, with the records it wants for a list (`IdYearDemoKey`).
 */

/** Rows in key order, null where missing (the DataLoader contract). */
export function inKeyOrder<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map<K, R>();
  for (const row of rows) byKey.set(keyOf(row), row);
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

/**
 * Split rows fetched for a batch of IdYearKeys: each key gets the rows of its id that were
 * valid at some time in its year (every row of its id when the year is null), in fetch order.
 */
export function splitByIdYear<R extends { since: string; until: string | null }>(
  keys: readonly IdYearKey[],
  rows: readonly R[],
  idOf: (row: R) => string,
): R[][] {
  const byId = new Map<string, R[]>();
  for (const row of rows) {
    const list = byId.get(idOf(row));
    if (list) list.push(row);
    else byId.set(idOf(row), [row]);
  }
  return keys.map((k) => (byId.get(k.id) ?? []).filter((r) => activeInYear(r.since, r.until, k.year)));
}

/** DataLoader cache key of an IdYearKey. */
export const idYearCacheKey = (k: IdYearKey) => `${k.id}|${k.year ?? ''}`;

/** An IdYearKey of a list that also says which records it wants: all, real only or demo only (lib/demo.ts). */
export type IdYearDemoKey = IdYearKey & { demo: DemoFilter };

/** DataLoader cache key of an IdYearDemoKey. */
export const idYearDemoCacheKey = (k: IdYearDemoKey) => `${idYearCacheKey(k)}|${demoCacheKey(k.demo)}`;

/** `splitByIdYear`, then each key's demo filter. */
export function splitByIdYearDemo<R extends { since: string; until: string | null; demo: boolean }>(
  keys: readonly IdYearDemoKey[],
  rows: readonly R[],
  idOf: (row: R) => string,
): R[][] {
  return splitByIdYear(keys, rows, idOf).map((list, i) => (keys[i].demo === 'all' ? list : list.filter((r) => passesDemo(keys[i].demo, r.demo))));
}
