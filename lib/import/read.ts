import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { RuleCode } from '../rules.js';

/**
 * Reading an import file: CSV (UTF-8 with or without BOM, or GB18030 as offices' Excel writes
 * it) or XLSX (the first worksheet), streamed row by row so a file of any length costs the
 * memory of one row, never of the file. A file can be read more than once (`ImportSource.open`):
 * an import reads it twice where it cannot ask the registry beside its transaction (docs/import.md).
 */

/** The largest file an import accepts. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export type ImportFormat = 'csv' | 'xlsx';

/** A file an import reads: its name (the extension says the format), its size, and a fresh stream each time. */
export interface ImportSource {
  name: string;
  bytes: number;
  open(): Readable;
}

export const bufferSource = (name: string, body: Uint8Array): ImportSource => ({
  name,
  bytes: body.byteLength,
  open: () => Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]),
});

export const fileSource = (path: string, name = path): ImportSource => ({ name, bytes: statSync(path).size, open: () => createReadStream(path) });

/** A refusal of the whole file (its format, size, encoding, header): nothing is read further. */
export class FileError extends Error {
  constructor(
    readonly rule: RuleCode,
    message: string,
    readonly column: string | null = null,
  ) {
    super(message);
  }
}

/** One row as read: its number in the file (the header is row 1), its cells by header text, and the columns holding a formula. */
export interface RawRow {
  row: number;
  cells: Map<string, string>;
  formulas: string[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** The format the name says, checked against the first bytes: a file must be what its extension says. */
export async function formatOf(source: ImportSource): Promise<ImportFormat> {
  if (source.bytes > MAX_IMPORT_BYTES) throw new FileError('file-size', `the file has ${source.bytes} bytes; at most ${MAX_IMPORT_BYTES} are accepted`);
  const ext = /\.([a-z0-9]+)$/i.exec(source.name)?.[1]?.toLowerCase();
  if (ext !== 'csv' && ext !== 'xlsx') throw new FileError('file-format', `"${source.name}" is neither .csv nor .xlsx`);
  if (source.bytes === 0) throw new FileError('empty-file', 'the file is empty');
  const head = await firstBytes(source, 4096);
  const zip = ZIP_MAGIC.every((b, i) => head[i] === b);
  if (ext === 'xlsx' && !zip) throw new FileError('file-format', `"${source.name}" is not an XLSX workbook (no zip signature)`);
  if (ext === 'csv' && (zip || head.includes(0))) throw new FileError('file-format', `"${source.name}" is not a text file (a binary or zip file named .csv)`);
  return ext;
}

async function firstBytes(source: ImportSource, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  const stream = source.open();
  for await (const chunk of stream) {
    parts.push(chunk as Buffer);
    got += (chunk as Buffer).length;
    if (got >= n) break;
  }
  stream.destroy();
  return Buffer.concat(parts).subarray(0, n);
}

export type CsvEncoding = 'utf-8' | 'gb18030';

/**
 * The encoding of a CSV: UTF-8 when the whole file decodes as UTF-8 (a BOM or not), else
 * GB18030 (what Excel writes on a Chinese Windows; it decodes any byte sequence). One pass over
 * the file, holding one chunk at a time.
 */
export async function csvEncoding(source: ImportSource): Promise<CsvEncoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of source.open()) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** The rows of a file, after its header row; `header` receives the header's cells first. */
export async function* readRows(source: ImportSource, format: ImportFormat, encoding: CsvEncoding, header: (cells: string[]) => void): AsyncGenerator<RawRow> {
  if (format === 'csv') yield* csvRows(source, encoding, header);
  else yield* xlsxRows(source, header);
}

async function* csvRows(source: ImportSource, encoding: CsvEncoding, header: (cells: string[]) => void): AsyncGenerator<RawRow> {
  const decoded = source.open().pipe(iconv.decodeStream(encoding, { stripBOM: true }));
  const parser = decoded.pipe(parseCsv({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, comment: '#', comment_no_infix: true }));
  let names: string[] | null = null;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      if (!names) {
        names = record.map((c) => c.trim());
        header(names);
        continue;
      }
      yield { row, cells: cellsOf(names, record), formulas: [] };
    }
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError('file-format', `the CSV cannot be read at row ${row + 1}: ${(error as Error).message}`);
  }
  if (!names) throw new FileError('empty-file', 'the file has no header row');
}

function cellsOf(names: string[], values: string[]): Map<string, string> {
  const cells = new Map<string, string>();
  names.forEach((name, i) => {
    const v = values[i]?.trim();
    if (name && v) cells.set(name, v);
  });
  return cells;
}

/** A cell's value as text: numbers as written, dates as YYYY-MM-DD, rich text and links as their text; a formula is refused (null). */
function cellText(value: ExcelJS.CellValue): string | null | undefined {
  if (value == null) return undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) return null;
    if ('richText' in value)
      return value.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

async function* xlsxRows(source: ImportSource, header: (cells: string[]) => void): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source.open(), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  let names: string[] | null = null;
  try {
    for await (const sheet of reader) {
      for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (Array.isArray(r.values) ? r.values : []) as ExcelJS.CellValue[];
        if (!names) {
          names = [];
          for (let i = 1; i < values.length; i++) names[i - 1] = cellText(values[i]) ?? '';
          if (names.every((n) => !n)) {
            names = null;
            continue;
          }
          header(names);
          continue;
        }
        const cells = new Map<string, string>();
        const formulas: string[] = [];
        for (let i = 1; i < values.length; i++) {
          const name = names[i - 1];
          if (!name) continue;
          const text = cellText(values[i]);
          if (text === null) formulas.push(name);
          else if (text) cells.set(name, text);
        }
        if (cells.size || formulas.length) yield { row: r.number, cells, formulas };
      }
      // The first worksheet only.
      break;
    }
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError('file-format', `the XLSX workbook cannot be read: ${(error as Error).message}`);
  }
  if (!names) throw new FileError('empty-file', 'the first worksheet is empty');
}
