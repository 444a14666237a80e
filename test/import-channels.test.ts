import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportOptions } from '../lib/import/run.js';
import {
  ADMIN,
  type As,
  coordinator,
  countStatements,
  editor,
  rowsOf,
  snapshotSchema,
  startFixtureHub,
  tearDown,
  tokenFor,
  type Hub,
  type TestDatabase,
  csvOf,
  importEntry,
  importInto,
  refusalsOf,
} from './harness.js';

/**
 * The import kinds of the designated, military, parties and local channels (docs/import.md):
 * per channel, a file with bad rows answered row by row (column and rule) and changing nothing,
 * the file committed, the same file again unchanged, a caller who may not write the kind refused,
 * and the hub's three ways in (the endpoint, its template, `start<Channel>Import`).
 */

let db: TestDatabase;
let hub: Hub;
/** A village of 永寿县 (610426) in the fixture. */
let village: string;

const UNIT = { id: 'org-ic-unit', name: '演示·导入定点单位', kind: 'CENTRAL_SOE', uscc: '91110000MA00IC001X', demo: true, source: 'test' };
const UNIT_EDITOR = editor(UNIT.id, { sub: 'ic-unit-editor' });
const PAFD = { id: 'org-ic-pafd', name: '演示·导入县人武部', kind: 'PEOPLES_ARMED_FORCES_DEPARTMENT', homeRegionCode: '610426', demo: true, source: 'test' };
const PAFD_EDITOR = editor(PAFD.id, { sub: 'ic-pafd-editor' });
const PARTY = { id: 'org-ic-party', name: '演示·导入党派中央', kind: 'DEMOCRATIC_PARTY', demo: true, source: 'test' };
const PARTY_SX = { id: 'org-ic-party-61', name: '演示·导入党派陕西省委', kind: 'DEMOCRATIC_PARTY', parentId: PARTY.id, demo: true, source: 'test' };
const PARTY_EDITOR = editor(PARTY.id, { sub: 'ic-party-editor' });
const PARTY_SX_EDITOR = editor(PARTY_SX.id, { sub: 'ic-party-sx-editor' });

const importAs = (as: As, kind: string, csv: string, opts: ImportOptions = {}) => importInto(hub, as, importEntry(kind), csv, opts);

const query = async (text: string) => rowsOf<Record<string, any>>(await db.database.db.execute(sql.raw(text)));

/** The hub's endpoint (a dry run), the kind's template, and `start<Channel>Import` read back by `<channel>Import(id)`. */
async function throughTheHub(kind: string, file: string, start: string, read: string, expected: Record<string, unknown>) {
  const base = hub.url.replace(/\/graphql$/, '');
  const template = await (await fetch(`${base}/import/${kind}/template.csv`)).text();
  expect(template).toContain(
    importEntry(kind)
      .kind.columns.map((c) => c.en)
      .join(','),
  );
  const auth = { authorization: `Bearer ${await tokenFor(ADMIN)}` };
  const http = await fetch(`${base}/import/${kind}?dryRun=true&name=f.csv`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: file });
  expect(http.status).toBe(200);
  expect(await http.json()).toMatchObject({ ...expected, committed: false });
  const started = await hub.query(
    `mutation($k: String!, $f: ImportFileInput!) { ${start}(kind: $k, file: $f, dryRun: true) { id } }`,
    { k: kind, f: { name: 'f.csv', base64: Buffer.from(file).toString('base64') } },
    ADMIN,
  );
  expect(started.errors).toBeUndefined();
  let job: Record<string, any> = {};
  for (let i = 0; i < 200 && job.state !== 'DONE'; i++) {
    job = (
      await hub.query(
        `query($id: ID!) { ${read}(id: $id) { state error result { created updated unchanged refused committed } } }`,
        { id: started.data![start].id },
        ADMIN,
      )
    ).data![read];
    if (job.state !== 'DONE') await new Promise((r) => setTimeout(r, 50));
  }
  expect(job).toMatchObject({ state: 'DONE', error: null, result: { ...expected, committed: false } });
}

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({ organizations: [UNIT, PAFD, PARTY, PARTY_SX] }));
  village = (await query(`select code from registry.regions where code like '610426%' and length(code) = 12 order by code limit 1`))[0].code;
}, 180_000);
afterAll(() => tearDown(db, hub));

