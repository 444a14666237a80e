import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDemoName, DEMO_NAME_PREFIX } from '../lib/demo.js';
import { sumMoney } from '../lib/money.js';
import { centralUnitId, governmentId } from '../lib/org-ids.js';
import { referenceOrganizations } from '../subgraphs/registry/reference.js';
import { seedAll } from '../seed/index.js';
import { subgraphs } from '../subgraphs/index.js';
import { createRegistrySeedApi } from '../subgraphs/registry/seed.js';
import { maskIdentityNumber, normalizeIdentityNumber, pairingId } from '../subgraphs/designated/domain.js';
import {
  ADMIN,
  type As,
  callsTo,
  coordinator,
  countStatements,
  createTestDatabase,
  editor,
  executeOn,
  FIXTURE_WITHIN,
  REFERENCE_DIR,
  rowsOf,
  SASAC,
  startFixtureHub,
  startHub,
  tearDown,
  type Hub,
  type TestDatabase,
} from './harness.js';

const BOC = 'test-boc';
const SX_ORGAN = 'test-sx-organ';
const BOC_EDITOR = editor(BOC, { sub: 'boc-editor' });
const SX_ORGAN_EDITOR = editor(SX_ORGAN, { sub: 'sx-organ-editor' });
const OTHER_EDITOR = editor('test-other', { sub: 'other-editor' });
const SX_COORD = coordinator('61', { office: 'POVERTY', sub: 'sx-coord' });
const XY_COORD = coordinator('6104', { sub: 'xy-coord' });
const GZ_COORD = coordinator('52', { office: 'POVERTY', sub: 'gz-coord' });
const SX_EAST_WEST = coordinator('61', { office: 'EAST_WEST', sub: 'sx-ew' });

const ID_C1 = '110105198001011238';
const ID_C2 = '610426198503150023';
const ID_C3 = '520102199007201114';

const csv = (path: string) => parse(readFileSync(path), { columns: true }) as Record<string, string>[];
const REFERENCE = csv(join(REFERENCE_DIR, 'central-designated-assistance-compiled.csv'));
const POVERTY = csv(join(REFERENCE_DIR, 'poverty-counties-832.csv'));

// ---- operations ------------------------------------------------------------------------------

const CREATE = `mutation($input: CreateDesignatedPairingInput!) { createDesignatedPairing(input: $input) {
  id channel since until sinceEvidenced arrangement round status source demo helper { id name } helped { code name } } }`;
const END = `mutation($input: EndDesignatedPairingInput!) { endDesignatedPairing(input: $input) { id until endReason status cadres { id until } } }`;
const ASSIGN = `mutation($input: AssignDesignatedCadreInput!) { assignDesignatedCadre(input: $input) {
  id channel role personName identityNumber since until status helper { id } helped { code } pairing { id } } }`;
const RECALL = `mutation($input: RecallDesignatedCadreInput!) { recallDesignatedCadre(input: $input) { id until status recallReason } }`;
const MEASURES = `fundsInvested fundsIntroduced localCadresTrained techniciansTrained producePurchased produceSalesHelped projects`;
const REPORT_FIELDS = `id year status version plan { ${MEASURES} } summary { ${MEASURES} } shortfalls returnReason reopenReason reviewedBy
  assessment { grade assessor assessedOn }`;
const PLAN = `mutation($input: FileDesignatedMeasuresInput!) { fileDesignatedPlan(input: $input) { ${REPORT_FIELDS} } }`;
const SUMMARY = `mutation($input: FileDesignatedMeasuresInput!) { fileDesignatedSummary(input: $input) { ${REPORT_FIELDS} } }`;
const SUBMIT = `mutation($id: ID!) { submitDesignatedReport(id: $id) { ${REPORT_FIELDS} } }`;
const APPROVE = `mutation($id: ID!) { approveDesignatedReport(id: $id) { ${REPORT_FIELDS} } }`;
const RETURN = `mutation($id: ID!, $reason: String!) { returnDesignatedReport(id: $id, reason: $reason) { ${REPORT_FIELDS} } }`;
const REOPEN = `mutation($id: ID!, $reason: String!) { reopenDesignatedReport(id: $id, reason: $reason) { ${REPORT_FIELDS} } }`;
const ASSESS = `mutation($input: AssessDesignatedReportInput!) { assessDesignatedReport(input: $input) { ${REPORT_FIELDS} } }`;

/** Hand-made figures for 2018 (the plan-against-actual fixture). */
const P1_2018 = {
  plan: {
    fundsInvested: '1000000.00',
    fundsIntroduced: '500000.50',
    localCadresTrained: 100,
    techniciansTrained: 50,
    producePurchased: '200000.00',
    produceSalesHelped: '300000.00',
    projects: 5,
  },
  summary: {
    fundsInvested: '1200000.00',
    fundsIntroduced: '400000.25',
    localCadresTrained: 120,
    techniciansTrained: 40,
    producePurchased: '200000.00',
    produceSalesHelped: '350000.10',
    projects: 5,
  },
};
const P2_2018 = {
  plan: {
    fundsInvested: '800000.00',
    fundsIntroduced: '100000.00',
    localCadresTrained: 80,
    techniciansTrained: 30,
    producePurchased: '50000.00',
    produceSalesHelped: '60000.00',
    projects: 3,
  },
  summary: {
    fundsInvested: '700000.01',
    fundsIntroduced: '150000.00',
    localCadresTrained: 80,
    techniciansTrained: 35,
    producePurchased: '49999.99',
    produceSalesHelped: '60000.00',
    projects: 4,
  },
};
/** P3's 2018 report stays SUBMITTED: never in the official figures. */
const P3_2018 = {
  plan: {
    fundsInvested: '99999.00',
    fundsIntroduced: '1.00',
    localCadresTrained: 9,
    techniciansTrained: 9,
    producePurchased: '9.00',
    produceSalesHelped: '9.00',
    projects: 9,
  },
};
/** P1 + P2, by hand. */
const BOC_2018_PLAN = {
  fundsInvested: '1800000.00',
  fundsIntroduced: '600000.50',
  localCadresTrained: 180,
  techniciansTrained: 80,
  producePurchased: '250000.00',
  produceSalesHelped: '360000.00',
  projects: 8,
};
const BOC_2018_ACTUAL = {
  fundsInvested: '1900000.01',
  fundsIntroduced: '550000.25',
  localCadresTrained: 200,
  techniciansTrained: 75,
  producePurchased: '249999.99',
  produceSalesHelped: '410000.10',
  projects: 9,
};
const BOC_2018_SHORTFALLS = ['FUNDS_INTRODUCED', 'TECHNICIANS_TRAINED', 'PRODUCE_PURCHASED'];

let db: TestDatabase;
let hub: Hub;
const fx = { p1: '', p2: '', p3: '', c1: '', c2: '', c3: '', village1: '', village1b: '', village2: '', r1: '', r2: '', r3: '' };

/** Refused calls leave the designated tables unchanged. */
const { ok, refused } = callsTo(() => hub, { schema: 'designated' });

const pairingInput = (over: Record<string, unknown> = {}) => ({ helperId: BOC, helpedCode: '610426', since: '2015-01-01', ...over });

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({
    organizations: [
      { id: BOC, name: '中国银行股份有限公司', kind: 'FINANCIAL_INSTITUTION', homeRegionCode: '11', aliases: ['中国银行'], demo: false, source: 'test' },
      { id: SX_ORGAN, name: '陕西省测试厅', kind: 'LOCAL_PARTY_STATE_ORGAN', homeRegionCode: '61', demo: false, source: 'test' },
      { id: 'test-private', name: '测试民营企业有限公司', kind: 'PRIVATE_ENTERPRISE', homeRegionCode: '61', demo: false, source: 'test' },
    ],
  }));
  const villages = async (county: string) =>
    (
      await ok<{ regions: { edges: { node: { code: string } }[] } }>(
        `query($w: ID!) { regions(filter: {within: $w, level: VILLAGE}, first: 2) { edges { node { code } } } }`,
        { w: county },
      )
    ).regions.edges.map((e) => e.node.code);
  [fx.village1, fx.village1b] = await villages('610426');
  [fx.village2] = await villages('610430');

  // P1 by the bank's editor, P2 by the province's poverty office, P3 (ended) by the provincial organ.
  fx.p1 = (await ok(CREATE, { input: pairingInput({ evidenceUrl: 'https://example.org/boc-yongshou' }) }, BOC_EDITOR)).createDesignatedPairing.id;
  fx.p2 = (await ok(CREATE, { input: pairingInput({ helpedCode: '610430000000', since: '2016-03-01' }) }, SX_COORD)).createDesignatedPairing.id;
  fx.p3 = (
    await ok(CREATE, { input: { helperId: SX_ORGAN, helpedCode: '610426', since: '2017-01-01', until: '2018-12-31' } }, SX_ORGAN_EDITOR)
  ).createDesignatedPairing.id;

  fx.c1 = (
    await ok(
      ASSIGN,
      {
        input: {
          pairingId: fx.p1,
          role: 'DEPUTY_COUNTY_HEAD',
          personName: '张伟',
          identityNumber: ID_C1,
          postedCode: '610426',
          since: '2017-07-01',
          until: '2019-06-30',
        },
      },
      BOC_EDITOR,
    )
  ).assignDesignatedCadre.id;
  fx.c2 = (
    await ok(
      ASSIGN,
      { input: { pairingId: fx.p1, role: 'FIRST_SECRETARY', personName: '李娜', identityNumber: ID_C2, postedCode: fx.village1, since: '2018-01-01' } },
      BOC_EDITOR,
    )
  ).assignDesignatedCadre.id;
  fx.c3 = (
    await ok(
      ASSIGN,
      {
        input: {
          pairingId: fx.p2,
          role: 'WORK_TEAM_MEMBER',
          personName: '王芳',
          identityNumber: ID_C3,
          postedCode: fx.village2,
          since: '2018-03-01',
          until: '2018-12-31',
        },
      },
      BOC_EDITOR,
    )
  ).assignDesignatedCadre.id;

  for (const [pairing, figures] of [
    [fx.p1, P1_2018],
    [fx.p2, P2_2018],
  ] as const) {
    await ok(PLAN, { input: { pairingId: pairing, year: 2018, measures: figures.plan } }, BOC_EDITOR);
    const { id } = (await ok(SUMMARY, { input: { pairingId: pairing, year: 2018, measures: figures.summary } }, BOC_EDITOR)).fileDesignatedSummary;
    await ok(SUBMIT, { id }, BOC_EDITOR);
    await ok(APPROVE, { id }, SX_COORD);
    if (pairing === fx.p1) fx.r1 = id;
    else fx.r2 = id;
  }
  await ok(PLAN, { input: { pairingId: fx.p3, year: 2018, measures: P3_2018.plan } }, SX_ORGAN_EDITOR);
  fx.r3 = (await ok(SUMMARY, { input: { pairingId: fx.p3, year: 2018, measures: P3_2018.plan } }, SX_ORGAN_EDITOR)).fileDesignatedSummary.id;
  await ok(SUBMIT, { id: fx.r3 }, SX_ORGAN_EDITOR);
});

