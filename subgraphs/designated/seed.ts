import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeCode } from '../../lib/codes.js';
import { demoName } from '../../lib/demo.js';
import { centralUnitId, nameId } from '../../lib/org-ids.js';
import type { Rng } from '../../lib/rng.js';
import { hasRows, type OrganizationInput, type RegionRow, type SeedHooks, type SeedScope } from '../../lib/seed.js';
import { insertChunked } from '../../lib/db.js';
import { fromFen } from '../../lib/money.js';
import { cadreId, identityCheckChar, MONEY_MEASURES, pairingId, reportId, type MeasureColumn } from './domain.js';
import { cadresTable, MEASURE_COLUMNS, pairingsTable, reportsTable, type Arrangement, type CadreRole, type Grade, type ReportStatus } from './tables.js';

/** The compiled sample of real central-unit pairings (shipped in reference/, with evidence). */
export const REFERENCE_FILE = 'central-designated-assistance-compiled.csv';

/** The sample gives a start year only where a page states it; otherwise the 2015 round's start, flagged. */
export const UNEVIDENCED_SINCE = '2015-01-01';

const ARRANGEMENT_OF: Record<string, Arrangement> = {
  'designated(定点扶贫/定点帮扶)': 'DESIGNATED',
  'paired_support(对口支援)': 'PAIRED_SUPPORT',
  subsidiary_assistance: 'SUBSIDIARY',
  unspecified: 'UNSPECIFIED',
};

type PairingInsert = typeof pairingsTable.$inferInsert;
type CadreInsert = typeof cadresTable.$inferInsert;
type ReportInsert = typeof reportsTable.$inferInsert;

/**
 * How much demo data to generate. `demo`: about 300 units (with the 44 real ones of the
 * sample) covering 592 poverty counties, as in the 2015–2020 round. `national` (the benchmark's
 * data set) takes the same shape.
 */
export interface DemoSize {
  /** Key counties the central units cover (the real list of 592 is not public: drawn by seed). */
  keyCounties: number;
  /** Generated central units (the sample's 44 real units come on top). */
  centralUnits: number;
  /** Generated provincial units helping other poverty counties of their own province. */
  localUnits: number;
  /** Reporting years. */
  years: number[];
  /** Villages with a first secretary per pairing, where the registry holds villages. */
  villagesPerPairing: [number, number];
}

export const DEMO_SIZES: Record<SeedScope['scale'], DemoSize> = {
  demo: { keyCounties: 592, centralUnits: 220, localUnits: 40, years: [2016, 2017, 2018, 2019, 2020], villagesPerPairing: [1, 2] },
  national: { keyCounties: 592, centralUnits: 220, localUnits: 40, years: [2016, 2017, 2018, 2019, 2020], villagesPerPairing: [1, 2] },
};

export const seed: SeedHooks = {
  steps: [
    {
      name: 'reference pairings',
      loadedBefore: (db) => hasRows(db, pairingsTable, sql`not ${pairingsTable.demo}`),
      async run(scope) {
        const report = await loadReferencePairings(scope);
        scope.log(
          `designated: ${report.loaded} real pairings from ${REFERENCE_FILE} (${report.unevidenced} without a stated start: ${UNEVIDENCED_SINCE}, flagged)` +
            (report.skipped.length ? `; skipped ${report.skipped.join(', ')}` : ''),
        );
        return report.loaded;
      },
    },
    {
      name: 'demo',
      demo: true,
      loadedBefore: (db) => hasRows(db, pairingsTable, sql`${pairingsTable.demo}`),
      async run(scope) {
        const report = await generateDemo(scope, DEMO_SIZES[scope.scale]);
        scope.log(
          `designated: demo ${report.units} units, ${report.pairings} pairings over ${report.keyCounties} key counties, ${report.cadres} cadres, ${report.reports} reports`,
        );
        return report.pairings + report.cadres + report.reports;
      },
    },
  ],
};

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
}