describe('designated: pairings, cadre postings, plans and summaries', () => {
  const PAIRINGS = ['帮扶单位', '受援县代码', '起始日期', '结束日期', '备注'];
  const pairingRows = () => [
    [UNIT.name, '610426', '2016-01-01', '', '演示·导入'],
    [UNIT.uscc, '610430', '2016-01-01', '2020-12-31', ''],
  ];
  const mine = () =>
    query(`select id, helped_code, since::text as since, until::text as until, round::text as round, note, source from designated.pairings
      where helper_id = '${UNIT.id}' order by helped_code`);

  it('bad rows answer column and rule and change nothing; the file commits; the same file again is unchanged', async () => {
    const before = await snapshotSchema(db.database, 'designated');
    const bad = await importAs(
      ADMIN,
      'designated-pairings',
      csvOf([
        PAIRINGS,
        ...pairingRows(),
        [UNIT.id, village, '2016-01-01', '', ''],
        ['no-such-unit', '610426', '2016-01-01', '', ''],
        [UNIT.id, '610426', '2016-13-01', '', ''],
        [UNIT.id, '610426', '2017-01-01', '', ''],
      ]),
    );
    expect(bad).toMatchObject({ rows: 6, created: 2, refused: 4, committed: false });
    expect(refusalsOf(bad)).toEqual([
      [4, 'county', 'level'],
      [5, 'unit', 'exists'],
      [6, 'since', 'date'],
      [7, 'since', 'duplicate'],
    ]);
    expect(await snapshotSchema(db.database, 'designated')).toEqual(before);

    const done = await importAs(ADMIN, 'designated-pairings', csvOf([PAIRINGS, ...pairingRows()]));
    expect(done).toMatchObject({ created: 2, committed: true });
    expect(await mine()).toEqual([
      expect.objectContaining({ helped_code: '610426', since: '2016-01-01', until: null, round: 'ROUND_2015', note: '演示·导入', source: 'api' }),
      expect.objectContaining({ helped_code: '610430', until: '2020-12-31', note: null }),
    ]);
    const [audit] = await query(`select count(*)::int as n from designated.audit_log where action = 'createDesignatedPairing' and outcome <> 'refused'`);
    expect(audit.n).toBeGreaterThanOrEqual(2);

    const committed = await snapshotSchema(db.database, 'designated');
    const again = await importAs(ADMIN, 'designated-pairings', csvOf([PAIRINGS, ...pairingRows()]));
    expect(again).toMatchObject({ created: 0, unchanged: 2, committed: true });
    expect(await snapshotSchema(db.database, 'designated')).toEqual(committed);
    // Other values for a recorded key: the create mutation's duplicate rule, naming what differs.
    const changed = await importAs(ADMIN, 'designated-pairings', csvOf([PAIRINGS, [UNIT.id, '610426', '2016-01-01', '', '演示·改']]));
    expect(refusalsOf(changed)).toEqual([[2, 'since', 'duplicate']]);
    expect(changed.refusals[0].message).toContain('note');
  });

  it('cadre postings: the identity number checked, a person in post once; plans update their report (version up)', async () => {
    const [pairing] = await mine();
    const CADRES = ['pairing', 'role', 'posted to', 'name', 'identity number', 'since', 'until'];
    const cadres = [
      [pairing.id, 'FIRST_SECRETARY', village, '演示·李导入', '610426198503150023', '2018-01-01', '2019-12-31'],
      [pairing.id, 'DEPUTY_COUNTY_HEAD', '610426', '演示·王导入', '110105198001011238', '2018-01-01', ''],
    ];
    const bad = await importAs(
      UNIT_EDITOR,
      'designated-cadres',
      csvOf([
        CADRES,
        ...cadres,
        [pairing.id, 'FIRST_SECRETARY', village, '演示·错号', '610426198503150024', '2018-01-01', ''],
        [pairing.id, 'FIRST_SECRETARY', '610426', '演示·错级', '520102199007201114', '2018-01-01', ''],
        [pairing.id, 'WORK_TEAM_MEMBER', village, '演示·重复', '610426198503150023', '2019-01-01', ''],
      ]),
    );
    expect(refusalsOf(bad)).toEqual([
      [4, 'identity number', 'identity-number'],
      [5, 'posted to', 'posting-level'],
      [6, 'identity number', 'duplicate'],
    ]);
    expect(JSON.stringify(bad.refusals)).not.toContain('610426198503150023');
    expect(await importAs(UNIT_EDITOR, 'designated-cadres', csvOf([CADRES, ...cadres]))).toMatchObject({ created: 2, committed: true });
    expect(await importAs(UNIT_EDITOR, 'designated-cadres', csvOf([CADRES, ...cadres]))).toMatchObject({ unchanged: 2, committed: true });

    const PLANS = [
      'pairing',
      'year',
      'funds invested',
      'funds introduced',
      'local cadres trained',
      'technicians trained',
      'produce purchased',
      'produce sales helped',
      'projects',
    ];
    const plan = (funds: string) => [pairing.id, 2019, funds, '0', 10, 5, '100.00', '200.00', 3];
    expect(await importAs(UNIT_EDITOR, 'designated-plans', csvOf([PLANS, plan('1000.5')]))).toMatchObject({ created: 1, committed: true });
    expect(await importAs(UNIT_EDITOR, 'designated-plans', csvOf([PLANS, plan('1000.50')]))).toMatchObject({ unchanged: 1, committed: true });
    expect(await importAs(UNIT_EDITOR, 'designated-plans', csvOf([PLANS, plan('2000')]))).toMatchObject({ updated: 1, committed: true });
    const [report] = await query(
      `select plan_funds_invested::text as funds, version, status::text as status from designated.reports where pairing_id = '${pairing.id}' and year = 2019`,
    );
    expect(report).toEqual({ funds: '2000.00', version: 2, status: 'DRAFT' });
    const refused = await importAs(
      UNIT_EDITOR,
      'designated-plans',
      csvOf([PLANS, [pairing.id, 2019, '-1', '0', 10, 5, '0', '0', 1], [pairing.id, 2012, '1', '0', 1, 1, '0', '0', 1]]),
    );
    expect(refusalsOf(refused)).toEqual([
      [2, 'funds invested', 'non-negative'],
      [3, 'year', 'within-period'],
    ]);
  });

  it('a caller who may not write the kind is refused (FORBIDDEN), the refusal audited, nothing else changed', async () => {
    const before = await snapshotSchema(db.database, 'designated');
    const file = csvOf([PAIRINGS, [UNIT.id, '610426', '2022-01-01', '', '']]);
    const other = await importAs(editor('test-other', { sub: 'ic-other' }), 'designated-pairings', file);
    expect(other.refusals[0]).toMatchObject({ row: 2, code: 'FORBIDDEN' });
    const gansu = await importAs(coordinator('62', { office: 'POVERTY', sub: 'ic-gs' }), 'designated-pairings', file);
    expect(gansu.refusals[0]).toMatchObject({ row: 2, code: 'FORBIDDEN' });
    expect(await snapshotSchema(db.database, 'designated')).toEqual(before);
    const [refusedAudit] = await query(
      `select count(*)::int as n from designated.audit_log where action = 'createDesignatedPairing' and outcome = 'refused' and actor in ('ic-other', 'ic-gs')`,
    );
    expect(refusedAudit.n).toBe(2);
  });

  it('through the hub: POST /import/designated-pairings, its template, startDesignatedImport', async () => {
    await throughTheHub('designated-pairings', csvOf([PAIRINGS, [UNIT.id, '610430', '2021-06-01', '', '']]), 'startDesignatedImport', 'designatedImport', {
      created: 1,
    });
  });
});

