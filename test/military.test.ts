import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NAME_PREFIX, isDemoName } from '../lib/demo.js';
import { governmentId, militaryUnitId } from '../lib/org-ids.js';
import { Rng } from '../lib/rng.js';
import type { RegionRow, SeedScope } from '../lib/seed.js';
import { generateDemo, PUBLISHED_SIZES, resolveVillage, villageShortName, type DemoWorld } from '../subgraphs/military/seed.js';
import { militarySubgraph } from '../subgraphs/military/subgraph.js';
import { createRegistrySeedApi } from '../subgraphs/registry/seed.js';
import { referenceOrganizations } from '../subgraphs/registry/reference.js';
import { MILITARY_KINDS } from '../subgraphs/military/resolvers.js';
import {
  ADMIN,
  type As,
  callsTo,
  coordinator,
  countStatements,
  countSteadyStatements,
  coreAndWholeList,
  editor,
  executeOn,
  FIXTURE_WITHIN,
  REFERENCE_DIR,
  rowsOf,
  runDemoSteps,
  SASAC,
  snapshotSchema,
  startFixtureHub,
  startHub,
  tearDown,
  type Hub,
  type TestDatabase,
} from './harness.js';
import { sql } from 'drizzle-orm';

let db: TestDatabase;
let hub: Hub;

/** Townships of the published village sites, so the reference import can resolve them. */
const SITE_TOWNSHIPS = ['130627110', '130131207'];

// Units of the fixture, standing for real units whose records are entered through the API (the
// registry holds units as organisations; the demo generator names its own `演示·…`).
const PMD = militaryUnitId('陕西省军区');
const MSD = militaryUnitId('咸阳军分区');
const PAFD_YS = militaryUnitId('永寿县人民武装部');
const PAFD_CH = militaryUnitId('淳化县人民武装部');
const POLICE = militaryUnitId('武警陕西总队');
const NO_HOME = militaryUnitId('无辖区人民武装部');

const EDITOR_YS = editor(PAFD_YS, { sub: 'editor-ys' });
const EDITOR_CH = editor(PAFD_CH, { sub: 'editor-ch' });
const COORD_XY = coordinator('6104', { sub: 'coord-xianyang' });
const COORD_SX = coordinator('61', { sub: 'coord-shaanxi' });
const COORD_GZ = coordinator('52', { sub: 'coord-guizhou' });

/** Places of the fixture, looked up once. */
let V1: string; // a village of 永寿县
let V2: string; // a village of 淳化县
let T1: string; // a township of 永寿县
const ids: Record<string, string> = {};

const CREATE = `mutation($input: CreateMilitaryAssistanceInput!) { createMilitaryAssistance(input: $input) { id kind since until helped { code } } }`;
const PROJECT = `mutation($input: MilitaryProjectInput!) { recordMilitaryProject(input: $input) { id year funds } }`;
const SEAT = `mutation($input: LeadingGroupMembershipInput!) { recordLeadingGroupMembership(input: $input) { id since until region { code } unit { id } } }`;

/** Calls as ADMIN unless said (null for anonymous); a refused write leaves the military schema unchanged. */
const { ok, refused } = callsTo(() => hub, { as: ADMIN, schema: 'military' });

async function firstCode(filter: Record<string, unknown>): Promise<string> {
  const data = await ok(`query($f: RegionFilter) { regions(filter: $f, first: 1) { edges { node { code } } } }`, { f: filter });
  return data.regions.edges[0].node.code;
}

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({
    within: [...FIXTURE_WITHIN, ...SITE_TOWNSHIPS],
    organizations: [
      { id: PMD, name: '陕西省军区', kind: 'PROVINCIAL_MILITARY_DISTRICT', homeRegionCode: '61', demo: false, source: 'test' },
      { id: MSD, name: '咸阳军分区', kind: 'MILITARY_SUBDISTRICT', homeRegionCode: '6104', parentId: PMD, demo: false, source: 'test' },
      { id: PAFD_YS, name: '永寿县人民武装部', kind: 'PEOPLES_ARMED_FORCES_DEPARTMENT', homeRegionCode: '610426', parentId: MSD, demo: false, source: 'test' },
      { id: PAFD_CH, name: '淳化县人民武装部', kind: 'PEOPLES_ARMED_FORCES_DEPARTMENT', homeRegionCode: '610430', parentId: MSD, demo: false, source: 'test' },
      { id: POLICE, name: '武警陕西总队', kind: 'ARMED_POLICE_UNIT', homeRegionCode: '61', demo: false, source: 'test' },
      { id: NO_HOME, name: '无辖区人民武装部', kind: 'PEOPLES_ARMED_FORCES_DEPARTMENT', demo: false, source: 'test' },
    ],
  }));
  V1 = await firstCode({ level: 'VILLAGE', within: '610426' });
  V2 = await firstCode({ level: 'VILLAGE', within: '610430' });
  T1 = await firstCode({ level: 'TOWNSHIP', within: '610426' });

  // The hand-computed fixture: five records, six projects (figures in the tests below).
  const create = async (key: string, input: Record<string, unknown>, as: As = ADMIN) =>
    (ids[key] = (await ok(CREATE, { input }, as)).createMilitaryAssistance.id);
  const project = async (key: string, input: Record<string, unknown>, as: As = ADMIN) =>
    (ids[key] = (await ok(PROJECT, { input }, as)).recordMilitaryProject.id);
  await create(
    'A1',
    { unitId: PAFD_YS, helpedCode: V1, kind: 'VILLAGE_PAIRING', since: '2016-03-01', until: '2020-12-31', internalNote: 'note-A1', siteName: '一号村' },
    EDITOR_YS,
  );
  await create('A2', { unitId: MSD, helpedCode: T1, kind: 'INFRASTRUCTURE', since: '2018-01-01' }, COORD_XY);
  await create('A3', { unitId: PMD, helpedCode: '610426', kind: 'COUNTY_HOSPITAL', since: '2017-06-01', siteName: '永寿县医院' });
  await create('A4', { unitId: PAFD_CH, helpedCode: V2, kind: 'VILLAGE_CLINIC', since: '2019-01-01' });
  await create('A5', { unitId: POLICE, helpedCode: '610430', kind: 'INDUSTRY', since: '2016-01-01', until: '2017-12-31' });
  const fig = (personnelSent: number, officers: number, soldiers: number, householdsReached: number, peopleReached: number) => ({
    personnelSent,
    officers,
    soldiers,
    householdsReached,
    peopleReached,
  });
  await project('P1', { assistanceId: ids.A1, year: 2017, name: '产业项目', funds: '120000.50', ...fig(12, 2, 8, 40, 130) }, EDITOR_YS);
  await project('P2', { assistanceId: ids.A1, year: 2018, name: '饮水工程', funds: '80000.25', ...fig(5, 1, 3, 25, 70) }, EDITOR_YS);
  await project('P3', { assistanceId: ids.A2, year: 2018, name: '军民同心路', funds: '300000', ...fig(20, 4, 16, 0, 0) });
  await project('P4', { assistanceId: ids.A3, year: 2019, name: '专科共建', funds: '50000.00', ...fig(3, 3, 0, 0, 0) });
  await project('P5', { assistanceId: ids.A4, year: 2019, name: '村卫生室建设', funds: '10000.10', ...fig(2, 0, 2, 10, 33) });
  await project('P6', { assistanceId: ids.A5, year: 2016, name: '养殖合作社', funds: '0.05', ...fig(1, 0, 1, 5, 9) });
});

afterAll(() => tearDown(db, hub));

const PICTURE = `query($code: ID!, $anc: Boolean, $desc: Boolean, $year: Int) { region(code: $code) {
  name poverty { exitYear }
  militaryAssistance(includeAncestors: $anc, includeDescendants: $desc, year: $year) {
    id channel kind siteName since until internalNote
    helper { id name kind } helped { code level }
    totals { projectCount funds householdsReached peopleReached personnelSent officers soldiers }
    projects { year name funds householdsReached personnelSent officers soldiers }
  } } }`;