/**
 * Load the real pairings. The registry's reference step already registered the units with
 * `centralUnitId(unit_name)`; rows of other arrangements (对口支援, a subsidiary's own aid,
 * unspecified) load too, each with its `arrangement`, so "who helps this county" stays
 * complete while coverage counts only DESIGNATED.
 */
export async function loadReferencePairings(scope: SeedScope) {
  const path = join(scope.referenceDir, REFERENCE_FILE);
  const out = { loaded: 0, unevidenced: 0, skipped: [] as string[] };
  if (!existsSync(path)) return out;
  const counties = new Set((await scope.registry.regions('COUNTY')).map((r) => r.code));
  const rows: PairingInsert[] = [];
  const seen = new Set<string>();
  for (const r of readCsv(path)) {
    const code = normalizeCode(r.county_code);
    const arrangement = ARRANGEMENT_OF[r.assistance_type];
    if (!code || !counties.has(code) || !arrangement) {
      out.skipped.push(`${r.unit_name}→${r.county_name}`);
      continue;
    }
    const evidenced = /^\d{4}$/.test(r.since_year);
    const since = evidenced ? `${r.since_year}-01-01` : UNEVIDENCED_SINCE;
    const helperId = centralUnitId(r.unit_name);
    const id = pairingId(helperId, code, since);
    if (seen.has(id)) continue;
    seen.add(id);
    if (!evidenced) out.unevidenced++;
    // Every row is documented in the 2015–2020 round (pages of 2016–2021), whatever its start.
    rows.push({
      id,
      helperId,
      helpedCode: code,
      arrangement,
      round: 'ROUND_2015',
      since,
      sinceEvidenced: evidenced,
      evidenceUrl: r.evidence_url || null,
      source: REFERENCE_FILE,
      note: r.note || null,
      demo: false,
    });
  }
  await insertChunked(scope.database.db, pairingsTable, rows);
  out.loaded = rows.length;
  return out;
}

// ---- demo data --------------------------------------------------------------------------------

type CentralKind = 'CENTRAL_PARTY_STATE_ORGAN' | 'CENTRAL_SOE' | 'UNIVERSITY' | 'FINANCIAL_INSTITUTION';
type LocalKind = 'LOCAL_PARTY_STATE_ORGAN' | 'LOCAL_SOE';

/** Shares of the real 2015 list: organs most, then SOEs, universities, financial institutions. */
const CENTRAL_KINDS: [CentralKind, number][] = [
  ['CENTRAL_PARTY_STATE_ORGAN', 0.45],
  ['CENTRAL_SOE', 0.3],
  ['UNIVERSITY', 0.15],
  ['FINANCIAL_INSTITUTION', 0.1],
];

/**
 * Generated units' names: the demo mark (lib/demo.ts) before an invented, numbered name, so no
 * demo unit wears a real unit's name.
 */
const UNIT_NAME: Record<CentralKind | LocalKind, (n: string, province: string) => string> = {
  CENTRAL_PARTY_STATE_ORGAN: (n) => demoName(`中央第${n}部门`),
  CENTRAL_SOE: (n) => demoName(`中国第${n}集团有限公司`),
  UNIVERSITY: (n) => demoName(`第${n}大学`),
  FINANCIAL_INSTITUTION: (n) => demoName(`第${n}银行`),
  LOCAL_PARTY_STATE_ORGAN: (n, p) => demoName(`${p}第${n}厅`),
  LOCAL_SOE: (n, p) => demoName(`${p}第${n}投资集团有限公司`),
};

/** Yuan ranges of funds invested directly in a year, by kind (the other money measures scale from it). */
const FUNDS_RANGE: Record<CentralKind | LocalKind, [number, number]> = {
  CENTRAL_PARTY_STATE_ORGAN: [500_000, 8_000_000],
  CENTRAL_SOE: [2_000_000, 30_000_000],
  UNIVERSITY: [300_000, 5_000_000],
  FINANCIAL_INSTITUTION: [1_000_000, 20_000_000],
  LOCAL_PARTY_STATE_ORGAN: [200_000, 3_000_000],
  LOCAL_SOE: [500_000, 6_000_000],
};