describe('military: assistance records, projects, leading-group seats', () => {
  const ASSISTANCE = ['unit', 'place', 'kind', 'since', 'until', 'site name'];
  const rows = () => [
    [PAFD.name, village, 'VILLAGE_PAIRING', '2017-01-01', '', '演示·结对村'],
    [PAFD.id, '610426', 'SCHOOL', '2018-01-01', '2020-12-31', '演示·八一学校'],
  ];
  const mine = () =>
    query(`select id, helped_code, kind::text as kind, site_name, version from military.assistance where helper_id = '${PAFD.id}' order by since`);

  it('bad rows answer column and rule and change nothing; the file commits; the same file again is unchanged; a recorded key updates', async () => {
    const before = await snapshotSchema(db.database, 'military');
    const bad = await importAs(
      PAFD_EDITOR,
      'military-assistance',
      csvOf([
        ASSISTANCE,
        ...rows(),
        [PAFD.id, '610430', 'SCHOOL', '2018-01-01', '', ''],
        [PAFD.id, village, 'COUNTY_HOSPITAL', '2018-01-01', '', ''],
        [PAFD.id, village, 'NOPE', '2018-01-01', '', ''],
        [PAFD.id, village, 'VILLAGE_PAIRING', '2018-01-01', '', ''],
      ]),
    );
    expect(bad).toMatchObject({ rows: 6, created: 2, refused: 4, committed: false });
    expect(refusalsOf(bad)).toEqual([
      [4, 'place', 'within-place'],
      [5, 'place', 'kind-level'],
      [6, 'kind', 'cell-type'],
      [7, null, 'duplicate'],
    ]);
    expect(await snapshotSchema(db.database, 'military')).toEqual(before);

    expect(await importAs(PAFD_EDITOR, 'military-assistance', csvOf([ASSISTANCE, ...rows()]))).toMatchObject({ created: 2, committed: true });
    const committed = await snapshotSchema(db.database, 'military');
    expect(await importAs(PAFD_EDITOR, 'military-assistance', csvOf([ASSISTANCE, ...rows()]))).toMatchObject({ unchanged: 2, committed: true });
    expect(await snapshotSchema(db.database, 'military')).toEqual(committed);
    const changed = await importAs(
      PAFD_EDITOR,
      'military-assistance',
      csvOf([ASSISTANCE, [PAFD.id, village, 'VILLAGE_PAIRING', '2017-01-01', '', '演示·改名']]),
    );
    expect(changed).toMatchObject({ updated: 1, committed: true });
    expect((await mine())[0]).toMatchObject({ helped_code: village, kind: 'VILLAGE_PAIRING', site_name: '演示·改名', version: 2 });
  });

  it('projects keyed on record, year and name (figures update, version up); seats on the unit’s own region', async () => {
    const [record] = await mine();
    const PROJECTS = ['assistance', 'year', 'name', 'funds', 'households reached', 'people reached', 'personnel sent', 'officers', 'soldiers'];
    const project = (funds: string) => [record.id, 2019, '演示·饮水工程', funds, 25, 70, 5, 1, 3];
    const bad = await importAs(
      PAFD_EDITOR,
      'military-projects',
      csvOf([PROJECTS, project('100'), [record.id, 2019, '演示·多', '1', 1, 1, 3, 2, 2], [record.id, 2010, '演示·早', '1', 1, 1, 1, 0, 0]]),
    );
    expect(refusalsOf(bad)).toEqual([
      [3, 'personnel sent', 'personnel-breakdown'],
      [4, 'year', 'within-period'],
    ]);
    expect(await importAs(PAFD_EDITOR, 'military-projects', csvOf([PROJECTS, project('100')]))).toMatchObject({ created: 1, committed: true });
    expect(await importAs(PAFD_EDITOR, 'military-projects', csvOf([PROJECTS, project('100.00')]))).toMatchObject({ unchanged: 1, committed: true });
    expect(await importAs(PAFD_EDITOR, 'military-projects', csvOf([PROJECTS, project('250.5')]))).toMatchObject({ updated: 1, committed: true });
    const [row] = await query(`select funds::text as funds, version from military.projects where assistance_id = '${record.id}'`);
    expect(row).toEqual({ funds: '250.50', version: 2 });

    const SEATS = ['unit', 'region', 'since', 'until'];
    const seats = await importAs(
      PAFD_EDITOR,
      'military-leading-group-seats',
      csvOf([SEATS, [PAFD.id, '610426', '2016-01-01', ''], [PAFD.id, '610430', '2016-01-01', '']]),
    );
    expect(refusalsOf(seats)).toEqual([[3, 'region', 'own-region']]);
    expect(await importAs(PAFD_EDITOR, 'military-leading-group-seats', csvOf([SEATS, [PAFD.id, '610426', '2016-01-01', '']]))).toMatchObject({
      created: 1,
      committed: true,
    });
    expect(await importAs(PAFD_EDITOR, 'military-leading-group-seats', csvOf([SEATS, [PAFD.id, '610426', '2016-01-01', '']]))).toMatchObject({ unchanged: 1 });
  });

  it('checks a batch of projects in as many statements for 150 rows as for 5', async () => {
    const [record] = await mine();
    const file = (n: number) =>
      csvOf([
        ['assistance', 'year', 'name', 'funds', 'households reached', 'people reached', 'personnel sent', 'officers', 'soldiers'],
        ...Array.from({ length: n }, (_, i) => [record.id, 2019, `演示·批量${i}`, '1', 1, 1, 1, 0, 1]),
      ]);
    const small = await countStatements(db.database, () => importAs(PAFD_EDITOR, 'military-projects', file(5), { dryRun: true }));
    const large = await countStatements(db.database, () => importAs(PAFD_EDITOR, 'military-projects', file(150), { dryRun: true }));
    expect(small.result).toMatchObject({ created: 5, refused: 0 });
    expect(large.result).toMatchObject({ created: 150, refused: 0 });
    expect(large.statements).toBe(small.statements);
  });

  it('a caller who may not write the kind is refused (FORBIDDEN), nothing changed', async () => {
    const before = await snapshotSchema(db.database, 'military');
    const file = csvOf([ASSISTANCE, [PAFD.id, village, 'INDUSTRY', '2019-01-01', '', '']]);
    expect((await importAs(editor('test-other', { sub: 'ic-other' }), 'military-assistance', file)).refusals[0]).toMatchObject({ row: 2, code: 'FORBIDDEN' });
    expect((await importAs(coordinator('62', { sub: 'ic-gs' }), 'military-assistance', file)).refusals[0]).toMatchObject({ row: 2, code: 'FORBIDDEN' });
    expect(await snapshotSchema(db.database, 'military')).toEqual(before);
  });

  it('through the hub: POST /import/military-assistance, its template, startMilitaryImport', async () => {
    await throughTheHub(
      'military-assistance',
      csvOf([ASSISTANCE, [PAFD.id, village, 'INDUSTRY', '2019-01-01', '', '']]),
      'startMilitaryImport',
      'militaryImport',
      { created: 1 },
    );
  });
});