describe('the picture of a county', () => {
  it('includeAncestors (the headline picture) finds the county-level help, e.g. a county hospital pairing', async () => {
    // Military help lands on villages, townships and counties; includeAncestors adds help to
    // the places containing the county (none here), so only county-level records show.
    const data = await ok(PICTURE, { code: '610426', anc: true });
    expect(data.region.militaryAssistance.map((a: { id: string }) => a.id)).toEqual([ids.A3]);
    expect(data.region.militaryAssistance[0]).toMatchObject({
      channel: 'MILITARY',
      kind: 'COUNTY_HOSPITAL',
      helper: { id: PMD, name: '陕西省军区', kind: 'PROVINCIAL_MILITARY_DISTRICT' },
      helped: { code: '610426', level: 'COUNTY' },
    });
  });

  it('includeDescendants finds the help landing on its villages and townships too', async () => {
    const data = await ok(PICTURE, { code: '610426', desc: true });
    const list = data.region.militaryAssistance;
    expect(list.map((a: { id: string }) => a.id)).toEqual([ids.A3, ids.A2, ids.A1]);
    expect(list[2]).toMatchObject({
      kind: 'VILLAGE_PAIRING',
      helper: { name: '永寿县人民武装部' },
      helped: { code: V1, level: 'VILLAGE' },
      since: '2016-03-01',
      until: '2020-12-31',
    });
    expect(list[2].totals).toMatchObject({ projectCount: 2, funds: '200000.75', householdsReached: 65, peopleReached: 200 });
  });

  it('filters by year: a record counts in the years of its period', async () => {
    const y2016 = await ok(PICTURE, { code: '610426', desc: true, year: 2016 });
    expect(y2016.region.militaryAssistance.map((a: { id: string }) => a.id)).toEqual([ids.A1]);
    const y2021 = await ok(PICTURE, { code: '6104', desc: true, year: 2021 });
    expect(y2021.region.militaryAssistance.map((a: { id: string }) => a.id).sort()).toEqual([ids.A2, ids.A3, ids.A4].sort());
  });

  it('an anonymous caller sees places, kinds and totals but no personnel figures or internals', async () => {
    const res = await hub.query(PICTURE, { code: '610426', desc: true });
    expect(res.errors).toBeUndefined();
    const a1 = res.data!.region.militaryAssistance.find((a: { id: string }) => a.id === ids.A1);
    expect(a1.internalNote).toBeNull();
    expect(a1.totals).toEqual({
      projectCount: 2,
      funds: '200000.75',
      householdsReached: 65,
      peopleReached: 200,
      personnelSent: null,
      officers: null,
      soldiers: null,
    });
    expect(a1.projects.map((p: Record<string, unknown>) => [p.personnelSent, p.officers, p.soldiers])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    expect(a1.projects.map((p: { funds: string }) => p.funds)).toEqual(['120000.50', '80000.25']);
  });

  it('the unit’s editor, a coordinator in scope and an admin see personnel figures; others do not', async () => {
    const a1Of = async (as: As) =>
      (await ok(PICTURE, { code: '610426', desc: true }, as)).region.militaryAssistance.find((a: { id: string }) => a.id === ids.A1);
    for (const as of [EDITOR_YS, COORD_XY, COORD_SX, ADMIN]) {
      const a1 = await a1Of(as);
      expect(a1.internalNote, as!.sub).toBe('note-A1');
      expect(a1.totals, as!.sub).toMatchObject({ personnelSent: 17, officers: 3, soldiers: 11 });
      expect(a1.projects[0], as!.sub).toMatchObject({ personnelSent: 12, officers: 2, soldiers: 8 });
    }
    for (const as of [EDITOR_CH, COORD_GZ, SASAC]) {
      const a1 = await a1Of(as);
      expect(a1.internalNote, as!.sub).toBeNull();
      expect(a1.totals.personnelSent, as!.sub).toBeNull();
      expect(a1.projects[0].officers, as!.sub).toBeNull();
    }
    // The editor of 永寿's 人武部 sees its own record's figures, not the 省军区's.
    const a3 = (await ok(PICTURE, { code: '610426' }, EDITOR_YS)).region.militaryAssistance[0];
    expect(a3.totals.personnelSent).toBeNull();
  });
});

const SUMMARY = `query($code: ID!, $year: Int) { region(code: $code) { militarySummary(year: $year) {
  year assistanceCount placesHelped villagesHelped units
  totals { projectCount funds householdsReached peopleReached personnelSent officers soldiers }
  byKind { kind assistanceCount placesHelped totals { projectCount funds householdsReached personnelSent } }
} } }`;

describe('summary per region and year', () => {
  it('sums 陕西 for 2018 by hand: records valid in 2018, projects of 2018', async () => {
    const s = (await ok(SUMMARY, { code: '61', year: 2018 })).region.militarySummary;
    expect(s).toMatchObject({ year: 2018, assistanceCount: 3, placesHelped: 3, villagesHelped: 1, units: 3 });
    expect(s.totals).toEqual({ projectCount: 2, funds: '380000.25', householdsReached: 25, peopleReached: 70, personnelSent: 25, officers: 5, soldiers: 19 });
    expect(s.byKind).toEqual([
      { kind: 'COUNTY_HOSPITAL', assistanceCount: 1, placesHelped: 1, totals: { projectCount: 0, funds: '0.00', householdsReached: 0, personnelSent: 0 } },
      { kind: 'INFRASTRUCTURE', assistanceCount: 1, placesHelped: 1, totals: { projectCount: 1, funds: '300000.00', householdsReached: 0, personnelSent: 20 } },
      { kind: 'VILLAGE_PAIRING', assistanceCount: 1, placesHelped: 1, totals: { projectCount: 1, funds: '80000.25', householdsReached: 25, personnelSent: 5 } },
    ]);
  });

  it('sums 陕西 over all years', async () => {
    const s = (await ok(SUMMARY, { code: '61' })).region.militarySummary;
    expect(s).toMatchObject({ year: null, assistanceCount: 5, placesHelped: 5, villagesHelped: 2, units: 5 });
    expect(s.totals).toEqual({ projectCount: 6, funds: '560000.90', householdsReached: 80, peopleReached: 242, personnelSent: 43, officers: 10, soldiers: 30 });
  });

  it('hides personnel totals from the public and from coordinators of a smaller place', async () => {
    for (const as of [undefined, COORD_XY, EDITOR_YS]) {
      const res = await hub.query(SUMMARY, { code: '61' }, as);
      expect(res.data!.region.militarySummary.totals, as?.sub).toMatchObject({ funds: '560000.90', personnelSent: null, officers: null, soldiers: null });
      expect(res.data!.region.militarySummary.byKind.every((k: { totals: { personnelSent: null } }) => k.totals.personnelSent === null)).toBe(true);
    }
    const xy = (await ok(SUMMARY, { code: '6104' }, COORD_XY)).region.militarySummary;
    expect(xy.totals.personnelSent).toBe(43);
  });

  it('counts help to the containing places with includeAncestors (a village inside 永寿县)', async () => {
    const q = `query($code: ID!) { region(code: $code) { militarySummary(includeDescendants: false, includeAncestors: true) {
      assistanceCount byKind { kind } totals { personnelSent } } } }`;
    const s = (await ok(q, { code: V1 }, COORD_XY)).region.militarySummary;
    // A1 on the village, A3 on the county, and A2 when the village lies in township T1.
    const expected = ['COUNTY_HOSPITAL', ...(V1.startsWith(T1) ? ['INFRASTRUCTURE'] : []), 'VILLAGE_PAIRING'];
    expect(s.byKind.map((k: { kind: string }) => k.kind)).toEqual(expected);
    expect(s.assistanceCount).toBe(expected.length);
    // Help to containing places may lie outside a coordinator's scope: personnel stays hidden.
    expect(s.totals.personnelSent).toBeNull();
  });

  it('asked only for counts and totals, gives the same figures without distinct counts or per-kind rows', async () => {
    const lean = await countStatements(db.database, () =>
      hub.query(
        `query($code: ID!, $year: Int) { region(code: $code) { militarySummary(year: $year) { year assistanceCount totals { projectCount funds householdsReached peopleReached } } } }`,
        { code: '61', year: 2018 },
      ),
    );
    expect(lean.result.errors).toBeUndefined();
    const full = (await ok(SUMMARY, { code: '61', year: 2018 })).region.militarySummary;
    expect(lean.result.data!.region.militarySummary).toEqual({
      year: 2018,
      assistanceCount: full.assistanceCount,
      totals: {
        projectCount: full.totals.projectCount,
        funds: full.totals.funds,
        householdsReached: full.totals.householdsReached,
        peopleReached: full.totals.peopleReached,
      },
    });
    expect(lean.log.join('\n')).not.toMatch(/count\(distinct|grouping sets/);
    const byFragment = (await ok(`query { region(code: "61") { militarySummary(year: 2018) { assistanceCount ... on MilitarySummary { units } } } }`, {}))
      .region.militarySummary;
    expect(byFragment).toEqual({ assistanceCount: full.assistanceCount, units: full.units });
  });

  it('is empty, not missing, for a place without help', async () => {
    const s = (await ok(SUMMARY, { code: '52' })).region.militarySummary;
    expect(s).toMatchObject({ assistanceCount: 0, placesHelped: 0, byKind: [], totals: { projectCount: 0, funds: '0.00' } });
  });
});

const REPORT = `query($year: Int) { militaryReport(year: $year) { year
  national { assistanceCount placesHelped villagesHelped totals { projectCount funds personnelSent } byKind { kind placesHelped } }
  provinces { province { code name } assistanceCount placesHelped villagesHelped totals { funds personnelSent } byKind { kind assistanceCount placesHelped } }
} }`;

describe('report: places helped by kind, rolled up by province', () => {
  it('rolls the fixture and the published sites up by province', async () => {
    const r = (await ok(REPORT, {}, null)).militaryReport;
    // 5 fixture records in 陕西 + 4 published sites (河北 2, 河南 1, 新疆 1).
    expect(r.national).toMatchObject({ assistanceCount: 9, placesHelped: 9, totals: { projectCount: 6, funds: '560000.90', personnelSent: null } });
    expect(r.national.byKind).toEqual([
      { kind: 'COUNTY_HOSPITAL', placesHelped: 2 },
      { kind: 'INDUSTRY', placesHelped: 1 },
      { kind: 'INFRASTRUCTURE', placesHelped: 2 },
      { kind: 'VILLAGE_CLINIC', placesHelped: 1 },
      { kind: 'VILLAGE_PAIRING', placesHelped: 3 },
    ]);
    expect(r.provinces.map((p: { province: { code: string } }) => p.province.code)).toEqual(['13', '41', '61', '65']);
    const hebei = r.provinces[0];
    expect(hebei).toMatchObject({
      province: { name: '河北省' },
      assistanceCount: 2,
      villagesHelped: 2,
      byKind: [{ kind: 'VILLAGE_PAIRING', assistanceCount: 2, placesHelped: 2 }],
    });
    expect(r.provinces[2]).toMatchObject({ assistanceCount: 5, villagesHelped: 2, totals: { funds: '560000.90', personnelSent: null } });
  });

  it('shows personnel to an admin nationally and to a coordinator for provinces in scope', async () => {
    const admin = (await ok(REPORT, {}, ADMIN)).militaryReport;
    expect(admin.national.totals.personnelSent).toBe(43);
    const coord = (await ok(REPORT, {}, COORD_SX)).militaryReport;
    expect(coord.national.totals.personnelSent).toBeNull();
    expect(coord.provinces.find((p: { province: { code: string } }) => p.province.code === '61').totals.personnelSent).toBe(43);
    expect(coord.provinces.find((p: { province: { code: string } }) => p.province.code === '13').totals.personnelSent).toBeNull();
  });

  it('counts a year: 2016 has the 2016-dated published site and two fixture records', async () => {
    const r = (await ok(REPORT, { year: 2016 })).militaryReport;
    // Valid in 2016: A1 (from 2016-03), A5 (2016–2017), 土岭村 (since 2016).
    expect(r.national).toMatchObject({ assistanceCount: 3, totals: { projectCount: 1, funds: '0.05' } });
  });
});

describe("a place's list and a helper's list", () => {
  it('serve each record alike (the place list reads raw rows, the helper list mapped ones)', async () => {
    const fields = 'id kind siteName since until internalNote evidenceUrl note demo source helper { id } helped { code }';
    const place = (await ok(`{ region(code: "13") { militaryAssistance(includeDescendants: true) { ${fields} } } }`, {})).region.militaryAssistance as {
      id: string;
      helper: { id: string };
    }[];
    expect(place.length).toBeGreaterThan(0);
    const helpers = [...new Set(place.map((r) => r.helper.id))];
    const byHelper = await Promise.all(
      helpers.map(
        async (id) => (await ok(`query($id: ID!) { organization(id: $id) { militaryAssistance { ${fields} } } }`, { id })).organization.militaryAssistance,
      ),
    );
    const fromHelpers = new Map(byHelper.flat().map((r: { id: string }) => [r.id, r]));
    for (const r of place) expect(r).toEqual(fromHelpers.get(r.id));
  });

  it('reads only the core columns for a list asking only what they serve, with the same answers', async () => {
    const { lean } = await coreAndWholeList(
      db.database,
      (fields) =>
        hub.query(
          `{ region(code: "13") { militaryAssistance(includeDescendants: true) { __typename ${fields} ... on MilitaryAssistance { channel } } } }`,
          {},
          ADMIN,
        ),
      (data) => data.region.militaryAssistance,
      '"military"."assistance"',
      'id kind since until helper { id } helped { code }',
      { selection: 'note', field: 'note', column: 'internal_note' },
    );
    expect(lean.read).not.toMatch(/"internal_note"|"site_name"|"evidence_url"/);
  });
});

describe('published aid sites (reference)', () => {
  it('resolves the published villages to their codes and keeps an unloaded village on its county', async () => {
    const q = `query($id: ID!) { organization(id: $id) { name kind militaryAssistance { kind siteName helped { code name level } since note evidenceUrl demo source } } }`;
    const army = (await ok(q, { id: militaryUnitId('陆军机关') }, null)).organization;
    expect(army).toMatchObject({ name: '陆军机关', kind: 'MILITARY_UNIT' });
    expect(army.militaryAssistance).toEqual([
      expect.objectContaining({
        kind: 'VILLAGE_PAIRING',
        siteName: '葛公村',
        helped: { code: '130627110201', name: '葛公村村民委员会', level: 'VILLAGE' },
        since: '2019-01-01',
        demo: false,
      }),
    ]);
    const theatre = (await ok(q, { id: militaryUnitId('中部战区陆军机关') })).organization.militaryAssistance[0];
    expect(theatre).toMatchObject({ helped: { code: '130131207215' }, since: '2016-01-01' });
    // 辉县市's villages are not in this fixture: the record sits on the county, named.
    const brigade = (await ok(q, { id: militaryUnitId('第83集团军某旅') })).organization.militaryAssistance[0];
    expect(brigade).toMatchObject({ kind: 'INFRASTRUCTURE', siteName: '松贡水村', helped: { code: '410782', level: 'COUNTY' } });
    expect(brigade.note).toContain('recorded on its county');
    const hospital = (await ok(q, { id: militaryUnitId('联勤保障部队第九八八医院') })).organization.militaryAssistance[0];
    expect(hospital).toMatchObject({ kind: 'COUNTY_HOSPITAL', helped: { code: '653001' }, since: '2021-01-01' });
  });

  it('matches village names with or without their township, and refuses ambiguous ones', () => {
    expect(villageShortName('葛公村村民委员会')).toBe('葛公村');
    expect(villageShortName('土岭村民委员会')).toBe('土岭村');
    const villages: RegionRow[] = [
      { code: '130131207215', name: '土岭村民委员会', povertyExitYear: null },
      { code: '130131208001', name: '土岭村民委员会', povertyExitYear: null },
    ];
    const townships: RegionRow[] = [
      { code: '130131207', name: '北冶乡', povertyExitYear: null },
      { code: '130131208', name: '别的乡', povertyExitYear: null },
    ];
    expect(resolveVillage('北冶乡土岭村', '130131', villages, townships)).toBe('130131207215');
    expect(resolveVillage('土岭村', '130131', villages, townships)).toBeNull();
  });
});

const MEMBERS = `query { region(code: "610426") { militaryLeadingGroupMembers { unit { id name } region { code } since until } }
  organization(id: "${PAFD_YS}") { leadingGroupMemberships { region { code name } } militaryUnit { designation internalNote } } }`;

describe('leading-group membership', () => {
  it('records a 人武部 on its county government’s leading group, and the structure comes from the registry', async () => {
    const seat = (await ok(SEAT, { input: { unitId: PAFD_YS, regionCode: '610426000000', since: '2016-01-01' } }, EDITOR_YS)).recordLeadingGroupMembership;
    ids.seatYS = seat.id;
    expect(seat).toMatchObject({ region: { code: '610426' }, unit: { id: PAFD_YS }, until: null });
    expect(seat.id).toMatch(/^mil-lg-/);
    await ok(SEAT, { input: { unitId: MSD, regionCode: '610400', since: '2016-01-01' } }, COORD_XY);
    await ok(SEAT, { input: { unitId: PMD, regionCode: '61', since: '2016-01-01', until: '2020-12-31' } });
    const data = await ok(MEMBERS, {});
    expect(data.region.militaryLeadingGroupMembers).toEqual([
      { unit: { id: PAFD_YS, name: '永寿县人民武装部' }, region: { code: '610426' }, since: '2016-01-01', until: null },
    ]);
    expect(data.organization.leadingGroupMemberships).toEqual([{ region: { code: '610426', name: '永寿县' } }]);
    const chain = await ok(
      `{ organization(id: "${PAFD_YS}") { homeRegion { code } parent { name homeRegion { code } parent { name leadingGroupMemberships(year: 2021) { id } } } } }`,
      {},
    );
    expect(chain.organization).toEqual({
      homeRegion: { code: '610426' },
      parent: { name: '咸阳军分区', homeRegion: { code: '6104' }, parent: { name: '陕西省军区', leadingGroupMemberships: [] } },
    });
  });

  it('refuses a seat at a mismatched level (rule same-level) and writes nothing', async () => {
    for (const [unitId, regionCode] of [
      [PMD, '610426'],
      [PAFD_YS, '6104'],
      [MSD, '61'],
    ]) {
      await refused(SEAT, { input: { unitId, regionCode, since: '2016-01-01' } }, ADMIN, 'BAD_USER_INPUT', 'same-level', 'input.regionCode');
    }
  });

  it('ends a seat by setting until, keeping the history', async () => {
    const q = `mutation($id: ID!, $until: Date!) { endLeadingGroupMembership(id: $id, until: $until) { id until } }`;
    await refused(q, { id: ids.seatYS, until: '2015-01-01' }, EDITOR_YS, 'BAD_USER_INPUT', 'period', 'until');
    await refused(q, { id: ids.seatYS, until: '2020-12-31' }, EDITOR_CH, 'FORBIDDEN', 'access');
    await refused(q, { id: 'mil-lg-404', until: '2020-12-31' }, ADMIN, 'NOT_FOUND', 'exists', 'id');
    expect((await ok(q, { id: ids.seatYS, until: '2020-12-31' }, EDITOR_YS)).endLeadingGroupMembership.until).toBe('2020-12-31');
    await refused(q, { id: ids.seatYS, until: '2021-12-31' }, EDITOR_YS, 'BAD_USER_INPUT', 'already-ended', 'id');
    const later = await ok(`{ region(code: "610426") { all: militaryLeadingGroupMembers { id } y2021: militaryLeadingGroupMembers(year: 2021) { id } } }`, {});
    expect(later.region).toEqual({ all: [{ id: ids.seatYS }], y2021: [] });
  });
});

describe('validation: every rule refused with the right code, nothing written', () => {
  const base = () => ({ unitId: PAFD_YS, helpedCode: V1, kind: 'SCHOOL', since: '2019-01-01' });

  it('leading-group seats', async () => {
    const seat = (input: Record<string, unknown>) => ({ input: { unitId: PAFD_CH, regionCode: '610430', since: '2016-01-01', ...input } });
    await refused(SEAT, seat({ unitId: POLICE, regionCode: '61' }), ADMIN, 'BAD_USER_INPUT', 'helper-kind', 'input.unitId');
    await refused(SEAT, seat({ unitId: governmentId('11'), regionCode: '11' }), ADMIN, 'BAD_USER_INPUT', 'helper-kind', 'input.unitId');
    await refused(SEAT, seat({ unitId: 'no-such-unit' }), ADMIN, 'NOT_FOUND', 'exists', 'input.unitId');
    await refused(SEAT, seat({ regionCode: '61x' }), ADMIN, 'BAD_USER_INPUT', 'division-code', 'input.regionCode');
    await refused(SEAT, seat({ regionCode: '619999' }), ADMIN, 'BAD_USER_INPUT', 'exists', 'input.regionCode');
    await refused(SEAT, seat({ regionCode: '610426' }), ADMIN, 'BAD_USER_INPUT', 'own-region', 'input.regionCode');
    await refused(SEAT, seat({ since: '1980-01-01' }), ADMIN, 'BAD_USER_INPUT', 'year', 'input.since');
    await refused(SEAT, seat({ until: '2015-12-31' }), ADMIN, 'BAD_USER_INPUT', 'period', 'input.until');
    await refused(SEAT, seat({ since: '2016-02-30' }), ADMIN, 'BAD_USER_INPUT');
    await ok(SEAT, seat({}));
    await refused(SEAT, seat({ since: '2019-01-01' }), ADMIN, 'BAD_USER_INPUT', 'duplicate', 'input');
  });

  it('assistance records', async () => {
    const create = (input: Record<string, unknown>) => ({ input: { ...base(), ...input } });
    await refused(CREATE, create({ unitId: governmentId('11') }), ADMIN, 'BAD_USER_INPUT', 'helper-kind', 'input.unitId');
    await refused(CREATE, create({ unitId: 'no-such-unit' }), ADMIN, 'NOT_FOUND', 'exists', 'input.unitId');
    await refused(CREATE, create({ helpedCode: 'abc' }), ADMIN, 'BAD_USER_INPUT', 'division-code', 'input.helpedCode');
    await refused(CREATE, create({ helpedCode: '610426999999' }), ADMIN, 'BAD_USER_INPUT', 'exists', 'input.helpedCode');
    await refused(CREATE, create({ unitId: PMD, helpedCode: '6104' }), ADMIN, 'BAD_USER_INPUT', 'level', 'input.helpedCode');
    await refused(CREATE, create({ kind: 'VILLAGE_PAIRING', helpedCode: '610426' }), ADMIN, 'BAD_USER_INPUT', 'kind-level', 'input.helpedCode');
    await refused(CREATE, create({ kind: 'COUNTY_HOSPITAL' }), ADMIN, 'BAD_USER_INPUT', 'kind-level', 'input.helpedCode');
    await refused(CREATE, create({ helpedCode: V2 }), ADMIN, 'BAD_USER_INPUT', 'within-place', 'input.helpedCode');
    await refused(CREATE, create({ unitId: NO_HOME }), ADMIN, 'BAD_USER_INPUT', 'responsible-region', 'input.unitId');
    await refused(CREATE, create({ since: '1985-12-31' }), ADMIN, 'BAD_USER_INPUT', 'year', 'input.since');
    await refused(CREATE, create({ until: '2099-12-31' }), ADMIN, 'BAD_USER_INPUT', 'year', 'input.until');
    await refused(CREATE, create({ until: '2018-12-31' }), ADMIN, 'BAD_USER_INPUT', 'period', 'input.until');
    await refused(CREATE, create({ evidenceUrl: 'ftp://example.org/x' }), ADMIN, 'BAD_USER_INPUT', 'url', 'input.evidenceUrl');
    await refused(CREATE, create({ siteName: 'x'.repeat(501) }), ADMIN, 'BAD_USER_INPUT', 'too-long', 'input.siteName');
    await refused(CREATE, create({ kind: 'VILLAGE_PAIRING', since: '2020-06-01', until: null }), ADMIN, 'BAD_USER_INPUT', 'duplicate', 'input');
    // Same unit and place, other kind or a period after the pairing ended: not a duplicate.
    const school = (await ok(CREATE, create({}))).createMilitaryAssistance;
    expect(school).toMatchObject({ kind: 'SCHOOL', helped: { code: V1 } });
    ids.school = school.id;
    await ok(CREATE, create({ kind: 'VILLAGE_PAIRING', since: '2021-01-01' }));
  });

  it('projects', async () => {
    const project = (input: Record<string, unknown>) => ({ input: { assistanceId: ids.A1, year: 2019, name: '新项目', funds: '10.00', ...input } });
    await refused(PROJECT, project({ assistanceId: 'mil-a-404' }), ADMIN, 'NOT_FOUND', 'exists', 'input.assistanceId');
    await refused(PROJECT, project({ year: 2015 }), ADMIN, 'BAD_USER_INPUT', 'within-period', 'input.year');
    await refused(PROJECT, project({ year: 2021 }), ADMIN, 'BAD_USER_INPUT', 'within-period', 'input.year');
    await refused(PROJECT, project({ year: 1980 }), ADMIN, 'BAD_USER_INPUT', 'year', 'input.year');
    await refused(PROJECT, project({ funds: '-1.00' }), ADMIN, 'BAD_USER_INPUT', 'non-negative', 'input.funds');
    await refused(PROJECT, project({ funds: '1.005' }), ADMIN, 'BAD_USER_INPUT');
    await refused(PROJECT, project({ funds: 1.5 }), ADMIN, 'BAD_USER_INPUT');
    await refused(PROJECT, project({ householdsReached: -1 }), ADMIN, 'BAD_USER_INPUT', 'non-negative', 'input.householdsReached');
    await refused(PROJECT, project({ officers: 5, soldiers: 5, personnelSent: 3 }), ADMIN, 'BAD_USER_INPUT', 'personnel-breakdown', 'input.personnelSent');
    await refused(PROJECT, project({ name: '  ' }), ADMIN, 'BAD_USER_INPUT', 'required', 'input.name');
    const upd = `mutation($id: ID!, $input: UpdateMilitaryProjectInput!) { updateMilitaryProject(id: $id, input: $input) { id funds officers } }`;
    await refused(upd, { id: ids.P1, input: { officers: 20 } }, ADMIN, 'BAD_USER_INPUT', 'personnel-breakdown', 'input.personnelSent');
    await refused(upd, { id: 'mil-p-404', input: { officers: 1 } }, ADMIN, 'NOT_FOUND', 'exists', 'id');
  });

  it('ending and changing records', async () => {
    const end = `mutation($id: ID!, $until: Date!) { endMilitaryAssistance(id: $id, until: $until) { id until } }`;
    const upd = `mutation($id: ID!, $input: UpdateMilitaryAssistanceInput!) { updateMilitaryAssistance(id: $id, input: $input) { id since siteName } }`;
    await refused(end, { id: ids.A1, until: '2021-01-01' }, ADMIN, 'BAD_USER_INPUT', 'already-ended', 'id');
    await refused(end, { id: ids.A2, until: '2017-12-31' }, ADMIN, 'BAD_USER_INPUT', 'period', 'until');
    await refused(end, { id: ids.A3, until: '2018-12-31' }, ADMIN, 'BAD_USER_INPUT', 'records-outside-period', 'until');
    await refused(end, { id: 'mil-a-404', until: '2018-12-31' }, ADMIN, 'NOT_FOUND', 'exists', 'id');
    await refused(upd, { id: ids.A1, input: { since: '2018-06-01' } }, ADMIN, 'BAD_USER_INPUT', 'records-outside-period', 'input.since');
    await refused(upd, { id: ids.A1, input: { since: '2021-06-01' } }, ADMIN, 'BAD_USER_INPUT', 'period', 'input.since');
    await refused(upd, { id: ids.A1, input: { since: '1985-06-01' } }, ADMIN, 'BAD_USER_INPUT', 'year', 'input.since');
    const moved = await ok(upd, { id: ids.A2, input: { since: '2017-09-01', siteName: '某乡道路' } }, COORD_XY);
    expect(moved.updateMilitaryAssistance).toEqual({ id: ids.A2, since: '2017-09-01', siteName: '某乡道路' });
    await ok(upd, { id: ids.A2, input: { since: '2018-01-01', siteName: null } }, COORD_XY);
    await refused(upd, { id: 'mil-a-404', input: { siteName: 'x' } }, ADMIN, 'NOT_FOUND', 'exists', 'id');
  });
});

describe('access: refused with FORBIDDEN, recorded as refused, nothing written', () => {
  const input = () => ({ unitId: PAFD_YS, helpedCode: V1, kind: 'INDUSTRY', since: '2019-01-01' });

  it('refuses writers outside the unit and outside the place', async () => {
    await refused(CREATE, { input: input() }, undefined, 'FORBIDDEN', 'signed-in');
    await refused(CREATE, { input: input() }, EDITOR_CH, 'FORBIDDEN', 'access');
    await refused(CREATE, { input: input() }, COORD_GZ, 'FORBIDDEN', 'access');
    await refused(CREATE, { input: input() }, SASAC, 'FORBIDDEN', 'access');
    await refused(SEAT, { input: { unitId: PAFD_CH, regionCode: '610430', since: '2021-01-01' } }, undefined, 'FORBIDDEN', 'signed-in');
    await refused(SEAT, { input: { unitId: PAFD_CH, regionCode: '610430', since: '2021-01-01' } }, EDITOR_YS, 'FORBIDDEN', 'access');
    await refused(PROJECT, { input: { assistanceId: ids.A1, year: 2019, name: 'x', funds: '1' } }, EDITOR_CH, 'FORBIDDEN', 'access');
    await refused(PROJECT, { input: { assistanceId: ids.A1, year: 2019, name: 'x', funds: '1' } }, COORD_GZ, 'FORBIDDEN', 'access');
    await refused(`mutation($id: ID!) { updateMilitaryAssistance(id: $id, input: {internalNote: "x"}) { id } }`, { id: ids.A1 }, SASAC, 'FORBIDDEN', 'access');
    await refused(`mutation($id: ID!) { endMilitaryAssistance(id: $id, until: "2021-12-31") { id } }`, { id: ids.A2 }, EDITOR_YS, 'FORBIDDEN', 'access');
    await refused(`mutation($id: ID!) { updateMilitaryProject(id: $id, input: {funds: "1"}) { id } }`, { id: ids.P1 }, EDITOR_CH, 'FORBIDDEN', 'access');
    await refused(`mutation { setMilitaryUnitProfile(unitId: "${MSD}", input: {designation: "x"}) { designation } }`, {}, COORD_GZ, 'FORBIDDEN', 'access');
    await refused(`mutation { setMilitaryUnitProfile(unitId: "${MSD}", input: {designation: "x"}) { designation } }`, {}, EDITOR_YS, 'FORBIDDEN', 'access');
    const audit = rowsOf<{ outcome: string; actor: string }>(
      await db.database.db.execute(sql`select outcome, actor from military.audit_log where outcome = 'refused' and actor = 'coord-guizhou'`),
    );
    expect(audit.length).toBe(3);
  });

  it('keeps before and after of an edit in the audit log', async () => {
    const upd = `mutation($id: ID!, $input: UpdateMilitaryProjectInput!) { updateMilitaryProject(id: $id, input: $input) { id funds householdsReached } }`;
    const res = await ok(upd, { id: ids.P1, input: { householdsReached: 41 } }, COORD_XY);
    expect(res.updateMilitaryProject).toMatchObject({ funds: '120000.50', householdsReached: 41 });
    const [entry] = rowsOf<{ before: { householdsReached: number }; after: { householdsReached: number }; actor: string }>(
      await db.database.db.execute(
        sql`select before, after, actor from military.audit_log where entity_id = ${ids.P1} and action = 'updateMilitaryProject' and outcome = 'applied'`,
      ),
    );
    expect(entry).toMatchObject({ actor: 'coord-xianyang', before: { householdsReached: 40 }, after: { householdsReached: 41 } });
    await ok(upd, { id: ids.P1, input: { householdsReached: 40 } }, COORD_XY);
  });

  it('shows unit internals to the unit, coordinators of its region and admins only', async () => {
    const set = `mutation($id: ID!) { setMilitaryUnitProfile(unitId: $id, input: {designation: "某部番号", internalNote: "内部"}) { designation internalNote unit { id } } }`;
    expect((await ok(set, { id: MSD }, COORD_XY)).setMilitaryUnitProfile).toEqual({ designation: '某部番号', internalNote: '内部', unit: { id: MSD } });
    const q = `{ organization(id: "${MSD}") { name militaryUnit { designation internalNote demo } } }`;
    for (const as of [undefined, EDITOR_YS, COORD_GZ, SASAC]) {
      const res = await hub.query(q, {}, as);
      expect(res.data!.organization.militaryUnit, as?.sub).toEqual({ designation: null, internalNote: null, demo: false });
    }
    for (const as of [COORD_XY, COORD_SX, ADMIN, { role: 'EDITOR', orgs: [MSD] } as As]) {
      expect((await ok(q, {}, as)).organization.militaryUnit.designation).toBe('某部番号');
    }
  });
});

describe('batching: statements do not grow with the number of places', () => {
  const NATIONAL = `query($f: RegionFilter, $n: Int) { regions(filter: $f, first: $n) { totalCount edges { node { code
    militaryAssistance(includeDescendants: true) { id kind helper { name } totals { funds personnelSent } projects { funds } }
    militarySummary(year: 2018) { assistanceCount totals { funds } byKind { kind } }
    militaryLeadingGroupMembers { unit { name } }
  } } } }`;

  it('all 832 poverty counties cost the same statements as the few of 咸阳市', async () => {
    const small = await countStatements(db.database, () => hub.query(NATIONAL, { f: { povertyCounty: true, within: '6104' }, n: 1000 }, ADMIN));
    const large = await countStatements(db.database, () => hub.query(NATIONAL, { f: { povertyCounty: true }, n: 1000 }, ADMIN));
    expect(large.result.errors).toBeUndefined();
    expect(large.result.data!.regions.edges.length).toBe(831);
    const withHelp = large.result.data!.regions.edges.filter((e: { node: { militaryAssistance: unknown[] } }) => e.node.militaryAssistance.length);
    expect(withHelp.length).toBeGreaterThanOrEqual(5);
    expect(small.result.data!.regions.edges.length).toBeLessThan(10);
    expect(large.statements, large.log.join('\n')).toBe(small.statements);
  });

  it('one _entities call of 831 regions costs one statement per military field', async () => {
    const counties = (await ok(`{ regions(filter: {povertyCounty: true}, first: 1000) { edges { node { code } } } }`, {})).regions.edges.map(
      (e: { node: { code: string } }) => ({ __typename: 'Region', code: e.node.code }),
    );
    const military = hub.runtimes.get('military')!;
    const run = (fields: string) =>
      countStatements(db.database, () =>
        executeOn(military, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { ${fields} } } }`, { r: counties }),
      );
    const list = await run('militaryAssistance(includeDescendants: true) { id }');
    expect(list.result.errors).toBeUndefined();
    expect(list.statements).toBe(1);
    expect((await run('militarySummary(year: 2019) { assistanceCount totals { funds } }')).statements).toBe(1);
    expect((await run('militaryAssistance(includeAncestors: true, year: 2018) { id totals { funds } projects { year } }')).statements).toBe(3);
  });

  it('organisations: one statement for every helper’s records', async () => {
    const military = hub.runtimes.get('military')!;
    const reps = [PMD, MSD, PAFD_YS, PAFD_CH, POLICE, militaryUnitId('陆军机关')].map((id) => ({ __typename: 'Organization', id }));
    const { result, statements } = await countStatements(db.database, () =>
      executeOn(
        military,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id militaryAssistance { id } leadingGroupMemberships { id } } } }`,
        { r: reps },
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(statements).toBe(2);
  });
});

describe('distributed topology', () => {
  it('answers the picture and takes a write with each subgraph in its own server', async () => {
    const distributed = await startHub({ database: db.database, topology: 'distributed' });
    try {
      const anonymous = await distributed.query(PICTURE, { code: '610426', desc: true });
      expect(anonymous.errors).toBeUndefined();
      const a1 = anonymous.data!.region.militaryAssistance.find((a: { id: string }) => a.id === ids.A1);
      expect(a1).toMatchObject({ helper: { name: '永寿县人民武装部' }, internalNote: null, totals: { funds: '200000.75', personnelSent: null } });
      const editor = await distributed.query(PICTURE, { code: '610426', desc: true }, EDITOR_YS);
      expect(editor.data!.region.militaryAssistance.find((a: { id: string }) => a.id === ids.A1).totals.personnelSent).toBe(17);
      // Registry lookups of a write go over HTTP, signed: the level rule still holds.
      const wrong = await distributed.query(SEAT, { input: { unitId: PMD, regionCode: '6104', since: '2016-01-01' } }, ADMIN);
      expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'same-level' });
      const created = await distributed.query(CREATE, { input: { unitId: PAFD_CH, helpedCode: V2, kind: 'INFRASTRUCTURE', since: '2020-01-01' } }, EDITOR_CH);
      expect(created.errors).toBeUndefined();
      expect(created.data!.createMilitaryAssistance).toMatchObject({ kind: 'INFRASTRUCTURE', helped: { code: V2 } });
    } finally {
      await distributed.stop();
    }
  });
});

