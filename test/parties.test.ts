import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NAME_PREFIX, isDemoName } from '../lib/demo.js';
import { PARTY_SLUGS, partyCentralId, partyProvincialId } from '../lib/org-ids.js';
import { Rng } from '../lib/rng.js';
import { composeSupergraph, readCommittedSupergraph } from '../schema/compose.js';
import { createRegistrySeedApi } from '../subgraphs/registry/seed.js';
import { referenceOrganizations } from '../subgraphs/registry/reference.js';
import { provincialCommittees } from '../subgraphs/parties/reference.js';
import { partiesSubgraph } from '../subgraphs/parties/subgraph.js';
import { generateDemo, type DemoInput } from '../subgraphs/parties/seed.js';
import {
  ADMIN,
  ANONYMOUS_CALLER as ANONYMOUS,
  type As,
  callsTo,
  coordinator,
  countStatements,
  countSteadyStatements,
  coreAndWholeList,
  createTestDatabase,
  editor,
  executeOn,
  REFERENCE_DIR,
  rowsOf,
  runDemoSteps,
  startFixtureHub,
  startHub,
  tearDown,
  type Hub,
  type TestDatabase,
} from './harness.js';

let db: TestDatabase;
let hub: Hub;

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub());
}, 120_000);
afterAll(() => tearDown(db, hub));

function csv(dir: string, file: string): Record<string, string>[] {
  return parse(readFileSync(join(dir, file)), { columns: true }) as Record<string, string>[];
}

const SUPERVISION = csv(REFERENCE_DIR, 'democratic-parties-supervision-2016-compiled.csv');
const POVERTY = csv(REFERENCE_DIR, 'poverty-counties-832.csv');

// Identities used throughout.
const MINJIN = editor(partyCentralId('minjin'), { sub: 'minjin-central' });
const MINJIN_HUNAN = editor(partyProvincialId('minjin', '43'), { sub: 'minjin-hunan' });
const MINGE = editor(partyCentralId('minge'), { sub: 'minge-central' });
const MINGE_GUIZHOU = editor(partyProvincialId('minge', '52'), { sub: 'minge-guizhou' });
const MINMENG = editor(partyCentralId('minmeng'), { sub: 'minmeng-central' });
const HUNAN = coordinator('43', { office: 'POVERTY', sub: 'hunan-office' });
const XIANGXI = coordinator('4331', { sub: 'xiangxi-office' });
const GUIZHOU = coordinator('52', { sub: 'guizhou-office' });

const MINJIN_SUP = 'parties-sup-minjin-43';
const MINGE_SUP = 'parties-sup-minge-52';

const REGION_PARTY = `query($code: ID!, $year: Int, $anc: Boolean, $desc: Boolean) { region(code: $code) {
  code partyAssistance(year: $year, includeAncestors: $anc, includeDescendants: $desc) {
    __typename id channel since until helper { id name kind } helped { code name }
    ... on SupervisionAssignment { untilPlanned evidenceUrl arrangement }
    ... on OwnAidCounty { sinceDocumented evidenceUrl }
    ... on IntellectualAssistance { form title trainees experts party { id } }
  } } }`;

interface AssistanceOut {
  __typename: string;
  id: string;
  channel: string;
  since: string;
  until: string | null;
  helper: { id: string; name: string; kind: string };
  helped: { code: string; name: string };
  untilPlanned?: boolean;
  evidenceUrl?: string | null;
  sinceDocumented?: boolean;
}

async function partyAssistance(code: string, vars: { year?: number; anc?: boolean; desc?: boolean } = {}): Promise<AssistanceOut[]> {
  const { data, errors } = await hub.query(REGION_PARTY, { code, ...vars });
  expect(errors).toBeUndefined();
  return data!.region.partyAssistance as AssistanceOut[];
}

const supervisors = (list: AssistanceOut[]) => list.filter((a) => a.__typename === 'SupervisionAssignment').map((a) => a.helper.id);

describe('the real supervision assignments (done when)', () => {
  it('shows each of the eight supervised provinces with its supervising party from the real list', async () => {
    expect(SUPERVISION).toHaveLength(8);
    for (const row of SUPERVISION) {
      const list = await partyAssistance(row.province_code);
      const sup = list.filter((a) => a.__typename === 'SupervisionAssignment');
      expect(sup, row.supervised_province).toHaveLength(1);
      expect(sup[0]).toMatchObject({
        channel: 'DEMOCRATIC_PARTY',
        helper: { id: partyCentralId(PARTY_SLUGS[row.party_short]), name: `${row.party_name}中央委员会`, kind: 'DEMOCRATIC_PARTY' },
        helped: { code: row.province_code, name: row.supervised_province },
        since: '2016-06-21',
        until: '2020-12-31',
        untilPlanned: true,
        evidenceUrl: row.evidence_url,
        arrangement: row.arrangement,
      });
    }
  });

  it('shows the same party on a county inside each province with includeAncestors, and not without it', async () => {
    for (const row of SUPERVISION) {
      const county = POVERTY.find((c) => c.province_code === row.province_code && c.county_code !== '')!;
      const party = partyCentralId(PARTY_SLUGS[row.party_short]);
      expect(supervisors(await partyAssistance(county.county_code, { anc: true })), county.county_name).toEqual([party]);
      expect(supervisors(await partyAssistance(county.county_code)), county.county_name).toEqual([]);
    }
    // 永寿县 through its twelve-digit form: 九三学社 supervised 陕西.
    expect(supervisors(await partyAssistance('610426000000', { anc: true }))).toEqual([partyCentralId('jiusan')]);
  });

  it('keeps the period: supervised in 2016 and 2020, not in 2015 or 2021', async () => {
    expect(supervisors(await partyAssistance('52', { year: 2016 }))).toEqual([partyCentralId('minge')]);
    expect(supervisors(await partyAssistance('52', { year: 2020 }))).toEqual([partyCentralId('minge')]);
    expect(supervisors(await partyAssistance('52', { year: 2015 }))).toEqual([]);
    expect(supervisors(await partyAssistance('52', { year: 2021 }))).toEqual([]);
  });

  it('answers the headline "who helps this place" query on interface fields alone', async () => {
    const { data, errors } = await hub.query(`{ region(code: "610426") { name
      partyAssistance(includeAncestors: true) { id channel since until helper { name } helped { name } } } }`);
    expect(errors).toBeUndefined();
    expect(data!.region.partyAssistance).toEqual([
      {
        id: 'parties-sup-jiusan-61',
        channel: 'DEMOCRATIC_PARTY',
        since: '2016-06-21',
        until: '2020-12-31',
        helper: { name: '九三学社中央委员会' },
        helped: { name: '陕西省' },
      },
    ]);
  });

  it("serves each record of a place's list as the helper's list does (raw rows and mapped rows agree)", async () => {
    const fields = `id since until helper { id } helped { code }
      ... on SupervisionAssignment { untilPlanned arrangement evidenceUrl demo }
      ... on OwnAidCounty { sinceDocumented evidenceUrl note demo }
      ... on IntellectualAssistance { party { id } form title experts trainees note demo }`;
    const res = await hub.query(`{ region(code: "610426") { partyAssistance(includeAncestors: true) { ${fields} } } }`, {}, ADMIN);
    expect(res.errors).toBeUndefined();
    const place = res.data!.region.partyAssistance as { id: string; helper: { id: string } }[];
    expect(place.length).toBeGreaterThan(0);
    for (const r of place) {
      const theirs = await hub.query(`query($id: ID!) { organization(id: $id) { partyAssistance { ${fields} } } }`, { id: r.helper.id }, ADMIN);
      expect(theirs.data!.organization.partyAssistance.find((x: { id: string }) => x.id === r.id)).toEqual(r);
    }
  });

  it('lists the assignments, filtered by year and party', async () => {
    const all = await hub.query(`{ supervisionAssignments(year: 2018) { helped { code } helper { id } } }`);
    expect(all.data!.supervisionAssignments.map((a: { helped: { code: string } }) => a.helped.code)).toEqual(SUPERVISION.map((r) => r.province_code).sort());
    const one = await hub.query(`{ supervisionAssignments(partyId: "party-taimeng") { id helped { name } } }`);
    expect(one.data!.supervisionAssignments).toEqual([{ id: 'parties-sup-taimeng-62', helped: { name: '甘肃省' } }]);
    const none = await hub.query(`{ supervisionAssignments(year: 2015) { id } }`);
    expect(none.data!.supervisionAssignments).toEqual([]);
  });
});