const GRADES: [Grade, number][] = [
  ['EXCELLENT', 0.45],
  ['GOOD', 0.4],
  ['FAIR', 0.12],
  ['POOR', 0.03],
];

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';

function pickWeighted<T>(rng: Rng, items: [T, number][]): T {
  let x = rng.next();
  for (const [item, w] of items) {
    if (x < w) return item;
    x -= w;
  }
  return items[items.length - 1][0];
}

const pad = (n: number, width = 3) => String(n).padStart(width, '0');
const day = (y: number, m: number, d: number) => `${y}-${pad(m, 2)}-${pad(d, 2)}`;

/** A valid, unique, invented identity number registered in `regionCode6` (demo: no real person). */
function inventIdentity(rng: Rng, regionCode6: string, used: Set<string>): string {
  for (;;) {
    const birth = day(rng.int(1965, 1992), rng.int(1, 12), rng.int(1, 28)).replace(/-/g, '');
    const first17 = `${regionCode6}${birth}${pad(rng.int(0, 999))}`;
    const number = first17 + identityCheckChar(first17);
    if (!used.has(number)) {
      used.add(number);
      return number;
    }
  }
}

function inventName(rng: Rng): string {
  const given = rng.chance(0.6) ? rng.pick([...GIVEN]) + rng.pick([...GIVEN]) : rng.pick([...GIVEN]);
  return rng.pick([...SURNAMES]) + given;
}

interface DemoUnit {
  id: string;
  name: string;
  kind: CentralKind | LocalKind;
  homeCode: string;
  counties: string[];
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(keyOf(item));
    if (list) list.push(item);
    else out.set(keyOf(item), [item]);
  }
  return out;
}

/** Cut `items` (kept in code order, so a unit's counties cluster) into `n` runs of at least one. */
function runs<T>(rng: Rng, items: T[], n: number, maxRun: number): T[][] {
  const sizes = new Array<number>(n).fill(1);
  for (let extra = items.length - n; extra > 0; ) {
    const i = rng.int(0, n - 1);
    if (sizes[i] < maxRun) {
      sizes[i]++;
      extra--;
    }
  }
  const out: T[][] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(items.slice(at, at + size));
    at += size;
  }
  return out;
}

/**
 * Generate the demo data set from `scope.rng` only. The 592 key counties are not published
 * in any list found (reference/README.md), so they are drawn: the poverty counties the real sample
 * covers, then a seeded draw from the other poverty counties. Every organisation and row
 * says it is demo, and every demo row hangs on a demo unit's pairing: the real units of the
 * sample get no generated pairing, cadre or report, and the counties of their designated
 * pairings no demo unit.
 */
