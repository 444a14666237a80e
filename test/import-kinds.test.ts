import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportEntry } from '../lib/import/jobs.js';
import type { ImportOptions } from '../lib/import/run.js';
import type { SubgraphModule } from '../lib/subgraph.js';
import { eastwestSubgraph } from '../subgraphs/eastwest/subgraph.js';
import { enterprisesSubgraph } from '../subgraphs/enterprises/subgraph.js';
import { registrySubgraph } from '../subgraphs/registry/subgraph.js';
import {
  ADMIN,
  type As,
  coordinator,
  countStatements,
  DRIVER,
  rowsOf,
  snapshotSchema,
  startFixtureHub,
  tearDown,
  tokenFor,
  type Hub,
  type TestDatabase,
  csvOf,
  importInto,
} from './harness.js';

/**
 * The kinds imported after the first ones (docs/import.md): each a small file imported as a dry
 * run then committed, the same file again unchanged, a bad row refused by column and rule, a
 * caller who may not write the kind refused (FORBIDDEN), and nothing changed by a refusal.
 */

let db: TestDatabase;
let hub: Hub;
const ENTERPRISE = {
  id: 'org-import-kinds-enterprise',
  name: '演示·导入结对企业',
  kind: 'PRIVATE_ENTERPRISE',
  uscc: '91610000MA6TGCP02X',
  demo: true,
  source: 'test',
};
let villages: string[];
let pairing: { id: string; since: string; until: string | null; helpedCode: string };

const entry = (module: SubgraphModule, name: string): ImportEntry => module.imports!.find((e) => e.kind.name === name)!;
const importAs = (as: As, which: ImportEntry, csv: string, opts: ImportOptions = {}) => importInto(hub, as, which, csv, opts);

const query = async (text: string) => rowsOf<Record<string, any>>(await db.database.db.execute(sql.raw(text)));

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({ organizations: [ENTERPRISE] }));
  const [p] = rowsOf<{ id: string; since: string; until: string | null; helped_code: string }>(
    await db.database.db.execute(
      sql`select id, since::text, until::text, helped_code from eastwest.pairings where since <= '2017-01-01' and (until is null or until >= '2019-12-31') and voided_at is null order by id limit 1`,
    ),
  );
  pairing = { id: p.id, since: p.since, until: p.until, helpedCode: p.helped_code };
  villages = rowsOf<{ code: string }>(
    await db.database.db.execute(sql`select code from registry.regions where code like '610426%' and length(code) = 12 order by code limit 2`),
  ).map((r) => r.code);
}, 180_000);
afterAll(() => tearDown(db, hub));

