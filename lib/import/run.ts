import { hash } from 'node:crypto';
import { audited, type AuditLogTable, type WriteScope } from '../audit.js';
import { badInput, forbidden, isDomainError, type DomainError } from '../errors.js';
import type { Identity } from '../identity.js';
import type { RegistryApi } from '../registry-api.js';
import { connectionsOf, type Db } from '../db.js';
import type { ReferenceAsker } from '../references.js';
import type { PeerExecutors } from '../subgraph.js';
import type { RequestScope } from '../telemetry.js';
import { type CellValue, type Column, columnOf, headerColumn, type ImportKind, type Needs, noNeeds, readCell, RegistryFacts, type RowStatus } from './kind.js';
import { csvEncoding, FileError, formatOf, type ImportSource, type RawRow, readRows } from './read.js';

/**
 * Running an import: the file streamed, a batch of rows at a time, inside one `audited(...)`
 * transaction. Each batch is checked with the kind's own check (the mutation's), the records its
 * keys match are read in one statement, and it is written in one insert, one update and one audit
 * insert. The header is read first (unknown or missing columns refuse the file); the channel's
 * locks in force are read once, before the transaction.
 *
 * What the rows name in the registry (organisations, places) is asked a batch at a time, on
 * another connection than the transaction's, while the previous batch is written: one pass over
 * the file. Where no other connection is sure to be free — PGlite's one connection, a pool of one,
 * another import of this process in its own single pass — a lookup inside the transaction would
 * wait for it forever: the file is then read twice, the first pass collecting what the rows
 * name and counting them, the registry asked before the transaction (`firstPass`).
 *
 * A dry run, and an all-or-nothing import with a refused row, roll the transaction back.
 * Memory: one batch of rows, the registry facts (one entry per distinct organisation and place
 * named), the keys seen (to find a key given twice) and a byte per row for its status.
 */

export type ImportMode = 'ALL' | 'VALID_ROWS';

export interface ImportOptions {
  dryRun?: boolean;
  /** ALL (default): any refused row and nothing changes. VALID_ROWS: the valid rows are written. */
  mode?: ImportMode;
  batchSize?: number;
  /** After each batch: rows checked so far, and of how many (0 until counted: known after a first pass, else at the end). */
  onProgress?(done: number, total: number): void;
}

/** A refused row: where, which column (null: the row as a whole), which rule, why. */
export interface RowRefusal {
  row: number;
  column: string | null;
  rule: string;
  code: string;
  message: string;
}

export interface RowResult {
  row: number;
  status: RowStatus;
  column?: string | null;
  rule?: string;
  message?: string;
}

export interface ImportResult {
  kind: string;
  file: string;
  format: 'csv' | 'xlsx' | null;
  encoding: string | null;
  dryRun: boolean;
  mode: ImportMode;
  /** Whether the changes were written (false: a dry run, a refused file, or ALL with a refused row). */
  committed: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  /** A refusal of the whole file (nothing was read further). */
  fileError: { rule: string; column: string | null; message: string } | null;
  /** The refused rows, in file order (at most MAX_LISTED; `refused` counts them all). */
  refusals: RowRefusal[];
  /** Every row's status, in file order (row numbers: `rowNumbers`). */
  statuses: RowStatus[];
  rowNumbers: number[];
}

/** The most refusals one result lists. */
export const MAX_LISTED = 10_000;
export const DEFAULT_BATCH = 1000;

class RolledBack extends Error {}

const STATUS_CODE: Record<RowStatus, number> = { created: 0, updated: 1, unchanged: 2, refused: 3 };
const STATUS_OF: RowStatus[] = ['created', 'updated', 'unchanged', 'refused'];

/** Who runs an import, and with what: the same as a mutation's context. */
export interface ImportContext {
  db: Db;
  identity: Identity;
  registry: RegistryApi;
  /** The other channels, for the records a row's references name (lib/references.ts). */
  peers?: PeerExecutors;
  scope?: RequestScope;
}

/** Every row's status with its refusal, in file order. */
export function rowResults(result: ImportResult): RowResult[] {
  const refusals = new Map(result.refusals.map((r) => [r.row, r]));
  return result.statuses.map((status, i) => {
    const row = result.rowNumbers[i];
    const r = refusals.get(row);
    return r ? { row, status, column: r.column, rule: r.rule, message: r.message } : { row, status };
  });
}

