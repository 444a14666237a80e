import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportEntry } from '../lib/import/jobs.js';
import { bufferSource, type ImportSource, MAX_IMPORT_BYTES } from '../lib/import/read.js';
import type { ImportOptions } from '../lib/import/run.js';
import { templateCsv, templateXlsx } from '../lib/import/templates.js';
import { Readable } from 'node:stream';
import { eastwestSubgraph } from '../subgraphs/eastwest/subgraph.js';
import { enterprisesSubgraph } from '../subgraphs/enterprises/subgraph.js';
import {
  ADMIN,
  countStatements,
  type As,
  coordinator,
  DRIVER,
  rowsOf,
  snapshotSchema,
  startFixtureHub,
  startHub,
  tearDown,
  tokenFor,
  type Hub,
  type TestDatabase,
  csvOf,
  importInto,
} from './harness.js';

const run = promisify(execFile);

let db: TestDatabase;
let hub: Hub;
let distributed: Hub;
let pairing: { id: string; since: string; helpedCode: string };
let village: string;

const HELPER = {
  id: 'org-import-demo',
  name: '演示·导入测试企业',
  kind: 'PRIVATE_ENTERPRISE',
  uscc: '91610000MA6TEST01X',
  aliases: ['演示·导入别名'],
  demo: true,
  source: 'test',
};
const TWINS = [
  { id: 'org-import-twin-a', name: '演示·同名企业', kind: 'PRIVATE_ENTERPRISE', demo: true, source: 'test' },
  { id: 'org-import-twin-b', name: '演示·同名企业', kind: 'PRIVATE_ENTERPRISE', demo: true, source: 'test' },
];

const entry = (module: typeof eastwestSubgraph, name: string): ImportEntry => module.imports!.find((e) => e.kind.name === name)!;
const fiscal = () => entry(eastwestSubgraph, 'eastwest-fiscal-aid');
const contributions = () => entry(enterprisesSubgraph, 'enterprise-contributions');

const importAs = (as: As, which: ImportEntry, source: ImportSource, opts: ImportOptions = {}) => importInto(hub, as, which, source, opts);

async function xlsxOf(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('data');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({ organizations: [HELPER, ...TWINS] }));
  distributed = await startHub({ topology: 'distributed', database: db.database });
  const [p] = rowsOf<{ id: string; since: string; helped_code: string }>(
    await db.database.db.execute(
      sql`select id, since::text, helped_code from eastwest.pairings where since <= '2017-01-01' and (until is null or until >= '2019-12-31') order by id limit 1`,
    ),
  );
  pairing = { id: p.id, since: p.since, helpedCode: p.helped_code };
  [{ code: village }] = rowsOf<{ code: string }>(
    await db.database.db.execute(sql`select code from registry.regions where code like '610426%' and length(code) = 12 order by code limit 1`),
  );
}, 180_000);
afterAll(() => tearDown(db, hub, distributed));

const count = async (table: string) => Number(rowsOf<{ n: number }>(await db.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0].n);

