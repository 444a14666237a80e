import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { currentToken, useSession } from '../auth';
import { graphql } from '../gql';
import type {
  ImportMode,
  StartEastWestImportMutation,
  StartEastWestImportMutationVariables,
  ReadEastWestImportQuery,
  ReadEastWestImportQueryVariables,
} from '../gql/graphql';
import { GraphQLFailure, type Operation, run } from '../graphql';
import { useT } from '../i18n';

/**
 * The import page (docs/import.md, docs/pages.md): a kind from the hub's list (`GET /import/kinds`),
 * its template, a file, a dry run showing every row's outcome, then a commit. A file that fits in
 * a GraphQL operation goes through the channel's `start<Channel>Import`, whose job is read until
 * done (the rows checked so far show as progress); a larger one, or a kind of a channel without
 * those fields here, goes to `POST /import/<kind>` and answers once done. Both with the
 * signed-in caller's token, to the hub's own endpoints only.
 */

interface Column {
  name: string;
  zh: string;
  type: string;
  required: boolean;
  allowed: string[] | null;
  example: string;
  note: string;
}
interface Kind {
  name: string;
  subgraph: string;
  key: string;
  columns: Column[];
}

graphql(`fragment ImportJobState on ImportJob { id kind state rowsDone rows error }`);
graphql(`fragment ImportResultParts on ImportResult {
  file format encoding dryRun mode committed rows created updated unchanged refused
  fileError { column rule message }
  refusals { row column rule message }
}`);

type Start = Operation<StartEastWestImportMutation, StartEastWestImportMutationVariables>;
type Read = Operation<ReadEastWestImportQuery, ReadEastWestImportQueryVariables>;

/** Each importing channel's GraphQL fields, by the subgraph that owns its kinds (aliased alike: `job`). */
const CHANNELS: Record<string, { start: Start; read: Read }> = {
  eastwest: {
    start: graphql(`mutation StartEastWestImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {
      job: startEastWestImport(kind: $kind, file: $file, dryRun: $dryRun, mode: $mode) { ...ImportJobState }
    }`),
    read: graphql(`query ReadEastWestImport($id: ID!, $offset: Int, $first: Int) {
      job: eastWestImport(id: $id) { ...ImportJobState result { ...ImportResultParts rowOutcomes(offset: $offset, first: $first) { row status } } }
    }`),
  },
  enterprises: {
    start: graphql(`mutation StartEnterpriseImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {
      job: startEnterpriseImport(kind: $kind, file: $file, dryRun: $dryRun, mode: $mode) { ...ImportJobState }
    }`),
    read: graphql(`query ReadEnterpriseImport($id: ID!, $offset: Int, $first: Int) {
      job: enterpriseImport(id: $id) { ...ImportJobState result { ...ImportResultParts rowOutcomes(offset: $offset, first: $first) { row status } } }
    }`),
  },
  registry: {
    start: graphql(`mutation StartRegistryImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {
      job: startRegistryImport(kind: $kind, file: $file, dryRun: $dryRun, mode: $mode) { ...ImportJobState }
    }`),
    read: graphql(`query ReadRegistryImport($id: ID!, $offset: Int, $first: Int) {
      job: registryImport(id: $id) { ...ImportJobState result { ...ImportResultParts rowOutcomes(offset: $offset, first: $first) { row status } } }
    }`),
  },
};

/**
 * The largest file sent in a GraphQL operation: base64 makes it a third larger, and the gateway
 * reads at most 256 KiB of a body by default (docs/limits.md). Larger files go to the endpoint.
 */
const GRAPHQL_FILE_BYTES = 150 * 1024;
/** Row outcomes read per call once a job is done (the graph gives at most 10,000). */
const OUTCOMES_PAGE = 10_000;
const PAGE_ROWS = 100;

interface Refusal {
  column: string | null;
  rule: string;
  message: string;
}
interface Outcome extends Partial<Refusal> {
  row: number;
  status: string;
}
interface Result {
  file: string;
  format: string | null;
  encoding: string | null;
  dryRun: boolean;
  mode: ImportMode;
  committed: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  fileError: Refusal | null;
  outcomes: Outcome[];
}
type Progress = { done: number; total: number } | null;

