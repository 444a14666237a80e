import { and, asc, eq, sql } from 'drizzle-orm';
import { insertChunked } from '../../lib/db.js';
import { partyCentralId, PARTY_SLUGS } from '../../lib/org-ids.js';
import type { Rng } from '../../lib/rng.js';
import { hasRows, type RegionRow, type SeedHooks, type SeedScope } from '../../lib/seed.js';
import { ownAidRows, provincialCommittees, supervisionRows, SUPERVISION_FILE, AID_SITES_FILE } from './reference.js';
import {
  assistanceTable as assistance,
  recommendationsTable as recommendations,
  tripsTable as trips,
  type IntellectualForm,
  type RecommendationStatus,
} from './tables.js';

/**
 * Seeding: the real lists first (the eight supervision assignments of 2016, the parties' own
 * aid counties, the provincial committees of the supervised provinces), then deterministic
 * demo work around them — trips, reports and recommendations with their statuses, training
 * sessions, consultations and projects, 2016–2020 — every row marked `demo`.
 */
export const seed: SeedHooks = {
  steps: [
    { name: 'reference', loadedBefore: (db) => hasRows(db, assistance, sql`not ${assistance.demo}`), run: (scope) => load.reference(scope) },
    { name: 'demo', demo: true, loadedBefore: (db) => hasRows(db, trips), run: (scope) => load.demo(scope) },
  ],
};

const load: Record<'reference' | 'demo', (scope: SeedScope) => Promise<number>> = {
  async reference({ database, registry, referenceDir, log }) {
    const committees = provincialCommittees();
    await registry.upsertOrganizations(committees);
    const supervised = supervisionRows(referenceDir);
    const provinces = new Set((await registry.regions('PROVINCE')).map((r) => r.code));
    const assignments = supervised.filter((r) => provinces.has(r.provinceCode));
    const own = ownAidRows(referenceDir, supervised);
    const counties = new Set((await registry.regions('COUNTY', [...new Set(own.map((r) => r.countyCode))])).map((r) => r.code));
    const ownKnown = own.filter((r) => counties.has(r.countyCode));
    const rows: (typeof assistance.$inferInsert)[] = [
      ...assignments.map((r) => ({
        id: `parties-sup-${r.slug}-${r.provinceCode}`,
        kind: 'SUPERVISION' as const,
        helperId: partyCentralId(r.slug),
        partyId: partyCentralId(r.slug),
        helpedCode: r.provinceCode,
        since: r.since,
        until: r.until,
        untilPlanned: true,
        arrangement: r.arrangement,
        evidenceUrl: r.evidenceUrl,
        demo: false,
        source: SUPERVISION_FILE,
      })),
      ...ownKnown.map((r) => ({
        id: `parties-own-${r.slug}-${r.countyCode}`,
        kind: 'OWN_AID_COUNTY' as const,
        helperId: partyCentralId(r.slug),
        partyId: partyCentralId(r.slug),
        helpedCode: r.countyCode,
        since: r.since,
        sinceDocumented: r.sinceDocumented,
        evidenceUrl: r.evidenceUrl,
        note: r.note,
        demo: false,
        source: AID_SITES_FILE,
      })),
    ];
    if (rows.length) await database.db.insert(assistance).values(rows);
    const skipped = supervised.length - assignments.length + own.length - ownKnown.length;
    log(
      `parties: ${committees.length} provincial committees, ${assignments.length} supervision assignments, ` +
        `${ownKnown.length} own aid counties${skipped ? ` (${skipped} rows with unknown codes skipped)` : ''}`,
    );
    return rows.length;
  },

  async demo(scope) {
    const { database, registry, log } = scope;
    const assignments = await database.db
      .select()
      .from(assistance)
      .where(and(eq(assistance.kind, 'SUPERVISION'), eq(assistance.demo, false)))
      .orderBy(asc(assistance.id));
    if (!assignments.length) return 0;
    const own = await database.db
      .select()
      .from(assistance)
      .where(and(eq(assistance.kind, 'OWN_AID_COUNTY'), eq(assistance.demo, false)))
      .orderBy(asc(assistance.id));
    const provinceNames = new Map((await registry.regions('PROVINCE')).map((r) => [r.code, r.name]));
    const poverty = await registry.povertyCounties();
    const countiesOf = async (province: string) => {
      const poor = poverty.filter((c) => c.code.startsWith(province));
      return poor.length ? poor : await registry.regions('COUNTY', [province]);
    };
    const input: DemoInput = {
      assignments: await Promise.all(
        assignments.map(async (a) => ({
          id: a.id,
          partyId: a.partyId,
          provinceCode: a.helpedCode,
          provinceName: provinceNames.get(a.helpedCode) ?? a.helpedCode,
          since: a.since,
          until: a.until ?? DEMO_LAST_DAY,
          counties: await countiesOf(a.helpedCode),
          ownCounties: own.filter((o) => o.partyId === a.partyId).map((o) => o.helpedCode),
          committees: provincialCommittees()
            .filter((c) => c.parentId === a.partyId && c.homeRegionCode === a.helpedCode)
            .map((c) => c.id),
        })),
      ),
      acficCounties: poverty.filter((c) => assignments.some((a) => c.code.startsWith(a.helpedCode))),
    };
    const data = generateDemo(input, scope.rng, DEMO_SIZE[scope.scale]);
    await insertDemo(scope, data);
    log(`parties: demo ${data.trips.length} trips, ${data.recommendations.length} reports and recommendations, ${data.aid.length} intellectual-aid records`);
    return data.trips.length + data.recommendations.length + data.aid.length;
  },
};