export async function generateDemo(scope: SeedScope, size: DemoSize) {
  // Independent streams, so e.g. how many villages the registry holds changes the cadres only.
  const rng = scope.rng.fork('units');
  const cadreRng = scope.rng.fork('cadres');
  const reportRng = scope.rng.fork('reports');
  const poverty = await scope.registry.povertyCounties();
  const provinces = new Map((await scope.registry.regions('PROVINCE')).map((p: RegionRow) => [p.code, p.name]));
  const real = await scope.database.db
    .selectDistinct({ code: pairingsTable.helpedCode })
    .from(pairingsTable)
    .where(sql`${pairingsTable.arrangement} in ('DESIGNATED', 'UNSPECIFIED') and not ${pairingsTable.demo}`);
  const realCovered = new Set(real.map((r) => r.code));
  const povertyCodes = poverty.map((p) => p.code);
  const keyReal = povertyCodes.filter((c) => realCovered.has(c));
  const drawn = rng
    .sample(
      povertyCodes.filter((c) => !realCovered.has(c)),
      Math.max(0, size.keyCounties - keyReal.length),
    )
    .sort();
  const key = new Set([...keyReal, ...drawn]);

  // Central units take the drawn key counties in code order, so each unit's counties cluster.
  const units: DemoUnit[] = [];
  runs(rng, drawn, Math.min(size.centralUnits, drawn.length), 10).forEach((counties, i) => {
    const kind = pickWeighted(rng, CENTRAL_KINDS);
    const name = UNIT_NAME[kind](pad(i + 1), '');
    units.push({ id: centralUnitId(name), name, kind, homeCode: '11', counties });
  });
  // Provincial units copy the model for the other poverty counties of their own province.
  const others = povertyCodes.filter((c) => !key.has(c) && !realCovered.has(c));
  const localCounties = rng.sample(others, Math.min(others.length, size.localUnits * 2)).sort();
  const byProvince = groupBy(localCounties, (c) => c.slice(0, 2));
  let localIndex = 0;
  for (const [province, counties] of byProvince) {
    for (let at = 0; at < counties.length && localIndex < size.localUnits; ) {
      const take = Math.min(counties.length - at, rng.int(1, 2));
      const kind: LocalKind = rng.chance(0.8) ? 'LOCAL_PARTY_STATE_ORGAN' : 'LOCAL_SOE';
      const name = UNIT_NAME[kind](pad(++localIndex), provinces.get(province) ?? province);
      units.push({ id: nameId('lu', name), name, kind, homeCode: province, counties: counties.slice(at, at + take) });
      at += take;
    }
  }
  const orgs: OrganizationInput[] = units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, homeRegionCode: u.homeCode, demo: true, source: 'demo' }));
  await scope.registry.upsertOrganizations(orgs);

  // Villages for first secretaries: one registry call, only where villages are loaded.
  const pairedCounties = [...new Set(units.flatMap((u) => u.counties))].sort();
  const villages = groupBy(
    (await scope.registry.regions('VILLAGE', pairedCounties)).map((v) => v.code),
    (code) => code.slice(0, 6),
  );

  const pairingRows: PairingInsert[] = [];
  const cadreRows: CadreInsert[] = [];
  const reportRows: ReportInsert[] = [];
  const usedIdentities = new Set<string>();
  const lastYear = size.years[size.years.length - 1];
  for (const unit of units) {
    const local = unit.kind === 'LOCAL_PARTY_STATE_ORGAN' || unit.kind === 'LOCAL_SOE';
    for (const county of unit.counties) {
      const sinceYear = local
        ? rng.int(2015, 2016)
        : pickWeighted(rng, [
            [2002, 0.25],
            [2012, 0.2],
            [2015, 0.55],
          ]);
      const since = day(sinceYear, rng.int(1, 6), 1);
      // A few provincial pairings were adjusted in 2019: history is kept, not deleted.
      const until = local && rng.chance(0.15) ? day(2019, 12, 31) : null;
      const id = pairingId(unit.id, county, since);
      pairingRows.push({
        id,
        helperId: unit.id,
        helpedCode: county,
        arrangement: 'DESIGNATED',
        round: 'ROUND_2015',
        since,
        until,
        sinceEvidenced: true,
        source: 'demo',
        endReason: until ? '演示：结对调整' : null,
        demo: true,
      });

      const endOf = (d: string) => (until !== null && d > until ? until : d);
      const identityRegion = `${unit.homeCode.slice(0, 2)}0102`;
      const post = (role: CadreRole, code: string, from: string, to: string | null, position: string) => {
        if (until !== null && from > until) return;
        const identity = inventIdentity(cadreRng, identityRegion, usedIdentities);
        const recalled = cadreRng.chance(0.03);
        const end = recalled && to ? endOf(day(Number(from.slice(0, 4)) + 1, 3, 31)) : to ? endOf(to) : until;
        cadreRows.push({
          id: cadreId(id, identity, from),
          pairingId: id,
          helperId: unit.id,
          postedCode: code,
          role,
          personName: inventName(cadreRng),
          identityNumber: identity,
          position,
          since: from,
          until: end,
          recallReason: recalled ? '演示：工作调动' : null,
          demo: true,
        });
      };
      // Deputy county heads serve two-year terms; first secretaries and work-team members two years in a village.
      for (const start of [2015, 2017, 2019]) {
        post('DEPUTY_COUNTY_HEAD', county, day(start, 7, 1), start === 2019 ? day(2021, 6, 30) : day(start + 2, 6, 30), '处长');
      }
      const villageCodes = villages.get(county) ?? [];
      const chosen = cadreRng.sample(villageCodes, cadreRng.int(...size.villagesPerPairing));
      for (const village of chosen) {
        for (const start of [2015, 2017, 2019]) {
          const to = start === 2019 ? day(2021, 7, 31) : day(start + 2, 7, 31);
          post('FIRST_SECRETARY', village, day(start, 8, 1), to, '副处长');
          if (cadreRng.chance(0.5)) post('WORK_TEAM_MEMBER', village, day(start, 8, 1), to, '科员');
        }
      }

      for (const year of size.years) {
        if (since > day(year, 12, 31) || (until !== null && until < day(year, 1, 1))) continue;
        reportRows.push(demoReport(reportRng, id, unit.kind, year, year === lastYear));
      }
    }
  }
  const db = scope.database.db;
  await insertChunked(db, pairingsTable, pairingRows);
  await insertChunked(db, cadresTable, cadreRows);
  await insertChunked(db, reportsTable, reportRows);
  return { units: units.length, pairings: pairingRows.length, keyCounties: key.size, cadres: cadreRows.length, reports: reportRows.length };
}