afterAll(() => tearDown(db, hub));

describe('reference data', () => {
  it('loads the 121 real pairings with their arrangement, evidence and whether the start is evidenced', async () => {
    const rows = rowsOf<{ arrangement: string; n: number; unevidenced: number }>(
      await db.database.db.execute(sql`select arrangement, count(*)::int as n, count(*) filter (where not since_evidenced)::int as unevidenced
        from designated.pairings where source = 'central-designated-assistance-compiled.csv' group by arrangement order by arrangement`),
    );
    expect(Object.fromEntries(rows.map((r) => [r.arrangement, r.n]))).toEqual({ DESIGNATED: 106, PAIRED_SUPPORT: 9, SUBSIDIARY: 3, UNSPECIFIED: 3 });
    expect(rows.reduce((a, r) => a + r.unevidenced, 0)).toBe(REFERENCE.filter((r) => !r.since_year).length);

    const cnpc = centralUnitId('中国石油天然气集团有限公司');
    const data = await ok(
      `query($id: ID!) { organization(id: $id) { name kind designatedAssistance { helped { code name } since sinceEvidenced arrangement round evidenceUrl source demo } } }`,
      { id: cnpc },
    );
    const rowsOfCnpc = REFERENCE.filter((r) => r.unit_name === '中国石油天然气集团有限公司');
    expect(data.organization.designatedAssistance).toHaveLength(rowsOfCnpc.length);
    const nilka = data.organization.designatedAssistance.find((p: { helped: { code: string } }) => p.helped.code === '654028');
    expect(nilka).toMatchObject({
      since: '1994-01-01',
      sinceEvidenced: true,
      arrangement: 'DESIGNATED',
      round: 'ROUND_2015',
      demo: false,
      helped: { name: '尼勒克县' },
    });
    const fanxian = data.organization.designatedAssistance.find((p: { helped: { code: string } }) => p.helped.code === '410926');
    expect(fanxian).toMatchObject({ since: '2015-01-01', sinceEvidenced: false, evidenceUrl: 'http://news.sina.com.cn/o/2012-08-20/055924997715.shtml' });
    const kashgar = await ok(`{ region(code: "653101") { designatedAssistance { arrangement helper { name } } } }`, {});
    expect(kashgar.region.designatedAssistance).toEqual([{ arrangement: 'PAIRED_SUPPORT', helper: { name: '中国华电集团有限公司' } }]);
  });
});

describe('the picture of a place', () => {
  it('returns 永寿县 its designated units (the place picture), also from a village with includeAncestors', async () => {
    const data = await ok(
      `{ region(code: "610426") { name poverty { exitYear }
      designatedAssistance(includeAncestors: true) { channel helper { name kind } helped { name } status } } }`,
      {},
    );
    expect(data.region.name).toBe('永寿县');
    expect(data.region.designatedAssistance.map((p: { helper: { name: string } }) => p.helper.name).sort()).toEqual(
      ['中国银行股份有限公司', '陕西省测试厅'].sort(),
    );
    expect(data.region.designatedAssistance.every((p: { channel: string }) => p.channel === 'DESIGNATED')).toBe(true);

    const village = await ok(
      `query($c: ID!) { region(code: $c) { own: designatedAssistance { id } up: designatedAssistance(includeAncestors: true, year: 2019) { id } } }`,
      { c: fx.village1 },
    );
    expect(village.region.own).toEqual([]);
    expect(village.region.up).toEqual([{ id: fx.p1 }]);
  });

  it('returns every pairing inside 陕西省 with includeDescendants, and only those of the year with `year`', async () => {
    const data = await ok(
      `{ region(code: "610000") { all: designatedAssistance(includeDescendants: true) { id helped { code } }
      own: designatedAssistance { id } y2019: designatedAssistance(includeDescendants: true, year: 2019) { id } } }`,
      {},
    );
    const expected = [
      ...REFERENCE.filter((r) => r.county_code.startsWith('61')).map((r) =>
        pairingId(centralUnitId(r.unit_name), r.county_code, r.since_year ? `${r.since_year}-01-01` : '2015-01-01'),
      ),
      fx.p1,
      fx.p2,
      fx.p3,
    ].sort();
    expect(data.region.all.map((p: { id: string }) => p.id).sort()).toEqual(expected);
    expect(data.region.all.every((p: { helped: { code: string } }) => p.helped.code.startsWith('61'))).toBe(true);
    expect(data.region.own).toEqual([]);
    expect(data.region.y2019.map((p: { id: string }) => p.id)).not.toContain(fx.p3);
    expect(data.region.y2019).toHaveLength(expected.length - 1);
  });

  it('lists cadres by place, role and year, and by unit and pairing', async () => {
    const data = await ok(
      `{ county: region(code: "610426") { posted: cadres { id } inside: cadres(includeDescendants: true) { id role helped { code } }
        secretaries: cadres(includeDescendants: true, role: FIRST_SECRETARY) { id } y2020: cadres(includeDescendants: true, year: 2020) { id } }
      boc: organization(id: "${BOC}") { cadres { id } deputies: cadres(role: DEPUTY_COUNTY_HEAD) { id } designatedAssistance(year: 2015) { id } }
      p: designatedPairing(id: "${fx.p1}") { cadres { id } y2017: cadres(year: 2017) { id } } }`,
      {},
    );
    expect(data.county.posted).toEqual([{ id: fx.c1 }]);
    expect(data.county.inside.map((c: { id: string }) => c.id).sort()).toEqual([fx.c1, fx.c2].sort());
    expect(data.county.secretaries).toEqual([{ id: fx.c2 }]);
    expect(data.county.y2020).toEqual([{ id: fx.c2 }]);
    expect(data.boc.cadres.map((c: { id: string }) => c.id).sort()).toEqual([fx.c1, fx.c2, fx.c3].sort());
    expect(data.boc.deputies).toEqual([{ id: fx.c1 }]);
    expect(data.boc.designatedAssistance).toEqual([{ id: fx.p1 }]);
    expect(data.p.cadres.map((c: { id: string }) => c.id).sort()).toEqual([fx.c1, fx.c2].sort());
    expect(data.p.y2017).toEqual([{ id: fx.c1 }]);
  });
});

describe('identity numbers', () => {
  const Q = `query($id: ID!) { designatedCadre(id: $id) { personName identityNumber } }`;
  it('hides them from anonymous callers, masks them for other roles, shows them to the unit and administrators', async () => {
    const as = async (who?: As) => (await ok(Q, { id: fx.c1 }, who)).designatedCadre.identityNumber;
    expect(await as()).toBeNull();
    expect(await as({ role: 'PUBLIC' })).toBeNull();
    expect(await as(BOC_EDITOR)).toBe(ID_C1);
    expect(await as(ADMIN)).toBe(ID_C1);
    for (const who of [SX_COORD, OTHER_EDITOR, SASAC]) expect(await as(who)).toBe('110105********1238');
    expect((await ok(Q, { id: fx.c1 })).designatedCadre.personName).toBe('张伟');
  });

  it('checks the format, birth date and check character (GB 11643)', () => {
    expect(normalizeIdentityNumber('11010519491231002x')).toBe('11010519491231002X');
    expect(normalizeIdentityNumber(ID_C1)).toBe(ID_C1);
    expect(normalizeIdentityNumber('110105198001011239')).toBeNull();
    expect(normalizeIdentityNumber('110105198002301231')).toBeNull();
    expect(maskIdentityNumber(ID_C2)).toBe('610426********0023');
  });
});

