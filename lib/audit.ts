import { bigserial, index, jsonb, text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';
import type { Db } from './db.js';
import { isDomainError } from './errors.js';
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
}

/** What a write sees: the transaction, and `log` to add audit entries inside it. */
export interface WriteScope {
  tx: Db;
  log(entry: AuditEntry): Promise<void>;
}

/**
 * Run one mutation as one transaction with its audit entries. Inside `write`, query through
 * `tx` only: PGlite has a single connection, so a query on the outer handle (a loader, a
 * registry lookup) would wait for this transaction forever. Do such lookups before calling. Throwing anything rolls the
 * whole write back; a FORBIDDEN refusal is then recorded as a `refused` audit entry.
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
      const scope: WriteScope = {
        tx: tx as unknown as Db,
        log: async (e) => {
          await tx.insert(table).values({
            actor: who.sub,
            role: who.role,
            action,
            entity: e.entity,
            entityId: e.entityId,
            outcome: 'applied',
            before: e.before ?? null,
            after: e.after ?? null,
          });
        },
      };
      return write(scope);
    });
  } catch (error) {
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
