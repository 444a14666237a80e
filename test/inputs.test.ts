/**
 * Bad input answers BAD_USER_INPUT naming the input, in both topologies and on both drivers:
 * scalars (Money, Date) as literals and variables, the text rule (NUL, unpaired surrogates) on
 * every channel's and the registry's text, and the caps that keep every stored figure inside
 * every sum that reads it. Writes racing each other lose nothing and answer CONFLICT, never an
 * internal error.
 */
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedRemoteDataSource } from '../gateway/datasources.js';
import { sql } from 'drizzle-orm';
import { audited } from '../lib/audit.js';
import { MAX_COUNT } from '../lib/rules.js';
import { fromFen, toFen } from '../lib/money.js';
import { militaryUnitId } from '../lib/org-ids.js';
import { MAX_MONEY } from '../lib/scalars.js';
import { auditLog as eastwestAudit, fiscalAidTable } from '../subgraphs/eastwest/tables.js';
import {
  ADMIN,
  callsTo,
  DRIVER,
  editor,
  rowsOf,
  startFixtureHub,
  startHub,
  tearDown,
  TEST_GATEWAY_SECRET,
  type GraphQLResponse,
  type Hub,
  type TestDatabase,
} from './harness.js';

/** A unit of the fixture (a real unit whose records are entered through the API) and its editor. */
const PAFD = militaryUnitId('永寿县人民武装部');
const UNIT_EDITOR = editor(PAFD, { sub: 'inputs-unit-editor' });
const ENTERPRISE = 'inputs-enterprise';

let db: TestDatabase;
const hubs = {} as Record<'embedded' | 'distributed', Hub>;
/** The fixture's military record (a county hospital of 永寿县, from 2016). */
let militaryRecord: string;

beforeAll(async () => {
  ({ db, hub: hubs.embedded } = await startFixtureHub({
    organizations: [
      { id: PAFD, name: '永寿县人民武装部', kind: 'PEOPLES_ARMED_FORCES_DEPARTMENT', homeRegionCode: '610426', demo: false, source: 'test' },
      { id: ENTERPRISE, name: '咸阳测试农业有限公司', kind: 'PRIVATE_ENTERPRISE', homeRegionCode: '6104', demo: false, source: 'test' },
    ],
  }));
  hubs.distributed = await startHub({ database: db.database, topology: 'distributed' });
  const created = await ok(`mutation($i: CreateMilitaryAssistanceInput!) { createMilitaryAssistance(input: $i) { id } }`, {
    i: { unitId: PAFD, helpedCode: '610426', kind: 'COUNTY_HOSPITAL', since: '2016-01-01', siteName: '永寿县医院' },
  });
  militaryRecord = created.createMilitaryAssistance.id;
}, 300_000);

afterAll(() => tearDown(db, hubs.embedded, hubs.distributed));

/** Operations that must succeed, on either hub, as ADMIN unless said (`ok`: the embedded hub). */
const on = { embedded: callsTo(() => hubs.embedded, { as: ADMIN }), distributed: callsTo(() => hubs.distributed, { as: ADMIN }) };
const { ok } = on.embedded;

/** Rows of a statement run on the test database. */
async function select<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await db.database.db.execute(query));
}

/** The one error of a refused operation. */
function refusal(res: GraphQLResponse) {
  expect(res.errors, JSON.stringify(res.data)).toHaveLength(1);
  return res.errors![0];
}

interface Case {
  /** What is wrong, and where. */
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  field: string;
  rule: string;
}

// Inputs of the right shape whose one bad value is the case's: every refusal below happens
// before a resolver looks anything up, so the ids need not exist.
const PROJECT = { assistanceId: 'mil-a-1', year: 2018, name: '项目', funds: '100.00' };
const FISCAL = { pairingId: 'ew-1', year: 2018, stage: 'PLEDGED', amount: '100.00', purpose: '产业' };
const MEASURES = {
  fundsInvested: '1.00',
  fundsIntroduced: '1.00',
  localCadresTrained: 1,
  techniciansTrained: 1,
  producePurchased: '1.00',
  produceSalesHelped: '1.00',
  projects: 1,
};
const CONTRIBUTION = { helperId: 'org-1', helpedCode: '610426', kind: 'PUBLIC_WELFARE_DONATION', date: '2018-05-01', disbursed: '10.00' };
const AID = { helperId: 'party-1', helpedCode: '610426', form: 'TRAINING', title: '培训', since: '2018-05-01' };

