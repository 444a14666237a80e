import DataLoader from 'dataloader';
import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AuditLogTable } from './audit.js';
import type { Db } from './db.js';
import { DomainError } from './errors.js';
import { isAdmin, type Identity } from './identity.js';
import { connection, decodeCursor, pageSize, type Connection, type PageArgs } from './pagination.js';
import { badInput } from './errors.js';

/**
 * Reading the audit log (lib/audit.ts): a record's `history`, and a channel's audit trail.
 *
 * `history` lists the versions of one record from its subgraph's audit log, oldest first: each
 * applied write naming the record (its creation, each correction, its void) with who, when,
 * the action, the reason and the values after. A batch of records is read with ONE statement
 * per request tick (`historyOf`). Whoever may read the record reads its history: the resolver
 * is reached only through the record.
 */

/** One version of a record, as `RecordVersion` shows it. */
export interface RecordVersion {
  /** 1 for the first write the log holds, +1 for each after it (the record's `version` when it keeps one). */
  version: number;
  /** ISO 8601. */
  at: string;
  actor: string;
  action: string;
  reason: string | null;
  /** The record after the write (JSON text). */
  values: string | null;
}

interface HistoryKey {
  /** The audit log's entity name; null: any entity (ids unique across the channel's record types). */
  entity: string | null;
  id: string;
}

const loaders = new WeakMap<object, DataLoader<HistoryKey, RecordVersion[], string>>();

function historyLoader(db: Db, table: AuditLogTable) {
  return new DataLoader<HistoryKey, RecordVersion[], string>(
    async (keys) => {
      const byEntity = new Map<string | null, string[]>();
      for (const k of keys) byEntity.set(k.entity, [...(byEntity.get(k.entity) ?? []), k.id]);
      const rows = await db
        .select({
          entity: table.entity,
          entityId: table.entityId,
          at: table.at,
          actor: table.actor,
          action: table.action,
          reason: table.reason,
          after: table.after,
        })
        .from(table)
        .where(
          and(
            eq(table.outcome, 'applied'),
            or(...[...byEntity].map(([entity, ids]) => and(entity === null ? undefined : eq(table.entity, entity), inArray(table.entityId, ids)))),
          ),
        )
        .orderBy(asc(table.id));
      const anyEntity = new Set(keys.filter((k) => k.entity === null).map((k) => k.id));
      const grouped = new Map<string, RecordVersion[]>();
      for (const r of rows) {
        const key = anyEntity.has(r.entityId ?? '') ? `|${r.entityId}` : `${r.entity}|${r.entityId}`;
        const list = grouped.get(key) ?? [];
        const kept = (r.after as { version?: unknown } | null)?.version;
        list.push({
          version: typeof kept === 'number' ? kept : list.length + 1,
          at: r.at.toISOString(),
          actor: r.actor,
          action: r.action,
          reason: r.reason,
          values: r.after == null ? null : JSON.stringify(r.after),
        });
        grouped.set(key, list);
      }
      return keys.map((k) => grouped.get(`${k.entity ?? ''}|${k.id}`) ?? []);
    },
    { cacheKeyFn: (k) => `${k.entity ?? ''}|${k.id}` },
  );
}

/**
 * The versions of record `id` of type `entity` (the audit log's entity name), oldest first,
 * batched per request (`ctx`: the request's context, which the loader lives as long as).
 */
export function historyOf(ctx: { db: Db }, table: AuditLogTable, entity: string | null, id: string): Promise<RecordVersion[]> {
  let loader = loaders.get(ctx);
  if (!loader) loaders.set(ctx, (loader = historyLoader(ctx.db, table)));
  return loader.load({ entity, id });
}

// ---- the audit trail --------------------------------------------------------------------------

/** `AuditTrailFilter`: every field narrows; `from`/`to` are instants, `to` inclusive. */
export interface AuditTrailFilter {
  entity?: string | null;
  entityId?: string | null;
  actor?: string | null;
  action?: string | null;
  from?: Date | string | null;
  to?: Date | string | null;
  /** True: refused writes only; false: applied only; left out: both. */
  refused?: boolean | null;
}