describe('parties: supervision assignments, own aid counties, intellectual assistance', () => {
  const OWN = ['helper', 'county', 'since', 'until', 'note'];
  const rows = () => [
    [PARTY.name, '610426', '2017-01-01', '', '演示·自办点'],
    [PARTY.id, '610430', '2016-01-01', '2020-12-31', ''],
  ];

  it('bad rows answer column and rule and change nothing; the file commits; the same file again is unchanged', async () => {
    const before = await snapshotSchema(db.database, 'parties');
    const bad = await importAs(
      PARTY_EDITOR,
      'parties-own-aid-counties',
      csvOf([
        OWN,
        ...rows(),
        [PARTY.id, '6104', '2017-01-01', '', ''],
        [PARTY_SX.id, '610426', '2017-01-01', '', ''],
        [PARTY.id, '610426', '2018-01-01', '', ''],
      ]),
    );
    expect(bad).toMatchObject({ rows: 5, created: 2, refused: 3, committed: false });
    expect(refusalsOf(bad)).toEqual([
      [4, 'county', 'level'],
      [5, 'helper', 'central-committee'],
      [6, 'county', 'duplicate'],
    ]);
    expect(await snapshotSchema(db.database, 'parties')).toEqual(before);
    expect(await importAs(PARTY_EDITOR, 'parties-own-aid-counties', csvOf([OWN, ...rows()]))).toMatchObject({ created: 2, committed: true });
    const committed = await snapshotSchema(db.database, 'parties');
    expect(await importAs(PARTY_EDITOR, 'parties-own-aid-counties', csvOf([OWN, ...rows()]))).toMatchObject({ unchanged: 2, committed: true });
    expect(await snapshotSchema(db.database, 'parties')).toEqual(committed);
    const [row] = await query(`select party_id, note, source from parties.assistance where helper_id = '${PARTY.id}' and helped_code = '610426'`);
    expect(row).toEqual({ party_id: PARTY.id, note: '演示·自办点', source: 'api' });
  });

  it('intellectual assistance by a provincial committee (its party’s editors), a training counting its trainees', async () => {
    const IA = ['helper', 'place', 'form', 'title', 'since', 'until', 'trainees'];
    const file = [IA, [PARTY_SX.id, village, 'TRAINING', '演示·农技培训班', '2019-03-01', '2019-03-05', 40]];
    const bad = await importAs(
      PARTY_SX_EDITOR,
      'parties-intellectual-assistance',
      csvOf([
        ...file,
        [PARTY_SX.id, village, 'TRAINING', '演示·无人数', '2019-03-01', '2019-03-05', ''],
        [PARTY_SX.id, village, 'CONSULTATION', '演示·未完', '2019-03-01', '', ''],
      ]),
    );
    expect(refusalsOf(bad)).toEqual([
      [3, 'trainees', 'required'],
      [4, 'until', 'required'],
    ]);
    expect(await importAs(PARTY_SX_EDITOR, 'parties-intellectual-assistance', csvOf(file))).toMatchObject({ created: 1, committed: true });
    expect(await importAs(PARTY_SX_EDITOR, 'parties-intellectual-assistance', csvOf(file))).toMatchObject({ unchanged: 1, committed: true });
  });

  it('a caller who may not write the kind is refused (FORBIDDEN), nothing changed', async () => {
    const before = await snapshotSchema(db.database, 'parties');
    const file = csvOf([OWN, [PARTY.id, '632803', '2019-01-01', '', '']]);
    // A provincial committee's editor records no own aid county: central-committee editors only.
    expect((await importAs(PARTY_SX_EDITOR, 'parties-own-aid-counties', file)).refusals[0]).toMatchObject({ row: 2, code: 'FORBIDDEN' });
    expect((await importAs(coordinator('63', { sub: 'ic-qh' }), 'parties-own-aid-counties', file)).refusals[0]).toMatchObject({ row: 2, code: 'FORBIDDEN' });
    expect(await snapshotSchema(db.database, 'parties')).toEqual(before);
  });

  it('through the hub: POST /import/parties-own-aid-counties, its template, startPartiesImport', async () => {
    await throughTheHub('parties-own-aid-counties', csvOf([OWN, [PARTY.id, '632803', '2019-01-01', '', '']]), 'startPartiesImport', 'partiesImport', {
      created: 1,
    });
  });
});

