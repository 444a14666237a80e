import { and, eq, gt, gte, like, lte, sql, type SQL } from 'drizzle-orm';
import type { Identity } from '../../lib/identity.js';
import {
  copyLineBatches,
  csvCell,
  csvFieldSql,
  secondCopyField,
  csvLineBytes,
  selectBatches,
  textBatches,
  type RowStream,
  type StreamCell,
  type StreamParams,
} from '../../lib/export.js';
import type { SubgraphRuntime } from '../../lib/subgraph.js';
import { readsPrivate, readsPrivateCondition, visibleCondition } from './access.js';
import { contributionsTable as t } from './tables.js';

/**
 * The rows of this channel an export may write for `who`: the graph's own read rule
 * (`visibleCondition`, the one every list and total applies). Every row filter of the exports
 * is here, so a rule that leaves records out of the graph leaves them out of the files too.
 */
export function exportableContributions(who: Identity): SQL | undefined {
  return visibleCondition(t, who);
}

/** The columns, in order: the fields of `EnterpriseContribution` a row carries. */
const FIELDS = {
  id: t.id,
  helperId: t.helperId,
  ownership: t.helperKind,
  groupId: t.groupId,
  groupKind: t.groupKind,
  helpedCode: t.helpedCode,
  kind: sql<string>`${t.kind}::text`,
  date: sql<string>`${t.date}::text`,
  pledged: sql<string | null>`${t.pledged}::text`,
  committed: sql<string | null>`${t.committed}::text`,
  disbursed: sql<string | null>`${t.disbursed}::text`,
  verified: sql<string | null>`${t.verified}::text`,
  jobs: t.jobs,
  trainees: t.trainees,
  peopleReached: t.peopleReached,
  purpose: t.purpose,
  alsoReportedAs: t.alsoReportedAs,
  alsoReportedChannel: sql<string | null>`${t.alsoReportedChannel}::text`,
  published: t.published,
  note: t.note,
  demo: t.demo,
};
const AT = Object.fromEntries(Object.keys(FIELDS).map((k, i) => [k, i])) as Record<keyof typeof FIELDS, number>;

/** What a file shows: the record's fields with the helper's name beside its id; no groupKind (an access fact, not a field). */
export const CONTRIBUTION_COLUMNS = [
  'id',
  'helperId',
  'helperName',
  'ownership',
  'groupId',
  'helpedCode',
  'kind',
  'date',
  'pledged',
  'committed',
  'disbursed',
  'verified',
  'jobs',
  'trainees',
  'peopleReached',
  'purpose',
  'alsoReportedAs',
  'alsoReportedChannel',
  'published',
  'note',
  'demo',
] as const;

function conditions(who: Identity, p: StreamParams): (SQL | undefined)[] {
  return [
    exportableContributions(who),
    p.place === null ? undefined : p.descendants ? like(t.helpedCode, `${p.place}%`) : eq(t.helpedCode, p.place),
    p.from === null ? undefined : gte(t.date, `${p.from}-01-01`),
    p.to === null ? undefined : lte(t.date, `${p.to}-12-31`),
    p.includeDemo ? undefined : eq(t.demo, false),
  ];
}

/**
 * A row's cells after the helper's name, as CSV in SQL: the same cells `rows` gives, the note
 * masked by `readsPrivateCondition` (the SQL form of `readsPrivate`).
 */
function csvTail(who: Identity): SQL {
  const reads = readsPrivateCondition(t, who);
  const note = reads === undefined ? sql`${t.note}` : reads === null ? null : sql`case when ${reads} then ${t.note} end`;
  const cells = [
    csvFieldSql(sql`${t.helperKind}`),
    csvFieldSql(sql`${t.groupId}`),
    csvFieldSql(sql`${t.helpedCode}`),
    sql`${t.kind}::text`,
    sql`${t.date}::text`,
    sql`coalesce(${t.pledged}::text, '')`,
    sql`coalesce(${t.committed}::text, '')`,
    sql`coalesce(${t.disbursed}::text, '')`,
    sql`coalesce(${t.verified}::text, '')`,
    sql`${t.jobs}::text`,
    sql`${t.trainees}::text`,
    sql`${t.peopleReached}::text`,
    csvFieldSql(sql`${t.purpose}`),
    csvFieldSql(sql`${t.alsoReportedAs}`),
    sql`coalesce(${t.alsoReportedChannel}::text, '')`,
    sql`${t.published}::text`,
    note === null ? sql`''` : csvFieldSql(note),
    sql`${t.demo}::text`,
  ];
  return sql.join(cells, sql` || ',' || `);
}

