import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { csvCell, drained } from '../../lib/export.js';
import type { Writable } from 'node:stream';

/** The formats an export is written in, by file extension (docs/export.md). */
export const FORMATS = ['csv', 'xlsx', 'jsonl'] as const;
export type Format = (typeof FORMATS)[number];

export const CONTENT_TYPES: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/** A cell: what a row of an export holds (money stays an exact decimal string). */
export type Cell = string | number | boolean | null;

/**
 * What produced a file, written into it: the export, its parameters, the caller's role, and the
 * GraphQL operation (or, for a streamed list, the subgraph and its row source) that gave the rows.
 * No time: the same export of the same data is the same bytes (CSV and JSON Lines).
 */
export interface ExportMeta {
  export: string;
  format: Format;
  params: Record<string, string | number | boolean | null>;
  role: string;
  /** The GraphQL document run for each year, or the streamed source (`enterprises: contributions`). */
  query: string;
  /** The sheets in order, each with its columns (every row carries every column of its sheet). */
  sheets: { name: string; columns: string[] }[];
}

/** The first line's marker: a CSV comment (csv-parse `comment: '#'`, pandas `comment='#'`). */
export const CSV_META_PREFIX = '# bangfu-export ';
/** The key of the JSON Lines metadata object (the first line; every other line is a row). */
export const JSONL_META_KEY = '@export';
/** Excel's hint that a CSV is UTF-8: without it Excel reads Chinese as the system code page. */
export const UTF8_BOM = '\uFEFF';

/**
 * Writes one export into a stream, sheet after sheet, batch after batch, waiting while the
 * stream's buffer is full: memory holds a batch, not the file.
 *
 * - CSV: the BOM, a `# bangfu-export {json}` comment line with the metadata, then one table:
 *   a `sheet` column (the channel, for a place) followed by the union of the sheets' columns.
 * - JSON Lines: a first object `{"@export": {…}}`, then one object per row with `sheet` and its columns.
 * - XLSX: one worksheet per sheet, header row first; the metadata in the workbook's properties
 *   (title: the export; subject: its parameters; description: the query; keywords: the role).
 */
export interface SheetWriter {
  sheet(name: string): Promise<void>;
  /**
   * CSV only: rows of the current sheet already written as CSV lines (each beginning with
   * `lead(sheet)`), written as they are.
   */
  lines(text: string | Buffer): Promise<void>;
  /** Rows of the current sheet, written at once: one write per batch (exceljs writes each row; the response is let drain after each batch). */
  rows(batch: Cell[][]): Promise<void>;
  end(): Promise<void>;
}

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, a comma or a line break, quotes
 * doubled; null as an empty field; booleans as `true`/`false`. Written here rather than by
 * csv-stringify for the rows: its per-field options and casts took 4.6 s of a million
 * contributions' 14 s; the header still goes through it, and the tests read every file back
 * with csv-parse.
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  return csvCell(typeof value === 'string' ? value : String(value));
}

/** What a CSV line of a sheet begins with: its `sheet` cell. */
export const csvLead = (sheet: string) => `${csvField(sheet)},`;

export function sheetWriter(format: Format, out: Writable, meta: ExportMeta): SheetWriter {
  if (format === 'xlsx') return xlsxWriter(out, meta);
  const union = [...new Set(meta.sheets.flatMap((s) => s.columns))];
  let current: { name: string; at: number[] } | null = null;
  const write = async (text: string | Buffer) => {
    if (!out.write(text)) await drained(out);
  };
  let started = false;
  const start = async () => {
    if (started) return;
    started = true;
    if (format === 'csv') await write(`${UTF8_BOM}${CSV_META_PREFIX}${JSON.stringify(meta)}\n${stringify([['sheet', ...union]])}`);
    else await write(`${JSON.stringify({ [JSONL_META_KEY]: meta })}\n`);
  };
  return {
    async sheet(name) {
      await start();
      const sheet = meta.sheets.find((s) => s.name === name);
      if (!sheet) throw new Error(`export ${meta.export} has no sheet ${name}`);
      current = { name, at: union.map((c) => sheet.columns.indexOf(c)) };
    },
    async lines(text) {
      if (format !== 'csv') throw new Error('lines are CSV');
      await write(text);
    },
    async rows(batch) {
      const { name, at } = current!;
      if (format === 'csv') {
        const prefix = csvField(name);
        let text = '';
        for (const cells of batch) {
          text += prefix;
          for (const i of at) text += `,${i < 0 ? '' : csvField(cells[i])}`;
          text += '\n';
        }
        await write(text);
        return;
      }
      const columns = meta.sheets.find((s) => s.name === name)!.columns;
      let text = '';
      for (const cells of batch) {
        const o: Record<string, Cell> = { sheet: name };
        for (let i = 0; i < columns.length; i++) o[columns[i]] = cells[i] ?? null;
        text += `${JSON.stringify(o)}\n`;
      }
      await write(text);
    },
    async end() {
      await start();
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    },
  };
}

function xlsxWriter(out: Writable, meta: ExportMeta): SheetWriter {
  const fixed = new Date(Date.UTC(2000, 0, 1));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  book.creator = 'bangfu';
  book.lastModifiedBy = 'bangfu';
  book.created = fixed;
  book.modified = fixed;
  book.title = `bangfu export: ${meta.export}`;
  book.subject = JSON.stringify(meta.params);
  book.description = meta.query;
  book.keywords = `role=${meta.role}`;
  book.category = 'bangfu-export';
  let sheet: ExcelJS.Worksheet | null = null;
  return {
    async sheet(name) {
      if (sheet) sheet.commit();
      const columns = meta.sheets.find((s) => s.name === name)?.columns;
      if (!columns) throw new Error(`export ${meta.export} has no sheet ${name}`);
      sheet = book.addWorksheet(name);
      sheet.addRow(columns).commit();
    },
    async lines() {
      throw new Error('lines are CSV');
    },
    async rows(batch) {
      for (const cells of batch) sheet!.addRow(cells).commit();
      if (out.writableNeedDrain) await drained(out);
    },
    async end() {
      if (sheet) sheet.commit();
      // A workbook without a sheet does not open: an empty export has its sheets, header only.
      await book.commit();
    },
  };
}
