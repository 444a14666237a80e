import express, { type Request, type Response, type Router } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { createInterface } from 'node:readline';
import { normalizeCode } from '../../lib/codes.js';
import { badInput, DomainError, isDomainError, notFound } from '../../lib/errors.js';
import { STREAM_BATCH, type StreamCell, type StreamParams } from '../../lib/export.js';
import { postForStream } from '../../lib/http.js';
import { encodeIdentity, IDENTITY_HEADER, type Identity } from '../../lib/identity.js';
import type { Logger } from '../../lib/log.js';
import { checkYear } from '../../lib/rules.js';
import type { SubgraphLocation } from '../gateway.js';
import { signSubgraphCall } from '../datasources.js';
import { EXPORTS, type Answer, type Export, type GraphExport, type StreamExport } from './catalogue.js';
import { CONTENT_TYPES, csvLead, FORMATS, sheetWriter, type Cell, type ExportMeta, type Format } from './formats.js';
import { queryAsked, querySheet, rowsAt, type QueryAsked } from './query.js';

/** Runs a GraphQL operation through the gateway as `identity`: the answer as a client gets it. */
export type Execute = (
  identity: Identity,
  query: string,
  variables: Record<string, unknown>,
  operationName?: string,
) => Promise<{ data?: Answer | null; errors?: readonly GraphQLFormattedError[] }>;

export interface ExportOptions {
  execute: Execute;
  /** The verified caller of a request, or a thrown refusal (a token that does not verify). */
  authenticate: (authorization: string | undefined) => Promise<Identity>;
  subgraphs: Record<string, SubgraphLocation>;
  gatewaySecret?: string;
  logger: Logger;
}

/** What a request asked, checked. */
interface Asked {
  place: string | null;
  descendants: boolean;
  ancestors: boolean;
  from: number | null;
  to: number | null;
  includeDemo: boolean;
}

const FLAGS: Record<string, boolean> = { '1': true, true: true, '0': false, false: false };

function flag(query: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const v = query[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(v in FLAGS)) throw badInput(name, 'flag', `must be 1, 0, true or false, not ${JSON.stringify(v)}`);
  return FLAGS[v];
}

function year(query: Record<string, unknown>, name: string): number | null {
  const v = query[name];
  if (v === undefined) return null;
  if (typeof v !== 'string' || !/^\d{4}$/.test(v)) throw badInput(name, 'year', `must be a four-digit year, not ${JSON.stringify(v)}`);
  return checkYear(name, Number(v));
}

/** The parameters of a request to `e`, each checked; the first that breaks a rule is refused. */
function parameters(e: Export, query: Record<string, unknown>): Asked {
  const known = ['place', 'descendants', 'from', 'to', 'includeDemo', ...(e.kind === 'graph' && e.ancestors ? ['ancestors'] : [])].filter(
    (p) => e.place !== 'none' || !['place', 'descendants'].includes(p),
  );
  for (const name of Object.keys(query))
    if (!known.includes(name)) throw badInput(name, 'export-parameter', `the ${e.name} export takes no parameter ${name}; it takes ${known.join(', ')}`);
  const raw = query.place;
  let place: string | null = null;
  if (raw !== undefined) {
    place = typeof raw === 'string' ? normalizeCode(raw) : null;
    if (!place) throw badInput('place', 'division-code', `${JSON.stringify(raw)} is not a division code (2, 4, 6, 9 or 12 digits)`);
  } else if (e.place === 'required') throw badInput('place', 'required', `the ${e.name} export needs a place (place=<division code>)`);
  let from = year(query, 'from');
  let to = year(query, 'to');
  from ??= to;
  to ??= from;
  if (from !== null && to !== null && to < from) throw badInput('to', 'period', `${to} is before from (${from})`);
  if (from === null && e.kind === 'graph' && e.yearRequired) throw badInput('from', 'required', `the ${e.name} export is by year: give from (and to)`);
  return {
    place,
    descendants: flag(query, 'descendants', false),
    ancestors: flag(query, 'ancestors', false),
    from,
    to,
    includeDemo: flag(query, 'includeDemo', true),
  };
}

/**
 * Exports written at once by one gateway; another is answered 503 with Retry-After. Exports do
 * not queue for the GraphQL slots (a million rows would hold one for seconds); this bounds the
 * cursors and buffers they hold instead.
 */
export const EXPORTS_AT_ONCE = 4;

const STATUS: Record<string, number> = {
  SERVICE_UNAVAILABLE: 503,
  BAD_USER_INPUT: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  SUBGRAPH_UNAVAILABLE: 503,
  TIMEOUT: 504,
};