// ---- real and demo (lib/demo.ts) --------------------------------------------------------------

const TOTALS = 'projectCount funds householdsReached peopleReached personnelSent officers soldiers';
const FIGURES = `assistanceCount placesHelped villagesHelped totals { ${TOTALS} } byKind { kind assistanceCount placesHelped totals { ${TOTALS} } }`;
const SUMMARY_PARTS = `query($code: ID!, $year: Int) { region(code: $code) {
  whole: militarySummary(year: $year) { units ${FIGURES} demo { units ${FIGURES} demo { assistanceCount } } }
  real: militarySummary(year: $year, includeDemo: false) { units ${FIGURES} demo { units ${FIGURES} } } } }`;
const REPORT_PARTS = `query($year: Int) {
  whole: militaryReport(year: $year) { national { ${FIGURES} } provinces { province { code } ${FIGURES} }
    demo { national { ${FIGURES} } provinces { province { code } ${FIGURES} } demo { year } } }
  real: militaryReport(year: $year, includeDemo: false) { national { ${FIGURES} } provinces { province { code } ${FIGURES} }
    demo { national { ${FIGURES} } provinces { province { code } } } } }`;

type Figures = Record<string, any>;
const cents = (money: string) => BigInt(money.replace('.', ''));
const ZERO_TOTALS = { projectCount: 0, funds: '0.00', householdsReached: 0, peopleReached: 0, personnelSent: 0, officers: 0, soldiers: 0 };