/** A refusal of the whole call (not of a row): the message and, when the hub gives one, the rule. */
class Refused extends Error {
  constructor(
    message: string,
    readonly rule: string | null,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Through the channel's GraphQL fields: start the job, read it until done, then every row's outcome. */
async function importByGraph(
  channel: { start: Start; read: Read },
  kind: string,
  file: File,
  dryRun: boolean,
  mode: ImportMode,
  onProgress: (p: Progress) => void,
): Promise<Result> {
  const { job: started } = await run(channel.start, { kind, file: { name: file.name, base64: await base64Of(file) }, dryRun, mode });
  for (let delay = 100; ; delay = Math.min(delay * 2, 500)) {
    const { job } = await run(channel.read, { id: started.id, offset: 0, first: OUTCOMES_PAGE });
    if (!job) throw new Refused('the import is no longer kept by the hub', null);
    if (job.state === 'FAILED') throw new Refused(job.error ?? 'failed', null);
    if (job.state === 'DONE' && job.result) {
      const { rowOutcomes, refusals, ...counts } = job.result;
      const outcomes: Outcome[] = [...rowOutcomes];
      while (outcomes.length < counts.refused + counts.created + counts.updated + counts.unchanged && outcomes.length % OUTCOMES_PAGE === 0) {
        const { job: more } = await run(channel.read, { id: started.id, offset: outcomes.length, first: OUTCOMES_PAGE });
        const page = more?.result?.rowOutcomes ?? [];
        if (!page.length) break;
        outcomes.push(...page);
      }
      const byRow = new Map(refusals.map((r) => [r.row, r]));
      return {
        ...counts,
        outcomes: outcomes.map((o) => {
          const r = byRow.get(o.row);
          return r ? { ...o, column: r.column, rule: r.rule, message: r.message } : o;
        }),
      };
    }
    onProgress({ done: job.rowsDone, total: job.rows });
    await sleep(delay);
  }
}

/** Through `POST /import/<kind>` (multipart): one answer once done. */
async function importByEndpoint(kind: string, file: File, dryRun: boolean, mode: ImportMode): Promise<Result> {
  const form = new FormData();
  form.append('file', file, file.name);
  const query = new URLSearchParams({ dryRun: String(dryRun), mode, name: file.name });
  const token = currentToken();
  const response = await fetch(`/import/${encodeURIComponent(kind)}?${query}`, {
    method: 'POST',
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: form,
  });
  const body = (await response.json()) as Omit<Result, 'outcomes' | 'rows'> & {
    rows?: Outcome[];
    rowCount?: number;
    errors?: { message: string; extensions?: { rule?: string } }[];
  };
  if (body.errors?.length) throw new Refused(body.errors.map((e) => e.message).join('; '), body.errors[0].extensions?.rule ?? null);
  const { rows = [], rowCount = 0, ...counts } = body;
  return { ...counts, rows: rowCount, outcomes: rows };
}

async function importFile(kind: Kind, file: File, dryRun: boolean, mode: ImportMode, onProgress: (p: Progress) => void): Promise<Result> {
  const channel = CHANNELS[kind.subgraph];
  if (channel && file.size <= GRAPHQL_FILE_BYTES) {
    try {
      return await importByGraph(channel, kind.name, file, dryRun, mode, onProgress);
    } catch (e) {
      // A gateway configured with a smaller body limit: the endpoint takes the file.
      if (!(e instanceof GraphQLFailure && e.code === 'PAYLOAD_TOO_LARGE')) throw e;
    }
  }
  onProgress({ done: 0, total: 0 });
  return importByEndpoint(kind.name, file, dryRun, mode);
}

/** The kinds' names in words (the hub names them in English; a kind not listed here shows its name). */
const KIND_LABELS: Record<string, string> = {
  'enterprise-contributions': '万企帮万村帮扶记录',
  'enterprise-compacts': '村企结对',
  'registry-organizations': '帮扶单位名录',
  'eastwest-pairings': '东西部协作结对',
  'eastwest-meetings': '东西部协作联席会议',
  'eastwest-fiscal-aid': '东西部协作财政援助',
  'eastwest-industrial-projects': '东西部协作产业合作项目',
  'eastwest-labour': '东西部协作劳务协作',
  'eastwest-talent': '东西部协作人才交流',
  'eastwest-produce': '东西部协作消费帮扶',
};

const STATUSES = ['created', 'updated', 'unchanged', 'refused'] as const;
const STATUS_LABEL: Record<string, string> = { created: '新建', updated: '更新', unchanged: '未变', refused: '拒绝' };

export function ImportPage() {
  const t = useT();
  const session = useSession();
  const [kinds, setKinds] = useState<Kind[] | string | null>(null);
  const [kindName, setKindName] = useState(() => new URLSearchParams(location.search).get('kind') ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('ALL');
  const [progress, setProgress] = useState<Progress>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [runs, setRuns] = useState(0);
  const [problem, setProblem] = useState<{ message: string; rule: string | null } | null>(null);

  useEffect(() => {
    let current = true;
    fetch('/import/kinds', { headers: { accept: 'application/json' } })
      .then(async (r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return ((await r.json()) as { kinds: Kind[] }).kinds;
      })
      .then(
        (list) => current && setKinds(list),
        (e: unknown) => current && setKinds(e instanceof Error ? e.message : String(e)),
      );
    return () => {
      current = false;
    };
  }, []);

  const list = Array.isArray(kinds) ? kinds : [];
  const kind = list.find((k) => k.name === kindName) ?? list[0] ?? null;
  // A new kind or file needs a new dry run.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the kind and the file only reset what was shown
  useEffect(() => {
    setResult(null);
    setProblem(null);
  }, [kind?.name, file]);

  const go = async (dryRun: boolean) => {
    if (!kind || !file) return;
    setBusy(true);
    setProblem(null);
    setProgress(null);
    try {
      setResult(await importFile(kind, file, dryRun, mode, setProgress));
      setRuns((n) => n + 1);
    } catch (e) {
      setProblem({ message: e instanceof Error ? e.message : String(e), rule: e instanceof GraphQLFailure || e instanceof Refused ? e.rule : null });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  const dryRun = (e: FormEvent) => {
    e.preventDefault();
    void go(true);
  };
  const commit = (e: FormEvent) => {
    e.preventDefault();
    void go(false);
  };

  return (
    <>
      <h1>{t('导入文件')}</h1>
      <p className="lead">{t('导入说明')}</p>
      {typeof kinds === 'string' && (
        <p role="alert" className="error">
          {t('出错')}: {kinds}
        </p>
      )}
      {kinds === null && <p aria-busy="true">{t('加载中')}</p>}
      {kind && (
        <>
          <div className="controls">
            <label className="field">
              {t('记录类型')}
              <select name="kind" value={kind.name} disabled={busy} onChange={(e) => setKindName(e.target.value)}>
                {list.map((k) => (
                  <option key={k.name} value={k.name}>
                    {KIND_LABELS[k.name] ? `${t(KIND_LABELS[k.name])} (${k.name})` : k.name}
                  </option>
                ))}
              </select>
            </label>
            <span className="exports">
              {t('模板')}:{' '}
              {(['csv', 'xlsx'] as const).map((format) => (
                <a key={format} href={`/import/${kind.name}/template.${format}`} download={`${kind.name}.${format}`}>
                  {format.toUpperCase()}
                </a>
              ))}
            </span>
          </div>
          <Columns kind={kind} />
        </>
      )}
      {!session && <p data-testid="sign-in-hint">{t('导入登录提示')}</p>}
      {session && kind && (
        <form className="controls" onSubmit={dryRun} aria-label={t('试运行')}>
          <label className="field">
            {t('文件')} (CSV / XLSX)
            <input
              type="file"
              name="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={busy}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>
          <button type="submit" disabled={!file || busy}>
            {t('试运行')}
          </button>
        </form>
      )}
      {busy && <Running progress={progress} />}
      {problem && (
        <p role="alert" className="error" data-testid="import-problem">
          {t('被拒绝')}: {problem.message}
          {problem.rule ? ` (${t('规则')}: ${problem.rule})` : ''}
        </p>
      )}
      {result && !busy && (
        <>
          <p role="status" data-testid={result.dryRun ? 'dry-run-done' : 'commit-done'}>
            {result.dryRun ? t('试运行完成') : result.committed ? t('已写入') : t('未写入')}
            {` · ${result.file}`}
            {result.format ? ` · ${result.format.toUpperCase()}` : ''}
            {result.encoding ? ` · ${result.encoding}` : ''}
          </p>
          <Outcomes key={runs} result={result} />
          {result.dryRun && !result.fileError && session && (
            <form onSubmit={commit} aria-label={t('提交')}>
              <fieldset className="modes">
                <legend>{t('提交方式')}</legend>
                {(['ALL', 'VALID_ROWS'] as const).map((m) => (
                  <label key={m}>
                    <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} /> {t(m === 'ALL' ? '全部或全不' : '仅有效行')}
                  </label>
                ))}
                <button type="submit">{t('提交')}</button>
              </fieldset>
              {mode === 'ALL' && result.refused > 0 && <p className="note">{t('全部或全不提示')}</p>}
            </form>
          )}
        </>
      )}
    </>
  );
}

function Columns({ kind }: { kind: Kind }) {
  const t = useT();
  return (
    <details className="columns">
      <summary>
        {t('列说明')} ({kind.columns.length}) · {t('键')}: {kind.key}
      </summary>
      <div className="table-wrap">
        <table aria-label={t('列说明')}>
          <thead>
            <tr>
              <th>{t('列')}</th>
              <th>{t('列名')}</th>
              <th>{t('类型')}</th>
              <th>{t('必填')}</th>
              <th>{t('示例')}</th>
              <th>{t('说明')}</th>
            </tr>
          </thead>
          <tbody>
            {kind.columns.map((c) => (
              <tr key={c.name}>
                <td>
                  <code>{c.name}</code>
                </td>
                <td>{c.zh}</td>
                <td>{c.allowed ? c.allowed.join(' | ') : c.type}</td>
                <td>{c.required ? t('是') : t('否')}</td>
                <td>{c.example}</td>
                <td>{c.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function Running({ progress }: { progress: Progress }) {
  const t = useT();
  const counted = progress && progress.total > 0;
  return (
    <p aria-busy="true" data-testid="import-progress">
      <span id="import-progress-label">
        {counted ? `${t('已检查')} ${progress.done.toLocaleString()} / ${progress.total.toLocaleString()} ${t('行数单位')}` : t('处理中')}
      </span>{' '}
      {counted ? (
        <progress aria-labelledby="import-progress-label" value={progress.done} max={progress.total} />
      ) : (
        <progress aria-labelledby="import-progress-label" />
      )}
    </p>
  );
}

function Outcomes({ result }: { result: Result }) {
  const t = useT();
  const [status, setStatus] = useState<string>(result.refused ? 'refused' : '');
  const [page, setPage] = useState(0);
  const shown = useMemo(() => (status ? result.outcomes.filter((o) => o.status === status) : result.outcomes), [result, status]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_ROWS));
  const at = Math.min(page, pages - 1);
  return (
    <>
      {result.fileError && (
        <p role="alert" className="error" data-testid="file-error">
          {t('文件被拒绝')}: {result.fileError.message} ({t('规则')}: {result.fileError.rule}
          {result.fileError.column ? `, ${t('列')}: ${result.fileError.column}` : ''})
        </p>
      )}
      <dl className="cards counts">
        {(['rows', ...STATUSES] as const).map((s) => (
          <div key={s} className={`card ${s}`}>
            <dt>{t(s === 'rows' ? '行数' : STATUS_LABEL[s])}</dt>
            <dd data-testid={`count-${s}`}>{result[s].toLocaleString()}</dd>
          </div>
        ))}
      </dl>
      {result.outcomes.length > 0 && (
        <>
          <div className="controls">
            <label className="field">
              {t('显示')}
              <select
                name="status"
                value={status}
                onChange={(e) => {
                  setStatus(e.target.value);
                  setPage(0);
                }}
              >
                <option value="">{t('全部行')}</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(STATUS_LABEL[s])} ({result[s].toLocaleString()})
                  </option>
                ))}
              </select>
            </label>
            {pages > 1 && (
              <span className="pager">
                <button type="button" disabled={at === 0} onClick={() => setPage(at - 1)}>
                  {t('上一页')}
                </button>{' '}
                <span aria-live="polite">
                  {at + 1} / {pages}
                </span>{' '}
                <button type="button" disabled={at >= pages - 1} onClick={() => setPage(at + 1)}>
                  {t('下一页')}
                </button>
              </span>
            )}
          </div>
          <div className="table-wrap">
            <table aria-label={t('每行结果')}>
              <thead>
                <tr>
                  <th className="num">{t('行')}</th>
                  <th>{t('结果')}</th>
                  <th>{t('列')}</th>
                  <th>{t('规则名')}</th>
                  <th>{t('原因')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.slice(at * PAGE_ROWS, (at + 1) * PAGE_ROWS).map((o) => (
                  <tr key={o.row} data-row={o.row} data-status={o.status} className={o.status === 'refused' ? 'refused' : undefined}>
                    <td className="num">{o.row}</td>
                    <td>{t(STATUS_LABEL[o.status] ?? o.status)}</td>
                    <td>{o.column ?? (o.rule ? t('整行') : '')}</td>
                    <td>{o.rule ?? ''}</td>
                    <td>{o.message ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
