import { and, asc, eq, sql } from 'drizzle-orm';
import { insertChunked } from '../../lib/db.js';
import { demoName } from '../../lib/demo.js';
import { partyCentralId, partyProvincialId } from '../../lib/org-ids.js';
import type { Rng } from '../../lib/rng.js';
import { hasRows, type OrganizationInput, type RegionRow, type SeedHooks, type SeedScope } from '../../lib/seed.js';
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
 * demo work beside them: in each supervised province a generated party (`演示·第n党派中央委员会`,
 * with a provincial committee under it) supervises in the same period, and makes trips, reports
 * and recommendations with their statuses, training courses, consultations and projects,
 * 2016–2020; a generated federation (`演示·第1工商业联合会`) trains beside them. Every row and
 * organisation is marked `demo`: the real parties and their records are left as they are.
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
    const provinceNames = new Map((assignments.length ? await registry.regions('PROVINCE') : []).map((r) => [r.code, r.name]));
    const poverty = assignments.length ? await registry.povertyCounties() : [];
    const countiesOf = async (province: string) => {
      const poor = poverty.filter((c) => c.code.startsWith(province));
      return poor.length ? poor : await registry.regions('COUNTY', [province]);
    };
    const input: DemoInput = {
      provinces: await Promise.all(
        assignments.map(async (a) => ({
          provinceCode: a.helpedCode,
          provinceName: provinceNames.get(a.helpedCode) ?? a.helpedCode,
          since: a.since,
          until: a.until !== null && a.until < DEMO_LAST_DAY ? a.until : DEMO_LAST_DAY,
          counties: await countiesOf(a.helpedCode),
        })),
      ),
      acficCounties: poverty.filter((c) => assignments.some((a) => c.code.startsWith(a.helpedCode))),
    };
    const data = generateDemo(input, scope.rng, DEMO_SIZE[scope.scale]);
    await insertDemo(scope, data);
    log(
      `parties: demo ${data.organizations.length} party organs, ${data.assignments.length} supervision assignments, ${data.trips.length} trips, ` +
        `${data.recommendations.length} reports and recommendations, ${data.aid.length} intellectual-aid records`,
    );
    return data.assignments.length + data.trips.length + data.recommendations.length + data.aid.length;
  },
};

/** How much demo work per assignment and year: multiplied for the national scale. */
export const DEMO_SIZE: Record<SeedScope['scale'], number> = { demo: 1, national: 10 };
const DEMO_FIRST_YEAR = 2016;
const DEMO_LAST_DAY = '2020-12-31';

/** A province supervised in the real list, and the period: a generated party supervises it then too. */
export interface DemoProvince {
  provinceCode: string;
  provinceName: string;
  since: string;
  until: string;
  /** The places its work goes to: the province's poverty counties (its counties when it has none). */
  counties: RegionRow[];
}

export interface DemoInput {
  provinces: DemoProvince[];
  acficCounties: RegionRow[];
}

export interface DemoData {
  /** The generated party organs: a central committee per province, a provincial committee under it, and a federation. */
  organizations: OrganizationInput[];
  /** The generated parties' supervision assignments. */
  assignments: (typeof assistance.$inferInsert)[];
  trips: (typeof trips.$inferInsert)[];
  recommendations: (typeof recommendations.$inferInsert)[];
  aid: (typeof assistance.$inferInsert)[];
}

/** A demo party's assignment, as the generator builds its work. */
type Assignment = DemoProvince & { id: string; partyId: string };

/** A generated party's central committee, its committee in a province, and the generated federation. */
export const demoPartyId = (n: number) => partyCentralId(`demo-${n}`);
export const demoCommitteeId = (n: number, provinceCode: string) => partyProvincialId(`demo-${n}`, provinceCode);
export const DEMO_FEDERATION_ID = partyCentralId('demo-acfic');