/** Totals add up, money exactly. */
function expectTotalsAdd(whole: Figures, real: Figures, demo: Figures, label: string) {
  for (const f of ['projectCount', 'householdsReached', 'peopleReached', 'personnelSent', 'officers', 'soldiers']) {
    expect(whole[f], `${label} ${f}`).toBe(real[f] + demo[f]);
  }
  expect(cents(whole.funds), `${label} funds`).toBe(cents(real.funds) + cents(demo.funds));
}

/** Counts and totals add up; a distinct count lies between the larger part and the two parts together. */
function expectFiguresAdd(whole: Figures, real: Figures, demo: Figures, label: string) {
  expect(whole.assistanceCount, `${label} assistanceCount`).toBe(real.assistanceCount + demo.assistanceCount);
  for (const f of ['placesHelped', 'villagesHelped', 'units'].filter((f) => f in whole)) {
    expect(whole[f], `${label} ${f}`).toBeLessThanOrEqual(real[f] + demo[f]);
    expect(whole[f], `${label} ${f}`).toBeGreaterThanOrEqual(Math.max(real[f], demo[f]));
  }
  expectTotalsAdd(whole.totals, real.totals, demo.totals, label);
  const kinds = [...new Set([...real.byKind, ...demo.byKind].map((k: { kind: string }) => k.kind))].sort();
  expect(
    whole.byKind.map((k: { kind: string }) => k.kind),
    label,
  ).toEqual(kinds);
  const none = { assistanceCount: 0, placesHelped: 0, totals: ZERO_TOTALS };
  for (const w of whole.byKind) {
    const r = real.byKind.find((k: { kind: string }) => k.kind === w.kind) ?? none;
    const d = demo.byKind.find((k: { kind: string }) => k.kind === w.kind) ?? none;
    expectFiguresAdd({ ...w, byKind: [] }, { ...r, byKind: [] }, { ...d, byKind: [] }, `${label} ${w.kind}`);
  }
}