describe('own aid counties and committees (reference data)', () => {
  it('loads the seven own aid counties of the parties, with documented and undocumented starts', async () => {
    const expected = csv(REFERENCE_DIR, 'party-military-aid-sites-compiled.csv').filter((r) => r.org_kind === 'democratic_party');
    expect(expected).toHaveLength(7);
    for (const row of expected) {
      const list = (await partyAssistance(row.county_code)).filter((a) => a.__typename === 'OwnAidCounty');
      expect(list, row.county_name).toHaveLength(1);
      expect(list[0].evidenceUrl).toBe(row.evidence_url);
      expect(list[0].until).toBeNull();
      if (row.since_year) expect(list[0]).toMatchObject({ since: `${row.since_year}-01-01`, sinceDocumented: true });
      else expect(list[0]).toMatchObject({ since: '2016-01-01', sinceDocumented: false });
    }
    // 九三学社中央委员会 has no short name in parentheses: matched by the full name.
    expect((await partyAssistance('510821'))[0].helper.id).toBe(partyCentralId('jiusan'));
    expect((await partyAssistance('130531'))[0].helper.id).toBe(partyCentralId('minmeng'));
  });

  it('rolls up a province with includeDescendants: supervision plus the own aid counties inside it', async () => {
    const list = await partyAssistance('52', { desc: true });
    expect(list.map((a) => `${a.__typename}:${a.helped.code}:${a.helper.id}`).sort()).toEqual([
      'OwnAidCounty:520521:party-nonggong',
      'OwnAidCounty:520525:party-minge',
      'OwnAidCounty:520527:party-taimeng',
      'OwnAidCounty:522328:party-minjin',
      'SupervisionAssignment:52:party-minge',
    ]);
  });

  it("shows a party's records on its organisation, own aid counties in two provinces included", async () => {
    const { data } = await hub.query(`{ organization(id: "party-minge") { name partyAssistance { __typename helped { code } } } }`);
    expect(data!.organization.partyAssistance.map((a: { __typename: string; helped: { code: string } }) => `${a.__typename}:${a.helped.code}`).sort()).toEqual([
      'OwnAidCounty:500240',
      'OwnAidCounty:520525',
      'SupervisionAssignment:52',
    ]);
  });

  it('registers the provincial committees under their central committees', async () => {
    const { data } = await hub.query(`{ organization(id: "party-minjin-43") { name kind homeRegion { code } parent { id } aliases } }`);
    expect(data!.organization).toEqual({
      name: '中国民主促进会湖南省委员会',
      kind: 'DEMOCRATIC_PARTY',
      homeRegion: { code: '43' },
      parent: { id: 'party-minjin' },
      aliases: ['民进湖南省委'],
    });
  });
});

// ---- writes ------------------------------------------------------------------------------------

const TRIP = `mutation($input: RecordSupervisionTripInput!) { recordSupervisionTrip(input: $input) {
  id startDate endDate placesVisited { code } organizer { id } party { id } findings } }`;
const SUBMIT = `mutation($input: SubmitRecommendationInput!) { submitRecommendation(input: $input) {
  id status submittedOn recipientRegion { code } transitions { status on } } }`;
const ADVANCE = `mutation($id: ID!, $input: AdvanceRecommendationInput!) { advanceRecommendation(id: $id, input: $input) {
  id status acknowledgedOn decidedOn response transitions { status on } } }`;
const AID = `mutation($input: RecordIntellectualAssistanceInput!) { recordIntellectualAssistance(input: $input) {
  id form trainees experts helper { id } party { id } helped { code } } }`;
const ASSIGN = `mutation($input: CreateSupervisionAssignmentInput!) { createSupervisionAssignment(input: $input) {
  id since until untilPlanned helper { id } helped { code } } }`;
const OWN = `mutation($input: RecordOwnAidCountyInput!) { recordOwnAidCounty(input: $input) { id since sinceDocumented helped { code } } }`;
const END = `mutation($id: ID!, $until: Date!) { endPartyAssistance(id: $id, until: $until) { id until
  ... on SupervisionAssignment { untilPlanned } } }`;

/** A refused write leaves the channel's tables unchanged. */
const { ok, refused } = callsTo(() => hub, { schema: 'parties' });

const rec: Record<string, string> = {};
const trip: Record<string, string> = {};

