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