/** Whole = real part (includeDemo: false) + demo part, for a summary and for the report, figure by figure. */
async function expectPartsAdd(code: string, year: number | null) {
  const s = (await ok(SUMMARY_PARTS, { code, year })).region;
  expectFiguresAdd(s.whole, s.real, s.whole.demo, `${code} ${year}`);
  expect(s.whole.demo.demo).toBeNull();
  expect(s.real.demo).toMatchObject({ assistanceCount: 0, placesHelped: 0, units: 0, totals: ZERO_TOTALS, byKind: [] });
  const r = await ok(REPORT_PARTS, { year });
  expectFiguresAdd(r.whole.national, r.real.national, r.whole.demo.national, `national ${year}`);
  const provinces = [...new Set([...r.real.provinces, ...r.whole.demo.provinces].map((p: { province: { code: string } }) => p.province.code))].sort();
  expect(r.whole.provinces.map((p: { province: { code: string } }) => p.province.code)).toEqual(provinces);
  const empty = { assistanceCount: 0, placesHelped: 0, villagesHelped: 0, totals: ZERO_TOTALS, byKind: [] };
  for (const w of r.whole.provinces) {
    const of = (list: Figures[]) => list.find((p) => p.province.code === w.province.code) ?? empty;
    expectFiguresAdd(w, of(r.real.provinces), of(r.whole.demo.provinces), `${w.province.code} ${year}`);
  }
  expect(r.whole.demo.demo).toBeNull();
  expect(r.real.demo).toMatchObject({ national: { assistanceCount: 0, totals: ZERO_TOTALS }, provinces: [] });
  return { summary: s, report: r };
}