describe('supervision work and the yearly report (hand-computed fixture: 民进 in 湖南)', () => {
  it('records trips by the central and by the provincial committee', async () => {
    trip.t0 = (
      await ok(
        TRIP,
        {
          input: {
            assignmentId: MINJIN_SUP,
            startDate: '2018-06-01',
            endDate: '2018-06-03',
            placesVisited: ['431027'],
            participants: 6,
            findings: '2018 findings',
          },
        },
        MINJIN,
      )
    ).recordSupervisionTrip.id;
    const t1 = await ok(
      TRIP,
      {
        input: {
          assignmentId: MINJIN_SUP,
          startDate: '2019-04-10',
          endDate: '2019-04-14',
          placesVisited: ['430225', '430224000000', '430225'],
          participants: 8,
          findings: '易地搬迁后续产业不足',
        },
      },
      MINJIN,
    );
    expect(t1.recordSupervisionTrip).toMatchObject({
      placesVisited: [{ code: '430224' }, { code: '430225' }],
      organizer: { id: 'party-minjin' },
      party: { id: 'party-minjin' },
      findings: '易地搬迁后续产业不足',
    });
    trip.t1 = t1.recordSupervisionTrip.id;
    const t2 = await ok(
      TRIP,
      {
        input: {
          assignmentId: MINJIN_SUP,
          organizerId: 'party-minjin-43',
          startDate: '2019-09-01',
          endDate: '2019-09-03',
          placesVisited: ['430225', '430726'],
        },
      },
      MINJIN_HUNAN,
    );
    expect(t2.recordSupervisionTrip.organizer).toEqual({ id: 'party-minjin-43' });
    trip.t2 = t2.recordSupervisionTrip.id;
  });

  it('submits reports and recommendations, and the recipient moves them forward', async () => {
    const submit = async (key: string, input: Record<string, unknown>, as: As = MINJIN) => {
      const out = await ok(SUBMIT, { input: { assignmentId: MINJIN_SUP, recipient: '中共湖南省委、湖南省人民政府', ...input } }, as);
      rec[key] = out.submitRecommendation.id;
      expect(out.submitRecommendation).toMatchObject({ status: 'SUBMITTED', recipientRegion: { code: '43' } });
    };
    await submit('r0', { title: '2018 建议', submittedOn: '2018-12-01', tripId: trip.t0 });
    await submit('r1', { title: '关于茶陵县产业扶贫的建议', submittedOn: '2019-05-01', tripId: trip.t1, content: '建议内容一' });
    await submit('r2', { title: '关于炎陵县教育扶贫的建议', submittedOn: '2019-05-02', tripId: trip.t1 }, MINJIN_HUNAN);
    await submit('r3', { title: '关于石门县健康扶贫的建议', submittedOn: '2019-09-20', tripId: trip.t2 });
    await submit('r4', { title: '关于扶贫资金监管的建议', submittedOn: '2019-12-15' });
    await submit('r5', { title: '2019年度湖南省脱贫攻坚民主监督报告', submittedOn: '2019-12-20', form: 'REPORT' });

    const advance = (key: string, status: string, on: string, as: As = HUNAN, response?: string) =>
      ok(ADVANCE, { id: rec[key], input: { status, on, response } }, as);
    await advance('r0', 'ADOPTED', '2019-01-10', ADMIN);
    const ack = await advance('r1', 'ACKNOWLEDGED', '2019-05-10');
    expect(ack.advanceRecommendation).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedOn: '2019-05-10', decidedOn: null });
    const adopted = await advance('r1', 'ADOPTED', '2019-06-01', HUNAN, '已采纳');
    expect(adopted.advanceRecommendation).toMatchObject({
      status: 'ADOPTED',
      response: '已采纳',
      transitions: [
        { status: 'SUBMITTED', on: '2019-05-01' },
        { status: 'ACKNOWLEDGED', on: '2019-05-10' },
        { status: 'ADOPTED', on: '2019-06-01' },
      ],
    });
    // Deciding a SUBMITTED recommendation acknowledges it on the same day.
    const direct = await advance('r2', 'ADOPTED', '2019-06-15');
    expect(direct.advanceRecommendation).toMatchObject({ acknowledgedOn: '2019-06-15', decidedOn: '2019-06-15' });
    await advance('r3', 'ACKNOWLEDGED', '2019-09-25');
    await advance('r3', 'REJECTED', '2019-10-10');
    await advance('r4', 'ACKNOWLEDGED', '2020-01-05');
  });

  it('records intellectual aid by the provincial committee', async () => {
    const aid = (input: Record<string, unknown>) => ok(AID, { input: { helperId: 'party-minjin-43', ...input } }, MINJIN_HUNAN);
    const t = await aid({
      helpedCode: '430224',
      form: 'TRAINING',
      title: '乡村医生培训班',
      since: '2019-07-01',
      until: '2019-07-03',
      trainees: 40,
      experts: 3,
    });
    expect(t.recordIntellectualAssistance).toMatchObject({ trainees: 40, helper: { id: 'party-minjin-43' }, party: { id: 'party-minjin' } });
    await aid({ helpedCode: '430726', form: 'TRAINING', title: '骨干教师培训班', since: '2019-11-11', until: '2019-11-12', trainees: 25, experts: 2 });
    await aid({ helpedCode: '4302', form: 'CONSULTATION', title: '产业规划咨询', since: '2019-08-08', until: '2019-08-08', experts: 5 });
    await aid({ helpedCode: '430225', form: 'PROJECT', title: '村卫生室项目', since: '2019-03-01', experts: 1 });
    await aid({ helpedCode: '430224', form: 'TRAINING', title: '乡村医生培训班', since: '2018-10-01', until: '2018-10-02', trainees: 100, experts: 4 });
  });

  const REPORT = `query($year: Int!) { partyReport(partyId: "party-minjin", year: $year) {
    party { id name } year supervisedProvinces { code } trips placesVisited recommendations submitted acknowledged
    adopted rejected adoptionRate trainingSessions peopleTrained consultations projects experts } }`;

  it('reports 2019 as computed by hand: adoption rate 2 ÷ (2 + 1), 65 people trained', async () => {
    const { partyReport } = await ok(REPORT, { year: 2019 });
    expect(partyReport).toMatchObject({
      party: { id: 'party-minjin', name: '中国民主促进会中央委员会' },
      year: 2019,
      supervisedProvinces: [{ code: '43' }],
      trips: 2, // t1, t2 (t0 is 2018)
      placesVisited: 3, // 430224, 430225, 430726
      recommendations: 5, // r1..r5 (r0 is 2018)
      submitted: 1, // r5
      acknowledged: 1, // r4
      adopted: 2, // r1, r2
      rejected: 1, // r3
      trainingSessions: 2,
      peopleTrained: 65, // 40 + 25 (the 2018 course of 100 is not counted)
      consultations: 1,
      projects: 1,
      experts: 11, // 3 + 2 + 5 + 1
    });
    expect(partyReport.adoptionRate).toBeCloseTo(2 / 3, 12);
    const y2018 = (await ok(REPORT, { year: 2018 })).partyReport;
    expect(y2018).toMatchObject({ trips: 1, recommendations: 1, adopted: 1, rejected: 0, adoptionRate: 1, peopleTrained: 100 });
    const y2021 = (await ok(REPORT, { year: 2021 })).partyReport;
    expect(y2021).toMatchObject({ supervisedProvinces: [], trips: 0, recommendations: 0, adoptionRate: null });
  });

  it('gives the same report on the organisation and in the list of all parties', async () => {
    const { organization } = await ok(`{ organization(id: "party-minjin") { partyReport(year: 2019) { adoptionRate peopleTrained } } }`, {});
    expect(organization.partyReport.peopleTrained).toBe(65);
    expect(organization.partyReport.adoptionRate).toBeCloseTo(2 / 3, 12);
    const { partyReports } = await ok(`{ partyReports(year: 2019) { party { id } trips adoptionRate } }`, {});
    expect(partyReports.map((r: { party: { id: string } }) => r.party.id)).toEqual(SUPERVISION.map((r) => partyCentralId(PARTY_SLUGS[r.party_short])).sort());
    expect(partyReports.find((r: { party: { id: string } }) => r.party.id === 'party-minjin').trips).toBe(2);
    const none = await ok(`{ partyReport(partyId: "gov-11", year: 2019) { trips } organization(id: "gov-11") { partyReport(year: 2019) { trips } } }`, {});
    expect(none).toEqual({ partyReport: null, organization: { partyReport: null } });
  });

  it('lists trips and recommendations newest first, with filters and cursors', async () => {
    const q = `query($f: RecommendationFilter, $after: String) { recommendations(filter: $f, first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id submittedOn status } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: {
        recommendations: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { submittedOn: string } }[] };
      } = await ok(q, { f: { partyId: 'party-minjin', year: 2019 }, after });
      const { recommendations } = page;
      expect(recommendations.totalCount).toBe(5);
      seen.push(...recommendations.edges.map((e: { node: { submittedOn: string } }) => e.node.submittedOn));
      if (!recommendations.pageInfo.hasNextPage) break;
      after = recommendations.pageInfo.endCursor;
    }
    expect(seen).toEqual(['2019-12-20', '2019-12-15', '2019-09-20', '2019-05-02', '2019-05-01']);
    const adopted = await ok(q, { f: { status: 'ADOPTED', recipientWithin: '43' } });
    expect(adopted.recommendations.totalCount).toBe(3);
    const trips = await ok(`{ supervisionTrips(filter: {visitedWithin: "430726"}) { totalCount edges { node { id } } } }`, {});
    expect(trips.supervisionTrips.edges).toEqual([{ node: { id: trip.t2 } }]);
    const nested = await ok(
      `{ supervisionAssignment(id: "${MINJIN_SUP}") { trips(year: 2019) { id recommendations { id } } recommendations(status: ADOPTED) { id } } }`,
      {},
    );
    expect(nested.supervisionAssignment.trips.map((t: { id: string }) => t.id)).toEqual([trip.t1, trip.t2]);
    expect(nested.supervisionAssignment.trips[0].recommendations.map((r: { id: string }) => r.id).sort()).toEqual([rec.r1, rec.r2].sort());
    expect(nested.supervisionAssignment.recommendations.map((r: { id: string }) => r.id)).toEqual([rec.r0, rec.r1, rec.r2]);
  });
});

describe('read access: findings, content and responses', () => {
  const Q = `query($trip: ID!) { supervisionTrips(filter: {assignmentId: "${MINJIN_SUP}", year: 2019}) { edges { node { id findings } } }
    recommendation(id: $trip) { title content response } }`;
  it('shows them to the party, the covering coordinator and administrators, and hides them from others', async () => {
    const see = async (as: As | undefined) => {
      const { data } = await hub.query(Q, { trip: rec.r1 }, as);
      const t1 = data!.supervisionTrips.edges.find((e: { node: { id: string } }) => e.node.id === trip.t1).node;
      return { findings: t1.findings, content: data!.recommendation.content, response: data!.recommendation.response, title: data!.recommendation.title };
    };
    const visible = { findings: '易地搬迁后续产业不足', content: '建议内容一', response: '已采纳', title: '关于茶陵县产业扶贫的建议' };
    const hidden = { findings: null, content: null, response: null, title: '关于茶陵县产业扶贫的建议' };
    expect(await see(MINJIN)).toEqual(visible);
    expect(await see(MINJIN_HUNAN)).toEqual(visible);
    expect(await see(HUNAN)).toEqual(visible);
    expect(await see(ADMIN)).toEqual(visible);
    expect(await see(ANONYMOUS)).toEqual(hidden);
    expect(await see(GUIZHOU)).toEqual(hidden);
    expect(await see(MINGE)).toEqual(hidden);
    expect(await see(XIANGXI)).toEqual(hidden);
  });
});

describe('status only moves forward', () => {
  it('refuses backwards, sideways and same-status moves with status-forward, writing nothing', async () => {
    await refused(ADVANCE, { id: rec.r1, input: { status: 'ACKNOWLEDGED', on: '2019-07-01' } }, HUNAN, 'BAD_USER_INPUT', 'status-forward', 'input.status');
    await refused(ADVANCE, { id: rec.r1, input: { status: 'SUBMITTED', on: '2019-07-01' } }, HUNAN, 'BAD_USER_INPUT', 'status-forward', 'input.status');
    await refused(ADVANCE, { id: rec.r1, input: { status: 'REJECTED', on: '2019-07-01' } }, HUNAN, 'BAD_USER_INPUT', 'status-forward', 'input.status');
    await refused(ADVANCE, { id: rec.r3, input: { status: 'ADOPTED', on: '2019-12-01' } }, ADMIN, 'BAD_USER_INPUT', 'status-forward', 'input.status');
    await refused(ADVANCE, { id: rec.r4, input: { status: 'ACKNOWLEDGED', on: '2020-02-01' } }, HUNAN, 'BAD_USER_INPUT', 'status-forward', 'input.status');
    await refused(ADVANCE, { id: rec.r5, input: { status: 'SUBMITTED', on: '2020-02-01' } }, HUNAN, 'BAD_USER_INPUT', 'status-forward', 'input.status');
  });
});

describe('validation: every rule refused with its code, nothing written', () => {
  it('creates a test party (through the registry) and an open assignment for it', async () => {
    await ok(`mutation { createOrganization(input: {id: "party-test", name: "测试党派中央委员会", kind: DEMOCRATIC_PARTY}) { id } }`, {}, ADMIN);
    const created = await ok(ASSIGN, { input: { helperId: 'party-test', helpedCode: '110000', since: '2021-01-01' } }, ADMIN);
    expect(created.createSupervisionAssignment).toMatchObject({ helped: { code: '11' }, until: null, untilPlanned: false });
    trip.test = created.createSupervisionAssignment.id;
  });

  it('createSupervisionAssignment', async () => {
    const base = { helperId: 'party-minge', helpedCode: '52', since: '2021-01-01', until: '2025-12-31' };
    const bad = (input: Record<string, unknown>, code: string, rule?: string, field?: string) =>
      refused(ASSIGN, { input: { ...base, ...input } }, ADMIN, code, rule, field);
    await bad({ helperId: 'no-such-party' }, 'NOT_FOUND', 'exists', 'input.helperId');
    await bad({ helperId: 'gov-11' }, 'BAD_USER_INPUT', 'helper-kind', 'input.helperId');
    await bad({ helperId: 'party-acfic' }, 'BAD_USER_INPUT', 'helper-kind', 'input.helperId');
    await bad({ helperId: 'party-minge-52' }, 'BAD_USER_INPUT', 'central-committee', 'input.helperId');
    await bad({ helpedCode: '5x' }, 'BAD_USER_INPUT', 'division-code', 'input.helpedCode');
    await bad({ helpedCode: '99' }, 'BAD_USER_INPUT', 'exists', 'input.helpedCode');
    await bad({ helpedCode: '520525' }, 'BAD_USER_INPUT', 'level', 'input.helpedCode');
    await bad({ until: '2020-12-31' }, 'BAD_USER_INPUT', 'period', 'input.until');
    await bad({ since: '1980-01-01' }, 'BAD_USER_INPUT', 'year', 'input.since');
    await bad({ until: null, untilPlanned: true }, 'BAD_USER_INPUT', 'required', 'input.until');
    await bad({ evidenceUrl: 'ftp://example.org/x' }, 'BAD_USER_INPUT', 'url', 'input.evidenceUrl');
    await bad({ since: '2019-01-01' }, 'BAD_USER_INPUT', 'duplicate', 'input.helpedCode');
    await bad({ helpedCode: '53', since: '2019-01-01' }, 'BAD_USER_INPUT', 'one-province-per-party', 'input.helperId');
    await bad(
      { helperId: 'party-test', helpedCode: '52', since: '2018-01-01', until: '2018-12-31' },
      'BAD_USER_INPUT',
      'one-party-per-province',
      'input.helpedCode',
    );
  });

  it('recordOwnAidCounty', async () => {
    const base = { helperId: 'party-minge', helpedCode: '520526', since: '2017-01-01' };
    const bad = (input: Record<string, unknown>, code: string, rule?: string, field?: string) =>
      refused(OWN, { input: { ...base, ...input } }, ADMIN, code, rule, field);
    await bad({ helpedCode: '5205' }, 'BAD_USER_INPUT', 'level', 'input.helpedCode');
    await bad({ helpedCode: '520525' }, 'BAD_USER_INPUT', 'duplicate', 'input.helpedCode');
    await bad({ helperId: 'party-minge-52' }, 'BAD_USER_INPUT', 'central-committee', 'input.helperId');
    await bad({ helperId: 'gov-11' }, 'BAD_USER_INPUT', 'helper-kind', 'input.helperId');
    await bad({ until: '2016-01-01' }, 'BAD_USER_INPUT', 'period', 'input.until');
    const made = await ok(OWN, { input: { helperId: 'party-acfic', helpedCode: '520526', since: '2018-01-01', sinceDocumented: false } }, ADMIN);
    expect(made.recordOwnAidCounty).toMatchObject({ sinceDocumented: false, helped: { code: '520526' } });
  });

  it('recordIntellectualAssistance', async () => {
    const base = {
      helperId: 'party-minjin',
      helpedCode: '430224',
      form: 'TRAINING',
      title: '测试培训',
      since: '2019-07-01',
      until: '2019-07-02',
      trainees: 10,
    };
    const bad = (input: Record<string, unknown>, code: string, rule?: string, field?: string) =>
      refused(AID, { input: { ...base, ...input } }, MINJIN, code, rule, field);
    await bad({ helperId: 'nope' }, 'NOT_FOUND', 'exists', 'input.helperId');
    await bad({ helpedCode: '439999' }, 'BAD_USER_INPUT', 'exists', 'input.helpedCode');
    await bad({ helpedCode: '43-1' }, 'BAD_USER_INPUT', 'division-code', 'input.helpedCode');
    await bad({ form: 'CONSULTATION' }, 'BAD_USER_INPUT', 'trainees-training-only', 'input.trainees');
    await bad({ trainees: null }, 'BAD_USER_INPUT', 'required', 'input.trainees');
    await bad({ trainees: -1 }, 'BAD_USER_INPUT', 'non-negative', 'input.trainees');
    await bad({ experts: -2 }, 'BAD_USER_INPUT', 'non-negative', 'input.experts');
    await bad({ until: null }, 'BAD_USER_INPUT', 'required', 'input.until');
    await bad({ until: '2019-06-01' }, 'BAD_USER_INPUT', 'period', 'input.until');
    await bad({ since: `${new Date().getUTCFullYear() + 2}-01-01`, until: null, form: 'PROJECT', trainees: null }, 'BAD_USER_INPUT', 'year', 'input.since');
    await bad({ title: '   ' }, 'BAD_USER_INPUT', 'required', 'input.title');
    await bad({ title: '乡村医生培训班', helperId: 'party-minjin-43', since: '2019-07-02', until: '2019-07-05' }, 'BAD_USER_INPUT', 'duplicate', 'input.title');
    await refused(AID, { input: { ...base, helperId: 'gov-11' } }, ADMIN, 'BAD_USER_INPUT', 'helper-kind', 'input.helperId');
  });

  it('recordSupervisionTrip', async () => {
    const base = { assignmentId: MINJIN_SUP, startDate: '2019-10-01', endDate: '2019-10-03', placesVisited: ['430224'] };
    const bad = (input: Record<string, unknown>, code: string, rule?: string, field?: string) =>
      refused(TRIP, { input: { ...base, ...input } }, MINJIN, code, rule, field);
    await bad({ assignmentId: 'parties-sup-nope' }, 'NOT_FOUND', 'exists', 'input.assignmentId');
    await bad({ assignmentId: 'parties-own-minjin-522328' }, 'NOT_FOUND', 'exists', 'input.assignmentId');
    await bad({ placesVisited: ['430224', '520525'] }, 'BAD_USER_INPUT', 'within-place', 'input.placesVisited[1]');
    await bad({ placesVisited: ['439999'] }, 'BAD_USER_INPUT', 'exists', 'input.placesVisited[0]');
    await bad({ placesVisited: [] }, 'BAD_USER_INPUT', 'required', 'input.placesVisited');
    await bad({ startDate: '2016-01-10' }, 'BAD_USER_INPUT', 'within-period', 'input.startDate');
    await bad({ endDate: '2021-01-03', startDate: '2020-12-30' }, 'BAD_USER_INPUT', 'within-period', 'input.endDate');
    await bad({ endDate: '2019-09-30' }, 'BAD_USER_INPUT', 'period', 'input.endDate');
    await bad({ participants: -1 }, 'BAD_USER_INPUT', 'non-negative', 'input.participants');
    await bad({ organizerId: 'party-minge-52' }, 'BAD_USER_INPUT', 'party-committee', 'input.organizerId');
    await bad({ organizerId: 'ghost' }, 'NOT_FOUND', 'exists', 'input.organizerId');
    await bad({ startDate: '2019-04-10', endDate: '2019-04-14', placesVisited: ['430225', '430224'] }, 'BAD_USER_INPUT', 'duplicate', 'input.startDate');
  });

  it('submitRecommendation', async () => {
    const guizhouTrip = await ok(
      TRIP,
      { input: { assignmentId: MINGE_SUP, startDate: '2019-03-01', endDate: '2019-03-02', placesVisited: ['520525'] } },
      MINGE_GUIZHOU,
    );
    const base = { assignmentId: MINJIN_SUP, title: '测试建议', recipient: '中共湖南省委', submittedOn: '2019-10-01' };
    const bad = (input: Record<string, unknown>, code: string, rule?: string, field?: string) =>
      refused(SUBMIT, { input: { ...base, ...input } }, MINJIN, code, rule, field);
    await bad({ assignmentId: 'nope' }, 'NOT_FOUND', 'exists', 'input.assignmentId');
    await bad({ tripId: 'parties-trip-nope' }, 'NOT_FOUND', 'exists', 'input.tripId');
    await bad({ tripId: guizhouTrip.recordSupervisionTrip.id }, 'BAD_USER_INPUT', 'same-assignment', 'input.tripId');
    await bad({ recipientCode: '52' }, 'BAD_USER_INPUT', 'within-place', 'input.recipientCode');
    await bad({ recipientCode: '43x' }, 'BAD_USER_INPUT', 'division-code', 'input.recipientCode');
    await bad({ tripId: trip.t2, submittedOn: '2019-09-02' }, 'BAD_USER_INPUT', 'after-trip', 'input.submittedOn');
    await bad({ submittedOn: '2016-05-01' }, 'BAD_USER_INPUT', 'within-period', 'input.submittedOn');
    await bad({ recipient: '' }, 'BAD_USER_INPUT', 'required', 'input.recipient');
    await bad({ title: 'x'.repeat(201) }, 'BAD_USER_INPUT', 'too-long', 'input.title');
    await bad({ title: '关于茶陵县产业扶贫的建议', submittedOn: '2019-05-01' }, 'BAD_USER_INPUT', 'duplicate', 'input.title');
    const nextYear = `${new Date().getUTCFullYear() + 1}-01-01`;
    await refused(
      SUBMIT,
      { input: { ...base, assignmentId: trip.test, recipient: '北京市', submittedOn: nextYear } },
      ADMIN,
      'BAD_USER_INPUT',
      'not-future',
      'input.submittedOn',
    );
  });

  it('advanceRecommendation', async () => {
    await refused(ADVANCE, { id: 'parties-rec-nope', input: { status: 'ACKNOWLEDGED', on: '2020-01-01' } }, HUNAN, 'NOT_FOUND', 'exists', 'id');
    await refused(ADVANCE, { id: rec.r5, input: { status: 'ACKNOWLEDGED', on: '2019-12-19' } }, HUNAN, 'BAD_USER_INPUT', 'date-order', 'input.on');
    await refused(ADVANCE, { id: rec.r4, input: { status: 'ADOPTED', on: '2020-01-04' } }, HUNAN, 'BAD_USER_INPUT', 'date-order', 'input.on');
    const nextYear = `${new Date().getUTCFullYear() + 1}-01-01`;
    await refused(ADVANCE, { id: rec.r5, input: { status: 'ACKNOWLEDGED', on: nextYear } }, HUNAN, 'BAD_USER_INPUT', 'not-future', 'input.on');
  });

  it('endPartyAssistance', async () => {
    await refused(END, { id: 'parties-sup-nope', until: '2020-01-01' }, ADMIN, 'NOT_FOUND', 'exists', 'id');
    await refused(END, { id: MINJIN_SUP, until: '2016-01-01' }, ADMIN, 'BAD_USER_INPUT', 'period', 'until');
    await refused(END, { id: MINJIN_SUP, until: '2019-06-30' }, ADMIN, 'BAD_USER_INPUT', 'records-outside-period', 'until');
    // A planned end becomes a documented one; after that the record is ended for good.
    const ended = await ok(END, { id: 'parties-sup-minjin-43', until: '2020-12-31' }, MINJIN);
    expect(ended.endPartyAssistance).toEqual({ id: MINJIN_SUP, until: '2020-12-31', untilPlanned: false });
    await refused(END, { id: MINJIN_SUP, until: '2020-12-30' }, ADMIN, 'BAD_USER_INPUT', 'already-ended', 'until');
    const audit = rowsOf<{ before: { untilPlanned: boolean }; after: { untilPlanned: boolean } }>(
      await db.database.db.execute(sql`select before, after from parties.audit_log where action = 'endPartyAssistance' and outcome = 'applied'`),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].before.untilPlanned).toBe(true);
    expect(audit[0].after.untilPlanned).toBe(false);
  });
});

describe('access: every rule refused with FORBIDDEN, nothing written, the refusal audited', () => {
  it('refuses writes by anonymous callers, other parties, coordinators and the wrong committee level', async () => {
    const trip1 = { assignmentId: MINJIN_SUP, startDate: '2019-11-01', endDate: '2019-11-02', placesVisited: ['430224'] };
    const submit1 = { assignmentId: MINJIN_SUP, title: '访问测试', recipient: '中共湖南省委', submittedOn: '2019-11-05' };
    const aid1 = { helperId: 'party-minjin', helpedCode: '430224', form: 'CONSULTATION', title: '访问测试', since: '2019-11-01', until: '2019-11-01' };
    const assign1 = { helperId: 'party-minge', helpedCode: '52', since: '2030-01-01' };
    const own1 = { helperId: 'party-minge', helpedCode: '520526', since: '2019-01-01' };
    const cases: [string, string, Record<string, unknown>, As | undefined][] = [
      ['anonymous trip', TRIP, { input: trip1 }, ANONYMOUS],
      ['other party trip', TRIP, { input: trip1 }, MINMENG],
      ['coordinator trip', TRIP, { input: trip1 }, HUNAN],
      ['other party submit', SUBMIT, { input: submit1 }, MINGE],
      ['anonymous submit', SUBMIT, { input: submit1 }, ANONYMOUS],
      ['other party aid', AID, { input: aid1 }, MINMENG],
      ['coordinator aid', AID, { input: aid1 }, HUNAN],
      ['provincial committee assignment', ASSIGN, { input: assign1 }, MINGE_GUIZHOU],
      ['other party assignment', ASSIGN, { input: assign1 }, MINJIN],
      ['anonymous assignment', ASSIGN, { input: assign1 }, ANONYMOUS],
      ['provincial committee own county', OWN, { input: own1 }, MINGE_GUIZHOU],
      ['the party advancing its own recommendation', ADVANCE, { id: rec.r5, input: { status: 'ACKNOWLEDGED', on: '2020-01-02' } }, MINJIN],
      ['a coordinator of another province', ADVANCE, { id: rec.r5, input: { status: 'ACKNOWLEDGED', on: '2020-01-02' } }, GUIZHOU],
      ['a prefecture coordinator on a province-level recipient', ADVANCE, { id: rec.r5, input: { status: 'ACKNOWLEDGED', on: '2020-01-02' } }, XIANGXI],
      ['anonymous advance', ADVANCE, { id: rec.r5, input: { status: 'ACKNOWLEDGED', on: '2020-01-02' } }, ANONYMOUS],
      ['provincial committee ending the assignment', END, { id: MINGE_SUP, until: '2020-12-31' }, MINGE_GUIZHOU],
      ['other party ending', END, { id: MINGE_SUP, until: '2020-12-31' }, MINJIN],
    ];
    const countRefused = async () =>
      Number(rowsOf<{ n: number }>(await db.database.db.execute(sql`select count(*)::int as n from parties.audit_log where outcome = 'refused'`))[0].n);
    const before = await countRefused();
    for (const [label, op, vars, as] of cases) {
      const res = await hub.query(op, vars, as);
      expect(res.errors?.[0]?.extensions?.code, label).toBe('FORBIDDEN');
    }
    expect(await countRefused()).toBe(before + cases.length);
    // and the tables: same as before any of them (the snapshot check, once for the whole batch)
    await refused(TRIP, { input: trip1 }, MINMENG, 'FORBIDDEN');
  });

  it('lets a prefecture coordinator decide a recommendation addressed to its prefecture', async () => {
    const r = await ok(
      SUBMIT,
      { input: { assignmentId: MINJIN_SUP, title: '关于湘西州的建议', recipient: '中共湘西州委', recipientCode: '433100', submittedOn: '2019-11-20' } },
      MINJIN,
    );
    expect(r.submitRecommendation.recipientRegion).toEqual({ code: '4331' });
    const adv = await ok(ADVANCE, { id: r.submitRecommendation.id, input: { status: 'ADOPTED', on: '2019-12-01' } }, XIANGXI);
    expect(adv.advanceRecommendation.status).toBe('ADOPTED');
  });
});

describe('batching', () => {
  const NATIONAL = `query($f: RegionFilter, $n: Int) { regions(filter: $f, first: $n) { edges { node { code
    partyAssistance(includeAncestors: true) { id helper { name } } } } } }`;

  it('costs the same statements for 10 poverty counties as for all 831, through the gateway', async () => {
    // Ten counties of 贵州 (each with a helper to name) against every poverty county.
    const small = await countSteadyStatements(db.database, () => hub.query(NATIONAL, { f: { povertyCounty: true, within: '52' }, n: 10 }));
    const large = await countSteadyStatements(db.database, () => hub.query(NATIONAL, { f: { povertyCounty: true }, n: 1000 }));
    expect(small.result.data!.regions.edges).toHaveLength(10);
    expect(large.result.errors).toBeUndefined();
    const nodes = large.result.data!.regions.edges as { node: { code: string; partyAssistance: { helper: { name: string } }[] } }[];
    expect(nodes).toHaveLength(831);
    // Every poverty county in a supervised province shows its supervising party.
    const supervised = new Set(SUPERVISION.map((r) => r.province_code));
    for (const { node } of nodes) {
      if (supervised.has(node.code.slice(0, 2))) expect(node.partyAssistance.length, node.code).toBeGreaterThan(0);
    }
    expect(large.statements, large.log.join('\n')).toBe(small.statements);
    expect(small.statements).toBeLessThanOrEqual(4);
  });

  it('answers 300 Region representations with one SQL statement in the subgraph', async () => {
    const parties = hub.runtimes.get('parties')!;
    const reps = POVERTY.slice(0, 300).map((r) => ({ __typename: 'Region', code: r.county_code }));
    const { result, statements, log } = await countStatements(db.database, () =>
      executeOn(
        parties,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { code
        a: partyAssistance(includeAncestors: true) { id } b: partyAssistance(year: 2018) { id } } } }`,
        { r: reps },
      ),
    );
    expect(result.errors).toBeUndefined();
    expect((result.data!._entities as unknown[]).length).toBe(300);
    // Two differently-argued fields share the loader's batch: one statement for both.
    expect(statements, log.join('\n')).toBe(1);
  });

  it('reads only the core columns for a place list asking only what they serve, with the same answers', async () => {
    const { lean } = await coreAndWholeList(
      db.database,
      (fields) => hub.query(`{ region(code: "430524") { partyAssistance(includeAncestors: true) { ${fields} } } }`),
      (data) => data.region.partyAssistance,
      '"parties"."assistance"',
      '__typename id channel since until helper { id } helped { code }',
      { selection: '... on IntellectualAssistance { title }', field: 'title', column: 'title' },
    );
    expect(lean.read).not.toMatch(/"places_visited"|"title"|"party_id"/);
  });

  it('answers every party organisation with its records and reports in constant statements', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id
      partyAssistance(year: 2019) { id } partyReport(year: 2019) { trips } } } }`;
    const parties = hub.runtimes.get('parties')!;
    const ids = Object.values(PARTY_SLUGS).map(partyCentralId);
    const one = await countStatements(db.database, () => executeOn(parties, q, { r: ids.slice(0, 1).map((id) => ({ __typename: 'Organization', id })) }));
    const all = await countStatements(db.database, () => executeOn(parties, q, { r: ids.map((id) => ({ __typename: 'Organization', id })) }));
    expect(all.result.errors).toBeUndefined();
    expect(all.statements).toBe(one.statements);
    expect(all.statements).toBe(2);
  });
});

describe('distributed topology (each subgraph its own server, registry lookups over signed HTTP)', () => {
  let distributed: Hub;
  beforeAll(async () => {
    distributed = await startHub({ database: db.database, topology: 'distributed' });
  });
  afterAll(async () => distributed?.stop());

  it('answers the done-when query and checks a provincial committee editor through the registry', async () => {
    const { data, errors } = await distributed.query(REGION_PARTY, { code: '620102', anc: true });
    expect(errors).toBeUndefined();
    expect(supervisors(data!.region.partyAssistance)).toEqual([partyCentralId('taimeng')]);
    const input = { assignmentId: MINGE_SUP, startDate: '2020-05-01', endDate: '2020-05-02', placesVisited: ['520525'] };
    const res = await distributed.query(TRIP, { input }, MINGE_GUIZHOU);
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordSupervisionTrip.party).toEqual({ id: 'party-minge' });
    const refusedCall = await distributed.query(TRIP, { input: { ...input, startDate: '2020-05-03', endDate: '2020-05-04' } }, MINJIN_HUNAN);
    expect(refusedCall.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an unsigned call straight to the parties subgraph', async () => {
    const res = await distributed.post(distributed.subgraphUrls.parties, {
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { partyAssistance { id } } } }`,
      variables: { r: [{ __typename: 'Region', code: '52' }] },
    });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data?._entities ?? null).toBeNull();
  });
});

