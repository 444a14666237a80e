/**
 * Corrections and voids of the record kinds beyond flows and contributions (docs/history.md):
 * military leading-group seats and unit profiles, designated annual reports, corrections of
 * designated pairings and cadre postings and of enterprise compacts, and the locked periods over
 * party trips and recommendations and designated ends and recalls. Each voided record leaves its
 * lists and totals, stays readable by id, is final; each corrected one keeps its versions and its
 * totals read the last.
 */
import { militaryUnitId } from '../lib/org-ids.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, callsTo, coordinator, editor, startFixtureHub, tearDown, type Hub, type TestDatabase } from './harness.js';

let db: TestDatabase;
let hub: Hub;

const SOE = 'kinds-soe';
const PAFD = militaryUnitId('永寿县人民武装部');

const military = callsTo(() => hub, { as: ADMIN, schema: 'military' });
const designated = callsTo(() => hub, { as: ADMIN, schema: 'designated' });

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({
    organizations: [
      { id: SOE, name: '中国更正测试集团有限公司', kind: 'CENTRAL_SOE', homeRegionCode: '11', demo: false, source: 'test' },
      { id: PAFD, name: '永寿县人民武装部', kind: 'PEOPLES_ARMED_FORCES_DEPARTMENT', homeRegionCode: '610426', demo: false, source: 'test' },
    ],
  }));
}, 300_000);

afterAll(() => tearDown(db, hub));

const VOID_MIL = `mutation($id: ID!, $reason: String) { voidMilitaryRecord(id: $id, reason: $reason) {
  __typename ... on LeadingGroupMembership { id voided { by reason } } ... on MilitaryUnitProfile { voided { by reason } } } }`;