/** Records and project funds in the database under a code, real or demo. */
async function inDatabase(code: string, demo: boolean) {
  const [row] = rowsOf<{ records: number; funds: string }>(
    await db.database.db.execute(sql`select count(*)::int as records,
      (select coalesce(sum(p.funds), 0)::numeric(18,2)::text from military.projects p join military.assistance a on a.id = p.assistance_id
        where a.helped_code like ${`${code}%`} and a.demo = ${demo}) as funds
      from military.assistance where helped_code like ${`${code}%`} and demo = ${demo}`),
  );
  return row;
}

const demoScope = (registry = createRegistrySeedApi(db.database)): SeedScope => ({
  database: db.database,
  registry,
  rng: new Rng(20_201_123).fork('military'),
  referenceDir: REFERENCE_DIR,
  divisionsWithin: FIXTURE_WITHIN,
  scale: 'demo',
  log: () => {},
  progress: () => {},
});

describe('real and demo, before any demo data', () => {
  it('every demo part is zero with reference and fixture data only, and includeDemo: false changes nothing', async () => {
    for (const [code, year] of [
      ['61', null],
      ['61', 2018],
      ['13', null],
    ] as const) {
      const { summary, report } = await expectPartsAdd(code, year);
      expect(summary.whole.demo).toMatchObject({ assistanceCount: 0, placesHelped: 0, villagesHelped: 0, units: 0, totals: ZERO_TOTALS, byKind: [] });
      expect(summary.whole).toEqual({ ...summary.real, demo: summary.whole.demo });
      expect(report.whole.demo).toMatchObject({ national: { assistanceCount: 0, totals: ZERO_TOTALS, byKind: [] }, provinces: [] });
    }
    expect((await ok(SUMMARY_PARTS, { code: '61', year: null })).region.whole.assistanceCount).toBe((await inDatabase('61', false)).records);
  });

  it('a generator given no poverty counties generates nothing, and its seeding loads nothing', async () => {
    const none = { provinces: [], prefectures: [], povertyCounties: [], villages: [], townships: [] };
    expect(generateDemo(new Rng(7), none, PUBLISHED_SIZES)).toEqual({ organizations: [], assistance: [], projects: [], memberships: [], profiles: [] });
    const before = await snapshotSchema(db.database, 'military');
    const registry = createRegistrySeedApi(db.database);
    await runDemoSteps(militarySubgraph, demoScope({ ...registry, povertyCounties: async () => [] }));
    expect(await snapshotSchema(db.database, 'military')).toEqual(before);
  });
});