/** An answer before any byte of the file: the GraphQL error shape, with its HTTP status; never a stack trace. */
function refuse(res: Response, errors: readonly GraphQLFormattedError[]) {
  const code = String(errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  res.status(STATUS[code] ?? 500).json({ errors: errors.map(({ message, path, extensions }) => ({ message, ...(path ? { path } : {}), extensions })) });
}

/**
 * `GET /export/<name>.<csv|xlsx|jsonl>` with the caller's bearer token (docs/export.md), served by
 * the embedded hub and the gateway process alike. Everything is checked before the first byte:
 * the export and format, each parameter, the place (it must exist), and for a graph export every
 * year's answer (an error there refuses the file). A streamed export's failure after its first
 * row ends the response abruptly, so a cut file is never taken for a whole one.
 */
export function exportRouter(opts: ExportOptions): Router {
  const router = express.Router();
  let running = 0;
  /** One export's request: admitted, its caller verified, any refusal answered before the first byte. */
  const serve = async (req: Request, res: Response, write: (identity: Identity) => Promise<void>) => {
    if (running >= EXPORTS_AT_ONCE) {
      res.set('retry-after', '10');
      return refuse(res, [
        { message: `${EXPORTS_AT_ONCE} exports are being written: try again shortly`, extensions: { code: 'SERVICE_UNAVAILABLE', limit: 'exports' } },
      ]);
    }
    running++;
    res.once('close', () => running--);
    let identity: Identity;
    try {
      identity = await opts.authenticate(req.get('authorization'));
    } catch (e) {
      return refuse(res, [{ message: e instanceof Error ? e.message : 'the token does not verify', extensions: { code: 'UNAUTHENTICATED' } }]);
    }
    try {
      await write(identity);
    } catch (error) {
      if (res.headersSent) {
        opts.logger.error({ err: error }, 'export: failed while writing');
        res.destroy();
        return;
      }
      if (isDomainError(error)) return refuse(res, [{ message: error.message, extensions: error.extensions }]);
      if (error instanceof GraphErrors) return refuse(res, error.errors);
      opts.logger.error({ err: error }, 'export: failed');
      refuse(res, [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    }
  };
  /** `query.<format>`: the caller's own query (gateway/export/query.ts), from the URL (GET) or a JSON body (POST). */
  const asQuery = (req: Request, res: Response, source: Record<string, unknown>, fromUrl: boolean) =>
    serve(req, res, async (identity) => queryExport(formatOf(String(req.params.format)), queryAsked(source, fromUrl), identity, opts, res));
  router.get('/export/query.:format', (req, res) => asQuery(req, res, req.query as Record<string, unknown>, true));
  router.post('/export/query.:format', express.json({ limit: '100kb' }), (req, res) =>
    asQuery(req, res, req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {}, false),
  );
  router.get('/export/:file', (req: Request, res: Response) =>
    serve(req, res, async (identity) => {
      const file = String(req.params.file);
      const dot = file.lastIndexOf('.');
      const name = dot < 0 ? file : file.slice(0, dot);
      const e = EXPORTS.get(name);
      if (!e)
        throw new DomainError('NOT_FOUND', `export: no export ${name}; the exports are ${[...EXPORTS.keys(), 'query'].join(', ')}`, {
          field: 'export',
          rule: 'exists',
        });
      const format = formatOf(dot < 0 ? '' : file.slice(dot + 1));
      const asked = parameters(e, req.query as Record<string, unknown>);
      if (asked.place !== null) asked.place = await placeOf(opts.execute, identity, asked.place);
      const params: ExportMeta['params'] = {
        place: asked.place,
        descendants: asked.descendants,
        from: asked.from,
        to: asked.to,
        includeDemo: asked.includeDemo,
      };
      if (e.kind === 'graph' && e.ancestors) params.ancestors = asked.ancestors;
      const filename = `${[name, asked.place, asked.from === null ? null : asked.from === asked.to ? asked.from : `${asked.from}-${asked.to}`].filter((p) => p !== null).join('-')}.${format}`;
      const head = () =>
        res
          .status(200)
          .set({ 'content-type': CONTENT_TYPES[format], 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' });
      if (e.kind === 'graph') await graphExport(e, format, asked, params, identity, opts, res, head);
      else await streamExport(e, format, asked, params, identity, opts, res, head);
    }),
  );
  return router;
}

/** A file extension as a format; NOT_FOUND naming `format` otherwise. */
function formatOf(extension: string): Format {
  if (!FORMATS.includes(extension as Format))
    throw new DomainError('NOT_FOUND', `format: no format ${JSON.stringify(extension)}; the formats are ${FORMATS.join(', ')}`, {
      field: 'format',
      rule: 'exists',
    });
  return extension as Format;
}

/**
 * The caller's query run once as the caller (the graph's limits, deadline and masking), its rows
 * at the asked path written as one sheet; the query, its variables and the rows' path in the file.
 */
async function queryExport(format: Format, asked: QueryAsked, identity: Identity, opts: ExportOptions, res: Response) {
  const answer = await opts.execute(identity, asked.query, asked.variables, asked.operationName ?? undefined);
  if (answer.errors?.length || !answer.data) throw new GraphErrors(answer.errors ?? [{ message: 'no answer', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
  const { path, rows } = rowsAt(answer.data, asked.rows);
  const sheet = querySheet(rows, path);
  // The sheet and the file are named after the rows' own field (`eastWestPairings`, not `region`).
  const name =
    path
      .split('.')
      .filter((f) => f !== 'edges' && f !== 'node')
      .pop() || 'rows';
  const meta: ExportMeta = {
    export: 'query',
    format,
    params: { rows: path, variables: JSON.stringify(asked.variables), ...(asked.operationName ? { operationName: asked.operationName } : {}) },
    role: identity.role,
    query: asked.query,
    sheets: [{ name, columns: sheet.columns }],
  };
  res
    .status(200)
    .set({ 'content-type': CONTENT_TYPES[format], 'content-disposition': `attachment; filename="${name}.${format}"`, 'cache-control': 'no-store' });
  const out = sheetWriter(format, res, meta);
  await out.sheet(name);
  await out.rows(sheet.rows);
  await out.end();
}

class GraphErrors extends Error {
  constructor(readonly errors: readonly GraphQLFormattedError[]) {
    super(errors[0]?.message);
  }
}

/** The place's canonical code, as `region(code:)` reads it (a former code names today's place); NOT_FOUND when none. */
async function placeOf(execute: Execute, identity: Identity, code: string): Promise<string> {
  const answer = await execute(identity, 'query ExportPlaceCheck($code: ID!) { region(code: $code) { code } }', { code });
  if (answer.errors?.length) throw new GraphErrors(answer.errors.map((e) => ({ ...e, extensions: { ...e.extensions, field: 'place' } })));
  const found = answer.data?.region?.code;
  if (typeof found !== 'string') throw notFound('place', 'place', code);
  return found;
}

const yearsOf = (a: Asked): (number | null)[] => (a.from === null ? [null] : Array.from({ length: a.to! - a.from + 1 }, (_, i) => a.from! + i));

async function graphExport(
  e: GraphExport,
  format: Format,
  asked: Asked,
  params: ExportMeta['params'],
  identity: Identity,
  opts: ExportOptions,
  res: Response,
  head: () => void,
) {
  // Every year's answer first: an error in any refuses the file before its first byte. A
  // graph export is as large as the graph's lists, which the graph bounds.
  const rows = new Map(e.sheets.map((s) => [s.name, [] as Cell[][]]));
  for (const year of yearsOf(asked)) {
    const variables = { code: asked.place, year, below: asked.descendants, above: asked.ancestors, includeDemo: asked.includeDemo };
    const answer = await opts.execute(identity, e.query, variables);
    if (answer.errors?.length || !answer.data)
      throw new GraphErrors(answer.errors ?? [{ message: 'no answer', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    for (const s of e.sheets) for (const r of s.rows(answer.data)) rows.get(s.name)!.push([year, ...r]);
  }
  const meta: ExportMeta = {
    export: e.name,
    format,
    params,
    role: identity.role,
    query: e.query,
    sheets: e.sheets.map((s) => ({ name: s.name, columns: ['year', ...s.columns] })),
  };
  head();
  const out = sheetWriter(format, res, meta);
  for (const s of e.sheets) {
    await out.sheet(s.name);
    await out.rows(rows.get(s.name)!);
  }
  await out.end();
}

async function streamExport(
  e: StreamExport,
  format: Format,
  asked: Asked,
  params: ExportMeta['params'],
  identity: Identity,
  opts: ExportOptions,
  res: Response,
  head: () => void,
) {
  const location = opts.subgraphs[e.subgraph];
  if (!location) throw new Error(`the ${e.subgraph} subgraph is not served by this gateway`);
  const streamParams: StreamParams = { place: asked.place, descendants: asked.descendants, from: asked.from, to: asked.to, includeDemo: asked.includeDemo };
  let columns: readonly string[];
  let describe: string;
  let sheet: string;
  let batches: AsyncIterable<StreamCell[][]>;
  if ('runtime' in location) {
    const stream = location.runtime.module.streams?.[e.stream];
    if (!stream) throw new Error(`the ${e.subgraph} subgraph has no stream ${e.stream}`);
    ({ columns, describe, sheet } = stream);
    if (format === 'csv' && stream.csvLines) {
      // The rows come as CSV lines, the same bytes `rows` would be written as.
      const lines = stream.csvLines(location.runtime, identity, streamParams, csvLead(sheet));
      const meta: ExportMeta = { export: e.name, format, params, role: identity.role, query: describe, sheets: [{ name: sheet, columns: [...columns] }] };
      head();
      const out = sheetWriter(format, res, meta);
      await out.sheet(sheet);
      for await (const text of ahead(lines)) await out.lines(text);
      await out.end();
      return;
    }
    batches = stream.rows(location.runtime, identity, streamParams);
  } else {
    if (!opts.gatewaySecret) throw new Error('a gateway secret is required to call a remote subgraph');
    ({ columns, describe, sheet, batches } = await remoteStream(location.url, e, identity, streamParams, opts.gatewaySecret));
  }
  const meta: ExportMeta = { export: e.name, format, params, role: identity.role, query: describe, sheets: [{ name: sheet, columns: [...columns] }] };
  head();
  const out = sheetWriter(format, res, meta);
  await out.sheet(sheet);
  for await (const batch of ahead(batches)) await out.rows(batch);
  await out.end();
}

/**
 * The batches of `source`, the next one asked for as soon as one is handed on: the database
 * (or the subgraph) reads the next batch while this one is written.
 */
export async function* ahead<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const it = source[Symbol.asyncIterator]();
  const ask = () => {
    const p = it.next();
    // Handled when awaited; a consumer that stops first must not leave it unhandled.
    p.catch(() => {});
    return p;
  };
  let next = ask();
  let done = false;
  try {
    for (;;) {
      const r = await next;
      if (r.done) {
        done = true;
        return;
      }
      next = ask();
      yield r.value;
    }
  } finally {
    // A consumer that stopped (the client went away): the source closes (its cursor with it).
    if (!done)
      await next.then(
        () => it.return?.(),
        () => undefined,
      );
  }
}

/**
 * A remote subgraph's stream (lib/server.ts `serveStream`): a signed POST, its first line the
 * stream's description, then one row per line, then `{"end": rows}`; anything else is a failure.
 */
async function remoteStream(graphqlUrl: string, e: StreamExport, identity: Identity, params: StreamParams, secret: string) {
  const url = new URL(`/export/${e.stream}`, graphqlUrl).toString();
  const body = JSON.stringify({ params });
  const caller = encodeIdentity(identity);
  const headers = { 'content-type': 'application/json', [IDENTITY_HEADER]: caller, ...signSubgraphCall(caller, e.subgraph, url, body, secret) };
  const answer = await postForStream(url, headers, body);
  if (answer.status !== 200) {
    const text = await answer.body.text();
    throw new Error(`the ${e.subgraph} subgraph answered ${answer.status} to its stream ${e.stream}: ${text.slice(0, 200)}`);
  }
  const lines = createInterface({ input: answer.body, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await lines.next();
  const info = first.done ? null : (JSON.parse(first.value) as { sheet: string; columns: string[]; describe: string });
  if (!info?.columns) throw new Error(`the ${e.subgraph} subgraph's stream ${e.stream} did not say its columns`);
  async function* batches(): AsyncIterable<StreamCell[][]> {
    let batch: StreamCell[][] = [];
    for (let line = await lines.next(); !line.done; line = await lines.next()) {
      const value = JSON.parse(line.value) as StreamCell[] | { end?: number; error?: string };
      if (Array.isArray(value)) {
        batch.push(value);
        if (batch.length >= STREAM_BATCH) {
          yield batch;
          batch = [];
        }
        continue;
      }
      if (batch.length) yield batch;
      if (typeof value.end === 'number') return;
      throw new Error(`the ${e.subgraph} subgraph's stream ${e.stream} failed: ${value.error}`);
    }
    throw new Error(`the ${e.subgraph} subgraph's stream ${e.stream} ended without its end line`);
  }
  return { ...info, batches: batches() };
}