describe('coverage gaps', () => {
  const GAPS = `query($y: Int!, $w: ID, $a: [DesignatedArrangement!]) { designatedCoverageGaps(year: $y, within: $w, arrangements: $a) {
    year candidateCount coveredCount gaps { code name } } }`;
  const xianyang = POVERTY.filter((r) => r.prefecture_code === '6104')
    .map((r) => r.county_code)
    .sort();

  it('finds the poverty counties of 咸阳市 without a designated unit, by year (hand-computed)', async () => {
    const y2018 = (await ok(GAPS, { y: 2018, w: '610400' })).designatedCoverageGaps;
    expect(xianyang).toEqual(['610426', '610428', '610429', '610430']);
    expect(y2018).toMatchObject({ year: 2018, candidateCount: 4, coveredCount: 2 });
    expect(y2018.gaps.map((g: { code: string }) => g.code)).toEqual(['610428', '610429']);
    expect(y2018.gaps[0].name).toBe('长武县');
    // P2 (淳化县) starts in 2016.
    const y2015 = (await ok(GAPS, { y: 2015, w: '6104' })).designatedCoverageGaps;
    expect(y2015.gaps.map((g: { code: string }) => g.code)).toEqual(['610428', '610429', '610430']);
  });

  it('counts nationally on the 831 poverty places, DESIGNATED by default, other arrangements on request', async () => {
    const designated = new Set(REFERENCE.filter((r) => r.assistance_type.startsWith('designated')).map((r) => r.county_code));
    const poverty = new Set(POVERTY.map((r) => r.county_code));
    const covered = new Set([...designated, '610426', '610430'].filter((c) => poverty.has(c)));
    const all = (await ok(GAPS, { y: 2018 })).designatedCoverageGaps;
    expect(all.candidateCount).toBe(831);
    expect(all.coveredCount).toBe(covered.size);
    expect(all.gaps).toHaveLength(831 - covered.size);
    const paired = new Set(
      REFERENCE.filter((r) => r.assistance_type.startsWith('paired'))
        .map((r) => r.county_code)
        .filter((c) => poverty.has(c) && !covered.has(c)),
    );
    const wider = (await ok(GAPS, { y: 2018, a: ['DESIGNATED', 'PAIRED_SUPPORT'] })).designatedCoverageGaps;
    expect(wider.coveredCount).toBe(covered.size + paired.size);
  });

  it('reads a former code as the place it names now (毕节地区 522400 → 毕节市), and refuses a split one', async () => {
    const former = (await ok(GAPS, { y: 2018, w: '522400' })).designatedCoverageGaps;
    const current = (await ok(GAPS, { y: 2018, w: '5205' })).designatedCoverageGaps;
    expect(current.candidateCount).toBeGreaterThan(0);
    expect(former).toEqual(current);
    const split = await hub.query(GAPS, { y: 2018, w: '520221' });
    expect(split.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'within', rule: 'split-code' });
  });

  it('refuses an implausible year, a malformed code and an empty arrangement list', async () => {
    for (const [vars, rule] of [
      [{ y: 1900 }, 'year'],
      [{ y: 2018, w: '61x' }, 'division-code'],
      [{ y: 2018, a: [] }, 'required'],
    ] as const) {
      const res = await hub.query(GAPS, vars);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule });
    }
  });
});

describe('plan against actual and provincial totals', () => {
  const PVA = `query($y: Int!, $g: DesignatedGrouping!, $w: ID) { designatedPlanAgainstActual(year: $y, groupBy: $g, within: $w) {
    year reportCount unit { id name } province { code name } plan { ${MEASURES} } actual { ${MEASURES} } shortfalls } }`;

  it('sums approved reports by unit, exactly, with shortfalls (hand-computed)', async () => {
    const rows = (await ok(PVA, { y: 2018, g: 'UNIT', w: '61' })).designatedPlanAgainstActual;
    expect(rows).toEqual([
      {
        year: 2018,
        reportCount: 2,
        unit: { id: BOC, name: '中国银行股份有限公司' },
        province: null,
        plan: BOC_2018_PLAN,
        actual: BOC_2018_ACTUAL,
        shortfalls: BOC_2018_SHORTFALLS,
      },
    ]);
  });

  it('sums approved reports by province; a submitted report is not counted', async () => {
    const rows = (await ok(PVA, { y: 2018, g: 'PROVINCE' })).designatedPlanAgainstActual;
    expect(rows).toEqual([
      {
        year: 2018,
        reportCount: 2,
        unit: null,
        province: { code: '61', name: '陕西省' },
        plan: BOC_2018_PLAN,
        actual: BOC_2018_ACTUAL,
        shortfalls: BOC_2018_SHORTFALLS,
      },
    ]);
    expect((await ok(PVA, { y: 2019, g: 'PROVINCE' })).designatedPlanAgainstActual).toEqual([]);
  });

  it('rolls up pairings, units, counties, cadres and deliveries by province (hand-computed for 陕西省 2018)', async () => {
    const totals = (
      await ok(
        `query($y: Int) { designatedTotalsByProvince(year: $y) { province { code } pairingCount unitCount countyCount
      deputyCountyHeads firstSecretaries workTeamMembers reportCount delivered { ${MEASURES} } } }`,
        { y: 2018 },
      )
    ).designatedTotalsByProvince;
    const ref61 = REFERENCE.filter((r) => r.county_code.startsWith('61'));
    const shaanxi = totals.find((t: { province: { code: string } }) => t.province.code === '61');
    expect(shaanxi).toEqual({
      province: { code: '61' },
      pairingCount: ref61.length + 3,
      unitCount: new Set(ref61.map((r) => r.unit_name)).size + 2,
      countyCount: new Set([...ref61.map((r) => r.county_code), '610426', '610430']).size,
      deputyCountyHeads: 1,
      firstSecretaries: 1,
      workTeamMembers: 1,
      reportCount: 2,
      delivered: BOC_2018_ACTUAL,
    });
    const xinjiang = totals.find((t: { province: { code: string } }) => t.province.code === '65');
    expect(xinjiang.pairingCount).toBe(REFERENCE.filter((r) => r.county_code.startsWith('65')).length);
    expect(xinjiang.delivered.fundsInvested).toBe('0.00');
    expect(totals.map((t: { province: { code: string } }) => t.province.code)).toEqual(
      [...totals.map((t: { province: { code: string } }) => t.province.code)].sort(),
    );
  });
});

// ---- real and demo: the figures' demo parts ---------------------------------------------------

const GAPS_PARTS = `query($y: Int!, $w: ID, $d: Boolean) { designatedCoverageGaps(year: $y, within: $w, includeDemo: $d) {
  candidateCount coveredCount gaps { code } demo { candidateCount coveredCount gaps { code } demo { coveredCount } } } }`;
const PVA_PARTS = `query($y: Int!, $g: DesignatedGrouping!, $d: Boolean) { designatedPlanAgainstActual(year: $y, groupBy: $g, includeDemo: $d) {
  ...PA demo { ...PA demo { reportCount } } } }
  fragment PA on DesignatedPlanActual { year reportCount unit { id } province { code } plan { ${MEASURES} } actual { ${MEASURES} } shortfalls }`;
const TOTALS_PARTS = `query($y: Int, $d: Boolean) { designatedTotalsByProvince(year: $y, includeDemo: $d) { ...T demo { ...T demo { pairingCount } } } }
  fragment T on DesignatedProvinceTotals { province { code } pairingCount unitCount countyCount deputyCountyHeads firstSecretaries
    workTeamMembers reportCount delivered { ${MEASURES} } }`;

const ZERO_MEASURES = {
  fundsInvested: '0.00',
  fundsIntroduced: '0.00',
  localCadresTrained: 0,
  techniciansTrained: 0,
  producePurchased: '0.00',
  produceSalesHelped: '0.00',
  projects: 0,
};

/** Measures added exactly (money in fen), or counts added. */
function addMeasures(a: Record<string, string | number>, b: Record<string, string | number>) {
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, typeof v === 'string' ? sumMoney([v, b[k] as string]) : v + (b[k] as number)]));
}

/** A figure without its demo part. */
const withoutDemo = <T extends { demo?: unknown }>({ demo: _demo, ...rest }: T) => rest;

