import { eq, isNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { text, timestamp, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { WriteScope } from './audit.js';
import { conflict, notFound } from './errors.js';
import type { Identity } from './identity.js';
import { requiredText } from './rules.js';
import { checkVersion } from './versions.js';

/**
 * Corrections, never deletions. A record a mutation made is changed by a correction (the new
 * values, a required reason, optionally the version it was read at) or taken out of the figures
 * by a void (a required reason): the row stays, marked `voidedAt`/`voidedBy`/`voidReason`, left
 * out of every list, total, coverage and ranking, still read by id. Either is one audited write
 * whose entry carries the reason (lib/audit.ts), so `history` (lib/history.ts) reads every version.
 * A voided record is final: correcting or voiding it again answers CONFLICT, rule `voided`.
 *
 * `checkNotVoided` is the check every write path (the API's corrections, an importer) makes
 * before changing a record; `checkUnlocked` (lib/locks.ts) the other one.
 */

/** The columns a voidable table adds (migrations add them to every record table). */
export const voidColumns = () => ({
  /** When the record was voided; null while it counts. */
  voidedAt: timestamp({ withTimezone: true, mode: 'date' }),
  /** Who voided it (the caller's `sub`, as the audit log has it). */
  voidedBy: text(),
  /** Why. */
  voidReason: text(),
});

/** A row of a voidable table. */
export interface Voidable {
  /** A Date from drizzle; raw rows (`rawRows`) carry the driver's text. */
  voidedAt: Date | string | null;
  voidedBy: string | null;
  voidReason: string | null;
}

/** The condition every list and aggregate adds: the record counts (is not voided). */
export const counts = (voidedAt: AnyColumn): SQL => isNull(voidedAt);

/** `counts`, unless the read asked for voided records too (`includeVoided: true`). */
export const countsUnless = (voidedAt: AnyColumn, includeVoided: boolean | null | undefined): SQL | undefined => (includeVoided ? undefined : counts(voidedAt));

/** A row's `voided { at by reason }`: null while it counts. */
export function voidedOf(row: Voidable): { at: string; by: string; reason: string } | null {
  return row.voidedAt ? { at: new Date(row.voidedAt).toISOString(), by: row.voidedBy ?? '', reason: row.voidReason ?? '' } : null;
}

/** The longest reason accepted. */
export const MAX_REASON = 500;

/** A correction's or a void's reason: required (BAD_USER_INPUT naming `reason`, rule `required`), at most 500 characters. */
export function checkReason(reason: string | null | undefined, field = 'reason'): string {
  return requiredText(field, reason, MAX_REASON);
}

/**
 * Refuse any write to a voided record: CONFLICT naming `field`, rule `voided`, with `voided`
 * (when, by whom, why) in the extensions. For every write path: corrections, voids, imports.
 */
export function checkNotVoided(what: string, id: string, row: Voidable, field = 'id'): void {
  const voided = voidedOf(row);
  if (!voided) return;
  throw conflict(field, 'voided', `the ${what} ${id} was voided on ${voided.at.slice(0, 10)} by ${voided.by}: ${voided.reason}`, { voided });
}

/** A voidable record table: its key column, and `version` when it has one. */
export interface RecordSpec<Row> {
  table: PgTable;
  /** The primary key column the row is found by. */
  key: PgColumn;
  /** The key's value (a serial number, or the text id). */
  keyValue: string | number;
  /** The id the API shows (`ew-fiscal-12`), written to the audit log. */
  id: string;
  /** The audit log's entity name (the GraphQL type). */
  entity: string;
  /** The record in words, for messages (`fiscal aid entry`). */
  what: string;
  /** The division codes the record is about, for the audit entry (read from the row when left out: lib/audit.ts `regionsOf`). */
  regions?: string[];
  /** Only for the row type. */
  row?: Row;
}

type Columns = Record<string, PgColumn>;

/** Read a record for update inside a write: NOT_FOUND naming `id` when none, CONFLICT `voided` when voided. */
async function lockedRow<Row extends Voidable>(tx: WriteScope['tx'], spec: RecordSpec<Row>): Promise<Row> {
  const [row] = (await tx.select().from(spec.table).where(eq(spec.key, spec.keyValue)).for('update')) as Row[];
  if (!row) throw notFound('id', spec.what, spec.id);
  checkNotVoided(spec.what, spec.id, row);
  return row;
}

/** `version = version + 1` when the table keeps one. */
function bump(table: PgTable): Record<string, SQL> {
  const version = (table as unknown as Columns).version;
  return version ? { version: sql`${version} + 1` } : {};
}

/**
 * Void a record inside an audited write: read it for update (NOT_FOUND, CONFLICT `voided`),
 * `check` it (access, a locked period: throw to refuse), mark it voided, bump its version, and
 * log the change with the reason. Returns the voided row.
 */
export async function voidRecord<Row extends Voidable>(
  { tx, log }: WriteScope,
  who: Identity,
  spec: RecordSpec<Row>,
  reason: string,
  check: (row: Row) => void | Promise<void>,
): Promise<Row> {
  const before = await lockedRow(tx, spec);
  await check(before);
  const [after] = (await tx
    .update(spec.table)
    .set({ voidedAt: new Date(), voidedBy: who.sub, voidReason: reason, ...bump(spec.table) } as never)
    .where(eq(spec.key, spec.keyValue))
    .returning()) as Row[];
  await log({ entity: spec.entity, entityId: spec.id, before, after, reason, regions: spec.regions });
  return after;
}

/**
 * Correct a record inside an audited write: read it for update (NOT_FOUND, CONFLICT `voided`),
 * check the version it was read at (CONFLICT `version`, naming `versionField`), let `change`
 * check it (access, rules, locks) and answer the new values, write them with the version
 * bumped, and log before and after with the reason. Returns the corrected row.
 */
export async function correctRecord<Row extends Voidable & { version: number }>(
  { tx, log }: WriteScope,
  spec: RecordSpec<Row>,
  reason: string,
  expectedVersion: number | null | undefined,
  change: (row: Row) => Promise<Partial<Row>>,
  versionField = 'expectedVersion',
): Promise<Row> {
  const before = await lockedRow(tx, spec);
  checkVersion(spec.what, before.version, expectedVersion, versionField);
  const values = await change(before);
  const [after] = (await tx
    .update(spec.table)
    .set({ ...values, ...bump(spec.table) } as never)
    .where(eq(spec.key, spec.keyValue))
    .returning()) as Row[];
  await log({ entity: spec.entity, entityId: spec.id, before, after, reason, regions: spec.regions });
  return after;
}

/** How a correction checks one field's new value (named `input.<field>` in a refusal) into the column's. */
export type FieldCheck = (value: never, field: string) => unknown;

/**
 * The values a correction leaves, declared field by field: each field of `checks` given in the
 * input (not null) is checked into its new value; a field left out keeps the record's.
 */
export function correctedValues<Row>(input: object, before: Row, checks: Record<string, FieldCheck>): Row {
  const given = input as Record<string, unknown>;
  const out = { ...before } as Record<string, unknown>;
  for (const [name, check] of Object.entries(checks)) {
    if (given[name] != null) out[name] = check(given[name] as never, `input.${name}`);
  }
  return out as Row;
}

/**
 * The record an id of a channel names, by its prefix: `[prefix, kind]` pairs tried in order
 * (longest prefix first when one is a prefix of another); null when none matches.
 */
export function kindOfId<K>(id: string, prefixes: readonly (readonly [string, K])[]): { kind: K; rest: string } | null {
  for (const [prefix, kind] of prefixes) if (id.startsWith(prefix) && id.length > prefix.length) return { kind, rest: id.slice(prefix.length) };
  return null;
}
