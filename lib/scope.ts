import { and, inArray, like, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { normalizeCode, regionScope, type RegionScope } from './codes.js';
import { counts } from './corrections.js';
import { demoCacheKey, demoCondition, demoFilterOf, passesDemo, type DemoFilter } from './demo.js';
import { activeInYear, yearBounds } from './calendar.js';

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
  /** False: real records only (lib/demo.ts). */
  includeDemo?: boolean | null;
}

export interface RegionFieldKey {
  scope: RegionScope;
  year: number | null;
  /** Which records the read wants: all, real only, or demo only (a `demo` part of an aggregate). */
  demo: DemoFilter;
}

export function regionFieldKey(code: string, args: RegionFieldArgs, demo: DemoFilter = demoFilterOf(args.includeDemo)): RegionFieldKey {
  const canonical = normalizeCode(code) ?? code;
  return { scope: regionScope(canonical, args), year: args.year ?? null, demo };
}

/**
 * The key of a summary field (`eastWestSummary`, `militarySummary`, `enterpriseSummary`): a
 * summary of a place counts everything inside it unless told otherwise, on every channel
 * (`includeDescendants` defaults to true there, to false on the list fields; the SDL says the
 * same, and this default holds for a caller that leaves the argument out entirely).
 */
export function summaryFieldKey(code: string, args: RegionFieldArgs, demo?: DemoFilter): RegionFieldKey {
  return regionFieldKey(code, { ...args, includeDescendants: args.includeDescendants ?? true }, demo);
}

/** DataLoader cache key of a RegionFieldKey. */
export const regionFieldCacheKey = (k: RegionFieldKey) =>
  `${k.scope.code}|${k.year ?? ''}|${k.scope.exact.length > 1 ? 'a' : ''}|${k.scope.prefix ? 'd' : ''}|${demoCacheKey(k.demo)}`;

/**
 * A place's list of records, whole or only its core columns: a list whose query asks only for
 * fields the core serves (`asksOnly`) reads those columns alone.
 */
export type RegionListKey = RegionFieldKey & { core: boolean };

export const regionListCacheKey = (k: RegionListKey) => `${regionFieldCacheKey(k)}|${k.core ? 'core' : ''}`;

/**
 * Up to this many codes (or prefixes) a batch's condition lists them one by one, so the planner
 * sees constants and uses the code index for each; beyond it (the national picture's 831
 * counties) the list travels as ONE text[] parameter (`inList`) instead of binding and OR-ing
 * thousands of parameters.
 */
const SHORT_LIST = 64;

/** `column IN (values)`: bind parameters for a short list, one array parameter (`inList`) beyond. */
export function inValues(column: AnyColumn, values: readonly string[]): SQL {
  return values.length > SHORT_LIST ? inList(column, values) : inArray(column, [...values]);
}

/**
 * The SQL condition matching every row any key of the batch may need: the exact codes of all
 * keys, and the subtree prefixes of the keys that include descendants.
 */
export function scopeCondition(column: AnyColumn, keys: readonly RegionFieldKey[]): SQL {
  const exact = [...new Set(keys.flatMap((k) => k.scope.exact))];
  const prefixes = [...new Set(keys.map((k) => k.scope.prefix).filter((p): p is string => p !== null))];
  const parts: SQL[] = [inValues(column, exact)];
  if (prefixes.length > SHORT_LIST) {
    // Canonical codes nest by prefix: a row is in a subtree when its code's first n characters
    // are the subtree's code, one hashed list per prefix length.
    const byLength = new Map<number, string[]>();
    for (const p of prefixes) {
      const list = byLength.get(p.length);
      if (list) list.push(p);
      else byLength.set(p.length, [p]);
    }
    for (const [n, list] of byLength) parts.push(inList(sql`left(${column}, ${sql.raw(String(n))})`, list));
  } else if (prefixes.length) parts.push(or(...prefixes.map((p) => like(column, `${p}%`)))!);
  return parts.length === 1 ? parts[0] : or(...parts)!;
}

/**
 * A batch of keys as a table (`from ${keyTable(rows, 'grp int, code text')} as k`), sent as ONE
 * JSON parameter rather than a VALUES list with a bind parameter per cell.
 */