describe('real and demo with reference data only', () => {
  it('gives every aggregate a demo part of zero, null inside it and with includeDemo: false', async () => {
    const gaps = (await ok(GAPS_PARTS, { y: 2018 })).designatedCoverageGaps;
    expect(gaps.demo).toEqual({ candidateCount: 831, coveredCount: 0, gaps: expect.any(Array), demo: null });
    expect(gaps.demo.gaps).toHaveLength(831);
    const real = (await ok(GAPS_PARTS, { y: 2018, d: false })).designatedCoverageGaps;
    expect(real).toEqual({ ...gaps, demo: null });

    for (const g of ['UNIT', 'PROVINCE']) {
      const rows = (await ok(PVA_PARTS, { y: 2018, g })).designatedPlanAgainstActual;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.demo).toEqual({ ...withoutDemo(row), reportCount: 0, plan: ZERO_MEASURES, actual: ZERO_MEASURES, shortfalls: [], demo: null });
      }
      const realRows = (await ok(PVA_PARTS, { y: 2018, g, d: false })).designatedPlanAgainstActual;
      expect(realRows).toEqual(rows.map((r: { demo: unknown }) => ({ ...r, demo: null })));
    }

    for (const year of [2018, null]) {
      const totals = (await ok(TOTALS_PARTS, { y: year })).designatedTotalsByProvince;
      expect(totals.length).toBeGreaterThan(0);
      for (const t of totals) {
        expect(t.demo).toEqual({
          province: t.province,
          pairingCount: 0,
          unitCount: 0,
          countyCount: 0,
          deputyCountyHeads: 0,
          firstSecretaries: 0,
          workTeamMembers: 0,
          reportCount: 0,
          delivered: ZERO_MEASURES,
          demo: null,
        });
      }
      expect((await ok(TOTALS_PARTS, { y: year, d: false })).designatedTotalsByProvince).toEqual(totals.map((t: { demo: unknown }) => ({ ...t, demo: null })));
    }
  });

  it('answers the same lists with includeDemo: false when no record is generated', async () => {
    const q = `query($d: Boolean) { region(code: "61") { designatedAssistance(includeDescendants: true, includeDemo: $d) { id }
      cadres(includeDescendants: true, includeDemo: $d) { id } }
      organization(id: "${BOC}") { designatedAssistance(includeDemo: $d) { id } cadres(includeDemo: $d) { id } } }`;
    const all = await ok(q, {});
    expect(all.region.designatedAssistance.length).toBeGreaterThan(3);
    expect(await ok(q, { d: false })).toEqual(all);
  });

  it('costs at most one statement more per batch for a demo part or includeDemo: false, none by default', async () => {
    const count = async (query: string, vars: Record<string, unknown>) => (await countStatements(db.database, () => hub.query(query, vars))).statements;
    const gaps = `query($d: Boolean) { designatedCoverageGaps(year: 2018, includeDemo: $d) { coveredCount } }`;
    const gapsBase = await count(gaps, {});
    expect(await count(gaps, { d: false })).toBe(gapsBase);
    expect(await count(`{ designatedCoverageGaps(year: 2018) { coveredCount demo { coveredCount } } }`, {})).toBe(gapsBase + 1);
    const pva = `query($d: Boolean) { designatedPlanAgainstActual(year: 2018, groupBy: PROVINCE, includeDemo: $d) { reportCount } }`;
    const pvaBase = await count(pva, {});
    expect(await count(pva, { d: false })).toBe(pvaBase);
    expect(await count(`{ designatedPlanAgainstActual(year: 2018, groupBy: UNIT) { reportCount demo { reportCount } } }`, {})).toBe(pvaBase + 1);
    const totals = `query($d: Boolean) { designatedTotalsByProvince(year: 2018, includeDemo: $d) { pairingCount } }`;
    const totalsBase = await count(totals, {});
    expect(totalsBase).toBe(3);
    expect(await count(totals, { d: false })).toBe(totalsBase);
    // Three batches (pairings, cadres, reports), each read once more for the demo part of every province.
    expect(await count(`{ designatedTotalsByProvince(year: 2018) { pairingCount demo { pairingCount } } }`, {})).toBe(2 * totalsBase);
  });
});

describe('pairing validation and access', () => {
  it.each([
    ['an unknown unit', { helperId: 'no-such-org' }, 'NOT_FOUND', 'exists', 'input.helperId'],
    ['a private enterprise', { helperId: 'test-private' }, 'BAD_USER_INPUT', 'helper-kind', 'input.helperId'],
    ["a people's government (east-west, not designated)", { helperId: governmentId('11') }, 'BAD_USER_INPUT', 'helper-kind', 'input.helperId'],
    ['a malformed code', { helpedCode: '61x' }, 'BAD_USER_INPUT', 'division-code', 'input.helpedCode'],
    ['an unknown county', { helpedCode: '619999' }, 'BAD_USER_INPUT', 'exists', 'input.helpedCode'],
    ['a prefecture', { helpedCode: '610400' }, 'BAD_USER_INPUT', 'level', 'input.helpedCode'],
    ['a functional zone', { helpedCode: '130171' }, 'BAD_USER_INPUT', 'level', 'input.helpedCode'],
    ['a village', { helpedCode: 'VILLAGE' }, 'BAD_USER_INPUT', 'level', 'input.helpedCode'],
    ['an end before the start', { since: '2019-01-01', until: '2018-12-31', helpedCode: '610428' }, 'BAD_USER_INPUT', 'period', 'input.until'],
    ['a start before 1986', { since: '1980-01-01', helpedCode: '610428' }, 'BAD_USER_INPUT', 'year', 'input.since'],
    ['an end far in the future', { until: '2999-01-01', helpedCode: '610428' }, 'BAD_USER_INPUT', 'year', 'input.until'],
    ['a round the period never reaches', { since: '2016-01-01', round: 'ROUND_2002', helpedCode: '610428' }, 'BAD_USER_INPUT', 'round', 'input.round'],
    ['a non-http evidence address', { evidenceUrl: 'ftp://example.org/x', helpedCode: '610428' }, 'BAD_USER_INPUT', 'url', 'input.evidenceUrl'],
    ['an overlapping pairing of the same unit and county', { since: '2019-06-01' }, 'BAD_USER_INPUT', 'duplicate', 'input.since'],
    ['the same pairing again', {}, 'BAD_USER_INPUT', 'duplicate', 'input.since'],
  ])('refuses %s', async (_name, over, code, rule, field) => {
    const input = pairingInput(over);
    if (input.helpedCode === 'VILLAGE') input.helpedCode = fx.village1;
    await refused(CREATE, { input }, ADMIN, code, rule, field);
  });

  it.each([
    ['anonymous callers', undefined],
    ["another unit's editor", OTHER_EDITOR],
    ['a coordinator of another province', GZ_COORD],
    ['the east-west office of the province', SX_EAST_WEST],
    ['SASAC', SASAC],
  ])('refuses %s (FORBIDDEN, recorded as refused)', async (_name, who) => {
    const count = async () =>
      rowsOf<{ n: number }>(await db.database.db.execute(sql`select count(*)::int as n from designated.audit_log where outcome = 'refused'`))[0].n;
    const before = await count();
    await refused(CREATE, { input: pairingInput({ helpedCode: '610428' }) }, who, 'FORBIDDEN');
    expect(await count()).toBe(before + 1);
  });

  it('records a created pairing in the audit log, with its evidence and derived round', async () => {
    const [entry] = rowsOf<{ actor: string; action: string; after: { helperId: string; round: string } }>(
      await db.database.db.execute(sql`select actor, action, after from designated.audit_log where entity_id = ${fx.p1} and outcome = 'applied'`),
    );
    expect(entry).toMatchObject({ actor: 'boc-editor', action: 'createDesignatedPairing', after: { helperId: BOC, round: 'ROUND_2015' } });
    const p = await ok(`{ designatedPairing(id: "${fx.p1}") { source evidenceUrl sinceEvidenced status round helper { name } } }`, {});
    expect(p.designatedPairing).toEqual({
      source: 'api',
      evidenceUrl: 'https://example.org/boc-yongshou',
      sinceEvidenced: true,
      status: 'ACTIVE',
      round: 'ROUND_2015',
      helper: { name: '中国银行股份有限公司' },
    });
  });
});

describe('ending a pairing and recalling a cadre', () => {
  let pairing = '';
  let cadre = '';
  beforeAll(async () => {
    // In 贵州 (南明区), so the Shaanxi figures above stay as computed.
    pairing = (await ok(CREATE, { input: pairingInput({ helpedCode: '520102', since: '2016-01-01' }) }, ADMIN)).createDesignatedPairing.id;
    cadre = (
      await ok(
        ASSIGN,
        {
          input: {
            pairingId: pairing,
            role: 'DEPUTY_COUNTY_HEAD',
            personName: '赵强',
            identityNumber: '520102197503150011',
            postedCode: '520102',
            since: '2016-07-01',
          },
        },
        BOC_EDITOR,
      )
    ).assignDesignatedCadre.id;
  });

  it('refuses to end with a bad date, by the wrong people, or when cadres start later', async () => {
    await refused(END, { input: { id: 'dsg-p-nope', until: '2019-12-31' } }, ADMIN, 'NOT_FOUND', 'exists', 'input.id');
    await refused(END, { input: { id: pairing, until: '2019-12-31' } }, OTHER_EDITOR, 'FORBIDDEN');
    await refused(END, { input: { id: pairing, until: '2019-12-31' } }, SX_COORD, 'FORBIDDEN');
    await refused(END, { input: { id: pairing, until: '2015-12-31' } }, BOC_EDITOR, 'BAD_USER_INPUT', 'period', 'input.until');
    await refused(END, { input: { id: pairing, until: '2999-12-31' } }, BOC_EDITOR, 'BAD_USER_INPUT', 'year', 'input.until');
    await refused(END, { input: { id: pairing, until: '2016-03-31' } }, BOC_EDITOR, 'BAD_USER_INPUT', 'records-outside-period', 'input.until');
  });

  it('ends a pairing (history kept) and ends the cadres still in post with it', async () => {
    const ended = (await ok(END, { input: { id: pairing, until: '2019-12-31', reason: '结对调整' } }, GZ_COORD)).endDesignatedPairing;
    expect(ended).toMatchObject({ id: pairing, until: '2019-12-31', endReason: '结对调整', status: 'ENDED', cadres: [{ id: cadre, until: '2019-12-31' }] });
    await refused(END, { input: { id: pairing, until: '2020-06-30' } }, BOC_EDITOR, 'BAD_USER_INPUT', 'already-ended', 'input.until');
    const audit = rowsOf<{ entity: string; before: { until: string | null }; after: { until: string } }>(
      await db.database.db.execute(
        sql`select entity, before, after from designated.audit_log where action = 'endDesignatedPairing' and outcome = 'applied' order by id`,
      ),
    );
    expect(audit.map((a) => [a.entity, a.before.until, a.after.until])).toEqual([
      ['DesignatedAssistance', null, '2019-12-31'],
      ['DesignatedCadre', null, '2019-12-31'],
    ]);
    const still = await ok(
      `{ designatedPairing(id: "${pairing}") { until } region(code: "520102") { designatedAssistance(year: 2020) { id } all: designatedAssistance { id } } }`,
      {},
    );
    expect(still.region.designatedAssistance).toEqual([]);
    expect(still.region.all).toEqual([{ id: pairing }]);
  });

  it('recalls a cadre with a reason, only by the unit, only earlier', async () => {
    await refused(RECALL, { input: { id: 'dsg-c-nope', until: '2018-01-01', reason: '调动' } }, ADMIN, 'NOT_FOUND', 'exists', 'input.id');
    await refused(RECALL, { input: { id: cadre, until: '2018-01-01', reason: '调动' } }, GZ_COORD, 'FORBIDDEN');
    await refused(RECALL, { input: { id: cadre, until: '2018-01-01', reason: ' ' } }, BOC_EDITOR, 'BAD_USER_INPUT', 'required', 'input.reason');
    await refused(RECALL, { input: { id: cadre, until: '2015-01-01', reason: '调动' } }, BOC_EDITOR, 'BAD_USER_INPUT', 'period', 'input.until');
    await refused(RECALL, { input: { id: cadre, until: '2020-01-01', reason: '调动' } }, BOC_EDITOR, 'BAD_USER_INPUT', 'already-ended', 'input.until');
    const recalled = (await ok(RECALL, { input: { id: cadre, until: '2018-01-01', reason: '工作调动' } }, BOC_EDITOR)).recallDesignatedCadre;
    expect(recalled).toEqual({ id: cadre, until: '2018-01-01', status: 'RECALLED', recallReason: '工作调动' });
    await refused(RECALL, { input: { id: cadre, until: '2017-06-30', reason: '再次' } }, BOC_EDITOR, 'BAD_USER_INPUT', 'already-recalled', 'input.id');
  });
});