describe('eastwest-meetings: joint meetings keyed on pairing and date', () => {
  const meetings = () => entry(eastwestSubgraph, 'eastwest-meetings');
  const HEAD = ['结对编号', '会议日期', '会议地点', '参会层级', '达成协议'];
  const rows = () => [
    [pairing.id, '2018-05-10', '演示·江口县', 'PREFECTURE_LEADERS', '演示·产业合作协议；演示·劳务协作协议'],
    [pairing.id, '2019-04-02', '演示·苏州市', 'COUNTY_LEADERS', ''],
  ];
  const mine = () =>
    query(
      `select date::text as date, place, attendance::text as attendance, agreements, version from eastwest.meetings where pairing_id = '${pairing.id}' and place like '演示·%' order by date`,
    );

  it('a dry run, then the file committed (Chinese headers), then the same file again unchanged', async () => {
    const before = await snapshotSchema(db.database, 'eastwest');
    const dry = await importAs(ADMIN, meetings(), csvOf([HEAD, ...rows()]), { dryRun: true });
    expect(dry).toMatchObject({ rows: 2, created: 2, refused: 0, committed: false });
    expect(await snapshotSchema(db.database, 'eastwest')).toEqual(before);

    const done = await importAs(ADMIN, meetings(), csvOf([HEAD, ...rows()]));
    expect(done).toMatchObject({ created: 2, committed: true });
    expect(await mine()).toEqual([
      { date: '2018-05-10', place: '演示·江口县', attendance: 'PREFECTURE_LEADERS', agreements: ['演示·产业合作协议', '演示·劳务协作协议'], version: 1 },
      { date: '2019-04-02', place: '演示·苏州市', attendance: 'COUNTY_LEADERS', agreements: [], version: 1 },
    ]);
    const [audit] = await query(`select count(*)::int as n from eastwest.audit_log where entity = 'EastWestMeeting' and action = 'recordEastWestMeeting'`);
    expect(audit.n).toBe(2);

    const committed = await snapshotSchema(db.database, 'eastwest');
    const again = await importAs(ADMIN, meetings(), csvOf([HEAD, ...rows()]));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, committed: true });
    expect(await snapshotSchema(db.database, 'eastwest')).toEqual(committed);
  });

  it('a recorded date updates its meeting (attendance and agreements too), the version going up; the mutation refuses the day', async () => {
    const changed = [pairing.id, '2018-05-10', '演示·江口县', 'COUNTY_LEADERS', '演示·产业合作协议;演示·教育协议;演示·医疗协议'];
    const result = await importAs(ADMIN, meetings(), csvOf([['pairing', 'date', 'place', 'attendance', 'agreements'], changed]));
    expect(result).toMatchObject({ updated: 1, committed: true });
    expect((await mine())[0]).toEqual({
      date: '2018-05-10',
      place: '演示·江口县',
      attendance: 'COUNTY_LEADERS',
      agreements: ['演示·产业合作协议', '演示·教育协议', '演示·医疗协议'],
      version: 2,
    });
    const answer = await hub.query(
      `mutation($i: EastWestMeetingInput!) { recordEastWestMeeting(input: $i) { id } }`,
      { i: { pairingId: pairing.id, date: '2018-05-10', place: '演示·又一次', attendance: 'DEPARTMENT' } },
      ADMIN,
    );
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'duplicate', field: 'input' });
    const made = await hub.query(
      `mutation($i: EastWestMeetingInput!) { recordEastWestMeeting(input: $i) { id date agreements pairing { id } } }`,
      { i: { pairingId: pairing.id, date: '2019-09-09', place: '演示·由接口录入', attendance: 'DEPARTMENT', agreements: ['演示·一'] } },
      ADMIN,
    );
    expect(made.errors).toBeUndefined();
    expect(made.data?.recordEastWestMeeting).toMatchObject({ date: '2019-09-09', agreements: ['演示·一'], pairing: { id: pairing.id } });
  });

  it('a bad row is refused by column and rule, and the whole file changes nothing', async () => {
    const before = await snapshotSchema(db.database, 'eastwest');
    const result = await importAs(
      ADMIN,
      meetings(),
      csvOf([
        ['pairing', 'date', 'place', 'attendance'],
        [pairing.id, '2019-05-05', '演示·好', 'DEPARTMENT'],
        [pairing.id, '1999-05-05', '演示·早', 'DEPARTMENT'],
        [pairing.id, '2019-05-06', ' ', 'DEPARTMENT'],
        [pairing.id, '2019-05-07', '演示·x', 'NOBODY'],
      ]),
    );
    expect(result).toMatchObject({ created: 1, refused: 3, committed: false });
    expect(result.refusals.map((r) => [r.row, r.column, r.rule])).toEqual([
      [3, 'date', 'within-period'],
      [4, 'place', 'required'],
      [5, 'attendance', 'cell-type'],
    ]);
    expect(await snapshotSchema(db.database, 'eastwest')).toEqual(before);
  });

  it('a caller who may not record east-west meetings is refused (FORBIDDEN), the refusal audited, nothing else changed', async () => {
    const before = await snapshotSchema(db.database, 'eastwest');
    const file = csvOf([
      ['pairing', 'date', 'place', 'attendance'],
      [pairing.id, '2019-06-01', '演示·无权', 'DEPARTMENT'],
    ]);
    const county = await importAs(coordinator(pairing.helpedCode), meetings(), file);
    expect(county.refusals[0]).toMatchObject({ row: 2, column: null, rule: 'east-west-office', code: 'FORBIDDEN' });
    const neither = await importAs(coordinator('65', { office: 'EAST_WEST' }), meetings(), file);
    expect(neither.refusals[0]).toMatchObject({ row: 2, rule: 'either-side', code: 'FORBIDDEN' });
    expect(await snapshotSchema(db.database, 'eastwest')).toEqual(before);
    const [refused] = await query(`select count(*)::int as n from eastwest.audit_log where action = 'recordEastWestMeeting' and outcome = 'refused'`);
    expect(refused.n).toBe(2);
  });

  it('through the hub: POST /import/eastwest-meetings, its template, and startEastWestImport(kind: "eastwest-meetings")', async () => {
    const base = hub.url.replace(/\/graphql$/, '');
    const template = await (await fetch(`${base}/import/eastwest-meetings/template.csv`)).text();
    expect(template).toContain('pairing,date,place,attendance,agreements');
    const file = csvOf([
      ['pairing', 'date', 'place', 'attendance'],
      [pairing.id, '2019-07-01', '演示·接口', 'DEPARTMENT'],
    ]);
    const auth = { authorization: `Bearer ${await tokenFor(ADMIN)}` };
    const http = await fetch(`${base}/import/eastwest-meetings?dryRun=true&name=m.csv`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: file,
    });
    expect(http.status).toBe(200);
    expect(await http.json()).toMatchObject({ created: 1, committed: false });
    const started = await hub.query(
      `mutation($f: ImportFileInput!) { startEastWestImport(kind: "eastwest-meetings", file: $f, dryRun: true) { id } }`,
      { f: { name: 'm.csv', base64: Buffer.from(file).toString('base64') } },
      ADMIN,
    );
    expect(started.errors).toBeUndefined();
    let job: Record<string, any> = {};
    for (let i = 0; i < 100 && job.state !== 'DONE'; i++) {
      job = (
        await hub.query(
          `query($id: ID!) { eastWestImport(id: $id) { state result { created committed } } }`,
          { id: started.data!.startEastWestImport.id },
          ADMIN,
        )
      ).data!.eastWestImport;
      if (job.state !== 'DONE') await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ state: 'DONE', result: { created: 1, committed: false } });
  });
});

