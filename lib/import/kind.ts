import type { WriteScope } from '../audit.js';
import { normalizeCode } from '../codes.js';
import type { Db } from '../db.js';
import { badInput, notFound, type DomainError } from '../errors.js';
import type { Identity } from '../identity.js';
import { checkUnlocked, type LockChannel, type LockQuestion, lockOver, type PeriodLockFacts } from '../locks.js';
import { type OrganizationFacts, type RegionFacts, type RegistryApi, type SplitCode, splitCodeInput } from '../registry-api.js';
import { checkReferenceExists, existingReferences, parseReferenceKey, type Reference, type ReferenceAsker } from '../references.js';
import { checkCode } from '../rules.js';
import { parseDate, parseMoney } from '../scalars.js';

/**
 * What makes a kind of record importable: its columns, and the pieces its mutation is made of,
 * so that a file's rows and a GraphQL input go through the same checks:
 *
 * 1. `needs` + `RegistryFacts`: the registry lookups of a batch of inputs, before any transaction;
 * 2. `batchFacts`: the channel's own rows the checks need (a pairing, a compact), one statement
 *    per batch, inside the write's transaction (locked for update);
 * 3. `check`: pure, per row (input, facts, identity) → the values to store, or a DomainError
 *    naming the input field (`input.helperId`) and the rule; a row into a locked period is
 *    refused here (`RegistryFacts.checkUnlocked`, on the channel's locks read with the other
 *    registry facts: one call per import or mutation, not per row);
 * 4. `existing` (one statement per batch) and `write` (one insert, one update and one audit
 *    insert per batch), inside `audited(...)`.
 *
 * The mutation runs the same with one row; an import runs it a batch at a time.
 */

export type ColumnType = 'text' | 'integer' | 'money' | 'date' | 'year' | 'enum' | 'boolean' | 'code' | 'organization' | 'id';

export interface Column {
  /** The input property it fills. */
  key: string;
  /** The header in English (also accepted: `key`) and in Chinese. */
  en: string;
  zh: string;
  type: ColumnType;
  required: boolean;
  /** For `enum`: the accepted values. */
  allowed?: readonly string[];
  example: string;
  /** What the column holds, for the template. */
  note: string;
  /** The mutation's input field(s) a refusal names (`input.helperId`): shown on this column. */
  fields: readonly string[];
}

/** A template's column: required unless said, a refusal naming `input.<key>` unless other fields are given. */
export const col = (c: Omit<Column, 'required' | 'fields'> & { required?: boolean; fields?: readonly string[] }): Column => ({
  required: true,
  fields: [`input.${c.key}`],
  ...c,
});

/**
 * A kind's period as two columns: `since` (its first day, required) and `until` (blank: ongoing,
 * unless the kind says otherwise), with the examples and notes of the kind.
 */
export const periodColumns = (since: { example: string; note?: string }, until: { example?: string; note?: string; required?: boolean } = {}): Column[] => [
  col({ key: 'since', en: 'since', zh: '起始日期', type: 'date', example: since.example, note: since.note ?? 'the first day' }),
  col({
    key: 'until',
    en: 'until',
    zh: '结束日期',
    type: 'date',
    required: until.required ?? false,
    example: until.example ?? '',
    note: until.note ?? 'blank: ongoing',
  }),
];

/** A cell's value as its column's type reads it. */
export type CellValue = string | number | boolean | null;

/**
 * A row's input as its cells are (`ImportKind.input`) where each column's key is the input's
 * property and its type reads the value the input takes (a blank cell: null).
 */
export const cellsAsInput = <I>(cells: Record<string, CellValue>): I => cells as I;