/** The generated organs, named `演示·…` with a number where a real party has its name. */
function demoOrganizations(n: number, p: DemoProvince): OrganizationInput[] {
  const source = 'demo';
  return [
    { id: demoPartyId(n), name: demoName(`第${n}党派中央委员会`), kind: 'DEMOCRATIC_PARTY', demo: true, source },
    {
      id: demoCommitteeId(n, p.provinceCode),
      name: demoName(`第${n}党派${p.provinceName}委员会`),
      kind: 'DEMOCRATIC_PARTY',
      homeRegionCode: p.provinceCode,
      parentId: demoPartyId(n),
      demo: true,
      source,
    },
  ];
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
 * the same seed gives the same data on every machine. Every record belongs to a generated
 * organ (never to a real party or committee); no province gives empty lists.
 */
export function generateDemo(input: DemoInput, rng: Rng, size: number): DemoData {
  const out: DemoData = { organizations: [], assignments: [], trips: [], recommendations: [], aid: [] };
  let n = 0;
  const next = (kind: string) => `parties-${kind}-demo-${String(++n).padStart(6, '0')}`;
  const pickStatus = (): RecommendationStatus => {
    const p = rng.next();
    return p < 0.05 ? 'SUBMITTED' : p < 0.2 ? 'ACKNOWLEDGED' : p < 0.88 ? 'ADOPTED' : 'REJECTED';
  };
  const recommendation = (
    a: Assignment,
    tripId: string | null,
    form: 'REPORT' | 'RECOMMENDATION',
    title: string,
    submittedOn: string,
    recipientCode: string,
  ) => {
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
  const aid = (
    helperId: string,
    partyId: string,
    code: string,
    form: IntellectualForm,
    title: string,
    since: string,
    until: string | null,
    experts: number,
    trainees: number | null,
  ) => {
    out.aid.push({
      id: next('ia'),
      kind: 'INTELLECTUAL',
      helperId,
      partyId,
      helpedCode: code,
      since,
      until,
      form,
      title,
      experts,
      trainees,
      note: '演示数据',
      demo: true,
      source: 'demo',
    });
  };

  let parties = 0;
  for (const p of input.provinces) {
    // A province without places, or supervised only after the demo years, gets no demo party.
    if (!p.counties.length || p.since > p.until) continue;
    const n = ++parties;
    const partyId = demoPartyId(n);
    const committee = demoCommitteeId(n, p.provinceCode);
    out.organizations.push(...demoOrganizations(n, p));
    const a: Assignment = { ...p, id: `parties-sup-demo-${n}-${p.provinceCode}`, partyId };
    out.assignments.push({
      id: a.id,
      kind: 'SUPERVISION',
      helperId: partyId,
      partyId,
      helpedCode: p.provinceCode,
      since: p.since,
      until: p.until,
      untilPlanned: true,
      arrangement: '脱贫攻坚民主监督（演示）',
      demo: true,
      source: 'demo',
    });
    const lastYear = Number(a.until.slice(0, 4));
    for (let year = Math.max(DEMO_FIRST_YEAR, Number(a.since.slice(0, 4))); year <= lastYear; year++) {
      const from = max(a.since, `${year}-01-01`);
      const to = min(a.until, `${year}-12-20`);
      if (from > to) continue;
      const organizers = [partyId, committee];
      for (let t = 0; t < 3 * size; t++) {
        const start = dayBetween(rng, from, to);
        const end = min(addDays(start, rng.int(2, 6)), a.until);
        const places = rng
          .sample(a.counties, rng.int(1, 4))
          .map((c) => c.code)
          .sort();
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

      const helpers = [partyId, committee];
      const aidPlaces = a.counties.map((c) => c.code);
      for (let k = 0; k < 3 * size; k++) {
        const since = dayBetween(rng, `${year}-01-01`, `${year}-12-20`);
        aid(
          rng.pick(helpers),
          a.partyId,
          rng.pick(aidPlaces),
          'TRAINING',
          rng.pick(TRAININGS),
          since,
          addDays(since, rng.int(1, 5)),
          rng.int(2, 15),
          rng.int(30, 300),
        );
      }
      for (let k = 0; k < 2 * size; k++) {
        const since = dayBetween(rng, `${year}-01-01`, `${year}-12-20`);
        const county = rng.pick(a.counties).code;
        aid(
          rng.pick(helpers),
          a.partyId,
          rng.chance(0.3) ? county.slice(0, 4) : county,
          'CONSULTATION',
          rng.pick(CONSULTATIONS),
          since,
          since,
          rng.int(3, 12),
          null,
        );
      }
      for (let k = 0; k < size; k++) {
        const since = dayBetween(rng, `${year}-01-01`, `${year}-10-31`);
        const until = year === 2020 && rng.chance(0.5) ? null : addDays(since, rng.int(180, 540));
        aid(a.partyId, a.partyId, rng.pick(aidPlaces), 'PROJECT', rng.pick(PROJECTS), since, until, rng.int(1, 6), null);
      }
    }
  }
  // A federation works beside the parties as ACFIC does (万企帮万村 is the enterprises channel's): training only here.
  const acfic = DEMO_FEDERATION_ID;
  if (input.acficCounties.length) {
    out.organizations.push({ id: acfic, name: demoName('第1工商业联合会'), kind: 'INDUSTRY_AND_COMMERCE_FEDERATION', demo: true, source: 'demo' });
    for (let year = DEMO_FIRST_YEAR; year <= 2020; year++) {
      for (let k = 0; k < 2 * size; k++) {
        const since = dayBetween(rng, `${year}-01-01`, `${year}-12-20`);
        aid(
          acfic,
          acfic,
          rng.pick(input.acficCounties).code,
          'TRAINING',
          '民营企业帮扶项目对接培训班',
          since,
          addDays(since, rng.int(1, 3)),
          rng.int(2, 8),
          rng.int(40, 200),
        );
      }
    }
  }
  return out;
}

/** Bulk multi-row inserts of the rows built as objects. */
async function insertDemo({ database, registry }: SeedScope, data: DemoData): Promise<void> {
  if (data.organizations.length) await registry.upsertOrganizations(data.organizations);
  await insertChunked(database.db, assistance, data.assignments);
  await insertChunked(database.db, trips, data.trips);
  await insertChunked(database.db, recommendations, data.recommendations);
  await insertChunked(database.db, assistance, data.aid);
}