describe('eastwest-pairings: keyed on helper, helped place and start date', () => {
  const pairings = () => entry(eastwestSubgraph, 'eastwest-pairings');
  const HEAD = ['helper', 'helped', 'round', 'since', 'until', 'arrangement'];
  let helper: { id: string; name: string };
  beforeAll(async () => {
    [helper] = (await query(`select o.id, o.name from registry.organizations o where o.kind = 'LOCAL_GOVERNMENT' and length(o.home_region_code) = 4
      and left(o.home_region_code, 2) in ('31', '32', '33', '35', '37', '44') and o.voided_at is null
      and not exists (select 1 from eastwest.pairings p where p.helper_id = o.id and p.helped_code in ('610426', '610430')) order by o.id limit 1`)) as {
      id: string;
      name: string;
    }[];
  });
  const rows = () => [
    [helper.name, '610426', 2021, '2021-03-01', '', '演示·导入结对'],
    [helper.id, '610430', 2016, '2017-01-01', '2020-12-31', ''],
  ];
  const mine = () =>
    query(
      `select id, round, since::text as since, until::text as until, arrangement, version, source from eastwest.pairings where helper_id = '${helper.id}' and helped_code in ('610426', '610430') order by id`,
    );

  it('a dry run, then the file committed (the helper by name or id), then the same file again unchanged', async () => {
    const before = await snapshotSchema(db.database, 'eastwest');
    const dry = await importAs(ADMIN, pairings(), csvOf([HEAD, ...rows()]), { dryRun: true });
    expect(dry).toMatchObject({ rows: 2, created: 2, refused: 0, committed: false });
    expect(await snapshotSchema(db.database, 'eastwest')).toEqual(before);

    const done = await importAs(ADMIN, pairings(), csvOf([HEAD, ...rows()]));
    expect(done).toMatchObject({ created: 2, committed: true });
    expect(await mine()).toEqual([
      { id: `ewp-${helper.id}-610426-2021-03-01`, round: 2021, since: '2021-03-01', until: null, arrangement: '演示·导入结对', version: 1, source: 'api' },
      {
        id: `ewp-${helper.id}-610430-2017-01-01`,
        round: 2016,
        since: '2017-01-01',
        until: '2020-12-31',
        arrangement: expect.any(String),
        version: 1,
        source: 'api',
      },
    ]);
    const read = await hub.query(
      `query($id: ID!) { eastWestPairing(id: $id, includeDemo: true) { helper { id } helped { code } history { version action } } }`,
      { id: `ewp-${helper.id}-610426-2021-03-01` },
      ADMIN,
    );
    expect(read.data?.eastWestPairing).toMatchObject({
      helper: { id: helper.id },
      helped: { code: '610426' },
      history: [{ version: 1, action: 'createEastWestPairing' }],
    });

    const committed = await snapshotSchema(db.database, 'eastwest');
    const again = await importAs(ADMIN, pairings(), csvOf([HEAD, ...rows()]));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, committed: true });
    expect(await snapshotSchema(db.database, 'eastwest')).toEqual(committed);
  });

  it('a recorded key is changed as updateEastWestPairing changes it (version up, before and after); the mutation refuses the key', async () => {
    const result = await importAs(ADMIN, pairings(), csvOf([HEAD, [helper.id, '610430', 2016, '2017-01-01', '2019-12-31', '']]));
    expect(result).toMatchObject({ updated: 1, committed: true });
    const [, changed] = await mine();
    expect(changed).toMatchObject({ until: '2019-12-31', version: 2 });
    const [audit] = await query(
      `select before->>'until' as b, after->>'until' as a, regions from eastwest.audit_log where entity_id = '${changed.id}' and before is not null order by id desc limit 1`,
    );
    expect([audit.b, audit.a]).toEqual(['2020-12-31', '2019-12-31']);
    expect(audit.regions).toContain('610430');
    const answer = await hub.query(
      `mutation($i: CreateEastWestPairingInput!) { createEastWestPairing(input: $i) { id } }`,
      { i: { helperId: helper.id, helpedCode: '610430', round: 2016, since: '2017-01-01' } },
      ADMIN,
    );
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'duplicate', field: 'input.helpedCode' });
  });

  it('bad rows are refused by column and rule (an overlap with a recorded pairing or an earlier row too), the file changing nothing', async () => {
    const before = await snapshotSchema(db.database, 'eastwest');
    const result = await importAs(
      ADMIN,
      pairings(),
      csvOf([
        ['帮扶方', '受援地代码', '批次', '起始日期'],
        [helper.id, '610430', 2021, '2021-01-01'],
        [helper.id, '610426', 2021, '2022-01-01'],
        [helper.id, '610430', 2010, '2017-06-01'],
        [helper.id, '999999', 2016, '2017-06-01'],
        ['演示·没有这个政府', '610430', 2016, '2017-06-01'],
        [helper.id, '610430', 2021, '2024-01-01'],
      ]),
    );
    expect(result).toMatchObject({ created: 1, refused: 5, committed: false });
    expect(result.refusals.map((r) => [r.row, r.column, r.rule])).toEqual([
      [3, 'helped', 'duplicate'],
      [4, 'round', 'round-period'],
      [5, 'helped', 'exists'],
      [6, 'helper', 'exists'],
      [7, 'helped', 'duplicate'],
    ]);
    expect(await snapshotSchema(db.database, 'eastwest')).toEqual(before);
  });

  it('a caller who may not write pairings is refused (FORBIDDEN), nothing changed', async () => {
    const before = await snapshotSchema(db.database, 'eastwest');
    const file = csvOf([HEAD, [helper.id, '610426', 2016, '2016-12-01', '2020-12-31', '']]);
    const county = await importAs(coordinator('61'), pairings(), file);
    expect(county.refusals[0]).toMatchObject({ row: 2, column: null, rule: 'east-west-office', code: 'FORBIDDEN' });
    const neither = await importAs(coordinator('65', { office: 'EAST_WEST' }), pairings(), file);
    expect(neither.refusals[0]).toMatchObject({ row: 2, rule: 'either-side', code: 'FORBIDDEN' });
    const helped = await importAs(coordinator('61', { office: 'EAST_WEST' }), pairings(), file, { dryRun: true });
    expect(helped).toMatchObject({ created: 1, refused: 0 });
    expect(await snapshotSchema(db.database, 'eastwest')).toEqual(before);
  });

  it('through the hub: POST /import/eastwest-pairings', async () => {
    const base = hub.url.replace(/\/graphql$/, '');
    const auth = { authorization: `Bearer ${await tokenFor(ADMIN)}` };
    const file = csvOf([HEAD, [helper.id, '610426', 2016, '2016-12-01', '2020-12-31', '']]);
    const http = await fetch(`${base}/import/eastwest-pairings?dryRun=true&name=p.csv`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: file,
    });
    expect(await http.json()).toMatchObject({ created: 1, committed: false });
  });
});

