import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';
import type { Db } from './db.js';
import { conflict, isDomainError, type DomainError } from './errors.js';
import type { Identity } from './identity.js';

/**
 * The audit log: one table in each subgraph's own schema, same shape everywhere, so "who
 * recorded or changed a figure, and when" is part of the data. Each write records
 * the state before and after; a write refused for access is recorded too (outcome `refused`),
 * outside the rolled-back transaction. Input refused as invalid leaves no trace.
 */
export function auditLogTable(schema: PgSchema) {
  return schema.table(
    'audit_log',
    {
      id: bigserial({ mode: 'number' }).primaryKey(),
      at: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
      actor: text().notNull(),
      role: text().notNull(),
      action: text().notNull(),
      entity: text().notNull(),
      entityId: text(),
      outcome: text({ enum: ['applied', 'refused'] }).notNull(),
      before: jsonb(),
      after: jsonb(),
      reason: text(),
      /**
       * The division codes the entity is about (its place, its helper's home), so a coordinator
       * reads the entries about their regions (`auditTrail`). Null on entries written before
       * the column existed: those are shown to administrators only.
       */
      regions: text().array(),
    },
    (t) => [index().on(t.entity, t.entityId, t.at), index().on(t.actor, t.at)],
  );
}

export type AuditLogTable = ReturnType<typeof auditLogTable>;

export interface AuditEntry {
  entity: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  /** Why the change was made: required for a correction or a void (lib/corrections.ts). */
  reason?: string | null;
  /** The division codes the entity is about; left out: read from `before`/`after` (`regionsOf`). */
  regions?: string[];
}

/** The fields of a record that name a place it is about (its place, its helper's home). */
const REGION_FIELDS = ['helpedCode', 'helperCode', 'regionCode', 'homeRegionCode', 'countyCode', 'villageCode', 'fromCountyCode', 'postedCode', 'code'];

/**
 * The division codes an audit entry is about, read from the record before and after the change:
 * the values of its place fields (`helpedCode`, `helperCode`, …) that are division codes.
 */
export function regionsOf(entry: Pick<AuditEntry, 'before' | 'after'>): string[] {
  const codes = new Set<string>();
  for (const record of [entry.before, entry.after]) {
    if (record === null || typeof record !== 'object') continue;
    for (const field of REGION_FIELDS) {
      const value = (record as Record<string, unknown>)[field];
      if (typeof value === 'string' && /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(value)) codes.add(value);
    }
  }
  return [...codes].sort();
}

/** What a write sees: the transaction, and `log` to add audit entries inside it. */
export interface WriteScope {
  tx: Db;
  log(entry: AuditEntry): Promise<void>;
  /** Many entries in one statement (an import's batch of rows). */
  logMany(entries: AuditEntry[]): Promise<void>;
  /** Who writes, and the action: for a write that inserts its audit entries in its own statement. */
  who: Identity;
  action: string;
}

/**
 * Run one mutation as one transaction with its audit entries. Inside `write`, query through
 * `tx` only: PGlite has a single connection, so a query on the outer handle (a loader, a
 * registry lookup) would wait for this transaction forever. Do such lookups before calling. Throwing anything rolls the
 * whole write back; a FORBIDDEN refusal is then recorded as a `refused` audit entry. A write
 * that lost a race to another (`lostRace`) answers CONFLICT.
 */
export async function audited<T>(
  db: Db,
  table: AuditLogTable,
  who: Identity,
  action: string,
  entity: string,
  write: (scope: WriteScope) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      const entry = (e: AuditEntry) => ({
        actor: who.sub,
        role: who.role,
        action,
        entity: e.entity,
        entityId: e.entityId,
        outcome: 'applied' as const,
        before: e.before ?? null,
        after: e.after ?? null,
        reason: e.reason ?? null,
        regions: e.regions?.length ? e.regions : regionsOf(e),
      });
      const scope: WriteScope = {
        who,
        action,
        tx: tx as unknown as Db,
        log: async (e) => {
          await tx.insert(table).values(entry(e));
        },
        logMany: async (entries) => {
          if (entries.length) await tx.insert(table).values(entries.map(entry));
        },
      };
      return write(scope);
    });
  } catch (caught) {
    const error = lostRace(caught) ?? caught;
    if (isDomainError(error) && error.extensions.code === 'FORBIDDEN') {
      await db.insert(table).values({
        actor: who.sub,
        role: who.role,
        action,
        entity,
        entityId: null,
        outcome: 'refused',
        reason: error.message,
      });
    }
    throw error;
  }
}

/**
 * Hold, until the write commits, a lock on what a duplicate check looks for (`key`: the record
 * kind and the values the check compares, e.g. `mil-assistance|<unit>|<place>|<kind>`). Two
 * writes checking for the same record then go one after the other: the second sees the
 * first's record and answers the duplicate rule, where both would have inserted it. For the
 * rules no unique key expresses (an overlapping period); a record's own key needs none, the
 * database refuses the second (`lostRace`).
 */
export async function lockKey(tx: Db, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

/** The PostgreSQL error (SQLSTATE `code`) inside whatever wraps it: drizzle keeps the driver's error as `cause`. */
function databaseErrorOf(error: unknown): { code: string; detail?: string } | null {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return e as { code: string; detail?: string };
  }
  return null;
}

const camelCase = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * A write that lost a race answers CONFLICT instead of an internal error, for every mutation
 * alike:
 *
 * - a unique violation (23505): two writes checked that a record was new and both inserted it;
 *   the later one is refused, rule `unique`, naming the record's key fields (`fields`, from the
 *   database's `Key (pairing_id, year)=(…) already exists`) — asked again, it answers the
 *   channel's own duplicate rule;
 * - a serialization failure (40001) or a deadlock (40P01): the write was rolled back while
 *   another held what it needed, rule `concurrent-write`: it may simply be sent again.
 *
 * Anything else is not a race: null.
 */
export function lostRace(error: unknown): DomainError | null {
  const db = databaseErrorOf(error);
  if (db?.code === '23505') {
    const columns = /^Key \((.+?)\)=/.exec(db.detail ?? '')?.[1].split(', ') ?? [];
    const fields = columns.map(camelCase);
    const what = fields.length ? `the same ${fields.join(', ')}` : 'the same key';
    return conflict('input', 'unique', `a record with ${what} was written first (by a write at the same time)`, { fields });
  }
  if (db?.code === '40001' || db?.code === '40P01') {
    return conflict('input', 'concurrent-write', 'another write changed the same records at the same time: send it again');
  }
  return null;
}
