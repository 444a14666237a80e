/**
 * Corrections never deletions, record history, the audit trail and locked periods (docs/history.md):
 * a corrected record keeps every version in `history` and the totals read the last one; a voided
 * record stays readable by id and leaves every total, ranking and coverage; the audit trail pages
 * for an administrator, narrows for a coordinator, refuses anyone else; a locked period refuses
 * the channel's writes until it is unlocked.
 */
import { militaryUnitId } from '../lib/org-ids.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ADMIN, callsTo, coordinator, countStatements, rowsOf, startFixtureHub, tearDown, type As, type Hub, type TestDatabase } from './harness.js';

let db: TestDatabase;
let hub: Hub;

const SOE = 'history-soe';
const PAFD = militaryUnitId('永寿县人民武装部');
const OFFICE_52: As = coordinator('52', { office: 'EAST_WEST', sub: 'office-52' });

const eastwest = callsTo(() => hub, { as: ADMIN, schema: 'eastwest' });
const enterprises = callsTo(() => hub, { as: ADMIN, schema: 'enterprises' });
const { ok } = eastwest;

let pairing = '';

const FISCAL = `mutation($i: EastWestFiscalAidInput!) { recordEastWestFiscalAid(input: $i) { id version } }`;
const CORRECT_FISCAL = `mutation($id: ID!, $i: EastWestFiscalAidCorrection!, $reason: String, $v: Int) {
  correctEastWestFiscalAid(id: $id, input: $i, reason: $reason, expectedVersion: $v) { id amount version voided { reason } } }`;
const VOID_EW = `mutation($id: ID!, $reason: String) { voidEastWestRecord(id: $id, reason: $reason) {
  __typename ... on EastWestFiscalAid { id version voided { at by reason } } ... on EastWestProducePurchase { id voided { reason } } } }`;
const PRODUCE = `mutation($i: EastWestProduceInput!) { recordEastWestProducePurchase(input: $i) { id } }`;
const SUMMARY = `query($year: Int) { region(code: "52") { eastWestSummary(year: $year) { asHelped { fiscalAidDisbursed producePurchases } } } }`;

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({
    organizations: [
      { id: SOE, name: '中国历史测试集团有限公司', kind: 'CENTRAL_SOE', homeRegionCode: '11', demo: false, source: 'test' },
      { id: PAFD, name: '永寿县人民武装部', kind: 'PEOPLES_ARMED_FORCES_DEPARTMENT', homeRegionCode: '610426', demo: false, source: 'test' },
    ],
  }));
  const created = await ok(`mutation($i: CreateEastWestPairingInput!) { createEastWestPairing(input: $i) { id } }`, {
    i: { helperId: 'gov-3205', helpedCode: '520621', round: 2016, since: '2018-03-01' },
  });
  pairing = created.createEastWestPairing.id;
}, 300_000);

afterAll(() => tearDown(db, hub));