describe('enterprise-compacts: village compacts keyed on helper, village and start date', () => {
  const compactsKind = () => entry(enterprisesSubgraph, 'enterprise-compacts');
  const HEAD = ['helper', 'village', 'since', 'until', 'published', 'note'];
  const rows = () => [
    [ENTERPRISE.uscc, villages[0], '2018-03-01', '', '', '演示·结对'],
    [ENTERPRISE.id, villages[1], '2019-01-01', '2020-12-31', 'false', ''],
  ];
  const mine = () =>
    query(
      `select helped_code as village, since::text as since, until::text as until, published, note from enterprises.compacts where helper_id = '${ENTERPRISE.id}' and voided_at is null order by helped_code, since`,
    );

  it('a dry run, then the file committed (the helper by credit code or id), then the same file again unchanged', async () => {
    const before = await snapshotSchema(db.database, 'enterprises');
    const dry = await importAs(ADMIN, compactsKind(), csvOf([HEAD, ...rows()]), { dryRun: true });
    expect(dry).toMatchObject({ rows: 2, created: 2, refused: 0, committed: false });
    expect(await snapshotSchema(db.database, 'enterprises')).toEqual(before);
    const done = await importAs(ADMIN, compactsKind(), csvOf([HEAD, ...rows()]));
    expect(done).toMatchObject({ created: 2, committed: true });
    expect(await mine()).toEqual([
      { village: villages[0], since: '2018-03-01', until: null, published: true, note: '演示·结对' },
      { village: villages[1], since: '2019-01-01', until: '2020-12-31', published: false, note: null },
    ]);
    const committed = await snapshotSchema(db.database, 'enterprises');
    const again = await importAs(ADMIN, compactsKind(), csvOf([HEAD, ...rows()]));
    expect(again).toMatchObject({ unchanged: 2, created: 0, updated: 0, committed: true });
    expect(await snapshotSchema(db.database, 'enterprises')).toEqual(committed);
  });

  it('a recorded compact is ended as endVillageCompact ends it (once), audited with before and after; the mutation refuses the key', async () => {
    const ended = await importAs(
      ADMIN,
      compactsKind(),
      csvOf([
        ['帮扶企业', '村代码', '起始日期', '结束日期'],
        [ENTERPRISE.id, villages[0], '2018-03-01', '2020-06-30'],
      ]),
    );
    expect(ended).toMatchObject({ updated: 1, committed: true });
    expect((await mine())[0]).toMatchObject({ until: '2020-06-30', note: '演示·结对', published: true });
    const [audit] = await query(
      `select before->>'until' as b, after->>'until' as a, regions from enterprises.audit_log where entity = 'VillageCompact' and before is not null order by id desc limit 1`,
    );
    expect(audit).toEqual({ b: null, a: '2020-06-30', regions: [villages[0]] });
    const again = await importAs(
      ADMIN,
      compactsKind(),
      csvOf([
        ['helper', 'village', 'since', 'until'],
        [ENTERPRISE.id, villages[0], '2018-03-01', '2020-09-30'],
      ]),
    );
    expect(again.refusals[0]).toMatchObject({ row: 2, column: 'until', rule: 'already-ended' });
    const answer = await hub.query(
      `mutation($i: CreateVillageCompactInput!) { createVillageCompact(input: $i) { id } }`,
      { i: { helperId: ENTERPRISE.id, villageCode: villages[1], since: '2019-01-01' } },
      ADMIN,
    );
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'duplicate', field: 'input.villageCode' });
  });

  it('bad rows are refused by column and rule, the file changing nothing', async () => {
    const before = await snapshotSchema(db.database, 'enterprises');
    const result = await importAs(
      ADMIN,
      compactsKind(),
      csvOf([
        HEAD,
        [ENTERPRISE.id, villages[0], '2021-01-01', '', '', ''],
        [ENTERPRISE.id, '610426', '2021-01-01', '', '', ''],
        [ENTERPRISE.id, villages[1], '2020-01-01', '', '', ''],
        [ENTERPRISE.id, villages[0], '2022-05-01', '2022-01-01', '', ''],
        [ENTERPRISE.id, villages[0], '2022-01-01', '', '', ''],
        ['演示·没有这家企业', villages[0], '2023-01-01', '', '', ''],
      ]),
    );
    expect(result).toMatchObject({ created: 1, refused: 5, committed: false });
    expect(result.refusals.map((r) => [r.row, r.column, r.rule])).toEqual([
      [3, 'village', 'level'],
      [4, 'village', 'duplicate'],
      [5, 'until', 'period'],
      [6, 'village', 'duplicate'],
      [7, 'helper', 'exists'],
    ]);
    expect(await snapshotSchema(db.database, 'enterprises')).toEqual(before);
  });

  it('a caller who may not write the compact is refused (FORBIDDEN), nothing changed', async () => {
    const before = await snapshotSchema(db.database, 'enterprises');
    const file = csvOf([HEAD, [ENTERPRISE.id, villages[0], '2024-01-01', '', '', '']]);
    const sasac = await importAs({ role: 'SASAC', sub: 'test-sasac' }, compactsKind(), file);
    expect(sasac.refusals[0]).toMatchObject({ row: 2, column: null, rule: 'write-role', code: 'FORBIDDEN' });
    const elsewhere = await importAs(coordinator('65'), compactsKind(), file);
    expect(elsewhere.refusals[0]).toMatchObject({ row: 2, code: 'FORBIDDEN' });
    expect(await snapshotSchema(db.database, 'enterprises')).toEqual(before);
    const here = await importAs(coordinator('610426'), compactsKind(), file, { dryRun: true });
    expect(here).toMatchObject({ created: 1, refused: 0 });
  });

  it('through the hub: POST /import/enterprise-compacts and startEnterpriseImport(kind: "enterprise-compacts")', async () => {
    const base = hub.url.replace(/\/graphql$/, '');
    const auth = { authorization: `Bearer ${await tokenFor(ADMIN)}` };
    const file = csvOf([HEAD, [ENTERPRISE.id, villages[0], '2024-01-01', '', '', '']]);
    const http = await fetch(`${base}/import/enterprise-compacts?dryRun=true&name=c.csv`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: file,
    });
    expect(await http.json()).toMatchObject({ created: 1, committed: false });
    const started = await hub.query(
      `mutation($f: ImportFileInput!) { startEnterpriseImport(kind: "enterprise-compacts", file: $f, dryRun: true) { id } }`,
      { f: { name: 'c.csv', base64: Buffer.from(file).toString('base64') } },
      ADMIN,
    );
    expect(started.errors).toBeUndefined();
    let job: Record<string, any> = {};
    for (let i = 0; i < 100 && job.state !== 'DONE'; i++) {
      job = (
        await hub.query(
          `query($id: ID!) { enterpriseImport(id: $id) { state result { created committed } } }`,
          { id: started.data!.startEnterpriseImport.id },
          ADMIN,
        )
      ).data!.enterpriseImport;
      if (job.state !== 'DONE') await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ state: 'DONE', result: { created: 1, committed: false } });
  });
});

