import { fileURLToPath } from 'node:url';
import { getTableColumns, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { AuditLogTable } from './audit.js';
import { normalizeCode } from './codes.js';
import { kindOfId, voidedOf, type RecordSpec, type Voidable } from './corrections.js';
import { notFound } from './errors.js';
import { coverageResolvers, type CoverageChannel, type CoverageContext } from './coverage.js';
import { auditTrailField, historyOf } from './history.js';
import { connectionResolvers } from './pagination.js';
import type { LockChannel } from './locks.js';
import { existingIdsField, referableKind } from './references.js';
import { loadTypeDefs, mergeResolvers } from './schema.js';
import { defineSubgraph, type SubgraphModule } from './subgraph.js';
import type { MoneySource } from './totals-across.js';

/**
 * A channel declared once, in its `channel.ts`: its record kinds and what the hub asks of it.
 * From the declaration the kit gives
 * - each kind's `history` (its audit log's versions) and `voided` fields, and for a kind that
 *   implements `Assistance` its `channel`, `helper` and `helped`;
 * - `__resolveReference` of the registry's `Region` and `Organization`;
 * - `<name>AuditTrail`, the channel's audit log a page at a time (lib/history.ts);
 * - the kind an id names, by its prefix (`kindOf`: voids and corrections);
 * - the channel's coverage gaps and covered places (lib/coverage.ts), from the kinds that cover;
 * - `…RecordsExisting`, the kinds another channel's records may name as the same help
 *   (lib/references.ts);
 * - its face (`ChannelFace`): the fields the registry's cross-channel views ask of it (coverage,
 *   lists, money) and that a referring channel asks, every name derived from `name`, so adding a
 *   channel to the views is adding its declaration to subgraphs/channels.ts.
 */

/** One kind of record the channel keeps. */
export interface RecordKind {
  /** Its GraphQL type: the audit log's entity name too. */
  entity: string;
  /** How a message names one ("east-west pairing"). */
  what: string;
  /** Its ids' prefix (`ewp-`): how a void, a correction or a reference finds the kind. */
  prefix: string;
  table: PgTable;
  /** The column holding the id: whole (`text`) or as the number after the prefix (`serial`). */
  id: AnyPgColumn;
  key: 'text' | 'serial';
  /** The void columns (lib/corrections.ts `voidColumns`); none: the kind is never voided. */
  voidedAt?: AnyColumn;
  /** The record it counts under (an east-west flow's pairing): voided with it. */
  under?: { table: PgTable; on: SQL; voidedAt: AnyColumn };
  /** Another channel's record may name it as the same help (`alsoReportedAs`). */
  referable?: boolean;
  /** Does its row carry the void columns `voided` reads (false: the channel resolves `voided` itself)? Default true. */
  voidedInRow?: boolean;
  /** The entity its audit entries are kept under, when not `entity` (null: any). */
  auditEntity?: string | null;
  /** The field answering its versions, when not `history` (a household's `history` is its status changes). */
  historyField?: string;
  /**
   * It implements `Assistance` (lib/common.graphql): the kit gives its `channel`, `helper` (the
   * row's `helperId`) and `helped` (the row's `helpedCode`, or the property `helped` names).
   */
  assistance?: { helped?: string };
}

/** Where a kind's records land, for coverage: its place column, its period, its demo flag. */
export interface CoverageKind {
  table: PgTable;
  code: AnyColumn;
  since: AnyColumn;
  /** null: a dated record, whose period is its day `since`. */
  until: AnyColumn | null;
  demo: AnyColumn;
  /** What makes a record count, for the caller and the arguments asked (its void, visibility, arrangements). */
  where?: (ctx: never, args: never) => SQL | undefined;
}

export interface ChannelDeclaration {
  /** The subgraph that holds it. */
  subgraph: string;
  /** Its value of `Channel` (lib/common.graphql); null: reported beside the channels (the county's own work). */
  channel: LockChannel | null;
  /** The prefix of its field names: `eastWest` → `eastWestCoverageGaps`, `eastWestCoveredPlaces`, `eastWestRecordsExisting`. */
  name: string;
  auditLog: AuditLogTable;
  kinds: readonly RecordKind[];
  /** Its coverage: the kinds that cover, and whether help to a place containing a county covers it. */
  coverage: {
    sources: readonly CoverageKind[];
    containing: boolean;
    /**
     * What covers a county, in words, for the gaps field's description: the sentence after "the
     * national poverty counties (inside `within`, any code form) that …".
     */
    says: string;
    /** Arguments of the channel's own on its gaps field: SDL lines, each argument with its description. */
    arguments?: readonly string[];
    /** The gaps' type, when the channel's gaps field has arguments of its own; default `CoverageGaps`. */
    gapsType?: string;
  };
  /** Its list field on `Region` and `Organization` for the cross-channel list, and the record types it lists. */
  list?: { field: string; kinds: readonly string[] };
  /** How its money is read, for the totals across channels (lib/totals-across.ts); none: it records no money. */
  money?: Omit<MoneySource, 'channel' | 'subgraph'>;
}

/** What the rest of the hub asks of a channel, by field name. */
export interface ChannelFace {
  subgraph: string;
  channel: LockChannel | null;
  coveredPlaces: string;
  /** `…RecordsExisting`; null when no kind is referable. */
  recordsExisting: string | null;
  list: { field: string; kinds: readonly string[] } | null;
  money: MoneySource | null;
}

export interface Channel extends ChannelDeclaration {
  face: ChannelFace;
  /** The kind an id names, by its prefix (longest first), and the id's rest; null: no kind's. */
  kindOf(id: string): { kind: RecordKind; rest: string } | null;
  /**
   * The record an id names, as a void or a correction reads it (lib/corrections.ts): NOT_FOUND
   * naming `id` for an id of no kind (`what`: the channel's records in words), or of no key's form.
   */
  specOf<Row>(id: string, what: string): RecordSpec<Row> & { kind: RecordKind };
  /** The resolvers the kit gives (above), merged into the channel's subgraph by `channelSubgraph`. */
  resolvers: Record<string, unknown>;
}

/**
 * The SDL of the root fields the kit gives a channel (`channel.generated.graphql` beside its
 * schema.graphql, written by `npm run codegen`, read by `loadTypeDefs`): the same contract, the
 * same arguments and defaults, on every channel.
 */
export function channelSdl(c: ChannelDeclaration): string {
  const referable = c.kinds.filter((k) => k.referable);
  const description = (...text: string[]) => ['  """', ...text.map((t) => `  ${t}`), '  """'];
  return [
    '# Generated by `npm run codegen` from channel.ts (lib/channel.ts `channelSdl`): do not edit.',
    '',
    'extend type Query {',
    ...description(
      "This channel's audit log, newest first, a page at a time: ADMIN reads every entry, a",
      'COORDINATOR the entries about places within their regions (written from this version on);',
      'anyone else is refused (FORBIDDEN).',
    ),
    `  ${c.name}AuditTrail(filter: AuditTrailFilter, first: Int, after: String): AuditEntryConnection!`,
    ...description(
      `Coverage gaps: the national poverty counties (inside \`within\`, any code form) that ${c.coverage.says}`,
      "At `level: VILLAGE`, the poor villages instead. The candidates come from the registry's graph",
      '(`regions(filter: {povertyCounty: true})`), never its tables. With `includeDemo: false` only',
      'real records cover a place; `demo` tells what the generated ones cover.',
    ),
    `  ${c.name}CoverageGaps(`,
    '    "Reporting year, e.g. 2018."',
    '    year: Int!',
    '    "Only places inside this region (any accepted code form, or a former code)."',
    '    within: ID',
    '    "COUNTY (default): the poverty counties; VILLAGE: the poor villages."',
    '    level: CoverageLevel = COUNTY',
    ...(c.coverage.arguments ?? []).map((line) => `    ${line}`),
    '    "False: only real records count as coverage (generated demo records are left out)."',
    '    includeDemo: Boolean = true',
    `  ): ${c.coverage.gapsType ?? 'CoverageGaps'}!`,
    ...description(
      "The places this channel's records cover in `year` (lib/coverage.ts), for the registry's",
      'cross-channel `coverage`: kept out of the public graph. `within` is a canonical code.',
    ),
    `  ${c.name}CoveredPlaces(year: Int!, within: ID, level: CoverageLevel = COUNTY, includeDemo: Boolean = true): CoveredPlaces! @inaccessible`,
    ...(referable.length
      ? [
          ...description(
            `Which of \`ids\` name records another channel may refer to (${referable.map((k) => `\`${k.prefix}…\``).join(', ')}) that`,
            'count (not voided, nor what they belong to), whoever may read them: asked before a record',
            'also reported here is written (`alsoReportedAs`, lib/references.ts), in one statement. At',
            'most 10,000 ids (rule `at-most`). Kept out of the public graph.',
          ),
          `  ${c.name}RecordsExisting(ids: [ID!]!): [ID!]! @inaccessible`,
        ]
      : []),
    '}',
    '',
  ].join('\n');
}

/** The property of a table's row that holds `column`. */
function keyOf(table: PgTable, column: AnyColumn): string {
  const found = Object.entries(getTableColumns(table)).find(([, c]) => c === column);
  if (!found) throw new Error(`column ${column.name} is not a column of its kind's table`);
  return found[0];
}

function kindResolvers(auditLog: AuditLogTable, channel: LockChannel | null, kind: RecordKind) {
  const key = keyOf(kind.table, kind.id);
  const idOf = kind.key === 'serial' ? (row: Record<string, unknown>) => `${kind.prefix}${row[key]}` : (row: Record<string, unknown>) => String(row[key]);
  const entity = kind.auditEntity === undefined ? kind.entity : kind.auditEntity;
  return {
    [kind.historyField ?? 'history']: (row: Record<string, unknown>, _: unknown, ctx: { db: CoverageContext['db'] }) =>
      historyOf(ctx, auditLog, entity, idOf(row)),
    ...(kind.voidedAt && kind.voidedInRow !== false ? { voided: (row: Voidable) => (row.voidedAt ? voidedOf(row) : null) } : {}),
    ...(kind.assistance && channel ? assistanceResolvers(channel, kind.assistance.helped ?? 'helpedCode') : {}),
  };
}

/** The `Assistance` contract of a record kind: its channel, its helper and the place it helps, as the registry's entities. */
function assistanceResolvers(channel: LockChannel, helped: string) {
  return {
    channel: () => channel,
    helper: (row: { helperId: string }) => ({ id: row.helperId }),
    helped: (row: Record<string, unknown>) => ({ code: row[helped] as string }),
  };
}

/** Declare a channel: the declaration, with what the kit derives from it. */
export function defineChannel(declaration: ChannelDeclaration): Channel {
  const { name, kinds, coverage, auditLog } = declaration;
  // Longest prefix first: a kind whose prefix starts another's takes only its own ids.
  const byPrefix = [...kinds].sort((a, b) => b.prefix.length - a.prefix.length).map((k) => [k.prefix, k] as const);
  const referable = kinds
    .filter((k) => k.referable)
    .map((k) => {
      const counts = sql.join([k.voidedAt ? sql`${k.voidedAt} is null` : sql`true`, ...(k.under ? [sql`${k.under.voidedAt} is null`] : [])], sql` and `);
      const from = k.under ? sql`${k.table} join ${k.under.table} on ${k.under.on}` : sql`${k.table}`;
      return referableKind(k.prefix, k.key, from, k.id, counts);
    });
  const covering = (ctx: unknown, args: unknown): CoverageChannel => ({
    sources: coverage.sources.map(({ where, ...source }) => ({ ...source, where: where?.(ctx as never, args as never) })),
    containing: coverage.containing,
  });
  const gaps = coverageResolvers<CoverageContext>(covering);
  const recordsExisting = referable.length ? `${name}RecordsExisting` : null;
  const resolvers = mergeResolvers(
    Object.fromEntries(kinds.map((k) => [k.entity, kindResolvers(auditLog, declaration.channel, k)])),
    // The registry's entities, as every channel refers to them: a place by its code (a former or
    // short form read as the canonical one), an organisation by its id.
    {
      Region: { __resolveReference: (ref: { code: string }) => ({ code: normalizeCode(ref.code) ?? ref.code }) },
      Organization: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
    },
    { Query: { [`${name}AuditTrail`]: auditTrailField(auditLog, `${name}AuditTrail`) }, AuditEntryConnection: connectionResolvers },
    {
      Query: {
        [`${name}CoverageGaps`]: gaps.field,
        [`${name}CoveredPlaces`]: gaps.covered,
        ...(recordsExisting ? { [recordsExisting]: existingIdsField(referable) } : {}),
      },
    },
    { [coverage.gapsType ?? 'CoverageGaps']: { demo: gaps.demo } },
  );
  const kindOf = (id: string) => kindOfId(id, byPrefix);
  return {
    ...declaration,
    face: {
      subgraph: declaration.subgraph,
      channel: declaration.channel,
      coveredPlaces: `${name}CoveredPlaces`,
      recordsExisting,
      list: declaration.list ?? null,
      money: declaration.money && declaration.channel ? { ...declaration.money, channel: declaration.channel, subgraph: declaration.subgraph } : null,
    },
    kindOf,
    specOf: (id, what) => {
      const found = kindOf(id);
      if (!found) throw notFound('id', what, id);
      const { kind, rest } = found;
      if (kind.key === 'serial' && !/^\d{1,9}$/.test(rest)) throw notFound('id', kind.what, id);
      const keyValue = kind.key === 'serial' ? Number(rest) : id;
      return { kind, table: kind.table, key: kind.id as PgColumn, keyValue, id, entity: kind.entity, what: kind.what };
    },
    resolvers,
  };
}

/** What a channel's subgraph adds to its declaration: its own resolvers, loaders, seed, streams and import kinds. */
export interface ChannelParts<L> extends Pick<SubgraphModule<L>, 'createLoaders' | 'seed' | 'streams' | 'imports'> {
  /** Its parts' resolvers (resolvers.ts, corrections.ts, …), merged with the kit's (a field given twice is refused). */
  resolvers: object[];
}

/**
 * A channel's subgraph (lib/subgraph.ts), from its declaration and the address of its module
 * (`import.meta.url` of its subgraph.ts): its name, its SDL (schema.graphql with the kit's
 * channel.generated.graphql beside it), its migrations (schema/migrations/<name>), and its parts'
 * resolvers with the kit's.
 */
export function channelSubgraph<L>(channel: Channel, moduleUrl: string, parts: ChannelParts<L>): SubgraphModule<unknown> {
  const { resolvers, ...rest } = parts;
  return defineSubgraph<L>({
    name: channel.subgraph,
    typeDefs: loadTypeDefs(new URL('./schema.graphql', moduleUrl)),
    resolvers: mergeResolvers(...resolvers, channel.resolvers),
    migrationsFolder: fileURLToPath(new URL(`../../schema/migrations/${channel.subgraph}`, moduleUrl)),
    ...rest,
  });
}