/** An anonymous caller is refused before the file is read (FORBIDDEN, rule `signed-in`). */
export function requireSignedInToImport(who: Identity) {
  if (who.role === 'PUBLIC') throw forbidden('sign in: anonymous callers may not import', 'signed-in');
}

/**
 * Imports of this process running their single pass: each holds a connection for its transaction
 * and asks the registry on another, so at most one fewer than the pool has connections.
 */
let singlePasses = 0;

/** Run one import (or its dry run) as `ctx.identity`. A file-level refusal is in the result, never thrown. */
export async function runImport(
  ctx: ImportContext,
  kind: ImportKind,
  auditLog: AuditLogTable,
  source: ImportSource,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const mode = opts.mode ?? 'ALL';
  const dryRun = !!opts.dryRun;
  const result: ImportResult = {
    kind: kind.name,
    file: source.name,
    format: null,
    encoding: null,
    dryRun,
    mode,
    committed: false,
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    refused: 0,
    fileError: null,
    refusals: [],
    statuses: [],
    rowNumbers: [],
  };
  requireSignedInToImport(ctx.identity);
  const firstPass = singlePasses + 1 >= connectionsOf(ctx.db);
  if (!firstPass) singlePasses++;
  try {
    return await importFile(ctx, kind, auditLog, source, opts, result, firstPass);
  } finally {
    if (!firstPass) singlePasses--;
  }
}