describe('the cost of a batch', () => {
  it('reads what a batch of organisations, compacts or pairings needs in a few statements, as many for 200 rows as for 5', async () => {
    const [{ id: government }] = await query(
      `select id from registry.organizations where kind = 'LOCAL_GOVERNMENT' and length(home_region_code) = 4 and left(home_region_code, 2) = '32' order by id limit 1`,
    );
    const many = rowsOf<{ code: string }>(
      await db.database.db.execute(sql`select code from registry.regions where code like '610426%' and length(code) = 12 order by code limit 200`),
    ).map((r) => r.code);
    const counties = rowsOf<{ code: string }>(
      await db.database.db.execute(
        sql`select code from registry.regions where code like '61%' and length(code) = 6 and code not like '%00' order by code limit 200`,
      ),
    ).map((r) => r.code);
    const files: [ImportEntry, (n: number) => string][] = [
      [
        entry(registrySubgraph, 'registry-organizations'),
        (n) => csvOf([['name', 'kind'], ...Array.from({ length: n }, (_, i) => [`测试批量单位${i}`, 'PRIVATE_ENTERPRISE'])]),
      ],
      [
        entry(enterprisesSubgraph, 'enterprise-compacts'),
        (n) => csvOf([['helper', 'village', 'since'], ...many.slice(0, n).map((v) => [ENTERPRISE.id, v, '2025-01-01'])]),
      ],
      [
        entry(eastwestSubgraph, 'eastwest-pairings'),
        (n) => csvOf([['helper', 'helped', 'round', 'since'], ...counties.slice(0, n).map((c) => [government, c, 2021, '2025-01-01'])]),
      ],
    ];
    for (const [kind, file] of files) {
      const small = await countStatements(db.database, () => importAs(ADMIN, kind, file(5), { dryRun: true }));
      const large = await countStatements(db.database, () => importAs(ADMIN, kind, file(Math.min(200, many.length, counties.length)), { dryRun: true }));
      expect(small.result.refused + small.result.created, kind.kind.name).toBe(5);
      expect(large.result.rows, kind.kind.name).toBeGreaterThan(100);
      // A read a batch makes only when it found records (a found pairing's flows, a found
      // organisation's aliases and parents) may come in the larger file, never one per row.
      expect(large.statements, kind.kind.name).toBeGreaterThanOrEqual(small.statements);
      expect(large.statements, kind.kind.name).toBeLessThanOrEqual(small.statements + 2);
    }
  });
});