describe('cadre validation and access', () => {
  const base = () => ({
    pairingId: fx.p1,
    role: 'FIRST_SECRETARY',
    personName: '陈静',
    identityNumber: '110105198001011246',
    postedCode: fx.village1b,
    since: '2018-01-01',
  });
  it.each([
    ['an unknown pairing', { pairingId: 'dsg-p-nope' }, 'NOT_FOUND', 'exists', 'input.pairingId'],
    ['an empty name', { personName: '  ' }, 'BAD_USER_INPUT', 'required', 'input.personName'],
    ['a wrong check character', { identityNumber: '110105198001011247' }, 'BAD_USER_INPUT', 'identity-number', 'input.identityNumber'],
    ['a malformed place code', { postedCode: 'x' }, 'BAD_USER_INPUT', 'division-code', 'input.postedCode'],
    ['a village of another county', { postedCode: 'V2' }, 'BAD_USER_INPUT', 'within-place', 'input.postedCode'],
    ['an unknown village', { postedCode: '610426999999' }, 'BAD_USER_INPUT', 'exists', 'input.postedCode'],
    ['a first secretary posted to the county', { postedCode: '610426' }, 'BAD_USER_INPUT', 'posting-level', 'input.postedCode'],
    ['a deputy county head posted to a village', { role: 'DEPUTY_COUNTY_HEAD' }, 'BAD_USER_INPUT', 'posting-level', 'input.postedCode'],
    ['an end before the start', { until: '2017-01-01' }, 'BAD_USER_INPUT', 'period', 'input.until'],
    ['a start before 1986', { since: '1985-01-01' }, 'BAD_USER_INPUT', 'year', 'input.since'],
    ['a start before the pairing', { pairingId: 'P2', postedCode: 'V2', since: '2016-01-01' }, 'BAD_USER_INPUT', 'within-period', 'input.since'],
    [
      'an end after an ended pairing',
      { pairingId: 'P3', role: 'DEPUTY_COUNTY_HEAD', postedCode: '610426', since: '2017-01-01' },
      'BAD_USER_INPUT',
      'within-period',
      'input.since',
    ],
    ['an over-long position', { position: '长'.repeat(101) }, 'BAD_USER_INPUT', 'too-long', 'input.position'],
    ['a person already in post', { identityNumber: ID_C2 }, 'BAD_USER_INPUT', 'duplicate', 'input.identityNumber'],
  ])('refuses %s', async (_name, over, code, rule, field) => {
    const input: Record<string, unknown> = { ...base(), ...over };
    if (input.pairingId === 'P2') input.pairingId = fx.p2;
    if (input.pairingId === 'P3') input.pairingId = fx.p3;
    if (input.postedCode === 'V2') input.postedCode = fx.village2;
    await refused(ASSIGN, { input }, input.pairingId === fx.p3 ? SX_ORGAN_EDITOR : ADMIN, code, rule, field);
  });

  it.each([
    ['anonymous callers', undefined],
    ["the county's coordinator (cadres are the unit's records)", SX_COORD],
    ["another unit's editor", OTHER_EDITOR],
  ])('refuses %s', async (_name, who) => {
    await refused(ASSIGN, { input: base() }, who, 'FORBIDDEN');
  });
});

