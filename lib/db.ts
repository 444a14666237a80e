import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { getTableColumns, is, sql, SQL, type AnyColumn, type SQLWrapper } from 'drizzle-orm';
import type { Logger } from 'drizzle-orm/logger';
import type { PgDatabase, PgQueryResultHKT, PgTable } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { stringify } from 'csv-stringify/sync';
import { rowsOf } from './batch.js';
import { countedStatement, tracedStatement, tracing, type RequestScope } from './telemetry.js';
import postgres from 'postgres';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The drizzle handle every subgraph receives; the same type on both drivers. */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;

/** Counts every SQL statement issued through drizzle, so tests can prove batching. */
export class StatementCounter implements Logger {
  count = 0;
  /** When set, statements are also recorded here (tests read them when an assertion fails). */
  log: string[] | null = null;
  logQuery(query: string): void {
    this.count++;
    this.log?.push(query);
  }
}

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  statements: StatementCounter;
  /** Bulk-load rows with COPY … FROM (csv): the fast path for reference data. No rows: nothing to do. */
  copyRows(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  /** Bulk-load a CSV text (with a header line, which is skipped). */
  copyCsv(table: string, columns: string[], csv: string): Promise<void>;
  /**
   * Run `work` in one transaction, COPY included: it receives this database bound to the
   * transaction (one connection on PostgreSQL), and a failure rolls back everything it wrote.
   * On a database already bound to a transaction, `work` joins that transaction.
   */
  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL: use postgres.js against a real server. */
  url?: string;
  /** PGlite data folder; omitted means in memory. Ignored when `url` is set. */
  dataDir?: string;
  /** postgres.js pool size. */
  max?: number;
  /** `statement_timeout` in ms: a statement running longer is cancelled (0: no limit). */
  statementTimeoutMs?: number;
  /** `lock_timeout` in ms: a statement waiting longer for a lock is cancelled (0: no limit). */
  lockTimeoutMs?: number;
}

/**
 * No statement serves a request for longer than the gateway lets an operation run, nor waits for
 * a lock held elsewhere (a long write, a table locked by hand) more than a few seconds: it fails,
 * and its request answers, instead of holding a connection and the callers behind it. Loads
 * (`npm run seed`, `gen:national`) lift both.
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;

/**
 * How many statements can run on `db` at once: its pool's connections on PostgreSQL, one on
 * PGlite (while a transaction holds it, anything else asked of the database waits for its end).
 */
export function connectionsOf(db: Db): number {
  const client = (db as unknown as { $client: unknown }).$client;
  return typeof client === 'function' ? ((client as { options?: { max?: number } }).options?.max ?? 1) : 1;
}

/** Open the database chosen at the edge: a URL means PostgreSQL, otherwise embedded PGlite. */
export async function openDatabase(opts: DatabaseOptions = {}): Promise<Database> {
  const statements = new StatementCounter();
  const statementTimeout = opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const lockTimeout = opts.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  if (opts.url) {
    // Set on every connection of the pool as it opens (startup parameters).
    const connection = { application_name: 'bangfu', statement_timeout: statementTimeout, lock_timeout: lockTimeout };
    const client = postgres(opts.url, { max: opts.max ?? 10, onnotice: () => {}, connection });
    return postgresDatabase(client, client, statements);
  }
  // PGlite creates its data folder but not the folders above it (`.data` on a fresh clone).
  if (opts.dataDir && !opts.dataDir.includes('://')) mkdirSync(dirname(opts.dataDir), { recursive: true });
  const client = await PGlite.create(opts.dataDir ?? 'memory://', { extensions: { pg_trgm } });
  // PGlite's one connection, for what the settings are worth there: PGlite runs in this process's
  // thread, without the timer signals that enforce them, so only the gateway's deadline bounds a wait.
  await client.exec(`SET statement_timeout = ${Math.trunc(statementTimeout)}; SET lock_timeout = ${Math.trunc(lockTimeout)}`);
  return pgliteDatabase(client, client, statements);
}

/**
 * A PostgreSQL database over `client`: the pool, or one transaction's connection (`pool` is
 * then the pool it came from, whose options drizzle reads).
 */