async function importFile(
  ctx: ImportContext,
  kind: ImportKind,
  auditLog: AuditLogTable,
  source: ImportSource,
  opts: ImportOptions,
  result: ImportResult,
  firstPass: boolean,
): Promise<ImportResult> {
  const { mode, dryRun } = result;
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  let statuses = new Uint8Array(1024);
  let numbers = new Uint32Array(1024);
  const forbiddenRows: RowRefusal[] = [];
  try {
    const format = await formatOf(source);
    result.format = format;
    const encoding = format === 'csv' ? await csvEncoding(source) : 'utf-8';
    result.encoding = format === 'csv' ? encoding : null;

    // ---- the header, and (firstPass) the row count and registry keys
    let columns: (Column | null)[] = [];
    const readHeader = (cells: string[]) => {
      columns = cells.map((h) => (h ? headerColumn(kind.columns, h) : null));
      cells.forEach((h, i) => {
        if (h && !columns[i])
          throw new FileError('header', `unknown column "${h}"; the columns are ${kind.columns.map((c) => `${c.en} (${c.zh})`).join(', ')}`, h);
      });
      const given = new Set(columns.filter((c): c is Column => !!c).map((c) => c.key));
      for (const c of kind.columns)
        if (c.required && !given.has(c.key)) throw new FileError('header', `the required column ${c.en} (${c.zh}) is missing`, c.en);
    };
    // The registry is asked while the file is still being read: what the rows named so far, every
    // LOOKUP_ROWS rows of a first pass or every batch of a single one (each key once).
    const facts = new RegistryFacts();
    const lookups = new Lookups(facts, ctx.registry, ctx);
    kind.callerNeeds?.(ctx.identity, lookups.needs);
    lookups.add(facts.loadLocks(ctx.registry, ctx.identity, kind.channel));
    const headers = new Headers(kind.columns);
    const empty = () => new FileError('empty-file', 'the file has a header but no rows');
    // Rows in the file: 0 until counted (by the first pass, or at the end of the single one).
    let total = 0;
    if (firstPass) {
      for await (const raw of readRows(source, format, encoding, readHeader)) {
        total++;
        const parsed = parseRow(kind, headers, raw);
        if (!('error' in parsed)) kind.needs(parsed.input, lookups.needs);
        if (total % LOOKUP_ROWS === 0) lookups.ask();
      }
      if (total === 0) throw empty();
      result.rows = total;
      lookups.ask();
    }
    await lookups.done();

    // ---- check and write, a batch at a time, in one transaction
    const seen = new SeenKeys();
    let done = 0;
    const record = (row: number, status: RowStatus) => {
      if (done >= statuses.length) {
        const s = new Uint8Array(statuses.length * 2);
        s.set(statuses);
        statuses = s;
        const n = new Uint32Array(numbers.length * 2);
        n.set(numbers);
        numbers = n;
      }
      statuses[done] = STATUS_CODE[status];
      numbers[done] = row;
      done++;
      result[status]++;
    };
    const refuse = (row: number, error: unknown) => {
      const refusal = refusalOf(kind.columns, row, error);
      if (refusal.code === 'FORBIDDEN' && forbiddenRows.length < MAX_LISTED) forbiddenRows.push(refusal);
      if (result.refusals.length < MAX_LISTED) result.refusals.push(refusal);
      record(row, 'refused');
    };
    try {
      await audited(ctx.db, auditLog, ctx.identity, kind.action, kind.entity, async (scope) => {
        let batch: RawRow[] = [];
        let read = 0;
        // A batch's write goes on in the database while the next batch is read and checked: the
        // connection runs its statements in order, so the next batch's reads still follow it.
        let writing: Promise<unknown> = Promise.resolve(null);
        const flush = async () => {
          const parsed = batch.map((raw) => ({ raw, ...parseRow(kind, headers, raw) }));
          // A failed write aborts the transaction, and the next batch's reads fail after it: tell the write's failure.
          const next = await (async () => {
            if (!firstPass) {
              // What this batch names that no batch before it named, asked on another connection.
              for (const p of parsed) if ('input' in p) kind.needs(p.input, lookups.needs);
              lookups.ask();
              await lookups.done();
            }
            return runBatch(ctx, kind, facts, scope, parsed, seen, refuse, record, () => dryRun || (mode === 'ALL' && result.refused > 0));
          })().catch((error: unknown) => ({ error }));
          const failed = await writing;
          if (failed) throw failed;
          if ('error' in next) throw next.error;
          const { write } = next;
          writing = write.then(
            () => null,
            (error: unknown) => error ?? new Error('the write failed'),
          );
          batch = [];
          opts.onProgress?.(done, total);
        };
        for await (const raw of readRows(source, format, encoding, firstPass ? () => {} : readHeader)) {
          read++;
          batch.push(raw);
          if (batch.length >= batchSize) await flush();
        }
        if (batch.length) await flush();
        const failed = await writing;
        if (failed) throw failed;
        if (read === 0) throw empty();
        result.rows = total = read;
        if (dryRun || (mode === 'ALL' && result.refused > 0)) throw new RolledBack();
      });
      result.committed = true;
    } catch (error) {
      if (!(error instanceof RolledBack)) throw error;
    }
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    result.fileError = { rule: error.rule, column: error.column, message: error.message };
    result.created = result.updated = result.unchanged = 0;
  }
  result.statuses = Array.from(statuses.subarray(0, result.created + result.updated + result.unchanged + result.refused), (s) => STATUS_OF[s]);
  result.rowNumbers = Array.from(numbers.subarray(0, result.statuses.length));
  // As the mutation does: a write refused for access leaves an audit entry, outside the transaction.
  if (!dryRun && forbiddenRows.length) {
    await ctx.db.insert(auditLog).values(
      forbiddenRows.map((r) => ({
        actor: ctx.identity.sub,
        role: ctx.identity.role,
        action: kind.action,
        entity: kind.entity,
        entityId: null,
        outcome: 'refused' as const,
        reason: `row ${r.row}: ${r.message}`,
      })),
    );
  }
  return result;
}

/** Rows of the first pass between two registry lookups. */
const LOOKUP_ROWS = 10_000;

/**
 * The registry lookups of an import, asked a part at a time while the file is read: each
 * organisation key and code once (`asked`), into the same `RegistryFacts`.
 */