describe('east-west fiscal aid from a 2,000-row XLSX', () => {
  const BAD = new Map<number, { column: string; rule: string }>([
    [101, { column: 'amount', rule: 'money' }],
    [702, { column: 'stage', rule: 'cell-type' }],
    [1503, { column: 'pairing', rule: 'exists' }],
  ]);
  let file: Buffer;
  beforeAll(async () => {
    const rows: ExcelJS.CellValue[][] = [['pairing', 'year', 'stage', 'amount', 'purpose']];
    for (let i = 0; i < 2000; i++) {
      const row = i + 2;
      rows.push([
        row === 1503 ? 'ewp-no-such-pairing' : pairing.id,
        2018 + (i % 2),
        row === 702 ? 'SOMEDAY' : ['PLEDGED', 'COMMITTED', 'DISBURSED'][i % 3],
        row === 101 ? 'a lot' : `${1000 + i}.50`,
        `演示·导入项目 ${i}`,
      ]);
    }
    file = await xlsxOf(rows);
  });

  it('the dry run lists exactly the 3 bad rows with column and rule, and changes nothing', async () => {
    const before = await snapshotSchema(db.database, 'eastwest');
    const result = await importAs(ADMIN, fiscal(), bufferSource('aid.xlsx', file), { dryRun: true });
    expect(result).toMatchObject({ rows: 2000, created: 1997, refused: 3, committed: false, format: 'xlsx' });
    expect(result.refusals.map((r) => [r.row, { column: r.column, rule: r.rule }])).toEqual([...BAD]);
    expect(await snapshotSchema(db.database, 'eastwest')).toEqual(before);
  });

  it('all-or-nothing with bad rows changes nothing', async () => {
    const before = await snapshotSchema(db.database, 'eastwest');
    const result = await importAs(ADMIN, fiscal(), bufferSource('aid.xlsx', file));
    expect(result).toMatchObject({ refused: 3, committed: false });
    expect(await snapshotSchema(db.database, 'eastwest')).toEqual(before);
  });

  it('VALID_ROWS creates 1,997 with an audit entry each; the same file again changes nothing', async () => {
    const aid = await count('eastwest.fiscal_aid');
    const audit = await count('eastwest.audit_log');
    const progress: number[] = [];
    const first = await importAs(ADMIN, fiscal(), bufferSource('aid.xlsx', file), { mode: 'VALID_ROWS', onProgress: (done) => progress.push(done) });
    expect(first).toMatchObject({ created: 1997, refused: 3, committed: true });
    expect(progress).toEqual([1000, 2000]);
    expect(await count('eastwest.fiscal_aid')).toBe(aid + 1997);
    expect(await count('eastwest.audit_log')).toBe(audit + 1997);
    const before = await snapshotSchema(db.database, 'eastwest');
    const again = await importAs(ADMIN, fiscal(), bufferSource('aid.xlsx', file), { mode: 'VALID_ROWS' });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1997, refused: 3 });
    expect(await snapshotSchema(db.database, 'eastwest')).toEqual(before);
  });

  it('a changed amount updates the record, audited with before and after; the mutation still refuses the key', async () => {
    const csv = csvOf([
      ['结对编号', '年度', '阶段', '金额', '用途'],
      [pairing.id, 2018, 'PLEDGED', '1.00', '演示·导入项目 0'],
    ]);
    const result = await importAs(ADMIN, fiscal(), bufferSource('aid.csv', Buffer.from(csv)));
    expect(result).toMatchObject({ updated: 1, committed: true });
    const [entry] = rowsOf<{ before: { amount: string }; after: { amount: string } }>(
      await db.database.db.execute(
        sql`select before, after from eastwest.audit_log where entity = 'EastWestFiscalAid' and before is not null order by id desc limit 1`,
      ),
    );
    expect([entry.before.amount, entry.after.amount]).toEqual(['1000.50', '1.00']);
    const answer = await hub.query(
      `mutation($i: EastWestFiscalAidInput!) { recordEastWestFiscalAid(input: $i) { id } }`,
      { i: { pairingId: pairing.id, year: 2018, stage: 'PLEDGED', amount: '5.00', purpose: '演示·导入项目 0' } },
      ADMIN,
    );
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'duplicate' });
  });

  it('an east-west office of neither side is refused row by row (rule either-side), and the refusal audited', async () => {
    const csv = csvOf([
      ['pairing', 'year', 'stage', 'amount', 'purpose'],
      [pairing.id, 2018, 'PLEDGED', '1.00', '演示·无权'],
    ]);
    const result = await importAs(coordinator('65', { office: 'EAST_WEST' }), fiscal(), bufferSource('aid.csv', Buffer.from(csv)));
    expect(result.refusals[0]).toMatchObject({ row: 2, column: null, rule: 'either-side', code: 'FORBIDDEN' });
  });
});