describe('the command', () => {
  it.skipIf(DRIVER !== 'postgres')(
    'imports meetings, pairings and organisations files by kind, a dry run first',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bangfu-import-kinds-'));
      const file = join(dir, 'm.csv');
      writeFileSync(
        file,
        csvOf([
          ['pairing', 'date', 'place', 'attendance'],
          [pairing.id, '2019-10-10', '演示·命令行', 'DEPARTMENT'],
        ]),
      );
      const env = { ...process.env, DATABASE_URL: db.url };
      const run = promisify(execFile);
      const dry = await run('npx', ['tsx', 'scripts/import.ts', file, '--kind', 'eastwest-meetings', '--dry-run'], { env });
      expect(dry.stdout).toMatch(/1 rows — 1 created, 0 updated, 0 unchanged, 0 refused \(dry run/);
      const done = await run('npx', ['tsx', 'scripts/import.ts', file, '--kind', 'eastwest-meetings'], { env });
      expect(done.stdout).toMatch(/1 created.*committed/);
      const pairingsFile = join(dir, 'p.csv');
      writeFileSync(
        pairingsFile,
        csvOf([
          ['helper', 'helped', 'round', 'since'],
          ['no-such-government', '610426', 2016, '2017-01-01'],
        ]),
      );
      const refused = await run('npx', ['tsx', 'scripts/import.ts', pairingsFile, '--kind', 'eastwest-pairings'], { env }).catch(
        (e: { code: number; stdout: string }) => e,
      );
      expect(refused).toMatchObject({ code: 1 });
      expect(refused.stdout).toMatch(/helper.*exists/);
      const organizationsFile = join(dir, 'o.csv');
      writeFileSync(
        organizationsFile,
        csvOf([
          ['名称', '类型'],
          ['测试导入命令行单位', 'PRIVATE_ENTERPRISE'],
        ]),
      );
      const organizations = await run('npx', ['tsx', 'scripts/import.ts', organizationsFile, '--kind', 'registry-organizations', '--dry-run'], { env });
      expect(organizations.stdout).toMatch(/registry-organizations: 1 rows — 1 created/);
    },
    90_000,
  );
});