class Lookups {
  needs: Needs = noNeeds();
  private readonly asked: Needs = noNeeds();
  private readonly pending: Promise<unknown>[] = [];
  constructor(
    private readonly facts: RegistryFacts,
    private readonly registry: RegistryApi,
    private readonly asker: ReferenceAsker,
  ) {}
  /** Wait for it with the others (a failure is told by `done`, not as an unhandled rejection). */
  add(p: Promise<unknown>) {
    p.catch(() => {});
    this.pending.push(p);
  }
  /** Ask for what the rows named since the last call and was not asked before. */
  ask() {
    const fresh: Needs = noNeeds();
    for (const [from, to, seen] of [
      [this.needs.orgs, fresh.orgs, this.asked.orgs],
      [this.needs.codes, fresh.codes, this.asked.codes],
      [this.needs.references, fresh.references, this.asked.references],
    ])
      for (const k of from)
        if (!seen.has(k)) {
          to.add(k);
          seen.add(k);
        }
    this.needs = noNeeds();
    if (fresh.orgs.size || fresh.codes.size || fresh.references.size) this.add(this.facts.load(this.registry, fresh, this.asker));
  }
  /** Until every lookup asked so far has answered. */
  async done() {
    const pending = this.pending.splice(0);
    await Promise.all(pending);
  }
}

/**
 * The keys of a file's rows so far, each with its row and a digest of its values, to find a key
 * given twice: 66-bit digests, not the keys (100,000 rows cost a few MB;
 * two different keys share a digest once in about 10^9 files of a million rows).
 */
class SeenKeys {
  private readonly rows = new Map<string, number>();
  private readonly values = new Map<string, string>();
  /** Record a row's key; when the key was given before: that row, and whether it gave the same values. */
  add(key: string, values: string, row: number): { row: number; same: boolean } | null {
    const k = digest(key);
    const first = this.rows.get(k);
    if (first !== undefined) return { row: first, same: this.values.get(k) === digest(values) };
    this.rows.set(k, row);
    this.values.set(k, digest(values));
    return null;
  }
}

/**
 * 66 bits of the text's SHA-1, as 11 base64 digits: a one-shot `hash` (several times faster than
 * a `createHash` object per text), and a string short enough to be copied, not a slice that
 * would keep the whole digest alive.
 */
const digest = (text: string) => hash('sha1', text, 'base64').slice(0, 11);

/** The column each header text names, decided once per header text (not per cell). */
class Headers {
  private readonly known = new Map<string, Column | null>();
  constructor(readonly columns: readonly Column[]) {}
  column(header: string): Column | null {
    let c = this.known.get(header);
    if (c === undefined) this.known.set(header, (c = headerColumn(this.columns, header)));
    return c;
  }
}

/** A row's cells as its input, or the refusal of a formula or a cell of the wrong type. */
function parseRow(kind: ImportKind, headers: Headers, raw: RawRow): { input: unknown } | { error: unknown } {
  try {
    if (raw.formulas.length) {
      const column = headers.column(raw.formulas[0]);
      throw badInput(column?.fields[0] ?? 'input', 'formula', `the cell of column "${raw.formulas[0]}" holds a formula: import values, not formulas`);
    }
    const texts = new Map<string, string>();
    for (const [h, v] of raw.cells) {
      const c = headers.column(h);
      if (c) texts.set(c.key, v);
    }
    const cells: Record<string, CellValue> = {};
    for (const c of kind.columns) cells[c.key] = readCell(c, texts.get(c.key));
    return { input: kind.input(cells) };
  } catch (error) {
    return { error };
  }
}