/**
 * Every contribution the caller may read, by id: unpublished ones only for those who read them
 * (`visibleCondition`), the note only where `readsPrivate` (the resolver's rule), the helper's name
 * as the registry gives it to this caller (an individual donor's masked for anonymous callers),
 * asked once per batch.
 */
export const contributionsStream: RowStream = {
  sheet: 'contributions',
  columns: CONTRIBUTION_COLUMNS,
  describe: 'enterprises subgraph: enterprises.contributions by id, read rule visibleCondition (subgraphs/enterprises/access.ts)',
  async *rows(runtime: SubgraphRuntime<unknown>, who: Identity, p: StreamParams): AsyncIterable<StreamCell[][]> {
    const where = conditions(who, p);
    const build = (after: string | null) =>
      runtime.database.db
        .select(FIELDS)
        .from(t)
        .where(and(...where, after === null ? undefined : gt(t.id, after)))
        .orderBy(t.id)
        .$dynamic();
    for await (const batch of selectBatches(runtime.database, build)) {
      // A context per batch: the names it read are let go with it.
      const ctx = runtime.contextFor(who);
      await ctx.registry.loadNames([...new Set(batch.map((r) => r[AT.helperId] as string))]);
      yield batch.map((r) => {
        const facts = {
          helperId: r[AT.helperId] as string,
          groupId: r[AT.groupId] as string,
          helperKind: r[AT.ownership] as string,
          groupKind: r[AT.groupKind] as string,
          helpedCode: r[AT.helpedCode] as string,
        };
        return [
          r[AT.id],
          facts.helperId,
          ctx.registry.knownName(facts.helperId) ?? null,
          facts.helperKind,
          facts.groupId,
          facts.helpedCode,
          r[AT.kind],
          r[AT.date],
          r[AT.pledged],
          r[AT.committed],
          r[AT.disbursed],
          r[AT.verified],
          r[AT.jobs],
          r[AT.trainees],
          r[AT.peopleReached],
          r[AT.purpose],
          r[AT.alsoReportedAs],
          r[AT.alsoReportedChannel],
          r[AT.published],
          readsPrivate(who, facts) ? r[AT.note] : null,
          r[AT.demo],
        ] as StreamCell[];
      });
    }
  },
  /**
   * The same rows as CSV lines: the database writes each row's cells but its id, its helper's id
   * and name (three columns read instead of twenty-one), streamed by `COPY` on PostgreSQL
   * (`textBatches`); the names as `rows` gives them.
   */
  async *csvLines(runtime: SubgraphRuntime<unknown>, who: Identity, p: StreamParams, lead: string): AsyncIterable<string | Buffer> {
    const where = conditions(who, p);
    const tail = csvTail(who);
    const build = (after: string | null) =>
      runtime.database.db
        .select({ id: t.id, helperId: t.helperId, tail: sql<string>`${tail}` })
        .from(t)
        .where(and(...where, after === null ? undefined : gt(t.id, after)))
        .orderBy(t.id)
        .$dynamic();
    if (runtime.database.driver === 'postgres') {
      // The database's bytes passed on: only the helper's name is written here (csvLineBytes).
      for await (const lines of copyLineBatches(runtime.database, build)) {
        const ctx = runtime.contextFor(who);
        await ctx.registry.loadNames([...new Set(lines.map(secondCopyField))]);
        const names = new Map<string, string>();
        yield csvLineBytes(lines, lead, (helperId) => {
          let cell = names.get(helperId);
          if (cell === undefined) names.set(helperId, (cell = csvCell(ctx.registry.knownName(helperId))));
          return cell;
        });
      }
      return;
    }
    for await (const batch of textBatches(runtime.database, build)) {
      const ctx = runtime.contextFor(who);
      await ctx.registry.loadNames([...new Set(batch.map((r) => r[1] as string))]);
      let text = '';
      for (const r of batch) {
        const helperId = r[1] as string;
        text += `${lead}${csvCell(r[0] as string)},${csvCell(helperId)},${csvCell(ctx.registry.knownName(helperId))},${r[2] as string}\n`;
      }
      yield text;
    }
  },
};
