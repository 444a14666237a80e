import express, { type Request, type RequestHandler, type Response as ExpressResponse } from 'express';
import { isDomainError } from '../errors.js';
import type { ImportEntry } from './jobs.js';
import { bufferSource, MAX_IMPORT_BYTES } from './read.js';
import { type ImportContext, type ImportMode, rowResults, runImport } from './run.js';
import { templateCsv, templateXlsx } from './templates.js';

/**
 * The import endpoint, the same in the embedded hub and in the subgraph that owns a kind:
 * `POST /import/<kind>?dryRun=true&mode=VALID_ROWS&name=<file name>` with the file as the raw
 * body (the name's extension, or the content type, says CSV or XLSX) or as the `file` field of a
 * multipart form; answers the result as JSON. `GET /import/<kind>/template.csv|.xlsx` the
 * template. docs/import.md.
 */

/** The raw body of an import, at most MAX_IMPORT_BYTES (413 beyond). */
export const importBody = express.raw({ type: () => true, limit: MAX_IMPORT_BYTES + 1024 * 1024 });

/** The file of a request: a multipart form's `file`, else the raw body; its name from the form, `?name=` or the content type. */
export async function fileOf(req: Request): Promise<{ name: string; body: Uint8Array }> {
  const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const type = req.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Blob([new Uint8Array(body)]), { headers: { 'content-type': type } }).formData();
    const file = form.get('file');
    if (file && typeof file !== 'string') return { name: String(req.query.name ?? file.name ?? 'upload'), body: new Uint8Array(await file.arrayBuffer()) };
    return { name: 'upload', body: new Uint8Array() };
  }
  const named = typeof req.query.name === 'string' ? req.query.name : null;
  const ext = type.includes('spreadsheetml') ? 'xlsx' : 'csv';
  return { name: named ?? `upload.${ext}`, body };
}

export interface ImportOptionsQuery {
  dryRun: boolean;
  mode: ImportMode;
}

export function optionsOf(req: Request): ImportOptionsQuery {
  const dryRun = req.query.dryRun === 'true' || req.query.dryRun === '1';
  const mode: ImportMode = req.query.mode === 'VALID_ROWS' ? 'VALID_ROWS' : 'ALL';
  return { dryRun, mode };
}

/** Run an import for a request and answer its result (every row's status) as JSON. */
export async function answerImport(
  res: ExpressResponse,
  ctx: ImportContext,
  entry: ImportEntry,
  file: { name: string; body: Uint8Array },
  opts: ImportOptionsQuery,
) {
  try {
    const result = await runImport(ctx, entry.kind, entry.auditLog, bufferSource(file.name, file.body), opts);
    const { statuses: _s, rowNumbers: _n, refusals: _r, ...summary } = result;
    res.status(result.fileError ? 422 : 200).json({ ...summary, rows: rowResults(result), rowCount: result.rows });
  } catch (error) {
    if (isDomainError(error)) {
      const status = error.extensions.code === 'FORBIDDEN' ? 403 : 400;
      res.status(status).json({ errors: [{ message: error.message, extensions: error.extensions }] });
    } else throw error;
  }
}

/**
 * GET /import/kinds: the kinds this hub imports, in the order of its subgraphs, each with the
 * subgraph that runs it, its key in words and its columns (as the templates describe them).
 */
export function kindsHandler(entries: readonly ImportEntry[]): RequestHandler {
  const kinds = entries.map(({ kind }) => ({
    name: kind.name,
    subgraph: kind.subgraph,
    key: kind.key,
    columns: kind.columns.map((c) => ({
      name: c.en,
      zh: c.zh,
      type: c.type,
      required: c.required,
      allowed: c.allowed ?? null,
      example: c.example,
      note: c.note,
    })),
  }));
  return (_req, res) => void res.json({ kinds });
}

/** GET /import/:kind/template.(csv|xlsx) */
export function templateHandler(entryOf: (kind: string) => ImportEntry | null): RequestHandler {
  return async (req, res) => {
    const entry = entryOf(String(req.params.kind));
    if (!entry) return void res.status(404).json({ errors: [{ message: `no importable kind ${req.params.kind}`, extensions: { code: 'NOT_FOUND' } }] });
    if (req.params.format === 'xlsx') {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${entry.kind.name}.xlsx`);
      res.send(await templateXlsx(entry.kind));
    } else {
      res.type('text/csv; charset=utf-8').attachment(`${entry.kind.name}.csv`);
      res.send(templateCsv(entry.kind));
    }
  };
}

export { requireSignedInToImport as requireSignedIn } from './run.js';