describe('corrections and history', () => {
  let aid = '';

  it('keeps three versions of a fiscal aid entry corrected twice, and the province totals read the last', async () => {
    aid = (await ok(FISCAL, { i: { pairingId: pairing, year: 2019, stage: 'DISBURSED', amount: '100.00', purpose: '产业' } })).recordEastWestFiscalAid.id;
    const first = await ok(CORRECT_FISCAL, { id: aid, i: { amount: '150.00' }, reason: '拨付凭证更正' }, OFFICE_52);
    expect(first.correctEastWestFiscalAid).toEqual({ id: aid, amount: '150.00', version: 2, voided: null });
    const second = await ok(CORRECT_FISCAL, { id: aid, i: { amount: '175.50' }, reason: '审计调整', v: 2 });
    expect(second.correctEastWestFiscalAid.version).toBe(3);

    const read = await ok(
      `query($p: ID!) { eastWestPairing(id: $p) { fiscalAid(year: 2019) { id amount version history { version at actor action reason values } } } }`,
      {
        p: pairing,
      },
    );
    const [entry] = read.eastWestPairing.fiscalAid;
    expect(
      entry.history.map((h: { version: number; action: string; reason: string | null; actor: string }) => [h.version, h.action, h.reason, h.actor]),
    ).toEqual([
      [1, 'recordEastWestFiscalAid', null, 'test-admin'],
      [2, 'correctEastWestFiscalAid', '拨付凭证更正', 'office-52'],
      [3, 'correctEastWestFiscalAid', '审计调整', 'test-admin'],
    ]);
    expect(JSON.parse(entry.history[2].values)).toMatchObject({ amount: '175.50', version: 3 });
    expect(entry.history[0].at <= entry.history[2].at).toBe(true);

    const summary = await ok(SUMMARY, { year: 2019 });
    expect(summary.region.eastWestSummary.asHelped.fiscalAidDisbursed).toBe('175.50');
  });

  it('refuses a correction without a reason (BAD_USER_INPUT naming reason) or of a stale version, changing nothing', async () => {
    const missing = await eastwest.refused(CORRECT_FISCAL, { id: aid, i: { amount: '1.00' } }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    expect(missing.message).toMatch(/^reason:/);
    await eastwest.refused(CORRECT_FISCAL, { id: aid, i: { amount: '1.00' }, reason: '  ' }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    await eastwest.refused(CORRECT_FISCAL, { id: aid, i: { amount: '1.00' }, reason: '旧版本', v: 1 }, ADMIN, 'CONFLICT', 'version');
  });

  it('voids a record: out of the totals and the default list, readable with includeVoided, refused a second void and any correction', async () => {
    const produce = (await ok(PRODUCE, { i: { pairingId: pairing, year: 2019, product: '茶叶', amount: '30.00' } })).recordEastWestProducePurchase.id;
    await eastwest.refused(VOID_EW, { id: produce }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    const voided = await ok(VOID_EW, { id: aid, reason: '重复录入' }, OFFICE_52);
    expect(voided.voidEastWestRecord).toMatchObject({ __typename: 'EastWestFiscalAid', id: aid, version: 4, voided: { by: 'office-52', reason: '重复录入' } });

    const summary = await ok(SUMMARY, { year: 2019 });
    expect(summary.region.eastWestSummary.asHelped).toEqual({ fiscalAidDisbursed: '0.00', producePurchases: '30.00' });
    const lists = await ok(
      `query($p: ID!) { eastWestPairing(id: $p) { counted: fiscalAid { id } all: fiscalAid(includeVoided: true) { id voided { reason } history { action } } } }`,
      {
        p: pairing,
      },
    );
    expect(lists.eastWestPairing.counted).toEqual([]);
    expect(lists.eastWestPairing.all).toEqual([
      {
        id: aid,
        voided: { reason: '重复录入' },
        history: [
          { action: 'recordEastWestFiscalAid' },
          { action: 'correctEastWestFiscalAid' },
          { action: 'correctEastWestFiscalAid' },
          { action: 'voidEastWestRecord' },
        ],
      },
    ]);

    const again = await eastwest.refused(VOID_EW, { id: aid, reason: '再次' }, ADMIN, 'CONFLICT', 'voided', 'id');
    expect(again.extensions?.voided).toMatchObject({ by: 'office-52', reason: '重复录入' });
    await eastwest.refused(CORRECT_FISCAL, { id: aid, i: { amount: '1.00' }, reason: '更正' }, ADMIN, 'CONFLICT', 'voided', 'id');
    // The same entry may be recorded again: the duplicate rule holds among the records that count.
    await ok(FISCAL, { i: { pairingId: pairing, year: 2019, stage: 'DISBURSED', amount: '90.00', purpose: '产业' } });
    expect((await ok(SUMMARY, { year: 2019 })).region.eastWestSummary.asHelped.fiscalAidDisbursed).toBe('90.00');
  });

  it('refuses a void by a caller who may not write the record, and an id of no record', async () => {
    const produce = (await ok(PRODUCE, { i: { pairingId: pairing, year: 2019, product: '牛肉', amount: '5.00' } })).recordEastWestProducePurchase.id;
    await eastwest.refused(VOID_EW, { id: produce, reason: '无权' }, coordinator('61', { office: 'EAST_WEST' }), 'FORBIDDEN');
    await eastwest.refused(VOID_EW, { id: 'ew-fiscal-999999', reason: '无' }, ADMIN, 'NOT_FOUND', 'exists', 'id');
    await eastwest.refused(VOID_EW, { id: 'nothing-1', reason: '无' }, ADMIN, 'NOT_FOUND', 'exists', 'id');
  });

  it('corrects the other kinds of flow with the rules of recording them', async () => {
    const labour = (
      await ok(`mutation($i: EastWestLabourInput!) { recordEastWestLabourCooperation(input: $i) { id } }`, {
        i: { pairingId: pairing, year: 2019, fromCountyCode: '520621', workersPlaced: 10, poorWorkersPlaced: 5 },
      })
    ).recordEastWestLabourCooperation.id;
    const CORRECT = `mutation($id: ID!, $i: EastWestLabourCorrection!, $reason: String) {
      correctEastWestLabourCooperation(id: $id, input: $i, reason: $reason) { workersPlaced poorWorkersPlaced fromCounty { code } version } }`;
    const done = await ok(CORRECT, { id: labour, i: { workersPlaced: 20, fromCountyCode: '520621' }, reason: '补报' });
    expect(done.correctEastWestLabourCooperation).toEqual({ workersPlaced: 20, poorWorkersPlaced: 5, fromCounty: { code: '520621' }, version: 2 });
    await eastwest.refused(
      CORRECT,
      { id: labour, i: { poorWorkersPlaced: 30 }, reason: '错' },
      ADMIN,
      'BAD_USER_INPUT',
      'within-total',
      'input.poorWorkersPlaced',
    );
    await eastwest.refused(CORRECT, { id: labour, i: { year: 2010 }, reason: '错' }, ADMIN, 'BAD_USER_INPUT', 'within-period', 'input.year');
    const summary = await ok(`{ region(code: "52") { eastWestSummary(year: 2019) { asHelped { workersPlaced poorWorkersPlaced } } } }`);
    expect(summary.region.eastWestSummary.asHelped).toEqual({ workersPlaced: 20, poorWorkersPlaced: 5 });
    // An id of another kind is no record of this one.
    await eastwest.refused(CORRECT, { id: aid, i: { workersPlaced: 1 }, reason: '错' }, ADMIN, 'NOT_FOUND', 'exists', 'id');
  });

  it('voids a pairing: it leaves the lists, coverage and totals with its flows, and is read by id', async () => {
    const other = (
      await ok(`mutation($i: CreateEastWestPairingInput!) { createEastWestPairing(input: $i) { id } }`, {
        i: { helperId: 'gov-3205', helpedCode: '520622', round: 2016, since: '2018-03-01' },
      })
    ).createEastWestPairing.id;
    await ok(FISCAL, { i: { pairingId: other, year: 2019, stage: 'COMMITTED', amount: '700.00', purpose: '作废结对' } });
    const FIGURES = `{ region(code: "520622") { eastWestPairings { id } eastWestSummary(year: 2019) { asHelped { pairings fiscalAidCommitted } } } }`;
    expect((await ok(FIGURES)).region).toEqual({
      eastWestPairings: [{ id: other }],
      eastWestSummary: { asHelped: { pairings: 1, fiscalAidCommitted: '700.00' } },
    });
    await ok(VOID_EW, { id: other, reason: '结对录错' });
    expect((await ok(FIGURES)).region).toEqual({ eastWestPairings: [], eastWestSummary: { asHelped: { pairings: 0, fiscalAidCommitted: '0.00' } } });
    const byId = await ok(`query($id: ID!) { eastWestPairing(id: $id) { id version voided { reason } } }`, { id: other });
    expect(byId.eastWestPairing).toEqual({ id: other, version: 2, voided: { reason: '结对录错' } });
    await eastwest.refused(
      `mutation($id: ID!) { updateEastWestPairing(id: $id, input: { arrangement: "改" }, reason: "更正") { id } }`,
      { id: other },
      ADMIN,
      'CONFLICT',
      'voided',
      'id',
    );
  });

  it('reads the history of many records with one statement for the batch', async () => {
    for (let i = 0; i < 12; i++) await ok(PRODUCE, { i: { pairingId: pairing, year: 2020, product: `产品${i}`, amount: '1.00' } });
    const query = `query($p: ID!) { eastWestPairing(id: $p) { producePurchases(year: 2020) { id history { version action } } } }`;
    const { result, log } = await countStatements(db.database, () => hub.query(query, { p: pairing }, ADMIN));
    expect(result.errors).toBeUndefined();
    const list = result.data!.eastWestPairing.producePurchases;
    expect(list).toHaveLength(12);
    for (const p of list) expect(p.history).toEqual([{ version: 1, action: 'recordEastWestProducePurchase' }]);
    expect(log.filter((s) => s.includes('audit_log'))).toHaveLength(1);
  });
});

describe('voided enterprise contributions', () => {
  const SUMMARY_ENT = `{ region(code: "610426") { enterpriseSummary(year: 2019) { helpers total { contributions disbursed } } }
    sasacRanking(year: 2019) { entries { group { id } total { contributions disbursed } } }
    enterpriseCoverageGaps(year: 2019, within: "610426") { coveredCount } }`;

  it('leaves the summary, the SASAC ranking and coverage, stays readable by id', async () => {
    const before = await enterprises.ok(SUMMARY_ENT);
    const recorded = await enterprises.ok(`mutation($i: RecordContributionInput!) { recordEnterpriseContribution(input: $i) { id } }`, {
      i: { helperId: SOE, helpedCode: '610426', kind: 'PUBLIC_WELFARE_DONATION', date: '2019-05-01', disbursed: '1000.00' },
    });
    const id = recorded.recordEnterpriseContribution.id;
    const counted = await enterprises.ok(SUMMARY_ENT);
    expect(counted.region.enterpriseSummary.total).toEqual({
      contributions: before.region.enterpriseSummary.total.contributions + 1,
      disbursed: '1000.00',
    });
    expect(counted.sasacRanking.entries).toContainEqual({ group: { id: SOE }, total: { contributions: 1, disbursed: '1000.00' } });
    expect(counted.enterpriseCoverageGaps.coveredCount).toBe(1);

    await enterprises.refused(`mutation($id: ID!) { voidEnterpriseRecord(id: $id) { id } }`, { id }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    const voided = await enterprises.ok(
      `mutation($id: ID!) { voidEnterpriseRecord(id: $id, reason: "捐赠撤回") { id voided { by reason } history { action reason } } }`,
      {
        id,
      },
    );
    expect(voided.voidEnterpriseRecord).toEqual({
      id,
      voided: { by: 'test-admin', reason: '捐赠撤回' },
      history: [
        { action: 'recordEnterpriseContribution', reason: null },
        { action: 'voidEnterpriseRecord', reason: '捐赠撤回' },
      ],
    });
    expect(await enterprises.ok(SUMMARY_ENT)).toEqual(before);
    const byId = await enterprises.ok(`query($id: ID!) { enterpriseContribution(id: $id) { id disbursed voided { reason } } }`, { id });
    expect(byId.enterpriseContribution).toEqual({ id, disbursed: '1000.00', voided: { reason: '捐赠撤回' } });
    await enterprises.refused(`mutation($id: ID!) { voidEnterpriseRecord(id: $id, reason: "再次") { id } }`, { id }, ADMIN, 'CONFLICT', 'voided', 'id');
    await enterprises.refused(
      `mutation($id: ID!) { updateEnterpriseContribution(id: $id, input: { disbursed: "1.00" }, reason: "更正") { id } }`,
      { id },
      ADMIN,
      'CONFLICT',
      'voided',
      'id',
    );
  });
});

describe('the audit trail', () => {
  const TRAIL = `query($f: AuditTrailFilter, $first: Int, $after: String) { eastWestAuditTrail(filter: $f, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id at actor action entity entityId outcome reason regions } } } }`;

  it('pages an administrator through every entry, newest first', async () => {
    const all = await ok(TRAIL, { first: 500 });
    const total = all.eastWestAuditTrail.totalCount;
    expect(total).toBe(all.eastWestAuditTrail.edges.length);
    expect(total).toBeGreaterThan(15);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await ok(TRAIL, { first: 7, after })).eastWestAuditTrail;
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.eastWestAuditTrail.edges.map((e: { node: { id: string } }) => e.node.id));
    const numbers = seen.map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));

    const voids = await ok(TRAIL, { f: { action: 'voidEastWestRecord', entity: 'EastWestFiscalAid', refused: false } });
    expect(voids.eastWestAuditTrail.edges.map((e: any) => [e.node.actor, e.node.reason, e.node.regions])).toEqual([
      ['office-52', '重复录入', ['3205', '520621']],
    ]);
    const refusedOnes = await ok(TRAIL, { f: { refused: true } });
    expect(refusedOnes.eastWestAuditTrail.edges.every((e: any) => e.node.outcome === 'REFUSED')).toBe(true);
    expect(refusedOnes.eastWestAuditTrail.totalCount).toBeGreaterThan(0);
  });

  it('shows a coordinator only the entries about their regions', async () => {
    const admin = (await ok(TRAIL, { f: { refused: false }, first: 500 })).eastWestAuditTrail.totalCount;
    const guizhou = await ok(TRAIL, { first: 500 }, coordinator('52'));
    expect(guizhou.eastWestAuditTrail.totalCount).toBe(admin);
    expect(guizhou.eastWestAuditTrail.edges.every((e: any) => e.node.regions.some((r: string) => r.startsWith('52')))).toBe(true);
    const jiangsu = await ok(TRAIL, { first: 500 }, coordinator('3205'));
    expect(jiangsu.eastWestAuditTrail.totalCount).toBe(admin);
    const shaanxi = await ok(TRAIL, { first: 500 }, coordinator('61'));
    expect(shaanxi.eastWestAuditTrail).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it('refuses anonymous callers and other roles, naming the field', async () => {
    for (const as of [undefined, { role: 'EDITOR', orgs: [SOE] } as As, { role: 'SASAC' } as As]) {
      const res = await hub.query(TRAIL, {}, as);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'eastWestAuditTrail' });
    }
    const res = await hub.query(`{ enterpriseAuditTrail { totalCount } registryAuditTrail { totalCount } }`, {}, undefined);
    expect(res.errors?.map((e) => e.extensions?.field).sort()).toEqual(['enterpriseAuditTrail', 'registryAuditTrail']);
  });
});