/** How much demo work per assignment and year: multiplied for the national scale. */
export const DEMO_SIZE: Record<SeedScope['scale'], number> = { demo: 1, national: 10 };
const DEMO_FIRST_YEAR = 2016;
const DEMO_LAST_DAY = '2020-12-31';

export interface DemoAssignment {
  id: string;
  partyId: string;
  provinceCode: string;
  provinceName: string;
  since: string;
  until: string;
  counties: RegionRow[];
  ownCounties: string[];
  committees: string[];
}

export interface DemoInput {
  assignments: DemoAssignment[];
  acficCounties: RegionRow[];
}

export interface DemoData {
  trips: (typeof trips.$inferInsert)[];
  recommendations: (typeof recommendations.$inferInsert)[];
  aid: (typeof assistance.$inferInsert)[];
}

const FINDINGS = [
  '易地扶贫搬迁后续产业配套不足，部分安置点就业岗位偏少',
  '扶贫项目资金拨付滞后，部分项目未按期开工',
  '产业扶贫同质化，农产品销售渠道单一',
  '贫困人口识别和退出数据与实际情况存在出入',
  '村级医疗卫生服务能力弱，乡村医生缺口较大',
  '控辍保学任务重，寄宿制学校条件有待改善',
  '驻村工作队力量不均衡，部分村帮扶措施不够精准',
  '小额信贷到期还款风险需要关注',
];
const TOPICS = ['产业扶贫', '易地扶贫搬迁后续扶持', '教育扶贫', '健康扶贫', '扶贫资金监管', '就业扶贫', '消费扶贫', '生态扶贫'];
const TRAININGS = ['乡村医生培训班', '中小学骨干教师培训班', '基层干部能力提升培训班', '农业实用技术培训班', '电商扶贫培训班', '致富带头人培训班'];
const CONSULTATIONS = ['产业发展规划专家咨询', '特色农产品品牌建设咨询', '医疗卫生专家义诊与咨询', '乡村旅游规划咨询'];
const PROJECTS = ['希望小学援建项目', '村卫生室设备捐赠项目', '特色种植示范基地项目', '饮水安全工程项目'];

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);

/** A random day in [from, to] (ISO dates). */
function dayBetween(rng: Rng, from: string, to: string): string {
  const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return addDays(from, rng.int(0, Math.max(0, span)));
}

/**
 * The demo work, as rows ready to insert: a pure function of its input and the generator, so
 * the same seed gives the same data on every machine.
 */