function postgresDatabase(client: postgres.Sql | postgres.TransactionSql, pool: postgres.Sql, statements: StatementCounter): Database {
  const inTransaction = client !== pool;
  // drizzle sets its type parsers on `client.options`, which a transaction's client lacks: the pool's (already set).
  const sqlClient = inTransaction ? (Object.assign(client, { options: pool.options }) as unknown as postgres.Sql) : pool;
  const db = timed(drizzlePostgres({ client: sqlClient, logger: statements, casing: 'snake_case' }) as unknown as Db);
  const copyCsv = async (table: string, columns: string[], csv: string, header: boolean) => {
    const sink = await client.unsafe(`COPY ${table} (${columns.map(quoteIdent).join(', ')}) FROM STDIN ${copyOptions(header)}`).writable();
    await pipeline(Readable.from([csv]), sink);
  };
  const self: Database = {
    db,
    driver: 'postgres',
    statements,
    copyRows: async (table, columns, rows) => {
      if (rows.length) await copyCsv(table, columns, toCsv(rows), false);
    },
    copyCsv: (table, columns, csv) => copyCsv(table, columns, csv, true),
    transaction: async (work) =>
      inTransaction ? work(self) : ((await pool.begin((tx) => work(postgresDatabase(tx, pool, statements)))) as Awaited<ReturnType<typeof work>>),
    ping: async () => void (await client`select 1`),
    close: () => (inTransaction ? Promise.reject(new Error('close the database, not one of its transactions')) : pool.end({ timeout: 5 })),
  };
  return self;
}

/** A PGlite database over `client`: the instance, or one of its transactions. */
function pgliteDatabase(client: PGlite | Transaction, instance: PGlite, statements: StatementCounter): Database {
  const inTransaction = client !== instance;
  // A transaction answers `query` as the instance does, which is all drizzle's PGlite session asks of it.
  const db = timed(drizzlePglite({ client: client as PGlite, logger: statements, casing: 'snake_case' }) as unknown as Db);
  const copyCsv = async (table: string, columns: string[], csv: string, header: boolean) => {
    await client.query(`COPY ${table} (${columns.map(quoteIdent).join(', ')}) FROM '/dev/blob' ${copyOptions(header)}`, [], { blob: new Blob([csv]) });
  };
  const self: Database = {
    db,
    driver: 'pglite',
    statements,
    copyRows: async (table, columns, rows) => {
      if (rows.length) await copyCsv(table, columns, toCsv(rows), false);
    },
    copyCsv: (table, columns, csv) => copyCsv(table, columns, csv, true),
    transaction: (work) => (inTransaction ? work(self) : instance.transaction((tx) => work(pgliteDatabase(tx, instance, statements)))),
    ping: async () => void (await client.query('select 1')),
    close: () => (inTransaction ? Promise.reject(new Error('close the database, not one of its transactions')) : instance.close()),
  };
  return self;
}

type Prepared = { execute(values?: unknown): Promise<unknown>; all?(values?: unknown): Promise<unknown> };
type Session = { prepareQuery(query: { sql: string }, ...rest: unknown[]): Prepared };
const sessionOf = (db: Db) => (db as unknown as { session: Session }).session;

/** A prepared statement whose runs go through `around`. */
function wrapRuns(prepared: Prepared, around: <T>(run: () => Promise<T>) => Promise<T>): Prepared {
  const { execute, all } = prepared;
  prepared.execute = (values) => around(() => execute.call(prepared, values));
  if (all) prepared.all = (values) => around(() => all.call(prepared, values));
  return prepared;
}

/**
 * Every statement drizzle prepares on `db` traced, when tracing: a trace shows each statement
 * under the subgraph operation that issued it. Not tracing, one check.
 */
function timed(db: Db): Db {
  const session = sessionOf(db);
  const prepare = session.prepareQuery.bind(session);
  session.prepareQuery = (query, ...rest) => {
    const prepared = prepare(query, ...rest);
    return tracing() ? wrapRuns(prepared, (run) => tracedStatement(query.sql, run)) : prepared;
  };
  return db;
}

/**
 * `db` for one request: the same database, with each statement counted and timed in `scope`
 * (the request's log line and metrics give them). A view over `db` (its session's
 * `prepareQuery` replaced), so nothing is opened per request.
 */
export function requestDb(db: Db, scope: RequestScope | undefined): Db {
  if (!scope) return db;
  const base = sessionOf(db);
  const session: Session = Object.create(base);
  session.prepareQuery = (query, ...rest) => wrapRuns(base.prepareQuery(query, ...rest), (run) => countedStatement(scope, run));
  const view = Object.create(db) as Db;
  (view as unknown as { session: Session }).session = session;
  return view;
}

/**
 * CSV for `COPY … WITH (FORMAT csv, NULL '\N')`: null and undefined become the `\N` marker so
 * they load as NULL while an empty string stays an empty string; booleans are words.
 */
const NULL_MARKER = '\\N';
function toCsv(rows: unknown[][]): string {
  return stringify(
    rows.map((row) => row.map((v) => (v === null || v === undefined ? NULL_MARKER : v))),
    { cast: { boolean: (v) => (v ? 'true' : 'false') }, quoted_empty: true },
  );
}

/**
 * Bulk-load into an empty table faster: drop its secondary indexes, run `load`, then build
 * them again from their saved definitions (one sort per index instead of one insertion per
 * row; a GIN trigram index over 620,573 village names is the largest gain). The primary key
 * stays, so duplicates are still refused during the load. All of it is one transaction (the
 * caller's, when `database` is bound to one): a load that fails or is killed halfway leaves
 * the table as it was, indexes included.
 */