describe('locked periods', () => {
  const LOCK = `mutation($c: Channel!, $r: ID!, $y: Int!, $reason: String!) { lockPeriod(channel: $c, regionCode: $r, year: $y, reason: $reason) {
    id channel regionCode year reason lockedBy unlockedAt } }`;
  const UNLOCK = `mutation($c: Channel!, $r: ID!, $y: Int!, $reason: String!) { unlockPeriod(channel: $c, regionCode: $r, year: $y, reason: $reason) {
    id unlockedBy unlockReason } }`;
  const AID_2019 = { pairingId: pairing, year: 2019, stage: 'PLEDGED', amount: '10.00', purpose: '锁定测试' };

  it('refuses a lock by a coordinator of another region', async () => {
    const res = await hub.query(LOCK, { c: 'EAST_WEST', r: '52', y: 2019, reason: '年报' }, coordinator('61'));
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses every write into a locked period (CONFLICT locked, nothing changed) until it is unlocked', async () => {
    const locked = await ok(LOCK, { c: 'EAST_WEST', r: '52', y: 2019, reason: '2019年报已审定' }, coordinator('52'));
    const lock = locked.lockPeriod;
    expect(lock).toMatchObject({ channel: 'EAST_WEST', regionCode: '52', year: 2019, lockedBy: 'test-coordinator', unlockedAt: null });
    await eastwest.refused(LOCK, { c: 'EAST_WEST', r: '52', y: 2019, reason: '再锁' }, ADMIN, 'CONFLICT', 'period-locked');

    const refusal = await eastwest.refused(FISCAL, { i: { ...AID_2019, pairingId: pairing } }, ADMIN, 'CONFLICT', 'locked', 'input.year');
    expect(refusal.extensions?.lock).toMatchObject({ id: lock.id, regionCode: '52', year: 2019, reason: '2019年报已审定' });
    expect(refusal.message).toContain(lock.id);
    // Corrections and voids of a 2019 record too; 2020 stays open.
    const list = await ok(`query($p: ID!) { eastWestPairing(id: $p) { producePurchases(year: 2019) { id } } }`, { p: pairing });
    const produce = list.eastWestPairing.producePurchases[0].id;
    await eastwest.refused(VOID_EW, { id: produce, reason: '锁定中' }, ADMIN, 'CONFLICT', 'locked', 'id');
    await eastwest.refused(
      `mutation($id: ID!) { correctEastWestProducePurchase(id: $id, input: { amount: "1.00" }, reason: "锁定中") { id } }`,
      { id: produce },
      ADMIN,
      'CONFLICT',
      'locked',
    );
    await ok(FISCAL, { i: { ...AID_2019, pairingId: pairing, year: 2020 } });
    // A lock on another channel, or on the place's ancestor, as read by periodLocks.
    const locks = await ok(`{ periodLocks(regionCode: "520621") { id channel region { code } } }`, {}, coordinator('52'));
    expect(locks.periodLocks).toEqual([{ id: lock.id, channel: 'EAST_WEST', region: { code: '52' } }]);

    const unlocked = await ok(UNLOCK, { c: 'EAST_WEST', r: '52', y: 2019, reason: '补录更正' }, coordinator('52'));
    expect(unlocked.unlockPeriod).toEqual({ id: lock.id, unlockedBy: 'test-coordinator', unlockReason: '补录更正' });
    await eastwest.refused(UNLOCK, { c: 'EAST_WEST', r: '52', y: 2019, reason: '再解' }, ADMIN, 'CONFLICT', 'period-locked');
    await ok(FISCAL, { i: { ...AID_2019, pairingId: pairing } });

    const trail = await ok(
      `{ registryAuditTrail(filter: { entity: "PeriodLock", refused: false }) { edges { node { action actor reason entityId regions } } } }`,
    );
    expect(trail.registryAuditTrail.edges.map((e: any) => e.node)).toEqual([
      { action: 'unlockPeriod', actor: 'test-coordinator', reason: '补录更正', entityId: lock.id, regions: ['52'] },
      { action: 'lockPeriod', actor: 'test-coordinator', reason: '2019年报已审定', entityId: lock.id, regions: ['52'] },
    ]);
    const history = await ok(`{ periodLocks(channel: EAST_WEST, includeUnlocked: true) { id unlockedAt } }`);
    expect(history.periodLocks).toHaveLength(1);
  });

  it('refuses a designated report filed into a locked year, and takes it once unlocked', async () => {
    const [row] = rowsOf<{ id: string; code: string }>(
      await db.database.db.execute(
        sql`select id, helped_code as code from designated.pairings where until is null and arrangement = 'DESIGNATED' and voided_at is null and since <= '2019-01-01' order by id limit 1`,
      ),
    );
    const measures = {
      fundsInvested: '1.00',
      fundsIntroduced: '1.00',
      localCadresTrained: 1,
      techniciansTrained: 1,
      producePurchased: '1.00',
      produceSalesHelped: '1.00',
      projects: 1,
    };
    const PLAN = `mutation($i: FileDesignatedMeasuresInput!) { fileDesignatedPlan(input: $i) { id } }`;
    await ok(LOCK, { c: 'DESIGNATED', r: row.code.slice(0, 2), y: 2019, reason: '定点帮扶考核' });
    const designated = callsTo(() => hub, { as: ADMIN, schema: 'designated' });
    await designated.refused(PLAN, { i: { pairingId: row.id, year: 2019, measures } }, ADMIN, 'CONFLICT', 'locked', 'input.year');
    await designated.ok(PLAN, { i: { pairingId: row.id, year: 2020, measures } });
    await ok(UNLOCK, { c: 'DESIGNATED', r: row.code.slice(0, 2), y: 2019, reason: '考核结束' });
    await designated.ok(PLAN, { i: { pairingId: row.id, year: 2019, measures } });
  });

  it('locks the enterprises channel for a county and refuses a contribution there', async () => {
    await ok(LOCK, { c: 'ENTERPRISE', r: '610426', y: 2021, reason: '年度核查' });
    await enterprises.refused(
      `mutation($i: RecordContributionInput!) { recordEnterpriseContribution(input: $i) { id } }`,
      { i: { helperId: SOE, helpedCode: '610426', kind: 'PUBLIC_WELFARE_DONATION', date: '2021-05-01', disbursed: '1.00' } },
      ADMIN,
      'CONFLICT',
      'locked',
      'input.date',
    );
    // The east-west channel is not locked by it.
    await ok(FISCAL, { i: { pairingId: pairing, year: 2021, stage: 'PLEDGED', amount: '1.00', purpose: '他渠道' } });
  });
});

