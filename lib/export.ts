import { type SQL, sql } from 'drizzle-orm';
import type { PgDialect, PgSelect } from 'drizzle-orm/pg-core';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type postgres from 'postgres';
import type { Database } from './db.js';
import type { Identity } from './identity.js';
import type { SubgraphRuntime } from './subgraph.js';

/**
 * Streamed exports of long lists (docs/export.md): a subgraph reads its own rows with a database
 * cursor, applies the graph's own read rules to each row, and hands them on in batches. The
 * gateway writes them as CSV, XLSX or JSON Lines; in the embedded hub it calls the subgraph's
 * stream in process, distributed it asks the subgraph's `POST /export/<name>` with a signed call.
 */

/** A cell of a streamed row: money stays an exact decimal string. */
export type StreamCell = string | number | boolean | null;

/** What a caller asked of an export, checked by the gateway (the place is canonical and exists). */
export interface StreamParams {
  /** Canonical division code; null: the whole country. */
  place: string | null;
  /** Rows landing anywhere inside the place, not only on it. */
  descendants: boolean;
  /** First and last year, both included; null: unbounded. */
  from: number | null;
  to: number | null;
  /** false: real records only (`includeDemo: false` in the graph). */
  includeDemo: boolean;
}

/** A subgraph's streamed list: its columns, and its rows as the caller may see them, batch after batch. */
export interface RowStream {
  /** The sheet's name in the file. */
  sheet: string;
  columns: readonly string[];
  /** What the file names as the source of its rows. */
  describe: string;
  rows(runtime: SubgraphRuntime<unknown>, identity: Identity, params: StreamParams): AsyncIterable<StreamCell[][]>;
  /**
   * The same rows, already written as CSV (RFC 4180, as `csvField` writes a cell), batch after
   * batch: each row one line of `columns` after `lead` (the file's own first cells). Optional:
   * where it is given, a CSV export in process uses it, the database writing most of each line
   * instead of the driver decoding every column (docs/export.md).
   */
  csvLines?(runtime: SubgraphRuntime<unknown>, identity: Identity, params: StreamParams, lead: string): AsyncIterable<string | Buffer>;
}

/**
 * A text expression as one CSV field in SQL, as `csvField` writes it: null empty, quoted (quotes
 * doubled) when it holds a quote, a comma or a line break.
 */
export function csvFieldSql(text: SQL): SQL {
  return sql`coalesce(case when ${text} ~ '[",\r\n]' then '"' || replace(${text}, '"', '""') || '"' else ${text} end, '')`;
}