describe('the other east-west flows share the shape: created, then updated by the same key, their own rules per row', () => {
  const kindNamed = (name: string) => entry(eastwestSubgraph, name);
  const cases = () =>
    [
      [
        'eastwest-produce',
        ['pairing', 'year', 'product', 'amount'],
        [pairing.id, 2019, '演示·茶', '10.00'],
        [pairing.id, 2019, '演示·茶', '12.00'],
        [pairing.id, 2019, '', '1.00'],
        'product',
        'required',
      ],
      [
        'eastwest-talent',
        ['pairing', 'year', 'direction', 'kind', 'persons', 'person days'],
        [pairing.id, 2019, 'EAST_TO_WEST', 'TEACHER', 2, 40],
        [pairing.id, 2019, 'EAST_TO_WEST', 'TEACHER', 3, 60],
        [pairing.id, 2019, 'WEST_TO_EAST', 'DOCTOR', 5, 4],
        'person days',
        'days-per-person',
      ],
      [
        'eastwest-labour',
        ['pairing', 'year', 'from county', 'workers placed', 'poor workers placed'],
        [pairing.id, 2019, '__county__', 30, 10],
        [pairing.id, 2019, '__county__', 31, 10],
        [pairing.id, 2018, '__county__', 3, 10],
        'poor workers placed',
        'within-total',
      ],
      [
        'eastwest-industrial-projects',
        ['pairing', 'year', 'name', 'enterprise', 'county', 'investment', 'jobs for poor'],
        [pairing.id, 2019, '演示·厂', '演示·企业', '__county__', '100.00', 5],
        [pairing.id, 2019, '演示·厂', '演示·企业', '__county__', '200.00', 5],
        [pairing.id, 2019, '演示·二厂', '演示·企业', '11', '1.00', 1],
        'county',
        'level',
      ],
    ] as const;

  it('each of produce, talent, labour and industrial projects', async () => {
    const [{ code: county }] = rowsOf<{ code: string }>(
      await db.database.db.execute(
        sql`select code from registry.regions where code like ${`${pairing.helpedCode}%`} and length(code) = 6 and code not like '%00' order by code limit 1`,
      ),
    );
    for (const [name, head, first, changed, bad, column, rule] of cases()) {
      const fill = (row: readonly (string | number)[]) => row.map((c) => (c === '__county__' ? county : c));
      const first_ = await importAs(ADMIN, kindNamed(name), bufferSource('f.csv', Buffer.from(csvOf([[...head], fill(first)]))));
      expect(first_, name).toMatchObject({ created: 1, refused: 0, committed: true });
      const second = await importAs(ADMIN, kindNamed(name), bufferSource('f.csv', Buffer.from(csvOf([[...head], fill(changed), fill(bad)]))), {
        mode: 'VALID_ROWS',
      });
      expect(second, name).toMatchObject({ created: 0, updated: 1, refused: 1, committed: true });
      expect(second.refusals[0], name).toMatchObject({ row: 3, column, rule });
    }
  });
});