describe('annual reports: filing, review, lock and reopen', () => {
  const plan2017 = {
    fundsInvested: '100.00',
    fundsIntroduced: '0',
    localCadresTrained: 1,
    techniciansTrained: 0,
    producePurchased: '0.5',
    produceSalesHelped: '0',
    projects: 1,
  };
  let report = '';

  it('refuses bad figures and years, and other people', async () => {
    const input = (over: Record<string, unknown> = {}, measures: Record<string, unknown> = {}) => ({
      input: { pairingId: fx.p1, year: 2017, ...over, measures: { ...plan2017, ...measures } },
    });
    await refused(PLAN, input({}, { fundsInvested: '-0.01' }), BOC_EDITOR, 'BAD_USER_INPUT', 'non-negative', 'input.measures.fundsInvested');
    await refused(PLAN, input({}, { projects: -1 }), BOC_EDITOR, 'BAD_USER_INPUT', 'non-negative', 'input.measures.projects');
    await refused(PLAN, input({}, { fundsInvested: '1.234' }), BOC_EDITOR, 'BAD_USER_INPUT', 'money');
    await refused(PLAN, input({}, { fundsInvested: 12.5 }), BOC_EDITOR, 'BAD_USER_INPUT', 'money');
    await refused(PLAN, input({ year: 1980 }), BOC_EDITOR, 'BAD_USER_INPUT', 'year', 'input.year');
    await refused(PLAN, input({ year: new Date().getUTCFullYear() + 2 }), BOC_EDITOR, 'BAD_USER_INPUT', 'year', 'input.year');
    await refused(SUMMARY, input({ year: new Date().getUTCFullYear() + 1 }), BOC_EDITOR, 'BAD_USER_INPUT', 'year', 'input.year');
    await refused(PLAN, input({ pairingId: fx.p2, year: 2015 }), BOC_EDITOR, 'BAD_USER_INPUT', 'within-period', 'input.year');
    await refused(PLAN, input({ pairingId: 'dsg-p-nope' }), BOC_EDITOR, 'NOT_FOUND', 'exists', 'input.pairingId');
    await refused(PLAN, input(), undefined, 'FORBIDDEN');
    await refused(PLAN, input(), SX_COORD, 'FORBIDDEN');
    await refused(PLAN, input(), OTHER_EDITOR, 'FORBIDDEN');
  });

  it('takes a report from DRAFT through SUBMITTED, RETURNED and APPROVED; an approved report is locked until reopened', async () => {
    const draft = (await ok(PLAN, { input: { pairingId: fx.p1, year: 2017, measures: plan2017 } }, BOC_EDITOR)).fileDesignatedPlan;
    report = draft.id;
    expect(draft).toMatchObject({ year: 2017, status: 'DRAFT', version: 1, summary: null, shortfalls: [] });
    expect(draft.plan).toEqual({ ...plan2017, fundsIntroduced: '0.00', producePurchased: '0.50', produceSalesHelped: '0.00' });

    await refused(SUBMIT, { id: report }, BOC_EDITOR, 'BAD_USER_INPUT', 'incomplete', 'id');
    await ok(SUMMARY, { input: { pairingId: fx.p1, year: 2017, measures: { ...plan2017, projects: 0 } } }, BOC_EDITOR);
    await refused(APPROVE, { id: report }, SX_COORD, 'CONFLICT', 'status', 'id');
    // A report not yet approved is not another organisation's to see: unknown to its editor.
    await refused(SUBMIT, { id: report }, OTHER_EDITOR, 'NOT_FOUND', 'exists', 'id');
    const submitted = (await ok(SUBMIT, { id: report }, BOC_EDITOR)).submitDesignatedReport;
    expect(submitted).toMatchObject({ status: 'SUBMITTED', version: 3, shortfalls: ['PROJECTS'] });
    await refused(PLAN, { input: { pairingId: fx.p1, year: 2017, measures: plan2017 } }, BOC_EDITOR, 'CONFLICT', 'locked', 'input.year');
    await refused(SUBMIT, { id: report }, BOC_EDITOR, 'CONFLICT', 'status', 'id');

    for (const who of [BOC_EDITOR, SX_EAST_WEST, SASAC, undefined]) await refused(APPROVE, { id: report }, who, 'FORBIDDEN');
    await refused(APPROVE, { id: report }, GZ_COORD, 'NOT_FOUND', 'exists', 'id'); // Guizhou's office does not see a Shaanxi county's submitted report
    await refused(APPROVE, { id: 'dsg-r-nope' }, SX_COORD, 'NOT_FOUND', 'exists', 'id');
    await refused(RETURN, { id: report, reason: '' }, SX_COORD, 'BAD_USER_INPUT', 'required', 'reason');
    const returned = (await ok(RETURN, { id: report, reason: '项目数与明细不符' }, XY_COORD)).returnDesignatedReport;
    expect(returned).toMatchObject({ status: 'RETURNED', returnReason: '项目数与明细不符', reviewedBy: 'xy-coord' });

    await ok(SUMMARY, { input: { pairingId: fx.p1, year: 2017, measures: plan2017 } }, BOC_EDITOR);
    await ok(SUBMIT, { id: report }, BOC_EDITOR);
    const approved = (await ok(APPROVE, { id: report }, SX_COORD)).approveDesignatedReport;
    expect(approved).toMatchObject({ status: 'APPROVED', shortfalls: [], reviewedBy: 'sx-coord' });

    await refused(PLAN, { input: { pairingId: fx.p1, year: 2017, measures: plan2017 } }, BOC_EDITOR, 'CONFLICT', 'locked', 'input.year');
    await refused(SUMMARY, { input: { pairingId: fx.p1, year: 2017, measures: plan2017 } }, ADMIN, 'CONFLICT', 'locked', 'input.year');
    await refused(APPROVE, { id: report }, SX_COORD, 'CONFLICT', 'locked', 'id');
    await refused(RETURN, { id: report, reason: '再看看' }, SX_COORD, 'CONFLICT', 'locked', 'id');
  });

  it('assesses an approved report: coordinators only, dated inside the year and not in the future', async () => {
    await refused(ASSESS, { input: { id: report, grade: 'GOOD' } }, BOC_EDITOR, 'FORBIDDEN');
    await refused(ASSESS, { input: { id: report, grade: 'GOOD' } }, GZ_COORD, 'FORBIDDEN');
    await refused(ASSESS, { input: { id: report, grade: 'GOOD', assessedOn: '2016-12-31' } }, SX_COORD, 'BAD_USER_INPUT', 'date-range', 'input.assessedOn');
    await refused(ASSESS, { input: { id: report, grade: 'GOOD', assessedOn: '2999-01-01' } }, SX_COORD, 'BAD_USER_INPUT', 'date-range', 'input.assessedOn');
    await refused(ASSESS, { input: { id: fx.r3, grade: 'GOOD' } }, SX_COORD, 'CONFLICT', 'status', 'id');
    const assessed = (await ok(ASSESS, { input: { id: report, grade: 'GOOD', assessedOn: '2018-03-15' } }, SX_COORD)).assessDesignatedReport;
    expect(assessed.assessment).toEqual({ grade: 'GOOD', assessor: 'sx-coord (POVERTY)', assessedOn: '2018-03-15' });
  });

  it('reopens with a reason (coordinator only), then the unit may edit; the audit log keeps both versions', async () => {
    await refused(REOPEN, { id: report, reason: '更正' }, BOC_EDITOR, 'FORBIDDEN');
    await refused(REOPEN, { id: report, reason: ' ' }, SX_COORD, 'BAD_USER_INPUT', 'required', 'reason');
    await refused(REOPEN, { id: fx.r3, reason: '更正' }, SX_COORD, 'CONFLICT', 'status', 'id');
    const reopened = (await ok(REOPEN, { id: report, reason: '资金数据更正' }, SX_COORD)).reopenDesignatedReport;
    expect(reopened).toMatchObject({ status: 'DRAFT', reopenReason: '资金数据更正', assessment: null });
    const edited = (await ok(PLAN, { input: { pairingId: fx.p1, year: 2017, measures: { ...plan2017, fundsInvested: '150.00' } } }, BOC_EDITOR))
      .fileDesignatedPlan;
    expect(edited.plan.fundsInvested).toBe('150.00');

    const audit = rowsOf<{ action: string; before: Record<string, unknown>; after: Record<string, unknown> }>(
      await db.database.db.execute(sql`select action, before, after from designated.audit_log where entity_id = ${report} and outcome = 'applied' order by id`),
    );
    const reopen = audit.find((a) => a.action === 'reopenDesignatedReport')!;
    expect(reopen.before).toMatchObject({ status: 'APPROVED', grade: 'GOOD', planFundsInvested: '100.00' });
    expect(reopen.after).toMatchObject({ status: 'DRAFT', grade: null });
    const last = audit.at(-1)!;
    expect(last).toMatchObject({ action: 'fileDesignatedPlan', before: { planFundsInvested: '100.00' }, after: { planFundsInvested: '150.00' } });
  });

  it('shows unapproved reports only to the unit, coordinators in scope, SASAC (central SOEs) and administrators', async () => {
    const Q = `query($id: ID!) { designatedPairing(id: $id) { reports { year status } report(year: 2017) { status } } }`;
    const anonymous = (await ok(Q, { id: fx.p1 })).designatedPairing;
    expect(anonymous.reports).toEqual([{ year: 2018, status: 'APPROVED' }]);
    expect(anonymous.report).toBeNull();
    for (const who of [BOC_EDITOR, SX_COORD, SX_EAST_WEST, ADMIN]) {
      expect((await ok(Q, { id: fx.p1 }, who)).designatedPairing.reports, who.sub).toEqual([
        { year: 2017, status: 'DRAFT' },
        { year: 2018, status: 'APPROVED' },
      ]);
    }
    for (const who of [OTHER_EDITOR, GZ_COORD, SASAC]) expect((await ok(Q, { id: fx.p1 }, who)).designatedPairing.reports).toHaveLength(1);
    expect((await ok(`query($id: ID!) { designatedReport(id: $id) { id } }`, { id: report })).designatedReport).toBeNull();
    expect((await ok(`query($id: ID!) { designatedReport(id: $id) { id } }`, { id: report }, BOC_EDITOR)).designatedReport).toEqual({ id: report });

    // A central SOE's draft: SASAC sees it, the public does not.
    const sinopec = pairingId(centralUnitId('中国石油化工集团有限公司'), '340828', '2015-01-01');
    await ok(PLAN, { input: { pairingId: sinopec, year: 2019, measures: plan2017 } }, ADMIN);
    expect((await ok(Q, { id: sinopec }, SASAC)).designatedPairing.reports).toEqual([{ year: 2019, status: 'DRAFT' }]);
    expect((await ok(Q, { id: sinopec })).designatedPairing.reports).toEqual([]);
  });
});

describe('batching', () => {
  const NATIONAL = `query($n: Int) { regions(filter: {povertyCounty: true}, first: $n) { edges { node { code
    designatedAssistance(year: 2018) { id arrangement helper { name kind } cadres { role } reports { year } }
    ancestors: designatedAssistance(includeAncestors: true) { id }
    cadres(includeDescendants: true, year: 2018) { role identityNumber } } } } }`;

  it('costs the same number of SQL statements for 10 poverty counties as for all 831 through the gateway', async () => {
    const small = await countStatements(db.database, () => hub.query(NATIONAL, { n: 10 }, SX_COORD));
    const all = await countStatements(db.database, () => hub.query(NATIONAL, { n: 1000 }, SX_COORD));
    expect(all.result.errors).toBeUndefined();
    expect((all.result.data as any).regions.edges).toHaveLength(831);
    expect(all.statements, all.log.join('\n')).toBe(small.statements);
  });

  it('answers Region and Organization representations with one statement per field', async () => {
    const runtime = hub.runtimes.get('designated')!;
    const regions = POVERTY.slice(0, 200).map((r) => ({ __typename: 'Region', code: r.county_code }));
    const r = await countStatements(db.database, () =>
      executeOn(runtime, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { code designatedAssistance { id } } } }`, { r: regions }),
    );
    expect(r.result.errors).toBeUndefined();
    expect((r.result.data!._entities as unknown[]).length).toBe(200);
    expect(r.statements).toBe(1);

    const ids = [...new Set(REFERENCE.map((row) => centralUnitId(row.unit_name)))];
    const o = await countStatements(db.database, () =>
      executeOn(
        runtime,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id designatedAssistance(year: 2018) { id } cadres { id } } } }`,
        {
          r: ids.map((id) => ({ __typename: 'Organization', id })),
        },
      ),
    );
    expect(o.statements).toBe(2);
    const entities = o.result.data!._entities as { id: string; designatedAssistance: unknown[] }[];
    expect(entities.map((e) => e.id)).toEqual(ids);
    expect(entities.reduce((n, e) => n + e.designatedAssistance.length, 0)).toBe(REFERENCE.length);
  });

  it('costs the same for 5 units as for 40 through the gateway', async () => {
    const q = `query($n: Int) { organizations(filter: {kind: CENTRAL_SOE}, first: $n) { edges { node { name designatedAssistance(year: 2018) { helped { name } cadres { role } } } } } }`;
    const small = await countStatements(db.database, () => hub.query(q, { n: 5 }));
    const large = await countStatements(db.database, () => hub.query(q, { n: 40 }));
    expect(large.result.errors).toBeUndefined();
    expect(large.statements).toBe(small.statements);
  });
});

describe('distributed topology', () => {
  it('asks the registry over HTTP (signed) for facts and for the poverty counties', async () => {
    const distributed = await startHub({ database: db.database, topology: 'distributed' });
    try {
      const gaps = await distributed.query(`{ designatedCoverageGaps(year: 2018, within: "6104") { gaps { code name } } }`);
      expect(gaps.errors).toBeUndefined();
      expect(gaps.data!.designatedCoverageGaps.gaps.map((g: { code: string }) => g.code)).toEqual(['610428', '610429']);
      const res = await distributed.query(CREATE, { input: pairingInput({ helperId: 'test-private', helpedCode: '610428' }) }, ADMIN);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'helper-kind' });
      const unsigned = await distributed.post(distributed.subgraphUrls.designated, { query: '{ designatedTotalsByProvince { pairingCount } }' });
      expect(unsigned.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await distributed.stop();
    }
  });
});

