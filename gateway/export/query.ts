import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { badInput } from '../../lib/errors.js';
import type { Answer } from './catalogue.js';
import type { Cell } from './formats.js';

/**
 * The `query` export (docs/export.md): any read of the graph as a file. The caller gives a GraphQL
 * query, its variables and the path of the rows in the answer; the gateway runs it as the caller
 * (as `/graphql` would, with the same limits and masking) and writes one row per object at the
 * path, its fields flattened into columns. So every channel list, summary, ranking or coverage
 * list the graph answers can be taken away as CSV, XLSX or JSON Lines without an export of its own.
 */
export interface QueryAsked {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
  /** Field names from the answer's root to the rows, dot-separated; lists on the way are walked. */
  rows: string | null;
}

/** The longest query text accepted (a query export is a read, not a program). */
export const MAX_QUERY_LENGTH = 20_000;

const ASKED = ['query', 'variables', 'operationName', 'rows'];

/**
 * The request's query, variables, operation and rows path, each checked: only a query operation
 * (never a mutation), variables an object. From the query string (GET; `variables` as JSON) or
 * a JSON body (POST).
 */
export function queryAsked(source: Record<string, unknown>, fromUrl: boolean): QueryAsked {
  for (const name of Object.keys(source))
    if (!ASKED.includes(name)) throw badInput(name, 'export-parameter', `the query export takes no parameter ${name}; it takes ${ASKED.join(', ')}`);
  const { query, operationName, rows } = source;
  if (typeof query !== 'string' || !query.trim()) throw badInput('query', 'required', 'give the GraphQL query whose answer the file holds');
  if (query.length > MAX_QUERY_LENGTH) throw badInput('query', 'too-long', `at most ${MAX_QUERY_LENGTH} characters`);
  let variables: unknown = source.variables ?? {};
  if (fromUrl && typeof variables === 'string') {
    try {
      variables = JSON.parse(variables);
    } catch {
      throw badInput('variables', 'export-query', 'must be a JSON object');
    }
  }
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) throw badInput('variables', 'export-query', 'must be a JSON object');
  if (operationName != null && typeof operationName !== 'string') throw badInput('operationName', 'export-query', 'must be a string');
  if (rows != null && (typeof rows !== 'string' || !/^[_A-Za-z][_0-9A-Za-z]*(\.[_A-Za-z][_0-9A-Za-z]*)*$/.test(rows)))
    throw badInput('rows', 'export-rows', 'must be field names joined by dots, e.g. regions.edges.node');
  checkReadOnly(query, operationName ?? null);
  return { query, variables: variables as Record<string, unknown>, operationName: operationName ?? null, rows: rows ?? null };
}

/** Refuse anything but a query operation: an export reads, it never writes. */
function checkReadOnly(query: string, operationName: string | null) {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (e) {
    throw badInput('query', 'export-query', e instanceof Error ? e.message : 'the query does not parse');
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName === null ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === operationName);
  if (!operation)
    throw badInput(
      'operationName',
      'export-query',
      operationName === null ? 'the query holds several operations: name the one to run' : `no operation ${operationName}`,
    );
  if (operation.operation !== 'query') throw badInput('query', 'export-query', `an export reads: a ${operation.operation} is not exported`);
}

/**
 * The objects at `path` in `data`: each list met on the way is walked (`regions.edges.node` gives
 * every node); without a path, the first list found depth-first, or the answer's one root
 * object. A summary (an object) is one row.
 */
export function rowsAt(data: Answer, path: string | null): { path: string; rows: Record<string, unknown>[] } {
  if (path === null) {
    const found = firstList(data, []);
    if (found) return found;
    const roots = Object.keys(data);
    if (roots.length !== 1) throw badInput('rows', 'required', `the answer has no list: name the rows (one of ${roots.join(', ')})`);
    return rowsAt(data, roots[0]);
  }
  let at: unknown[] = [data];
  for (const name of path.split('.')) {
    const next: unknown[] = [];
    for (const value of at) {
      if (value === null || typeof value !== 'object') continue;
      if (!(name in value)) throw badInput('rows', 'export-rows', `the answer has no field ${name} on the way to ${path}`);
      const v = (value as Record<string, unknown>)[name];
      if (Array.isArray(v)) next.push(...v);
      else next.push(v);
    }
    at = next;
  }
  const rows = at.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object' && !Array.isArray(r));
  if (rows.length !== at.filter((r) => r !== null).length)
    throw badInput('rows', 'export-rows', `${path} holds values, not objects: name the objects whose fields are the columns`);
  return { path, rows };
}

function firstList(value: unknown, path: string[]): { path: string; rows: Record<string, unknown>[] } | null {
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    if (!value.length || value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
      // A connection's edges are rows of their node.
      const rows = value as Record<string, unknown>[];
      const nodes = rows.length && rows.every((r) => Object.keys(r).length === 1 && 'node' in r && r.node && typeof r.node === 'object');
      return nodes ? { path: [...path, 'node'].join('.'), rows: rows.map((r) => r.node as Record<string, unknown>) } : { path: path.join('.'), rows };
    }
    return null;
  }
  for (const [name, v] of Object.entries(value)) {
    const found = firstList(v, [...path, name]);
    if (found) return found;
  }
  return null;
}

/**
 * A row's cells by column: nested objects' fields as `a.b`, lists of values joined by `、`,
 * lists of objects as JSON (a list inside a row is not a column of its own).
 */
export function flatten(row: Record<string, unknown>, into: Map<string, Cell> = new Map(), prefix = ''): Map<string, Cell> {
  for (const [name, v] of Object.entries(row)) {
    const key = prefix + name;
    if (v === null || v === undefined) into.set(key, null);
    else if (Array.isArray(v))
      into.set(key, v.every((x) => x === null || typeof x !== 'object') ? v.map((x) => (x === null ? '' : String(x))).join('、') : JSON.stringify(v));
    else if (typeof v === 'object') flatten(v as Record<string, unknown>, into, `${key}.`);
    else into.set(key, v as Cell);
  }
  return into;
}

/**
 * The sheet of a query export: its columns (every row's, in the order first met) and rows. Each
 * row must carry `demo` (a record's flag, or a figure's demo part): a file tells real from demo.
 */
export function querySheet(rows: Record<string, unknown>[], path: string): { columns: string[]; rows: Cell[][] } {
  if (rows.length && !rows.every((r) => 'demo' in r))
    throw badInput('query', 'demo-column', `select demo on the rows (${path}): every file tells real records from generated demo ones`);
  const flat = rows.map((r) => flatten(r));
  const columns = [...new Set(flat.flatMap((f) => [...f.keys()]))];
  return { columns, rows: flat.map((f) => columns.map((c) => f.get(c) ?? null)) };
}