// ---- real and demo (lib/demo.ts) --------------------------------------------------------------

const REPORT_FIGURES =
  'year supervisedProvinces { code } trips placesVisited recommendations submitted acknowledged adopted rejected adoptionRate trainingSessions peopleTrained consultations projects experts';
const ADDITIVE = [
  'trips',
  'recommendations',
  'submitted',
  'acknowledged',
  'adopted',
  'rejected',
  'trainingSessions',
  'peopleTrained',
  'consultations',
  'projects',
  'experts',
];
const ZERO_REPORT = { supervisedProvinces: [], trips: 0, placesVisited: 0, recommendations: 0, adoptionRate: null, peopleTrained: 0, experts: 0 };
const REPORTS_PARTS = `query($year: Int!) {
  whole: partyReports(year: $year) { party { id } ${REPORT_FIGURES} demo { ${REPORT_FIGURES} demo { year } } }
  real: partyReports(year: $year, includeDemo: false) { party { id } ${REPORT_FIGURES} demo { ${REPORT_FIGURES} } } }`;

type Report = Record<string, any>;

/** Whole = real part (includeDemo: false) + demo part, for every party's report of a year, figure by figure. */
async function expectReportsAdd(year: number): Promise<{ whole: Report[]; real: Report[] }> {
  const { whole, real } = await ok<{ whole: Report[]; real: Report[] }>(REPORTS_PARTS, { year });
  for (const w of whole) {
    const label = `${w.party.id} ${year}`;
    const r = real.find((x) => x.party.id === w.party.id) ?? {
      ...ZERO_REPORT,
      submitted: 0,
      acknowledged: 0,
      adopted: 0,
      rejected: 0,
      trainingSessions: 0,
      consultations: 0,
      projects: 0,
    };
    const d = w.demo;
    for (const f of ADDITIVE) expect(w[f], `${label} ${f}`).toBe(r[f] + d[f]);
    expect(w.placesVisited, label).toBeLessThanOrEqual(r.placesVisited + d.placesVisited);
    expect(w.placesVisited, label).toBeGreaterThanOrEqual(Math.max(r.placesVisited, d.placesVisited));
    const provinces = (x: Report) => x.supervisedProvinces.map((p: { code: string }) => p.code);
    expect(provinces(w), label).toEqual([...new Set([...provinces(r), ...provinces(d)])].sort());
    expect(d.demo, label).toBeNull();
  }
  for (const r of real) {
    expect(
      whole.some((w) => w.party.id === r.party.id),
      r.party.id,
    ).toBe(true);
    expect(r.demo, r.party.id).toMatchObject(ZERO_REPORT);
  }
  return { whole, real };
}