describe('demo data', () => {
  const world = (): DemoWorld => {
    const row = (code: string, name: string): RegionRow => ({ code, name, povertyExitYear: null });
    const counties = Array.from({ length: 12 }, (_, i) => row(`52${String(1 + (i % 3)).padStart(2, '0')}${String(21 + i).padStart(2, '0')}`, `测试${i}县`));
    const townships = counties.flatMap((c) => Array.from({ length: 30 }, (_, j) => row(`${c.code}${String(100 + j).padStart(3, '0')}`, `测试${j}镇`)));
    const villages = townships.flatMap((t) => Array.from({ length: 15 }, (_, k) => row(`${t.code}${String(200 + k).padStart(3, '0')}`, `测试${k}村民委员会`)));
    return {
      provinces: [row('52', '贵州省')],
      prefectures: [row('5201', '贵阳市'), row('5202', '六盘水市'), row('5203', '遵义市')],
      povertyCounties: counties,
      villages,
      townships,
    };
  };

  it('generates the published scale exactly, deterministically, every row marked demo', () => {
    const a = generateDemo(new Rng(7), world(), PUBLISHED_SIZES);
    const b = generateDemo(new Rng(7), world(), PUBLISHED_SIZES);
    const c = generateDemo(new Rng(8), world(), PUBLISHED_SIZES);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    const byKind = (k: string) => a.assistance.filter((r) => r.kind === k);
    expect(byKind('VILLAGE_PAIRING').length).toBe(4100);
    expect(new Set(byKind('VILLAGE_PAIRING').map((r) => r.helpedCode)).size).toBe(4100);
    expect(byKind('SCHOOL').length).toBe(156);
    expect(byKind('VILLAGE_CLINIC').length).toBe(1458);
    expect(byKind('COUNTY_HOSPITAL').length).toBe(12); // only 12 counties in this world
    expect(a.projects.length).toBe(8351);
    expect(a.projects.reduce((s, p) => s + (p[5] as number), 0)).toBe(293_000);
    expect(a.projects.reduce((s, p) => s + (p[6] as number), 0)).toBe(924_000);
    expect(a.projects.every((p) => (p[8] as number) + (p[9] as number) <= (p[7] as number))).toBe(true);
    expect([...a.assistance, ...a.memberships, ...a.profiles].every((r) => r.demo === true && r.source === 'demo')).toBe(true);
    expect(a.projects.every((r) => r.includes(true) && r.includes('demo'))).toBe(true);
    expect(a.organizations.every((o) => o.demo && o.source === 'demo')).toBe(true);
    // Territorial units help inside the region they are responsible for.
    const home = new Map(a.organizations.map((o) => [o.id, o]));
    for (const r of a.assistance) {
      const unit = home.get(r.helperId)!;
      expect(r.helpedCode.startsWith(unit.homeRegionCode!), `${unit.name} → ${r.helpedCode}`).toBe(true);
    }
    expect(
      a.organizations.filter((o) => o.kind === 'PEOPLES_ARMED_FORCES_DEPARTMENT').every((o) => home.get(o.parentId!)!.kind === 'MILITARY_SUBDISTRICT'),
    ).toBe(true);
  });

  it('names every generated unit as demo, never as a real organisation, and parents it under demo units only', () => {
    const a = generateDemo(new Rng(7), world(), PUBLISHED_SIZES);
    const real = referenceOrganizations(REFERENCE_DIR);
    const realNames = real.map((o) => o.name);
    const realIds = new Set(real.map((o) => o.id));
    expect(a.organizations.length).toBeGreaterThan(10);
    for (const o of a.organizations) {
      expect(o.demo === isDemoName(o.name), o.name).toBe(true);
      const invented = o.name.slice(DEMO_NAME_PREFIX.length);
      expect(
        realNames.filter((n) => invented.includes(n)),
        o.name,
      ).toEqual([]);
      expect(realIds.has(o.id), o.name).toBe(false);
    }
    expect(new Set(a.organizations.map((o) => o.name)).size).toBe(a.organizations.length);
    expect(a.organizations.find((o) => o.kind === 'PEOPLES_ARMED_FORCES_DEPARTMENT')!.name).toBe('演示·第1人民武装部（测试0县）');
    const demoIds = new Set(a.organizations.map((o) => o.id));
    expect(a.organizations.every((o) => o.parentId == null || demoIds.has(o.parentId))).toBe(true);
    expect(
      [...a.assistance.map((r) => r.helperId), ...a.memberships.map((m) => m.unitId), ...a.profiles.map((p) => p.unitId)].every((id) => demoIds.has(id)),
    ).toBe(true);
  });

  it('loads into the database in bulk, and the national picture still costs the same statements', async () => {
    const scope = demoScope();
    const q = `{ regions(filter: {povertyCounty: true}, first: 1000) { edges { node { militaryAssistance(includeDescendants: true) { helper { name } totals { funds } } } } } }`;
    const before = await countSteadyStatements(db.database, () => hub.query(q));
    const t = performance.now();
    const loaded = await countStatements(db.database, () => runDemoSteps(militarySubgraph, scope));
    const ms = performance.now() - t;
    expect(loaded.statements).toBeLessThan(20);
    expect(ms).toBeLessThan(20_000);
    const counts = rowsOf<{ demo: boolean; n: number }>(
      await db.database.db.execute(sql`select demo, count(*)::int as n from military.assistance group by demo order by demo`),
    );
    expect(counts.find((c) => c.demo)!.n).toBeGreaterThan(300);
    const after = await countSteadyStatements(db.database, () => hub.query(q));
    expect(after.result.errors).toBeUndefined();
    expect(after.statements).toBe(before.statements);
  });
});

