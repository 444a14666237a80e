import type { ReactNode } from 'react';
import { currentToken } from './auth';
import type { Loaded } from './graphql';
import { useT } from './i18n';

export const YEARS = [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024];

export function YearSelect({ value, onChange, allowAll = true }: { value: number | null; onChange: (y: number | null) => void; allowAll?: boolean }) {
  const t = useT();
  return (
    <label className="field">
      {t('年份')}{' '}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}>
        {allowAll && <option value="">{t('全部年份')}</option>}
        {YEARS.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </label>
  );
}

/** What a query gave: its content, or loading and error states said in words. */
export function Show<R>({ result, children }: { result: Loaded<R>; children: (data: R) => ReactNode }) {
  const t = useT();
  if (result.state === 'loading') return <p aria-busy="true">{t('加载中')}</p>;
  if (result.state === 'error')
    return (
      <p role="alert" className="error">
        {t('出错')}: {result.message}
      </p>
    );
  return <>{children(result.data)}</>;
}

/** A column of a `RecordTable`: its header (translated) and the cell of a record. */
export interface RecordColumn<R> {
  head: string;
  cell: (record: R) => ReactNode;
}

/** The columns of a record's period. */
export const PERIOD: RecordColumn<{ since: string; until?: string | null }>[] = [
  { head: '起', cell: (r) => r.since },
  { head: '止', cell: (r) => r.until ?? '' },
];

/** Records as a table: the first `shown` of them, saying so when there are more. */
export function RecordTable<R>({
  columns,
  rows,
  rowKey,
  label,
  shown = 300,
}: {
  columns: RecordColumn<R>[];
  rows: readonly R[];
  rowKey: (record: R) => string;
  label?: string;
  shown?: number;
}) {
  const t = useT();
  return (
    <div className="table-wrap">
      {rows.length > shown && (
        <p className="via">
          {t('显示前')} {shown} / {rows.length}
        </p>
      )}
      <table aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.head}>{t(c.head)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, shown).map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c) => (
                <td key={c.head}>{c.cell(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '–');

export function DemoMark({ demo }: { demo: boolean }) {
  const t = useT();
  return demo ? <span className="demo">{t('演示')}</span> : null;
}

/**
 * Whether a record is generated demo data. A list of the `Assistance` interface asks `demo` of the
 * types a channel returns; a record of another type (none today) counts as real.
 */
export const isDemo = (record: object): boolean => 'demo' in record && record.demo === true;

/**
 * Links to the hub's export of what the page shows (`/export/<name>.<format>?…`, docs/export.md),
 * as CSV, XLSX and JSON Lines. A signed-in caller's file is fetched with the token (a plain link
 * would download the anonymous view) and saved from memory; an anonymous one is a plain link.
 */
export function ExportLinks({ name, params }: { name: string; params: Record<string, string | number | boolean | null | undefined> }) {
  const t = useT();
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) query.set(k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  const save = async (event: { preventDefault(): void }, href: string, file: string) => {
    const token = currentToken();
    if (!token) return;
    event.preventDefault();
    const response = await fetch(href, { headers: { authorization: `Bearer ${token}` } });
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = file;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <span className="exports">
      {t('导出')}:{' '}
      {(['csv', 'xlsx', 'jsonl'] as const).map((format) => {
        const href = `/export/${name}.${format}?${query}`;
        return (
          <a key={format} href={href} download onClick={(e) => void save(e, href, `${name}.${format}`)}>
            {format.toUpperCase()}
          </a>
        );
      })}
    </span>
  );
}