describe('real and demo, before any demo data', () => {
  it('every demo part is zero with reference and fixture data only, and includeDemo: false changes nothing', async () => {
    for (const year of [2018, 2019]) {
      const { whole, real } = await expectReportsAdd(year);
      for (const w of whole) expect(w.demo, w.party.id).toMatchObject(ZERO_REPORT);
      expect(real.map((r) => ({ ...r, demo: null }))).toEqual(whole.map((w) => ({ ...w, demo: null })));
    }
    const q = `{ partyReport(partyId: "party-minjin", year: 2019) { trips demo { trips demo { trips } } } organization(id: "party-minjin") { partyReport(year: 2019) { demo { trips } } } }`;
    const minjin = await ok(q, {});
    expect(minjin.partyReport).toEqual({ trips: 2, demo: { trips: 0, demo: null } });
    expect(minjin.organization.partyReport.demo).toEqual({ trips: 0 });
  });

  it('a generator given no supervised province generates nothing, and its seeding loads nothing', async () => {
    expect(generateDemo({ provinces: [], acficCounties: [] }, new Rng(7), 1)).toEqual({
      organizations: [],
      assignments: [],
      trips: [],
      recommendations: [],
      aid: [],
    });
    const empty = await createTestDatabase();
    try {
      await runDemoSteps(partiesSubgraph, {
        database: empty.database,
        registry: createRegistrySeedApi(empty.database),
        rng: new Rng(1),
        referenceDir: REFERENCE_DIR,
        divisionsWithin: null,
        scale: 'demo',
        log: () => {},
        progress: () => {},
      });
      const [n] = rowsOf<{ rows: number }>(
        await empty.database.db.execute(sql`select (select count(*) from parties.assistance) + (select count(*) from parties.supervision_trips)
          + (select count(*) from parties.recommendations) + (select count(*) from registry.organizations) as rows`),
      );
      expect(Number(n.rows)).toBe(0);
    } finally {
      await empty.drop();
    }
  });
});