const SCALAR_CASES: Case[] = [
  // designated
  {
    name: 'designated Money variable',
    query: `mutation($i: FileDesignatedMeasuresInput!) { fileDesignatedPlan(input: $i) { id } }`,
    variables: { i: { pairingId: 'dsg-1', year: 2018, measures: { ...MEASURES, producePurchased: '0.001' } } },
    field: 'input.measures.producePurchased',
    rule: 'money',
  },
  {
    name: 'designated Money literal (a float)',
    query: `mutation { fileDesignatedSummary(input: { pairingId: "dsg-1", year: 2018, measures: { fundsInvested: 12.5, fundsIntroduced: "1", localCadresTrained: 1, techniciansTrained: 1, producePurchased: "1", produceSalesHelped: "1", projects: 1 } }) { id } }`,
    field: 'input.measures.fundsInvested',
    rule: 'money',
  },
  {
    name: 'designated Date literal',
    query: `mutation { createDesignatedPairing(input: { helperId: "x", helpedCode: "610426", since: "2020-02-30" }) { id } }`,
    field: 'input.since',
    rule: 'date',
  },
  {
    name: 'designated Date variable',
    query: `mutation($d: Date) { assessDesignatedReport(input: { id: "x", grade: GOOD, assessedOn: $d }) { id } }`,
    variables: { d: '2019-13-01' },
    field: 'input.assessedOn',
    rule: 'date',
  },
  // east-west
  {
    name: 'east-west Money variable',
    query: `mutation($i: EastWestFiscalAidInput!) { recordEastWestFiscalAid(input: $i) { id } }`,
    variables: { i: { ...FISCAL, amount: '0.001' } },
    field: 'input.amount',
    rule: 'money',
  },
  {
    name: 'east-west Money literal',
    query: `mutation { recordEastWestProducePurchase(input: { pairingId: "ew-1", year: 2018, product: "茶", amount: "1,000" }) { id } }`,
    field: 'input.amount',
    rule: 'money',
  },
  {
    name: 'east-west Date variable',
    query: `mutation($u: Date!) { endEastWestPairing(id: "ew-1", until: $u) { id } }`,
    variables: { u: '2020-02-30' },
    field: 'until',
    rule: 'date',
  },
  {
    name: 'east-west Date literal',
    query: `mutation { recordEastWestMeeting(input: { pairingId: "ew-1", date: "18-05-01", place: "贵阳", attendance: COUNTY_LEADERS }) { id } }`,
    field: 'input.date',
    rule: 'date',
  },
  // military
  {
    name: 'military Money variable',
    query: `mutation($i: MilitaryProjectInput!) { recordMilitaryProject(input: $i) { id } }`,
    variables: { i: { ...PROJECT, funds: '0.001' } },
    field: 'input.funds',
    rule: 'money',
  },
  {
    name: 'military Money literal',
    query: `mutation { updateMilitaryProject(id: "mil-p-1", input: { funds: "12.345" }) { id } }`,
    field: 'input.funds',
    rule: 'money',
  },
  { name: 'military Date literal', query: `mutation { endMilitaryAssistance(id: "mil-a-1", until: "2020-02-30") { id } }`, field: 'until', rule: 'date' },
  {
    name: 'military Date variable',
    query: `mutation($i: LeadingGroupMembershipInput!) { recordLeadingGroupMembership(input: $i) { id } }`,
    variables: { i: { unitId: 'u', regionCode: '61', since: '2019-02-29' } },
    field: 'input.since',
    rule: 'date',
  },
  // parties (no Money input)
  {
    name: 'parties Date variable',
    query: `mutation($i: RecordIntellectualAssistanceInput!) { recordIntellectualAssistance(input: $i) { id } }`,
    variables: { i: { ...AID, until: '2018-04-31' } },
    field: 'input.until',
    rule: 'date',
  },
  {
    name: 'parties Date literal',
    query: `mutation { advanceRecommendation(id: "x", input: { status: ADOPTED, on: "2018/05/01" }) { id } }`,
    field: 'input.on',
    rule: 'date',
  },
  // enterprises
  {
    name: 'enterprises Money variable',
    query: `mutation($i: RecordContributionInput!) { recordEnterpriseContribution(input: $i) { id } }`,
    variables: { i: { ...CONTRIBUTION, pledged: 'abc' } },
    field: 'input.pledged',
    rule: 'money',
  },
  {
    name: 'enterprises Money literal',
    query: `mutation { updateEnterpriseContribution(id: "x", input: { verified: "0.001" }) { id } }`,
    field: 'input.verified',
    rule: 'money',
  },
  {
    name: 'enterprises Date variable',
    query: `mutation($i: RecordContributionInput!) { recordEnterpriseContribution(input: $i) { id } }`,
    variables: { i: { ...CONTRIBUTION, date: '2020-02-30' } },
    field: 'input.date',
    rule: 'date',
  },
  { name: 'enterprises Date literal', query: `mutation { endVillageCompact(id: "x", until: "2021-02-29") { id } }`, field: 'until', rule: 'date' },
];

const NUL = 'a\u0000b';
const HALF = 'a\ud800b';

