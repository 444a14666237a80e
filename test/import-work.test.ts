import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportOptions } from '../lib/import/run.js';
import {
  ADMIN,
  type As,
  coordinator,
  editor,
  rowsOf,
  snapshotSchema,
  startFixtureHub,
  tearDown,
  type Hub,
  type TestDatabase,
  csvOf,
  importEntry,
  importInto,
  refusalsOf,
} from './harness.js';

/**
 * The import kinds of the work done under the records of help (docs/import.md): the parties'
 * supervision trips and recommendations, the county's work teams and their members, cadres,
 * cadre–household pairings, county secretaries, assessments, leading groups and their seats,
 * responsibility letters. For each: a dry run of one good and one bad row (the bad one named
 * by column and rule, nothing changed), the all-or-nothing commit refused, the good row
 * committed, the same file again unchanged; the lock over a period refusing its rows (CONFLICT
 * `locked`).
 */

let db: TestDatabase;
let hub: Hub;
/** A village of 永寿县 (610426) in the fixture. */
let village: string;

const ORG = { id: 'org-iw-unit', name: '演示·导入派出单位', kind: 'CENTRAL_SOE', uscc: '91110000MA00IW001X', demo: true, source: 'test' };
const ORG2 = { id: 'org-iw-unit-2', name: '演示·导入派出单位乙', kind: 'LOCAL_SOE', demo: true, source: 'test' };
const PARTY = { id: 'org-iw-party', name: '演示·导入党派中央', kind: 'DEMOCRATIC_PARTY', demo: true, source: 'test' };
const PARTY_SX = { id: 'org-iw-party-61', name: '演示·导入党派陕西省委', kind: 'DEMOCRATIC_PARTY', parentId: PARTY.id, demo: true, source: 'test' };
const PARTY_EDITOR = editor(PARTY.id, { sub: 'iw-party-editor' });
const PARTY_SX_EDITOR = editor(PARTY_SX.id, { sub: 'iw-party-sx-editor' });
const POVERTY_OFFICE = coordinator('6104', { office: 'POVERTY', sub: 'iw-xy-poverty' });

const importAs = (as: As, kind: string, csv: string, opts: ImportOptions = {}) => importInto(hub, as, importEntry(kind), csv, opts);

const query = async (text: string) => rowsOf<Record<string, any>>(await db.database.db.execute(sql.raw(text)));

const LOCK = `mutation($c: Channel!, $r: ID!, $y: Int!) { lockPeriod(channel: $c, regionCode: $r, year: $y, reason: "演示·年度已审定") { id } }`;
const UNLOCK = `mutation($c: Channel!, $r: ID!, $y: Int!) { unlockPeriod(channel: $c, regionCode: $r, year: $y, reason: "演示·补录") { id } }`;
async function gql(text: string, variables: Record<string, unknown>) {
  const answer = await hub.query(text, variables, ADMIN);
  expect(answer.errors).toBeUndefined();
  return answer.data as Record<string, any>;
}

/**
 * A kind's file of one good and one bad row: the dry run answers the good row created and the bad
 * one refused on `refusal` (column, rule), changing nothing; the file is refused as a whole
 * (all or nothing); the good row alone commits; the same file again is unchanged.
 */
async function roundTrip(
  as: As,
  kind: string,
  schema: string,
  head: string[],
  good: (string | number)[],
  bad: (string | number)[],
  refusal: [string | null, string],
) {
  const before = await snapshotSchema(db.database, schema);
  const dry = await importAs(as, kind, csvOf([head, good, bad]), { dryRun: true });
  expect(dry).toMatchObject({ rows: 2, created: 1, refused: 1, committed: false });
  expect(refusalsOf(dry)).toEqual([[3, ...refusal]]);
  expect(await importAs(as, kind, csvOf([head, good, bad]))).toMatchObject({ created: 1, refused: 1, committed: false });
  expect(await snapshotSchema(db.database, schema)).toEqual(before);
  expect(await importAs(as, kind, csvOf([head, good]))).toMatchObject({ created: 1, committed: true });
  const committed = await snapshotSchema(db.database, schema);
  expect(committed).not.toEqual(before);
  expect(await importAs(as, kind, csvOf([head, good]))).toMatchObject({ created: 0, updated: 0, unchanged: 1, refused: 0, committed: true });
  expect(await snapshotSchema(db.database, schema)).toEqual(committed);
}

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({ organizations: [ORG, ORG2, PARTY, PARTY_SX] }));
  village = (await query(`select code from registry.regions where code like '610426%' and length(code) = 12 order by code limit 1`))[0].code;
}, 180_000);
afterAll(() => tearDown(db, hub));