describe('local: poor households (personal data: an administrator or the poverty office over the village)', () => {
  const HOUSEHOLDS = ['户编号', '村代码', '家庭人口', '主要致贫原因', '识别年度', '识别状态'];
  const POVERTY_OFFICE = coordinator('6104', { office: 'POVERTY', sub: 'ic-xy-poverty' });
  const rows = () => [
    ['IC-610426-0001', village, 4, 'ILLNESS', 2014, 'IDENTIFIED'],
    ['IC-610426-0002', village, 2, 'DISABILITY', 2016, 'NEWLY_IDENTIFIED'],
  ];

  it('bad rows answer column and rule and change nothing; the file commits; the same file again is unchanged', async () => {
    const before = await snapshotSchema(db.database, 'local');
    const bad = await importAs(
      POVERTY_OFFICE,
      'local-households',
      csvOf([
        HOUSEHOLDS,
        ...rows(),
        ['610426198503150023', village, 3, 'ILLNESS', 2014, 'IDENTIFIED'],
        ['IC-610426-0003', '610426', 3, 'ILLNESS', 2014, 'IDENTIFIED'],
        ['IC-610426-0004', village, 0, 'ILLNESS', 2014, 'IDENTIFIED'],
        ['IC-610426-0005', village, 3, 'ILLNESS', 2014, 'EXITED'],
      ]),
    );
    expect(bad).toMatchObject({ rows: 6, created: 2, refused: 4, committed: false });
    expect(refusalsOf(bad)).toEqual([
      [4, 'household number', 'household-number'],
      [5, 'village', 'level'],
      [6, 'size', 'range'],
      [7, 'status', 'cell-type'],
    ]);
    expect(await snapshotSchema(db.database, 'local')).toEqual(before);
    expect(await importAs(POVERTY_OFFICE, 'local-households', csvOf([HOUSEHOLDS, ...rows()]))).toMatchObject({ created: 2, committed: true });
    const committed = await snapshotSchema(db.database, 'local');
    expect(await importAs(POVERTY_OFFICE, 'local-households', csvOf([HOUSEHOLDS, ...rows()]))).toMatchObject({ unchanged: 2, committed: true });
    expect(await snapshotSchema(db.database, 'local')).toEqual(committed);
    const changed = await importAs(POVERTY_OFFICE, 'local-households', csvOf([HOUSEHOLDS, ['IC-610426-0001', village, 5, 'ILLNESS', 2014, 'IDENTIFIED']]));
    expect(refusalsOf(changed)).toEqual([[2, 'household number', 'duplicate']]);
    const [audit] = await query(`select count(*)::int as n from local.audit_log where action = 'fileHousehold' and entity_id like 'IC-610426-%'`);
    expect(audit.n).toBe(2);
  });

  it('anyone but an administrator or the poverty office over the village is refused (FORBIDDEN), nothing changed', async () => {
    const before = await snapshotSchema(db.database, 'local');
    const file = csvOf([HOUSEHOLDS, ['IC-610426-0009', village, 3, 'ILLNESS', 2014, 'IDENTIFIED']]);
    for (const as of [
      coordinator('6104', { office: 'EAST_WEST', sub: 'ic-ew' }),
      coordinator('62', { office: 'POVERTY', sub: 'ic-gs-poverty' }),
      UNIT_EDITOR,
    ]) {
      expect((await importAs(as, 'local-households', file)).refusals[0]).toMatchObject({ row: 2, code: 'FORBIDDEN', rule: 'poverty-office' });
    }
    expect(await snapshotSchema(db.database, 'local')).toEqual(before);
  });

  it('through the hub: POST /import/local-households, its template, startLocalImport', async () => {
    await throughTheHub(
      'local-households',
      csvOf([HOUSEHOLDS, ['IC-610426-0010', village, 3, 'ILLNESS', 2014, 'IDENTIFIED']]),
      'startLocalImport',
      'localImport',
      { created: 1 },
    );
  });
});