describe('registry-organizations: keyed on the credit code, else the exact name and kind', () => {
  const organizations = () => entry(registrySubgraph, 'registry-organizations');
  const HEAD = ['id', 'name', 'kind', 'uscc', 'home region', 'parent', 'aliases'];
  const USCC = '91610000MA6TGMP01X';
  const rows = () => [
    ['', '测试导入实业有限公司', 'PRIVATE_ENTERPRISE', USCC, '610426', '', '测试导入；导入实业'],
    ['org-import-kinds-b', '测试导入帮扶基金会', 'SOCIAL_ORGANIZATION', '', '', USCC, ''],
  ];
  const mine = () =>
    query(
      `select o.id, o.name, o.kind::text as kind, o.uscc, o.home_region_code as home, o.parent_id as parent, o.version,
        array(select alias from registry.organization_aliases a where a.organization_id = o.id order by alias) as aliases
       from registry.organizations o where o.name like '测试导入%' order by o.id`,
    );

  it('a dry run, then the file committed, then the same file again unchanged; a blank cell keeps what is recorded', async () => {
    const before = await snapshotSchema(db.database, 'registry');
    const dry = await importAs(ADMIN, organizations(), csvOf([HEAD, ...rows()]), { dryRun: true });
    expect(dry).toMatchObject({ rows: 2, created: 2, refused: 0, committed: false });
    expect(await snapshotSchema(db.database, 'registry')).toEqual(before);
    const done = await importAs(ADMIN, organizations(), csvOf([HEAD, ...rows()]));
    expect(done).toMatchObject({ created: 2, committed: true });
    expect(await mine()).toEqual([
      {
        id: USCC,
        name: '测试导入实业有限公司',
        kind: 'PRIVATE_ENTERPRISE',
        uscc: USCC,
        home: '610426',
        parent: null,
        version: 1,
        aliases: ['导入实业', '测试导入'],
      },
      { id: 'org-import-kinds-b', name: '测试导入帮扶基金会', kind: 'SOCIAL_ORGANIZATION', uscc: null, home: null, parent: USCC, version: 1, aliases: [] },
    ]);
    const committed = await snapshotSchema(db.database, 'registry');
    const again = await importAs(ADMIN, organizations(), csvOf([HEAD, ...rows()]));
    expect(again).toMatchObject({ unchanged: 2, created: 0, updated: 0, committed: true });
    expect(await snapshotSchema(db.database, 'registry')).toEqual(committed);
    // The second row without its id, by name and kind: the same organisation, unchanged.
    const byName = await importAs(
      ADMIN,
      organizations(),
      csvOf([
        ['名称', '类型'],
        ['测试导入帮扶基金会', 'SOCIAL_ORGANIZATION'],
      ]),
    );
    expect(byName).toMatchObject({ unchanged: 1 });
  });

  it('a recorded key is changed as updateOrganization changes it (version up, before and after)', async () => {
    const result = await importAs(
      ADMIN,
      organizations(),
      csvOf([
        ['名称', '类型', '统一社会信用代码', '所在地代码', '别名'],
        ['测试导入实业集团', 'PRIVATE_ENTERPRISE', USCC, '610430', '测试集团'],
      ]),
    );
    expect(result).toMatchObject({ updated: 1, committed: true });
    expect((await mine())[0]).toMatchObject({ id: USCC, name: '测试导入实业集团', home: '610430', version: 2, aliases: ['测试集团'] });
    const [audit] = await query(
      `select before->>'name' as b, after->>'name' as a, after->'aliases' as aliases from registry.audit_log where entity_id = '${USCC}' and before is not null order by id desc limit 1`,
    );
    expect(audit).toEqual({ b: '测试导入实业有限公司', a: '测试导入实业集团', aliases: ['测试集团'] });
  });

  it('bad rows are refused by column and rule, the file changing nothing; the mutation keeps its rules', async () => {
    const before = await snapshotSchema(db.database, 'registry');
    const result = await importAs(
      ADMIN,
      organizations(),
      csvOf([
        HEAD,
        ['', '测试导入新单位', 'PRIVATE_ENTERPRISE', '', '610426', '', ''],
        ['', '测试导入坏代码', 'PRIVATE_ENTERPRISE', 'NOT-A-CODE', '', '', ''],
        ['', '测试导入无上级', 'PRIVATE_ENTERPRISE', '', '', 'org-no-such-parent', ''],
        ['', '演示·冒充', 'PRIVATE_ENTERPRISE', '', '', '', ''],
        ['', '测试导入无地', 'PRIVATE_ENTERPRISE', '', '999999', '', ''],
      ]),
    );
    expect(result).toMatchObject({ created: 1, refused: 4, committed: false });
    expect(result.refusals.map((r) => [r.row, r.column, r.rule])).toEqual([
      [3, 'uscc', 'uscc-format'],
      [4, 'parent', 'exists'],
      [5, 'name', 'demo-mark'],
      [6, 'home region', 'exists'],
    ]);
    expect(await snapshotSchema(db.database, 'registry')).toEqual(before);
    const clash = await hub.query(
      `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`,
      { i: { name: '测试导入另一家', kind: 'PRIVATE_ENTERPRISE', uscc: USCC } },
      ADMIN,
    );
    expect(clash.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'unique', field: 'input.uscc' });
  });

  it('only an administrator creates, an editor of the organisation changes it (FORBIDDEN otherwise), nothing changed', async () => {
    const before = await snapshotSchema(db.database, 'registry');
    const create = await importAs(coordinator('61'), organizations(), csvOf([HEAD, ['', '测试导入无权', 'PRIVATE_ENTERPRISE', '', '', '', '']]));
    expect(create.refusals[0]).toMatchObject({ row: 2, column: null, code: 'FORBIDDEN' });
    const change = csvOf([
      ['name', 'kind', 'uscc', 'aliases'],
      ['测试导入实业集团', 'PRIVATE_ENTERPRISE', USCC, '改名'],
    ]);
    const other = await importAs({ role: 'EDITOR', orgs: ['org-someone-else'] }, organizations(), change);
    expect(other.refusals[0]).toMatchObject({ row: 2, code: 'FORBIDDEN' });
    expect(await snapshotSchema(db.database, 'registry')).toEqual(before);
    const editor = await importAs({ role: 'EDITOR', orgs: [USCC] }, organizations(), change, { dryRun: true });
    expect(editor).toMatchObject({ updated: 1, refused: 0 });
  });

  it('through the hub: POST /import/registry-organizations and startRegistryImport', async () => {
    const base = hub.url.replace(/\/graphql$/, '');
    const auth = { authorization: `Bearer ${await tokenFor(ADMIN)}` };
    const file = csvOf([HEAD, ['', '测试导入接口单位', 'PRIVATE_ENTERPRISE', '', '', '', '']]);
    const http = await fetch(`${base}/import/registry-organizations?dryRun=true&name=o.csv`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: file,
    });
    expect(await http.json()).toMatchObject({ created: 1, committed: false });
    const started = await hub.query(
      `mutation($f: ImportFileInput!) { startRegistryImport(kind: "registry-organizations", file: $f, dryRun: true) { id } }`,
      { f: { name: 'o.csv', base64: Buffer.from(file).toString('base64') } },
      ADMIN,
    );
    expect(started.errors).toBeUndefined();
    let job: Record<string, any> = {};
    for (let i = 0; i < 100 && job.state !== 'DONE'; i++) {
      job = (
        await hub.query(
          `query($id: ID!) { registryImport(id: $id) { state result { created committed } } }`,
          { id: started.data!.startRegistryImport.id },
          ADMIN,
        )
      ).data!.registryImport;
      if (job.state !== 'DONE') await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ state: 'DONE', result: { created: 1, committed: false } });
  });
});