/** A cell as `csvField` writes it, for the few cells a line is given outside SQL. */
export function csvCell(value: string | null | undefined): string {
  if (value == null) return '';
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * How long the statement of a streamed export may run on PostgreSQL (a million contributions:
 * 5 to 20 s, as fast as the client reads): an hour, then the database cancels it. A PGlite batch
 * is an ordinary statement, under the session's timeout.
 */
export const EXPORT_STATEMENT_TIMEOUT_MS = 60 * 60 * 1000;

/** Rows a batch holds: one statement (PGlite) or one cursor fetch (PostgreSQL) each. */
export const STREAM_BATCH = 5000;

/**
 * The rows of a select in batches, in the order of `key` (unique, the select's first column):
 * on PostgreSQL one statement read through a cursor (`sql.cursor(n)`); on PGlite, whose one
 * connection a cursor would hold, by keyset: each batch one statement starting after the last
 * key. `build(after)` gives the select with the keyset condition when `after` is not null; each
 * row comes as the array of the select's fields in order, as the driver reads them raw: a
 * select casts what the two drivers read differently (dates, numeric) to text.
 */
export async function* selectBatches(database: Database, build: (after: string | null) => PgSelect, batch = STREAM_BATCH): AsyncIterable<unknown[][]> {
  if (database.driver === 'postgres') {
    const client = (database.db as unknown as { $client: postgres.Sql }).$client;
    const { sql: text, params } = build(null).toSQL();
    // Counted as drizzle counts its own (one statement, however many fetches).
    database.statements.logQuery(text);
    // The cursor's statement runs as long as the file is written: the session's statement_timeout
    // (which counts the whole cursor, not each fetch) is raised to the export's own limit on a
    // connection of its own, and reset (to the connection's setting) before it goes back.
    const connection = await client.reserve();
    try {
      await connection.unsafe(`set statement_timeout = ${Math.trunc(EXPORT_STATEMENT_TIMEOUT_MS)}`);
      for await (const rows of connection
        .unsafe(text, params as postgres.ParameterOrJSON<never>[])
        .values()
        .cursor(batch))
        yield rows as unknown[][];
    } finally {
      await connection.unsafe('reset statement_timeout').catch(() => {});
      connection.release();
    }
    return;
  }
  let after: string | null = null;
  for (;;) {
    const { sql: text, params } = build(after).limit(batch).toSQL();
    database.statements.logQuery(text);
    const result = await (database.db as unknown as { $client: { query(q: string, p: unknown[], o: object): Promise<{ rows: unknown[][] }> } }).$client.query(
      text,
      params,
      { rowMode: 'array' },
    );
    if (!result.rows.length) return;
    yield result.rows;
    if (result.rows.length < batch) return;
    after = String(result.rows[result.rows.length - 1][0]);
  }
}

/**
 * The rows of a select of text columns in batches, each row the array of its fields (null for
 * NULL), as `selectBatches` gives them. On PostgreSQL the database writes them itself:
 * `COPY (select) TO STDOUT`, one statement that streams as fast as the rows are taken — no round
 * trip per batch (a cursor's database waits for each fetch) and no row decoded by the driver,
 * only the lines split at their tabs. Its parameters are written into the statement (COPY takes
 * none: drizzle's `inlineParams`, strings quoted by its dialect). On PGlite: `selectBatches`.
 */
export async function* textBatches(database: Database, build: (after: string | null) => PgSelect, batch = STREAM_BATCH): AsyncIterable<(string | null)[][]> {
  if (database.driver !== 'postgres') {
    yield* selectBatches(database, build, batch) as AsyncIterable<(string | null)[][]>;
    return;
  }
  for await (const lines of copyLineBatches(database, build, batch)) yield lines.map((l) => copyFields(l.toString('utf8', 0, l.length - 1)));
}

/**
 * PostgreSQL only: the lines of `COPY (select) TO STDOUT` (text format: tab-separated, `\N` for
 * NULL, backslash escapes) as the database sends them, a batch at a time, each line the bytes it
 * came in with its '\n' — for a writer that passes most of each line on as it is
 * (`csvLineBytes`), neither decoding it nor encoding it again.
 */
export async function* copyLineBatches(database: Database, build: (after: string | null) => PgSelect, batch = STREAM_BATCH): AsyncIterable<Buffer[]> {
  const client = (database.db as unknown as { $client: postgres.Sql }).$client;
  const dialect = (database.db as unknown as { dialect: PgDialect }).dialect;
  const { sql: text } = dialect.sqlToQuery(build(null).getSQL().inlineParams());
  database.statements.logQuery(text);
  const connection = await client.reserve();
  let copy: postgres.PendingQuery<postgres.Row[]> | null = null;
  let lines: CopyLines | null = null;
  try {
    await connection.unsafe(`set statement_timeout = ${Math.trunc(EXPORT_STATEMENT_TIMEOUT_MS)}`);
    copy = connection.unsafe(`COPY (${text}) TO STDOUT`);
    lines = new CopyLines(await copy.readable());
    for (let batchLines = await lines.take(batch); batchLines.length; batchLines = await lines.take(batch)) yield batchLines;
    lines = null;
  } finally {
    // Stopped before the end (the client went away): the statement cancelled, what it still sends read and dropped.
    if (lines) {
      copy?.cancel();
      await lines.discard();
    }
    await connection.unsafe('reset statement_timeout').catch(() => {});
    connection.release();
  }
}

/** Most bytes of a COPY held before its stream is paused (the database then waits, its socket full). */
const COPY_BUFFER = 1 << 20;

/**
 * The lines of a `COPY … TO STDOUT` (text format) stream, taken a batch at a time: the stream
 * flows into a queue of chunks and is paused while the queue holds `COPY_BUFFER` bytes.
 * (postgres.js's COPY stream read with `for await` stalled now and then; flowing mode does not.)
 */
class CopyLines {
  private chunks: Buffer[] = [];
  private queued = 0;
  private rest: Buffer | null = null;
  private ended = false;
  private failed: Error | null = null;
  private wake: (() => void) | null = null;
  constructor(private readonly stream: Readable) {
    stream.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.queued += chunk.length;
      if (this.queued >= COPY_BUFFER) stream.pause();
      this.notify();
    });
    stream.on('end', () => {
      this.ended = true;
      this.notify();
    });
    stream.on('error', (error) => {
      this.failed = error;
      this.notify();
    });
  }

  private notify() {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Up to `n` lines, each its bytes with its '\n' (text format, still escaped); none once the stream has ended. */
  async take(n: number): Promise<Buffer[]> {
    const rows: Buffer[] = [];
    while (rows.length < n) {
      if (this.failed) throw this.failed;
      const chunk = this.chunks.shift();
      if (!chunk) {
        if (this.ended) break;
        if (this.stream.isPaused()) this.stream.resume();
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      this.queued -= chunk.length;
      const data = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
      let start = 0;
      for (let end = data.indexOf(10, start); end >= 0; end = data.indexOf(10, start)) {
        rows.push(data.subarray(start, end + 1));
        start = end + 1;
      }
      this.rest = start < data.length ? data.subarray(start) : null;
    }
    if (this.queued < COPY_BUFFER && this.stream.isPaused()) this.stream.resume();
    return rows;
  }

  /** Read to the end, dropping the rows (after a cancel: until the database's error). */
  async discard(): Promise<void> {
    this.chunks = [];
    this.stream.removeAllListeners('data');
    if (this.ended || this.failed) return;
    await new Promise<void>((resolve) => {
      this.stream.once('end', resolve);
      this.stream.once('error', () => resolve());
      this.stream.once('close', resolve);
      this.stream.resume();
    });
  }
}

const COPY_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** A text-format COPY line's fields: tab-separated, `\N` for NULL, backslash escapes undone. */
function copyFields(line: string): (string | null)[] {
  const fields: (string | null)[] = line.split('\t');
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as string;
    if (f === '\\N') fields[i] = null;
    else if (f.includes('\\')) fields[i] = f.replace(/\\([bfnrtv\\])/g, (_, c: string) => COPY_ESCAPES[c]);
  }
  return fields;
}

