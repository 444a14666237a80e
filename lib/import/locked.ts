import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db.js';

/**
 * How an importable kind's batch reads the records its checks need, one statement whatever the
 * batch (lib/import/kind.ts, `batchFacts`): an advisory transaction lock per key first, so that
 * two writes checking the same records (a unit and county's pairings, a person's postings) go one
 * after the other, then the records locked for update.
 */

/** Advisory transaction locks on `keys`, deduplicated and sorted (two writes take them in the same order): one statement. */
export async function advisoryLocks(tx: Db, keys: Iterable<string>): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length) await tx.execute(sql`select count(pg_advisory_xact_lock(hashtext(k))) from unnest(${sql.param(sorted)}::text[]) as k`);
}

/** The key of a tuple of values under `prefix` (`dsg-pairing|unit|county`): its advisory lock, and how `lockedByTuple` groups. */
export const tupleKey = (prefix: string, values: readonly unknown[]): string => [prefix, ...values].join('|');

/**
 * The rows of `table` whose `columns` (its properties, compared as text) match one of `tuples`,
 * after an advisory lock per tuple (`tupleKey(prefix, tuple)`, as every write of such a tuple
 * takes), locked for update, grouped by `tupleKey`: two statements.
 */
export async function lockedByTuple<T extends PgTable>(
  tx: Db,
  prefix: string,
  table: T,
  columns: readonly (keyof T['$inferSelect'] & string)[],
  tuples: readonly (readonly string[])[],
): Promise<Map<string, T['$inferSelect'][]>> {
  const out = new Map<string, T['$inferSelect'][]>();
  if (!tuples.length) return out;
  await advisoryLocks(
    tx,
    tuples.map((t) => tupleKey(prefix, t)),
  );
  const cols = sql.join(
    columns.map((c) => sql`${(table as unknown as Record<string, PgColumn>)[c]}::text`),
    sql`, `,
  );
  const picks: SQL = sql.raw(columns.map((_, i) => `k->>${i}`).join(', '));
  const rows = (await (tx as Db)
    .select()
    .from(table as PgTable)
    .where(sql`(${cols}) in (select ${picks} from jsonb_array_elements(${JSON.stringify(tuples)}::jsonb) as k)`)
    .for('update')) as T['$inferSelect'][];
  for (const r of rows) {
    const key = tupleKey(
      prefix,
      columns.map((c) => (r as Record<string, unknown>)[c]),
    );
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}