async function runBatch(
  ctx: ImportContext,
  kind: ImportKind,
  registry: RegistryFacts,
  scope: WriteScope,
  parsed: ({ raw: RawRow } & ({ input: unknown } | { error: unknown }))[],
  seen: SeenKeys,
  refuse: (row: number, error: unknown) => void,
  record: (row: number, status: RowStatus) => void,
  holdWrites: () => boolean,
): Promise<{ write: Promise<unknown> }> {
  const inputs = parsed.filter((p): p is typeof p & { input: unknown } => 'input' in p).map((p) => p.input);
  const batchFacts = await kind.batchFacts(scope.tx, inputs, registry);
  const checked: ({ row: number; value: unknown; key: string } | { row: number; error: unknown })[] = [];
  for (const p of parsed) {
    if ('error' in p) {
      checked.push({ row: p.raw.row, error: p.error });
      continue;
    }
    try {
      const value = kind.check(p.input, registry, batchFacts, ctx.identity);
      const key = kind.keyOf(value);
      const first = seen.add(key, JSON.stringify(p.input), p.raw.row);
      if (first) {
        if (first.same) throw badInput('input', 'duplicate-row', `the same record as row ${first.row} (${kind.key})`);
        throw badInput('input', 'contradicts-row', `row ${first.row} gives the same record (${kind.key}) other values`);
      }
      checked.push({ row: p.raw.row, value, key });
    } catch (error) {
      checked.push({ row: p.raw.row, error });
    }
  }
  const valid = checked.filter((c): c is { row: number; value: unknown; key: string } => 'value' in c);
  const existing = valid.length
    ? await kind.existing(
        scope.tx,
        valid.map((c) => c.value),
      )
    : new Map<string, unknown[]>();
  const creates: unknown[] = [];
  const updates: { row: unknown; before: unknown }[] = [];
  for (const c of checked) {
    if ('error' in c) {
      refuse(c.row, c.error);
      continue;
    }
    const matches = countingOnly(existing.get(c.key));
    if (matches.length > 1) {
      refuse(c.row, badInput('input', 'ambiguous-key', `${matches.length} records already have this key (${kind.key}): correct them one by one`));
    } else if (matches.length === 1) {
      if (kind.differs(c.value, matches[0])) {
        updates.push({ row: c.value, before: matches[0] });
        record(c.row, 'updated');
      } else record(c.row, 'unchanged');
    } else {
      creates.push(c.value);
      record(c.row, 'created');
    }
  }
  // Not awaited here (a promise in an object, not returned as one: awaiting it would wait for the write).
  return { write: !holdWrites() && (creates.length || updates.length) ? kind.write(scope, creates, updates, false) : Promise.resolve([]) };
}

/**
 * The records a key matches that count: a voided record (lib/corrections.ts) is out of the
 * figures and never changed again, so a row with its key creates a new record, as the create
 * mutation does (docs/import.md).
 */
function countingOnly<E>(matches: readonly E[] | undefined): E[] {
  return (matches ?? []).filter((m) => (m as { voidedAt?: unknown }).voidedAt == null);
}

/** A row's refusal from what its check threw: the column its field names, the rule, the message. */
function refusalOf(columns: readonly Column[], row: number, error: unknown): RowRefusal {
  if (!isDomainError(error)) throw error;
  const e = error as DomainError;
  const field = typeof e.extensions.field === 'string' ? e.extensions.field : undefined;
  const column = columnOf(columns, field);
  return {
    row,
    column: column?.en ?? null,
    rule: String(e.extensions.rule ?? e.extensions.code),
    code: String(e.extensions.code),
    message: e.message,
  };
}

/**
 * The mutation of one record of an importable kind: the same lookups, check and write as a row
 * of a file. A record whose key exists already is refused by `onExisting` (a create mutation's
 * duplicate rule), or, given `'update'`, changed as a file's row changes it (a mutation that
 * files or revises, as `fileDesignatedPlan`: written even when the values are the same). Returns
 * the new (or changed) record.
 */
export async function recordOne<I, F, C, E>(
  ctx: ImportContext,
  kind: ImportKind<I, F, C, E>,
  auditLog: AuditLogTable,
  input: I,
  onExisting: ((existing: unknown) => DomainError) | 'update',
  opts: { lookups?: boolean } = {},
): Promise<E> {
  const facts = new RegistryFacts({ idsOnly: true });
  if (opts.lookups ?? true) {
    const needs = noNeeds();
    kind.needs(input, needs);
    kind.callerNeeds?.(ctx.identity, needs);
    await Promise.all([facts.load(ctx.registry, needs, ctx), facts.loadLocks(ctx.registry, ctx.identity, kind.channel)]);
  }
  return audited(ctx.db, auditLog, ctx.identity, kind.action, kind.entity, async (scope) => {
    const batchFacts = await kind.batchFacts(scope.tx, [input], facts);
    const row = kind.check(input, facts, batchFacts, ctx.identity);
    const [existing] = countingOnly((await kind.existing(scope.tx, [row])).get(kind.keyOf(row)));
    if (existing && onExisting !== 'update') throw onExisting(existing);
    const [written] = await kind.write(scope, existing ? [] : [row], existing ? [{ row, before: existing }] : [], true);
    return written;
  });
}