export function withIndexesDeferred<T>(
  database: Database,
  schema: string,
  table: string,
  load: (tx: Database) => Promise<T>,
  /** Told before each index is built again (the GIN index takes seconds). */
  building?: (index: number, of: number) => void,
): Promise<T> {
  return database.transaction(async (tx) => {
    const indexes = rowsOf<{ indexname: string; indexdef: string }>(
      await tx.db.execute(
        sql`select indexname, indexdef from pg_indexes i
            where schemaname = ${schema} and tablename = ${table}
              and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
      ),
    );
    for (const i of indexes) await tx.db.execute(sql.raw(`DROP INDEX "${schema}"."${i.indexname}"`));
    const result = await load(tx);
    for (const [n, i] of indexes.entries()) {
      building?.(n + 1, indexes.length);
      await tx.db.execute(sql.raw(i.indexdef));
    }
    return result;
  });
}

/** Rows from copyRows carry the NULL marker; a CSV file with a header uses empty-as-NULL. */
function copyOptions(header: boolean): string {
  return header ? 'WITH (FORMAT csv, HEADER true)' : `WITH (FORMAT csv, NULL '${NULL_MARKER}')`;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Apply one subgraph's committed migrations (schema/migrations/<name>), each subgraph
 * recording its own in `drizzle.<name>_migrations`, so subgraphs migrate independently.
 * The runner, the tests and the docker services all call this (through `migrateAll` or one
 * subgraph's main).
 */
export async function migrateSubgraph(database: Database, name: string, migrationsFolder: string): Promise<void> {
  const config = { migrationsFolder, migrationsSchema: 'drizzle', migrationsTable: `${name}_migrations` };
  const run = () => (database.driver === 'postgres' ? migratePostgres(database.db as never, config) : migratePglite(database.db as never, config));
  try {
    await run();
  } catch (error) {
    // Services starting together may race to create the shared `drizzle` schema: once more.
    if (!/already exists|duplicate key/.test(String((error as Error).cause ?? error))) throw error;
    await run();
  }
}

/**
 * Typed multi-row inserts through a drizzle table, in chunks that stay under PostgreSQL's
 * 65,535 bind parameters per statement: the bulk path for rows built as objects (COPY, through
 * `copyRows`, takes column-ordered arrays).
 */
export async function insertChunked<T extends PgTable>(db: Db, table: T, rows: T['$inferInsert'][]): Promise<void> {
  if (!rows.length) return;
  const perRow = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.min(5000, Math.floor(60_000 / perRow)));
  for (let at = 0; at < rows.length; at += size) await db.insert(table).values(rows.slice(at, at + size));
}

/** A select field: a column or an SQL expression, optionally already named. */
type Field = AnyColumn | SQL | SQL.Aliased;

/** Each field named by its key, so a raw row carries the same keys as drizzle's mapped one. */
export function named<F extends Record<string, Field>>(fields: F): { [K in keyof F]: SQL.Aliased<FieldValue<F[K]>> } {
  const out: Record<string, SQL.Aliased> = {};
  for (const [key, field] of Object.entries(fields)) {
    const expression = is(field, SQL.Aliased) ? field.sql : field;
    out[key] = sql`${expression}`.as(key);
  }
  return out as { [K in keyof F]: SQL.Aliased<FieldValue<F[K]>> };
}
type FieldValue<F> =
  F extends SQL.Aliased<infer T>
    ? T
    : F extends SQL<infer T>
      ? T
      : F extends AnyColumn
        ? F['_']['notNull'] extends true
          ? F['_']['data']
          : F['_']['data'] | null
        : never;

/**
 * A table's columns except `omit` (bookkeeping such as `createdAt`), each `named` by its key:
 * the select list of a `rawRows` read of whole records.
 */
export function namedColumns<T extends PgTable, K extends keyof T['_']['columns'] & string>(table: T, ...omit: K[]) {
  const served = Object.fromEntries(Object.entries(getTableColumns(table)).filter(([key]) => !(omit as string[]).includes(key)));
  return named(served) as { [P in Exclude<keyof T['_']['columns'], K>]: SQL.Aliased<T['$inferSelect'][P & keyof T['$inferSelect']]> };
}

/**
 * Rows as the driver returns them, without drizzle's per-row mapping (a closure per column per
 * row): the path for the national picture's tens of thousands of rows. Fields must be `named`
 * and of a type both drivers return alike: text, int4, boolean, numeric and date (as strings).
 */
export async function rawRows<T>(db: Db, query: SQLWrapper): Promise<T[]> {
  return rowsOf<T>(await db.execute(query.getSQL()));
}
