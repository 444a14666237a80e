import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, callsTo, coordinator, countStatements, startFixtureHub, tearDown, type Hub, type TestDatabase } from './harness.js';

/**
 * The local channel's history, voids and audit trail (docs/history.md): records written through
 * the API on 永寿县 (610426) of the fixture, read back through the gateway.
 */
let db: TestDatabase;
let hub: Hub;

const YS = '610426';
const COORD_YS = coordinator(YS, { sub: 'coord-yongshou', office: 'POVERTY' });
const COORD_CH = coordinator('610430', { sub: 'coord-chunhua', office: 'POVERTY' });
const SENDER = 'loc-hist-sender';

const { ok, refused } = callsTo(() => hub, { as: ADMIN, schema: 'local' });

const FILE = `mutation($input: FileHouseholdInput!) { fileHousehold(input: $input) { id } }`;
const STATUS = `mutation($id: ID!, $year: Int!, $status: HouseholdStatus!) { setHouseholdStatus(id: $id, year: $year, status: $status) { id } }`;
const CADRE = `mutation($input: CadreInput!) { recordCadre(input: $input) { id } }`;
const PAIR = `mutation($input: HouseholdPairingInput!) { pairHousehold(input: $input) { id } }`;
const VOID = `mutation($id: ID!, $reason: String) { voidLocalRecord(id: $id, reason: $reason) {
  __typename ... on HouseholdPairing { id voided { by reason } history { version action reason } }
  ... on WorkTeam { id voided { reason } } ... on PoorHousehold { id voided { reason } } } }`;
const COVERAGE = `query($year: Int!) { region(code: "${YS}") { localCoverage(year: $year) { households householdsWithHelper householdsWithoutHelper { id } } } }`;

let village: string;

const household = (id: string) => ({ id, villageCode: village, size: 3, mainCause: 'ILLNESS', year: 2016, status: 'IDENTIFIED' });

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({
    organizations: [{ id: SENDER, name: '陕西省测试厅', kind: 'LOCAL_PARTY_STATE_ORGAN', homeRegionCode: '61', demo: false, source: 'test' }],
  }));
  village = (await ok(`{ regions(filter: { level: VILLAGE, within: "${YS}" }, first: 1) { edges { node { code } } } }`)).regions.edges[0].node.code;
}, 120_000);

afterAll(() => tearDown(db, hub));

describe('local history', () => {
  it('shows each version of a household whose status changed twice, oldest first', async () => {
    await ok(FILE, { input: household('YS-2016-0001') }, COORD_YS);
    await ok(STATUS, { id: 'YS-2016-0001', year: 2018, status: 'EXITED' }, COORD_YS);
    await ok(STATUS, { id: 'YS-2016-0001', year: 2020, status: 'RETURNED' }, COORD_YS);
    const data = await ok(
      `{ region(code: "${village}") { poorHouseholds(year: 2020) { edges { node { id history { year status } versions { version actor action values } } } } } }`,
    );
    const node = data.region.poorHouseholds.edges.find((e: { node: { id: string } }) => e.node.id === 'YS-2016-0001').node;
    expect(node.history.map((h: { status: string }) => h.status)).toEqual(['IDENTIFIED', 'EXITED', 'RETURNED']);
    expect(node.versions.map((v: { version: number; action: string }) => [v.version, v.action])).toEqual([
      [1, 'fileHousehold'],
      [2, 'setHouseholdStatus'],
      [3, 'setHouseholdStatus'],
    ]);
    expect(node.versions.every((v: { actor: string }) => v.actor === 'coord-yongshou')).toBe(true);
    expect(JSON.parse(node.versions[2].values).statuses.map((s: { status: string }) => s.status)).toEqual(['IDENTIFIED', 'EXITED', 'RETURNED']);
  });

  it('reads the history of many records with one statement for the batch', async () => {
    for (let i = 2; i <= 13; i++) await ok(FILE, { input: household(`YS-2016-${String(i).padStart(4, '0')}`) }, COORD_YS);
    const query = `{ region(code: "${village}") { poorHouseholds(year: 2020) { edges { node { id versions { action } } } } } }`;
    const { result, log } = await countStatements(db.database, () => hub.query(query, {}, ADMIN));
    expect(result.errors).toBeUndefined();
    const nodes = (result.data as { region: { poorHouseholds: { edges: { node: { versions: unknown[] } }[] } } }).region.poorHouseholds.edges;
    expect(nodes.length).toBeGreaterThanOrEqual(13);
    for (const e of nodes) expect(e.node.versions.length).toBeGreaterThan(0);
    expect(log.filter((s) => s.includes('audit_log'))).toHaveLength(1);
  });
});

