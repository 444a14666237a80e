/**
 * Corrections of the record kinds the first corrections left out (docs/history.md): the parties
 * channel's supervision assignments, own aid counties, intellectual assistance and supervision
 * trips, the military channel's leading-group seats, and the local channel's members, households,
 * leading groups and seats, assessments and county secretaries; and the locks over the local
 * channel's voids and governance writes. Each correction made twice keeps three versions, the
 * lists and reports read the last; a missing reason, a stale version, a voided record and a locked
 * year are refused with code, field and rule, and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partyCentralId, partyProvincialId } from '../lib/org-ids.js';
import { militaryUnitId } from '../lib/org-ids.js';
import { ADMIN, callsTo, coordinator, editor, startFixtureHub, tearDown, type Hub, type TestDatabase } from './harness.js';

let db: TestDatabase;
let hub: Hub;

const PARTY = 'party-corr';
const PAFD = militaryUnitId('永寿县人民武装部');
const SENDER = 'loc-corr-sender';
const YS = '610426';
let village = '';

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({
    organizations: [
      { id: PAFD, name: '永寿县人民武装部', kind: 'PEOPLES_ARMED_FORCES_DEPARTMENT', homeRegionCode: '610426', demo: false, source: 'test' },
      { id: SENDER, name: '陕西省更正测试厅', kind: 'LOCAL_PARTY_STATE_ORGAN', homeRegionCode: '61', demo: false, source: 'test' },
    ],
  }));
  village = (await local.ok(`{ regions(filter: { level: VILLAGE, within: "${YS}" }, first: 1) { edges { node { code } } } }`)).regions.edges[0].node.code;
}, 300_000);

afterAll(() => tearDown(db, hub));

const parties = callsTo(() => hub, { as: ADMIN, schema: 'parties' });
const military = callsTo(() => hub, { as: ADMIN, schema: 'military' });
const local = callsTo(() => hub, { as: ADMIN, schema: 'local' });

const versions = (history: { version: number; action: string; reason: string | null }[]) => history.map((h) => [h.version, h.action, h.reason]);

describe('parties: supervision assignments', () => {
  const ASSIGN = `mutation($i: CreateSupervisionAssignmentInput!) { createSupervisionAssignment(input: $i) { id version } }`;
  const CORRECT = `mutation($id: ID!, $i: SupervisionAssignmentCorrection!, $reason: String, $v: Int) {
    correctSupervisionAssignment(id: $id, input: $i, reason: $reason, expectedVersion: $v) { id version since until untilPlanned arrangement } }`;
  const LIST = `{ supervisionAssignments(partyId: "${PARTY}") { id since until arrangement version history { version action reason } } }`;
  let id = '';

  it('corrected twice: three versions in history, the list reads the last', async () => {
    await parties.ok(`mutation { createOrganization(input: { id: "${PARTY}", name: "更正测试党派中央委员会", kind: DEMOCRATIC_PARTY }) { id } }`);
    const created = (await parties.ok(ASSIGN, { i: { helperId: PARTY, helpedCode: '11', since: '2021-01-01' } })).createSupervisionAssignment;
    id = created.id;
    expect(created.version).toBe(1);
    const first = await parties.ok(CORRECT, { id, i: { since: '2021-03-01', arrangement: '试点' }, reason: '起始日期有误', v: 1 });
    expect(first.correctSupervisionAssignment).toEqual({ id, version: 2, since: '2021-03-01', until: null, untilPlanned: false, arrangement: '试点' });
    const second = await parties.ok(CORRECT, { id, i: { until: '2023-12-31', untilPlanned: true }, reason: '补录计划结束', v: 2 });
    expect(second.correctSupervisionAssignment).toMatchObject({ version: 3, since: '2021-03-01', until: '2023-12-31', untilPlanned: true });
    const [listed] = (await parties.ok(LIST)).supervisionAssignments;
    expect(listed).toMatchObject({ id, since: '2021-03-01', until: '2023-12-31', arrangement: '试点', version: 3 });
    expect(versions(listed.history)).toEqual([
      [1, 'createSupervisionAssignment', null],
      [2, 'correctSupervisionAssignment', '起始日期有误'],
      [3, 'correctSupervisionAssignment', '补录计划结束'],
    ]);
  });

  it('refuses a missing reason, a stale version, another party’s editor, the create rules, a locked year — and changes nothing', async () => {
    await parties.refused(CORRECT, { id, i: { since: '2021-02-01' } }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    await parties.refused(CORRECT, { id, i: { since: '2021-02-01' }, reason: '  ' }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    await parties.refused(CORRECT, { id, i: { since: '2021-02-01' }, reason: '旧版本', v: 2 }, ADMIN, 'CONFLICT', 'version', 'expectedVersion');
    await parties.refused(CORRECT, { id, i: { since: '2021-02-01' }, reason: '无权' }, editor(partyCentralId('minge')), 'FORBIDDEN');
    await parties.refused(CORRECT, { id, i: { since: '2021-02-01' }, reason: '匿名' }, null, 'FORBIDDEN');
    await parties.refused(CORRECT, { id, i: { until: '2020-12-31' }, reason: '倒置' }, ADMIN, 'BAD_USER_INPUT', 'period', 'input.until');
    await parties.refused(CORRECT, { id, i: { until: null, untilPlanned: true }, reason: '计划' }, ADMIN, 'BAD_USER_INPUT', 'required', 'input.until');
    await parties.refused(CORRECT, { id, i: { evidenceUrl: 'ftp://x' }, reason: '网址' }, ADMIN, 'BAD_USER_INPUT', 'url', 'input.evidenceUrl');
    // One province per party: the party's next assignment starts in 2024.
    await parties.ok(ASSIGN, { i: { helperId: PARTY, helpedCode: '12', since: '2024-06-01' } });
    await parties.refused(CORRECT, { id, i: { until: '2024-12-31' }, reason: '延期' }, ADMIN, 'BAD_USER_INPUT', 'one-province-per-party', 'input.helperId');
    await parties.refused(CORRECT, { id: 'parties-sup-none', i: {}, reason: '无' }, ADMIN, 'NOT_FOUND', 'exists', 'id');

    // A trip under the assignment keeps its period from moving past it.
    const trip = await parties.ok(`mutation($i: RecordSupervisionTripInput!) { recordSupervisionTrip(input: $i) { id } }`, {
      i: { assignmentId: id, startDate: '2021-05-01', endDate: '2021-05-03', placesVisited: ['110101'] },
    });
    await parties.refused(CORRECT, { id, i: { since: '2021-06-01' }, reason: '晚于调研' }, ADMIN, 'BAD_USER_INPUT', 'records-outside-period', 'input.since');
    await parties.ok(`mutation($id: ID!) { voidPartyRecord(id: $id, reason: "测试") { __typename } }`, { id: trip.recordSupervisionTrip.id });

    await parties.ok(`mutation { lockPeriod(channel: DEMOCRATIC_PARTY, regionCode: "11", year: 2023, reason: "年度考核") { id } }`);
    // The corrected period reaches the locked year; or the record as recorded does.
    await parties.refused(CORRECT, { id, i: { arrangement: '锁定' }, reason: '锁定中' }, ADMIN, 'CONFLICT', 'locked', 'input.since');
    await parties.refused(CORRECT, { id, i: { until: '2022-12-31' }, reason: '移出锁定年' }, ADMIN, 'CONFLICT', 'locked', 'id');
    await parties.ok(`mutation { unlockPeriod(channel: DEMOCRATIC_PARTY, regionCode: "11", year: 2023, reason: "更正") { id } }`);

    await parties.ok(`mutation($id: ID!) { voidPartyRecord(id: $id, reason: "重复") { __typename } }`, { id });
    await parties.refused(CORRECT, { id, i: { arrangement: '作废后' }, reason: '作废后' }, ADMIN, 'CONFLICT', 'voided', 'id');
  });
});

describe('parties: own aid counties and intellectual assistance', () => {
  const OWN = `mutation($i: RecordOwnAidCountyInput!) { recordOwnAidCounty(input: $i) { id } }`;
  const CORRECT_OWN = `mutation($id: ID!, $i: OwnAidCountyCorrection!, $reason: String, $v: Int) {
    correctOwnAidCounty(id: $id, input: $i, reason: $reason, expectedVersion: $v) { version since note sinceDocumented } }`;
  const AID = `mutation($i: RecordIntellectualAssistanceInput!) { recordIntellectualAssistance(input: $i) { id } }`;
  const CORRECT_AID = `mutation($id: ID!, $i: IntellectualAssistanceCorrection!, $reason: String, $v: Int) {
    correctIntellectualAssistance(id: $id, input: $i, reason: $reason, expectedVersion: $v) { version title trainees experts } }`;
  const REPORT = `{ partyReport(partyId: "party-minjin", year: 2019) { trainingSessions peopleTrained experts } }`;

  it('an own aid county corrected twice keeps three versions; the place’s list reads the last', async () => {
    const id = (await parties.ok(OWN, { i: { helperId: PARTY, helpedCode: '431226', since: '2018-01-01' } })).recordOwnAidCounty.id;
    await parties.ok(CORRECT_OWN, { id, i: { note: '第一次' }, reason: '补充说明', v: 1 });
    const second = await parties.ok(CORRECT_OWN, { id, i: { since: '2017-01-01', sinceDocumented: false }, reason: '起始年份无据' });
    expect(second.correctOwnAidCounty).toEqual({ version: 3, since: '2017-01-01', note: '第一次', sinceDocumented: false });
    const place = await parties.ok(`{ region(code: "431226") { partyAssistance(year: 2017) { id since
      ... on OwnAidCounty { note sinceDocumented version history { version action reason } } } } }`);
    const listed = place.region.partyAssistance.find((a: { id: string }) => a.id === id);
    expect(listed).toMatchObject({ since: '2017-01-01', note: '第一次', sinceDocumented: false, version: 3 });
    expect(versions(listed.history)).toEqual([
      [1, 'recordOwnAidCounty', null],
      [2, 'correctOwnAidCounty', '补充说明'],
      [3, 'correctOwnAidCounty', '起始年份无据'],
    ]);
    await parties.refused(CORRECT_OWN, { id, i: { note: 'x' } }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    await parties.refused(CORRECT_OWN, { id, i: { note: 'x' }, reason: '旧', v: 1 }, ADMIN, 'CONFLICT', 'version', 'expectedVersion');
    await parties.refused(CORRECT_OWN, { id, i: { since: '1980-01-01' }, reason: '年份' }, ADMIN, 'BAD_USER_INPUT', 'year', 'input.since');
    // An intellectual assistance record's id is no own aid county's.
    await parties.refused(CORRECT_OWN, { id: 'parties-sup-minjin-43', i: { note: 'x' }, reason: '类别' }, ADMIN, 'NOT_FOUND', 'exists', 'id');
  });

  it('a training course corrected twice: the party’s report counts the last trainees', async () => {
    const before = (await parties.ok(REPORT)).partyReport;
    const helper = editor(partyProvincialId('minjin', '43'), { sub: 'minjin-hunan' });
    const id = (
      await parties.ok(
        AID,
        {
          i: {
            helperId: 'party-minjin-43',
            helpedCode: '430224',
            form: 'TRAINING',
            title: '更正培训班',
            since: '2019-07-01',
            until: '2019-07-03',
            trainees: 40,
          },
        },
        helper,
      )
    ).recordIntellectualAssistance.id;
    expect((await parties.ok(REPORT)).partyReport.peopleTrained).toBe(before.peopleTrained + 40);
    await parties.ok(CORRECT_AID, { id, i: { trainees: 45 }, reason: '人数有误', v: 1 }, helper);
    const second = await parties.ok(CORRECT_AID, { id, i: { trainees: 50, experts: 2, title: '更正后培训班' }, reason: '再次核对', v: 2 }, helper);
    expect(second.correctIntellectualAssistance).toEqual({ version: 3, title: '更正后培训班', trainees: 50, experts: 2 });
    const after = (await parties.ok(REPORT)).partyReport;
    expect(after).toEqual({
      trainingSessions: before.trainingSessions + 1,
      peopleTrained: before.peopleTrained + 50,
      experts: before.experts + 2,
    });
    const read = await parties.ok(`{ region(code: "430224") { partyAssistance(year: 2019) { id
      ... on IntellectualAssistance { history { version action reason } } } } }`);
    const listed = read.region.partyAssistance.find((a: { id: string }) => a.id === id);
    expect(versions(listed.history)).toEqual([
      [1, 'recordIntellectualAssistance', null],
      [2, 'correctIntellectualAssistance', '人数有误'],
      [3, 'correctIntellectualAssistance', '再次核对'],
    ]);

    await parties.refused(CORRECT_AID, { id, i: { trainees: null }, reason: '清空' }, helper, 'BAD_USER_INPUT', 'required', 'input.trainees');
    await parties.refused(CORRECT_AID, { id, i: { trainees: -1 }, reason: '负数' }, helper, 'BAD_USER_INPUT', undefined, 'input.trainees');
    await parties.refused(CORRECT_AID, { id, i: { until: null }, reason: '未结束' }, helper, 'BAD_USER_INPUT', 'required', 'input.until');
    await parties.refused(CORRECT_AID, { id, i: { trainees: 60 }, reason: '旧', v: 2 }, helper, 'CONFLICT', 'version', 'expectedVersion');
    await parties.refused(CORRECT_AID, { id, i: { trainees: 60 }, reason: '无权' }, editor(partyCentralId('minge')), 'FORBIDDEN');
    await parties.ok(`mutation { lockPeriod(channel: DEMOCRATIC_PARTY, regionCode: "43", year: 2019, reason: "年度考核") { id } }`);
    await parties.refused(CORRECT_AID, { id, i: { trainees: 60 }, reason: '锁定中' }, helper, 'CONFLICT', 'locked', 'input.since');
    await parties.ok(`mutation { unlockPeriod(channel: DEMOCRATIC_PARTY, regionCode: "43", year: 2019, reason: "更正完毕") { id } }`);
    await parties.ok(`mutation($id: ID!) { voidPartyRecord(id: $id, reason: "重复") { __typename } }`, { id });
    await parties.refused(CORRECT_AID, { id, i: { trainees: 60 }, reason: '作废后' }, helper, 'CONFLICT', 'voided', 'id');
    expect((await parties.ok(REPORT)).partyReport).toEqual(before);
  });
});

describe('parties: supervision trips', () => {
  const TRIP = `mutation($i: RecordSupervisionTripInput!) { recordSupervisionTrip(input: $i) { id } }`;
  const CORRECT = `mutation($id: ID!, $i: SupervisionTripCorrection!, $reason: String, $v: Int) {
    correctSupervisionTrip(id: $id, input: $i, reason: $reason, expectedVersion: $v) { version startDate endDate placesVisited { code } participants findings } }`;
  const REPORT = `{ partyReport(partyId: "party-minjin", year: 2019) { trips placesVisited } }`;
  const MINJIN = editor(partyCentralId('minjin'), { sub: 'minjin-central' });

  it('a trip corrected twice: three versions, the report counts the last places', async () => {
    const before = (await parties.ok(REPORT)).partyReport;
    const id = (
      await parties.ok(
        TRIP,
        { i: { assignmentId: 'parties-sup-minjin-43', startDate: '2019-03-01', endDate: '2019-03-02', placesVisited: ['430224'] } },
        MINJIN,
      )
    ).recordSupervisionTrip.id;
    await parties.ok(CORRECT, { id, i: { findings: '初稿' }, reason: '补充发现', v: 1 }, MINJIN);
    const second = await parties.ok(
      CORRECT,
      { id, i: { endDate: '2019-03-04', placesVisited: ['430224', '430225', '430224'], participants: 7 }, reason: '行程有误', v: 2 },
      MINJIN,
    );
    expect(second.correctSupervisionTrip).toEqual({
      version: 3,
      startDate: '2019-03-01',
      endDate: '2019-03-04',
      placesVisited: [{ code: '430224' }, { code: '430225' }],
      participants: 7,
      findings: '初稿',
    });
    const after = (await parties.ok(REPORT)).partyReport;
    expect(after.trips).toBe(before.trips + 1);
    const read = await parties.ok(`{ supervisionTrips(filter: { assignmentId: "parties-sup-minjin-43", year: 2019 }) { edges { node { id endDate
      history { version action reason } } } } }`);
    const listed = read.supervisionTrips.edges.map((e: { node: { id: string } }) => e.node).find((n: { id: string }) => n.id === id);
    expect(listed.endDate).toBe('2019-03-04');
    expect(versions(listed.history)).toEqual([
      [1, 'recordSupervisionTrip', null],
      [2, 'correctSupervisionTrip', '补充发现'],
      [3, 'correctSupervisionTrip', '行程有误'],
    ]);

    await parties.refused(CORRECT, { id, i: { participants: 1 } }, MINJIN, 'BAD_USER_INPUT', 'required', 'reason');
    await parties.refused(CORRECT, { id, i: { participants: 1 }, reason: '旧', v: 1 }, MINJIN, 'CONFLICT', 'version', 'expectedVersion');
    await parties.refused(CORRECT, { id, i: { endDate: '2019-02-01' }, reason: '倒置' }, MINJIN, 'BAD_USER_INPUT', 'period', 'input.endDate');
    await parties.refused(
      CORRECT,
      { id, i: { placesVisited: ['520102'] }, reason: '省外' },
      MINJIN,
      'BAD_USER_INPUT',
      'within-place',
      'input.placesVisited[0]',
    );
    await parties.refused(CORRECT, { id, i: { placesVisited: [] }, reason: '无' }, MINJIN, 'BAD_USER_INPUT', 'required', 'input.placesVisited');
    await parties.refused(CORRECT, { id, i: { organizerId: 'party-minge' }, reason: '他党' }, MINJIN, 'BAD_USER_INPUT', 'party-committee', 'input.organizerId');
    await parties.refused(CORRECT, { id, i: { participants: 1 }, reason: '无权' }, editor(partyCentralId('minge')), 'FORBIDDEN');
    // A recommendation out of the trip stays after it.
    await parties.ok(
      `mutation($i: SubmitRecommendationInput!) { submitRecommendation(input: $i) { id } }`,
      { i: { assignmentId: 'parties-sup-minjin-43', tripId: id, title: '更正测试建议', recipient: '湖南省', submittedOn: '2019-03-05' } },
      MINJIN,
    );
    await parties.refused(CORRECT, { id, i: { endDate: '2019-03-06' }, reason: '延长' }, MINJIN, 'BAD_USER_INPUT', 'after-trip', 'input.endDate');
    await parties.ok(`mutation { lockPeriod(channel: DEMOCRATIC_PARTY, regionCode: "43", year: 2019, reason: "年度考核") { id } }`);
    await parties.refused(CORRECT, { id, i: { participants: 1 }, reason: '锁定中' }, MINJIN, 'CONFLICT', 'locked', 'id');
    await parties.ok(`mutation { unlockPeriod(channel: DEMOCRATIC_PARTY, regionCode: "43", year: 2019, reason: "更正完毕") { id } }`);
    await parties.ok(`mutation($id: ID!) { voidPartyRecord(id: $id, reason: "重复") { __typename } }`, { id });
    await parties.refused(CORRECT, { id, i: { participants: 1 }, reason: '作废后' }, MINJIN, 'CONFLICT', 'voided', 'id');
    expect((await parties.ok(REPORT)).partyReport).toEqual(before);
  });
});

describe('parties: recommendations not yet acknowledged', () => {
  const MINJIN = editor(partyCentralId('minjin'), { sub: 'minjin-central' });
  const CORRECT = `mutation($id: ID!, $i: RecommendationCorrection!, $reason: String, $v: Int) {
    correctRecommendation(id: $id, input: $i, reason: $reason, expectedVersion: $v) { version form title content recipient recipientRegion { code } } }`;

  it('corrected twice while SUBMITTED: three versions, the list reads the last; once acknowledged it is not corrected', async () => {
    const id = (
      await parties.ok(
        `mutation($i: SubmitRecommendationInput!) { submitRecommendation(input: $i) { id version } }`,
        { i: { assignmentId: 'parties-sup-minjin-43', title: '关于更正的建议', recipient: '湖南省', submittedOn: '2019-04-01' } },
        MINJIN,
      )
    ).submitRecommendation.id;
    await parties.ok(CORRECT, { id, i: { title: '关于更正测试的建议', content: '正文' }, reason: '标题有误', v: 1 }, MINJIN);
    const second = await parties.ok(CORRECT, { id, i: { form: 'REPORT', recipientCode: '4302' }, reason: '改为报告', v: 2 }, MINJIN);
    expect(second.correctRecommendation).toEqual({
      version: 3,
      form: 'REPORT',
      title: '关于更正测试的建议',
      content: '正文',
      recipient: '湖南省',
      recipientRegion: { code: '4302' },
    });
    const listed = (
      await parties.ok(`{ recommendations(filter: { assignmentId: "parties-sup-minjin-43", year: 2019 }) { edges { node { id title form
        history { version action reason } } } } }`)
    ).recommendations.edges
      .map((e: { node: { id: string } }) => e.node)
      .find((n: { id: string }) => n.id === id);
    expect(listed).toMatchObject({ title: '关于更正测试的建议', form: 'REPORT' });
    expect(versions(listed.history)).toEqual([
      [1, 'submitRecommendation', null],
      [2, 'correctRecommendation', '标题有误'],
      [3, 'correctRecommendation', '改为报告'],
    ]);
    await parties.refused(CORRECT, { id, i: { title: '再改' } }, MINJIN, 'BAD_USER_INPUT', 'required', 'reason');
    await parties.refused(CORRECT, { id, i: { title: '再改' }, reason: '旧', v: 2 }, MINJIN, 'CONFLICT', 'version', 'expectedVersion');
    await parties.refused(CORRECT, { id, i: { title: ' ' }, reason: '空' }, MINJIN, 'BAD_USER_INPUT', 'required', 'input.title');
    await parties.refused(CORRECT, { id, i: { recipientCode: '52' }, reason: '省外' }, MINJIN, 'BAD_USER_INPUT', 'within-place', 'input.recipientCode');
    await parties.refused(CORRECT, { id, i: { title: '再改' }, reason: '无权' }, editor(partyCentralId('minge')), 'FORBIDDEN');
    await parties.ok(`mutation { lockPeriod(channel: DEMOCRATIC_PARTY, regionCode: "43", year: 2019, reason: "年度考核") { id } }`);
    await parties.refused(CORRECT, { id, i: { title: '再改' }, reason: '锁定中' }, MINJIN, 'CONFLICT', 'locked', 'id');
    await parties.ok(`mutation { unlockPeriod(channel: DEMOCRATIC_PARTY, regionCode: "43", year: 2019, reason: "更正完毕") { id } }`);
    await parties.ok(`mutation($id: ID!) { advanceRecommendation(id: $id, input: { status: ACKNOWLEDGED, on: "2019-04-10" }) { version } }`, { id });
    await parties.refused(CORRECT, { id, i: { title: '再改' }, reason: '已签收' }, MINJIN, 'CONFLICT', 'status', 'id');
    await parties.ok(`mutation($id: ID!) { voidPartyRecord(id: $id, reason: "重复") { __typename } }`, { id });
    await parties.refused(CORRECT, { id, i: { title: '再改' }, reason: '作废后' }, MINJIN, 'CONFLICT', 'voided', 'id');
  });
});

describe('military: leading-group seats', () => {
  const SEAT = `mutation($i: LeadingGroupMembershipInput!) { recordLeadingGroupMembership(input: $i) { id version } }`;
  const CORRECT = `mutation($id: ID!, $i: LeadingGroupMembershipCorrection!, $reason: String, $v: Int) {
    correctLeadingGroupMembership(id: $id, input: $i, reason: $reason, expectedVersion: $v) { id version since until } }`;
  const SEATS = `query($y: Int) { region(code: "610426") { militaryLeadingGroupMembersPage(year: $y) { totalCount edges { node { id since until } } } } }`;
  const OFFICE = coordinator('610426', { sub: 'office-610426' });

  it('a seat corrected twice: three versions; the place’s seats read the last', async () => {
    const seat = (await military.ok(SEAT, { i: { unitId: PAFD, regionCode: '610426', since: '2016-01-01', until: '2016-12-31' } }))
      .recordLeadingGroupMembership;
    const id = seat.id;
    expect(seat.version).toBe(1);
    await military.ok(CORRECT, { id, i: { until: '2017-12-31' }, reason: '任期延长', v: 1 }, OFFICE);
    const second = await military.ok(CORRECT, { id, i: { since: '2016-03-01', until: null }, reason: '仍在任', v: 2 }, OFFICE);
    expect(second.correctLeadingGroupMembership).toEqual({ id, version: 3, since: '2016-03-01', until: null });
    const listed = (await military.ok(SEATS, { y: 2019 })).region.militaryLeadingGroupMembersPage.edges.map((e: { node: unknown }) => e.node);
    expect(listed).toContainEqual({ id, since: '2016-03-01', until: null });
    const byId = await military.ok(`query($id: ID!) { militaryLeadingGroupMembership(id: $id) { version history { version action reason } } }`, { id });
    expect(byId.militaryLeadingGroupMembership.version).toBe(3);
    expect(versions(byId.militaryLeadingGroupMembership.history)).toEqual([
      [1, 'recordLeadingGroupMembership', null],
      [2, 'correctLeadingGroupMembership', '任期延长'],
      [3, 'correctLeadingGroupMembership', '仍在任'],
    ]);

    await military.refused(CORRECT, { id, i: { since: '2016-02-01' } }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    await military.refused(CORRECT, { id, i: { since: '2016-02-01' }, reason: '旧', v: 2 }, ADMIN, 'CONFLICT', 'version', 'expectedVersion');
    await military.refused(CORRECT, { id, i: { until: '2015-12-31' }, reason: '倒置' }, ADMIN, 'BAD_USER_INPUT', 'period', 'input.until');
    await military.refused(CORRECT, { id, i: { since: '2016-02-01' }, reason: '无权' }, coordinator('52'), 'FORBIDDEN');
    // Another seat of the unit on the region, later: the corrected one may not overlap it.
    const later = (await military.ok(SEAT, { i: { unitId: PAFD, regionCode: '610426', since: '2014-01-01', until: '2014-12-31' } }))
      .recordLeadingGroupMembership.id;
    await military.refused(CORRECT, { id: later, i: { until: '2016-06-30' }, reason: '重叠' }, ADMIN, 'BAD_USER_INPUT', 'duplicate', 'input');
    await military.ok(`mutation { lockPeriod(channel: MILITARY, regionCode: "6104", year: 2014, reason: "年度考核") { id } }`);
    await military.refused(CORRECT, { id: later, i: { since: '2014-02-01' }, reason: '锁定中' }, ADMIN, 'CONFLICT', 'locked', 'id');
    await military.ok(`mutation($id: ID!) { voidMilitaryRecord(id: $id, reason: "重复") { __typename } }`, { id });
    await military.refused(CORRECT, { id, i: { since: '2016-02-01' }, reason: '作废后' }, ADMIN, 'CONFLICT', 'voided', 'id');
    await military.refused(CORRECT, { id: 'mil-lg-999999', i: {}, reason: '无' }, ADMIN, 'NOT_FOUND', 'exists', 'id');
  });
});

describe('local: members, households, assessments, leading-group seats; locks on voids and governance writes', () => {
  const OFFICE = coordinator(YS, { sub: 'office-610426', office: 'POVERTY' });
  const LOCK = `mutation { lockPeriod(channel: LOCAL, regionCode: "${YS}", year: 2012, reason: "年度考核") { id } }`;
  const UNLOCK = `mutation { unlockPeriod(channel: LOCAL, regionCode: "${YS}", year: 2012, reason: "考核结束") { id } }`;
  const VOID = `mutation($id: ID!, $reason: String) { voidLocalRecord(id: $id, reason: $reason) { __typename } }`;
  const ids: Record<string, string> = {};

  it('a member corrected twice: three versions, the team’s members read the last', async () => {
    const CORRECT = `mutation($id: ID!, $i: WorkTeamMemberCorrection!, $reason: String, $v: Int) {
      correctWorkTeamMember(id: $id, input: $i, reason: $reason, expectedVersion: $v) { id personName role since until } }`;
    const team = (
      await local.ok(`mutation($i: CreateWorkTeamInput!) { createWorkTeam(input: $i) { id } }`, {
        i: { villageCode: village, senderIds: [SENDER], since: '2012-01-01', until: '2014-12-31' },
      })
    ).createWorkTeam.id;
    const member = (
      await local.ok(`mutation($t: ID!, $i: WorkTeamMemberInput!) { addWorkTeamMember(teamId: $t, input: $i) { id } }`, {
        t: team,
        i: { personName: '更正队员', role: 'MEMBER', since: '2012-03-01', until: '2014-06-30' },
      })
    ).addWorkTeamMember.id;
    ids.team = team;
    ids.member = member;
    await local.ok(CORRECT, { id: member, i: { personName: '更正后队员' }, reason: '姓名有误', v: 1 }, OFFICE);
    const second = await local.ok(CORRECT, { id: member, i: { role: 'FIRST_SECRETARY', until: '2014-12-31' }, reason: '任职有误', v: 2 }, OFFICE);
    expect(second.correctWorkTeamMember).toEqual({ id: member, personName: '更正后队员', role: 'FIRST_SECRETARY', since: '2012-03-01', until: '2014-12-31' });
    const read = await local.ok(`query($t: ID!) { workTeam(id: $t) { members { id role personName history { version action reason } } } }`, { t: team });
    const [m] = read.workTeam.members;
    expect(m).toMatchObject({ id: member, role: 'FIRST_SECRETARY', personName: '更正后队员' });
    expect(versions(m.history)).toEqual([
      [1, 'addWorkTeamMember', null],
      [2, 'correctWorkTeamMember', '姓名有误'],
      [3, 'correctWorkTeamMember', '任职有误'],
    ]);
    await local.refused(CORRECT, { id: member, i: { role: 'MEMBER' } }, OFFICE, 'BAD_USER_INPUT', 'required', 'reason');
    await local.refused(CORRECT, { id: member, i: { role: 'MEMBER' }, reason: '旧', v: 2 }, OFFICE, 'CONFLICT', 'version', 'expectedVersion');
    await local.refused(CORRECT, { id: member, i: { since: '2011-06-01' }, reason: '早于工作队' }, OFFICE, 'BAD_USER_INPUT', 'within-period', 'input.since');
    await local.refused(CORRECT, { id: member, i: { until: null }, reason: '仍在任' }, OFFICE, 'BAD_USER_INPUT', 'within-period', 'input.until');
    await local.refused(CORRECT, { id: member, i: { personName: ' ' }, reason: '空' }, OFFICE, 'BAD_USER_INPUT', 'required', 'input.personName');
    await local.refused(CORRECT, { id: member, i: { role: 'MEMBER' }, reason: '无权' }, coordinator('610430', { office: 'POVERTY' }), 'FORBIDDEN');
  });

  it('a household’s facts corrected twice: three versions, the list reads the last', async () => {
    const CORRECT = `mutation($id: ID!, $i: HouseholdCorrection!, $reason: String, $v: Int) {
      correctHousehold(id: $id, input: $i, reason: $reason, expectedVersion: $v) { id size mainCause } }`;
    const id = 'YS-CORR-0001';
    await local.ok(`mutation($i: FileHouseholdInput!) { fileHousehold(input: $i) { id } }`, {
      i: { id, villageCode: village, size: 3, mainCause: 'ILLNESS', year: 2012, status: 'IDENTIFIED' },
    });
    ids.household = id;
    await local.ok(CORRECT, { id, i: { size: 4 }, reason: '人口有误', v: 1 }, OFFICE);
    const second = await local.ok(CORRECT, { id, i: { size: 5, mainCause: 'DISABILITY' }, reason: '再次核实', v: 2 }, OFFICE);
    expect(second.correctHousehold).toEqual({ id, size: 5, mainCause: 'DISABILITY' });
    const read = await local.ok(
      `{ region(code: "${village}") { poorHouseholds(year: 2012) { edges { node { id size mainCause versions { version action reason } } } } } }`,
    );
    const node = read.region.poorHouseholds.edges.map((e: { node: { id: string } }) => e.node).find((n: { id: string }) => n.id === id);
    expect(node).toMatchObject({ size: 5, mainCause: 'DISABILITY' });
    expect(versions(node.versions)).toEqual([
      [1, 'fileHousehold', null],
      [2, 'correctHousehold', '人口有误'],
      [3, 'correctHousehold', '再次核实'],
    ]);
    await local.refused(CORRECT, { id, i: { size: 6 } }, OFFICE, 'BAD_USER_INPUT', 'required', 'reason');
    await local.refused(CORRECT, { id, i: { size: 6 }, reason: '旧', v: 1 }, OFFICE, 'CONFLICT', 'version', 'expectedVersion');
    await local.refused(CORRECT, { id, i: { size: 0 }, reason: '零' }, OFFICE, 'BAD_USER_INPUT', 'range', 'input.size');
    await local.refused(CORRECT, { id: 'YS-CORR-9999', i: { size: 2 }, reason: '无' }, OFFICE, 'NOT_FOUND', 'exists', 'id');
  });

  it('an assessment and a leading-group seat corrected twice: three versions, the lists read the last', async () => {
    const CORRECT_AS = `mutation($id: ID!, $i: AssessmentCorrection!, $reason: String, $v: Int) {
      correctAssessment(id: $id, input: $i, reason: $reason, expectedVersion: $v) { id grade findings } }`;
    const assessment = (
      await local.ok(`mutation($i: AssessmentInput!) { recordAssessment(input: $i) { id } }`, {
        i: { regionCode: YS, year: 2012, grade: 'FAIR', findings: '初评' },
      })
    ).recordAssessment.id;
    ids.assessment = assessment;
    await local.ok(CORRECT_AS, { id: assessment, i: { grade: 'GOOD' }, reason: '复核', v: 1 }, OFFICE);
    await local.ok(CORRECT_AS, { id: assessment, i: { findings: '复核后意见' }, reason: '补充意见', v: 2 }, OFFICE);
    const assessed = await local.ok(`{ region(code: "${YS}") { assessments(year: 2012) { id grade findings history { version action reason } } } }`);
    const [a] = assessed.region.assessments;
    expect(a).toMatchObject({ id: assessment, grade: 'GOOD', findings: '复核后意见' });
    expect(versions(a.history)).toEqual([
      [1, 'recordAssessment', null],
      [2, 'correctAssessment', '复核'],
      [3, 'correctAssessment', '补充意见'],
    ]);
    await local.refused(CORRECT_AS, { id: assessment, i: { grade: 'POOR' } }, OFFICE, 'BAD_USER_INPUT', 'required', 'reason');
    await local.refused(CORRECT_AS, { id: assessment, i: { grade: 'POOR' }, reason: '旧', v: 2 }, OFFICE, 'CONFLICT', 'version', 'expectedVersion');
    await local.refused(CORRECT_AS, { id: assessment, i: { findings: '' }, reason: '空' }, OFFICE, 'BAD_USER_INPUT', 'required', 'input.findings');

    const CORRECT_SEAT = `mutation($id: ID!, $i: LeadingGroupSeatCorrection!, $reason: String, $v: Int) {
      correctLeadingGroupSeat(id: $id, input: $i, reason: $reason, expectedVersion: $v) { id role since until } }`;
    const group = (
      await local.ok(`mutation($i: LeadingGroupInput!) { createLeadingGroup(input: $i) { id } }`, {
        i: { regionCode: YS, officeId: SENDER, since: '2012-01-01', until: '2015-12-31' },
      })
    ).createLeadingGroup;
    const seat = (
      await local.ok(`mutation($g: ID!, $i: LeadingGroupSeatInput!) { addLeadingGroupSeat(groupId: $g, input: $i) { id } }`, {
        g: group.id,
        i: { organizationId: SENDER, role: 'MEMBER', since: '2012-01-01', until: '2015-12-31' },
      })
    ).addLeadingGroupSeat.id;
    ids.group = group.id;
    ids.seat = seat;
    await local.ok(CORRECT_SEAT, { id: seat, i: { role: 'DEPUTY' }, reason: '职务有误', v: 1 }, OFFICE);
    const second = await local.ok(CORRECT_SEAT, { id: seat, i: { until: '2014-12-31' }, reason: '结束有误', v: 2 }, OFFICE);
    expect(second.correctLeadingGroupSeat).toEqual({ id: seat, role: 'DEPUTY', since: '2012-01-01', until: '2014-12-31' });
    const seats = await local.ok(`query($g: ID!) { leadingGroup(id: $g) { seats { id role since history { version action reason } } } }`, { g: group.id });
    const [s] = seats.leadingGroup.seats;
    expect(s).toMatchObject({ id: seat, role: 'DEPUTY', since: '2012-01-01' });
    expect(versions(s.history)).toEqual([
      [1, 'addLeadingGroupSeat', null],
      [2, 'correctLeadingGroupSeat', '职务有误'],
      [3, 'correctLeadingGroupSeat', '结束有误'],
    ]);
    await local.refused(CORRECT_SEAT, { id: seat, i: { role: 'HEAD' } }, OFFICE, 'BAD_USER_INPUT', 'required', 'reason');
    await local.refused(CORRECT_SEAT, { id: seat, i: { role: 'HEAD' }, reason: '旧', v: 1 }, OFFICE, 'CONFLICT', 'version', 'expectedVersion');
    await local.refused(CORRECT_SEAT, { id: seat, i: { since: '2011-01-01' }, reason: '早于小组' }, OFFICE, 'BAD_USER_INPUT', 'within-period', 'input.since');
    await local.refused(CORRECT_SEAT, { id: seat, i: { role: 'HEAD' }, reason: '无权' }, coordinator('610430', { office: 'POVERTY' }), 'FORBIDDEN');
  });

  it('a leading group corrected twice: three versions, the place’s group reads the last; its seats stay inside', async () => {
    const CORRECT = `mutation($id: ID!, $i: LeadingGroupCorrection!, $reason: String, $v: Int) {
      correctLeadingGroup(id: $id, input: $i, reason: $reason, expectedVersion: $v) { id since until } }`;
    const g = ids.group;
    // Version 2: the seat given on it.
    await local.ok(CORRECT, { id: g, i: { until: '2016-12-31' }, reason: '延至2016年', v: 2 }, OFFICE);
    const second = await local.ok(CORRECT, { id: g, i: { officeId: SENDER, until: '2017-12-31' }, reason: '延至2017年' }, OFFICE);
    expect(second.correctLeadingGroup).toEqual({ id: g, since: '2012-01-01', until: '2017-12-31' });
    const read = await local.ok(`{ region(code: "${YS}") { leadingGroup(year: 2017) { id until history { version action reason } } } }`);
    expect(read.region.leadingGroup).toMatchObject({ id: g, until: '2017-12-31' });
    expect(versions(read.region.leadingGroup.history)).toEqual([
      [1, 'createLeadingGroup', null],
      [3, 'correctLeadingGroup', '延至2016年'],
      [4, 'correctLeadingGroup', '延至2017年'],
    ]);
    await local.refused(CORRECT, { id: g, i: { until: '2018-12-31' } }, OFFICE, 'BAD_USER_INPUT', 'required', 'reason');
    await local.refused(CORRECT, { id: g, i: { until: '2018-12-31' }, reason: '旧', v: 1 }, OFFICE, 'CONFLICT', 'version', 'expectedVersion');
    await local.refused(CORRECT, { id: g, i: { until: '2013-12-31' }, reason: '缩短' }, OFFICE, 'BAD_USER_INPUT', 'records-outside-period', 'input.since');
    await local.refused(CORRECT, { id: g, i: { officeId: 'no-such-office' }, reason: '办公室' }, OFFICE, 'NOT_FOUND', 'exists', 'input.officeId');
    // Another group of the place from 2018: the corrected one may not reach it.
    await local.ok(`mutation($i: LeadingGroupInput!) { createLeadingGroup(input: $i) { id } }`, {
      i: { regionCode: YS, officeId: SENDER, since: '2018-01-01' },
    });
    await local.refused(CORRECT, { id: g, i: { until: null }, reason: '仍在' }, OFFICE, 'BAD_USER_INPUT', 'duplicate', 'input.since');
  });

  it('a county secretary corrected twice: three versions, the county’s list reads the last', async () => {
    const CORRECT = `mutation($id: ID!, $i: CountySecretaryCorrection!, $reason: String, $v: Int) {
      correctCountySecretary(id: $id, input: $i, reason: $reason, expectedVersion: $v) { id personName since until } }`;
    const id = (
      await local.ok(`mutation($i: CountySecretaryInput!) { recordCountySecretary(input: $i) { id } }`, {
        i: { countyCode: YS, personName: '更正书记', since: '2012-01-01', until: '2013-12-31' },
      })
    ).recordCountySecretary.id;
    ids.secretary = id;
    await local.ok(CORRECT, { id, i: { personName: '更正后书记' }, reason: '姓名有误', v: 1 }, OFFICE);
    const second = await local.ok(CORRECT, { id, i: { until: '2014-06-30' }, reason: '离任日期有误', v: 2 }, OFFICE);
    expect(second.correctCountySecretary).toEqual({ id, personName: '更正后书记', since: '2012-01-01', until: '2014-06-30' });
    const read = await local.ok(`{ region(code: "${YS}") { countySecretaries { id personName until history { version action reason } } } }`);
    const listed = read.region.countySecretaries.find((r: { id: string }) => r.id === id);
    expect(listed).toMatchObject({ personName: '更正后书记', until: '2014-06-30' });
    expect(versions(listed.history)).toEqual([
      [1, 'recordCountySecretary', null],
      [2, 'correctCountySecretary', '姓名有误'],
      [3, 'correctCountySecretary', '离任日期有误'],
    ]);
    await local.refused(CORRECT, { id, i: { personName: 'x' } }, OFFICE, 'BAD_USER_INPUT', 'required', 'reason');
    await local.refused(CORRECT, { id, i: { personName: 'x' }, reason: '旧', v: 1 }, OFFICE, 'CONFLICT', 'version', 'expectedVersion');
    await local.refused(CORRECT, { id, i: { until: '2011-12-31' }, reason: '倒置' }, OFFICE, 'BAD_USER_INPUT', 'period', 'input.until');
    await local.ok(`mutation($i: CountySecretaryInput!) { recordCountySecretary(input: $i) { id } }`, {
      i: { countyCode: YS, personName: '继任书记', since: '2015-01-01' },
    });
    await local.refused(CORRECT, { id, i: { until: null }, reason: '仍在任' }, OFFICE, 'BAD_USER_INPUT', 'duplicate', 'input.since');
    await local.refused(CORRECT, { id, i: { personName: 'x' }, reason: '无权' }, coordinator('610430', { office: 'POVERTY' }), 'FORBIDDEN');
  });

  it('a locked year refuses the corrections, the voids and the governance writes (CONFLICT locked), nothing changed', async () => {
    await local.ok(LOCK);
    const M = `mutation($id: ID!) { correctWorkTeamMember(id: $id, input: { role: MEMBER }, reason: "锁定中") { id } }`;
    await local.refused(M, { id: ids.member }, OFFICE, 'CONFLICT', 'locked', 'id');
    await local.refused(
      `mutation($id: ID!) { correctHousehold(id: $id, input: { size: 2 }, reason: "锁定中") { id } }`,
      { id: ids.household },
      OFFICE,
      'CONFLICT',
      'locked',
      'id',
    );
    await local.refused(
      `mutation($id: ID!) { correctCountySecretary(id: $id, input: { personName: "锁定中" }, reason: "锁定中") { id } }`,
      { id: ids.secretary },
      OFFICE,
      'CONFLICT',
      'locked',
      'id',
    );
    await local.refused(
      `mutation($id: ID!) { correctAssessment(id: $id, input: { grade: POOR }, reason: "锁定中") { id } }`,
      { id: ids.assessment },
      OFFICE,
      'CONFLICT',
      'locked',
      'id',
    );
    await local.refused(
      `mutation($id: ID!) { correctLeadingGroupSeat(id: $id, input: { since: "2012-06-01" }, reason: "移入锁定年") { id } }`,
      { id: ids.seat },
      OFFICE,
      'CONFLICT',
      'locked',
      'id',
    );
    for (const id of [ids.team, ids.member, ids.household, ids.assessment, ids.group, ids.seat]) {
      await local.refused(VOID, { id, reason: '锁定中' }, OFFICE, 'CONFLICT', 'locked', 'id');
    }
    await local.refused(
      `mutation($i: AssessmentInput!) { recordAssessment(input: $i) { id } }`,
      { i: { regionCode: YS, year: 2012, grade: 'GOOD', findings: '锁定年' } },
      OFFICE,
      'CONFLICT',
      'locked',
      'input.year',
    );
    await local.refused(
      `mutation($i: CountySecretaryInput!) { recordCountySecretary(input: $i) { id } }`,
      { i: { countyCode: YS, personName: '更正书记', since: '2011-01-01', until: '2012-06-30' } },
      OFFICE,
      'CONFLICT',
      'locked',
      'input.since',
    );
    await local.refused(
      `mutation($i: LeadingGroupInput!) { createLeadingGroup(input: $i) { id } }`,
      { i: { regionCode: YS, officeId: SENDER, since: '2012-01-01', until: '2012-12-31' } },
      OFFICE,
      'CONFLICT',
      'locked',
      'input.since',
    );
    await local.refused(
      `mutation($g: ID!, $i: LeadingGroupSeatInput!) { addLeadingGroupSeat(groupId: $g, input: $i) { id } }`,
      { g: ids.group, i: { organizationId: SENDER, role: 'MEMBER', since: '2012-03-01', until: '2012-12-31' } },
      OFFICE,
      'CONFLICT',
      'locked',
      'input.since',
    );
    await local.refused(
      `mutation($i: ResponsibilityLetterInput!) { signResponsibilityLetter(input: $i) { id } }`,
      { i: { signerCode: YS, yearSigned: 2012, since: '2012-01-01', until: '2012-12-31', targets: '脱贫目标' } },
      OFFICE,
      'CONFLICT',
      'locked',
      'input.since',
    );
    // Another year of the county stays open.
    await local.ok(
      `mutation($i: AssessmentInput!) { recordAssessment(input: $i) { id } }`,
      { i: { regionCode: YS, year: 2013, grade: 'GOOD', findings: '次年' } },
      OFFICE,
    );
    await local.ok(UNLOCK);
    // Unlocked: the void goes through, and a voided record is no longer corrected.
    await local.ok(VOID, { id: ids.member, reason: '重复录入' }, OFFICE);
    await local.refused(M, { id: ids.member }, OFFICE, 'CONFLICT', 'voided', 'id');
    await local.ok(VOID, { id: ids.household, reason: '重复录入' }, OFFICE);
    await local.refused(
      `mutation($id: ID!) { correctHousehold(id: $id, input: { size: 2 }, reason: "作废后") { id } }`,
      { id: ids.household },
      OFFICE,
      'CONFLICT',
      'voided',
      'id',
    );
    await local.ok(VOID, { id: ids.assessment, reason: '重复录入' }, OFFICE);
    await local.refused(
      `mutation($id: ID!) { correctAssessment(id: $id, input: { grade: POOR }, reason: "作废后") { id } }`,
      { id: ids.assessment },
      OFFICE,
      'CONFLICT',
      'voided',
      'id',
    );
    await local.ok(VOID, { id: ids.seat, reason: '重复录入' }, OFFICE);
    await local.refused(
      `mutation($id: ID!) { correctLeadingGroupSeat(id: $id, input: { role: HEAD }, reason: "作废后") { id } }`,
      { id: ids.seat },
      OFFICE,
      'CONFLICT',
      'voided',
      'id',
    );
  });
});
