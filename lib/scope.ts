import { and, inArray, like, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { inScope, normalizeCode, regionScope, type RegionScope } from './codes.js';

/**
 * Batching for the channel fields on `Region` (`designatedAssistance(year, includeDescendants,
 * includeAncestors)` and its siblings). Every channel keys its loader by `RegionFieldKey` and
 * fetches the whole batch with ONE statement built from `scopeCondition`, then hands each key
 * its rows with `distribute`. So the national picture (832 counties) costs one statement per
 * channel field, whatever the number of counties.
 */
export interface RegionFieldArgs {
  year?: number | null;
  includeDescendants?: boolean | null;
  includeAncestors?: boolean | null;
}

export interface RegionFieldKey {
  scope: RegionScope;
  year: number | null;
}

export function regionFieldKey(code: string, args: RegionFieldArgs): RegionFieldKey {
  const canonical = normalizeCode(code) ?? code;
  return { scope: regionScope(canonical, args), year: args.year ?? null };
}

/** DataLoader cache key of a RegionFieldKey. */
export const regionFieldCacheKey = (k: RegionFieldKey) =>
  `${k.scope.code}|${k.year ?? ''}|${k.scope.exact.length > 1 ? 'a' : ''}|${k.scope.prefix ? 'd' : ''}`;

/**
 * The SQL condition matching every row any key of the batch may need: the exact codes of all
 * keys, and the subtree prefixes of the keys that include descendants.
 */
export function scopeCondition(column: AnyColumn, keys: readonly RegionFieldKey[]): SQL {
  const exact = [...new Set(keys.flatMap((k) => k.scope.exact))];
  const prefixes = [...new Set(keys.map((k) => k.scope.prefix).filter((p): p is string => p !== null))];
  const parts: SQL[] = [inArray(column, exact)];
  if (prefixes.length) parts.push(or(...prefixes.map((p) => like(column, `${p}%`)))!);
  return parts.length === 1 ? parts[0] : or(...parts)!;
}

/** First and last day of a reporting year, as ISO dates. */
export function yearBounds(year: number): { start: string; end: string } {
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

/**
 * Condition for "valid at some time in one of these years" on a `since`/`until` period
 * (until null = ongoing). With no year in the batch, no condition.
 */
export function periodCondition(since: AnyColumn, until: AnyColumn, keys: readonly { year: number | null }[]): SQL | undefined {
  const years = keys.map((k) => k.year);
  if (years.some((y) => y === null)) return undefined;
  const first = Math.min(...(years as number[]));
  const last = Math.max(...(years as number[]));
  return and(sql`${since} <= ${yearBounds(last).end}`, sql`(${until} is null or ${until} >= ${yearBounds(first).start})`);
}

/** Was a period (ISO dates, until null = ongoing) valid at some time during `year`? */
export function activeInYear(since: string, until: string | null, year: number | null): boolean {
  if (year === null) return true;
  const { start, end } = yearBounds(year);
  return since <= end && (until === null || until >= start);
}

/**
 * Hand each key the rows that belong to it: inside its scope and, when the key has a year,
 * valid in that year. Rows keep the order they were fetched in. Exact codes are looked up in
 * a map, so a batch of N keys costs O(rows + N), plus a scan per key that includes descendants.
 */
export function distribute<R>(
  keys: readonly RegionFieldKey[],
  rows: readonly R[],
  codeOf: (row: R) => string,
  periodOf?: (row: R) => { since: string; until: string | null },
): R[][] {
  const indexed = rows.map((row, i) => ({ row, i, code: codeOf(row) }));
  const byCode = new Map<string, typeof indexed>();
  for (const entry of indexed) {
    const list = byCode.get(entry.code);
    if (list) list.push(entry);
    else byCode.set(entry.code, [entry]);
  }
  return keys.map((k) => {
    const matched = k.scope.prefix
      ? indexed.filter((e) => inScope(k.scope, e.code))
      : k.scope.exact.flatMap((code) => byCode.get(code) ?? []).sort((a, b) => a.i - b.i);
    return matched
      .filter((e) => {
        if (!periodOf || k.year === null) return true;
        const p = periodOf(e.row);
        return activeInYear(p.since, p.until, k.year);
      })
      .map((e) => e.row);
  });
}