describe('real and demo, once the demo data is loaded', () => {
  it('registers demo units only under the demo mark, and real organisations carry no generated record', async () => {
    const orgs = rowsOf<{ id: string; name: string; demo: boolean; parent_demo: boolean | null }>(
      await db.database.db.execute(sql`select o.id, o.name, o.demo, p.demo as parent_demo from registry.organizations o
        left join registry.organizations p on p.id = o.parent_id where o.kind::text in (${sql.join(
          MILITARY_KINDS.map((k) => sql`${k}`),
          sql`, `,
        )})`),
    );
    const realNames = referenceOrganizations(REFERENCE_DIR).map((o) => o.name);
    expect(orgs.filter((o) => o.demo).length).toBeGreaterThan(5);
    for (const o of orgs) {
      expect(o.demo === isDemoName(o.name), o.name).toBe(true);
      if (o.demo)
        expect(
          realNames.filter((n) => o.name.slice(DEMO_NAME_PREFIX.length).includes(n)),
          o.name,
        ).toEqual([]);
      if (o.demo && o.parent_demo !== null) expect(o.parent_demo, o.name).toBe(true);
    }
    const [mixed] = rowsOf<{ records: number; seats: number; profiles: number }>(
      await db.database.db.execute(sql`select
        (select count(*)::int from military.assistance a join registry.organizations o on o.id = a.helper_id where a.demo and not o.demo) as records,
        (select count(*)::int from military.leading_group_memberships m join registry.organizations o on o.id = m.unit_id where m.demo and not o.demo) as seats,
        (select count(*)::int from military.unit_profiles u join registry.organizations o on o.id = u.unit_id where u.demo and not o.demo) as profiles`),
    );
    expect(mixed).toEqual({ records: 0, seats: 0, profiles: 0 });
    // The fixture's real units keep their own records: the demo 人武部 of 永寿县 is another unit.
    const ys = (await ok(`{ organization(id: "${PAFD_YS}") { name militaryAssistance { demo } } }`, {})).organization;
    expect(ys.name).toBe('永寿县人民武装部');
    expect(ys.militaryAssistance.every((r: { demo: boolean }) => !r.demo)).toBe(true);
  });

  it('the whole is the real part plus the demo part, figure by figure, for summaries and the report', async () => {
    for (const [code, year] of [
      ['61', null],
      ['61', 2018],
      ['6104', 2017],
      ['610426', null],
    ] as const) {
      const { summary } = await expectPartsAdd(code, year);
      expect(summary.whole.demo.assistanceCount, `${code} ${year}`).toBeGreaterThan(0);
      expect(summary.real.assistanceCount, `${code} ${year}`).toBeGreaterThan(0);
    }
    // Each part against the rows in the database.
    const s = (await ok(SUMMARY_PARTS, { code: '61', year: null })).region;
    const real = await inDatabase('61', false);
    const demo = await inDatabase('61', true);
    expect([s.real.assistanceCount, s.real.totals.funds]).toEqual([real.records, real.funds]);
    expect([s.whole.demo.assistanceCount, s.whole.demo.totals.funds]).toEqual([demo.records, demo.funds]);
  });

  it('includeDemo: false lists exactly the real records, seats and a unit’s help', async () => {
    const q = `{ region(code: "61") {
      whole: militaryAssistance(includeDescendants: true, includeDemo: false) { id demo note }
      all: militaryAssistance(includeDescendants: true) { id } } }`;
    const data = (await ok(q, {})).region;
    // Asked alone, a list of core fields reads the core columns (and the flag it filters by).
    const core = await countStatements(db.database, () =>
      hub.query(`{ region(code: "61") { militaryAssistance(includeDescendants: true, includeDemo: false) { id helper { name } } } }`),
    );
    expect(core.log.join('\n')).not.toMatch(/"internal_note"/);
    data.core = core.result.data!.region.militaryAssistance;
    const ids = async (demo: boolean | null) =>
      rowsOf<{ id: string }>(
        await db.database.db.execute(
          sql`select id from military.assistance where helped_code like '61%' ${demo === null ? sql`` : sql`and demo = ${demo}`} order by id`,
        ),
      ).map((r) => r.id);
    const sorted = (list: { id: string }[]) => list.map((r) => r.id).sort();
    expect(sorted(data.whole)).toEqual(await ids(false));
    expect(sorted(data.core)).toEqual(await ids(false));
    expect(sorted(data.all)).toEqual(await ids(null));
    expect(data.all.length).toBeGreaterThan(data.whole.length);

    const seats = `query($code: ID!) { region(code: $code) { real: militaryLeadingGroupMembers(includeDemo: false) { id demo } all: militaryLeadingGroupMembers { id demo } } }`;
    const members = (await ok(seats, { code: '610426' })).region;
    const realSeats = rowsOf<{ id: string }>(
      await db.database.db.execute(sql`select id from military.leading_group_memberships where region_code = '610426' and not demo order by since, id`),
    );
    expect(members.real.map((m: { id: string }) => m.id)).toEqual(realSeats.map((r) => r.id));
    expect(members.all.some((m: { demo: boolean }) => m.demo)).toBe(true);

    const [unit] = rowsOf<{ id: string }>(
      await db.database.db.execute(sql`select m.unit_id as id from military.leading_group_memberships m
        where m.demo and exists (select 1 from military.assistance a where a.helper_id = m.unit_id) order by m.id limit 1`),
    );
    const helper = `query($id: ID!) { organization(id: $id) { name real: militaryAssistance(includeDemo: false) { id } all: militaryAssistance { id demo }
      realSeats: leadingGroupMemberships(includeDemo: false) { id } seats: leadingGroupMemberships { id } } }`;
    const demoUnit = (await ok(helper, { id: unit.id })).organization;
    expect(isDemoName(demoUnit.name)).toBe(true);
    expect(demoUnit).toMatchObject({ real: [], realSeats: [] });
    expect(demoUnit.all.length).toBeGreaterThan(0);
    expect(demoUnit.all.every((r: { demo: boolean }) => r.demo)).toBe(true);
    expect(demoUnit.seats.length).toBe(1);
    const realUnit = (await ok(helper, { id: PAFD_YS })).organization;
    expect(realUnit.real).toEqual(realUnit.all.map((r: { id: string }) => ({ id: r.id })));
    expect(realUnit.realSeats).toEqual(realUnit.seats);
  });

  it('costs nothing more by default or with includeDemo: false, and one statement more for a batch of demo parts', async () => {
    const counties = (fields: string) => `{ regions(filter: {povertyCounty: true}, first: 1000) { edges { node { code ${fields} } } } }`;
    const plain = await countSteadyStatements(db.database, () =>
      hub.query(counties('militaryAssistance(includeDescendants: true) { helper { name } } militarySummary { assistanceCount totals { funds } }')),
    );
    const real = await countSteadyStatements(db.database, () =>
      hub.query(
        counties(
          'militaryAssistance(includeDescendants: true, includeDemo: false) { helper { name } } militarySummary(includeDemo: false) { assistanceCount totals { funds } }',
        ),
      ),
    );
    const parts = await countSteadyStatements(db.database, () =>
      hub.query(
        counties(
          'militaryAssistance(includeDescendants: true) { helper { name } } militarySummary { assistanceCount totals { funds } demo { assistanceCount totals { funds } } }',
        ),
      ),
    );
    for (const run of [plain, real, parts]) expect(run.result.errors).toBeUndefined();
    expect(real.statements, real.log.join('\n')).toBe(plain.statements);
    expect(parts.statements, parts.log.join('\n')).toBe(plain.statements + 1);
    const report = await countStatements(db.database, () => hub.query(`{ militaryReport { national { assistanceCount } } }`));
    const reportParts = await countStatements(db.database, () =>
      hub.query(`{ militaryReport { national { assistanceCount } demo { national { assistanceCount } } } }`),
    );
    expect(reportParts.statements).toBe(report.statements + 1);
  });
});