export function generateDemo(input: DemoInput, rng: Rng, size: number): DemoData {
  const out: DemoData = { trips: [], recommendations: [], aid: [] };
  let n = 0;
  const next = (kind: string) => `parties-${kind}-demo-${String(++n).padStart(6, '0')}`;
  const pickStatus = (): RecommendationStatus => {
    const p = rng.next();
    return p < 0.05 ? 'SUBMITTED' : p < 0.2 ? 'ACKNOWLEDGED' : p < 0.88 ? 'ADOPTED' : 'REJECTED';
  };
  const recommendation = (a: DemoAssignment, tripId: string | null, form: 'REPORT' | 'RECOMMENDATION', title: string, submittedOn: string, recipientCode: string) => {
    const status = pickStatus();
    const acknowledgedOn = status === 'SUBMITTED' ? null : addDays(submittedOn, rng.int(3, 20));
    const decidedOn = status === 'ADOPTED' || status === 'REJECTED' ? addDays(acknowledgedOn!, rng.int(10, 90)) : null;
    out.recommendations.push({
      id: next('rec'),
      assignmentId: a.id,
      partyId: a.partyId,
      provinceCode: a.provinceCode,
      tripId,
      form,
      title,
      content: `${title}（演示数据）`,
      recipient: `中共${a.provinceName}委员会、${a.provinceName}人民政府`,
      recipientCode,
      submittedOn,
      status,
      acknowledgedOn,
      decidedOn,
      response: status === 'ADOPTED' ? '已采纳，责成有关部门落实' : status === 'REJECTED' ? '暂不采纳，已说明理由' : null,
      demo: true,
      source: 'demo',
    });
  };
  const aid = (helperId: string, partyId: string, code: string, form: IntellectualForm, title: string, since: string, until: string | null, experts: number, trainees: number | null) => {
    out.aid.push({ id: next('ia'), kind: 'INTELLECTUAL', helperId, partyId, helpedCode: code, since, until, form, title, experts, trainees, note: '演示数据', demo: true, source: 'demo' });
  };

  for (const a of input.assignments) {
    if (!a.counties.length) continue;
    const lastYear = Number(a.until.slice(0, 4));
    for (let year = Math.max(DEMO_FIRST_YEAR, Number(a.since.slice(0, 4))); year <= lastYear; year++) {
      const from = max(a.since, `${year}-01-01`);
      const to = min(a.until, `${year}-12-20`);
      if (from > to) continue;
      const organizers = [a.partyId, ...a.committees];
      for (let t = 0; t < 3 * size; t++) {
        const start = dayBetween(rng, from, to);
        const end = min(addDays(start, rng.int(2, 6)), a.until);
        const places = rng.sample(a.counties, rng.int(1, 4)).map((c) => c.code).sort();
        const tripId = next('trip');
        out.trips.push({
          id: tripId,
          assignmentId: a.id,
          partyId: a.partyId,
          organizerId: rng.chance(0.7) ? a.partyId : rng.pick(organizers),
          provinceCode: a.provinceCode,
          startDate: start,
          endDate: end,
          placesVisited: places,
          participants: rng.int(4, 20),
          findings: rng.pick(FINDINGS),
          demo: true,
          source: 'demo',
        });
        for (let k = rng.int(1, 2); k > 0; k--) {
          const submittedOn = addDays(end, rng.int(5, 40));
          if (submittedOn > a.until) continue;
          const county = a.counties.find((c) => c.code === places[0])!;
          const recipientCode = rng.chance(0.2) ? county.code.slice(0, 4) : a.provinceCode;
          recommendation(a, tripId, 'RECOMMENDATION', `关于${county.name}${rng.pick(TOPICS)}的建议`, submittedOn, recipientCode);
        }
      }
      recommendation(a, null, 'REPORT', `${year}年度${a.provinceName}脱贫攻坚民主监督报告`, dayBetween(rng, min(`${year}-12-10`, to), to), a.provinceCode);

      const helpers = [a.partyId, ...a.committees];
      const aidPlaces = a.ownCounties.length ? a.ownCounties : a.counties.map((c) => c.code);
      for (let k = 0; k < 3 * size; k++) {
        const since = dayBetween(rng, `${year}-01-01`, `${year}-12-20`);
        aid(rng.pick(helpers), a.partyId, rng.pick(rng.chance(0.5) ? aidPlaces : a.counties.map((c) => c.code)), 'TRAINING', rng.pick(TRAININGS), since, addDays(since, rng.int(1, 5)), rng.int(2, 15), rng.int(30, 300));
      }
      for (let k = 0; k < 2 * size; k++) {
        const since = dayBetween(rng, `${year}-01-01`, `${year}-12-20`);
        const county = rng.pick(a.counties).code;
        aid(rng.pick(helpers), a.partyId, rng.chance(0.3) ? county.slice(0, 4) : county, 'CONSULTATION', rng.pick(CONSULTATIONS), since, since, rng.int(3, 12), null);
      }
      for (let k = 0; k < size; k++) {
        const since = dayBetween(rng, `${year}-01-01`, `${year}-10-31`);
        const until = year === 2020 && rng.chance(0.5) ? null : addDays(since, rng.int(180, 540));
        aid(a.partyId, a.partyId, rng.pick(aidPlaces), 'PROJECT', rng.pick(PROJECTS), since, until, rng.int(1, 6), null);
      }
    }
  }
  // ACFIC works beside the parties (万企帮万村 is the enterprises channel's): training only here.
  const acfic = partyCentralId(PARTY_SLUGS['全国工商联']);
  if (input.acficCounties.length) {
    for (let year = DEMO_FIRST_YEAR; year <= 2020; year++) {
      for (let k = 0; k < 2 * size; k++) {
        const since = dayBetween(rng, `${year}-01-01`, `${year}-12-20`);
        aid(acfic, acfic, rng.pick(input.acficCounties).code, 'TRAINING', '民营企业帮扶项目对接培训班', since, addDays(since, rng.int(1, 3)), rng.int(2, 8), rng.int(40, 200));
      }
    }
  }
  return out;
}

/** Bulk multi-row inserts of the rows built as objects. */
async function insertDemo({ database }: SeedScope, data: DemoData): Promise<void> {
  await insertChunked(database.db, trips, data.trips);
  await insertChunked(database.db, recommendations, data.recommendations);
  await insertChunked(database.db, assistance, data.aid);
}