/** One year's report: a plan, a summary within ±30 % of it, and a review state. */
function demoReport(rng: Rng, pairing: string, kind: CentralKind | LocalKind, year: number, latest: boolean): ReportInsert {
  const [low, high] = FUNDS_RANGE[kind];
  const fen = (yuan: number) => BigInt(yuan) * 100n + BigInt(rng.int(0, 99));
  const invested = fen(rng.int(low, high));
  const plan: Record<MeasureColumn, bigint> = {
    FundsInvested: invested,
    FundsIntroduced: (invested * BigInt(rng.int(50, 300))) / 100n,
    LocalCadresTrained: BigInt(rng.int(50, 2000)),
    TechniciansTrained: BigInt(rng.int(20, 800)),
    ProducePurchased: (invested * BigInt(rng.int(10, 80))) / 100n,
    ProduceSalesHelped: (invested * BigInt(rng.int(20, 150))) / 100n,
    Projects: BigInt(rng.int(2, 30)),
  };
  const figures: Record<string, string | number> = {};
  for (const m of MEASURE_COLUMNS) {
    const actual = (plan[m] * BigInt(rng.int(80, 130))) / 100n;
    figures[`plan${m}`] = MONEY_MEASURES.has(m) ? fromFen(plan[m]) : Number(plan[m]);
    figures[`summary${m}`] = MONEY_MEASURES.has(m) ? fromFen(actual) : Number(actual);
  }
  const status: ReportStatus = latest
    ? pickWeighted<ReportStatus>(rng, [
        ['APPROVED', 0.7],
        ['SUBMITTED', 0.15],
        ['RETURNED', 0.1],
        ['DRAFT', 0.05],
      ])
    : 'APPROVED';
  const submitted = status !== 'DRAFT';
  const reviewed = status === 'APPROVED' || status === 'RETURNED';
  const assessed = status === 'APPROVED';
  const at = (d: string) => new Date(`${d}T02:00:00Z`);
  return {
    id: reportId(pairing, year),
    pairingId: pairing,
    year,
    status,
    ...figures,
    planFiledAt: at(day(year, 2, 15)),
    summaryFiledAt: at(day(year, 12, 20)),
    submittedAt: submitted ? at(day(year + 1, 1, 10)) : null,
    reviewedAt: reviewed ? at(day(year + 1, 2, rng.int(1, 28))) : null,
    reviewedBy: reviewed ? 'demo:coordinator' : null,
    returnReason: status === 'RETURNED' ? '演示：请补充项目资金明细' : null,
    grade: assessed ? pickWeighted(rng, GRADES) : null,
    assessor: assessed ? 'demo:coordinator (POVERTY)' : null,
    assessedOn: assessed ? day(year + 1, 3, rng.int(1, 28)) : null,
    version: submitted ? 3 : 2,
    demo: true,
  };
}