/** A cell listing several values, separated by `;`, `；` or a line break (blank: null): a meeting's agreements, a trip's places. */
export function listCell(cell: CellValue): string[] | null {
  if (cell == null) return null;
  return String(cell)
    .split(/[;；\n]/)
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

/** What a row becomes. */
export type RowStatus = 'created' | 'updated' | 'unchanged' | 'refused';

/**
 * The lookups a batch needs: in the registry, organisations by key (id, USCC, name or alias) and
 * places by code; in other channels, the records its references name (`referenceKey`s,
 * lib/references.ts).
 */
export interface Needs {
  orgs: Set<string>;
  codes: Set<string>;
  references: Set<string>;
}

const noAsker = (): never => {
  throw new Error('references to other channels are looked up through the peers: none given');
};

/** Nothing to look up yet. */
export const noNeeds = (): Needs => ({ orgs: new Set(), codes: new Set(), references: new Set() });

/**
 * The registry's facts for an import or a mutation, read before the transaction: each
 * organisation key's matches (with their groups, the top of their parent chain), each code's
 * place (a former code's successor) or split.
 */
export class RegistryFacts {
  readonly orgByKey = new Map<string, OrganizationFacts[]>();
  readonly orgById = new Map<string, OrganizationFacts | null>();
  readonly regions = new Map<string, RegionFacts | null>();
  readonly splits = new Map<string, SplitCode>();
  /** The channel's locks in force (lib/locks.ts), read by `loadLocks`. */
  locks: PeriodLockFacts[] = [];
  /** Of the references looked up (`referenceKey`s), those naming a record that exists and counts in its channel. */
  readonly references = new Set<string>();
  /** `idsOnly`: organisations are named by id alone (a mutation's input), not by credit code, name or alias (a file's). */
  constructor(private readonly opts: { idsOnly?: boolean } = {}) {}

  /**
   * Look up what `needs` names that is not known yet: one registry call per kind of lookup (per
   * 10,000 keys), and one call per channel its references name, asked as `asker` (lib/references.ts).
   */
  async load(registry: RegistryApi, needs: Needs, asker?: ReferenceAsker): Promise<void> {
    const keys = [...needs.orgs].filter((k) => !this.orgByKey.has(k));
    const codes = [...needs.codes].map((c) => normalizeCode(c)).filter((c): c is string => c !== null && !this.regions.has(c));
    const refs = [...needs.references].map(parseReferenceKey);
    const [ids, places, existing] = await Promise.all([
      this.opts.idsOnly ? keys.map((k) => [k]) : Promise.all(keys.map((k) => registry.organizationIds(k))),
      Promise.all([...new Set(codes)].map(async (c) => [c, await registry.region(c)] as const)),
      refs.length ? existingReferences(asker ?? noAsker(), refs) : new Set<string>(),
    ]);
    for (const key of existing) this.references.add(key);
    for (const [code, place] of places) {
      this.regions.set(code, place);
      const split = place ? null : registry.splitOf(code);
      if (split) this.splits.set(code, split);
    }
    await this.loadOrgs(registry, [...new Set(ids.flat())]);
    keys.forEach((k, i) =>
      this.orgByKey.set(
        k,
        ids[i].map((id) => this.orgById.get(id)).filter((o): o is OrganizationFacts => !!o),
      ),
    );
    // Groups: the parents, level by level, one call per level.
    for (let pending = this.missingParents(); pending.length; pending = this.missingParents()) await this.loadOrgs(registry, pending);
  }

  /**
   * The locks in force of `channel`: one registry call. None asked for an anonymous caller (every
   * write refuses them before a lock would matter).
   */
  async loadLocks(registry: RegistryApi, who: Identity, channel: LockChannel | null): Promise<void> {
    this.locks = who.role === 'PUBLIC' || channel === null ? [] : await registry.periodLocksOf(channel);
  }

  /** Refuse a record in a locked period: CONFLICT naming `field`, rule `locked`, the lock in the extensions (lib/locks.ts). */
  checkUnlocked(question: LockQuestion, field: string): void {
    if (this.locks.length) checkUnlocked(lockOver(this.locks, question), field);
  }

  private async loadOrgs(registry: RegistryApi, ids: string[]) {
    const todo = ids.filter((id) => !this.orgById.has(id));
    const found = await Promise.all(todo.map((id) => registry.organization(id)));
    todo.forEach((id, i) => this.orgById.set(id, found[i]));
  }

  private missingParents(): string[] {
    const out = new Set<string>();
    for (const o of this.orgById.values()) if (o?.parentId && !this.orgById.has(o.parentId)) out.add(o.parentId);
    return [...out];
  }

  /** The one organisation a key names: NOT_FOUND-like `exists` when none, `ambiguous-key` when several. */
  organization(field: string, key: string): OrganizationFacts {
    const found = this.orgByKey.get(key) ?? [];
    if (!found.length) throw notFound(field, this.opts.idsOnly ? 'organisation' : 'organisation (id, credit code, name or alias)', key);
    if (found.length > 1)
      throw badInput(field, 'ambiguous-key', `"${key}" names ${found.length} organisations (${found.map((o) => o.id).join(', ')}): give the id`);
    return found[0];
  }

  /** The id of the one organisation a key names, or null (none, several): what a batch's lookup of the records goes by. */
  orgIdOf(key: string): string | null {
    const found = this.orgByKey.get(key) ?? [];
    return found.length === 1 ? found[0].id : null;
  }

  /**
   * The place a code names now (a former code: its successor), or BAD_USER_INPUT naming `field`:
   * rule `division-code` for what is no code, `split-code` for a code split among several
   * places, `exists` for a code no place has. A row's refusal, as the mutation's.
   */
  place(field: string, input: string): RegionFacts {
    const asked = checkCode(field, input);
    const region = this.region(asked);
    if (!region) throw this.unknownPlace(field, asked, input);
    return region;
  }

  /** `place`, at one of `levels` (else rule `level`, the message ending with `why`). */
  placeAt(field: string, input: string, levels: readonly string[], why: string): RegionFacts {
    const region = this.place(field, input);
    if (!levels.includes(region.level)) throw badInput(field, 'level', `${region.name} is a ${region.level}: ${why}`);
    return region;
  }

  /** The code a row's place is asked about before its checks (access, the lock, a batch's records): the place it names now, else the code as written (null: no code). */
  codeOf(input: string): string | null {
    const code = normalizeCode(input);
    return (code && this.regions.get(code)?.code) ?? code;
  }

  /** The refusal of a code no place has now (`asked`, normalized): a split code's own (`split-code`), else `exists`. */
  unknownPlace(field: string, asked: string, input: string = asked): DomainError {
    const split = this.split(asked);
    return split ? splitCodeInput(field, split) : badInput(field, 'exists', `no place has the code ${input}`);
  }

  /** The top of an organisation's parent chain (itself when it has no parent). */
  groupOf(org: OrganizationFacts): OrganizationFacts {
    let top = org;
    const seen = new Set([org.id]);
    while (top.parentId && !seen.has(top.parentId)) {
      const parent = this.orgById.get(top.parentId);
      if (!parent) break;
      seen.add(parent.id);
      top = parent;
    }
    return top;
  }

  /** Refuse a reference to no record that counts in its channel (rule `reference-exists`), as looked up by `load`. */
  checkReference(field: string, ref: Reference): void {
    checkReferenceExists(field, ref, this.references);
  }

  region(code: string): RegionFacts | null {
    return this.regions.get(normalizeCode(code) ?? code) ?? null;
  }

  split(code: string): SplitCode | null {
    return this.splits.get(normalizeCode(code) ?? code) ?? null;
  }
}

/** An importable kind: `I` the input (as the mutation takes it), `F` its batch facts, `C` a checked row, `E` an existing row. */
export interface ImportKind<I = unknown, F = unknown, C = unknown, E = unknown> {
  /** As the command, the endpoint and the docs name it (`enterprise-contributions`). */
  name: string;
  /** The subgraph that owns the records, and runs their import. */
  subgraph: string;
  /** The channel its records belong to, as a locked period names it (lib/locks.ts); null: no period locks it (the registry's organisations). */
  channel: LockChannel | null;
  /** The audit's action and entity. */
  action: string;
  entity: string;
  /** The natural key, in words (docs and templates). */
  key: string;
  columns: readonly Column[];
  /** The input of one row, from its cells read by column type. */
  input(cells: Record<string, CellValue>): I;
  needs(input: I, into: Needs): void;
  /** The registry lookups the caller's own organisations need, once per import or mutation (a party editor's party). */
  callerNeeds?(who: Identity, into: Needs): void;
  /** `registry`: the facts read before the transaction, for a kind whose own rows are found by what the registry resolves (a pairing by its helper's id). */
  batchFacts(tx: Db, inputs: readonly I[], registry: RegistryFacts): Promise<F>;
  check(input: I, registry: RegistryFacts, facts: F, who: Identity): C;
  keyOf(row: C): string;
  /**
   * The existing records of these keys (several for a key recorded twice), voided ones included:
   * the run leaves those out (`countingOnly`), a row matching only voided records creates a new one.
   */
  existing(tx: Db, rows: readonly C[]): Promise<Map<string, E[]>>;
  /** Whether a row would change the record it matches. */
  differs(row: C, existing: E): boolean;
  /**
   * Insert `creates`, update `updates`, and log each, in a few statements. Returns the created
   * records, then the updated ones, when `returning` (a mutation answers its record; an import
   * needs none; a kind whose mutation only creates may return the created alone).
   */
  write(scope: WriteScope, creates: readonly C[], updates: readonly { row: C; before: E }[], returning: boolean): Promise<E[]>;
}

// ---- cells ----------------------------------------------------------------------------------

const TRUE = new Set(['true', 'yes', 'y', '1', '是', '真']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '假']);

