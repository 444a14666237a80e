import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NAME_PREFIX, isDemoName } from '../lib/demo.js';
import { sumMoney } from '../lib/money.js';
import { governmentId } from '../lib/org-ids.js';
import type { OrganizationInput } from '../lib/seed.js';
import { referenceOrganizations } from '../subgraphs/registry/reference.js';
import { Rng } from '../lib/rng.js';
import { DEFAULT_SEED } from '../seed/index.js';
import { helpedRuleFor } from '../subgraphs/eastwest/rules.js';
import { DEMO_SIZE, demoCountyPairs, PAIRS_FILE } from '../subgraphs/eastwest/seed.js';
import { solveAssignment, type Option } from '../subgraphs/eastwest/suggest.js';
import { eastwestSubgraph } from '../subgraphs/eastwest/subgraph.js';
import { createRegistrySeedApi } from '../subgraphs/registry/seed.js';
import {
  ADMIN,
  type As,
  callsTo,
  coordinator,
  countStatements,
  countSteadyStatements,
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

const office = (...regions: string[]): As => coordinator(regions, { office: 'EAST_WEST', sub: `ew-office-${regions.join('-')}` });

let db: TestDatabase;
let hub: Hub;

beforeAll(async () => {
  // Governments the tests pair: a western one (must be refused as a helper) and an eastern county.
  ({ db, hub } = await startFixtureHub({
    organizations: [
      { id: 'gov-5201', name: '贵阳市人民政府', kind: 'LOCAL_GOVERNMENT', homeRegionCode: '5201', demo: false, source: 'test' },
      { id: 'gov-320583', name: '昆山市人民政府', kind: 'LOCAL_GOVERNMENT', homeRegionCode: '320583', demo: false, source: 'test' },
    ],
  }));
}, 120_000);
afterAll(() => tearDown(db, hub));

function csv(dir: string, file: string): Record<string, string>[] {
  return parse(readFileSync(join(dir, file)), { columns: true }) as Record<string, string>[];
}

const PAIRING_FIELDS = `id channel round since until helpedRule helperLevel helpedLevel arrangement evidence evidenceUrl source demo
  helper { id name } helped { code name } helperRegion { code }`;

const CREATE = `mutation($i: CreateEastWestPairingInput!) { createEastWestPairing(input: $i) { ${PAIRING_FIELDS} } }`;

/** A refused write leaves the eastwest schema unchanged. */
const { ok, refused: expectRefused } = callsTo(() => hub, { schema: 'eastwest' });

// ---- flows and summaries on a small, hand-made fixture ------------------------------------

const SUMMARY = `query($code: ID!, $year: Int, $d: Boolean) { region(code: $code) { eastWestSummary(year: $year, includeDescendants: $d) {
  year region { code }
  asHelper { ...T } asHelped { ...T } } } }
  fragment T on EastWestTotals { pairings helpers meetings fiscalAidPledged fiscalAidCommitted fiscalAidDisbursed
    industrialProjects industrialInvestment jobsForPoor workersPlaced poorWorkersPlaced
    talentEastToWest { persons personDays } talentWestToEast { persons personDays } producePurchases }`;

const ZERO = {
  meetings: 0,
  fiscalAidPledged: '0.00',
  fiscalAidCommitted: '0.00',
  fiscalAidDisbursed: '0.00',
  industrialProjects: 0,
  industrialInvestment: '0.00',
  jobsForPoor: 0,
  workersPlaced: 0,
  poorWorkersPlaced: 0,
  talentEastToWest: { persons: 0, personDays: 0 },
  talentWestToEast: { persons: 0, personDays: 0 },
  producePurchases: '0.00',
};

/** 苏州 (a city) → 江口县 (a poverty county of 铜仁, which 苏州 helps at prefecture level), from 2018-03-01. */
let summaryPairing = '';

describe('flows and eastWestSummary (hand-computed fixture)', () => {
  it('records a city → county pairing and each kind of flow', async () => {
    const created = await ok(CREATE, { i: { helperId: 'gov-3205', helpedCode: '520621', round: 2016, since: '2018-03-01' } }, office('52'));
    summaryPairing = created.createEastWestPairing.id;
    expect(created.createEastWestPairing).toMatchObject({
      channel: 'EAST_WEST',
      helperLevel: 'PREFECTURE',
      helpedLevel: 'COUNTY',
      helpedRule: 'WESTERN',
      until: null,
      arrangement: '东西部扶贫协作-2016',
      source: 'api',
      demo: false,
      helper: { id: 'gov-3205', name: '苏州市人民政府' },
      helped: { code: '520621', name: '江口县' },
      helperRegion: { code: '3205' },
    });
    const p = summaryPairing;
    const writes: [string, string, Record<string, unknown>][] = [
      [
        'recordEastWestMeeting',
        'EastWestMeetingInput',
        { pairingId: p, date: '2018-05-10', place: '江口县', attendance: 'PREFECTURE_LEADERS', agreements: ['产业合作协议'] },
      ],
      ['recordEastWestMeeting', 'EastWestMeetingInput', { pairingId: p, date: '2019-04-02', place: '苏州市', attendance: 'COUNTY_LEADERS' }],
      // Three pledges just under the most one amount may be (10^12 yuan, lib/scalars.ts): their
      // sum (2,999,999,999,999.97) is kept to the fen.
      ['recordEastWestFiscalAid', 'EastWestFiscalAidInput', { pairingId: p, year: 2018, stage: 'PLEDGED', amount: '999999999999.99', purpose: '产业' }],
      ['recordEastWestFiscalAid', 'EastWestFiscalAidInput', { pairingId: p, year: 2018, stage: 'PLEDGED', amount: '999999999999.99', purpose: '教育' }],
      ['recordEastWestFiscalAid', 'EastWestFiscalAidInput', { pairingId: p, year: 2018, stage: 'PLEDGED', amount: '999999999999.99', purpose: '医疗' }],
      ['recordEastWestFiscalAid', 'EastWestFiscalAidInput', { pairingId: p, year: 2018, stage: 'COMMITTED', amount: '1500000.50', purpose: '产业' }],
      ['recordEastWestFiscalAid', 'EastWestFiscalAidInput', { pairingId: p, year: 2018, stage: 'DISBURSED', amount: '1200000.25', purpose: '产业' }],
      ['recordEastWestFiscalAid', 'EastWestFiscalAidInput', { pairingId: p, year: 2019, stage: 'DISBURSED', amount: '0.10', purpose: '产业' }],
      [
        'recordEastWestIndustrialProject',
        'EastWestIndustrialProjectInput',
        { pairingId: p, year: 2018, name: '江口茶叶加工', enterprise: '苏州某食品有限公司', countyCode: '520621', investment: '25000000', jobsForPoor: 120 },
      ],
      [
        'recordEastWestLabourCooperation',
        'EastWestLabourInput',
        { pairingId: p, year: 2018, fromCountyCode: '520621', workersPlaced: 300, poorWorkersPlaced: 180 },
      ],
      [
        'recordEastWestTalentExchange',
        'EastWestTalentInput',
        { pairingId: p, year: 2018, direction: 'EAST_TO_WEST', kind: 'CADRE', persons: 3, personDays: 540 },
      ],
      [
        'recordEastWestTalentExchange',
        'EastWestTalentInput',
        { pairingId: p, year: 2018, direction: 'WEST_TO_EAST', kind: 'TECHNICIAN', persons: 10, personDays: 200 },
      ],
      [
        'recordEastWestTalentExchange',
        'EastWestTalentInput',
        { pairingId: p, year: 2019, direction: 'EAST_TO_WEST', kind: 'TEACHER', persons: 5, personDays: 900 },
      ],
      ['recordEastWestProducePurchase', 'EastWestProduceInput', { pairingId: p, year: 2018, product: '茶叶', amount: '880000.80' }],
      ['recordEastWestProducePurchase', 'EastWestProduceInput', { pairingId: p, year: 2019, product: '茶叶', amount: '0.20' }],
      ['recordEastWestProducePurchase', 'EastWestProduceInput', { pairingId: p, year: 2019, product: '核桃', amount: '0.15' }],
    ];
    // Either side writes: the Jiangsu office records some, the Guizhou office the rest.
    for (const [i, [field, type, input]] of writes.entries()) {
      const data = await ok(`mutation($i: ${type}!) { ${field}(input: $i) { id year demo pairing { id } } }`, { i: input }, office(i % 2 ? '32' : '52'));
      expect(data[field]).toMatchObject({ demo: false, pairing: { id: p } });
      expect(data[field].id).toMatch(/^ew-/);
    }
    const flows = await ok(
      `query($id: ID!) { eastWestPairing(id: $id) {
      meetings { date attendance agreements } fiscalAid(year: 2018) { stage amount purpose }
      industrialProjects { county { code name } investment jobsForPoor } labourCooperation { fromCounty { code } workersPlaced poorWorkersPlaced }
      talentExchanges(year: 2019) { direction kind persons personDays } producePurchases(year: 2019) { product amount } } }`,
      { id: p },
    );
    expect(flows.eastWestPairing.meetings).toEqual([
      { date: '2018-05-10', attendance: 'PREFECTURE_LEADERS', agreements: ['产业合作协议'] },
      { date: '2019-04-02', attendance: 'COUNTY_LEADERS', agreements: [] },
    ]);
    expect(flows.eastWestPairing.fiscalAid).toHaveLength(5);
    expect(flows.eastWestPairing.industrialProjects).toEqual([{ county: { code: '520621', name: '江口县' }, investment: '25000000.00', jobsForPoor: 120 }]);
    expect(flows.eastWestPairing.talentExchanges).toEqual([{ direction: 'EAST_TO_WEST', kind: 'TEACHER', persons: 5, personDays: 900 }]);
    expect(flows.eastWestPairing.producePurchases.map((x: { amount: string }) => x.amount).sort()).toEqual(['0.15', '0.20']);
  });

  it('totals the county as the helped side, per year and over all years, stages kept apart', async () => {
    const y2018 = await ok(SUMMARY, { code: '520621', year: 2018 });
    expect(y2018.region.eastWestSummary).toEqual({
      year: 2018,
      region: { code: '520621' },
      asHelper: { pairings: 0, helpers: 0, ...ZERO },
      asHelped: {
        pairings: 1,
        helpers: 1,
        meetings: 1,
        fiscalAidPledged: '2999999999999.97',
        fiscalAidCommitted: '1500000.50',
        fiscalAidDisbursed: '1200000.25',
        industrialProjects: 1,
        industrialInvestment: '25000000.00',
        jobsForPoor: 120,
        workersPlaced: 300,
        poorWorkersPlaced: 180,
        talentEastToWest: { persons: 3, personDays: 540 },
        talentWestToEast: { persons: 10, personDays: 200 },
        producePurchases: '880000.80',
      },
    });
    const all = await ok(SUMMARY, { code: '520621' });
    expect(all.region.eastWestSummary.asHelped).toMatchObject({
      meetings: 2,
      fiscalAidDisbursed: '1200000.35',
      producePurchases: '880001.15',
      talentEastToWest: { persons: 8, personDays: 1440 },
    });
    const y2017 = await ok(SUMMARY, { code: '520621', year: 2017 });
    expect(y2017.region.eastWestSummary.asHelped).toEqual({ pairings: 0, helpers: 0, ...ZERO });
    // One batch asking for every year (summed over years in SQL) and for one year gives each its own.
    const both = await ok(
      `query { region(code: "520621") { all: eastWestSummary { asHelped { meetings fiscalAidDisbursed } }
        y2018: eastWestSummary(year: 2018) { asHelped { meetings fiscalAidDisbursed } } } }`,
      {},
    );
    expect(both.region.all.asHelped).toEqual({ meetings: 2, fiscalAidDisbursed: '1200000.35' });
    expect(both.region.y2018.asHelped).toEqual({ meetings: 1, fiscalAidDisbursed: '1200000.25' });
  });

  it('computes only the sides and flows a query shows, with the same figures', async () => {
    const full = (await ok(SUMMARY, { code: '520621' })).region.eastWestSummary;
    const lean = await countStatements(db.database, () =>
      hub.query(`{ region(code: "520621") { eastWestSummary { asHelped { pairings fiscalAidDisbursed } } } }`),
    );
    expect(lean.result.errors).toBeUndefined();
    expect(lean.result.data!.region.eastWestSummary.asHelped).toEqual({
      pairings: full.asHelped.pairings,
      fiscalAidDisbursed: full.asHelped.fiscalAidDisbursed,
    });
    const statement = lean.log.join('\n');
    expect(statement).toMatch(/"fiscal_aid"/);
    expect(statement).not.toMatch(/"meetings"|"industrial_projects"|"labour_cooperation"|"talent_exchanges"|"produce_purchases"|"helper_code" (=|in) /);
    // The eastern side alone, its talent through an inline fragment: the same as the full summary's.
    const suzhou = (await ok(SUMMARY, { code: '3205', year: 2018 })).region.eastWestSummary;
    const east = await ok(
      `{ region(code: "3205") { eastWestSummary(year: 2018) { asHelper { pairings ... on EastWestTotals { talentEastToWest { persons } } } } } }`,
      {},
    );
    expect(east.region.eastWestSummary.asHelper).toEqual({
      pairings: suzhou.asHelper.pairings,
      talentEastToWest: { persons: suzhou.asHelper.talentEastToWest.persons },
    });
  });

  it('totals the eastern side: 苏州 and 江苏 as helpers; 铜仁 and 贵州 roll up their subtree', async () => {
    const suzhou = await ok(SUMMARY, { code: '3205', year: 2018 });
    // 苏州 → 铜仁 (reference, no flows here) and 苏州 → 江口县.
    expect(suzhou.region.eastWestSummary.asHelper).toMatchObject({ pairings: 2, helpers: 1, meetings: 1, fiscalAidPledged: '2999999999999.97' });
    expect(suzhou.region.eastWestSummary.asHelped).toEqual({ pairings: 0, helpers: 0, ...ZERO });
    const jiangsu = await ok(SUMMARY, { code: '32', year: 2018 });
    // 江苏 → 陕西, 西宁, 海东; 苏州 → 铜仁, 江口县.
    expect(jiangsu.region.eastWestSummary.asHelper).toMatchObject({ pairings: 5, helpers: 2, workersPlaced: 300 });
    const tongren = await ok(SUMMARY, { code: '5206', year: 2018 });
    expect(tongren.region.eastWestSummary.asHelped).toMatchObject({ pairings: 2, helpers: 1, producePurchases: '880000.80' });
    const tongrenOnly = await ok(SUMMARY, { code: '5206', year: 2018, d: false });
    expect(tongrenOnly.region.eastWestSummary.asHelped).toEqual({ pairings: 1, helpers: 1, ...ZERO });
    const guizhou = await ok(SUMMARY, { code: '52', year: 2018 });
    // The 8 reference pairs inside 贵州 (7 eastern helpers) and the one above.
    expect(guizhou.region.eastWestSummary.asHelped).toMatchObject({ pairings: 9, helpers: 7, fiscalAidCommitted: '1500000.50' });
  });

  it('ends a pairing by setting until, keeps it and its audit history, and refuses an end before recorded flows', async () => {
    await expectRefused(
      `mutation { endEastWestPairing(id: "${summaryPairing}", until: "2018-12-31") { id } }`,
      {},
      ADMIN,
      'BAD_USER_INPUT',
      'records-outside-period',
    );
    const ended = await ok(`mutation { endEastWestPairing(id: "${summaryPairing}", until: "2019-12-31") { id until } }`, {}, office('32'));
    expect(ended.endEastWestPairing).toEqual({ id: summaryPairing, until: '2019-12-31' });
    const listed = await ok(
      `{ y2019: region(code: "520621") { eastWestPairings(year: 2019) { id } } y2020: region(code: "520621") { eastWestPairings(year: 2020) { id } } }`,
    );
    expect(listed.y2019.eastWestPairings).toEqual([{ id: summaryPairing }]);
    expect(listed.y2020.eastWestPairings).toEqual([]);
    const audit = rowsOf<{ action: string; before: { until: string | null } | null; after: { until: string | null } }>(
      await db.database.db.execute(`select action, before, after from eastwest.audit_log where entity_id = '${summaryPairing}' order by id` as never),
    );
    expect(audit.map((a) => a.action)).toEqual(['createEastWestPairing', 'endEastWestPairing']);
    expect(audit[1].before?.until).toBeNull();
    expect(audit[1].after.until).toBe('2019-12-31');
  });
});

// ---- the real 2016 list ------------------------------------------------------------------

describe('reference pairs (2016 round)', () => {
  const reference = csv(REFERENCE_DIR, PAIRS_FILE);

  it('passes every reference row through the API rules; only the three 京津冀 rows need that exception', () => {
    expect(reference).toHaveLength(32);
    const rules = reference.map((r) => helpedRuleFor(r.helper_code, r.helped_code));
    expect(rules.every((r) => r !== null)).toBe(true);
    const jingjinji = reference.filter((_, i) => rules[i] === 'JINGJINJI_EXCEPTION').map((r) => `${r.helper_code}→${r.helped_code}`);
    expect(jingjinji.sort()).toEqual(['11→1306', '11→1307', '12→1308']);
    const central = reference.filter((_, i) => rules[i] === 'CENTRAL_EXCEPTION').map((r) => r.helped_code);
    expect(central.sort()).toEqual(['2224', '4228', '4331']);
  });

  it('lists the eastern helpers of 贵州省 with includeDescendants, from the real list, with evidence', async () => {
    const data = await ok(`{ region(code: "520000") { eastWestPairings(includeDescendants: true, year: 2017) {
      ${PAIRING_FIELDS} } } }`);
    const pairs = (data.region.eastWestPairings as { source: string; helper: { id: string }; helped: { code: string } }[]).filter(
      (p) => p.source === PAIRS_FILE,
    );
    const expected = reference.filter((r) => r.helped_code.startsWith('52'));
    expect(pairs.map((p) => `${p.helper.id}→${p.helped.code}`).sort()).toEqual(expected.map((r) => `${governmentId(r.helper_code)}→${r.helped_code}`).sort());
    expect(new Set(pairs.map((p) => p.helper.id))).toEqual(new Set(['gov-2102', 'gov-31', 'gov-3205', 'gov-3301', 'gov-3302', 'gov-3702', 'gov-4401']));
    const zunyi = data.region.eastWestPairings.find((p: { helped: { code: string } }) => p.helped.code === '5203');
    expect(zunyi).toMatchObject({
      helper: { name: '上海市人民政府' },
      helped: { name: '遵义市' },
      round: 2016,
      since: '2016-12-07',
      until: '2020-12-31',
      helperLevel: 'PROVINCE',
      helpedLevel: 'PREFECTURE',
      evidence: 'quoted',
      demo: false,
    });
    expect(zunyi.evidenceUrl).toMatch(/^http/);
  });

  it('lists what 上海市 helps as HELPER, and the pairing from the organisation side', async () => {
    const data = await ok(`{ region(code: "31") { eastWestPairings(role: HELPER) { helped { code name } helpedRule } }
      organization(id: "gov-31") { eastWestPairings(year: 2018) { helped { code } } } }`);
    const byCode = (a: { helped: { code: string } }, b: { helped: { code: string } }) => a.helped.code.localeCompare(b.helped.code);
    expect([...data.region.eastWestPairings].sort(byCode)).toEqual([
      { helped: { code: '5203', name: '遵义市' }, helpedRule: 'WESTERN' },
      { helped: { code: '53', name: '云南省' }, helpedRule: 'WESTERN' },
    ]);
    expect(data.organization.eastWestPairings.map((p: { helped: { code: string } }) => p.helped.code).sort()).toEqual(['5203', '53']);
    const none = await ok(`{ organization(id: "gov-31") { eastWestPairings(year: 2021) { id } } }`);
    expect(none.organization.eastWestPairings).toEqual([]);
  });

  it('finds who helps a county at any level with includeAncestors, and the exceptions by their rule', async () => {
    const data = await ok(`{ tongzi: region(code: "520322") { eastWestPairings(includeAncestors: true) { helper { id } helped { code } } }
      hebei: region(code: "13") { eastWestPairings(includeDescendants: true) { helper { id } helped { code } helpedRule } }
      enshi: region(code: "4228") { eastWestPairings { helpedRule helper { id } } } }`);
    expect(data.tongzi.eastWestPairings).toEqual([{ helper: { id: 'gov-31' }, helped: { code: '5203' } }]);
    expect(data.hebei.eastWestPairings.map((p: { helpedRule: string }) => p.helpedRule)).toEqual(Array(3).fill('JINGJINJI_EXCEPTION'));
    expect(data.enshi.eastWestPairings).toEqual([{ helpedRule: 'CENTRAL_EXCEPTION', helper: { id: 'gov-3301' } }]);
  });

  it('resolves Region and Organization references from the gateway’s representations', async () => {
    const eastwest = hub.runtimes.get('eastwest')!;
    const result = await executeOn(
      eastwest,
      `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Region { code eastWestPairings(includeDescendants: true) { id } }
      ... on Organization { id eastWestPairings { id } } } }`,
      {
        r: [
          { __typename: 'Region', code: '520000' },
          { __typename: 'Organization', id: 'gov-31' },
          { __typename: 'Organization', id: 'no-such-org' },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    const [region, org, unknown] = result.data!._entities as { code?: string; id?: string; eastWestPairings: unknown[] }[];
    expect(region.code).toBe('52');
    expect(region.eastWestPairings.length).toBeGreaterThanOrEqual(8);
    expect(org.eastWestPairings).toHaveLength(2);
    expect(unknown.eastWestPairings).toEqual([]);
  });
});

// ---- validation and access ---------------------------------------------------------------

describe('pairing validation: each rule refused with BAD_USER_INPUT (or NOT_FOUND), nothing written', () => {
  const base = { helperId: 'gov-31', helpedCode: '530627', round: 2016, since: '2018-01-01' };
  const cases: [string, Record<string, unknown>, string, string, string][] = [
    ['a helper that is not a government', { helperId: 'party-minge' }, 'BAD_USER_INPUT', 'helper-kind', 'input.helperId'],
    ['a western government as helper', { helperId: 'gov-5201' }, 'BAD_USER_INPUT', 'helper-east', 'input.helperId'],
    ['an eastern place helped', { helpedCode: '3201' }, 'BAD_USER_INPUT', 'helped-west', 'input.helpedCode'],
    ['a 京津冀 place from the wrong helper (天津 → 张家口)', { helperId: 'gov-12', helpedCode: '1307' }, 'BAD_USER_INPUT', 'helped-west', 'input.helpedCode'],
    ['a city helping a province', { helperId: 'gov-3205', helpedCode: '52' }, 'BAD_USER_INPUT', 'level', 'input.helpedCode'],
    ['a township helped', { helpedCode: '610426001' }, 'BAD_USER_INPUT', 'level', 'input.helpedCode'],
    ['a development zone helped', { helpedCode: '620171' }, 'BAD_USER_INPUT', 'functional-zone', 'input.helpedCode'],
    ['an unknown place', { helpedCode: '539999' }, 'BAD_USER_INPUT', 'exists', 'input.helpedCode'],
    ['a malformed code', { helpedCode: '53x' }, 'BAD_USER_INPUT', 'division-code', 'input.helpedCode'],
    ['an unknown round', { round: 2015 }, 'BAD_USER_INPUT', 'round', 'input.round'],
    ['a round that does not fit the start', { round: 2021, since: '2018-01-01' }, 'BAD_USER_INPUT', 'round-period', 'input.round'],
    ['an end before the start', { until: '2017-12-31' }, 'BAD_USER_INPUT', 'period', 'input.until'],
    ['an implausible year', { since: '1985-01-01', round: 1996 }, 'BAD_USER_INPUT', 'year', 'input.since'],
    ['an end far in the future', { until: '2199-12-31' }, 'BAD_USER_INPUT', 'year', 'input.until'],
    [
      'a duplicate of a reference pair (北京 → 张家口, overlapping)',
      { helperId: 'gov-11', helpedCode: '130700', since: '2019-05-01' },
      'BAD_USER_INPUT',
      'duplicate',
      'input.helpedCode',
    ],
    ['an unknown helper', { helperId: 'no-such-org' }, 'NOT_FOUND', 'exists', 'input.helperId'],
  ];
  for (const [name, patch, code, rule, field] of cases) {
    it(`refuses ${name}`, async () => {
      await expectRefused(CREATE, { i: { ...base, ...patch } }, ADMIN, code, rule, field);
    });
  }

  it('refuses an invalid date and a float or over-precise amount at the scalar', async () => {
    await expectRefused(CREATE, { i: { ...base, since: '2018-02-30' } }, ADMIN, 'BAD_USER_INPUT');
    const aid = `mutation($i: EastWestFiscalAidInput!) { recordEastWestFiscalAid(input: $i) { id } }`;
    for (const amount of [1.5, '1.005', 'abc']) {
      await expectRefused(aid, { i: { pairingId: summaryPairing, year: 2018, stage: 'PLEDGED', amount, purpose: 'p' } }, ADMIN, 'BAD_USER_INPUT');
    }
  });

  it('accepts the 京津冀 exception from the listed helper, and a later non-overlapping duplicate', async () => {
    const data = await ok(CREATE, { i: { helperId: 'gov-11', helpedCode: '130722', round: 2016, since: '2017-06-01' } }, ADMIN);
    expect(data.createEastWestPairing).toMatchObject({ helpedRule: 'JINGJINJI_EXCEPTION', helperLevel: 'PROVINCE', helpedLevel: 'COUNTY' });
    const later = await ok(CREATE, { i: { helperId: 'gov-11', helpedCode: '1307', round: 2021, since: '2021-03-01' } }, ADMIN);
    expect(later.createEastWestPairing).toMatchObject({ arrangement: '东西部协作-2021', until: null });
  });
});

describe('flow validation', () => {
  const flow = (field: string, type: string) => `mutation($i: ${type}!) { ${field}(input: $i) { id } }`;
  const cases: [string, string, string, () => Record<string, unknown>, string, string, string][] = [
    [
      'an unknown pairing',
      'recordEastWestFiscalAid',
      'EastWestFiscalAidInput',
      () => ({ pairingId: 'ewp-none', year: 2018, stage: 'PLEDGED', amount: '1', purpose: 'x' }),
      'NOT_FOUND',
      'exists',
      'input.pairingId',
    ],
    [
      'a year outside the pairing',
      'recordEastWestFiscalAid',
      'EastWestFiscalAidInput',
      () => ({ pairingId: summaryPairing, year: 2017, stage: 'PLEDGED', amount: '1', purpose: 'x' }),
      'BAD_USER_INPUT',
      'within-period',
      'input.year',
    ],
    [
      'an implausible year',
      'recordEastWestProducePurchase',
      'EastWestProduceInput',
      () => ({ pairingId: summaryPairing, year: 2400, product: '茶叶', amount: '1' }),
      'BAD_USER_INPUT',
      'year',
      'input.year',
    ],
    [
      'a negative amount',
      'recordEastWestFiscalAid',
      'EastWestFiscalAidInput',
      () => ({ pairingId: summaryPairing, year: 2018, stage: 'PLEDGED', amount: '-1.00', purpose: 'x' }),
      'BAD_USER_INPUT',
      'non-negative',
      'input.amount',
    ],
    [
      'a negative investment',
      'recordEastWestIndustrialProject',
      'EastWestIndustrialProjectInput',
      () => ({ pairingId: summaryPairing, year: 2018, name: 'n', enterprise: 'e', countyCode: '520621', investment: '-5', jobsForPoor: 1 }),
      'BAD_USER_INPUT',
      'non-negative',
      'input.investment',
    ],
    [
      'negative jobs',
      'recordEastWestIndustrialProject',
      'EastWestIndustrialProjectInput',
      () => ({ pairingId: summaryPairing, year: 2018, name: 'n', enterprise: 'e', countyCode: '520621', investment: '5', jobsForPoor: -1 }),
      'BAD_USER_INPUT',
      'non-negative',
      'input.jobsForPoor',
    ],
    [
      'a county outside the helped place',
      'recordEastWestLabourCooperation',
      'EastWestLabourInput',
      () => ({ pairingId: summaryPairing, year: 2018, fromCountyCode: '520622', workersPlaced: 10, poorWorkersPlaced: 1 }),
      'BAD_USER_INPUT',
      'within-place',
      'input.fromCountyCode',
    ],
    [
      'a prefecture where a county is needed',
      'recordEastWestIndustrialProject',
      'EastWestIndustrialProjectInput',
      () => ({ pairingId: summaryPairing, year: 2018, name: 'n', enterprise: 'e', countyCode: '5206', investment: '5', jobsForPoor: 1 }),
      'BAD_USER_INPUT',
      'level',
      'input.countyCode',
    ],
    [
      'more poor workers than workers',
      'recordEastWestLabourCooperation',
      'EastWestLabourInput',
      () => ({ pairingId: summaryPairing, year: 2019, fromCountyCode: '520621', workersPlaced: 10, poorWorkersPlaced: 11 }),
      'BAD_USER_INPUT',
      'within-total',
      'input.poorWorkersPlaced',
    ],
    [
      'fewer days than persons',
      'recordEastWestTalentExchange',
      'EastWestTalentInput',
      () => ({ pairingId: summaryPairing, year: 2019, direction: 'WEST_TO_EAST', kind: 'DOCTOR', persons: 5, personDays: 4 }),
      'BAD_USER_INPUT',
      'days-per-person',
      'input.personDays',
    ],
    [
      'negative persons',
      'recordEastWestTalentExchange',
      'EastWestTalentInput',
      () => ({ pairingId: summaryPairing, year: 2019, direction: 'WEST_TO_EAST', kind: 'DOCTOR', persons: -5, personDays: 4 }),
      'BAD_USER_INPUT',
      'non-negative',
      'input.persons',
    ],
    [
      'a meeting before the pairing starts',
      'recordEastWestMeeting',
      'EastWestMeetingInput',
      () => ({ pairingId: summaryPairing, date: '2018-01-15', place: 'x', attendance: 'DEPARTMENT' }),
      'BAD_USER_INPUT',
      'within-period',
      'input.date',
    ],
    [
      'a meeting without a place',
      'recordEastWestMeeting',
      'EastWestMeetingInput',
      () => ({ pairingId: summaryPairing, date: '2018-06-15', place: ' ', attendance: 'DEPARTMENT' }),
      'BAD_USER_INPUT',
      'required',
      'input.place',
    ],
    [
      'a second meeting the same day',
      'recordEastWestMeeting',
      'EastWestMeetingInput',
      () => ({ pairingId: summaryPairing, date: '2018-05-10', place: 'x', attendance: 'DEPARTMENT' }),
      'BAD_USER_INPUT',
      'duplicate',
      'input',
    ],
    [
      'the same stage and purpose twice',
      'recordEastWestFiscalAid',
      'EastWestFiscalAidInput',
      () => ({ pairingId: summaryPairing, year: 2018, stage: 'PLEDGED', amount: '1', purpose: '产业' }),
      'BAD_USER_INPUT',
      'duplicate',
      'input',
    ],
    [
      'the same project twice',
      'recordEastWestIndustrialProject',
      'EastWestIndustrialProjectInput',
      () => ({
        pairingId: summaryPairing,
        year: 2018,
        name: '江口茶叶加工',
        enterprise: '苏州某食品有限公司',
        countyCode: '520621',
        investment: '1',
        jobsForPoor: 1,
      }),
      'BAD_USER_INPUT',
      'duplicate',
      'input',
    ],
    [
      'labour from the same county twice',
      'recordEastWestLabourCooperation',
      'EastWestLabourInput',
      () => ({ pairingId: summaryPairing, year: 2018, fromCountyCode: '520621', workersPlaced: 1, poorWorkersPlaced: 1 }),
      'BAD_USER_INPUT',
      'duplicate',
      'input',
    ],
    [
      'the same talent line twice',
      'recordEastWestTalentExchange',
      'EastWestTalentInput',
      () => ({ pairingId: summaryPairing, year: 2018, direction: 'EAST_TO_WEST', kind: 'CADRE', persons: 1, personDays: 1 }),
      'BAD_USER_INPUT',
      'duplicate',
      'input',
    ],
    [
      'the same product twice',
      'recordEastWestProducePurchase',
      'EastWestProduceInput',
      () => ({ pairingId: summaryPairing, year: 2018, product: '茶叶', amount: '1' }),
      'BAD_USER_INPUT',
      'duplicate',
      'input',
    ],
  ];
  for (const [name, field, type, input, code, rule, path] of cases) {
    it(`refuses ${name}`, async () => {
      await expectRefused(flow(field, type), { i: input() }, ADMIN, code, rule, path);
    });
  }
});

describe('access: the east-west office of either province writes, others read', () => {
  const input = { helperId: 'gov-31', helpedCode: '530628', round: 2016, since: '2018-01-01' };
  const refusedAs: [string, As | undefined, string][] = [
    ['anonymous', undefined, 'east-west-office'],
    ['an organisation editor, even of the helper', editor('gov-31'), 'east-west-office'],
    ['SASAC', SASAC, 'east-west-office'],
    ['a poverty office of the helped province', coordinator('53', { office: 'POVERTY' }), 'east-west-office'],
    ['a coordinator without an office', coordinator('53'), 'east-west-office'],
    ['the east-west office of a third province', office('61'), 'either-side'],
    ['the east-west office of a prefecture inside the helped province', office('5301'), 'either-side'],
  ];
  for (const [name, as, rule] of refusedAs) {
    it(`refuses ${name} with FORBIDDEN and records the refusal`, async () => {
      const before = await db.database.db.execute(`select count(*)::int as n from eastwest.audit_log where outcome = 'refused'` as never);
      await expectRefused(CREATE, { i: input }, as, 'FORBIDDEN', rule);
      const after = await db.database.db.execute(`select count(*)::int as n from eastwest.audit_log where outcome = 'refused'` as never);
      expect(rowsOf<{ n: number }>(after)[0].n).toBe(rowsOf<{ n: number }>(before)[0].n + 1);
    });
  }

  it('refuses flows and edits from an office of neither side', async () => {
    const ops: [string, Record<string, unknown>][] = [
      [
        `mutation($i: EastWestProduceInput!) { recordEastWestProducePurchase(input: $i) { id } }`,
        { i: { pairingId: summaryPairing, year: 2019, product: '蜂蜜', amount: '1' } },
      ],
      [`mutation($id: ID!) { endEastWestPairing(id: $id, until: "2019-12-31") { id } }`, { id: summaryPairing }],
      [`mutation($id: ID!) { updateEastWestPairing(id: $id, input: {arrangement: "x"}) { id } }`, { id: summaryPairing }],
    ];
    for (const [op, vars] of ops) {
      await expectRefused(op, vars, office('53'), 'FORBIDDEN', 'either-side');
      await expectRefused(op, vars, undefined, 'FORBIDDEN', 'east-west-office');
    }
  });

  it('lets the helper’s office and the helped office write, and anyone read', async () => {
    const helperSide = await ok(CREATE, { i: input }, office('31'));
    expect(helperSide.createEastWestPairing.helpedRule).toBe('WESTERN');
    const helpedSide = await ok(CREATE, { i: { ...input, helpedCode: '530629' } }, office('53', '64'));
    const updated = await ok(
      `mutation($id: ID!) { updateEastWestPairing(id: $id, input: {arrangement: "携手奔小康"}) { arrangement } }`,
      { id: helpedSide.createEastWestPairing.id },
      office('31'),
    );
    expect(updated.updateEastWestPairing.arrangement).toBe('携手奔小康');
    const patch = `mutation($id: ID!, $i: UpdateEastWestPairingInput!) { updateEastWestPairing(id: $id, input: $i) { id } }`;
    const id = helpedSide.createEastWestPairing.id;
    await expectRefused(patch, { id, i: { since: null } }, office('31'), 'BAD_USER_INPUT', 'required', 'input.since');
    await expectRefused(patch, { id, i: { round: 2021 } }, office('31'), 'BAD_USER_INPUT', 'round-period', 'input.round');
    await expectRefused(patch, { id, i: { until: '2017-01-01' } }, office('31'), 'BAD_USER_INPUT', 'period', 'input.until');
    await expectRefused(patch, { id: 'ewp-none', i: { round: 2016 } }, office('31'), 'NOT_FOUND', 'exists', 'id');
    const read = await ok(`{ region(code: "530629") { eastWestPairings { arrangement } } }`);
    expect(read.region.eastWestPairings).toEqual([{ arrangement: '携手奔小康' }]);
  });
});

// ---- batching ------------------------------------------------------------------------------

describe('batching: statements do not grow with the number of places', () => {
  const NATIONAL = `query($f: RegionFilter, $n: Int) { regions(filter: $f, first: $n) { edges { node { code
    eastWestPairings(includeAncestors: true) { id helper { name } }
    eastWestSummary(year: 2018) { asHelped { pairings fiscalAidPledged } } } } } }`;

  it('costs the same for 10 poverty counties as for all 832, each seeing its real helpers', async () => {
    // Ten counties of 贵州 (each with a helper to resolve) against all 832.
    const small = await countSteadyStatements(db.database, () => hub.query(NATIONAL, { f: { povertyCounty: true, within: '52' }, n: 10 }));
    const large = await countSteadyStatements(db.database, () => hub.query(NATIONAL, { f: { povertyCounty: true }, n: 1000 }));
    expect(small.result.data!.regions.edges.every((e: { node: { eastWestPairings: unknown[] } }) => e.node.eastWestPairings.length > 0)).toBe(true);
    expect(large.result.errors).toBeUndefined();
    const nodes = large.result.data!.regions.edges.map((e: { node: { code: string; eastWestPairings: unknown[] } }) => e.node);
    expect(nodes).toHaveLength(831);
    expect(large.statements, large.log.join('\n')).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(6);
    // Every poverty county inside a listed helped region sees at least that pair.
    const helped = csv(REFERENCE_DIR, PAIRS_FILE).map((r) => r.helped_code);
    const covered = nodes.filter((n: { code: string }) => helped.some((h) => n.code.startsWith(h)));
    expect(covered.every((n: { eastWestPairings: unknown[] }) => n.eastWestPairings.length > 0)).toBe(true);
    expect(nodes.filter((n: { eastWestPairings: unknown[] }) => n.eastWestPairings.length > 0)).toHaveLength(covered.length);
  });

  it('loads every flow of many pairings with one statement per kind of flow', async () => {
    const q = `query($c: ID!) { region(code: $c) { eastWestPairings(includeDescendants: true) { id
      meetings { id } fiscalAid { amount } industrialProjects { id } labourCooperation { id } talentExchanges { id } producePurchases { id } } } }`;
    const one = await countStatements(db.database, () => hub.query(q, { c: '5206' }));
    const many = await countStatements(db.database, () => hub.query(q, { c: '52' }));
    expect(many.result.errors).toBeUndefined();
    expect(many.result.data!.region.eastWestPairings.length).toBeGreaterThan(one.result.data!.region.eastWestPairings.length);
    expect(many.statements).toBe(one.statements);
  });
});

// ---- suggestions ---------------------------------------------------------------------------

/** The best (pairs, score) by trying every assignment: each western place takes an option or none. */
function bruteForce(west: string[], remaining: Map<string, number>, options: Option<unknown>[]) {
  const byWest = west.map((w) => options.filter((o) => o.west === w && (remaining.get(o.east) ?? 0) > 0));
  const used = new Map<string, number>();
  let best = { pairs: -1, score: -1 };
  const walk = (i: number, pairs: number, score: number) => {
    if (i === west.length) {
      if (pairs > best.pairs || (pairs === best.pairs && score > best.score)) best = { pairs, score };
      return;
    }
    walk(i + 1, pairs, score);
    for (const o of byWest[i]) {
      const u = used.get(o.east) ?? 0;
      if (u >= remaining.get(o.east)!) continue;
      used.set(o.east, u + 1);
      walk(i + 1, pairs + 1, score + o.score);
      used.set(o.east, u);
    }
  };
  walk(0, 0, 0);
  return best;
}

function checkAssignment(west: string[], remaining: Map<string, number>, chosen: Option<unknown>[]) {
  const perEast = new Map<string, number>();
  for (const o of chosen) perEast.set(o.east, (perEast.get(o.east) ?? 0) + 1);
  for (const [e, n] of perEast) expect(n).toBeLessThanOrEqual(remaining.get(e) ?? 0);
  expect(new Set(chosen.map((o) => o.west)).size).toBe(chosen.length);
  for (const o of chosen) expect(west).toContain(o.west);
}

describe('pairing suggestions', () => {
  it('equals the brute-force optimum on 300 random small instances, never exceeding a capacity', () => {
    const rng = new Rng(4242);
    for (let t = 0; t < 300; t++) {
      const west = Array.from({ length: rng.int(1, 6) }, (_, i) => `w${i}`);
      const easts = Array.from({ length: rng.int(1, 4) }, (_, i) => `e${i}`);
      const remaining = new Map(easts.map((e) => [e, rng.int(0, 2)]));
      const options: Option<null>[] = [];
      for (const w of west) for (const e of easts) if (rng.chance(0.6)) options.push({ east: e, west: w, score: rng.int(0, 60), parts: [], via: null });
      const solved = solveAssignment(west, remaining, options);
      const best = bruteForce(west, remaining, options);
      expect({ pairs: solved.chosen.length, score: solved.totalScore }, `instance ${t}`).toEqual(best);
      checkAssignment(west, remaining, solved.chosen);
      expect(solved.unmatched.length + solved.chosen.length).toBe(west.length);
    }
  });

  const SUGGEST = `query($p: ID!, $l: RegionLevel, $y: Int!, $c: Int) { eastWestSuggestions(helpedProvince: $p, level: $l, year: $y, capacity: $c) {
    level year capacity totalScore scoring unmatched { code }
    suggestions { ...S } options { ...S }
    candidates { region { code } existingPartners remainingCapacity } } }
    fragment S on EastWestSuggestion { id helperId helperRegistered helperRegion { code } helped { code name } via { id helper { id } }
      score breakdown { factor points reason } }`;

  type Suggestion = {
    id: string;
    helperId: string;
    helperRegistered: boolean;
    helperRegion: { code: string };
    helped: { code: string };
    score: number;
    breakdown: { factor: string; points: number }[];
  };

  function asOptions(list: Suggestion[]): Option<null>[] {
    return list.map((s) => ({ east: s.helperRegion.code, west: s.helped.code, score: s.score, parts: [], via: null }));
  }

  it('is optimal on a real small instance (宁夏, city-to-prefecture), counting existing partners against capacity', async () => {
    const data = await ok(SUGGEST, { p: '640000', l: 'PREFECTURE', y: 2018, c: 2 });
    const s = data.eastWestSuggestions;
    // 宁夏 is helped by 福建 at province level; 福州 and 厦门 already help 定西 and 临夏.
    const candidates = new Map<string, { existingPartners: number; remainingCapacity: number }>(
      s.candidates.map((c: { region: { code: string }; existingPartners: number; remainingCapacity: number }) => [c.region.code, c]),
    );
    expect([...candidates.keys()].sort()).toEqual(['3501', '3502', '3503', '3504', '3505', '3506', '3507', '3508', '3509']);
    expect(candidates.get('3501')).toEqual(expect.objectContaining({ existingPartners: 1, remainingCapacity: 1 }));
    const west = ['6403', '6404', '6405'];
    const remaining = new Map([...candidates].map(([k, v]) => [k, v.remainingCapacity]));
    const best = bruteForce(west, remaining, asOptions(s.options));
    expect({ pairs: s.suggestions.length, score: s.totalScore }).toEqual(best);
    checkAssignment(west, remaining, asOptions(s.suggestions));
    for (const sug of s.suggestions as Suggestion[]) {
      expect(sug.score).toBe(sug.breakdown.reduce((a, b) => a + b.points, 0));
      expect(sug.breakdown.map((b) => b.factor)).toEqual(['need', 'tie', 'samePrefecture', 'capacity']);
      expect(sug.helperId).toBe(governmentId(sug.helperRegion.code));
    }
  });

  it('never proposes a county already paired, and counts an eastern county’s partners against its capacity', async () => {
    // 昆山 (a county of 苏州, which helps 铜仁) takes 石阡县 in 2018.
    const kunshan = await ok(CREATE, { i: { helperId: 'gov-320583', helpedCode: '520623', round: 2016, since: '2018-02-01' } }, office('32'));
    expect(kunshan.createEastWestPairing.helpedRule).toBe('WESTERN');
    const data = await ok(SUGGEST, { p: '52', y: 2018, c: 2 });
    const s = data.eastWestSuggestions;
    const proposed = (s.options as Suggestion[]).map((o) => o.helped.code);
    expect(proposed).not.toContain('520623');
    expect(proposed).not.toContain('520621'); // paired to 苏州 in the summary fixture
    const kunshanCandidate = s.candidates.find((c: { region: { code: string } }) => c.region.code === '320583');
    expect(kunshanCandidate).toEqual({ region: { code: '320583' }, existingPartners: 1, remainingCapacity: 1 });
    const remaining = new Map<string, number>(
      s.candidates.map((c: { region: { code: string }; remainingCapacity: number }) => [c.region.code, c.remainingCapacity]),
    );
    const west = [...new Set((s.options as Suggestion[]).map((o) => o.helped.code))];
    checkAssignment(west, remaining, asOptions(s.suggestions));
    // Every poverty county of 贵州 inside a paired prefecture, not yet paired, gets a partner (capacity is ample).
    expect(s.unmatched).toEqual([]);
    expect(s.suggestions.length).toBe(west.length);
    expect(s.totalScore).toBe((s.suggestions as Suggestion[]).reduce((a, b) => a + b.score, 0));
    // Only eastern counties inside the helpers of the prefecture are proposed for it (遵义 → 上海).
    for (const sug of s.suggestions as Suggestion[]) if (sug.helped.code.startsWith('5203')) expect(sug.helperRegion.code.startsWith('31')).toBe(true);
  });

  it('accepts a suggestion as a validated, audited pairing; then the county is no longer proposed', async () => {
    const data = await ok(SUGGEST, { p: '52', y: 2018, c: 2 });
    const option = (data.eastWestSuggestions.options as Suggestion[]).find((o) => o.helperRegion.code === '320583')!;
    expect(option.helperRegistered).toBe(true);
    const ACCEPT = `mutation($i: AcceptEastWestSuggestionInput!) { acceptEastWestSuggestion(input: $i) { ${PAIRING_FIELDS} } }`;
    await expectRefused(ACCEPT, { i: { suggestionId: option.id } }, undefined, 'FORBIDDEN', 'east-west-office');
    await expectRefused(ACCEPT, { i: { suggestionId: option.id } }, office('61'), 'FORBIDDEN', 'either-side');
    await expectRefused(ACCEPT, { i: { suggestionId: 'ews-nonsense' } }, ADMIN, 'BAD_USER_INPUT', 'suggestion-id');
    const unregistered = (data.eastWestSuggestions.options as Suggestion[]).find((o) => !o.helperRegistered)!;
    await expectRefused(ACCEPT, { i: { suggestionId: unregistered.id } }, ADMIN, 'BAD_USER_INPUT', 'helper-registered');
    const accepted = await ok(ACCEPT, { i: { suggestionId: option.id } }, office('52'));
    expect(accepted.acceptEastWestSuggestion).toMatchObject({
      helper: { id: 'gov-320583' },
      helped: { code: option.helped.code },
      helperLevel: 'COUNTY',
      helpedLevel: 'COUNTY',
      since: '2018-01-01',
      until: '2020-12-31',
      round: 2016,
      arrangement: '携手奔小康',
      source: 'suggestion',
    });
    await expectRefused(ACCEPT, { i: { suggestionId: option.id } }, ADMIN, 'BAD_USER_INPUT', 'already-paired');
    const after = await ok(SUGGEST, { p: '52', y: 2018, c: 2 });
    const s = after.eastWestSuggestions;
    expect((s.options as Suggestion[]).map((o) => o.helped.code)).not.toContain(option.helped.code);
    expect((s.options as Suggestion[]).some((o) => o.helperRegion.code === '320583')).toBe(false);
    const audit = rowsOf<{ after: { suggestion: { id: string; score: number } } }>(
      await db.database.db.execute(`select after from eastwest.audit_log where action = 'acceptEastWestSuggestion' and outcome = 'applied'` as never),
    );
    expect(audit.map((a) => a.after.suggestion)).toEqual([expect.objectContaining({ id: option.id, score: option.score })]);
  });

  it('refuses bad arguments', async () => {
    for (const [vars, field] of [
      [{ p: '31', y: 2018 }, 'helpedProvince'],
      [{ p: '5201', y: 2018 }, 'helpedProvince'],
      [{ p: '52', y: 2018, l: 'TOWNSHIP' }, 'level'],
      [{ p: '52', y: 2018, c: 0 }, 'capacity'],
      [{ p: '52', y: 1900 }, 'year'],
    ] as [Record<string, unknown>, string][]) {
      const res = await hub.query(SUGGEST, vars);
      expect(res.errors?.[0].extensions?.code, JSON.stringify(vars)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions?.field).toBe(field);
    }
  });
});

describe('codes as people write them: a former code is recorded as the place it names now', () => {
  // 黔西县 520522 became 黔西市 520581 in 2021; 水城县 520221 was split in 2020 (钟山区, 水城区).
  const pairing = (since: string, until: string) => ({ i: { helperId: 'gov-4401', helpedCode: '520522', round: 2016, since, until } });
  const stored = async (id: string) =>
    rowsOf<{ helped_code: string }>(await db.database.db.execute(sql`select helped_code from eastwest.pairings where id = ${id}`))[0]?.helped_code;

  for (const topology of ['embedded', 'distributed'] as const) {
    it(`creates a pairing for 黔西县 520522 on 黔西市 520581 and refuses the split 水城县 520221 (${topology})`, async () => {
      const on = topology === 'embedded' ? hub : await startHub({ database: db.database, topology });
      try {
        const year = topology === 'embedded' ? '2018' : '2019';
        const created = await on.query(CREATE, pairing(`${year}-01-01`, `${year}-12-31`), ADMIN);
        expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
        expect(created.data!.createEastWestPairing).toMatchObject({ helped: { code: '520581', name: '黔西市' }, helpedLevel: 'COUNTY', helpedRule: 'WESTERN' });
        expect(await stored(created.data!.createEastWestPairing.id)).toBe('520581');

        const before = await snapshotSchema(db.database, 'eastwest');
        const split = await on.query(CREATE, { i: { helperId: 'gov-4401', helpedCode: '520221', round: 2016, since: '2020-01-01' } }, ADMIN);
        expect(split.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.helpedCode', rule: 'split-code' });
        expect(split.errors?.[0].message).toMatch(/520201 钟山区.*520204 水城区/);
        expect(await snapshotSchema(db.database, 'eastwest')).toEqual(before);
      } finally {
        if (on !== hub) await on.stop();
      }
    }, 60_000);
  }
});

describe('distributed topology', () => {
  it('answers reads and validates writes with registry lookups over signed HTTP', async () => {
    const distributed = await startHub({ database: db.database, topology: 'distributed' });
    try {
      const read = await distributed.query(`{ region(code: "31") { eastWestPairings(role: HELPER) { helped { name } helper { name } } } }`);
      expect(read.errors).toBeUndefined();
      const names = read.data!.region.eastWestPairings.map((p: { helped: { name: string } }) => p.helped.name);
      expect(names).toEqual(expect.arrayContaining(['云南省', '遵义市']));
      const wrong = await distributed.query(CREATE, { i: { helperId: 'gov-5201', helpedCode: '530627', round: 2016, since: '2018-01-01' } }, ADMIN);
      expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'helper-east' });
      const created = await distributed.query(CREATE, { i: { helperId: 'gov-31', helpedCode: '530627', round: 2016, since: '2018-01-01' } }, office('53'));
      expect(created.errors).toBeUndefined();
      expect(created.data!.createEastWestPairing).toMatchObject({ helperLevel: 'PROVINCE', helped: { code: '530627' } });
      const unsigned = await distributed.post(distributed.subgraphUrls.eastwest, { query: '{ eastWestPairing(id: "x") { id } }' });
      expect(unsigned.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await distributed.stop();
    }
  }, 60_000);
});

// ---- real and demo -------------------------------------------------------------------------

const SUMMARY_PARTS = `query($code: ID!, $year: Int, $d: Boolean) { region(code: $code) { eastWestSummary(year: $year, includeDemo: $d) {
  ...S demo { ...S demo { year } } } } }
  fragment S on EastWestSummary { year region { code } asHelper { ...T } asHelped { ...T } }
  fragment T on EastWestTotals { pairings helpers meetings fiscalAidPledged fiscalAidCommitted fiscalAidDisbursed
    industrialProjects industrialInvestment jobsForPoor workersPlaced poorWorkersPlaced
    talentEastToWest { persons personDays } talentWestToEast { persons personDays } producePurchases }`;

const SUGGEST_PARTS = `query($p: ID!, $y: Int!, $c: Int, $d: Boolean) { eastWestSuggestions(helpedProvince: $p, year: $y, capacity: $c, includeDemo: $d) {
  totalScore unmatched { code } candidates { region { code } existingPartners demoPartners remainingCapacity }
  suggestions { id } options { id helperRegion { code } helped { code } score demoPoints breakdown { factor points demoPoints } } } }`;

/** Every figure of two totals added: counts added, money exactly. */
function addTotals(a: Record<string, any>, b: Record<string, any>): Record<string, any> {
  return Object.fromEntries(
    Object.entries(a).map(([k, v]) => [k, typeof v === 'string' ? sumMoney([v, b[k]]) : typeof v === 'number' ? v + b[k] : addTotals(v, b[k])]),
  );
}

type SuggestionPart = {
  id: string;
  helperRegion: { code: string };
  helped: { code: string };
  score: number;
  demoPoints: number;
  breakdown: { factor: string; points: number; demoPoints: number }[];
};

describe('real and demo with reference data only', () => {
  it('gives the summary a demo part of zero, null inside it and with includeDemo: false', async () => {
    for (const [code, year] of [
      ['52', 2018],
      ['52', null],
      ['32', 2018],
      ['3205', null],
    ] as const) {
      const whole = (await ok(SUMMARY_PARTS, { code, year })).region.eastWestSummary;
      expect(whole.asHelper.pairings + whole.asHelped.pairings, code).toBeGreaterThan(0);
      const zero = { pairings: 0, helpers: 0, ...ZERO };
      expect(whole.demo).toEqual({ year, region: { code }, asHelper: zero, asHelped: zero, demo: null });
      const real = (await ok(SUMMARY_PARTS, { code, year, d: false })).region.eastWestSummary;
      expect(real).toEqual({ ...whole, demo: null });
    }
  });

  it('rests no point of a suggestion on demo records, and suggests the same from real records only', async () => {
    const whole = (await ok(SUGGEST_PARTS, { p: '52', y: 2018, c: 3 })).eastWestSuggestions;
    expect(whole.options.length).toBeGreaterThan(10);
    expect(whole.options.every((o: SuggestionPart) => o.demoPoints === 0 && o.breakdown.every((b) => b.demoPoints === 0))).toBe(true);
    expect(whole.candidates.every((c: { demoPartners: number }) => c.demoPartners === 0)).toBe(true);
    const real = (await ok(SUGGEST_PARTS, { p: '52', y: 2018, c: 3, d: false })).eastWestSuggestions;
    const realId = (id: string) => id.replace(/^(ews-\d{4}-\w+-\d+-)/, '$1real-');
    expect(real).toEqual({
      ...whole,
      suggestions: whole.suggestions.map((s: { id: string }) => ({ id: realId(s.id) })),
      options: whole.options.map((o: SuggestionPart) => ({ ...o, id: realId(o.id) })),
    });
  });

  it('answers the same lists with includeDemo: false when no record is generated', async () => {
    const q = `query($d: Boolean) { region(code: "52") { eastWestPairings(includeDescendants: true, includeDemo: $d) { id } }
      helper: region(code: "32") { eastWestPairings(role: HELPER, includeDescendants: true, includeDemo: $d) { id } }
      organization(id: "gov-3205") { eastWestPairings(includeDemo: $d) { id } }
      eastWestPairing(id: "${summaryPairing}", includeDemo: $d) { id } }`;
    const all = await ok(q, {});
    expect(all.region.eastWestPairings.length).toBeGreaterThan(8);
    expect(all.organization.eastWestPairings.length).toBe(2);
    expect(await ok(q, { d: false })).toEqual(all);
  });

  it('costs one statement more for a demo part, none for includeDemo: false', async () => {
    const count = async (query: string, vars: Record<string, unknown>) => (await countStatements(db.database, () => hub.query(query, vars))).statements;
    const summary = `query($d: Boolean) { region(code: "52") { eastWestSummary(year: 2018, includeDemo: $d) { asHelped { pairings fiscalAidDisbursed } } } }`;
    const base = await count(summary, {});
    expect(await count(summary, { d: false })).toBe(base);
    expect(
      await count(
        `{ region(code: "52") { eastWestSummary(year: 2018) { asHelped { pairings fiscalAidDisbursed } demo { asHelped { pairings fiscalAidDisbursed } } } } }`,
        {},
      ),
    ).toBe(base + 1);
    const suggest = `query($d: Boolean) { eastWestSuggestions(helpedProvince: "52", year: 2018, includeDemo: $d) { totalScore options { demoPoints } candidates { demoPartners } } }`;
    const suggestBase = await count(suggest, {});
    expect(await count(suggest, { d: false })).toBe(suggestBase);
  });
});

// ---- demo data (last: it adds the demo set to this database) --------------------------------

describe('demo data', () => {
  it('builds the same county pairs from the same seed', async () => {
    const registry = createRegistrySeedApi(db.database);
    const counties = await registry.regions('COUNTY');
    const reference = csv(REFERENCE_DIR, PAIRS_FILE).map((r) => ({ helperCode: r.helper_code, helpedCode: r.helped_code }));
    const a = demoCountyPairs(reference, counties, new Rng(7), DEMO_SIZE);
    const b = demoCountyPairs(reference, counties, new Rng(7), DEMO_SIZE);
    expect(a).toEqual(b);
    expect(new Set(a.map((p) => p.west)).size).toBe(DEMO_SIZE.westernCounties);
    expect(new Set(a.map((p) => p.east)).size).toBe(DEMO_SIZE.easternCounties);
    // Each eastern county lies inside a helper of a listed region containing its partner.
    for (const p of a) expect(reference.some((r) => p.east.startsWith(r.helperCode) && p.west.startsWith(r.helpedCode))).toBe(true);
    // Every national poverty county inside a helped region (other than 昭通's, whose helpers 东莞 and 中山 have no counties, so 上海 takes them) is paired.
    const poor = counties.filter((c) => c.povertyExitYear !== null && reference.some((r) => c.code.startsWith(r.helpedCode)));
    expect(poor.every((c) => a.some((p) => p.west === c.code))).toBe(true);
  });

  const generated: OrganizationInput[] = [];

  it('loads 343 eastern counties with 573 western counties and their flows (2017–2020) in seconds', async () => {
    const logs: string[] = [];
    const started = performance.now();
    const registry = createRegistrySeedApi(db.database);
    await runDemoSteps(eastwestSubgraph, {
      database: db.database,
      registry: {
        ...registry,
        upsertOrganizations: async (orgs) => {
          generated.push(...orgs);
          await registry.upsertOrganizations(orgs);
        },
      },
      rng: new Rng(DEFAULT_SEED).fork('eastwest'),
      referenceDir: REFERENCE_DIR,
      divisionsWithin: FIXTURE_WITHIN,
      scale: 'demo',
      log: (m) => logs.push(m),
      progress: () => {},
    });
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(20_000);
    const stats = rowsOf<{ pairs: number; east: number; west: number; first: string; last: string }>(
      await db.database.db.execute(
        `select count(*)::int as pairs, count(distinct helper_id)::int as east, count(distinct helped_code)::int as west,
        min(since)::text as first, max(until)::text as last from eastwest.pairings where demo` as never,
      ),
    )[0];
    expect(stats).toEqual({ pairs: 573, east: 343, west: 573, first: expect.stringMatching(/^2017-/), last: '2020-12-31' });
    const years = rowsOf<{ year: number }>(await db.database.db.execute(`select distinct year from eastwest.fiscal_aid where demo order by year` as never));
    // The county pairs start from 2017; the real 2016 pairs carry no generated flow.
    expect(years.map((y) => y.year)).toEqual([2017, 2018, 2019, 2020]);
    const orgs = await ok(
      `{ organizations(filter: {demo: true, kind: LOCAL_GOVERNMENT}, first: 1000) { totalCount edges { node { id source homeRegion { zone level } } } } }`,
    );
    // Every demo helper is a generated government of its own, never a real one (昆山, registered by this file, included).
    const helpers = rowsOf<{ id: string }>(await db.database.db.execute(`select distinct helper_id as id from eastwest.pairings where demo` as never));
    expect(orgs.organizations.totalCount).toBe(helpers.length);
    expect(helpers.some((h) => h.id.startsWith('gov-'))).toBe(false);
    expect(
      orgs.organizations.edges.every(
        (e: { node: { source: string; homeRegion: { zone: string; level: string } } }) =>
          e.node.source === 'demo' && e.node.homeRegion.zone === 'EAST' && e.node.homeRegion.level === 'COUNTY',
      ),
    ).toBe(true);
    expect(logs.join('\n')).toMatch(/343 eastern county governments paired with 573 western counties/);
    // The national picture stays constant in statements with the demo set loaded.
    const q = `query($f: RegionFilter, $n: Int) { regions(filter: $f, first: $n) { edges { node { eastWestPairings(includeAncestors: true, year: 2019) { helper { name } } } } } }`;
    const small = await countSteadyStatements(db.database, () => hub.query(q, { f: { povertyCounty: true, within: '52' }, n: 10 }));
    const large = await countSteadyStatements(db.database, () => hub.query(q, { f: { povertyCounty: true }, n: 1000 }));
    expect(large.statements).toBe(small.statements);
    const summary = await ok(SUMMARY, { code: '52', year: 2019 });
    expect(summary.region.eastWestSummary.asHelped.pairings).toBeGreaterThan(60);
    expect(summary.region.eastWestSummary.asHelped.fiscalAidDisbursed).not.toBe('0.00');
  }, 60_000);

  it('names every generated government with the demo mark and an invented name, never a real organisation’s', async () => {
    expect(generated).toHaveLength(343);
    for (const o of generated) {
      expect(o.demo, o.name).toBe(true);
      expect(o.demo, o.name).toBe(isDemoName(o.name));
      expect(o.aliases ?? [], o.name).toEqual([]);
    }
    expect(new Set(generated.map((o) => o.name)).size).toBe(generated.length);
    const realNames = new Set([
      ...referenceOrganizations(REFERENCE_DIR).flatMap((o) => [o.name, ...(o.aliases ?? [])]),
      ...rowsOf<{ name: string }>(await db.database.db.execute(`select name from registry.organizations where not demo` as never)).map((o) => o.name),
    ]);
    expect(realNames.has('昆山市人民政府')).toBe(true);
    for (const o of generated) expect(realNames.has(o.name.slice(DEMO_NAME_PREFIX.length)), o.name).toBe(false);
    const stored = rowsOf<{ name: string; demo: boolean }>(
      await db.database.db.execute(
        `select o.name, o.demo from registry.organizations o where o.id in (select helper_id from eastwest.pairings where demo)` as never,
      ),
    );
    expect(stored.length).toBe(343);
    expect(stored.every((o) => o.demo && isDemoName(o.name))).toBe(true);
  });

  it('puts no generated flow on a real pair: demo flows only on demo pairings of demo helpers', async () => {
    const tables = ['meetings', 'fiscal_aid', 'industrial_projects', 'labour_cooperation', 'talent_exchanges', 'produce_purchases'];
    const mixed = rowsOf<{ n: number }>(
      await db.database.db.execute(
        `select count(*)::int as n from eastwest.pairings p join registry.organizations o on o.id = p.helper_id where p.demo <> o.demo
        ${tables.map((t) => `union all select count(*)::int from eastwest.${t} f join eastwest.pairings p on p.id = f.pairing_id where f.demo <> p.demo`).join('\n')}` as never,
      ),
    );
    expect(mixed.map((r) => r.n)).toEqual(Array(1 + tables.length).fill(0));
    const onReference = rowsOf<{ n: number }>(
      await db.database.db.execute(
        `${tables.map((t) => `select count(*)::int as n from eastwest.${t} f join eastwest.pairings p on p.id = f.pairing_id where p.source = '${PAIRS_FILE}'`).join(' union all ')}` as never,
      ),
    );
    expect(onReference.map((r) => r.n)).toEqual(Array(tables.length).fill(0));
    const realHelpers = rowsOf<{ n: number }>(
      await db.database.db.execute(`select count(*)::int as n from eastwest.pairings where demo and helper_id like 'gov-%'` as never),
    );
    expect(realHelpers[0].n).toBe(0);
  });

  it('marks what is written for a demo government or through a demo pairing as demo', async () => {
    const [pair] = rowsOf<{ id: string; helper: string }>(
      await db.database.db.execute(`select id, helper_id as helper from eastwest.pairings where demo and since <= '2018-01-01' order by id limit 1` as never),
    );
    const flow = await ok(
      `mutation($i: EastWestProduceInput!) { recordEastWestProducePurchase(input: $i) { demo pairing { demo } } }`,
      {
        i: { pairingId: pair.id, year: 2018, product: '测试产品', amount: '1.00' },
      },
      ADMIN,
    );
    expect(flow.recordEastWestProducePurchase).toEqual({ demo: true, pairing: { demo: true } });
    const created = await ok(CREATE, { i: { helperId: pair.helper, helpedCode: '520102', round: 2016, since: '2018-06-01' } }, ADMIN);
    expect(created.createEastWestPairing).toMatchObject({ demo: true, source: 'api', helper: { id: pair.helper } });
    expect(isDemoName(created.createEastWestPairing.helper.name)).toBe(true);
  });

  it('adds up the summary: the whole is the real figures plus the demo part, figure by figure', async () => {
    for (const [code, year] of [
      ['52', 2018],
      ['52', null],
      ['5206', 2019],
      ['32', 2018],
      ['3205', null],
    ] as const) {
      const whole = (await ok(SUMMARY_PARTS, { code, year })).region.eastWestSummary;
      const real = (await ok(SUMMARY_PARTS, { code, year, d: false })).region.eastWestSummary;
      expect(real.demo).toBeNull();
      for (const side of ['asHelper', 'asHelped'] as const) {
        expect(whole[side], `${code} ${year} ${side}`).toEqual(addTotals(real[side], whole.demo[side]));
      }
      expect(whole.demo.demo).toBeNull();
    }
    // One batch mixing every record, real ones and a demo part gives each its own figures.
    const T = `pairings helpers fiscalAidDisbursed producePurchases`;
    const mixed = await countStatements(db.database, () =>
      hub.query(`{ region(code: "52") { all: eastWestSummary(year: 2018) { asHelped { ${T} } demo { asHelped { ${T} } } }
        real: eastWestSummary(year: 2018, includeDemo: false) { asHelped { ${T} } } } }`),
    );
    expect(mixed.result.errors).toBeUndefined();
    // The whole and the real figures in one statement, filtered per key; the demo part in one more.
    expect(
      mixed.log.filter((q) => q.includes('"eastwest"')),
      mixed.log.join('\n'),
    ).toHaveLength(2);
    const parts = (await ok(SUMMARY_PARTS, { code: '52', year: 2018 })).region.eastWestSummary;
    const realParts = (await ok(SUMMARY_PARTS, { code: '52', year: 2018, d: false })).region.eastWestSummary;
    const pick = ({ pairings, helpers, fiscalAidDisbursed, producePurchases }: Record<string, unknown>) => ({
      pairings,
      helpers,
      fiscalAidDisbursed,
      producePurchases,
    });
    expect(mixed.result.data!.region).toEqual({
      all: { asHelped: pick(parts.asHelped), demo: { asHelped: pick(parts.demo.asHelped) } },
      real: { asHelped: pick(realParts.asHelped) },
    });
    // 江苏's counties help as demo governments, and 贵州's counties are helped by them.
    const guizhou = (await ok(SUMMARY_PARTS, { code: '52', year: 2018 })).region.eastWestSummary;
    expect(guizhou.demo.asHelped.pairings).toBeGreaterThan(0);
    expect(guizhou.demo.asHelped.fiscalAidDisbursed).not.toBe('0.00');
    // includeDemo: false is exactly the real pairs of the database and their flows.
    const db52 = rowsOf<{ pairings: number; helpers: number; disbursed: string; meetings: number }>(
      await db.database.db.execute(
        `select count(*)::int as pairings, count(distinct helper_id)::int as helpers,
        (select coalesce(sum(amount), 0)::text from eastwest.fiscal_aid f join eastwest.pairings q on q.id = f.pairing_id
          where q.helped_code like '52%' and not q.demo and f.stage = 'DISBURSED' and f.year = 2018) as disbursed,
        (select count(*)::int from eastwest.meetings m join eastwest.pairings q on q.id = m.pairing_id where q.helped_code like '52%' and not q.demo and m.year = 2018) as meetings
        from eastwest.pairings where helped_code like '52%' and not demo and since <= '2018-12-31' and (until is null or until >= '2018-01-01')` as never,
      ),
    )[0];
    const real = (await ok(SUMMARY_PARTS, { code: '52', year: 2018, d: false })).region.eastWestSummary.asHelped;
    expect({ pairings: real.pairings, helpers: real.helpers, disbursed: real.fiscalAidDisbursed, meetings: real.meetings }).toEqual({
      ...db52,
      disbursed: sumMoney([db52.disbursed]),
    });
  });

  it('answers real pairings only with includeDemo: false, exactly the rows of the database', async () => {
    const q = `query($d: Boolean) { helped: region(code: "52") { eastWestPairings(includeDescendants: true, includeDemo: $d) { id demo } }
      helper: region(code: "32") { eastWestPairings(role: HELPER, includeDescendants: true, year: 2018, includeDemo: $d) { id } } }`;
    const ids = (list: { id: string }[]) => list.map((p) => p.id).sort();
    const dbIds = async (where: string) =>
      rowsOf<{ id: string }>(await db.database.db.execute(`select id from eastwest.pairings where ${where} order by id` as never))
        .map((r) => r.id)
        .sort();
    const real = await ok(q, { d: false });
    const all = await ok(q, {});
    expect(ids(real.helped.eastWestPairings)).toEqual(await dbIds(`helped_code like '52%' and not demo`));
    expect(ids(all.helped.eastWestPairings)).toEqual(await dbIds(`helped_code like '52%'`));
    expect(all.helped.eastWestPairings.some((p: { demo: boolean }) => p.demo)).toBe(true);
    expect(ids(real.helper.eastWestPairings)).toEqual(
      await dbIds(`helper_code like '32%' and not demo and since <= '2018-12-31' and (until is null or until >= '2018-01-01')`),
    );
    const [demoPair] = rowsOf<{ id: string; helper: string }>(
      await db.database.db.execute(`select id, helper_id as helper from eastwest.pairings where demo order by id limit 1` as never),
    );
    const one = `query($id: ID!, $p: ID!, $d: Boolean) { organization(id: $id) { eastWestPairings(includeDemo: $d) { id } } eastWestPairing(id: $p, includeDemo: $d) { id } }`;
    expect(await ok(one, { id: demoPair.helper, p: demoPair.id, d: false })).toEqual({ organization: { eastWestPairings: [] }, eastWestPairing: null });
    const withDemo = await ok(one, { id: demoPair.helper, p: demoPair.id });
    expect(withDemo.eastWestPairing).toEqual({ id: demoPair.id });
    expect(ids(withDemo.organization.eastWestPairings)).toEqual(await dbIds(`helper_id = '${demoPair.helper}'`));
  });

  it('says how much of each suggestion rests on demo pairings, and suggests from real pairings only with includeDemo: false', async () => {
    // 2017: every poverty county of 贵州 has a demo partner by 2019, some not yet in 2017.
    const whole = (await ok(SUGGEST_PARTS, { p: '52', y: 2017, c: 3 })).eastWestSuggestions;
    const real = (await ok(SUGGEST_PARTS, { p: '52', y: 2017, c: 3, d: false })).eastWestSuggestions;
    // Demo county pairs take western counties and eastern capacity: the real-only problem sees neither.
    const demoPaired = rowsOf<{ code: string }>(
      await db.database.db.execute(
        `select distinct helped_code as code from eastwest.pairings where demo and helped_code like '52%'
        and since <= '2017-12-31' and (until is null or until >= '2017-01-01')` as never,
      ),
    ).map((r) => r.code);
    expect(demoPaired.length).toBeGreaterThan(10);
    const westOf = (list: SuggestionPart[]) => new Set(list.map((o) => o.helped.code));
    expect(demoPaired.some((c) => westOf(real.options).has(c))).toBe(true);
    expect(demoPaired.some((c) => westOf(whole.options).has(c))).toBe(false);
    const partners = rowsOf<{ code: string; n: number }>(
      await db.database.db.execute(
        `select helper_code as code, count(*)::int as n from eastwest.pairings where demo and helper_level = 'COUNTY'
        and since <= '2017-12-31' and (until is null or until >= '2017-01-01') group by 1` as never,
      ),
    );
    const demoPartners = new Map(partners.map((p) => [p.code, p.n]));
    expect(whole.candidates.some((c: { demoPartners: number }) => c.demoPartners > 0)).toBe(true);
    for (const c of whole.candidates) expect(c.demoPartners, c.region.code).toBe(demoPartners.get(c.region.code) ?? 0);
    expect(real.candidates.every((c: { demoPartners: number }) => c.demoPartners === 0)).toBe(true);

    // demoPoints: the score minus the same option's score over real pairings alone, part by part.
    const realOf = new Map((real.options as SuggestionPart[]).map((o) => [`${o.helperRegion.code}|${o.helped.code}`, o]));
    expect((whole.options as SuggestionPart[]).some((o) => o.demoPoints !== 0)).toBe(true);
    for (const o of whole.options as SuggestionPart[]) {
      const r = realOf.get(`${o.helperRegion.code}|${o.helped.code}`);
      expect(o.demoPoints).toBe(o.score - (r?.score ?? 0));
      expect(o.demoPoints).toBe(o.breakdown.reduce((a, b) => a + b.demoPoints, 0));
      for (const b of o.breakdown) expect(b.demoPoints).toBe(b.points - (r?.breakdown.find((x) => x.factor === b.factor)?.points ?? 0));
      expect(o.breakdown.find((b) => b.factor === 'need')!.demoPoints).toBe(0);
    }
    expect((real.options as SuggestionPart[]).every((o) => o.demoPoints === 0 && o.id.includes('-real-'))).toBe(true);

    // A real-only suggestion is accepted over real pairings only, as a real pairing.
    const option = (real.options as SuggestionPart[]).find((o) => o.helperRegion.code === '320583' || demoPaired.includes(o.helped.code))!;
    expect(option).toBeDefined();
    const ACCEPT = `mutation($i: AcceptEastWestSuggestionInput!) { acceptEastWestSuggestion(input: $i) { helper { id } helped { code } demo } }`;
    await createRegistrySeedApi(db.database).upsertOrganizations([
      {
        id: governmentId(option.helperRegion.code),
        name: `测试${option.helperRegion.code}人民政府`,
        kind: 'LOCAL_GOVERNMENT',
        homeRegionCode: option.helperRegion.code,
        demo: false,
        source: 'test',
      },
    ]);
    const accepted = await ok(ACCEPT, { i: { suggestionId: option.id } }, ADMIN);
    expect(accepted.acceptEastWestSuggestion).toEqual({
      helper: { id: governmentId(option.helperRegion.code) },
      helped: { code: option.helped.code },
      demo: false,
    });
  });
});
