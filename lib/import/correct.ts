import { audited, type AuditLogTable } from '../audit.js';
import { checkReason, correctRecord, type RecordSpec, type Voidable } from '../corrections.js';
import type { Db } from '../db.js';
import type { LockQuestion } from '../locks.js';
import type { ImportKind, Needs } from './kind.js';
import { RegistryFacts } from './kind.js';
import type { ImportContext } from './run.js';

/**
 * A correction of a record an importable kind creates, on the kind's own checks (one validation
 * path: the create mutation's, the import's and the correction's). The record's identity (its
 * helper, its place) never changes, so the input of the create path is the record's fields with
 * the corrected ones over them (`inputOf`); the registry is asked about it once before the
 * transaction, as a creation's lookups are; inside it the kind's batch facts are read (its
 * advisory locks before the row's, in the order a creation takes them), the row is read for update
 * (NOT_FOUND, CONFLICT `voided`, CONFLICT `version`), a lock over its years as recorded refuses it
 * (CONFLICT `locked` on `id`), and `check` runs the kind's rules on the corrected input against the
 * other records (the record itself left out: it does not clash with itself), answering the values
 * written. One audited write with the reason; answers the row it wrote.
 */
export async function correctByKind<I, F, C, Row extends Voidable & { version: number }>(
  ctx: ImportContext,
  kind: ImportKind<I, F, C, unknown>,
  auditLog: AuditLogTable,
  opts: {
    action: string;
    spec: RecordSpec<Row>;
    /** The record as read before the transaction (null: NOT_FOUND, answered inside it). */
    current: Row | null;
    reason: string | null | undefined;
    expectedVersion: number | null | undefined;
    /** The create path's input: the record's fields with the corrected ones over them. */
    inputOf(row: Row): I;
    /** The lock question of the record as recorded (its years before the correction). */
    lockOf(row: Row): LockQuestion | null;
    /** The kind's checks on the corrected input, the record itself left out of `facts` (`tx`: the write's transaction): the values to write. */
    check(input: I, registry: RegistryFacts, facts: F, before: Row, tx: Db): Partial<Row> | Promise<Partial<Row>>;
  },
): Promise<Row> {
  const reason = checkReason(opts.reason);
  const facts = new RegistryFacts({ idsOnly: true });
  const asked = opts.current ? opts.inputOf(opts.current) : null;
  if (asked) {
    const needs: Needs = { orgs: new Set(), codes: new Set(), references: new Set() };
    kind.needs(asked, needs);
    kind.callerNeeds?.(ctx.identity, needs);
    await Promise.all([facts.load(ctx.registry, needs), facts.loadLocks(ctx.registry, ctx.identity, kind.channel)]);
  }
  return audited(ctx.db, auditLog, ctx.identity, opts.action, opts.spec.entity, async (scope) => {
    const batch = asked ? await kind.batchFacts(scope.tx, [asked], facts) : null;
    return correctRecord<Row>(scope, opts.spec, reason, opts.expectedVersion, async (before) => {
      const input = opts.inputOf(before);
      // The access and the rules first (a caller who may not write learns nothing of locks), then the lock as recorded.
      const values = await opts.check(input, facts, batch as F, before, scope.tx);
      const question = opts.lockOf(before);
      if (question) facts.checkUnlocked(question, 'id');
      return values;
    });
  });
}