/**
 * A cell as its column's type reads it (blank: null), or a DomainError naming the column's
 * first field and rule `cell-type` (or the scalar's own rule: `money`, `date`, `range`).
 */
export function readCell(column: Column, text: string | undefined): CellValue {
  const field = column.fields[0];
  if (text === undefined || text === '') {
    if (column.required) throw badInput(field, 'required', `column "${column.en}" must not be blank`);
    return null;
  }
  switch (column.type) {
    case 'integer':
    case 'year': {
      if (!/^-?\d+(\.0+)?$/.test(text)) throw badInput(field, 'cell-type', `"${text}" is not a whole number`);
      return Number.parseInt(text, 10);
    }
    case 'money':
      return parseMoney(text, field);
    case 'date':
      return parseDate(excelSerialDate(text) ?? text, field);
    case 'boolean':
      if (TRUE.has(text.toLowerCase())) return true;
      if (FALSE.has(text.toLowerCase())) return false;
      throw badInput(field, 'cell-type', `"${text}" is not true or false (是/否)`);
    case 'enum': {
      const value = column.allowed?.find((a) => a.toLowerCase() === text.toLowerCase());
      if (!value) throw badInput(field, 'cell-type', `"${text}" is not one of ${column.allowed?.join(', ')}`);
      return value;
    }
    default:
      return text;
  }
}

/** A date cell Excel kept as its day number (a plain number where a date was typed): as YYYY-MM-DD. */
function excelSerialDate(text: string): string | null {
  if (!/^\d{5}$/.test(text)) return null;
  return new Date(Date.UTC(1899, 11, 30) + Number(text) * 86_400_000).toISOString().slice(0, 10);
}

/** The column a refusal is shown on: the one whose field is the refusal's, or its closest parent (`input.places[2]`: `input.places`). */
export function columnOf(columns: readonly Column[], field: string | undefined): Column | null {
  if (!field) return null;
  let best: Column | null = null;
  let length = -1;
  for (const c of columns)
    for (const f of c.fields)
      if ((field === f || field.startsWith(`${f}.`) || field.startsWith(`${f}[`)) && f.length > length) {
        best = c;
        length = f.length;
      }
  return best;
}

/** The column a header cell names: its key, English or Chinese header (case and spaces ignored). */
export function headerColumn(columns: readonly Column[], header: string): Column | null {
  const h = header.replace(/\s+/g, '').toLowerCase();
  return columns.find((c) => [c.key, c.en, c.zh].some((n) => n.replace(/\s+/g, '').toLowerCase() === h)) ?? null;
}

export type { DomainError };
