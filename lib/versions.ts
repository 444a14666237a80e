import { integer } from 'drizzle-orm/pg-core';
import { conflict } from './errors.js';

/**
 * Optimistic concurrency for every record a client can change: a `version` column that each
 * change increments, and an optional `expectedVersion` in the change's input. A change made
 * against a version other than the current one is refused instead of overwriting what another
 * client wrote since the record was read (a lost update). The row is read `FOR UPDATE` before
 * the check, so of concurrent changes expecting the same version exactly one applies.
 */
export const versionColumn = () => integer().notNull().default(1);

/** The input field naming the version a change expects. */
export const EXPECTED_VERSION = 'input.expectedVersion';

/**
 * Refuse (CONFLICT, rule `version`, `current` and `expected` in the extensions) a change that
 * expected another version of the record than `current`; nothing when none was expected.
 */
export function checkVersion(what: string, current: number, expected: number | null | undefined, field = EXPECTED_VERSION): void {
  if (expected == null || expected === current) return;
  throw conflict(field, 'version', `the ${what} is at version ${current}, not ${expected}: read it again`, { current, expected });
}

/** The version a change leaves the record at. */
export const nextVersion = (current: number) => current + 1;

/**
 * The answer to a change: the row its own transaction wrote, with the version a next change
 * expects. Not the record read again once the change has committed: by then a change made at the
 * same time may have written a later version, and a client saving again with that one would
 * overwrite the other change without a conflict. The request's loader is primed with the row.
 */
export function answerWritten<K, V, Row extends V>(loader: { clear(key: K): unknown; prime(key: K, value: V): unknown }, key: K, row: Row): Row {
  loader.clear(key);
  loader.prime(key, row);
  return row;
}

/** `answerWritten` for a loader keyed by the row's own `id`. */
export const answerRow = <V, Row extends V & { id: string }>(loader: { clear(id: string): unknown; prime(id: string, value: V): unknown }, row: Row): Row =>
  answerWritten(loader, row.id, row);