describe('demo data', () => {
  let demo: TestDatabase;
  let demoHub: Hub;
  const timings: Record<string, number> = {};
  beforeAll(async () => {
    demo = await createTestDatabase();
    await seedAll(demo.database, subgraphs, {
      referenceDir: REFERENCE_DIR,
      demo: true,
      divisionsWithin: FIXTURE_WITHIN,
      log: (m) => {
        const t = /^seed: (\w+) (.+): [\d,]+ rows in ([\d,]+) ms$/.exec(m);
        if (t) timings[`${t[1]} ${t[2]}`] = Number(t[3].replace(/,/g, ''));
      },
    });
    demoHub = await startHub({ database: demo.database });
  });
  afterAll(async () => {
    await demoHub?.stop();
    await demo?.drop();
  });

  it('loads in seconds: about 300 units of eligible kinds covering 592 poverty counties, every generated row marked demo', async () => {
    expect(timings['designated demo']).toBeLessThan(15_000);
    const units = rowsOf<{ n: number; units: number; demo: number }>(
      await demo.database.db.execute(
        sql`select count(*)::int as n, count(distinct helper_id)::int as units, count(*) filter (where demo)::int as demo from designated.pairings`,
      ),
    )[0];
    expect(units.units).toBeGreaterThanOrEqual(290);
    expect(units.units).toBeLessThanOrEqual(320);
    // Other channels add demo organisations of their own: look only at this channel's helpers.
    const helpers = rowsOf<{ kind: string; source: string }>(
      await demo.database.db.execute(sql`select distinct o.kind, o.source from designated.pairings p
        join registry.organizations o on o.id = p.helper_id where p.demo and o.demo`),
    );
    expect([...new Set(helpers.map((h) => h.kind))].sort()).toEqual([
      'CENTRAL_PARTY_STATE_ORGAN',
      'CENTRAL_SOE',
      'FINANCIAL_INSTITUTION',
      'LOCAL_PARTY_STATE_ORGAN',
      'LOCAL_SOE',
      'UNIVERSITY',
    ]);
    expect(helpers.every((h) => h.source === 'demo')).toBe(true);

    const gaps = (await demoHub.query(`{ designatedCoverageGaps(year: 2018) { candidateCount coveredCount } }`)).data!.designatedCoverageGaps;
    expect(gaps.candidateCount).toBe(831);
    expect(gaps.coveredCount).toBeGreaterThanOrEqual(592);
    const nonDemo = rowsOf<{ n: number }>(
      await demo.database.db.execute(sql`select count(*)::int as n from designated.cadres where not demo
      union all select count(*)::int from designated.reports where not demo`),
    );
    expect(nonDemo.map((r) => r.n)).toEqual([0, 0]);
  });

  it('has five years of reports (the last still under review in part), assessments and cadres of every role', async () => {
    const years = rowsOf<{ year: number; n: number; approved: number; graded: number }>(
      await demo.database.db.execute(sql`select year, count(*)::int as n, count(*) filter (where status = 'APPROVED')::int as approved,
        count(grade)::int as graded from designated.reports group by year order by year`),
    );
    expect(years.map((y) => y.year)).toEqual([2016, 2017, 2018, 2019, 2020]);
    for (const y of years.slice(0, 4)) expect(y.approved).toBe(y.n);
    expect(years[4].approved).toBeLessThan(years[4].n);
    expect(years.every((y) => y.graded === y.approved)).toBe(true);
    const roles = rowsOf<{ role: string }>(await demo.database.db.execute(sql`select distinct role from designated.cadres order by role`));
    expect(roles.map((r) => r.role)).toEqual(['DEPUTY_COUNTY_HEAD', 'FIRST_SECRETARY', 'WORK_TEAM_MEMBER']);
    const pva = await demoHub.query(`{ designatedPlanAgainstActual(year: 2018, groupBy: PROVINCE) { reportCount actual { fundsInvested } } }`);
    expect(pva.data!.designatedPlanAgainstActual.length).toBeGreaterThan(15);
  });

  it('names every generated unit with the demo mark and an invented name, never a real unit’s', async () => {
    const units = rowsOf<{ id: string; name: string; demo: boolean }>(
      await demo.database.db.execute(sql`select o.id, o.name, o.demo from registry.organizations o
        where o.id in (select helper_id from designated.pairings where demo)`),
    );
    expect(units.length).toBeGreaterThanOrEqual(250);
    for (const o of units) {
      expect(o.demo, o.name).toBe(true);
      expect(o.demo, o.name).toBe(isDemoName(o.name));
    }
    const realNames = new Set([
      ...referenceOrganizations(REFERENCE_DIR).flatMap((o) => [o.name, ...(o.aliases ?? [])]),
      ...rowsOf<{ name: string }>(await demo.database.db.execute(sql`select name from registry.organizations where not demo`)).map((o) => o.name),
    ]);
    expect(realNames.has('中国石油天然气集团有限公司')).toBe(true);
    for (const o of units) expect(realNames.has(o.name.slice(DEMO_NAME_PREFIX.length)), o.name).toBe(false);
    // The sample's real units stay real and unmarked.
    const sample = rowsOf<{ name: string; demo: boolean }>(
      await demo.database.db.execute(sql`select name, demo from registry.organizations where source = 'central-designated-assistance-compiled.csv'`),
    );
    expect(sample.length).toBeGreaterThan(40);
    expect(sample.every((o) => !o.demo && !isDemoName(o.name))).toBe(true);
  });

  it('hangs demo pairings, cadres and reports on demo units only, never on the real units’ pairings', async () => {
    const mixed = rowsOf<{ n: number }>(
      await demo.database.db.execute(sql`select count(*)::int as n from designated.pairings p join registry.organizations o on o.id = p.helper_id where p.demo <> o.demo
        union all select count(*)::int from designated.cadres c join designated.pairings p on p.id = c.pairing_id where c.demo <> p.demo or c.helper_id <> p.helper_id
        union all select count(*)::int from designated.reports r join designated.pairings p on p.id = r.pairing_id where r.demo <> p.demo
        union all select count(*)::int from designated.pairings where source = 'central-designated-assistance-compiled.csv' and demo`),
    );
    expect(mixed.map((r) => r.n)).toEqual([0, 0, 0, 0]);
    const onReference = rowsOf<{ n: number }>(
      await demo.database.db.execute(sql`select count(*)::int as n from designated.cadres c join designated.pairings p on p.id = c.pairing_id
        where p.source = 'central-designated-assistance-compiled.csv'
        union all select count(*)::int from designated.reports r join designated.pairings p on p.id = r.pairing_id
        where p.source = 'central-designated-assistance-compiled.csv'`),
    );
    expect(onReference.map((r) => r.n)).toEqual([0, 0]);
  });

  describe('beside real records', () => {
    const REAL = 'test-real-unit';
    let county = '';
    let realPairing = '';
    let demoPairing = '';
    const as = async <T = Record<string, any>>(op: string, vars: Record<string, unknown>, who?: As): Promise<T> => {
      const res = await demoHub.query<T>(op, vars, who);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data as T;
    };
    const rows = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await demo.database.db.execute(query));
    const ids = (list: { id: string }[]) => list.map((r) => r.id).sort();

    beforeAll(async () => {
      // A real unit paired, with a cadre and an approved 2018 report, in a county a demo unit helps too.
      [{ code: county, id: demoPairing }] = await rows<{ code: string; id: string }>(
        sql`select helped_code as code, id from designated.pairings where demo and until is null and since <= '2018-01-01' order by helped_code limit 1`,
      );
      await createRegistrySeedApi(demo.database).upsertOrganizations([
        { id: REAL, name: '测试中央单位', kind: 'CENTRAL_PARTY_STATE_ORGAN', homeRegionCode: '11', demo: false, source: 'test' },
      ]);
      realPairing = (await as(CREATE, { input: { helperId: REAL, helpedCode: county, since: '2016-01-01' } }, ADMIN)).createDesignatedPairing.id;
      await as(
        ASSIGN,
        {
          input: {
            pairingId: realPairing,
            role: 'DEPUTY_COUNTY_HEAD',
            personName: '周测',
            identityNumber: ID_C1,
            postedCode: county,
            since: '2017-07-01',
            until: '2019-06-30',
          },
        },
        ADMIN,
      );
      await as(PLAN, { input: { pairingId: realPairing, year: 2018, measures: P1_2018.plan } }, ADMIN);
      const { id } = (await as(SUMMARY, { input: { pairingId: realPairing, year: 2018, measures: P1_2018.summary } }, ADMIN)).fileDesignatedSummary;
      await as(SUBMIT, { id }, ADMIN);
      await as(APPROVE, { id }, ADMIN);
    });

    it('marks what is written under a demo unit or pairing as demo, and what a real unit writes as real', async () => {
      const [unit] = await rows<{ id: string }>(sql`select helper_id as id from designated.pairings where id = ${demoPairing}`);
      const created = (await as(CREATE, { input: { helperId: unit.id, helpedCode: '610102', since: '2016-01-01' } }, ADMIN)).createDesignatedPairing;
      expect(created.demo).toBe(true);
      const cadre = (
        await as(
          ASSIGN,
          {
            input: { pairingId: created.id, role: 'DEPUTY_COUNTY_HEAD', personName: '吴演', identityNumber: ID_C3, postedCode: '610102', since: '2016-07-01' },
          },
          ADMIN,
        )
      ).assignDesignatedCadre;
      const flags = await rows<{ demo: boolean }>(
        sql`select demo from designated.cadres where id = ${cadre.id} union all select demo from designated.pairings where id = ${realPairing}`,
      );
      expect(flags.map((f) => f.demo)).toEqual([true, false]);
    });

    it('answers real records only with includeDemo: false, exactly the rows of the database', async () => {
      const province = county.slice(0, 2);
      const q = `query($c: ID!, $p: ID!, $d: Boolean) { county: region(code: $c) { designatedAssistance(includeDemo: $d) { id demo } cadres(includeDemo: $d) { id demo } }
        province: region(code: $p) { designatedAssistance(includeDescendants: true, includeDemo: $d) { id } cadres(includeDescendants: true, year: 2018, includeDemo: $d) { id } }
        real: organization(id: "${REAL}") { designatedAssistance(includeDemo: $d) { id } cadres(includeDemo: $d) { id } } }`;
      const real = await as(q, { c: county, p: province, d: false });
      const all = await as(q, { c: county, p: province });
      const inProvince = (demoFilter: string) =>
        rows<{ id: string }>(sql.raw(`select id from designated.pairings where helped_code like '${province}%' ${demoFilter} order by id`));
      expect(ids(real.province.designatedAssistance)).toEqual((await inProvince('and not demo')).map((r) => r.id));
      expect(ids(all.province.designatedAssistance)).toEqual((await inProvince('')).map((r) => r.id));
      const cadres2018 = await rows<{ id: string }>(
        sql.raw(
          `select id from designated.cadres where posted_code like '${province}%' and not demo and since <= '2018-12-31' and (until is null or until >= '2018-01-01') order by id`,
        ),
      );
      expect(ids(real.province.cadres)).toEqual(cadres2018.map((r) => r.id));
      expect(real.county.designatedAssistance).toEqual([{ id: realPairing, demo: false }]);
      expect(all.county.designatedAssistance.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([realPairing, demoPairing]));
      expect(real.county.cadres.every((c: { demo: boolean }) => !c.demo)).toBe(true);
      expect(all.county.cadres.some((c: { demo: boolean }) => c.demo)).toBe(true);
      expect(real.real).toEqual(all.real);

      const [unit] = await rows<{ id: string }>(sql`select helper_id as id from designated.pairings where id = ${demoPairing}`);
      const demoUnit = `query($id: ID!, $d: Boolean) { organization(id: $id) { designatedAssistance(includeDemo: $d) { id } cadres(includeDemo: $d) { id } } }`;
      expect((await as(demoUnit, { id: unit.id, d: false })).organization).toEqual({ designatedAssistance: [], cadres: [] });
      expect((await as(demoUnit, { id: unit.id })).organization.designatedAssistance.length).toBeGreaterThan(0);
      const byId = `query($id: ID!, $d: Boolean) { designatedPairing(id: $id, includeDemo: $d) { id } }`;
      expect((await as(byId, { id: demoPairing, d: false })).designatedPairing).toBeNull();
      expect((await as(byId, { id: demoPairing })).designatedPairing).toEqual({ id: demoPairing });
      expect((await as(byId, { id: realPairing, d: false })).designatedPairing).toEqual({ id: realPairing });
    });

    it('covers with real pairings only with includeDemo: false; the demo part counts what demo pairings cover', async () => {
      const covered = async (filter: string) =>
        new Set(
          (
            await rows<{ code: string }>(
              sql.raw(`select distinct helped_code as code from designated.pairings where arrangement = 'DESIGNATED'
          and since <= '2018-12-31' and (until is null or until >= '2018-01-01') ${filter}`),
            )
          ).map((r) => r.code),
        );
      const poverty = new Set(POVERTY.map((r) => r.county_code));
      const [realSet, demoSet] = [await covered('and not demo'), await covered('and demo')];
      const count = (set: Set<string>) => [...set].filter((c) => poverty.has(c)).length;
      const whole = (await as(GAPS_PARTS, { y: 2018 })).designatedCoverageGaps;
      const real = (await as(GAPS_PARTS, { y: 2018, d: false })).designatedCoverageGaps;
      expect(real.coveredCount).toBe(count(realSet));
      expect(whole.demo.coveredCount).toBe(count(demoSet));
      expect(whole.demo.candidateCount).toBe(whole.candidateCount);
      expect(whole.coveredCount).toBe(count(new Set([...realSet, ...demoSet])));
      // The county both cover counts once in the whole and in each part.
      expect(realSet.has(county) && demoSet.has(county)).toBe(true);
      const both = count(new Set([...realSet].filter((c) => demoSet.has(c))));
      expect(both).toBeGreaterThanOrEqual(1);
      expect(whole.coveredCount).toBe(real.coveredCount + whole.demo.coveredCount - both);
      // A county is a gap when neither part covers it.
      const codes = (gaps: { code: string }[]) => gaps.map((g) => g.code);
      const demoGaps = new Set(codes(whole.demo.gaps));
      expect(codes(whole.gaps)).toEqual(codes(real.gaps).filter((c) => demoGaps.has(c)));
    });

    it('adds up plan against actual: the whole is the real rows plus the demo parts, measure by measure', async () => {
      for (const g of ['UNIT', 'PROVINCE']) {
        const whole = (await as(PVA_PARTS, { y: 2018, g })).designatedPlanAgainstActual;
        const real = (await as(PVA_PARTS, { y: 2018, g, d: false })).designatedPlanAgainstActual;
        const keyOf = (r: { unit: { id: string } | null; province: { code: string } | null }) => r.unit?.id ?? r.province!.code;
        const realOf = new Map(real.map((r: any) => [keyOf(r), r]));
        expect(whole.some((r: any) => r.demo.reportCount > 0 && realOf.has(keyOf(r))) || g === 'UNIT').toBe(true);
        expect(whole.some((r: any) => realOf.has(keyOf(r)))).toBe(true);
        for (const row of whole) {
          const r: any = realOf.get(keyOf(row)) ?? { reportCount: 0, plan: ZERO_MEASURES, actual: ZERO_MEASURES };
          expect(row.reportCount, keyOf(row)).toBe(r.reportCount + row.demo.reportCount);
          expect(row.plan, keyOf(row)).toEqual(addMeasures(r.plan, row.demo.plan));
          expect(row.actual, keyOf(row)).toEqual(addMeasures(r.actual, row.demo.actual));
        }
        // includeDemo: false is exactly the approved real reports of the database.
        const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from designated.reports where year = 2018 and status = 'APPROVED' and not demo`);
        expect(real.reduce((a: number, r: { reportCount: number }) => a + r.reportCount, 0)).toBe(n.n);
        expect(real.every((r: { demo: unknown }) => r.demo === null)).toBe(true);
      }
    });

    it('adds up the provincial totals: the whole is the real totals plus the demo part, figure by figure', async () => {
      for (const year of [2018, null]) {
        const whole = (await as(TOTALS_PARTS, { y: year })).designatedTotalsByProvince;
        const real = new Map((await as(TOTALS_PARTS, { y: year, d: false })).designatedTotalsByProvince.map((t: any) => [t.province.code, t]));
        const counties = await rows<{ province: string; all: number; real: number; demo: number }>(
          sql.raw(`select substr(helped_code, 1, 2) as province,
          count(distinct helped_code)::int as all, count(distinct helped_code) filter (where not demo)::int as real,
          count(distinct helped_code) filter (where demo)::int as demo from designated.pairings
          ${year ? `where since <= '${year}-12-31' and (until is null or until >= '${year}-01-01')` : ''} group by 1`),
        );
        const countiesOf = new Map(counties.map((c) => [c.province, c]));
        expect(whole.some((t: any) => t.demo.reportCount > 0 && (real.get(t.province.code) as any)?.reportCount > 0)).toBe(true);
        for (const t of whole) {
          const r: any = real.get(t.province.code) ?? {
            pairingCount: 0,
            unitCount: 0,
            countyCount: 0,
            deputyCountyHeads: 0,
            firstSecretaries: 0,
            workTeamMembers: 0,
            reportCount: 0,
            delivered: ZERO_MEASURES,
          };
          for (const f of ['pairingCount', 'unitCount', 'deputyCountyHeads', 'firstSecretaries', 'workTeamMembers', 'reportCount']) {
            expect(t[f], `${t.province.code} ${f}`).toBe(r[f] + t.demo[f]);
          }
          expect(t.delivered).toEqual(addMeasures(r.delivered, t.demo.delivered));
          // Distinct counties: each part counts its own, a county of both counts once in the whole.
          const c = countiesOf.get(t.province.code) ?? { all: 0, real: 0, demo: 0 };
          expect([t.countyCount, r.countyCount, t.demo.countyCount]).toEqual([c.all, c.real, c.demo]);
        }
      }
    });
  });

  it('keeps the national picture at a constant number of statements on the demo data set', async () => {
    const q = `query($n: Int) { regions(filter: {povertyCounty: true}, first: $n) { edges { node { code
      designatedAssistance(year: 2018) { helper { name } cadres(year: 2018) { role } report(year: 2018) { status plan { fundsInvested } } } } } } }`;
    const small = await countStatements(demo.database, () => demoHub.query(q, { n: 10 }));
    const all = await countStatements(demo.database, () => demoHub.query(q, { n: 1000 }));
    expect(all.result.errors).toBeUndefined();
    expect(all.statements).toBe(small.statements);
  });
});