describe('demo data', () => {
  const input = (): DemoInput => ({
    provinces: [
      {
        provinceCode: '43',
        provinceName: '湖南省',
        since: '2016-06-21',
        until: '2020-12-31',
        counties: [
          { code: '430224', name: '茶陵县', povertyExitYear: 2017 },
          { code: '430225', name: '炎陵县', povertyExitYear: 2017 },
        ],
      },
      // Supervised only after the demo years: no demo party there.
      {
        provinceCode: '11',
        provinceName: '北京市',
        since: '2021-01-01',
        until: '2020-12-31',
        counties: [{ code: '110101', name: '东城区', povertyExitYear: null }],
      },
    ],
    acficCounties: [{ code: '430224', name: '茶陵县', povertyExitYear: 2017 }],
  });

  it('is a pure function of the seed', () => {
    expect(generateDemo(input(), new Rng(7), 1)).toEqual(generateDemo(input(), new Rng(7), 1));
    expect(generateDemo(input(), new Rng(7), 1)).not.toEqual(generateDemo(input(), new Rng(8), 1));
    const national = generateDemo(input(), new Rng(7), 10);
    expect(national.trips.length).toBe(10 * generateDemo(input(), new Rng(7), 1).trips.length);
  });

  it('gives all the work to generated organs named as demo, never as a real organisation, standalone', () => {
    const data = generateDemo(input(), new Rng(7), 1);
    const real = [...referenceOrganizations(REFERENCE_DIR), ...provincialCommittees()];
    const realNames = real.map((o) => o.name);
    const realIds = new Set(real.map((o) => o.id));
    expect(data.organizations.map((o) => o.name)).toEqual(['演示·第1党派中央委员会', '演示·第1党派湖南省委员会', '演示·第1工商业联合会']);
    for (const o of data.organizations) {
      expect(o.demo === isDemoName(o.name), o.name).toBe(true);
      expect(o.demo, o.name).toBe(true);
      expect(
        realNames.filter((n) => o.name.slice(DEMO_NAME_PREFIX.length).includes(n)),
        o.name,
      ).toEqual([]);
      expect(realIds.has(o.id), o.id).toBe(false);
    }
    const organs = new Set(data.organizations.map((o) => o.id));
    expect(data.organizations.every((o) => o.parentId == null || organs.has(o.parentId))).toBe(true);
    expect(data.assignments).toHaveLength(1);
    const assignments = new Set(data.assignments.map((a) => a.id));
    for (const r of [...data.assignments, ...data.aid]) expect(organs.has(r.helperId) && organs.has(r.partyId), r.id).toBe(true);
    for (const t of data.trips) expect(organs.has(t.organizerId) && organs.has(t.partyId) && assignments.has(t.assignmentId), t.id).toBe(true);
    for (const r of data.recommendations) expect(organs.has(r.partyId) && assignments.has(r.assignmentId), r.id).toBe(true);
    expect([...data.assignments, ...data.trips, ...data.recommendations, ...data.aid].every((r) => r.demo === true && r.source === 'demo')).toBe(true);
  });

  it('loads beside the real assignments, every row marked demo; the real parties and their reports are unchanged', async () => {
    const reports = `query($year: Int!) { partyReports(year: $year) { party { id } ${REPORT_FIGURES} } }`;
    const before = [(await ok(reports, { year: 2018 })).partyReports, (await ok(reports, { year: 2019 })).partyReports];
    const minjin = `{ organization(id: "party-minjin") { partyAssistance { id } } supervisionAssignment(id: "${MINJIN_SUP}") { trips { id } recommendations { id } } }`;
    const minjinBefore = await ok(minjin, {});
    const started = performance.now();
    await runDemoSteps(partiesSubgraph, {
      database: db.database,
      registry: createRegistrySeedApi(db.database),
      rng: new Rng(20_201_123),
      referenceDir: REFERENCE_DIR,
      divisionsWithin: null,
      scale: 'demo',
      log: () => {},
      progress: () => {},
    });
    expect(performance.now() - started).toBeLessThan(10_000);
    const counts = rowsOf<{ t: number; r: number; a: number; s: number; bad: number; mixed: number }>(
      await db.database.db.execute(sql`select
        (select count(*)::int from parties.supervision_trips where demo) as t,
        (select count(*)::int from parties.recommendations where demo) as r,
        (select count(*)::int from parties.assistance where demo) as a,
        (select count(*)::int from parties.assistance where demo and kind = 'SUPERVISION') as s,
        (select count(*)::int from parties.supervision_trips t join parties.assistance s on s.id = t.assignment_id
          where t.start_date < s.since or t.end_date > coalesce(s.until, '2020-12-31')
             or exists (select 1 from unnest(t.places_visited) p where p not like s.helped_code || '%')) as bad,
        (select count(*)::int from parties.assistance a join registry.organizations o on o.id in (a.helper_id, a.party_id) where a.demo and not o.demo)
          + (select count(*)::int from parties.supervision_trips t join registry.organizations o on o.id in (t.organizer_id, t.party_id) where t.demo and not o.demo)
          + (select count(*)::int from parties.supervision_trips t join parties.assistance s on s.id = t.assignment_id where t.demo <> s.demo)
          + (select count(*)::int from parties.recommendations r join parties.assistance s on s.id = r.assignment_id where r.demo <> s.demo)
          + (select count(*)::int from parties.recommendations r join registry.organizations o on o.id = r.party_id where r.demo and not o.demo) as mixed`),
    )[0];
    expect(counts.t).toBeGreaterThan(100);
    expect(counts.r).toBeGreaterThan(counts.t);
    expect(counts.a).toBeGreaterThan(100);
    expect(counts.s).toBe(SUPERVISION.length);
    expect(counts.bad).toBe(0);
    expect(counts.mixed).toBe(0);
    // A real party's records and reports hold only real records: the same as before the demo data.
    expect(
      [(await ok(reports, { year: 2018 })).partyReports, (await ok(reports, { year: 2019 })).partyReports].map((list) =>
        list.filter((r: { party: { id: string } }) => before[0].some((b: { party: { id: string } }) => b.party.id === r.party.id)),
      ),
    ).toEqual(before);
    expect(await ok(minjin, {})).toEqual(minjinBefore);
    // The demo party supervising 陕西 beside 九三学社 does the generated work.
    const [{ party }] = rowsOf<{ party: string }>(
      await db.database.db.execute(sql`select party_id as party from parties.assistance where demo and kind = 'SUPERVISION' and helped_code = '61'`),
    );
    const after = (
      await ok(`query($id: ID!) { organization(id: $id) { name parent { id } partyReport(year: 2018) { trips peopleTrained adoptionRate demo { trips } } } }`, {
        id: party,
      })
    ).organization;
    expect(isDemoName(after.name)).toBe(true);
    expect(after.parent).toBeNull();
    expect(after.partyReport.trips).toBe(3);
    expect(after.partyReport.demo.trips).toBe(3);
    expect(after.partyReport.peopleTrained).toBeGreaterThan(0);
    expect(after.partyReport.adoptionRate).toBeGreaterThan(0);
    const jiusan = (await ok(`{ partyReport(partyId: "party-jiusan", year: 2018) { trips peopleTrained } }`, {})).partyReport;
    expect(jiusan).toEqual({ trips: 0, peopleTrained: 0 });
  });
});