/** One entry, as `AuditEntry` shows it. */
export interface AuditTrailEntry {
  id: string;
  /** ISO 8601. */
  at: string;
  actor: string;
  role: string;
  action: string;
  entity: string;
  entityId: string | null;
  outcome: string;
  reason: string | null;
  regions: string[];
  before: string | null;
  after: string | null;
}

/** A page of an audit trail (`AuditEntryConnection`). */
export type AuditTrailPage = Connection<AuditTrailEntry>;

/** The largest page of an audit trail. */
export const MAX_TRAIL_PAGE = 500;

/**
 * Who reads a channel's audit trail: an administrator every entry; a coordinator the entries
 * about a place within their regions (the audit row's `regions`, recorded from this version on);
 * anyone else is refused, FORBIDDEN naming the field. Returns the condition on the log.
 */
export function trailAccess(table: AuditLogTable, who: Identity, field: string): SQL | undefined {
  if (isAdmin(who)) return undefined;
  if (who.role === 'COORDINATOR' && who.regions.length) {
    return or(...who.regions.map((scope) => sql`exists (select 1 from unnest(${table.regions}) as r(code) where r.code like ${`${scope}%`})`));
  }
  throw new DomainError('FORBIDDEN', `${field}: only an administrator, or a coordinator for the entries about their regions, reads the audit trail`, {
    field,
    rule: 'access',
  });
}

const instant = (field: string, value: Date | string): Date => {
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) throw badInput(field, 'date', 'is not an instant (ISO 8601)');
  return at;
};

/**
 * A page of a channel's audit trail (`<channel>AuditTrail(filter, first, after)`), newest first,
 * keyset-paged by the entry's id; `totalCount` counted when read. Access as `trailAccess`.
 */
export async function auditTrail(
  db: Db,
  table: AuditLogTable,
  who: Identity,
  field: string,
  args: PageArgs & { filter?: AuditTrailFilter | null },
): Promise<Connection<AuditTrailEntry>> {
  const access = trailAccess(table, who, field);
  const size = pageSize(args.first, MAX_TRAIL_PAGE);
  const after = decodeCursor(args.after);
  if (after !== null && !/^\d{1,18}$/.test(after)) throw badInput('after', 'cursor', 'is not a cursor this list returned');
  const f = args.filter ?? {};
  const where = and(
    access,
    f.entity != null ? eq(table.entity, f.entity) : undefined,
    f.entityId != null ? eq(table.entityId, f.entityId) : undefined,
    f.actor != null ? eq(table.actor, f.actor) : undefined,
    f.action != null ? eq(table.action, f.action) : undefined,
    f.from != null ? gte(table.at, instant('filter.from', f.from)) : undefined,
    f.to != null ? lte(table.at, instant('filter.to', f.to)) : undefined,
    f.refused != null ? eq(table.outcome, f.refused ? 'refused' : 'applied') : undefined,
  );
  const rows = await db
    .select()
    .from(table)
    .where(and(where, after !== null ? lt(table.id, Number(after)) : undefined))
    .orderBy(desc(table.id))
    .limit(size + 1);
  const entries = rows.map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    actor: r.actor,
    role: r.role,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    outcome: r.outcome.toUpperCase(),
    reason: r.reason,
    regions: r.regions ?? [],
    before: r.before == null ? null : JSON.stringify(r.before),
    after: r.after == null ? null : JSON.stringify(r.after),
  }));
  const count = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(table).where(where))[0].n;
  return connection(entries, size, (e) => e.id, count);
}

/** The resolver of a channel's `…AuditTrail` root field over its own audit log. */
export function auditTrailField(table: AuditLogTable, field: string) {
  return (_: unknown, args: PageArgs & { filter?: AuditTrailFilter | null }, ctx: { db: Db; identity: Identity }) =>
    auditTrail(ctx.db, table, ctx.identity, field, args);
}