describe('enterprise contributions: bad input, each refused by column and rule, changing nothing', () => {
  const HEAD = ['helper', 'place', 'kind', 'date', 'disbursed', 'people reached', 'purpose'];
  const good = (date: string, amount = '100.00') => [HELPER.id, village, 'PUBLIC_WELFARE_DONATION', date, amount, 10, '演示·导入'];

  async function refusedOnly(name: string, body: Buffer | string) {
    const before = await snapshotSchema(db.database, 'enterprises');
    const result = await importAs(ADMIN, contributions(), bufferSource(name, typeof body === 'string' ? Buffer.from(body) : body));
    expect(await snapshotSchema(db.database, 'enterprises')).toEqual(before);
    return result;
  }

  it('a wrong type, an unknown code, a duplicate key, a contradicting row, an ambiguous name', async () => {
    const result = await refusedOnly(
      'c.csv',
      csvOf([
        HEAD,
        good('2019-01-01'),
        [HELPER.id, village, 'PUBLIC_WELFARE_DONATION', '2019-01-02', '100.00', 'many', ''],
        [HELPER.id, '610426999999', 'PUBLIC_WELFARE_DONATION', '2019-01-03', '100.00', 1, ''],
        good('2019-01-01'),
        good('2019-01-01', '200.00'),
        ['演示·同名企业', village, 'PUBLIC_WELFARE_DONATION', '2019-01-04', '100.00', 1, ''],
      ]),
    );
    expect(result.refusals.map((r) => [r.row, r.column, r.rule])).toEqual([
      [3, 'people reached', 'cell-type'],
      [4, 'place', 'exists'],
      [5, null, 'duplicate-row'],
      [6, null, 'contradicts-row'],
      [7, 'helper', 'ambiguous-key'],
    ]);
    expect(result).toMatchObject({ created: 1, refused: 5, committed: false });
  });

  it('a key that matches two records already is refused (ambiguous-key)', async () => {
    for (let i = 0; i < 2; i++) {
      await db.database.db.execute(sql`insert into enterprises.contributions (helper_id, helper_kind, group_id, group_kind, helped_code, kind, date, disbursed)
        values (${HELPER.id}, 'PRIVATE_ENTERPRISE', ${HELPER.id}, 'PRIVATE_ENTERPRISE', ${village}, 'PURCHASE', '2018-05-05', 1)`);
    }
    const result = await refusedOnly('c.csv', csvOf([HEAD, [HELPER.id, village, 'PURCHASE', '2018-05-05', '3.00', 1, '']]));
    expect(result.refusals[0]).toMatchObject({ row: 2, rule: 'ambiguous-key' });
  });

  it('a formula cell, an empty sheet, a file that is not what its extension says, a file over the limit', async () => {
    const formula = await xlsxOf([HEAD, [HELPER.id, village, 'PURCHASE', '2019-02-02', { formula: '1+1', result: 2 }, 1, '']]);
    expect((await refusedOnly('f.xlsx', formula)).refusals[0]).toMatchObject({ row: 2, column: 'disbursed', rule: 'formula' });
    expect((await refusedOnly('e.xlsx', await xlsxOf([]))).fileError).toMatchObject({ rule: 'empty-file' });
    expect((await refusedOnly('h.csv', csvOf([HEAD]))).fileError).toMatchObject({ rule: 'empty-file' });
    expect((await refusedOnly('x.xlsx', csvOf([HEAD, good('2019-03-03')]))).fileError).toMatchObject({ rule: 'file-format' });
    expect((await refusedOnly('x.csv', formula)).fileError).toMatchObject({ rule: 'file-format' });
    expect((await refusedOnly('x.txt', 'a,b')).fileError).toMatchObject({ rule: 'file-format' });
    expect((await refusedOnly('h.csv', csvOf([[...HEAD, 'colour'], good('2019-03-03')]))).fileError).toMatchObject({ rule: 'header', column: 'colour' });
    // A body over the limit, generated, never read: refused by its size before its first byte.
    const huge: ImportSource = { name: 'big.csv', bytes: MAX_IMPORT_BYTES + 1, open: () => Readable.from([]) };
    expect((await importAs(ADMIN, contributions(), huge)).fileError).toMatchObject({ rule: 'file-size' });
  });

  it('reads a CSV with a BOM and Chinese headers, and a GB18030 CSV; the helper by credit code and alias, a former code', async () => {
    const zh = csvOf([
      ['帮扶主体', '受援地代码', '帮扶类型', '日期', '到位金额', '受益人数', '用途'],
      [HELPER.uscc, village, 'PUBLIC_WELFARE_DONATION', '2019-04-01', '10.00', 1, '演示·中文表头'],
      ['演示·导入别名', village.slice(0, 6), 'PUBLIC_WELFARE_DONATION', '2019-04-02', '10.00', 1, '演示·别名'],
    ]);
    const bom = await importAs(ADMIN, contributions(), bufferSource('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(zh)])));
    expect(bom).toMatchObject({ encoding: 'utf-8', created: 2, refused: 0, committed: true });
    const gb = await importAs(ADMIN, contributions(), bufferSource('gb.csv', iconv.encode(zh.replace(/2019-04-0/g, '2019-05-0'), 'gb18030')));
    expect(gb).toMatchObject({ encoding: 'gb18030', created: 2, refused: 0, committed: true });
    expect(gb.refusals).toEqual([]);
  });

  it('costs a few statements per batch of 1,000 rows, whatever the rows (registry lookups once per file)', async () => {
    const file = (n: number) =>
      csvOf([
        HEAD,
        ...Array.from({ length: n }, (_, i) => [
          i % 2 ? HELPER.id : HELPER.uscc,
          village,
          'PUBLIC_WELFARE_DONATION',
          new Date(Date.UTC(2018, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
          `${i + 1}.00`,
          1,
          '演示·批',
        ]),
      ]);
    const statements = async (n: number) =>
      (await countStatements(db.database, () => importAs(ADMIN, contributions(), bufferSource('s.csv', Buffer.from(file(n))), { dryRun: true }))).statements;
    const [one, three] = [await statements(1000), await statements(3000)];
    // Each further batch: the table lock and the existing records (no compact named: no compact read).
    expect(three - one).toBe(4);
    expect(one).toBeLessThan(20);
  });

  it('offers its template as CSV and XLSX, and the CSV template imports (its example row)', async () => {
    const csv = templateCsv(contributions().kind).toString('utf8');
    expect(csv).toContain('helper,place,kind,date');
    expect(csv).toContain('PUBLIC_WELFARE_DONATION');
    const xlsx = await templateXlsx(contributions().kind);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as never);
    expect(book.worksheets.map((w) => w.name)).toEqual(['data', 'columns']);
  });
});

describe.each(['embedded', 'distributed'] as const)('the HTTP endpoint (%s)', (topology) => {
  const target = () => (topology === 'embedded' ? hub : distributed);
  const endpoint = (query: string) => target().url.replace(/\/graphql$/, `/import/enterprise-contributions${query}`);
  const body = (day: string) =>
    csvOf([
      ['helper', 'place', 'kind', 'date', 'disbursed'],
      [HELPER.id, village, 'PURCHASE', `2019-07-${day}`, '9.00'],
      [HELPER.id, 'nope', 'PURCHASE', `2019-07-${day}`, '9.00'],
    ]);

  it('runs a dry run, then the valid rows, as the token’s caller; refuses anonymous callers and bodies over the limit', async () => {
    const day = topology === 'embedded' ? '01' : '02';
    const auth = { authorization: `Bearer ${await tokenFor(ADMIN)}` };
    const dry = await fetch(endpoint('?dryRun=true&name=c.csv'), { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: body(day) });
    const answer = (await dry.json()) as {
      created: number;
      refused: number;
      committed: boolean;
      rows: { row: number; status: string; column?: string; rule?: string }[];
    };
    expect(dry.status).toBe(200);
    expect(answer).toMatchObject({ created: 1, refused: 1, committed: false });
    expect(answer.rows).toEqual([
      { row: 2, status: 'created' },
      expect.objectContaining({ row: 3, status: 'refused', column: 'place', rule: 'division-code' }),
    ]);
    const form = new FormData();
    form.append('file', new Blob([body(day)]), 'c.csv');
    const valid = await fetch(endpoint('?mode=VALID_ROWS'), { method: 'POST', headers: auth, body: form });
    expect(await valid.json()).toMatchObject({ created: 1, refused: 1, committed: true });
    const anonymous = await fetch(endpoint('?name=c.csv'), { method: 'POST', body: body(day) });
    expect(anonymous.status).toBe(403);
    // A generated body over the limit: refused by its size (413), nothing read into the database.
    const huge = await fetch(endpoint('?name=big.csv'), { method: 'POST', headers: auth, body: Buffer.alloc(MAX_IMPORT_BYTES + 2 * 1024 * 1024, 0x41) });
    expect(huge.status).toBe(413);
    const template = await fetch(target().url.replace(/\/graphql$/, '/import/eastwest-fiscal-aid/template.csv'));
    expect(await template.text()).toContain('pairing,year,stage,amount,purpose');
  });
});

describe.each(['embedded', 'distributed'] as const)('GraphQL (%s): start an import in the owning subgraph, read it by id', (topology) => {
  const START = `mutation($f: ImportFileInput!, $dry: Boolean) { startEastWestImport(kind: "eastwest-fiscal-aid", file: $f, dryRun: $dry) { id state } }`;
  const READ = `query($id: ID!) { eastWestImport(id: $id) { state rowsDone rows error result { committed created refused refusals { row column rule } rowOutcomes { row status } } } }`;

  it('runs the same checks, answers progress and the result, to its starter only', async () => {
    const target = topology === 'embedded' ? hub : distributed;
    const file = csvOf([
      ['pairing', 'year', 'stage', 'amount', 'purpose'],
      [pairing.id, 2019, 'PLEDGED', '3.00', `演示·GraphQL ${topology}`],
      [pairing.id, 1900, 'PLEDGED', '3.00', '演示·早'],
    ]);
    const started = await target.query(START, { f: { name: 'a.csv', base64: Buffer.from(file).toString('base64') }, dry: true }, ADMIN);
    expect(started.errors).toBeUndefined();
    const id = started.data!.startEastWestImport.id;
    let job: Record<string, any> = {};
    for (let i = 0; i < 100 && job.state !== 'DONE'; i++) {
      job = (await target.query(READ, { id }, ADMIN)).data!.eastWestImport;
      if (job.state !== 'DONE') await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ state: 'DONE', rowsDone: 2, rows: 2, error: null });
    expect(job.result).toMatchObject({ committed: false, created: 1, refused: 1, refusals: [{ row: 3, column: 'year', rule: 'year' }] });
    expect(job.result.rowOutcomes).toEqual([
      { row: 2, status: 'created' },
      { row: 3, status: 'refused' },
    ]);
    const other = await target.query(READ, { id }, coordinator('52', { office: 'EAST_WEST', sub: 'someone-else' }));
    expect(other.data?.eastWestImport).toBeNull();
    const anonymous = await target.query(START, { f: { name: 'a.csv', base64: '' } });
    expect(anonymous.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'signed-in' });
  });
});

describe('the command', () => {
  it.skipIf(DRIVER !== 'postgres')(
    'imports a file as ADMIN, a dry run first',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bangfu-import-'));
      const file = join(dir, 'c.csv');
      writeFileSync(
        file,
        csvOf([
          ['helper', 'place', 'kind', 'date', 'disbursed'],
          [HELPER.id, village, 'PURCHASE', '2019-08-08', '7.00'],
        ]),
      );
      const env = { ...process.env, DATABASE_URL: db.url };
      const dry = await run('npx', ['tsx', 'scripts/import.ts', file, '--kind', 'enterprise-contributions', '--dry-run'], { env });
      expect(dry.stdout).toMatch(/1 rows — 1 created, 0 updated, 0 unchanged, 0 refused \(dry run/);
      const done = await run('npx', ['tsx', 'scripts/import.ts', file, '--kind', 'enterprise-contributions'], { env });
      expect(done.stdout).toMatch(/1 created.*committed/);
    },
    60_000,
  );
});

describe('imports and the history of records: locked periods, voided records, regions, versions', () => {
  const LOCK = `mutation($c: Channel!, $r: ID!, $y: Int!) { lockPeriod(channel: $c, regionCode: $r, year: $y, reason: "演示·年报已审定") { id } }`;
  const UNLOCK = `mutation($c: Channel!, $r: ID!, $y: Int!) { unlockPeriod(channel: $c, regionCode: $r, year: $y, reason: "演示·补录") { id } }`;
  const AID_HEAD = ['pairing', 'year', 'stage', 'amount', 'purpose'];
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const answer = await hub.query(query, variables, ADMIN);
    expect(answer.errors).toBeUndefined();
    return answer.data as Record<string, any>;
  };

  it('refuses every row into a locked period (CONFLICT locked on the year or date column), changing nothing; one lock lookup per file', async () => {
    const province = pairing.helpedCode.slice(0, 2);
    await gql(LOCK, { c: 'EAST_WEST', r: province, y: 2017 });
    const rows = Array.from({ length: 2500 }, (_, i) => [pairing.id, i === 1 ? 2018 : 2017, 'PLEDGED', '1.00', `演示·锁定期 ${i}`]);
    const file = Buffer.from(csvOf([AID_HEAD, ...rows]));
    const before = await snapshotSchema(db.database, 'eastwest');
    const { result, log } = await countStatements(db.database, () => importAs(ADMIN, fiscal(), bufferSource('locked.csv', file)));
    expect(result).toMatchObject({ rows: 2500, created: 1, refused: 2499, committed: false });
    expect(result.refusals[0]).toMatchObject({ row: 2, column: 'year', rule: 'locked', code: 'CONFLICT' });
    expect(result.refusals.map((r) => r.row)).not.toContain(3);
    expect(await snapshotSchema(db.database, 'eastwest')).toEqual(before);
    // The channel's locks are read once for the whole file, not per row or per batch of rows.
    expect(log.filter((s) => s.includes('period_locks')).length).toBe(1);
    // VALID_ROWS writes the unlocked row only.
    const valid = await importAs(ADMIN, fiscal(), bufferSource('locked.csv', file), { mode: 'VALID_ROWS' });
    expect(valid).toMatchObject({ created: 1, refused: 2499, committed: true });
    await gql(UNLOCK, { c: 'EAST_WEST', r: province, y: 2017 });

    const enterpriseBefore = await snapshotSchema(db.database, 'enterprises');
    await gql(LOCK, { c: 'ENTERPRISE', r: '610426', y: 2017 });
    const csv = csvOf([
      ['helper', 'place', 'kind', 'date', 'disbursed'],
      [HELPER.id, village, 'PUBLIC_WELFARE_DONATION', '2017-03-01', '1.00'],
    ]);
    const refused = await importAs(ADMIN, contributions(), bufferSource('c.csv', Buffer.from(csv)), { mode: 'VALID_ROWS' });
    expect(refused).toMatchObject({ created: 0, refused: 1 });
    expect(refused.refusals[0]).toMatchObject({ row: 2, column: 'date', rule: 'locked', code: 'CONFLICT' });
    expect(await snapshotSchema(db.database, 'enterprises')).toEqual(enterpriseBefore);
    await gql(UNLOCK, { c: 'ENTERPRISE', r: '610426', y: 2017 });
    const taken = await importAs(ADMIN, contributions(), bufferSource('c.csv', Buffer.from(csv)));
    expect(taken).toMatchObject({ created: 1, committed: true });
    const [{ id, regions }] = rowsOf<{ id: string; regions: string[] }>(
      await db.database.db.execute(
        sql`select entity_id as id, regions from enterprises.audit_log where entity = 'EnterpriseContribution' and after->>'date' = '2017-03-01' order by id desc limit 1`,
      ),
    );
    expect(regions).toEqual([village]);
    const read = await gql(`query($id: ID!) { enterpriseContribution(id: $id) { history { version action } } }`, { id });
    expect(read.enterpriseContribution.history).toEqual([{ version: 1, action: 'recordEnterpriseContribution' }]);
  });

  it('a record made by an import has its history and its regions; a row matching a voided record creates a new one', async () => {
    const [{ helper_code: helperCode }] = rowsOf<{ helper_code: string }>(
      await db.database.db.execute(sql`select helper_code from eastwest.pairings where id = ${pairing.id}`),
    );
    const row = [pairing.id, 2017, 'COMMITTED', '5.00', '演示·作废后重录'];
    const first = await importAs(ADMIN, fiscal(), bufferSource('v.csv', Buffer.from(csvOf([AID_HEAD, row]))));
    expect(first).toMatchObject({ created: 1, committed: true });
    const LIST = `query($p: ID!) { eastWestPairing(id: $p) {
      fiscalAid(year: 2017, includeVoided: true) { id amount purpose version voided { reason } history { version action } } } }`;
    const mine = async () =>
      ((await gql(LIST, { p: pairing.id })).eastWestPairing.fiscalAid as { id: string; purpose: string }[]).filter((a) => a.purpose === row[4]);
    const [made] = await mine();
    expect(made).toMatchObject({ version: 1, voided: null, history: [{ version: 1, action: 'recordEastWestFiscalAid' }] });
    const [audit] = rowsOf<{ regions: string[] }>(
      await db.database.db.execute(sql`select regions from eastwest.audit_log where entity_id = ${made.id} order by id limit 1`),
    );
    expect(audit.regions).toEqual([helperCode, pairing.helpedCode].sort());

    // Updated by a second import: version 2, and a second version in its history.
    const changed = await importAs(ADMIN, fiscal(), bufferSource('v.csv', Buffer.from(csvOf([AID_HEAD, [...row.slice(0, 3), '6.00', row[4]]]))));
    expect(changed).toMatchObject({ updated: 1 });
    expect((await mine())[0]).toMatchObject({ amount: '6.00', version: 2, history: [{ version: 1 }, { version: 2, action: 'recordEastWestFiscalAid' }] });

    await gql(`mutation($id: ID!) { voidEastWestRecord(id: $id, reason: "演示·重复录入") { __typename } }`, { id: made.id });
    const again = await importAs(ADMIN, fiscal(), bufferSource('v.csv', Buffer.from(csvOf([AID_HEAD, row]))));
    expect(again).toMatchObject({ created: 1, updated: 0, committed: true });
    const both = await mine();
    expect(both).toHaveLength(2);
    expect(both.find((a) => a.id === made.id)).toMatchObject({ amount: '6.00', voided: { reason: '演示·重复录入' } });
    expect(both.find((a) => a.id !== made.id)).toMatchObject({ amount: '5.00', voided: null, version: 1 });
  });
});