const TEXT_CASES: Case[] = [
  // registry: a mutation, a list item, and a query's filter (PostgreSQL refuses NUL in a parameter too)
  {
    name: 'registry name (NUL)',
    query: `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`,
    variables: { i: { name: NUL, kind: 'LOCAL_GOVERNMENT' } },
    field: 'input.name',
    rule: 'text-characters',
  },
  {
    name: 'registry alias (half a pair)',
    query: `mutation($i: UpdateOrganizationInput!) { updateOrganization(id: "gov-31", input: $i) { id } }`,
    variables: { i: { aliases: ['上海', HALF] } },
    field: 'input.aliases[1]',
    rule: 'text-characters',
  },
  {
    name: 'registry filter (NUL)',
    query: `query($f: OrganizationFilter) { organizations(filter: $f) { totalCount } }`,
    variables: { f: { nameContains: NUL } },
    field: 'filter.nameContains',
    rule: 'text-characters',
  },
  { name: 'registry code (NUL literal)', query: `{ region(code: "61\\u0000") { code } }`, field: 'code', rule: 'text-characters' },
  // designated
  {
    name: 'designated cadre name (NUL)',
    query: `mutation($i: AssignDesignatedCadreInput!) { assignDesignatedCadre(input: $i) { id } }`,
    variables: { i: { pairingId: 'dsg-1', role: 'FIRST_SECRETARY', personName: NUL, identityNumber: '1', postedCode: '610426', since: '2018-01-01' } },
    field: 'input.personName',
    rule: 'text-characters',
  },
  {
    name: 'designated reason (half a pair)',
    query: `mutation($r: String!) { returnDesignatedReport(id: "x", reason: $r) { id } }`,
    variables: { r: HALF },
    field: 'reason',
    rule: 'text-characters',
  },
  // east-west
  {
    name: 'east-west purpose (NUL)',
    query: `mutation($i: EastWestFiscalAidInput!) { recordEastWestFiscalAid(input: $i) { id } }`,
    variables: { i: { ...FISCAL, purpose: NUL } },
    field: 'input.purpose',
    rule: 'text-characters',
  },
  {
    name: 'east-west agreement (half a pair)',
    query: `mutation($i: EastWestMeetingInput!) { recordEastWestMeeting(input: $i) { id } }`,
    variables: { i: { pairingId: 'ew-1', date: '2018-05-01', place: '贵阳', attendance: 'COUNTY_LEADERS', agreements: ['一', '二', HALF] } },
    field: 'input.agreements[2]',
    rule: 'text-characters',
  },
  // military
  {
    name: 'military site name (NUL)',
    query: `mutation($i: CreateMilitaryAssistanceInput!) { createMilitaryAssistance(input: $i) { id } }`,
    variables: { i: { unitId: 'u', helpedCode: '610426', kind: 'SCHOOL', since: '2018-01-01', siteName: NUL } },
    field: 'input.siteName',
    rule: 'text-characters',
  },
  {
    name: 'military project name (half a pair)',
    query: `mutation($i: UpdateMilitaryProjectInput!) { updateMilitaryProject(id: "mil-p-1", input: $i) { id } }`,
    variables: { i: { name: HALF } },
    field: 'input.name',
    rule: 'text-characters',
  },
  { name: 'military id (NUL)', query: `query($id: ID!) { militaryAssistance(id: $id) { id } }`, variables: { id: NUL }, field: 'id', rule: 'text-characters' },
  // parties
  {
    name: 'parties title (NUL)',
    query: `mutation($i: RecordIntellectualAssistanceInput!) { recordIntellectualAssistance(input: $i) { id } }`,
    variables: { i: { ...AID, title: NUL } },
    field: 'input.title',
    rule: 'text-characters',
  },
  {
    name: 'parties content (half a pair)',
    query: `mutation($i: SubmitRecommendationInput!) { submitRecommendation(input: $i) { id } }`,
    variables: { i: { assignmentId: 'x', title: '建议', recipient: '县政府', submittedOn: '2018-05-01', content: `${HALF}\udc00` } },
    field: 'input.content',
    rule: 'text-characters',
  },
  // enterprises
  {
    name: 'enterprises purpose (NUL)',
    query: `mutation($i: RecordContributionInput!) { recordEnterpriseContribution(input: $i) { id } }`,
    variables: { i: { ...CONTRIBUTION, purpose: NUL } },
    field: 'input.purpose',
    rule: 'text-characters',
  },
  {
    name: 'enterprises note (lone low half)',
    query: `mutation($i: CreateVillageCompactInput!) { createVillageCompact(input: $i) { id } }`,
    variables: { i: { helperId: 'org-1', villageCode: '610426100201', since: '2018-01-01', note: '\udc00' } },
    field: 'input.note',
    rule: 'text-characters',
  },
];

describe.each(['embedded', 'distributed'] as const)('%s topology', (topology) => {
  it.each(SCALAR_CASES)('a bad scalar answers BAD_USER_INPUT naming the input: $name', async ({ query, variables, field, rule }) => {
    const error = refusal(await hubs[topology].query(query, variables, ADMIN));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
    expect(error.message.startsWith(`${field}: `), error.message).toBe(true);
  });

  it.each(TEXT_CASES)('text with NUL or half a surrogate pair is refused: $name', async ({ query, variables, field, rule }) => {
    const error = refusal(await hubs[topology].query(query, variables, ADMIN));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
  });
});