describe('real and demo, once the demo data is loaded', () => {
  it('registers the demo organs only under the demo mark', async () => {
    const orgs = rowsOf<{ name: string; demo: boolean; parent_demo: boolean | null }>(
      await db.database.db.execute(sql`select o.name, o.demo, p.demo as parent_demo from registry.organizations o
        left join registry.organizations p on p.id = o.parent_id where o.kind in ('DEMOCRATIC_PARTY', 'INDUSTRY_AND_COMMERCE_FEDERATION')`),
    );
    expect(orgs.filter((o) => o.demo).length).toBe(2 * SUPERVISION.length + 1);
    for (const o of orgs) {
      expect(o.demo === isDemoName(o.name), o.name).toBe(true);
      if (o.demo && o.parent_demo !== null) expect(o.parent_demo, o.name).toBe(true);
    }
  });

  it('the whole is the real part plus the demo part, figure by figure, for every party and year', async () => {
    for (const year of [2016, 2018, 2019, 2020]) {
      const { whole, real } = await expectReportsAdd(year);
      expect(whole.length, `${year}`).toBeGreaterThan(real.length);
      expect(whole.filter((w) => w.demo.trips > 0).length, `${year}`).toBeGreaterThan(0);
    }
    // The parties listed without demo are those with real records, in the database.
    const real = (await ok(`{ partyReports(year: 2019, includeDemo: false) { party { id } } }`, {})).partyReports.map(
      (r: { party: { id: string } }) => r.party.id,
    );
    const rows = rowsOf<{ id: string }>(
      await db.database.db.execute(
        sql`select party_id as id from parties.assistance where not demo union select party_id from parties.supervision_trips where not demo order by 1`,
      ),
    );
    expect(real).toEqual(rows.map((r) => r.id));
    // A demo party has no real part.
    const [{ party }] = rowsOf<{ party: string }>(await db.database.db.execute(sql`select party_id as party from parties.assistance where demo limit 1`));
    const q = `query($id: ID!) { partyReport(partyId: $id, year: 2019, includeDemo: false) { trips } organization(id: $id) { partyReport(year: 2019, includeDemo: false) { trips } } }`;
    expect(await ok(q, { id: party })).toEqual({ partyReport: null, organization: { partyReport: null } });
  });

  it('includeDemo: false lists exactly the real records', async () => {
    const ids = async (query: string) => rowsOf<{ id: string }>(await db.database.db.execute(sql.raw(query))).map((r) => r.id);
    const sorted = (list: { id: string }[]) => list.map((r) => r.id).sort();
    const place = (
      await ok(
        `{ region(code: "52") {
      real: partyAssistance(includeDescendants: true, includeDemo: false) { id ... on SupervisionAssignment { demo } ... on IntellectualAssistance { demo } }
      all: partyAssistance(includeDescendants: true) { id } } }`,
        {},
      )
    ).region;
    // Asked alone, a list of core fields reads the core columns (and the flag it filters by).
    const core = await countStatements(db.database, () =>
      hub.query(`{ region(code: "52") { partyAssistance(includeDescendants: true, includeDemo: false) { id helper { name } } } }`),
    );
    expect(core.log.join('\n')).not.toMatch(/"title"/);
    place.core = core.result.data!.region.partyAssistance;
    const realIds = await ids(`select id from parties.assistance where helped_code like '52%' and not demo order by id`);
    expect(sorted(place.real)).toEqual(realIds);
    expect(sorted(place.core)).toEqual(realIds);
    expect(sorted(place.all)).toEqual(await ids(`select id from parties.assistance where helped_code like '52%' order by id`));
    expect(place.all.length).toBeGreaterThan(place.real.length);
    const county = (
      await ok(
        `{ region(code: "520525") { real: partyAssistance(includeAncestors: true, includeDemo: false) { id } all: partyAssistance(includeAncestors: true) { id } } }`,
        {},
      )
    ).region;
    expect(sorted(county.real)).toEqual(await ids(`select id from parties.assistance where helped_code in ('52', '5205', '520525') and not demo order by id`));
    expect(county.all.length).toBeGreaterThan(county.real.length);

    const [{ party }] = rowsOf<{ party: string }>(
      await db.database.db.execute(sql`select party_id as party from parties.assistance where demo and kind = 'SUPERVISION' and helped_code = '52'`),
    );
    const org = `query($id: ID!) { organization(id: $id) { real: partyAssistance(includeDemo: false) { id } all: partyAssistance { id } } }`;
    const demoParty = (await ok(org, { id: party })).organization;
    expect(demoParty.real).toEqual([]);
    expect(sorted(demoParty.all)).toEqual(await ids(`select id from parties.assistance where '${party}' in (helper_id, party_id) order by id`));
    const minge = (await ok(org, { id: 'party-minge' })).organization;
    expect(minge.real).toEqual(minge.all);

    const lists = await ok(
      `{
      realAssignments: supervisionAssignments(includeDemo: false) { id }
      assignments: supervisionAssignments { id }
      realTrips: supervisionTrips(includeDemo: false, first: 1) { totalCount }
      trips: supervisionTrips(first: 1) { totalCount }
      realRecs: recommendations(includeDemo: false, filter: {year: 2019}, first: 100) { totalCount edges { node { id demo } } }
      recs: recommendations(filter: {year: 2019}, first: 1) { totalCount } }`,
      {},
    );
    expect(sorted(lists.realAssignments)).toEqual(await ids(`select id from parties.assistance where kind = 'SUPERVISION' and not demo order by id`));
    expect(lists.assignments.length).toBe(lists.realAssignments.length + SUPERVISION.length);
    const count = async (query: string) => Number(rowsOf<{ n: number }>(await db.database.db.execute(sql.raw(query)))[0].n);
    expect(lists.realTrips.totalCount).toBe(await count(`select count(*) as n from parties.supervision_trips where not demo`));
    expect(lists.trips.totalCount).toBe(await count(`select count(*) as n from parties.supervision_trips`));
    expect(sorted(lists.realRecs.edges.map((e: { node: { id: string } }) => e.node))).toEqual(
      await ids(`select id from parties.recommendations where not demo and submitted_on between '2019-01-01' and '2019-12-31' order by id`),
    );
    expect(lists.recs.totalCount).toBeGreaterThan(lists.realRecs.totalCount);
  });

  it('costs nothing more by default or with includeDemo: false, and one statement more for a batch of demo parts', async () => {
    const counties = (args: string) =>
      `{ regions(filter: {povertyCounty: true}, first: 1000) { edges { node { code partyAssistance(includeAncestors: true${args}) { id helper { name } } } } } }`;
    const plain = await countSteadyStatements(db.database, () => hub.query(counties('')));
    const real = await countSteadyStatements(db.database, () => hub.query(counties(', includeDemo: false')));
    expect(real.result.errors).toBeUndefined();
    expect(real.statements, real.log.join('\n')).toBe(plain.statements);
    const reports = await countStatements(db.database, () => hub.query(`{ partyReports(year: 2019) { trips } }`));
    const realReports = await countStatements(db.database, () => hub.query(`{ partyReports(year: 2019, includeDemo: false) { trips } }`));
    const parts = await countStatements(db.database, () => hub.query(`{ partyReports(year: 2019) { trips demo { trips } } }`));
    expect(parts.result.errors).toBeUndefined();
    expect(realReports.statements).toBe(reports.statements);
    expect(parts.statements, parts.log.join('\n')).toBe(reports.statements + 1);
  });
});

describe('schema', () => {
  it('matches the committed supergraph', () => {
    expect(readCommittedSupergraph()).toBe(composeSupergraph());
  });
});
