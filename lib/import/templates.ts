import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Column, ImportKind } from './kind.js';

/**
 * The template of a kind: its header (English; the Chinese headers are accepted too) and an
 * example row, with what each column holds. CSV: the description as `#` lines before the
 * header (an import skips lines starting with `#`), UTF-8 with a BOM so Excel reads it as
 * such. XLSX: the header and example on the first worksheet, the description on a second one.
 */

const typeText = (c: Column) => (c.type === 'enum' ? `one of ${c.allowed?.join(' | ')}` : c.type);

function describe(c: Column): string[] {
  return [c.en, c.zh, typeText(c), c.required ? 'required' : 'optional', c.note];
}

export function templateCsv(kind: ImportKind): Buffer {
  const lines = [
    `# ${kind.name}: one row per record; the key (a row with a recorded key updates it): ${kind.key}`,
    '# column | 列名 | type | required | note',
    ...kind.columns.map((c) => `# ${describe(c).join(' | ')}`),
  ];
  const body = stringify([kind.columns.map((c) => c.en), kind.columns.map((c) => c.example)]);
  return Buffer.from(`\ufeff${lines.join('\n')}\n${body}`, 'utf8');
}

export async function templateXlsx(kind: ImportKind): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const data = book.addWorksheet('data');
  data.addRow(kind.columns.map((c) => c.en));
  data.addRow(kind.columns.map((c) => c.example));
  data.getRow(1).font = { bold: true };
  const about = book.addWorksheet('columns');
  about.addRow(['column', '列名', 'type', 'required', 'note']);
  for (const c of kind.columns) about.addRow(describe(c));
  about.addRow([]);
  about.addRow([`key: ${kind.key}`]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