describe('distributed topology', () => {
  it("passes on a subgraph's refusal of a request with its own errors and codes, not a bare 400", async () => {
    const source = new SignedRemoteDataSource('military', hubs.distributed.subgraphUrls.military, TEST_GATEWAY_SECRET);
    const answer = await source.process({
      kind: GraphQLDataSourceRequestKind.HEALTH_CHECK,
      request: { query: 'query($y: Int) { militaryReport(year: $y) { year } }', variables: { y: 'abc' } },
      context: { identity: { sub: 'inputs-admin', role: 'ADMIN', orgs: [], regions: [] } },
    });
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors![0].message).toContain('$y');
  });
});

describe('caps: every stored figure fits every sum that reads it', () => {
  const PROJECT_OP = `mutation($i: MilitaryProjectInput!) { recordMilitaryProject(input: $i) { id funds } }`;
  const AID_OP = `mutation($i: RecordIntellectualAssistanceInput!) { recordIntellectualAssistance(input: $i) { id trainees } }`;
  const training = (title: string, trainees: number) => ({
    helperId: 'party-minjin-43',
    helpedCode: '430224',
    form: 'TRAINING',
    title,
    since: '2019-07-01',
    until: '2019-07-03',
    trainees,
    experts: 1,
  });

  it.each(['embedded', 'distributed'] as const)('refuses the amounts and counts that broke public reports (%s)', async (topology) => {
    const hub = hubs[topology];
    // A unit editor's project of 9,999,999,999,999,999.99 yuan made militaryReport fail for everyone.
    const funds = refusal(
      await hub.query(PROJECT_OP, { i: { assistanceId: militaryRecord, year: 2018, name: '巨额项目', funds: '9999999999999999.99' } }, UNIT_EDITOR),
    );
    expect(funds.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.funds', rule: 'range' });
    // Two courses of 2,000,000,000 trainees made partyReports answer [] and partyReport fail.
    const trainees = refusal(await hub.query(AID_OP, { i: training('大型培训', 2_000_000_000) }, ADMIN));
    expect(trainees.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.trainees', rule: 'range' });
  });

  it("caps every channel's counts alike, and every Money input", async () => {
    const over = MAX_COUNT + 1;
    const [pairing] = await select<{ id: string; year: number }>(
      sql`select id, 2018 as year from eastwest.pairings where since <= '2018-01-01' and (until is null or until >= '2018-12-31') order by id limit 1`,
    );
    const [designated] = await select<{ id: string; year: number }>(
      sql`select id, greatest(extract(year from since)::int, 2016) as year from designated.pairings where until is null and arrangement = 'DESIGNATED' order by id limit 1`,
    );
    const cases: [string, Record<string, unknown>, string][] = [
      [PROJECT_OP, { i: { assistanceId: militaryRecord, year: 2018, name: '项目', funds: '1.00', peopleReached: over } }, 'input.peopleReached'],
      [AID_OP, { i: training('培训', over) }, 'input.trainees'],
      [
        `mutation($i: EastWestTalentInput!) { recordEastWestTalentExchange(input: $i) { id } }`,
        { i: { pairingId: pairing.id, year: pairing.year, direction: 'EAST_TO_WEST', kind: 'TEACHER', persons: 1, personDays: over } },
        'input.personDays',
      ],
      [
        `mutation($i: FileDesignatedMeasuresInput!) { fileDesignatedPlan(input: $i) { id } }`,
        { i: { pairingId: designated.id, year: designated.year, measures: { ...MEASURES, techniciansTrained: over } } },
        'input.measures.techniciansTrained',
      ],
      [
        `mutation($i: RecordContributionInput!) { recordEnterpriseContribution(input: $i) { id } }`,
        { i: { ...CONTRIBUTION, helperId: ENTERPRISE, kind: 'EMPLOYMENT', jobs: over } },
        'input.jobs',
      ],
    ];
    for (const [query, variables, field] of cases) {
      const error = refusal(await hubs.embedded.query(query, variables, ADMIN));
      expect(error.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field, rule: 'range' });
    }
    const money = refusal(
      await hubs.embedded.query(
        `mutation($i: EastWestFiscalAidInput!) { recordEastWestFiscalAid(input: $i) { id } }`,
        {
          i: { ...FISCAL, pairingId: pairing.id, amount: fromFen(toFen(MAX_MONEY) + 1n) },
        },
        ADMIN,
      ),
    );
    expect(money.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.amount', rule: 'range' });
  });

  it('answers reports over many records at the caps', async () => {
    // Through the API: a project at both caps, and two courses at the count cap.
    await ok(PROJECT_OP, { i: { assistanceId: militaryRecord, year: 2017, name: '最大项目', funds: MAX_MONEY, peopleReached: MAX_COUNT } }, UNIT_EDITOR);
    for (const title of ['第一期培训', '第二期培训']) await ok(AID_OP, { i: training(title, MAX_COUNT) });
    const party = await ok(`{ partyReport(partyId: "party-minjin", year: 2019) { peopleTrained } partyReports(year: 2019) { party { id } peopleTrained } }`);
    expect(party.partyReport.peopleTrained).toBe(2 * MAX_COUNT);
    expect(party.partyReports.find((r: { party: { id: string } }) => r.party.id === 'party-minjin').peopleTrained).toBe(2 * MAX_COUNT);

    // Stored directly: 10,001 projects of the most one amount may be, more than numeric(18,2)
    // holds in total (a sum cast to it overflowed), each reaching a hundred people.
    const n = 10_001;
    await db.database.db.execute(sql`insert into military.projects
      (assistance_id, year, name, funds, households_reached, people_reached, personnel_sent, officers, soldiers, source)
      select ${militaryRecord}, 2019, '项目' || i, ${MAX_MONEY}::numeric, 0, 100, 0, 0, 0, 'test' from generate_series(1, ${n}) as i`);
    const total = fromFen(toFen(MAX_MONEY) * BigInt(n));
    for (const topology of ['embedded', 'distributed'] as const) {
      const report = await on[topology].ok(`{ militaryReport(year: 2019) { national { totals { projectCount funds peopleReached } } } }`, {});
      expect(report.militaryReport.national.totals).toEqual({ projectCount: n, funds: total, peopleReached: 100 * n });
      const all = await on[topology].ok(
        `{ militaryReport { national { totals { funds peopleReached } } } region(code: "610426") { militarySummary { totals { funds } } } }`,
        {},
      );
      const withCapped = fromFen(toFen(total) + toFen(MAX_MONEY));
      expect(all.militaryReport.national.totals).toEqual({ funds: withCapped, peopleReached: 100 * n + MAX_COUNT });
      expect(all.region.militarySummary.totals.funds).toBe(withCapped);
    }
  });
});

describe('totals past 2^31: every sum of stored counts is a Count', () => {
  /** Records at the count cap whose sum passes Int's 2,147,483,647: 2,200 × 1,000,000 = 2.2 × 10^9. */
  const N = 2_200;
  const TOTAL = N * MAX_COUNT;

  /**
   * One record at the caps through the API, then N − 1 copies of it stored directly (SQL through
   * the test database: a mutation each would take minutes); the public reports are read through
   * the gateway, anonymously, in both topologies, before and after, and must differ by exactly
   * the copies' total.
   */
  it("answers each channel's totals over 2,200 records at the count cap, anonymously, in both topologies", async () => {
    expect(TOTAL).toBeGreaterThan(2 ** 31);
    const [pairing] = await select<{ id: string; helped: string; county: string }>(
      sql`select p.id, p.helped_code as helped,
          (select r.code from registry.regions r where r.level = 'COUNTY' and r.code like p.helped_code || '%' order by r.code limit 1) as county
        from eastwest.pairings p where since <= '2018-01-01' and (until is null or until >= '2018-12-31') order by id limit 1`,
    );
    const REPORTS = `query($ew: ID!) {
      militaryReport(year: 2020) { national { totals { householdsReached peopleReached } } }
      partyReport(partyId: "party-minjin", year: 2020) { peopleTrained experts }
      acficView(year: 2020) { total { jobs trainees peopleReached } }
      region(code: $ew) { eastWestSummary(year: 2018) { asHelped { jobsForPoor } } }
      designatedTotalsByProvince(year: 2019) { province { code } delivered { localCadresTrained techniciansTrained projects } }
      designatedPlanAgainstActual(year: 2019, groupBy: PROVINCE) { province { code } plan { localCadresTrained } actual { techniciansTrained projects } }
    }`;
    const PERSONNEL = `{ militaryReport(year: 2020) { national { totals { personnelSent officers soldiers } } } }`;
    const read = async (topology: 'embedded' | 'distributed'): Promise<Record<string, any>> => ({
      ...(await on[topology].ok(REPORTS, { ew: pairing.helped }, null)),
      personnel: (await on[topology].ok(PERSONNEL, {}, ADMIN)).militaryReport.national.totals,
    });
    const before = await read('embedded');

    const { recordMilitaryProject: project } = await ok(
      `mutation($i: MilitaryProjectInput!) { recordMilitaryProject(input: $i) { id } }`,
      {
        i: {
          assistanceId: militaryRecord,
          year: 2020,
          name: '总数项目',
          funds: '1.00',
          householdsReached: MAX_COUNT,
          peopleReached: MAX_COUNT,
          personnelSent: MAX_COUNT,
          officers: MAX_COUNT,
          soldiers: 0,
        },
      },
      UNIT_EDITOR,
    );
    await db.database.db.execute(sql`insert into military.projects
      (assistance_id, year, name, funds, households_reached, people_reached, personnel_sent, officers, soldiers, source)
      select assistance_id, year, name || i, funds, households_reached, people_reached, personnel_sent, officers, soldiers, source
      from military.projects, generate_series(2, ${N}) as i where id = ${project.id}`);

    const { recordIntellectualAssistance: aid } = await ok(
      `mutation($i: RecordIntellectualAssistanceInput!) { recordIntellectualAssistance(input: $i) { id } }`,
      {
        i: {
          helperId: 'party-minjin-43',
          helpedCode: '430224',
          form: 'TRAINING',
          title: '总数培训',
          since: '2020-03-01',
          until: '2020-03-03',
          trainees: MAX_COUNT,
          experts: MAX_COUNT,
        },
      },
    );
    await db.database.db.execute(sql`insert into parties.assistance
      (id, kind, helper_id, party_id, helped_code, since, until, form, title, experts, trainees, demo, source)
      select id || '-' || i, kind, helper_id, party_id, helped_code, since, until, form, title || i, experts, trainees, demo, source
      from parties.assistance, generate_series(2, ${N}) as i where id = ${aid.id}`);

    const { recordEnterpriseContribution: contribution } = await ok(
      `mutation($i: RecordContributionInput!) { recordEnterpriseContribution(input: $i) { id } }`,
      { i: { ...CONTRIBUTION, helperId: ENTERPRISE, kind: 'EMPLOYMENT', date: '2020-06-01', jobs: MAX_COUNT, trainees: MAX_COUNT, peopleReached: MAX_COUNT } },
    );
    await db.database.db.execute(sql`insert into enterprises.contributions
      (helper_id, helper_kind, group_id, group_kind, helped_code, kind, date, pledged, committed, disbursed, verified, jobs, trainees, people_reached, published, demo)
      select helper_id, helper_kind, group_id, group_kind, helped_code, kind, date, pledged, committed, disbursed, verified, jobs, trainees, people_reached, published, demo
      from enterprises.contributions, generate_series(2, ${N}) where id = ${contribution.id}`);

    const { recordEastWestIndustrialProject: industrial } = await ok(
      `mutation($i: EastWestIndustrialProjectInput!) { recordEastWestIndustrialProject(input: $i) { id } }`,
      {
        i: {
          pairingId: pairing.id,
          year: 2018,
          name: '总数产业项目',
          enterprise: '总数企业',
          countyCode: pairing.county,
          investment: '1.00',
          jobsForPoor: MAX_COUNT,
        },
      },
    );
    await db.database.db.execute(sql`insert into eastwest.industrial_projects
      (pairing_id, year, demo, source, name, enterprise, county_code, investment, jobs_for_poor)
      select pairing_id, year, demo, source, name || i, enterprise, county_code, investment, jobs_for_poor
      from eastwest.industrial_projects, generate_series(2, ${N}) as i where id = ${Number(industrial.id.replace('ew-project-', ''))}`);

    // Designated: one approved report per pairing and year, so N pairings (copies of one) with a
    // report each, every measure at the cap.
    const [designated] = await select<{ id: string; province: string }>(
      sql`select id, left(helped_code, 2) as province from designated.pairings
        where arrangement = 'DESIGNATED' and since <= '2019-01-01' and (until is null or until >= '2019-12-31') order by id limit 1`,
    );
    await db.database.db.execute(sql`insert into designated.pairings
      select (jsonb_populate_record(null::designated.pairings, to_jsonb(p) || jsonb_build_object('id', p.id || '-total-' || i))).*
      from designated.pairings p, generate_series(1, ${N}) as i where p.id = ${designated.id}`);
    const measures = (side: 'plan' | 'summary') =>
      sql.raw(
        ['funds_invested', 'funds_introduced', 'local_cadres_trained', 'technicians_trained', 'produce_purchased', 'produce_sales_helped', 'projects']
          .map((m) => `${side}_${m}`)
          .join(', '),
      );
    const values = sql.raw(`'1.00', '1.00', ${MAX_COUNT}, ${MAX_COUNT}, '1.00', '1.00', ${MAX_COUNT}`);
    await db.database.db.execute(sql`insert into designated.reports (id, pairing_id, year, status, ${measures('plan')}, ${measures('summary')})
      select 'inputs-total-' || i, ${designated.id} || '-total-' || i, 2019, 'APPROVED', ${values}, ${values} from generate_series(1, ${N}) as i`);
    const ofProvince = <T extends { province: { code: string } }>(rows: T[]) => rows.find((r) => r.province.code === designated.province);
    const delivered = (data: typeof before) =>
      ofProvince(data.designatedTotalsByProvince as { province: { code: string }; delivered: Record<string, number> }[])?.delivered;
    const planActual = (data: typeof before) =>
      ofProvince(data.designatedPlanAgainstActual as { province: { code: string }; plan: Record<string, number>; actual: Record<string, number> }[]);
    const plus = (figures: Record<string, number> | undefined, keys: string[]) => Object.fromEntries(keys.map((k) => [k, (figures?.[k] ?? 0) + TOTAL]));

    for (const topology of ['embedded', 'distributed'] as const) {
      const after = await read(topology);
      expect(delivered(after), topology).toEqual(plus(delivered(before), ['localCadresTrained', 'techniciansTrained', 'projects']));
      expect(planActual(after)?.plan).toEqual(plus(planActual(before)?.plan, ['localCadresTrained']));
      expect(planActual(after)?.actual).toEqual(plus(planActual(before)?.actual, ['techniciansTrained', 'projects']));
      expect(after.militaryReport.national.totals, topology).toEqual({
        householdsReached: before.militaryReport.national.totals.householdsReached + TOTAL,
        peopleReached: before.militaryReport.national.totals.peopleReached + TOTAL,
      });
      expect(after.personnel).toEqual({
        personnelSent: before.personnel.personnelSent + TOTAL,
        officers: before.personnel.officers + TOTAL,
        soldiers: before.personnel.soldiers,
      });
      expect(after.partyReport).toEqual({ peopleTrained: before.partyReport.peopleTrained + TOTAL, experts: before.partyReport.experts + TOTAL });
      expect(after.acficView.total).toEqual({
        jobs: before.acficView.total.jobs + TOTAL,
        trainees: before.acficView.total.trainees + TOTAL,
        peopleReached: before.acficView.total.peopleReached + TOTAL,
      });
      expect(after.region.eastWestSummary.asHelped.jobsForPoor).toBe(before.region.eastWestSummary.asHelped.jobsForPoor + TOTAL);
    }
  });
});

describe(`writes at the same time (${DRIVER})`, () => {
  const UPDATE = `mutation($id: ID!, $i: UpdateMilitaryProjectInput!) { updateMilitaryProject(id: $id, input: $i) { id name funds version } }`;

  /** Answers of concurrent operations, by code (`ok` when it succeeded). */
  function codesOf(answers: GraphQLResponse[]): Record<string, number> {
    const codes: Record<string, number> = {};
    for (const a of answers) {
      const code = a.errors ? String(a.errors[0].extensions?.code) : 'ok';
      codes[code] = (codes[code] ?? 0) + 1;
    }
    return codes;
  }

  it('applies 20 concurrent corrections of one project one after the other: each audit entry replaces the one before', async () => {
    const { recordMilitaryProject: project } = await ok(
      `mutation($i: MilitaryProjectInput!) { recordMilitaryProject(input: $i) { id version } }`,
      {
        i: { assistanceId: militaryRecord, year: 2016, name: '原名', funds: '1.00' },
      },
      UNIT_EDITOR,
    );
    expect(project.version).toBe(1);
    const sent = Array.from({ length: 20 }, (_, i) => ({ name: `更正${i}`, funds: `${i + 100}.00` }));
    const answers = await Promise.all(sent.map((i) => hubs.embedded.query(UPDATE, { id: project.id, i }, UNIT_EDITOR)));
    expect(codesOf(answers)).toEqual({ ok: 20 });
    // Each answer is the project as its own correction left it.
    answers.forEach((a, i) => expect(a.data!.updateMilitaryProject).toMatchObject(sent[i]));
    const acknowledged = new Set(sent.map((i) => i.name));

    const entries = await select<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
      sql`select before, after from military.audit_log where action = 'updateMilitaryProject' and entity_id = ${project.id} order by id`,
    );
    expect(entries).toHaveLength(20);
    expect(entries[0].before).toMatchObject({ name: '原名', funds: '1.00', version: 1 });
    entries.forEach((entry, i) => {
      if (i > 0) expect(entry.before, `entry ${i}`).toEqual(entries[i - 1].after);
      expect(entry.after.version).toBe(i + 2);
      const answer = answers[sent.findIndex((x) => x.name === entry.after.name)].data!.updateMilitaryProject;
      expect(answer.version, `${answer.name}`).toBe(i + 2);
    });
    // Every acknowledged correction is in the chain, and the row is the last one applied.
    expect(new Set(entries.map((e) => e.after.name))).toEqual(acknowledged);
    const last = entries[19].after;
    const [row] = await select<{ name: string; funds: string; version: number }>(
      sql`select name, funds::text, version from military.projects where id = ${project.id}`,
    );
    expect(row).toEqual({ name: last.name, funds: last.funds, version: 21 });
    const answered = answers.find((a) => a.data!.updateMilitaryProject.name === last.name)!.data!.updateMilitaryProject;
    expect(answered).toMatchObject({ name: row.name, funds: row.funds, version: 21 });

    // A correction made against the version read before them is refused, and changes nothing.
    const stale = refusal(await hubs.embedded.query(UPDATE, { id: project.id, i: { name: '过时', expectedVersion: 1 } }, UNIT_EDITOR));
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.expectedVersion', rule: 'version' });
    const current = await ok(UPDATE, { id: project.id, i: { name: '最新', expectedVersion: 21 } }, UNIT_EDITOR);
    expect(current.updateMilitaryProject).toMatchObject({ name: '最新', version: 22 });
  });

  interface Twins {
    name: string;
    topology: 'embedded' | 'distributed';
    query: string;
    input: () => Promise<Record<string, unknown>>;
    /** How many such records the database holds. */
    stored: () => Promise<number>;
  }
  const count = async (query: ReturnType<typeof sql>) => (await select<{ n: number }>(query))[0].n;
  const fiscalPairing = async () =>
    (await select<{ id: string }>(sql`select id from eastwest.pairings where since <= '2018-01-01' and until >= '2018-12-31' order by id desc limit 1`))[0].id;
  const TWINS: Twins[] = [
    {
      name: 'organisation (a new key)',
      topology: 'distributed',
      query: `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`,
      input: async () => ({ id: 'inputs-same-org', name: '同时登记的组织', kind: 'SOCIAL_ORGANIZATION', homeRegionCode: '61' }),
      stored: () => count(sql`select count(*)::int as n from registry.organizations where id = 'inputs-same-org'`),
    },
    {
      name: 'fiscal aid (under a pairing)',
      topology: 'embedded',
      query: `mutation($i: EastWestFiscalAidInput!) { recordEastWestFiscalAid(input: $i) { id } }`,
      input: async () => ({ pairingId: await fiscalPairing(), year: 2018, stage: 'COMMITTED', amount: '5000000.00', purpose: '同时录入' }),
      stored: () => count(sql`select count(*)::int as n from eastwest.fiscal_aid where purpose = '同时录入'`),
    },
    {
      name: 'military record (an overlapping period)',
      topology: 'distributed',
      query: `mutation($i: CreateMilitaryAssistanceInput!) { createMilitaryAssistance(input: $i) { id } }`,
      input: async () => ({ unitId: PAFD, helpedCode: '610426', kind: 'INDUSTRY', since: '2017-03-01' }),
      stored: () => count(sql`select count(*)::int as n from military.assistance where helper_id = ${PAFD} and kind = 'INDUSTRY'`),
    },
    {
      name: 'enterprise contribution (same place, kind and day)',
      topology: 'embedded',
      query: `mutation($i: RecordContributionInput!) { recordEnterpriseContribution(input: $i) { id } }`,
      input: async () => ({ ...CONTRIBUTION, helperId: ENTERPRISE, date: '2019-04-04', disbursed: '300.00' }),
      stored: () => count(sql`select count(*)::int as n from enterprises.contributions where helper_id = ${ENTERPRISE} and date = '2019-04-04'`),
    },
    {
      name: 'intellectual aid (same course, overlapping)',
      topology: 'embedded',
      query: `mutation($i: RecordIntellectualAssistanceInput!) { recordIntellectualAssistance(input: $i) { id } }`,
      input: async () => ({ ...AID, helperId: 'party-minjin-43', helpedCode: '430224', title: '同时录入的培训', until: '2018-05-02', trainees: 30 }),
      stored: () => count(sql`select count(*)::int as n from parties.assistance where title = '同时录入的培训'`),
    },
  ];

  it.each(TWINS)('records one of 20 identical writes at once, the others answer the duplicate rule or CONFLICT: $name ($topology)', async (twin) => {
    const input = await twin.input();
    const answers = await Promise.all(Array.from({ length: 20 }, () => hubs[twin.topology].query(twin.query, { i: input }, ADMIN)));
    const codes = codesOf(answers);
    expect(codes.ok, JSON.stringify(answers.find((a) => a.errors)?.errors)).toBe(1);
    expect((codes.CONFLICT ?? 0) + (codes.BAD_USER_INPUT ?? 0), JSON.stringify(codes)).toBe(19);
    for (const a of answers.filter((x) => x.errors)) {
      const { extensions } = a.errors![0];
      if (extensions?.code === 'CONFLICT') {
        expect(extensions).toMatchObject({ field: 'input', rule: 'unique' });
        expect(extensions?.fields.length).toBeGreaterThan(0);
      } else expect(['duplicate', 'unique']).toContain(extensions?.rule);
    }
    expect(await twin.stored()).toBe(1);
  });

  it('answers a unique violation inside any write as CONFLICT naming the key, and rolls the write back', async () => {
    const [pairing] = await select<{ id: string }>(sql`select id from eastwest.pairings order by id limit 1`);
    const row = { pairingId: pairing.id, year: 2017, stage: 'PLEDGED' as const, amount: '1.00', purpose: '重复键', source: 'test' };
    const write = audited(
      db.database.db,
      eastwestAudit,
      { sub: 'inputs-admin', role: 'ADMIN', orgs: [], regions: [] },
      'recordEastWestFiscalAid',
      'EastWestFiscalAid',
      async ({ tx, log }) => {
        await log({ entity: 'EastWestFiscalAid', entityId: null, after: row });
        await tx.insert(fiscalAidTable).values(row);
        await tx.insert(fiscalAidTable).values(row);
      },
    );
    await expect(write).rejects.toMatchObject({
      message: expect.stringContaining('pairingId, year, stage, purpose'),
      extensions: { code: 'CONFLICT', field: 'input', rule: 'unique', fields: ['pairingId', 'year', 'stage', 'purpose'] },
    });
    const [{ n }] = await select<{ n: number }>(sql`select count(*)::int as n from eastwest.fiscal_aid where purpose = '重复键'`);
    expect(n).toBe(0);
  });
});
