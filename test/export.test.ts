import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, countStatements, SASAC, startFixtureHub, startHub, tearDown, tokenFor, type As, type Hub, type TestDatabase } from './harness.js';
import { sql } from 'drizzle-orm';
import { STREAM_BATCH, textBatches } from '../lib/export.js';
import { contributionsTable } from '../subgraphs/enterprises/tables.js';
import { CSV_META_PREFIX, JSONL_META_KEY, UTF8_BOM } from '../gateway/export/formats.js';
import type { Answer } from '../gateway/export/catalogue.js';

// Exports (docs/export.md): the files say what the graph says, to the same caller, in both topologies.
let db: TestDatabase;
let embedded: Hub;
let distributed: Hub;

beforeAll(async () => {
  ({ db, hub: embedded } = await startFixtureHub({ demo: true }));
  distributed = await startHub({ topology: 'distributed', database: db.database });
});
afterAll(() => tearDown(db, embedded, distributed));

async function download(hub: Hub, path: string, as?: As) {
  const headers: Record<string, string> = as ? { authorization: `Bearer ${await tokenFor(as)}` } : {};
  const response = await fetch(new URL(path, hub.url), { headers });
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

/** The rows of a JSON Lines export: its metadata line, then each row object. */
function jsonl(bytes: Buffer) {
  const lines = bytes.toString('utf8').trimEnd().split('\n');
  const objects = lines.map((l) => JSON.parse(l) as Record<string, any>);
  return { meta: objects[0][JSONL_META_KEY], rows: objects.slice(1) };
}

function csv(bytes: Buffer) {
  return parse(bytes, { bom: true, comment: '#', columns: true, cast: false }) as Record<string, string>[];
}

async function workbook(bytes: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

const PLACE_2019 = '/export/place.xlsx?place=610426&descendants=1&from=2019&to=2019';

/** The same records as the graph's answer for 2019 (a place's picture with its descendants). */
async function graphPlace(hub: Hub, as?: As) {
  const q = `query($year: Int) { region(code: "610426") {
    designatedAssistance(year: $year, includeDescendants: true) { id demo }
    eastWestPairings(year: $year, includeDescendants: true) { id demo }
    militaryAssistance(year: $year, includeDescendants: true) { id demo }
    partyAssistance(year: $year, includeDescendants: true) { id ... on SupervisionAssignment { demo } ... on OwnAidCounty { demo } ... on IntellectualAssistance { demo } }
    enterpriseAssistance(year: $year, includeDescendants: true) { id demo }
    workTeams(year: $year, includeDescendants: true) { id demo }
  } }`;
  const answer = await hub.query(q, { year: 2019 }, as);
  expect(answer.errors).toBeUndefined();
  return answer.data!.region as Record<string, { id: string; demo: boolean }[]>;
}

const SHEETS: [string, string][] = [
  ['designated', 'designatedAssistance'],
  ['eastwest', 'eastWestPairings'],
  ['military', 'militaryAssistance'],
  ['parties', 'partyAssistance'],
  ['enterprises', 'enterpriseAssistance'],
];

describe('a place as XLSX', () => {
  it.each([
    ['an administrator', ADMIN],
    ['an anonymous caller', undefined],
  ])('has one sheet per channel, each with the rows the graph answers %s, and says its query', async (_who, as) => {
    const file = await download(embedded, PLACE_2019, as);
    expect(file.status).toBe(200);
    expect(file.type).toContain('spreadsheetml');
    const book = await workbook(file.bytes);
    expect(book.worksheets.map((w) => w.name)).toEqual([...SHEETS.map(([s]) => s), 'local']);
    expect(book.description).toContain('query ExportPlace');
    expect(JSON.parse(book.subject)).toMatchObject({ place: '610426', descendants: true, from: 2019, to: 2019 });
    const graph = await graphPlace(embedded, as);
    let total = 0;
    for (const [sheet, field] of SHEETS) {
      const ws = book.getWorksheet(sheet)!;
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual(['year', 'id', 'type', 'helperId', 'helperName', 'helpedCode', 'helpedName', 'since', 'until', 'demo']);
      const rows: Record<string, unknown>[] = [];
      ws.eachRow((row, n) => {
        if (n > 1) rows.push(Object.fromEntries(header.map((h, i) => [h, (row.values as unknown[])[i + 1]])));
      });
      expect(rows.map((r) => ({ id: r.id, demo: r.demo }))).toEqual(graph[field].map((r) => ({ id: r.id, demo: r.demo })));
      expect(rows.every((r) => r.year === 2019)).toBe(true);
      total += rows.length;
    }
    expect(total).toBeGreaterThan(0);
    // The county's own work: its village work teams, as the graph lists them.
    const local = book.getWorksheet('local')!;
    const ids: unknown[] = [];
    local.eachRow((row, n) => {
      if (n > 1) ids.push((row.values as unknown[])[2]);
    });
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(graph.workTeams.map((t) => t.id));
  });
});

describe('masking', () => {
  it('gives anonymous callers what the graph gives them: no unpublished contribution, no note, masked donors', async () => {
    // One unpublished contribution with a note, and one published with a note, written through the graph.
    const before = jsonl((await download(embedded, '/export/contributions.jsonl?place=610426&descendants=1', ADMIN)).bytes);
    const helperId = before.rows.find((r) => r.ownership === 'PRIVATE_ENTERPRISE')!.helperId;
    const record = `mutation($input: RecordContributionInput!) { recordEnterpriseContribution(input: $input) { id } }`;
    for (const published of [false, true]) {
      const input = {
        helperId,
        helpedCode: '610426',
        kind: 'PUBLIC_WELFARE_DONATION',
        date: published ? '2019-05-05' : '2019-05-04',
        disbursed: '1000.00',
        published,
        note: '内部备注',
      };
      const written = await embedded.query(record, { input }, ADMIN);
      expect(written.errors, JSON.stringify(written.errors)).toBeUndefined();
    }
    const admin = jsonl((await download(embedded, '/export/contributions.jsonl?place=610426&descendants=1', ADMIN)).bytes);
    const anonymous = jsonl((await download(embedded, '/export/contributions.jsonl?place=610426&descendants=1')).bytes);
    expect(admin.meta.role).toBe('ADMIN');
    expect(anonymous.meta.role).toBe('PUBLIC');
    expect(admin.rows.length).toBeGreaterThan(anonymous.rows.length);
    expect(anonymous.rows.every((r) => r.published === true && r.note === null)).toBe(true);
    expect(admin.rows.some((r) => r.note !== null)).toBe(true);
    // Row by row, what the graph answers for the same record and caller.
    const sample = [...anonymous.rows.slice(0, 20), ...anonymous.rows.filter((r) => r.ownership === 'INDIVIDUAL').slice(0, 20)];
    const q = `query($id: ID!) { enterpriseContribution(id: $id) { id helper { name } note published demo disbursed } }`;
    for (const r of sample) {
      const graph = (await embedded.query(q, { id: r.id })).data!.enterpriseContribution;
      expect({ id: r.id, helper: r.helperName, note: r.note, published: r.published, demo: r.demo, disbursed: r.disbursed }).toEqual({
        id: graph.id,
        helper: graph.helper.name,
        note: graph.note,
        published: graph.published,
        demo: graph.demo,
        disbursed: graph.disbursed,
      });
    }
    // An individual donor's name: masked for anonymous callers, as the registry masks it in the graph.
    const individual = anonymous.rows.find((r) => r.ownership === 'INDIVIDUAL');
    expect(individual).toBeDefined();
    expect(admin.rows.find((r) => r.id === individual!.id)!.helperName).not.toBe(individual!.helperName);
    // An unpublished record the admin's file holds is not in the anonymous one, and the graph hides it too.
    const hidden = admin.rows.find((r) => r.published === false);
    expect(hidden).toBeDefined();
    expect(anonymous.rows.some((r) => r.id === hidden!.id)).toBe(false);
    expect((await embedded.query(q, { id: hidden!.id })).data!.enterpriseContribution).toBeNull();
  });

  it("a place's cadres: identity numbers as the graph gives them, null for anonymous callers, masked for a coordinator", async () => {
    const path = '/export/cadres.jsonl?place=610426&descendants=1';
    const office: As = { role: 'COORDINATOR', regions: ['610426'] };
    const [admin, anonymous, coordinated] = await Promise.all([download(embedded, path, ADMIN), download(embedded, path), download(embedded, path, office)]);
    const rows = (f: { bytes: Buffer }) => jsonl(f.bytes).rows;
    expect(rows(admin).length).toBeGreaterThan(0);
    expect(rows(admin).every((r) => /^\d{17}[\dX]$/.test(r.identityNumber))).toBe(true);
    expect(rows(anonymous).every((r) => r.identityNumber === null)).toBe(true);
    expect(rows(coordinated).every((r) => r.identityNumber.includes('********'))).toBe(true);
    const q = '{ region(code: "610426") { cadres(includeDescendants: true) { id identityNumber demo } } }';
    const graph = (await embedded.query(q, {}, office)).data!.region.cadres as Answer[];
    expect(rows(coordinated).map((r) => [r.id, r.identityNumber, r.demo])).toEqual(graph.map((c) => [c.id, c.identityNumber, c.demo]));
  });

  it("has the same rows as the graph's list for the same caller", async () => {
    const file = jsonl((await download(embedded, '/export/contributions.jsonl?place=610426&descendants=1&from=2019&to=2019')).bytes);
    const graph = await graphPlace(embedded);
    const contributions = graph.enterpriseAssistance.filter((r) => r.id.startsWith('ent-ct-'));
    expect(file.rows.map((r) => r.id).sort()).toEqual(contributions.map((r) => r.id).sort());
    const demo = new Map(contributions.map((r) => [r.id, r.demo]));
    expect(file.rows.every((r) => r.demo === demo.get(r.id))).toBe(true);
  });
});

describe('CSV and JSON Lines', () => {
  it('CSV: BOM, a metadata comment, Chinese text that round-trips through csv-parse', async () => {
    const file = await download(embedded, '/export/place.csv?place=610426&descendants=1&from=2019&to=2019', ADMIN);
    expect(file.type).toContain('text/csv');
    const text = file.bytes.toString('utf8');
    expect(text.startsWith(UTF8_BOM + CSV_META_PREFIX)).toBe(true);
    const meta = JSON.parse(text.slice(1, text.indexOf('\n')).slice(CSV_META_PREFIX.length));
    expect(meta).toMatchObject({ export: 'place', role: 'ADMIN', params: { place: '610426' } });
    const rows = csv(file.bytes);
    const xlsx = await workbook((await download(embedded, PLACE_2019, ADMIN)).bytes);
    const names = new Set<string>();
    // The channels' sheets name helpers; the county's work teams name senders instead.
    for (const ws of xlsx.worksheets.filter((w) => w.name !== 'local')) ws.eachRow((row, n) => void (n > 1 && names.add(String((row.values as unknown[])[5]))));
    expect(new Set(rows.filter((r) => r.sheet !== 'local').map((r) => r.helperName))).toEqual(names);
    expect(rows.some((r) => r.sheet === 'local' && r.senderNames)).toBe(true);
    expect(rows.some((r) => /[\u4e00-\u9fff]/.test(r.helperName))).toBe(true);
    expect(rows.every((r) => r.demo === 'true' || r.demo === 'false')).toBe(true);
  });

  it('JSON Lines: every line parses, the first says the export, every row has a boolean demo', async () => {
    const file = await download(embedded, '/export/national.jsonl?place=61&from=2019&to=2019');
    expect(file.status).toBe(200);
    const { meta, rows } = jsonl(file.bytes);
    expect(meta).toMatchObject({ export: 'national', role: 'PUBLIC', params: { place: '61', from: 2019 } });
    expect(meta.query).toContain('query ExportNational');
    expect(rows.length).toBe(56); // Shaanxi's poverty counties
    expect(rows.every((r) => typeof r.demo === 'boolean' && r.sheet === 'national')).toBe(true);
  });

  it('the SASAC ranking and coverage export with a year', async () => {
    const ranking = jsonl((await download(embedded, '/export/sasac-ranking.jsonl?from=2019&to=2020', ADMIN)).bytes);
    const graph = (await embedded.query('{ sasacRanking(year: 2019, first: 1000) { entries { rank group { id demo } } } }', {}, ADMIN)).data!;
    const y2019 = ranking.rows.filter((r) => r.year === 2019);
    expect(y2019.map((r) => [r.rank, r.groupId, r.demo])).toEqual(graph.sasacRanking.entries.map((e: any) => [e.rank, e.group.id, e.group.demo]));
    expect(ranking.rows.some((r) => r.year === 2020)).toBe(true);
    const coverage = await download(embedded, '/export/coverage.csv?place=61&from=2019');
    expect(coverage.status).toBe(200);
    const gaps = (await embedded.query('{ militaryCoverageGaps(year: 2019, within: "61") { gaps { code } } }')).data!;
    expect(
      csv(coverage.bytes)
        .filter((r) => r.sheet === 'military')
        .map((r) => r.code),
    ).toEqual(gaps.militaryCoverageGaps.gaps.map((g: any) => g.code));
  });
});

describe('bad parameters', () => {
  const cases: [string, number, string, string | undefined, string | undefined][] = [
    ['/export/place.csv?place=999999', 404, 'NOT_FOUND', 'place', 'exists'],
    ['/export/place.csv?place=abc', 400, 'BAD_USER_INPUT', 'place', 'division-code'],
    ['/export/place.csv', 400, 'BAD_USER_INPUT', 'place', 'required'],
    ['/export/place.csv?place=610426&from=2020&to=2019', 400, 'BAD_USER_INPUT', 'to', 'period'],
    ['/export/place.csv?place=610426&from=1900', 400, 'BAD_USER_INPUT', 'from', 'year'],
    ['/export/place.csv?place=610426&descendants=yes', 400, 'BAD_USER_INPUT', 'descendants', 'flag'],
    ['/export/sasac-ranking.csv?from=2019&place=61', 400, 'BAD_USER_INPUT', 'place', 'export-parameter'],
    ['/export/sasac-ranking.csv', 400, 'BAD_USER_INPUT', 'from', 'required'],
    ['/export/nothing.csv', 404, 'NOT_FOUND', 'export', 'exists'],
    ['/export/place.pdf?place=610426', 404, 'NOT_FOUND', 'format', 'exists'],
  ];
  it.each(cases)('%s → %i %s (%s, %s)', async (path, status, code, field, rule) => {
    const file = await download(embedded, path);
    expect(file.status).toBe(status);
    const body = JSON.parse(file.bytes.toString('utf8'));
    expect(body.errors[0].extensions).toMatchObject({ code, field, rule });
    expect(JSON.stringify(body)).not.toMatch(/ at .*\.ts:\d+/);
  });

  it('a token that does not verify is refused, not read as anonymous', async () => {
    const response = await fetch(new URL('/export/national.csv', embedded.url), { headers: { authorization: 'Bearer nope' } });
    expect(response.status).toBe(401);
  });
});

describe('any query of the graph (query.<format>)', () => {
  const LIST = `query Military($code: ID!, $year: Int) { region(code: $code) {
    militaryAssistance(year: $year, includeDescendants: true) { id helper { id name } helped { code } kind since demo }
  } }`;
  const post = async (hub: Hub, format: string, body: unknown, as?: As) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(as ? { authorization: `Bearer ${await tokenFor(as)}` } : {}) };
    const response = await fetch(new URL(`/export/query.${format}`, hub.url), { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  it("writes a channel list's rows as the graph answers them, nested fields as columns, the query in the file", async () => {
    const variables = { code: '61', year: 2019 };
    const graph = await embedded.query(LIST, variables);
    const records = graph.data!.region.militaryAssistance as { id: string; helper: { name: string }; demo: boolean }[];
    expect(records.length).toBeGreaterThan(0);
    const file = await post(embedded, 'csv', { query: LIST, variables });
    expect(file.status).toBe(200);
    const rows = csv(file.bytes);
    expect(rows.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(rows.map((r) => r['helper.name'])).toEqual(records.map((r) => r.helper.name));
    expect(rows.map((r) => r.demo)).toEqual(records.map((r) => String(r.demo)));
    const meta = JSON.parse(
      file.bytes
        .toString('utf8')
        .split('\n')[0]
        .slice(UTF8_BOM.length + CSV_META_PREFIX.length),
    );
    expect(meta).toMatchObject({ export: 'query', query: LIST, params: { rows: 'region.militaryAssistance', variables: JSON.stringify(variables) } });
  });

  it('writes a summary as one row, its demo part beside it; by GET as well', async () => {
    const query = '{ region(code: "610426") { militarySummary(year: 2019) { assistanceCount units totals { funds } demo { assistanceCount } } } }';
    const graph = (await embedded.query(query)).data!.region.militarySummary;
    const file = await download(embedded, `/export/query.jsonl?${new URLSearchParams({ query, rows: 'region.militarySummary' })}`);
    expect(file.status).toBe(200);
    const { rows } = jsonl(file.bytes);
    expect(rows).toEqual([
      {
        sheet: 'militarySummary',
        assistanceCount: graph.assistanceCount,
        units: graph.units,
        'totals.funds': graph.totals.funds,
        'demo.assistanceCount': graph.demo.assistanceCount,
      },
    ]);
  });

  it('gives each caller what the graph gives them, as XLSX: unpublished records and notes only to those who read them', async () => {
    const helper = (await embedded.query('{ region(code: "610426") { enterpriseAssistance(includeDescendants: true) { helper { id kind } } } }')).data!.region
      .enterpriseAssistance as { helper: { id: string; kind: string } }[];
    const helperId = helper.find((r) => r.helper.kind === 'PRIVATE_ENTERPRISE')!.helper.id;
    const written = await embedded.query(
      `mutation($input: RecordContributionInput!) { recordEnterpriseContribution(input: $input) { id } }`,
      { input: { helperId, helpedCode: '610426', kind: 'PUBLIC_WELFARE_DONATION', date: '2017-03-03', disbursed: '5.00', published: false, note: '导出备注' } },
      ADMIN,
    );
    expect(written.errors).toBeUndefined();
    const query = `{ region(code: "610426") { enterpriseAssistance(year: 2017, includeDescendants: true) { id published note demo } } }`;
    const files: Record<string, { id: string; note: string | null }[]> = {};
    for (const [who, as] of [
      ['admin', ADMIN],
      ['anonymous', undefined],
    ] as const) {
      const graph = (await embedded.query(query, {}, as)).data!.region.enterpriseAssistance as { id: string; note: string | null }[];
      const book = await workbook((await post(embedded, 'xlsx', { query }, as)).bytes);
      const sheet = book.worksheets[0];
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const cell = (row: number, column: string) => sheet.getRow(row).getCell(header.indexOf(column) + 1).value ?? null;
      files[who] = Array.from({ length: sheet.rowCount - 1 }, (_, i) => ({ id: cell(i + 2, 'id') as string, note: cell(i + 2, 'note') as string | null }));
      expect(files[who]).toEqual(graph.map((r) => ({ id: r.id, note: r.note })));
    }
    const mine = written.data!.recordEnterpriseContribution.id;
    expect(files.admin.find((r) => r.id === mine)?.note).toBe('导出备注');
    expect(files.anonymous.some((r) => r.id === mine)).toBe(false);
  });

  it('serves the same bytes distributed', async () => {
    const body = { query: LIST, variables: { code: '61', year: 2019 } };
    const [a, b] = await Promise.all([post(embedded, 'csv', body, ADMIN), post(distributed, 'csv', body, ADMIN)]);
    expect(b.status).toBe(200);
    expect(b.bytes.equals(a.bytes)).toBe(true);
  });

  it.each([
    ['a mutation', { query: 'mutation { voidMilitaryRecord(id: "x", reason: "r") { id } }' }, 400, 'BAD_USER_INPUT', 'query', 'export-query'],
    ['no query', {}, 400, 'BAD_USER_INPUT', 'query', 'required'],
    ['a query that does not parse', { query: '{ region(' }, 400, 'BAD_USER_INPUT', 'query', 'export-query'],
    [
      'rows without demo',
      { query: '{ region(code: "61") { militaryAssistance(includeDescendants: true) { id } } }' },
      400,
      'BAD_USER_INPUT',
      'query',
      'demo-column',
    ],
    ['a rows path not in the answer', { query: LIST, variables: { code: '610426' }, rows: 'region.nothing' }, 400, 'BAD_USER_INPUT', 'rows', 'export-rows'],
    ['variables that are not an object', { query: LIST, variables: [1] }, 400, 'BAD_USER_INPUT', 'variables', 'export-query'],
    ['an unknown parameter', { query: LIST, place: '61' }, 400, 'BAD_USER_INPUT', 'place', 'export-parameter'],
    ['a field the graph does not have', { query: '{ region(code: "610426") { nothing } }' }, 400, 'GRAPHQL_VALIDATION_FAILED', undefined, undefined],
  ])('refuses %s before the first byte, writing nothing', async (_what, body, status, code, field, rule) => {
    const file = await post(embedded, 'csv', body, ADMIN);
    expect(file.status).toBe(status);
    const answer = JSON.parse(file.bytes.toString('utf8'));
    expect(answer.errors[0].extensions).toMatchObject({ code, ...(field ? { field, rule } : {}) });
    expect(JSON.stringify(answer)).not.toMatch(/ at .*\.ts:\d+/);
  });
});

describe('distributed', () => {
  it.each([
    '/export/place.csv?place=610426&descendants=1&from=2019&to=2019',
    '/export/contributions.jsonl?place=610426&descendants=1',
    '/export/contributions.csv?place=610426&descendants=1',
  ])('serves the same bytes as the embedded hub: %s', async (path) => {
    for (const as of [ADMIN, undefined]) {
      const [a, b] = await Promise.all([download(embedded, path, as), download(distributed, path, as)]);
      expect(b.status).toBe(200);
      expect(b.bytes.equals(a.bytes)).toBe(true);
    }
  });

  it('writes CSV lines from the database as the rows are written: quotes, commas, line breaks, masked notes, each role', async () => {
    const path = '/export/contributions.csv?place=610426&descendants=1';
    const before = jsonl((await download(embedded, '/export/contributions.jsonl?place=610426&descendants=1', ADMIN)).bytes);
    const row = before.rows.find((r) => r.ownership === 'PRIVATE_ENTERPRISE')!;
    const purpose = '演示 "引号", 逗号\n换行\r\n完\t制表 \\N 反斜杠\\';
    const record = `mutation($input: RecordContributionInput!) { recordEnterpriseContribution(input: $input) { id } }`;
    const input = {
      helperId: row.helperId,
      helpedCode: '610426',
      kind: 'PUBLIC_WELFARE_DONATION',
      date: '2019-07-07',
      disbursed: '12.50',
      purpose,
      note: 'a, "b"',
    };
    const written = await embedded.query(record, { input }, ADMIN);
    expect(written.errors, JSON.stringify(written.errors)).toBeUndefined();
    const id = (written.data as { recordEnterpriseContribution: { id: string } }).recordEnterpriseContribution.id;
    const roles: (As | undefined)[] = [
      ADMIN,
      undefined,
      { role: 'EDITOR', orgs: [row.helperId] },
      { role: 'EDITOR', orgs: ['org-none'] },
      { role: 'COORDINATOR', regions: ['6104'] },
      SASAC,
    ];
    for (const as of roles) {
      const [a, b] = await Promise.all([download(embedded, path, as), download(distributed, path, as)]);
      expect(b.bytes.equals(a.bytes), JSON.stringify(as)).toBe(true);
      const found = csv(a.bytes).find((r) => r.id === id)!;
      expect(found.purpose).toBe(purpose);
      const readsNote = as?.role === 'ADMIN' || as?.role === 'COORDINATOR' || (as?.role === 'EDITOR' && as.orgs?.includes(row.helperId));
      expect(found.note, JSON.stringify(as)).toBe(readsNote ? 'a, "b"' : '');
    }
  });

  it('serves the same workbook contents', async () => {
    const [a, b] = await Promise.all([download(embedded, PLACE_2019, ADMIN), download(distributed, PLACE_2019, ADMIN)]);
    const [x, y] = await Promise.all([workbook(a.bytes), workbook(b.bytes)]);
    for (const ws of x.worksheets) {
      const rows = (w: ExcelJS.Worksheet) => w.getSheetValues().map((r) => JSON.stringify(r));
      expect(rows(y.getWorksheet(ws.name)!)).toEqual(rows(ws));
    }
  });
});

describe('statements', () => {
  it('a streamed export costs a statement per batch and a registry read of names per batch, whatever its rows', async () => {
    const { statements, result } = await countStatements(db.database, () => download(embedded, '/export/contributions.csv'));
    const rows = csv(result.bytes).length;
    expect(rows).toBeGreaterThan(100);
    const batches = Math.ceil((rows + 1) / STREAM_BATCH);
    // Each batch: its read, and the helpers' names (the revision and the names not kept: at most two).
    expect(statements, `${rows} rows`).toBeLessThanOrEqual(batches * 3 + 1);
  });

  it('a streamed read stopped after its first row lets its connection go, and the next read is whole', async () => {
    const t = contributionsTable;
    const build = (after: string | null) =>
      db.database.db
        .select({ id: t.id, purpose: t.purpose })
        .from(t)
        .where(after === null ? undefined : sql`${t.id} > ${after}`)
        .orderBy(t.id)
        .$dynamic();
    let first: (string | null)[][] = [];
    for await (const rows of textBatches(db.database, build, 1)) {
      first = rows;
      break;
    }
    expect(first).toHaveLength(1);
    const all: (string | null)[][] = [];
    for await (const rows of textBatches(db.database, build, 7)) all.push(...rows);
    const [{ count }] = await db.database.db.select({ count: sql<number>`count(*)::int` }).from(t);
    expect(all).toHaveLength(count);
    expect(all[0]).toEqual(first[0]);
  });
});