describe('voided military leading-group seats and unit profiles', () => {
  const SEATS = `{ region(code: "610426") { militaryLeadingGroupMembersPage(year: 2019) { totalCount edges { node { id } } } } }`;
  const SEAT = `mutation($i: LeadingGroupMembershipInput!) { recordLeadingGroupMembership(input: $i) { id } }`;

  it('a voided seat leaves the place’s seats and their count, is read by id, is final, and may be recorded again', async () => {
    const before = (await military.ok(SEATS)).region.militaryLeadingGroupMembersPage;
    const seat = (await military.ok(SEAT, { i: { unitId: PAFD, regionCode: '610426', since: '2018-01-01' } })).recordLeadingGroupMembership.id;
    const counted = (await military.ok(SEATS)).region.militaryLeadingGroupMembersPage;
    expect(counted.totalCount).toBe(before.totalCount + 1);

    await military.refused(VOID_MIL, { id: seat }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    await military.refused(VOID_MIL, { id: seat, reason: '无权' }, coordinator('52'), 'FORBIDDEN');
    const voided = await military.ok(VOID_MIL, { id: seat, reason: '重复录入' }, coordinator('610426', { sub: 'office-610426' }));
    expect(voided.voidMilitaryRecord).toEqual({ __typename: 'LeadingGroupMembership', id: seat, voided: { by: 'office-610426', reason: '重复录入' } });
    expect((await military.ok(SEATS)).region.militaryLeadingGroupMembersPage).toEqual(before);
    const unit = await military.ok(`{ organization(id: "${PAFD}") { leadingGroupMemberships { id } } }`);
    expect(unit.organization.leadingGroupMemberships).not.toContainEqual({ id: seat });

    const byId = await military.ok(`query($id: ID!) { militaryLeadingGroupMembership(id: $id) { id voided { reason } history { action reason } } }`, {
      id: seat,
    });
    expect(byId.militaryLeadingGroupMembership).toEqual({
      id: seat,
      voided: { reason: '重复录入' },
      history: [
        { action: 'recordLeadingGroupMembership', reason: null },
        { action: 'voidMilitaryRecord', reason: '重复录入' },
      ],
    });
    await military.refused(VOID_MIL, { id: seat, reason: '再次' }, ADMIN, 'CONFLICT', 'voided', 'id');
    await military.refused(
      `mutation($id: ID!) { endLeadingGroupMembership(id: $id, until: "2019-12-31") { id } }`,
      { id: seat },
      ADMIN,
      'CONFLICT',
      'voided',
      'id',
    );
    // The duplicate rule holds among the seats that count.
    await military.ok(SEAT, { i: { unitId: PAFD, regionCode: '610426', since: '2018-01-01' } });
  });

  it('a voided seat in a locked year is refused (CONFLICT locked)', async () => {
    const seat = (await military.ok(SEAT, { i: { unitId: PAFD, regionCode: '610426', since: '2015-01-01', until: '2015-12-31' } })).recordLeadingGroupMembership
      .id;
    await military.ok(`mutation { lockPeriod(channel: MILITARY, regionCode: "6104", year: 2015, reason: "年度考核") { id } }`);
    await military.refused(VOID_MIL, { id: seat, reason: '锁定中' }, ADMIN, 'CONFLICT', 'locked', 'id');
  });

  it('a voided unit profile stays the unit’s profile with `voided`, and is never set again', async () => {
    const SET = `mutation($i: MilitaryUnitProfileInput!) { setMilitaryUnitProfile(unitId: "${PAFD}", input: $i) { version designation } }`;
    await military.ok(SET, { i: { designation: '测试番号' } });
    await military.refused(VOID_MIL, { id: PAFD, reason: '无权' }, editor('another-unit'), 'FORBIDDEN');
    const voided = await military.ok(VOID_MIL, { id: PAFD, reason: '番号有误' }, editor(PAFD, { sub: 'pafd-editor' }));
    expect(voided.voidMilitaryRecord).toEqual({ __typename: 'MilitaryUnitProfile', voided: { by: 'pafd-editor', reason: '番号有误' } });
    const read = await military.ok(`{ organization(id: "${PAFD}") { militaryUnit { designation voided { reason } history { action } } } }`);
    expect(read.organization.militaryUnit).toEqual({
      designation: '测试番号',
      voided: { reason: '番号有误' },
      history: [{ action: 'setMilitaryUnitProfile' }, { action: 'voidMilitaryRecord' }],
    });
    await military.refused(SET, { i: { designation: '再设' } }, ADMIN, 'CONFLICT', 'voided', 'unitId');
    await military.refused(VOID_MIL, { id: PAFD, reason: '再次' }, ADMIN, 'CONFLICT', 'voided', 'id');
    await military.refused(VOID_MIL, { id: 'no-such-unit', reason: '无' }, ADMIN, 'NOT_FOUND', 'exists', 'id');
  });
});

const MEASURES = {
  fundsInvested: '1000.00',
  fundsIntroduced: '0.00',
  localCadresTrained: 1,
  techniciansTrained: 1,
  producePurchased: '0.00',
  produceSalesHelped: '0.00',
  projects: 1,
};

let pairing = '';

describe('voided designated reports', () => {
  const VOID = `mutation($id: ID!, $reason: String) { voidDesignatedRecord(id: $id, reason: $reason) {
    __typename ... on DesignatedReport { id status voided { by reason } } } }`;
  const FIGURES = `{ designatedPlanAgainstActual(year: 2019, groupBy: UNIT, within: "61") { unit { id } reportCount actual { fundsInvested } }
    designatedTotalsByProvince(year: 2019) { province { code } reportCount delivered { fundsInvested } } }`;
  const ours = (figures: any) => ({
    unit: figures.designatedPlanAgainstActual.find((r: any) => r.unit.id === SOE) ?? null,
    province: figures.designatedTotalsByProvince.find((r: any) => r.province.code === '61'),
  });

  it('an approved report voided leaves plan-against-actual, the province totals and the pairing’s reports; is read by id; is final', async () => {
    pairing = (
      await designated.ok(`mutation($i: CreateDesignatedPairingInput!) { createDesignatedPairing(input: $i) { id } }`, {
        i: { helperId: SOE, helpedCode: '610426', since: '2017-01-01' },
      })
    ).createDesignatedPairing.id;
    const before = ours(await designated.ok(FIGURES));
    expect(before.unit).toBeNull();
    const filed = { pairingId: pairing, year: 2019, measures: MEASURES };
    await designated.ok(`mutation($i: FileDesignatedMeasuresInput!) { fileDesignatedPlan(input: $i) { id } }`, { i: filed });
    const report = (await designated.ok(`mutation($i: FileDesignatedMeasuresInput!) { fileDesignatedSummary(input: $i) { id } }`, { i: filed }))
      .fileDesignatedSummary.id;
    await designated.ok(`mutation($id: ID!) { submitDesignatedReport(id: $id) { id } }`, { id: report });
    await designated.ok(`mutation($id: ID!) { approveDesignatedReport(id: $id) { id } }`, { id: report });
    const counted = ours(await designated.ok(FIGURES));
    expect(counted.unit).toEqual({ unit: { id: SOE }, reportCount: 1, actual: { fundsInvested: '1000.00' } });
    expect(counted.province.reportCount).toBe(before.province.reportCount + 1);

    // The unit's editors void only a report not under review or approved; its reviewers any.
    await designated.refused(VOID, { id: report, reason: '无权' }, editor(SOE), 'FORBIDDEN');
    await designated.refused(VOID, { id: report }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    const voided = await designated.ok(VOID, { id: report, reason: '数据重复' }, coordinator('6104', { sub: 'office-6104' }));
    expect(voided.voidDesignatedRecord).toEqual({
      __typename: 'DesignatedReport',
      id: report,
      status: 'APPROVED',
      voided: { by: 'office-6104', reason: '数据重复' },
    });
    const after = ours(await designated.ok(FIGURES));
    expect(after).toEqual(before);
    const read = await designated.ok(
      `query($id: ID!, $p: ID!) { designatedReport(id: $id) { voided { reason } history { action } } designatedPairing(id: $p) { reports { id } } }`,
      { id: report, p: pairing },
    );
    expect(read.designatedReport.voided).toEqual({ reason: '数据重复' });
    expect(read.designatedReport.history.at(-1)).toEqual({ action: 'voidDesignatedRecord' });
    expect(read.designatedPairing.reports).toEqual([]);

    await designated.refused(VOID, { id: report, reason: '再次' }, ADMIN, 'CONFLICT', 'voided', 'id');
    await designated.refused(
      `mutation($id: ID!) { reopenDesignatedReport(id: $id, reason: "重开") { id } }`,
      { id: report },
      ADMIN,
      'CONFLICT',
      'voided',
      'id',
    );
    await designated.refused(
      `mutation($i: FileDesignatedMeasuresInput!) { fileDesignatedPlan(input: $i) { id } }`,
      { i: filed },
      ADMIN,
      'CONFLICT',
      'voided',
      'input.year',
    );
  });

  it('the unit’s editors void a draft', async () => {
    const filed = { pairingId: pairing, year: 2020, measures: MEASURES };
    const draft = (await designated.ok(`mutation($i: FileDesignatedMeasuresInput!) { fileDesignatedPlan(input: $i) { id } }`, { i: filed })).fileDesignatedPlan
      .id;
    const voided = await designated.ok(VOID, { id: draft, reason: '误建' }, editor(SOE, { sub: 'soe-editor' }));
    expect(voided.voidDesignatedRecord.voided).toEqual({ by: 'soe-editor', reason: '误建' });
  });
});

const villagesOf = async (county: string): Promise<string[]> =>
  (await designated.ok(`{ regions(filter: { within: "${county}", level: VILLAGE }, first: 2) { edges { node { code } } } }`)).regions.edges.map(
    (e: any) => e.node.code,
  );

describe('corrected designated pairings and cadre postings', () => {
  const CORRECT_P = `mutation($id: ID!, $i: DesignatedPairingCorrection!, $reason: String, $v: Int) {
    correctDesignatedPairing(id: $id, input: $i, reason: $reason, expectedVersion: $v) { id until version } }`;
  const CORRECT_C = `mutation($id: ID!, $i: DesignatedCadreCorrection!, $reason: String, $v: Int) {
    correctDesignatedCadre(id: $id, input: $i, reason: $reason, expectedVersion: $v) { id role personName version } }`;
  const TOTALS = `{ designatedTotalsByProvince(year: 2019) { province { code } pairingCount firstSecretaries workTeamMembers } }`;
  const of61 = async () => (await designated.ok(TOTALS)).designatedTotalsByProvince.find((r: any) => r.province.code === '61');
  let cadre = '';

  it('a pairing corrected twice keeps three versions, and the totals and lists read the last', async () => {
    const before = await of61();
    const first = await designated.ok(
      CORRECT_P,
      { id: pairing, i: { until: '2018-12-31' }, reason: '协议期限更正' },
      coordinator('6104', { sub: 'office-6104' }),
    );
    expect(first.correctDesignatedPairing).toEqual({ id: pairing, until: '2018-12-31', version: 2 });
    expect((await of61()).pairingCount).toBe(before.pairingCount - 1);
    const list = await designated.ok(`{ region(code: "610426") { designatedAssistance(year: 2019) { id } } }`);
    expect(list.region.designatedAssistance).not.toContainEqual({ id: pairing });

    await designated.refused(CORRECT_P, { id: pairing, i: { until: null } }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    await designated.refused(CORRECT_P, { id: pairing, i: { until: null }, reason: '旧版本', v: 1 }, ADMIN, 'CONFLICT', 'version', 'expectedVersion');
    await designated.refused(CORRECT_P, { id: pairing, i: { until: null }, reason: '无权' }, coordinator('52'), 'FORBIDDEN');
    await designated.refused(CORRECT_P, { id: pairing, i: { since: '2019-01-01' }, reason: '颠倒' }, ADMIN, 'BAD_USER_INPUT', 'period', 'input.until');
    const second = await designated.ok(CORRECT_P, { id: pairing, i: { until: null }, reason: '协议续期', v: 2 });
    expect(second.correctDesignatedPairing).toEqual({ id: pairing, until: null, version: 3 });
    expect(await of61()).toEqual(before);

    const read = await designated.ok(`query($id: ID!) { designatedPairing(id: $id) { history { version action reason } } }`, { id: pairing });
    expect(read.designatedPairing.history).toEqual([
      { version: 1, action: 'createDesignatedPairing', reason: null },
      { version: 2, action: 'correctDesignatedPairing', reason: '协议期限更正' },
      { version: 3, action: 'correctDesignatedPairing', reason: '协议续期' },
    ]);
  });

  it('a corrected posting moves between the totals’ roles; its pairing’s period may not leave it outside', async () => {
    const [village] = await villagesOf('610426');
    const before = await of61();
    cadre = (
      await designated.ok(`mutation($i: AssignDesignatedCadreInput!) { assignDesignatedCadre(input: $i) { id } }`, {
        i: { pairingId: pairing, role: 'FIRST_SECRETARY', personName: '张三', identityNumber: '610426198503150023', postedCode: village, since: '2019-03-01' },
      })
    ).assignDesignatedCadre.id;
    expect((await of61()).firstSecretaries).toBe(before.firstSecretaries + 1);

    const done = await designated.ok(CORRECT_C, { id: cadre, i: { role: 'WORK_TEAM_MEMBER', personName: '张叁' }, reason: '任职更正' }, editor(SOE));
    expect(done.correctDesignatedCadre).toEqual({ id: cadre, role: 'WORK_TEAM_MEMBER', personName: '张叁', version: 2 });
    const after = await of61();
    expect([after.firstSecretaries, after.workTeamMembers]).toEqual([before.firstSecretaries, before.workTeamMembers + 1]);

    await designated.refused(
      CORRECT_C,
      { id: cadre, i: { role: 'DEPUTY_COUNTY_HEAD' }, reason: '级别' },
      ADMIN,
      'BAD_USER_INPUT',
      'posting-level',
      'input.role',
    );
    await designated.refused(CORRECT_C, { id: cadre, i: { since: '2016-01-01' }, reason: '超期' }, ADMIN, 'BAD_USER_INPUT', 'within-period', 'input.since');
    await designated.refused(CORRECT_C, { id: cadre, i: { personName: '李四' }, reason: '无权' }, coordinator('6104'), 'FORBIDDEN');
    await designated.refused(
      CORRECT_P,
      { id: pairing, i: { until: '2018-12-31' }, reason: '提前结束' },
      ADMIN,
      'BAD_USER_INPUT',
      'records-outside-period',
      'input.since',
    );
    const read = await designated.ok(`query($id: ID!) { designatedCadre(id: $id) { history { version action reason } } }`, { id: cadre });
    expect(read.designatedCadre.history.map((h: any) => h.action)).toEqual(['assignDesignatedCadre', 'correctDesignatedCadre']);
  });

  it('an end, a recall and a correction into a locked year are refused (CONFLICT locked), nothing changed', async () => {
    await designated.ok(`mutation { lockPeriod(channel: DESIGNATED, regionCode: "610426", year: 2024, reason: "考核") { id } }`);
    await designated.refused(
      `mutation($id: ID!) { recallDesignatedCadre(input: { id: $id, until: "2023-06-30", reason: "调回" }) { id } }`,
      { id: cadre },
      ADMIN,
      'CONFLICT',
      'locked',
      'input.until',
    );
    await designated.refused(
      `mutation($id: ID!) { endDesignatedPairing(input: { id: $id, until: "2023-06-30" }) { id } }`,
      { id: pairing },
      ADMIN,
      'CONFLICT',
      'locked',
      'input.until',
    );
    await designated.refused(CORRECT_C, { id: cadre, i: { personName: '王五' }, reason: '锁定中' }, ADMIN, 'CONFLICT', 'locked', 'id');
    await designated.refused(CORRECT_P, { id: pairing, i: { note: '锁定中' }, reason: '锁定中' }, ADMIN, 'CONFLICT', 'locked', 'id');
    // An end after the locked year moves no locked year.
    await designated.ok(`mutation($id: ID!) { recallDesignatedCadre(input: { id: $id, until: "2025-06-30", reason: "调回" }) { id } }`, { id: cadre });
    await designated.ok(`mutation { unlockPeriod(channel: DESIGNATED, regionCode: "610426", year: 2024, reason: "考核结束") { id } }`);
    await designated.ok(`mutation($id: ID!) { endDesignatedPairing(input: { id: $id, until: "2025-12-31" }) { id } }`, { id: pairing });
  });
});

describe('corrected enterprise compacts', () => {
  const enterprises = callsTo(() => hub, { as: ADMIN, schema: 'enterprises' });
  const CORRECT = `mutation($id: ID!, $i: VillageCompactCorrection!, $reason: String, $v: Int) {
    correctVillageCompact(id: $id, input: $i, reason: $reason, expectedVersion: $v) { id since until note version } }`;
  const SUMMARY = `{ region(code: "610426") { enterpriseSummary(year: 2021) { compacts } } }`;

  it('a compact corrected twice keeps three versions; the summary reads the last; its contributions stay inside', async () => {
    const [village] = await villagesOf('610426');
    const before = (await enterprises.ok(SUMMARY)).region.enterpriseSummary.compacts;
    const compact = (
      await enterprises.ok(`mutation($i: CreateVillageCompactInput!) { createVillageCompact(input: $i) { id version } }`, {
        i: { helperId: SOE, villageCode: village, since: '2019-01-01' },
      })
    ).createVillageCompact;
    expect(compact.version).toBe(1);
    expect((await enterprises.ok(SUMMARY)).region.enterpriseSummary.compacts).toBe(before + 1);

    const first = await enterprises.ok(CORRECT, { id: compact.id, i: { until: '2020-12-31', note: '期满' }, reason: '协议到期' }, coordinator('610426'));
    expect(first.correctVillageCompact).toEqual({ id: compact.id, since: '2019-01-01', until: '2020-12-31', note: '期满', version: 2 });
    expect((await enterprises.ok(SUMMARY)).region.enterpriseSummary.compacts).toBe(before);
    await enterprises.refused(CORRECT, { id: compact.id, i: { until: null } }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    await enterprises.refused(CORRECT, { id: compact.id, i: { until: null }, reason: '旧', v: 1 }, ADMIN, 'CONFLICT', 'version', 'expectedVersion');
    await enterprises.refused(CORRECT, { id: compact.id, i: { until: null }, reason: '无权' }, coordinator('52'), 'FORBIDDEN');
    await enterprises.ok(`mutation($i: RecordContributionInput!) { recordEnterpriseContribution(input: $i) { id } }`, {
      i: { helperId: SOE, helpedCode: village, kind: 'PUBLIC_WELFARE_DONATION', date: '2019-06-01', disbursed: '1.00', compactId: compact.id },
    });
    await enterprises.refused(
      CORRECT,
      { id: compact.id, i: { since: '2019-07-01' }, reason: '起始更正' },
      ADMIN,
      'BAD_USER_INPUT',
      'records-outside-period',
      'input.since',
    );
    const second = await enterprises.ok(CORRECT, { id: compact.id, i: { until: null }, reason: '续签', v: 2 });
    expect(second.correctVillageCompact.version).toBe(3);
    expect((await enterprises.ok(SUMMARY)).region.enterpriseSummary.compacts).toBe(before + 1);
    const read = await enterprises.ok(`query($id: ID!) { villageCompact(id: $id) { history { version action reason } } }`, { id: compact.id });
    expect(read.villageCompact.history).toEqual([
      { version: 1, action: 'createVillageCompact', reason: null },
      { version: 2, action: 'correctVillageCompact', reason: '协议到期' },
      { version: 3, action: 'correctVillageCompact', reason: '续签' },
    ]);

    await enterprises.ok(`mutation { lockPeriod(channel: ENTERPRISE, regionCode: "610426", year: 2019, reason: "核查") { id } }`);
    await enterprises.refused(CORRECT, { id: compact.id, i: { note: '锁' }, reason: '锁定中' }, ADMIN, 'CONFLICT', 'locked', 'id');
    await enterprises.ok(`mutation { unlockPeriod(channel: ENTERPRISE, regionCode: "610426", year: 2019, reason: "核查完") { id } }`);
    await enterprises.ok(`mutation($id: ID!) { voidEnterpriseRecord(id: $id, reason: "重复") { __typename } }`, { id: compact.id });
    await enterprises.refused(CORRECT, { id: compact.id, i: { note: '作废后' }, reason: '作废后' }, ADMIN, 'CONFLICT', 'voided', 'id');
    expect((await enterprises.ok(SUMMARY)).region.enterpriseSummary.compacts).toBe(before);
  });
});

describe('locked party trips and recommendations', () => {
  const parties = callsTo(() => hub, { as: ADMIN, schema: 'parties' });

  it('refuses a trip and a recommendation into a locked year of the supervised province, and moving one on', async () => {
    const rec = (
      await parties.ok(`mutation($i: SubmitRecommendationInput!) { submitRecommendation(input: $i) { id } }`, {
        i: { assignmentId: 'parties-sup-minjin-43', title: '锁定测试建议', recipient: '湖南省人民政府', submittedOn: '2018-05-01' },
      })
    ).submitRecommendation.id;
    await parties.ok(`mutation { lockPeriod(channel: DEMOCRATIC_PARTY, regionCode: "43", year: 2018, reason: "年度总结") { id } }`);
    await parties.refused(
      `mutation($i: RecordSupervisionTripInput!) { recordSupervisionTrip(input: $i) { id } }`,
      { i: { assignmentId: 'parties-sup-minjin-43', startDate: '2018-09-01', endDate: '2018-09-02', placesVisited: ['431027'], participants: 3 } },
      ADMIN,
      'CONFLICT',
      'locked',
      'input.startDate',
    );
    await parties.refused(
      `mutation($i: SubmitRecommendationInput!) { submitRecommendation(input: $i) { id } }`,
      { i: { assignmentId: 'parties-sup-minjin-43', title: '锁定年份建议', recipient: '湖南省人民政府', submittedOn: '2018-10-01' } },
      ADMIN,
      'CONFLICT',
      'locked',
      'input.submittedOn',
    );
    await parties.refused(
      `mutation($id: ID!) { advanceRecommendation(id: $id, input: { status: ACKNOWLEDGED, on: "2019-01-05" }) { id } }`,
      { id: rec },
      ADMIN,
      'CONFLICT',
      'locked',
      'id',
    );
    // 2019 stays open.
    await parties.ok(`mutation($i: RecordSupervisionTripInput!) { recordSupervisionTrip(input: $i) { id } }`, {
      i: { assignmentId: 'parties-sup-minjin-43', startDate: '2019-09-01', endDate: '2019-09-02', placesVisited: ['431027'], participants: 3 },
    });
  });
});

describe('east-west flow corrections, declared once for every kind', () => {
  const eastwest = callsTo(() => hub, { as: ADMIN, schema: 'eastwest' });
  const SUMMARY = `query($y: Int) { region(code: "52") { eastWestSummary(year: $y) { asHelped {
    meetings industrialInvestment talentEastToWest { persons personDays } } } } }`;
  const figures = async (y: number) => (await eastwest.ok(SUMMARY, { y })).region.eastWestSummary.asHelped;

  it('corrects a meeting, a project and a talent exchange with the rules of recording them; the summary reads the last version', async () => {
    const pairing = (
      await eastwest.ok(`mutation($i: CreateEastWestPairingInput!) { createEastWestPairing(input: $i) { id } }`, {
        i: { helperId: 'gov-3205', helpedCode: '520621', round: 2016, since: '2018-03-01' },
      })
    ).createEastWestPairing.id;
    const [b2019, b2020] = [await figures(2019), await figures(2020)];
    const meeting = (
      await eastwest.ok(`mutation($i: EastWestMeetingInput!) { recordEastWestMeeting(input: $i) { id } }`, {
        i: { pairingId: pairing, date: '2019-05-01', place: '贵阳', attendance: 'DEPARTMENT' },
      })
    ).recordEastWestMeeting.id;
    const project = (
      await eastwest.ok(`mutation($i: EastWestIndustrialProjectInput!) { recordEastWestIndustrialProject(input: $i) { id } }`, {
        i: { pairingId: pairing, year: 2019, name: '茶园', enterprise: '苏州茶业', countyCode: '520621', investment: '100.00', jobsForPoor: 5 },
      })
    ).recordEastWestIndustrialProject.id;
    const TALENT = `mutation($i: EastWestTalentInput!) { recordEastWestTalentExchange(input: $i) { id } }`;
    const talent = (
      await eastwest.ok(TALENT, { i: { pairingId: pairing, year: 2019, direction: 'EAST_TO_WEST', kind: 'TEACHER', persons: 2, personDays: 10 } })
    ).recordEastWestTalentExchange.id;
    await eastwest.ok(TALENT, { i: { pairingId: pairing, year: 2019, direction: 'EAST_TO_WEST', kind: 'DOCTOR', persons: 1, personDays: 5 } });

    const MEETING = `mutation($id: ID!, $i: EastWestMeetingCorrection!) { correctEastWestMeeting(id: $id, input: $i, reason: "日期更正") { date year version history { action } } }`;
    await eastwest.refused(MEETING, { id: meeting, i: { date: '2017-05-01' } }, ADMIN, 'BAD_USER_INPUT', 'within-period', 'input.date');
    expect((await eastwest.ok(MEETING, { id: meeting, i: { date: '2020-05-01' } })).correctEastWestMeeting).toEqual({
      date: '2020-05-01',
      year: 2020,
      version: 2,
      history: [{ action: 'recordEastWestMeeting' }, { action: 'correctEastWestMeeting' }],
    });

    const PROJECT = `mutation($id: ID!, $i: EastWestIndustrialProjectCorrection!) { correctEastWestIndustrialProject(id: $id, input: $i, reason: "投资更正") { investment version } }`;
    await eastwest.refused(PROJECT, { id: project, i: { countyCode: '610426' } }, ADMIN, 'BAD_USER_INPUT', 'within-place', 'input.countyCode');
    await eastwest.refused(PROJECT, { id: project, i: { investment: '-1' } }, ADMIN, 'BAD_USER_INPUT', undefined, 'input.investment');
    expect((await eastwest.ok(PROJECT, { id: project, i: { investment: '250.00' } })).correctEastWestIndustrialProject).toEqual({
      investment: '250.00',
      version: 2,
    });

    const CORRECT_T = `mutation($id: ID!, $i: EastWestTalentCorrection!) { correctEastWestTalentExchange(id: $id, input: $i, reason: "人数更正") { persons personDays version } }`;
    await eastwest.refused(CORRECT_T, { id: talent, i: { persons: 20 } }, ADMIN, 'BAD_USER_INPUT', 'days-per-person', 'input.personDays');
    await eastwest.refused(CORRECT_T, { id: talent, i: { kind: 'DOCTOR' } }, ADMIN, 'BAD_USER_INPUT', 'duplicate', 'input');
    expect((await eastwest.ok(CORRECT_T, { id: talent, i: { persons: 4, personDays: 40 } })).correctEastWestTalentExchange).toEqual({
      persons: 4,
      personDays: 40,
      version: 2,
    });
    await eastwest.refused(
      `mutation($id: ID!) { correctEastWestTalentExchange(id: $id, input: { persons: 1 }, reason: "错类") { id } }`,
      { id: meeting },
      ADMIN,
      'NOT_FOUND',
      'exists',
      'id',
    );

    const [a2019, a2020] = [await figures(2019), await figures(2020)];
    expect(a2019.meetings).toBe(b2019.meetings);
    expect(a2020.meetings).toBe(b2020.meetings + 1);
    expect(Number(a2019.industrialInvestment) - Number(b2019.industrialInvestment)).toBe(250);
    expect(a2019.talentEastToWest).toEqual({ persons: b2019.talentEastToWest.persons + 5, personDays: b2019.talentEastToWest.personDays + 45 });
  });
});