describe('voidLocalRecord', () => {
  it('takes a voided pairing out of the coverage: its household counts as without a helper', async () => {
    await ok(FILE, { input: household('YS-2016-0100') }, COORD_YS);
    const cadre = (await ok(CADRE, { input: { personName: '测试干部', level: 'ORDINARY', organizationId: SENDER, countyCode: YS } }, COORD_YS)).recordCadre.id;
    const pairing = (await ok(PAIR, { input: { cadreId: cadre, householdId: 'YS-2016-0100', since: '2019-01-01' } }, COORD_YS)).pairHousehold.id;
    const before = (await ok(COVERAGE, { year: 2019 })).region.localCoverage;
    expect(before.householdsWithoutHelper.map((h: { id: string }) => h.id)).not.toContain('YS-2016-0100');
    const shortfallOf = async () =>
      (await ok(`{ region(code: "${YS}") { pairingShortfall(year: 2019) { cadre { id } households } } }`)).region.pairingShortfall ?? [];

    await refused(VOID, { id: pairing }, COORD_YS, 'BAD_USER_INPUT', 'required', 'reason');
    await refused(VOID, { id: pairing, reason: '  ' }, COORD_YS, 'BAD_USER_INPUT', 'required', 'reason');
    await refused(VOID, { id: pairing, reason: '重复录入' }, COORD_CH, 'FORBIDDEN', 'poverty-office');
    await refused(VOID, { id: pairing, reason: '重复录入' }, null, 'FORBIDDEN', 'signed-in');
    await refused(VOID, { id: 'loc-hp-999999', reason: '重复录入' }, ADMIN, 'NOT_FOUND', undefined, 'id');

    const voided = (await ok(VOID, { id: pairing, reason: '重复录入' }, COORD_YS)).voidLocalRecord;
    expect(voided).toMatchObject({ __typename: 'HouseholdPairing', id: pairing, voided: { by: 'coord-yongshou', reason: '重复录入' } });
    expect(voided.history.map((h: { action: string }) => h.action)).toEqual(['pairHousehold', 'voidLocalRecord']);
    expect(voided.history[1].reason).toBe('重复录入');

    const after = (await ok(COVERAGE, { year: 2019 })).region.localCoverage;
    expect(after.householdsWithoutHelper.map((h: { id: string }) => h.id)).toContain('YS-2016-0100');
    expect(after.householdsWithHelper).toBe(before.householdsWithHelper - 1);
    expect(after.households).toBe(before.households);
    const helpers = await ok(`{ region(code: "${village}") { poorHouseholds(year: 2019) { edges { node { id helpers { id } } } } } }`);
    const node = helpers.region.poorHouseholds.edges.find((e: { node: { id: string } }) => e.node.id === 'YS-2016-0100').node;
    expect(node.helpers).toEqual([]);

    const error = await refused(VOID, { id: pairing, reason: '再次' }, COORD_YS, 'CONFLICT', 'voided', 'id');
    expect(error.extensions?.voided).toMatchObject({ by: 'coord-yongshou', reason: '重复录入' });

    // The cadre, voided, leaves the norm's shortfall (a norm of 2 for ordinary cadres).
    await ok(`mutation { setPairingNorm(countyCode: "${YS}", level: ORDINARY, minimum: 2) { minimum } }`, {}, COORD_YS);
    expect((await shortfallOf()).map((s: { cadre: { id: string } }) => s.cadre.id)).toContain(cadre);
    await ok(VOID, { id: cadre, reason: '调离' }, COORD_YS);
    expect((await shortfallOf()).map((s: { cadre: { id: string } }) => s.cadre.id)).not.toContain(cadre);
  });

  it("takes a voided cadre's pairings out of the coverage", async () => {
    await ok(FILE, { input: household('YS-2016-0200') }, COORD_YS);
    const cadre = (await ok(CADRE, { input: { personName: '测试干部乙', level: 'ORDINARY', organizationId: SENDER, countyCode: YS } }, COORD_YS)).recordCadre
      .id;
    await ok(PAIR, { input: { cadreId: cadre, householdId: 'YS-2016-0200', since: '2019-01-01' } }, COORD_YS);
    const without = async () => (await ok(COVERAGE, { year: 2019 })).region.localCoverage.householdsWithoutHelper.map((h: { id: string }) => h.id);
    expect(await without()).not.toContain('YS-2016-0200');
    await ok(VOID, { id: cadre, reason: '调离' }, COORD_YS);
    expect(await without()).toContain('YS-2016-0200');
    const national = (await ok(`{ nationalLocalCoverage(year: 2019) { householdsWithoutHelper { id } } }`)).nationalLocalCoverage;
    expect(national.householdsWithoutHelper.map((h: { id: string }) => h.id)).toContain('YS-2016-0200');
  });

  it('takes a voided household out of the counts and the lists', async () => {
    const count = async () => (await ok(COVERAGE, { year: 2019 })).region.localCoverage.households;
    const n = await count();
    const voided = (await ok(VOID, { id: 'YS-2016-0013', reason: '重复建档' }, COORD_YS)).voidLocalRecord;
    expect(voided).toMatchObject({ __typename: 'PoorHousehold', id: 'YS-2016-0013', voided: { reason: '重复建档' } });
    expect(await count()).toBe(n - 1);
    const list = await ok(`{ region(code: "${village}") { poorHouseholds(year: 2019) { totalCount edges { node { id } } } } }`);
    expect(list.region.poorHouseholds.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain('YS-2016-0013');
  });
});

describe('localAuditTrail', () => {
  const TRAIL = `query($filter: AuditTrailFilter) { localAuditTrail(filter: $filter, first: 50) { totalCount edges { node { action entityId reason regions } } } }`;

  it('is read by ADMIN and by a coordinator within their regions, refused to anonymous callers', async () => {
    await refused(TRAIL, {}, null, 'FORBIDDEN', 'access', 'localAuditTrail');
    const all = (await ok(TRAIL, { filter: { action: 'voidLocalRecord', refused: false } })).localAuditTrail;
    expect(all.edges.map((e: { node: { reason: string } }) => e.node.reason)).toContain('重复录入');
    const mine = (await ok(TRAIL, { filter: { action: 'voidLocalRecord', refused: false } }, COORD_YS)).localAuditTrail;
    expect(all.totalCount).toBe(4);
    expect(mine.totalCount).toBe(4);
    const other = (await ok(TRAIL, { filter: { action: 'voidLocalRecord', refused: false } }, COORD_CH)).localAuditTrail;
    expect(other.totalCount).toBe(0);
  });
});

describe('voided leading groups, seats, letters and assessments', () => {
  const CH = '610430';
  const VOID_ANY = `mutation($id: ID!, $reason: String) { voidLocalRecord(id: $id, reason: $reason) {
    __typename ... on LeadingGroup { id voided { by reason } } ... on LeadingGroupSeat { id voided { reason } }
    ... on ResponsibilityLetter { id voided { reason } } ... on Assessment { id voided { reason } history { action } } } }`;
  const PICTURE = `{ region(code: "${CH}") { leadingGroup { id seats { id } } responsibilityLetters { id } assessments(year: 2019) { id } }
    organization(id: "${SENDER}") { leadingGroupSeats { id } } }`;
  const GROUP = `mutation($input: LeadingGroupInput!) { createLeadingGroup(input: $input) { id seats { id } } }`;
  const groupInput = { regionCode: CH, officeId: SENDER, since: '2015-03-01', seats: [{ organizationId: SENDER, role: 'MEMBER', since: '2015-03-01' }] };

  it('each leaves its lists, stays readable, is final; a voided group takes its seats and may be recorded again', async () => {
    const group = (await ok(GROUP, { input: groupInput }, COORD_CH)).createLeadingGroup;
    const seat = group.seats[0].id;
    const letter = (
      await ok(`mutation($input: ResponsibilityLetterInput!) { signResponsibilityLetter(input: $input) { id } }`, {
        input: { signerCode: CH, yearSigned: 2016, since: '2016-01-01', until: '2018-12-31', targets: '2018年摘帽' },
      })
    ).signResponsibilityLetter.id;
    const ASSESS = `mutation($input: AssessmentInput!) { recordAssessment(input: $input) { id } }`;
    const assessment = (await ok(ASSESS, { input: { regionCode: CH, year: 2019, grade: 'GOOD', findings: '考核意见' } })).recordAssessment.id;
    const counted = await ok(PICTURE);
    expect(counted.region).toEqual({
      leadingGroup: { id: group.id, seats: [{ id: seat }] },
      responsibilityLetters: [{ id: letter }],
      assessments: [{ id: assessment }],
    });
    expect(counted.organization.leadingGroupSeats).toContainEqual({ id: seat });

    await refused(VOID_ANY, { id: seat, reason: '无权' }, COORD_YS, 'FORBIDDEN');
    await refused(VOID_ANY, { id: seat }, COORD_CH, 'BAD_USER_INPUT', 'required', 'reason');
    expect((await ok(VOID_ANY, { id: seat, reason: '误录' }, COORD_CH)).voidLocalRecord).toEqual({
      __typename: 'LeadingGroupSeat',
      id: seat,
      voided: { reason: '误录' },
    });
    expect((await ok(VOID_ANY, { id: letter, reason: '重复' }, COORD_CH)).voidLocalRecord).toEqual({
      __typename: 'ResponsibilityLetter',
      id: letter,
      voided: { reason: '重复' },
    });
    expect((await ok(VOID_ANY, { id: assessment, reason: '更正' }, COORD_CH)).voidLocalRecord).toEqual({
      __typename: 'Assessment',
      id: assessment,
      voided: { reason: '更正' },
      history: [{ action: 'recordAssessment' }, { action: 'voidLocalRecord' }],
    });
    const after = await ok(PICTURE);
    expect(after.region).toEqual({ leadingGroup: { id: group.id, seats: [] }, responsibilityLetters: [], assessments: [] });
    expect(after.organization.leadingGroupSeats).not.toContainEqual({ id: seat });
    // The year may be assessed again.
    await ok(ASSESS, { input: { regionCode: CH, year: 2019, grade: 'FAIR', findings: '复核意见' } });

    expect((await ok(VOID_ANY, { id: group.id, reason: '机构重组' }, COORD_CH)).voidLocalRecord).toEqual({
      __typename: 'LeadingGroup',
      id: group.id,
      voided: { by: 'coord-chunhua', reason: '机构重组' },
    });
    expect((await ok(PICTURE)).region.leadingGroup).toBeNull();
    const byId = await ok(`query($id: ID!) { leadingGroup(id: $id) { id voided { reason } history { action } } }`, { id: group.id });
    expect(byId.leadingGroup).toEqual({
      id: group.id,
      voided: { reason: '机构重组' },
      history: [{ action: 'createLeadingGroup' }, { action: 'voidLocalRecord' }],
    });
    await refused(VOID_ANY, { id: group.id, reason: '再次' }, ADMIN, 'CONFLICT', 'voided', 'id');
    await refused(
      `mutation($g: ID!) { addLeadingGroupSeat(groupId: $g, input: { organizationId: "${SENDER}", role: HEAD, since: "2016-01-01" }) { id } }`,
      { g: group.id },
      ADMIN,
      'CONFLICT',
      'voided',
      'groupId',
    );
    const again = (await ok(GROUP, { input: groupInput }, COORD_CH)).createLeadingGroup;
    expect((await ok(PICTURE)).region.leadingGroup.id).toBe(again.id);
  });
});

describe('locked periods over the local channel', () => {
  const LOCK = `mutation($y: Int!) { lockPeriod(channel: LOCAL, regionCode: "${YS}", year: $y, reason: "年度考核") { id } }`;
  const UNLOCK = `mutation($y: Int!) { unlockPeriod(channel: LOCAL, regionCode: "${YS}", year: $y, reason: "考核结束") { id unlockedBy } }`;

  it('refuses every write into a locked year of the county (CONFLICT locked, nothing changed) until it is unlocked', async () => {
    const cadre = (await ok(CADRE, { input: { personName: '锁定测试干部', level: 'ORDINARY', organizationId: SENDER, countyCode: YS } }, COORD_YS)).recordCadre
      .id;
    const team = (
      await ok(`mutation($input: CreateWorkTeamInput!) { createWorkTeam(input: $input) { id } }`, {
        input: { villageCode: village, senderIds: [SENDER], since: '2017-01-01' },
      })
    ).createWorkTeam.id;
    await ok(FILE, { input: household('YS-2016-0090') }, COORD_YS);
    await refused(LOCK, { y: 2019 }, coordinator('610430', { office: 'POVERTY' }), 'FORBIDDEN');
    const lock = (await ok(LOCK, { y: 2019 }, COORD_YS)).lockPeriod.id;

    const locked = await refused(FILE, { input: { ...household('YS-2019-0001'), year: 2019 } }, COORD_YS, 'CONFLICT', 'locked', 'input.year');
    expect(locked.extensions?.lock).toMatchObject({ id: lock, channel: 'LOCAL', regionCode: YS, year: 2019 });
    await refused(STATUS, { id: 'YS-2016-0090', year: 2019, status: 'EXITED' }, COORD_YS, 'CONFLICT', 'locked', 'year');
    await refused(PAIR, { input: { cadreId: cadre, householdId: 'YS-2016-0090', since: '2019-03-01' } }, COORD_YS, 'CONFLICT', 'locked', 'input.since');
    await refused(
      `mutation($input: CreateWorkTeamInput!) { createWorkTeam(input: $input) { id } }`,
      { input: { villageCode: village, senderIds: [SENDER], since: '2019-01-01', until: '2019-12-31' } },
      COORD_YS,
      'CONFLICT',
      'locked',
      'input.since',
    );
    await refused(`mutation($id: ID!) { endWorkTeam(id: $id, until: "2018-12-31") { id } }`, { id: team }, COORD_YS, 'CONFLICT', 'locked', 'until');
    // Another year, and an end after the locked year, stay open.
    await ok(STATUS, { id: 'YS-2016-0090', year: 2020, status: 'EXITED' }, COORD_YS);
    await ok(`mutation($id: ID!) { endWorkTeam(id: $id, until: "2020-12-31") { id } }`, { id: team }, COORD_YS);

    expect((await ok(UNLOCK, { y: 2019 }, COORD_YS)).unlockPeriod).toEqual({ id: lock, unlockedBy: 'coord-yongshou' });
    await ok(FILE, { input: { ...household('YS-2019-0001'), year: 2019 } }, COORD_YS);
    const trail = await ok(`{ registryAuditTrail(filter: { entity: "PeriodLock", entityId: "${lock}" }) { edges { node { action actor reason } } } }`);
    expect(trail.registryAuditTrail.edges.map((e: any) => e.node)).toEqual([
      { action: 'unlockPeriod', actor: 'coord-yongshou', reason: '考核结束' },
      { action: 'lockPeriod', actor: 'coord-yongshou', reason: '年度考核' },
    ]);
  });
});

describe('corrected local records', () => {
  const CORRECT_HP = `mutation($id: ID!, $i: PeriodCorrection!, $reason: String, $v: Int) {
    correctHouseholdPairing(id: $id, input: $i, reason: $reason, expectedVersion: $v) { id until version } }`;
  const TEAMS = `{ region(code: "${YS}") { workTeams(year: 2018, includeDescendants: true) { id } } }`;

  it('a pairing corrected twice keeps three versions, and the coverage reads the last', async () => {
    await ok(FILE, { input: household('YS-2016-0091') }, COORD_YS);
    const cadre = (await ok(CADRE, { input: { personName: '更正测试干部', level: 'ORDINARY', organizationId: SENDER, countyCode: YS } }, COORD_YS)).recordCadre
      .id;
    const before = (await ok(COVERAGE, { year: 2018 })).region.localCoverage.householdsWithHelper;
    const pairing = (await ok(PAIR, { input: { cadreId: cadre, householdId: 'YS-2016-0091', since: '2017-01-01' } }, COORD_YS)).pairHousehold.id;
    expect((await ok(COVERAGE, { year: 2018 })).region.localCoverage.householdsWithHelper).toBe(before + 1);

    await refused(CORRECT_HP, { id: pairing, i: { until: '2017-12-31' } }, COORD_YS, 'BAD_USER_INPUT', 'required', 'reason');
    await refused(CORRECT_HP, { id: pairing, i: { until: '2017-12-31' }, reason: '无权' }, COORD_CH, 'FORBIDDEN');
    const first = await ok(CORRECT_HP, { id: pairing, i: { until: '2017-12-31' }, reason: '结对期限更正' }, COORD_YS);
    expect(first.correctHouseholdPairing).toEqual({ id: pairing, until: '2017-12-31', version: 2 });
    expect((await ok(COVERAGE, { year: 2018 })).region.localCoverage.householdsWithHelper).toBe(before);
    await refused(CORRECT_HP, { id: pairing, i: { until: null }, reason: '旧版本', v: 1 }, COORD_YS, 'CONFLICT', 'version', 'expectedVersion');
    expect((await ok(CORRECT_HP, { id: pairing, i: { until: null }, reason: '继续结对', v: 2 }, COORD_YS)).correctHouseholdPairing.version).toBe(3);
    expect((await ok(COVERAGE, { year: 2018 })).region.localCoverage.householdsWithHelper).toBe(before + 1);

    const corrected = await ok(
      `mutation($id: ID!) { correctCadre(id: $id, input: { level: COUNTY_LEADER }, reason: "职级更正") { level version history { version action reason } } }`,
      { id: cadre },
      COORD_YS,
    );
    expect(corrected.correctCadre).toEqual({
      level: 'COUNTY_LEADER',
      version: 2,
      history: [
        { version: 1, action: 'recordCadre', reason: null },
        { version: 2, action: 'correctCadre', reason: '职级更正' },
      ],
    });
    await ok(VOID, { id: pairing, reason: '作废' }, COORD_YS);
    await refused(CORRECT_HP, { id: pairing, i: { until: null }, reason: '作废后' }, COORD_YS, 'CONFLICT', 'voided', 'id');
  });

  it('a work team corrected leaves the years it no longer covers; a locked year refuses it', async () => {
    const team = (
      await ok(`mutation($input: CreateWorkTeamInput!) { createWorkTeam(input: $input) { id } }`, {
        input: { villageCode: village, senderIds: [SENDER], since: '2016-01-01' },
      })
    ).createWorkTeam.id;
    expect((await ok(TEAMS)).region.workTeams).toContainEqual({ id: team });
    const CORRECT_WT = `mutation($id: ID!, $i: WorkTeamCorrection!, $reason: String) { correctWorkTeam(id: $id, input: $i, reason: $reason) { id until version } }`;
    await refused(CORRECT_WT, { id: team, i: { until: '2015-12-31' }, reason: '颠倒' }, COORD_YS, 'BAD_USER_INPUT', 'period', 'input.until');
    expect((await ok(CORRECT_WT, { id: team, i: { until: '2017-12-31' }, reason: '撤回' }, COORD_YS)).correctWorkTeam.until).toBe('2017-12-31');
    expect((await ok(TEAMS)).region.workTeams).not.toContainEqual({ id: team });
    await ok(`mutation { lockPeriod(channel: LOCAL, regionCode: "${YS}", year: 2016, reason: "考核") { id } }`, {}, COORD_YS);
    await refused(CORRECT_WT, { id: team, i: { until: null }, reason: '锁定中' }, COORD_YS, 'CONFLICT', 'locked', 'id');
  });
});