describe('parties: supervision trips and recommendations under an assignment', () => {
  let assignment: string;
  beforeAll(async () => {
    // After the compiled assignments (2016–2020): the party supervises Shaanxi from 2021.
    const made = await importAs(
      PARTY_EDITOR,
      'parties-supervision',
      csvOf([
        ['helper', 'province', 'since'],
        [PARTY.id, '61', '2021-01-01'],
      ]),
    );
    expect(made).toMatchObject({ created: 1, committed: true });
    assignment = (await query(`select id from parties.assistance where helper_id = '${PARTY.id}' and kind = 'SUPERVISION'`))[0].id;
  });

  it('trips: keyed on assignment, days and places; a place outside the province refused; the lock on the province', async () => {
    const HEAD = ['assignment', 'organizer', 'start date', 'end date', 'places visited', 'participants', 'findings'];
    await roundTrip(
      PARTY_SX_EDITOR,
      'parties-supervision-trips',
      'parties',
      HEAD,
      [assignment, PARTY_SX.name, '2021-05-10', '2021-05-12', `${village}；610426`, 8, '演示·发现'],
      [assignment, '', '2021-06-10', '2021-06-12', `${village}；520621`, 8, ''],
      ['places visited', 'within-place'],
    );
    const [trip] = await query(
      `select organizer_id, places_visited, province_code, source from parties.supervision_trips where assignment_id = '${assignment}'`,
    );
    expect(trip).toEqual({ organizer_id: PARTY_SX.id, places_visited: ['610426', village].sort(), province_code: '61', source: 'api' });
    // The same key with other findings is refused, naming the column and the rule.
    const changed = await importAs(
      PARTY_EDITOR,
      'parties-supervision-trips',
      csvOf([HEAD, [assignment, PARTY_SX.id, '2021-05-10', '2021-05-12', `610426;${village}`, 8, '演示·另一发现']]),
    );
    expect(refusalsOf(changed)).toEqual([[2, 'start date', 'duplicate']]);
    await gql(LOCK, { c: 'DEMOCRATIC_PARTY', r: '61', y: 2022 });
    const locked = await importAs(PARTY_EDITOR, 'parties-supervision-trips', csvOf([HEAD, [assignment, '', '2022-04-01', '2022-04-02', '610426', '', '']]));
    expect(locked.refusals[0]).toMatchObject({ row: 2, column: 'start date', rule: 'locked', code: 'CONFLICT' });
    await gql(UNLOCK, { c: 'DEMOCRATIC_PARTY', r: '61', y: 2022 });
  });

  it('recommendations: keyed on assignment, title and day; a recipient place outside the province refused', async () => {
    const HEAD = ['assignment', 'form', 'title', 'recipient', 'recipient place', 'submitted on'];
    await roundTrip(
      PARTY_EDITOR,
      'parties-recommendations',
      'parties',
      HEAD,
      [assignment, 'REPORT', '演示·督导报告', '陕西省委省政府', '6104', '2021-07-01'],
      [assignment, '', '演示·另一建议', '陕西省委省政府', '5206', '2021-07-01'],
      ['recipient place', 'within-place'],
    );
    const [rec] = await query(
      `select form::text as form, recipient_code, status::text as status from parties.recommendations where assignment_id = '${assignment}'`,
    );
    expect(rec).toEqual({ form: 'REPORT', recipient_code: '6104', status: 'SUBMITTED' });
    // A caller of another party is refused row by row.
    const other = await importAs(editor(ORG.id), 'parties-recommendations', csvOf([HEAD, [assignment, '', '演示·越权', '省政府', '', '2021-08-01']]));
    expect(other.refusals[0]).toMatchObject({ row: 2, code: 'FORBIDDEN' });
  });
});