describe('history on every channel', () => {
  it('answers the versions of a registry organisation and of a military record from their own logs', async () => {
    await ok(`mutation { updateOrganization(id: "${SOE}", input: { nameEn: "History Test Group" }) { id } }`);
    const org = await ok(`{ organization(id: "${SOE}") { history { version action actor } } }`);
    expect(org.organization.history).toEqual([{ version: 2, action: 'updateOrganization', actor: 'test-admin' }]);
    const created = await ok(`mutation($i: CreateMilitaryAssistanceInput!) { createMilitaryAssistance(input: $i) { id history { version action } } }`, {
      i: { unitId: PAFD, helpedCode: '610426', kind: 'COUNTY_HOSPITAL', since: '2016-01-01', siteName: '历史测试' },
    });
    expect(created.createMilitaryAssistance.history).toEqual([{ version: 1, action: 'createMilitaryAssistance' }]);
  });
});

describe('voided military records', () => {
  const military = callsTo(() => hub, { as: ADMIN, schema: 'military' });
  const SUMMARY_MIL = `{ region(code: "610426") { militarySummary(year: 2018) { assistanceCount totals { projectCount funds } } }
    militaryCoverageGaps(year: 2018, within: "610426") { coveredCount } }`;
  const VOID_MIL = `mutation($id: ID!, $reason: String) { voidMilitaryRecord(id: $id, reason: $reason) {
    __typename ... on MilitaryAssistance { id voided { reason } } ... on MilitaryProject { id voided { reason } } } }`;

  it('leaves the summary and coverage with its projects, stays readable by id, is refused a second void', async () => {
    const before = await military.ok(SUMMARY_MIL);
    const created = await military.ok(`mutation($i: CreateMilitaryAssistanceInput!) { createMilitaryAssistance(input: $i) { id } }`, {
      i: { unitId: PAFD, helpedCode: '610426', kind: 'INDUSTRY', since: '2017-01-01', siteName: '作废测试' },
    });
    const record = created.createMilitaryAssistance.id;
    const project = (
      await military.ok(`mutation($i: MilitaryProjectInput!) { recordMilitaryProject(input: $i) { id } }`, {
        i: {
          assistanceId: record,
          year: 2018,
          name: '作废项目',
          funds: '500.00',
          householdsReached: 1,
          peopleReached: 1,
          personnelSent: 2,
          officers: 1,
          soldiers: 1,
        },
      })
    ).recordMilitaryProject.id;
    const counted = await military.ok(SUMMARY_MIL);
    expect(counted.region.militarySummary.assistanceCount).toBe(before.region.militarySummary.assistanceCount + 1);
    expect(counted.region.militarySummary.totals.projectCount).toBe(before.region.militarySummary.totals.projectCount + 1);
    expect(counted.militaryCoverageGaps.coveredCount).toBe(1);

    await military.refused(VOID_MIL, { id: project }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    expect((await military.ok(VOID_MIL, { id: project, reason: '重复项目' })).voidMilitaryRecord).toEqual({
      __typename: 'MilitaryProject',
      id: project,
      voided: { reason: '重复项目' },
    });
    const withoutProject = await military.ok(SUMMARY_MIL);
    expect(withoutProject.region.militarySummary.totals).toEqual(before.region.militarySummary.totals);
    await military.refused(VOID_MIL, { id: project, reason: '再次' }, ADMIN, 'CONFLICT', 'voided', 'id');
    await military.refused(
      `mutation($id: ID!) { updateMilitaryProject(id: $id, input: { name: "改" }, reason: "更正") { id } }`,
      { id: project },
      ADMIN,
      'CONFLICT',
      'voided',
      'id',
    );

    expect((await military.ok(VOID_MIL, { id: record, reason: '记录有误' })).voidMilitaryRecord.__typename).toBe('MilitaryAssistance');
    expect(await military.ok(SUMMARY_MIL)).toEqual(before);
    const byId = await military.ok(`query($id: ID!) { militaryAssistance(id: $id) { id voided { by reason } history { action reason } } }`, { id: record });
    expect(byId.militaryAssistance).toEqual({
      id: record,
      voided: { by: 'test-admin', reason: '记录有误' },
      history: [
        { action: 'createMilitaryAssistance', reason: null },
        { action: 'voidMilitaryRecord', reason: '记录有误' },
      ],
    });
  });
});

describe('voided party records', () => {
  const parties = callsTo(() => hub, { as: ADMIN, schema: 'parties' });
  const FIGURES = `{ partyReport(partyId: "party-minjin", year: 2019) { trainingSessions peopleTrained }
    region(code: "430224") { partyAssistance(year: 2019) { id } } }`;

  it('leaves the party report and the place lists, stays readable by id, is refused a second void', async () => {
    const before = await parties.ok(FIGURES);
    const made = await parties.ok(`mutation($i: RecordIntellectualAssistanceInput!) { recordIntellectualAssistance(input: $i) { id } }`, {
      i: {
        helperId: 'party-minjin-43',
        helpedCode: '430224',
        form: 'TRAINING',
        title: '作废测试培训班',
        since: '2019-07-01',
        until: '2019-07-03',
        trainees: 40,
      },
    });
    const id = made.recordIntellectualAssistance.id;
    const counted = await parties.ok(FIGURES);
    expect(counted.partyReport.peopleTrained).toBe((before.partyReport?.peopleTrained ?? 0) + 40);
    expect(counted.region.partyAssistance).toContainEqual({ id });

    const VOID = `mutation($id: ID!, $reason: String) { voidPartyRecord(id: $id, reason: $reason) {
      ... on IntellectualAssistance { id voided { by reason } history { action } } } }`;
    await parties.refused(VOID, { id }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    expect((await parties.ok(VOID, { id, reason: '重复录入' })).voidPartyRecord).toEqual({
      id,
      voided: { by: 'test-admin', reason: '重复录入' },
      history: [{ action: 'recordIntellectualAssistance' }, { action: 'voidPartyRecord' }],
    });
    expect(await parties.ok(FIGURES)).toEqual(before);
    await parties.refused(VOID, { id, reason: '再次' }, ADMIN, 'CONFLICT', 'voided', 'id');
  });

  it('voids a supervision trip: out of the trips list and the report', async () => {
    const REPORT = `{ partyReport(partyId: "party-minjin", year: 2019) { trips } supervisionTrips(filter: { assignmentId: "parties-sup-minjin-43", year: 2019 }) { totalCount } }`;
    const before = await parties.ok(REPORT);
    const trip = (
      await parties.ok(`mutation($i: RecordSupervisionTripInput!) { recordSupervisionTrip(input: $i) { id } }`, {
        i: {
          assignmentId: 'parties-sup-minjin-43',
          startDate: '2019-09-01',
          endDate: '2019-09-02',
          placesVisited: ['431027'],
          participants: 3,
          findings: '作废测试',
        },
      })
    ).recordSupervisionTrip.id;
    const counted = await parties.ok(REPORT);
    expect(counted.partyReport.trips).toBe((before.partyReport?.trips ?? 0) + 1);
    expect(counted.supervisionTrips.totalCount).toBe(before.supervisionTrips.totalCount + 1);
    const voided = await parties.ok(
      `mutation($id: ID!) { voidPartyRecord(id: $id, reason: "重复录入") { __typename ... on SupervisionTrip { id voided { reason } } } }`,
      {
        id: trip,
      },
    );
    expect(voided.voidPartyRecord).toEqual({ __typename: 'SupervisionTrip', id: trip, voided: { reason: '重复录入' } });
    expect(await parties.ok(REPORT)).toEqual(before);
  });

  it('refuses a record into a locked year of its province', async () => {
    await parties.ok(`mutation { lockPeriod(channel: DEMOCRATIC_PARTY, regionCode: "43", year: 2018, reason: "年度总结") { id } }`);
    await parties.refused(
      `mutation($i: RecordIntellectualAssistanceInput!) { recordIntellectualAssistance(input: $i) { id } }`,
      { i: { helperId: 'party-minjin-43', helpedCode: '430224', form: 'CONSULTATION', title: '锁定测试', since: '2018-05-01', until: '2018-05-02' } },
      ADMIN,
      'CONFLICT',
      'locked',
      'input.since',
    );
  });
});

describe('voided designated pairings', () => {
  const designated = callsTo(() => hub, { as: ADMIN, schema: 'designated' });

  it('leaves the place list and coverage, stays readable by id, is refused a second void', async () => {
    const [row] = rowsOf<{ id: string; code: string }>(
      await db.database.db.execute(
        sql`select id, helped_code as code from designated.pairings where until is null and arrangement = 'DESIGNATED' and since <= '2019-01-01' order by id limit 1`,
      ),
    );
    const FIGURES = `query($code: ID!) { region(code: $code) { designatedAssistance(year: 2019) { id } }
      designatedCoverageGaps(year: 2019, within: $code) { coveredCount } }`;
    const before = await designated.ok(FIGURES, { code: row.code });
    expect(before.region.designatedAssistance).toContainEqual({ id: row.id });

    const VOID = `mutation($id: ID!, $reason: String) { voidDesignatedRecord(id: $id, reason: $reason) { ... on DesignatedAssistance { id voided { reason } } } }`;
    await designated.refused(VOID, { id: row.id }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    await designated.refused(VOID, { id: row.id, reason: '无权' }, coordinator('61'), 'FORBIDDEN');
    expect((await designated.ok(VOID, { id: row.id, reason: '名单有误' })).voidDesignatedRecord).toEqual({ id: row.id, voided: { reason: '名单有误' } });
    const after = await designated.ok(FIGURES, { code: row.code });
    expect(after.region.designatedAssistance).not.toContainEqual({ id: row.id });
    if (before.region.designatedAssistance.length === 1) expect(after.designatedCoverageGaps.coveredCount).toBe(0);
    const byId = await designated.ok(`query($id: ID!) { designatedPairing(id: $id) { id voided { by reason } history { action reason } } }`, { id: row.id });
    expect(byId.designatedPairing).toEqual({
      id: row.id,
      voided: { by: 'test-admin', reason: '名单有误' },
      history: [{ action: 'voidDesignatedRecord', reason: '名单有误' }],
    });
    await designated.refused(VOID, { id: row.id, reason: '再次' }, ADMIN, 'CONFLICT', 'voided', 'id');
  });
});

describe('voided organisations', () => {
  it('leave the organisations list, stay readable by id, refuse a change', async () => {
    const registry = callsTo(() => hub, { as: ADMIN, schema: 'registry' });
    await registry.ok(
      `mutation { createOrganization(input: { id: "history-mistake", name: "误录测试公司", kind: PRIVATE_ENTERPRISE, homeRegionCode: "610426" }) { id } }`,
    );
    const LIST = `{ organizations(filter: { nameContains: "误录测试" }) { totalCount edges { node { id } } } }`;
    expect((await registry.ok(LIST)).organizations.totalCount).toBe(1);
    const VOID = `mutation($reason: String) { voidOrganization(id: "history-mistake", reason: $reason) { id voided { reason } } }`;
    await registry.refused(VOID, { reason: '误录' }, coordinator('61'), 'FORBIDDEN');
    await registry.refused(VOID, {}, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    expect((await registry.ok(VOID, { reason: '误录' })).voidOrganization).toEqual({ id: 'history-mistake', voided: { reason: '误录' } });
    expect((await registry.ok(LIST)).organizations).toEqual({ totalCount: 0, edges: [] });
    const byId = await registry.ok(`{ organization(id: "history-mistake") { id name voided { by } history { action } } }`);
    expect(byId.organization).toEqual({
      id: 'history-mistake',
      name: '误录测试公司',
      voided: { by: 'test-admin' },
      history: [{ action: 'createOrganization' }, { action: 'voidOrganization' }],
    });
    await registry.refused(`mutation { updateOrganization(id: "history-mistake", input: { nameEn: "X" }) { id } }`, {}, ADMIN, 'CONFLICT', 'voided', 'id');
    await registry.refused(VOID, { reason: '再次' }, ADMIN, 'CONFLICT', 'voided', 'id');
    // No new record names it as its helper.
    await enterprises.refused(
      `mutation($i: RecordContributionInput!) { recordEnterpriseContribution(input: $i) { id } }`,
      { i: { helperId: 'history-mistake', helpedCode: '610426', kind: 'PUBLIC_WELFARE_DONATION', date: '2020-05-01', disbursed: '1.00' } },
      ADMIN,
      'NOT_FOUND',
      'exists',
      'input.helperId',
    );
  });
});