const COMMA = Buffer.from(',');

/**
 * CSV lines from COPY lines whose first two fields are an id and a helper's id and whose third is
 * the rest of the CSV line, already written by the database (`csvFieldSql`): each written as
 * `lead`, the id, the helper's id, `name(helperId)` (already a CSV cell) and the rest, the
 * line's own bytes passed on untouched. A line holding a backslash (a COPY escape) or an id that
 * CSV would quote is decoded and written as `csvCell` writes it. One buffer for the batch.
 */
export function csvLineBytes(lines: readonly Buffer[], lead: string, name: (helperId: string) => string): Buffer {
  const leadBytes = Buffer.from(lead);
  const pieces: Buffer[] = [];
  for (const line of lines) {
    const t1 = line.indexOf(9);
    const t2 = line.indexOf(9, t1 + 1);
    const helperId = line.toString('utf8', t1 + 1, t2);
    if (line.includes(92) || QUOTED_BYTES.some((b) => line.subarray(0, t2).includes(b))) {
      const [id, helper, rest] = copyFields(line.toString('utf8', 0, line.length - 1)) as string[];
      pieces.push(Buffer.from(`${lead}${csvCell(id)},${csvCell(helper)},${name(helper)},${rest}\n`));
      continue;
    }
    pieces.push(leadBytes, line.subarray(0, t1), COMMA, line.subarray(t1 + 1, t2), COMMA, Buffer.from(name(helperId)), COMMA, line.subarray(t2 + 1));
  }
  return Buffer.concat(pieces);
}

/** A COPY line's second field (the helper's id of `csvLineBytes`' lines), undecoded escapes and all. */
export function secondCopyField(line: Buffer): string {
  const t1 = line.indexOf(9);
  return line.toString('utf8', t1 + 1, line.indexOf(9, t1 + 1));
}

/** Bytes that make a CSV cell quoted: '"', ',', CR, LF. */
const QUOTED_BYTES = [34, 44, 13, 10];

/** Until `out` drains; a stream closed meanwhile (the client went away) fails the export. */
export async function drained(out: Writable): Promise<void> {
  if (out.destroyed) throw new Error('the response was closed');
  const close = new AbortController();
  await Promise.race([once(out, 'drain', { signal: close.signal }), once(out, 'close', { signal: close.signal })]).finally(() => close.abort());
  if (out.destroyed) throw new Error('the response was closed');
}