describe('local: work teams and their members, cadres, cadre–household pairings', () => {
  let team: string;
  let cadre: string;

  it('work teams: keyed on village and start date; senders by id or name; a county refused (level)', async () => {
    await roundTrip(
      POVERTY_OFFICE,
      'local-work-teams',
      'local',
      ['village', 'senders', 'since', 'until'],
      [village, `${ORG.id}；${ORG2.name}`, '2017-03-01', '2019-12-31'],
      ['610426', ORG.id, '2017-03-01', ''],
      ['village', 'level'],
    );
    [{ id: team }] = await query(`select id from local.work_teams where village_code = '${village}' and since = '2017-03-01' and source = 'api'`);
    const senders = await query(`select organization_id from local.team_senders where team_id = '${team}' order by 1`);
    expect(senders.map((s) => s.organization_id)).toEqual([ORG.id, ORG2.id]);
  });

  it('members: keyed on team, name and start date; a start before the team’s refused (within-period)', async () => {
    await roundTrip(
      POVERTY_OFFICE,
      'local-work-team-members',
      'local',
      ['team', 'name', 'role', 'since', 'until'],
      [team, '演示·王五', 'FIRST_SECRETARY', '2017-03-01', '2019-12-31'],
      [team, '演示·赵六', 'MEMBER', '2016-01-01', '2019-12-31'],
      ['since', 'within-period'],
    );
    const answer = await hub.query(`query($id: ID!) { workTeam(id: $id) { firstSecretary { personName } } }`, { id: team }, ADMIN);
    expect(answer.data!.workTeam.firstSecretary).toEqual({ personName: '演示·王五' });
  });

  it('cadres: keyed on county, organisation and name; a village refused (level); another level refused (duplicate)', async () => {
    const HEAD = ['name', 'level', 'organization', 'county'];
    await roundTrip(
      POVERTY_OFFICE,
      'local-cadres',
      'local',
      HEAD,
      ['演示·李四', 'ORDINARY', ORG.uscc, '610426'],
      ['演示·钱七', 'ORDINARY', ORG.id, village],
      ['county', 'level'],
    );
    [{ id: cadre }] = await query(`select id from local.cadres where person_name = '演示·李四'`);
    expect(refusalsOf(await importAs(POVERTY_OFFICE, 'local-cadres', csvOf([HEAD, ['演示·李四', 'COUNTY_LEADER', ORG.name, '610426']])))).toEqual([
      [2, 'level', 'duplicate'],
    ]);
  });

  it('pairings: keyed on cadre, household and start date; an unknown household refused (exists); the lock on the county', async () => {
    const filed = await importAs(
      POVERTY_OFFICE,
      'local-households',
      csvOf([
        ['household number', 'village', 'size', 'main cause', 'year', 'status'],
        ['IW-610426-0001', village, 4, 'ILLNESS', 2014, 'IDENTIFIED'],
      ]),
    );
    expect(filed).toMatchObject({ created: 1, committed: true });
    const HEAD = ['cadre', 'household number', 'since', 'until'];
    await roundTrip(
      POVERTY_OFFICE,
      'local-household-pairings',
      'local',
      HEAD,
      [cadre, 'IW-610426-0001', '2017-01-01', '2018-12-31'],
      [cadre, 'IW-NONE-0001', '2017-01-01', ''],
      ['household number', 'exists'],
    );
    // An overlapping pairing of the same cadre and household, an earlier row of the file or a recorded one.
    const overlap = await importAs(POVERTY_OFFICE, 'local-household-pairings', csvOf([HEAD, [cadre, 'IW-610426-0001', '2018-06-01', '']]));
    expect(refusalsOf(overlap)).toEqual([[2, 'since', 'duplicate']]);
  });

  it('county secretaries: keyed on county and start date; an overlapping one refused (duplicate)', async () => {
    const HEAD = ['county', 'name', 'since', 'until'];
    await roundTrip(
      POVERTY_OFFICE,
      'local-county-secretaries',
      'local',
      HEAD,
      ['610430', '演示·县委书记甲', '2013-06-01', '2014-05-31'],
      ['610430', '演示·县委书记乙', '2014-01-01', ''],
      ['since', 'duplicate'],
    );
    expect(
      refusalsOf(await importAs(POVERTY_OFFICE, 'local-county-secretaries', csvOf([HEAD, ['610430', '演示·另一人', '2013-06-01', '2014-05-31']]))),
    ).toEqual([[2, 'since', 'duplicate']]);
  });

  it('assessments: keyed on subject and year; a village refused (level); one subject only', async () => {
    const HEAD = ['region', 'organization', 'year', 'grade', 'findings'];
    await roundTrip(
      POVERTY_OFFICE,
      'local-assessments',
      'local',
      HEAD,
      ['610426', '', 2013, 'GOOD', '演示·考核意见'],
      [village, '', 2013, 'GOOD', '演示·考核意见'],
      ['region', 'level'],
    );
    const both = await importAs(ADMIN, 'local-assessments', csvOf([HEAD, ['610426', ORG.id, 2014, 'FAIR', '演示·两者']]));
    expect(refusalsOf(both)).toEqual([[2, 'region', 'one-subject']]);
    // An organisation's assessment, by an administrator (it has no home region).
    expect(await importAs(ADMIN, 'local-assessments', csvOf([HEAD, ['', ORG.name, 2014, 'FAIR', '演示·单位考核']]))).toMatchObject({
      created: 1,
      committed: true,
    });
  });

  it('leading groups and their seats: keyed on place and start, on group, organisation and start', async () => {
    await roundTrip(
      POVERTY_OFFICE,
      'local-leading-groups',
      'local',
      ['region', 'office', 'since', 'until'],
      ['610430', ORG.id, '2016-01-01', ''],
      [village, ORG.id, '2016-01-01', ''],
      ['region', 'level'],
    );
    const [{ id: group }] = await query(`select id from local.leading_groups where region_code = '610430' and source = 'api'`);
    await roundTrip(
      POVERTY_OFFICE,
      'local-leading-group-seats',
      'local',
      ['group', 'organization', 'role', 'since', 'until'],
      [group, ORG2.name, 'MEMBER', '2016-01-01', ''],
      [group, ORG.id, 'HEAD', '2015-01-01', ''],
      ['since', 'within-period'],
    );
    const answer = await hub.query(`query($id: ID!) { leadingGroup(id: $id) { seats { organization { id } role } } }`, { id: group }, ADMIN);
    expect(answer.data!.leadingGroup.seats).toEqual([{ organization: { id: ORG2.id }, role: 'MEMBER' }]);
  });

  it('responsibility letters: keyed on signer and year signed; a prefecture refused (level)', async () => {
    const HEAD = ['signer', 'year signed', 'since', 'until', 'targets'];
    await roundTrip(
      POVERTY_OFFICE,
      'local-responsibility-letters',
      'local',
      HEAD,
      ['610430', 2016, '2016-01-01', '2018-12-31', '演示·2018年摘帽'],
      ['6104', 2016, '2016-01-01', '', '演示·目标'],
      ['signer', 'level'],
    );
    const [letter] = await query(`select counterparty_code from local.responsibility_letters where signer_code = '610430' and source = 'api'`);
    expect(letter).toEqual({ counterparty_code: '61' });
    expect(
      refusalsOf(
        await importAs(POVERTY_OFFICE, 'local-responsibility-letters', csvOf([HEAD, ['610430', 2016, '2016-01-01', '2019-12-31', '演示·2018年摘帽']])),
      ),
    ).toEqual([[2, 'year signed', 'duplicate']]);
  });

  it('a row into a locked year is refused (CONFLICT locked): every kind with a period or a year', async () => {
    await gql(LOCK, { c: 'LOCAL', r: '610426', y: 2020 });
    const before = await snapshotSchema(db.database, 'local');
    const cases: [string, string[], (string | number)[]][] = [
      ['local-work-teams', ['village', 'senders', 'since'], [village, ORG.id, '2020-03-01']],
      ['local-work-team-members', ['team', 'name', 'role', 'since', 'until'], [team, '演示·孙八', 'MEMBER', '2019-06-01', '2019-12-31']],
      ['local-household-pairings', ['cadre', 'household number', 'since'], [cadre, 'IW-610426-0001', '2020-01-01']],
      ['local-county-secretaries', ['county', 'name', 'since'], ['610426', '演示·县委书记丙', '2020-02-01']],
      ['local-leading-groups', ['region', 'office', 'since'], ['610426', ORG.id, '2020-01-01']],
      ['local-responsibility-letters', ['signer', 'year signed', 'since', 'targets'], ['610426', 2020, '2020-01-01', '演示·目标']],
    ];
    // The member's period ends in 2019: not locked; the lock of 2019 refuses it.
    await gql(LOCK, { c: 'LOCAL', r: '610426', y: 2019 });
    for (const [kind, head, row] of cases) {
      const answer = await importAs(POVERTY_OFFICE, kind, csvOf([head, row]));
      expect(answer.refusals[0], kind).toMatchObject({ row: 2, column: 'since', rule: 'locked', code: 'CONFLICT' });
    }
    const assessed = await importAs(
      POVERTY_OFFICE,
      'local-assessments',
      csvOf([
        ['region', 'year', 'grade', 'findings'],
        ['610426', 2020, 'GOOD', '演示·锁定'],
      ]),
    );
    expect(assessed.refusals[0]).toMatchObject({ row: 2, column: 'year', rule: 'locked', code: 'CONFLICT' });
    expect(await snapshotSchema(db.database, 'local')).toEqual(before);
    await gql(UNLOCK, { c: 'LOCAL', r: '610426', y: 2019 });
    await gql(UNLOCK, { c: 'LOCAL', r: '610426', y: 2020 });
  });
});