export function keyTable(rows: readonly Record<string, unknown>[], columns: string): SQL {
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as k(${sql.raw(columns)})`;
}

/**
 * A batch of region field keys as a table (`keyTable`): `grp` (the key's index), `code`, `yr`,
 * `descendants`, `ancestors`, and with `demoColumn` also `dm`, the demo flag the key wants (null:
 * every record), for a statement that serves keys on different sides of the demo line at once
 * (`and (k.dm is null or r.demo = k.dm)`).
 */
export function regionKeyTable(keys: readonly RegionFieldKey[], demoColumn: boolean): SQL {
  return keyTable(
    keys.map((k, i) => ({
      grp: i,
      code: k.scope.code,
      yr: k.year,
      descendants: k.scope.prefix !== null,
      ancestors: k.scope.exact.length > 1,
      ...(demoColumn ? { dm: k.demo === 'all' ? null : k.demo === 'demo' } : {}),
    })),
    `grp int, code text, yr int, descendants boolean, ancestors boolean${demoColumn ? ', dm boolean' : ''}`,
  );
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

/** The columns a batched list's condition reads: the record's period, its demo flag and, where voided records are left out, `voidedAt`. */
export interface ListColumns {
  since: AnyColumn;
  until: AnyColumn;
  demo: AnyColumn;
  voidedAt?: AnyColumn;
}

/** What a list key tells the condition: the year it reads (every year when null) and the records it wants. */
type ListKey = { year: number | null; demo: DemoFilter };

/**
 * The condition of ONE statement reading a batch of keys' lists: the records `among` (a scope
 * of places, a list of ids) that count (not voided, when `voidedAt` is given), valid in one of
 * the batch's years, on the side of the demo line every key wants (either side when the keys
 * differ: each key's rows are filtered as they are handed out).
 */
export function listCondition(among: SQL | undefined, t: ListColumns, keys: readonly ListKey[]): SQL | undefined {
  return and(
    among,
    t.voidedAt ? counts(t.voidedAt) : undefined,
    periodCondition(t.since, t.until, keys),
    demoCondition(
      t.demo,
      keys.map((k) => k.demo),
    ),
  );
}

/** `listCondition` for a batch of places' lists: the records whose `code` is in some key's scope. */
export function placeListCondition(code: AnyColumn, t: ListColumns, keys: readonly RegionFieldKey[]): SQL | undefined {
  return listCondition(scopeCondition(code, keys), t, keys);
}

/** `listCondition` for a batch of helpers' (or places') lists by id: the records whose `column` is a key's id. */
export function idListCondition(column: AnyColumn, t: ListColumns, keys: readonly (ListKey & { id: string })[]): SQL | undefined {
  return listCondition(inArray(column, [...new Set(keys.map((k) => k.id))]), t, keys);
}

/** Lengths of canonical codes (province, prefecture, county, township, village). */
const CODE_LENGTHS = [2, 4, 6, 9, 12];

function push<K>(map: Map<K, number[]>, key: K, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

/**
 * Rows indexed by code and, on first need, by every canonical prefix of their code, so a key's
 * rows are map lookups rather than a scan: the national picture's 831 subtree keys over
 * thousands of rows cost O(rows × 5 + matched), not O(rows × keys).
 */
export class ScopeIndex<R> {
  private readonly byCode = new Map<string, number[]>();
  private byPrefix: Map<string, number[]> | null = null;

  constructor(
    private readonly rows: readonly R[],
    private readonly codeOf: (row: R) => string,
  ) {
    rows.forEach((row, i) => push(this.byCode, codeOf(row), i));
  }

  /** The rows inside `scope` (its exact codes, and its subtree when it has a prefix), in fetch order. */
  rowsIn(scope: RegionScope): R[] {
    const { prefix } = scope;
    const lists: number[][] = [];
    if (prefix !== null) {
      if (CODE_LENGTHS.includes(prefix.length)) lists.push(this.prefixIndex().get(prefix) ?? []);
      else lists.push(this.rows.flatMap((row, i) => (this.codeOf(row).startsWith(prefix) ? [i] : [])));
    }
    // An exact code inside the subtree is already in the prefix's list.
    for (const code of scope.exact) if (prefix === null || !code.startsWith(prefix)) lists.push(this.byCode.get(code) ?? []);
    const found = lists.filter((list) => list.length > 0);
    // One list (a place without ancestors, or a subtree) is already in fetch order.
    if (found.length <= 1) return (found[0] ?? []).map((i) => this.rows[i]);
    return [...new Set(found.flat())].sort((a, b) => a - b).map((i) => this.rows[i]);
  }

  private prefixIndex(): Map<string, number[]> {
    if (!this.byPrefix) {
      const index = new Map<string, number[]>();
      this.rows.forEach((row, i) => {
        const code = this.codeOf(row);
        for (const n of CODE_LENGTHS) if (n <= code.length) push(index, code.slice(0, n), i);
      });
      this.byPrefix = index;
    }
    return this.byPrefix;
  }
}

/**
 * Hand each key the rows that belong to it: inside its scope, when the key has a year valid in
 * that year, and passing its demo filter (a key filtering on demo needs rows with `demo`). Rows keep the
 * order they were fetched in. Codes and subtree prefixes are looked up in a ScopeIndex, so a
 * batch of N keys costs O(rows + matched), not O(rows × N).
 */
export function distribute<R>(
  keys: readonly RegionFieldKey[],
  rows: readonly R[],
  codeOf: (row: R) => string,
  periodOf?: (row: R) => { since: string; until: string | null },
): R[][] {
  const index = new ScopeIndex(rows, codeOf);
  return keys.map((k) => {
    const matched = index.rowsIn(k.scope);
    const anyYear = !periodOf || k.year === null;
    if (anyYear && k.demo === 'all') return matched;
    return matched.filter((row) => {
      if (k.demo !== 'all' && !passesDemo(k.demo, (row as { demo: boolean }).demo)) return false;
      if (anyYear) return true;
      const p = periodOf(row);
      return activeInYear(p.since, p.until, k.year);
    });
  });
}

/**
 * `column = any(values)` for long lists (tens of thousands of ids from one `_entities` batch):
 * the list travels as ONE text[] parameter instead of one bind parameter per value. The planner
 * sees the array (statements are not prepared, so each plan is custom): it probes an index for
 * a few hundred values and hashes the array over a sequential scan for tens of thousands
 * (national picture: 22,779 of 141,205 organisations in 16 ms, against 51 ms for index probes
 * driven by a JSON list). Same on both drivers.
 */
export function inList(column: AnyColumn | SQL, values: readonly string[]): SQL {
  return sql`${column} = any(${sql.param([...values])}::text[])`;
}
