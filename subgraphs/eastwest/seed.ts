import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFunctionalZone, normalizeCode } from '../../lib/codes.js';
import type { Database } from '../../lib/db.js';
import { demoName } from '../../lib/demo.js';
import { governmentId, nameId } from '../../lib/org-ids.js';
import type { Rng } from '../../lib/rng.js';
import { hasRows, type OrganizationInput, type RegionRow, type SeedHooks, type SeedScope } from '../../lib/seed.js';
import { fromFen } from '../../lib/money.js';
import { helpedRuleFor, levelAllowed, pairingId, pairingLevelOf, type HelpedRule, type PairingLevel } from './rules.js';
import { pairingsTable } from './tables.js';

/** The real 2016 province and prefecture pairs, compiled from published pages (reference/README.md). */
export const PAIRS_FILE = 'east-west-pairings-2016-compiled.csv';

/**
 * The 2016 round: 《关于进一步加强东西部扶贫协作工作的指导意见》 was issued on 2016-12-07
 * (reprinted by Ningbo Daily the next day, the `quoted` evidence). The round ran to the end of
 * 2020; the 2021 re-pairing is not in the list, so the pairs end there.
 */
export const ROUND_2016 = { round: 2016, since: '2016-12-07', until: '2020-12-31' };

/**
 * Size of the demo county pairs (携手奔小康): about 343 eastern counties paired with 573 poor
 * counties. Only 473 of the 832 national poverty counties lie inside the
 * regions the 2016 list helps, so the demo pairs all of them and fills the rest of the 573 with
 * other counties of those regions (provincially designated poor counties had partners too; no
 * public list names them). `scale: 'national'` may pass other figures.
 */
export interface DemoSize {
  easternCounties: number;
  westernCounties: number;
  firstYear: number;
  lastYear: number;
}
export const DEMO_SIZE: DemoSize = { easternCounties: 343, westernCounties: 573, firstYear: 2016, lastYear: 2020 };

interface PairValues {
  id: string;
  helperId: string;
  helperCode: string;
  helperLevel: PairingLevel;
  helpedCode: string;
  helpedLevel: PairingLevel;
  helpedRule: HelpedRule;
  round: number;
  since: string;
  until: string | null;
  arrangement: string;
  evidence: string | null;
  evidenceUrl: string | null;
  source: string;
  demo: boolean;
}

const PAIR_COLUMNS = [
  'id',
  'helper_id',
  'helper_code',
  'helper_level',
  'helped_code',
  'helped_level',
  'helped_rule',
  'round',
  'since',
  'until',
  'arrangement',
  'evidence',
  'evidence_url',
  'source',
  'demo',
];
const pairRow = (p: PairValues) => [
  p.id,
  p.helperId,
  p.helperCode,
  p.helperLevel,
  p.helpedCode,
  p.helpedLevel,
  p.helpedRule,
  p.round,
  p.since,
  p.until,
  p.arrangement,
  p.evidence,
  p.evidenceUrl,
  p.source,
  p.demo,
];

/**
 * A pair held to the API's rules (rules.ts). Seeding throws rather than load a pair the API
 * would refuse: the reference list and the demo data pass exactly what a write must pass.
 */
function checkedPair(p: Omit<PairValues, 'helperLevel' | 'helpedLevel' | 'helpedRule' | 'id'>): PairValues {
  const helperLevel = pairingLevelOf(p.helperCode);
  const helpedLevel = pairingLevelOf(p.helpedCode);
  const helpedRule = helpedRuleFor(p.helperCode, p.helpedCode);
  if (!helperLevel || !helpedLevel || !helpedRule || !levelAllowed(helperLevel, helpedLevel)) {
    throw new Error(`eastwest: pair ${p.helperCode} → ${p.helpedCode} breaks the pairing rules`);
  }
  return { ...p, id: pairingId(p.helperId, p.helpedCode, p.since), helperLevel, helpedLevel, helpedRule };
}

/** The reference pairs of the shipped list, checked; empty when the file is absent. */
export function referencePairs(referenceDir: string): { pairs: PairValues[]; orgs: OrganizationInput[] } {
  const path = join(referenceDir, PAIRS_FILE);
  if (!existsSync(path)) return { pairs: [], orgs: [] };
  const records = parse(readFileSync(path), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  const pairs: PairValues[] = [];
  const orgs = new Map<string, OrganizationInput>();
  for (const r of records) {
    const helperCode = normalizeCode(r.helper_code);
    const helpedCode = normalizeCode(r.helped_code);
    if (!helperCode || !helpedCode) throw new Error(`${PAIRS_FILE}: bad code in ${JSON.stringify(r)}`);
    const helperId = governmentId(helperCode);
    const place = r.helper_city || r.helper_province;
    // The registry registers these already (subgraphs/registry/reference.ts, same ids); the
    // upsert keeps this channel loadable on its own and changes nothing when they exist.
    orgs.set(helperId, {
      id: helperId,
      name: `${place}人民政府`,
      kind: 'LOCAL_GOVERNMENT',
      homeRegionCode: helperCode,
      aliases: [place],
      demo: false,
      source: PAIRS_FILE,
    });
    pairs.push(
      checkedPair({
        helperId,
        helperCode,
        helpedCode,
        round: ROUND_2016.round,
        since: ROUND_2016.since,
        until: ROUND_2016.until,
        arrangement: r.arrangement || '东西部扶贫协作-2016',
        evidence: r.evidence || null,
        evidenceUrl: r.evidence_url || null,
        source: PAIRS_FILE,
        demo: false,
      }),
    );
  }
  return { pairs, orgs: [...orgs.values()] };
}

// ---- demo ----------------------------------------------------------------------------------

/** Legal counties: no development zones, no placeholder county of a city without counties. */
const legalCounty = (code: string) => !isFunctionalZone(code) && !code.endsWith('00');

interface Group {
  helped: string;
  helpers: string[];
  west: string[];
  east: string[];
}

/**
 * County pairs under the real province and prefecture pairs: each western county is paired
 * with an eastern county inside a helper of the most specific listed region containing it
 * (a city's counties serve the city's own pairs, not its province's), every chosen eastern
 * county gets at least one partner, and the sizes follow `size`.
 */
export function demoCountyPairs(
  reference: readonly { helperCode: string; helpedCode: string }[],
  counties: readonly RegionRow[],
  rng: Rng,
  size: DemoSize,
): { east: string; west: string }[] {
  const helperCodes = [...new Set(reference.map((p) => p.helperCode))];
  const poolOf = (h: string) =>
    counties
      .filter((c) => c.code.startsWith(h) && legalCounty(c.code))
      .filter((c) => !helperCodes.some((o) => o !== h && o.startsWith(h) && c.code.startsWith(o)))
      .map((c) => c.code);
  const pools = new Map(helperCodes.map((h) => [h, poolOf(h)]));
  const groups = new Map<string, Group>();
  for (const helped of [...new Set(reference.map((p) => p.helpedCode))].sort()) {
    const helpers = [...new Set(reference.filter((p) => p.helpedCode === helped).map((p) => p.helperCode))];
    if (helpers.some((h) => pools.get(h)!.length)) groups.set(helped, { helped, helpers, west: [], east: [] });
  }
  const groupOf = (code: string) => [...groups.values()].filter((g) => code.startsWith(g.helped)).sort((a, b) => b.helped.length - a.helped.length)[0];

  // Western side: the poverty counties first, then other counties of the helped regions.
  const inside = counties.filter((c) => legalCounty(c.code) && groupOf(c.code));
  const poor = inside.filter((c) => c.povertyExitYear !== null).map((c) => c.code);
  const others = inside.filter((c) => c.povertyExitYear === null).map((c) => c.code);
  const west =
    poor.length >= size.westernCounties ? rng.sample(poor, size.westernCounties) : [...poor, ...rng.sample(others, size.westernCounties - poor.length)];
  for (const w of west.sort()) groupOf(w).west.push(w);

  // Eastern side: shares of `easternCounties` by the number of western counties (largest
  // remainder), at least one, at most the group's western counties and its free pool.
  const list = [...groups.values()].filter((g) => g.west.length);
  const total = list.reduce((s, g) => s + g.west.length, 0);
  const quota = list.map((g) => (size.easternCounties * g.west.length) / total);
  const counts = quota.map((q) => Math.max(1, Math.floor(q)));
  const order = list.map((_, i) => i).sort((a, b) => quota[b] - Math.floor(quota[b]) - (quota[a] - Math.floor(quota[a])) || a - b);
  const taken = new Set<string>();
  const freePool = (g: Group) => g.helpers.flatMap((h) => pools.get(h)!).filter((c) => !taken.has(c));
  let left = size.easternCounties - counts.reduce((s, n) => s + n, 0);
  for (const i of order) {
    if (left > 0) {
      counts[i]++;
      left--;
    }
  }
  // One eastern county for every group first, so a region sharing its helper's counties with
  // a larger one (北京's 16 districts: 内蒙古, 张家口, 保定) is not left without partners.
  const take = (g: Group, n: number) => {
    for (const e of rng.sample(freePool(g), n)) {
      g.east.push(e);
      taken.add(e);
    }
  };
  for (const g of list) take(g, 1);
  list.forEach((g, i) => take(g, Math.max(0, Math.min(counts[i], g.west.length) - g.east.length)));
  // Shares cut by small pools go to the groups that can still take eastern counties.
  let short = size.easternCounties - list.reduce((s, g) => s + g.east.length, 0);
  while (short > 0) {
    const open = list.filter((g) => g.east.length < g.west.length && freePool(g).length);
    if (!open.length) break;
    for (const g of open) {
      const pool = freePool(g);
      if (short <= 0 || !pool.length) continue;
      const e = rng.pick(pool);
      g.east.push(e);
      taken.add(e);
      short--;
    }
  }

  const out: { east: string; west: string }[] = [];
  for (const g of list) {
    if (!g.east.length) continue;
    const wests = rng.sample(g.west, g.west.length);
    wests.forEach((w, i) => out.push({ east: i < g.east.length ? g.east[i] : rng.pick(g.east), west: w }));
  }
  return out.sort((a, b) => (a.west < b.west ? -1 : 1));
}

const PRODUCTS = ['茶叶', '牛羊肉', '马铃薯', '核桃', '食用菌', '中药材', '蜂蜜', '水果', '杂粮', '蔬菜'];
const INDUSTRIES = ['食品', '纺织服装', '电子', '农业科技', '文化旅游', '物流', '中药', '建材'];
const PURPOSES = ['产业发展', '基础设施', '教育', '医疗卫生', '易地扶贫搬迁后续扶持'];
const KINDS = ['CADRE', 'TEACHER', 'DOCTOR', 'TECHNICIAN'] as const;

/** Per level of the pair, yearly fiscal aid pledged, in yuan (a county pair ~ 10–30 million). */
const AID_RANGE: Record<PairingLevel, [number, number]> = {
  PROVINCE: [400_000_000, 3_000_000_000],
  PREFECTURE: [100_000_000, 400_000_000],
  COUNTY: [10_000_000, 30_000_000],
};
const ATTENDANCE: Record<PairingLevel, string> = { PROVINCE: 'PROVINCIAL_LEADERS', PREFECTURE: 'PREFECTURE_LEADERS', COUNTY: 'COUNTY_LEADERS' };

const pad = (n: number) => String(n).padStart(2, '0');
const yuanToFen = (rng: Rng, min: number, max: number) => rng.int(min, max) * 100 + rng.int(0, 99);
const pgArray = (items: string[]) => `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** A day of `year` on or after `since` (and on or before `until`). */
function dayIn(rng: Rng, year: number, since: string, until: string | null): string {
  for (let tries = 0; tries < 20; tries++) {
    const d = `${year}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
    if (d >= since && (until === null || d <= until)) return d;
  }
  return since > `${year}-01-01` ? since : `${year}-01-01`;
}

/** Five years of flows for every pairing given (the demo pairs: real pairs carry no generated flow), as COPY rows per table. */
export function demoFlows(
  pairs: readonly PairValues[],
  names: ReadonlyMap<string, string>,
  helperNames: ReadonlyMap<string, string>,
  poorWithin: (code: string) => string[],
  rng: Rng,
  size: DemoSize,
) {
  const rows = {
    meetings: [] as unknown[][],
    fiscal: [] as unknown[][],
    projects: [] as unknown[][],
    labour: [] as unknown[][],
    talent: [] as unknown[][],
    produce: [] as unknown[][],
  };
  for (const p of pairs) {
    const from = Math.max(size.firstYear, Number(p.since.slice(0, 4)));
    const to = Math.min(size.lastYear, p.until ? Number(p.until.slice(0, 4)) : size.lastYear);
    const counties = p.helpedLevel === 'COUNTY' ? [p.helpedCode] : poorWithin(p.helpedCode);
    const helperName = helperNames.get(p.helperId) ?? p.helperId;
    const helpedName = names.get(p.helpedCode) ?? p.helpedCode;
    const scale = p.helpedLevel === 'COUNTY' ? 1 : p.helpedLevel === 'PREFECTURE' ? 5 : 20;
    for (let year = from; year <= to; year++) {
      const base = { pairingId: p.id, year };
      const date = dayIn(rng, year, p.since, p.until);
      const host = rng.chance(0.5) ? helperName : helpedName;
      rows.meetings.push([
        base.pairingId,
        year,
        true,
        'demo',
        date,
        host,
        ATTENDANCE[p.helperLevel === 'COUNTY' ? 'COUNTY' : p.helpedLevel],
        pgArray([`${year}年${helperName}—${helpedName}东西部扶贫协作协议`, ...(rng.chance(0.5) ? [`${year}年劳务协作协议`] : [])]),
      ]);
      const [lo, hi] = AID_RANGE[p.helpedLevel];
      const purpose = rng.pick(PURPOSES);
      const pledged = yuanToFen(rng, lo, hi);
      const committed = Math.floor((pledged * rng.int(85, 100)) / 100);
      const disbursed = Math.floor((committed * rng.int(80, 100)) / 100);
      for (const [stage, fen] of [
        ['PLEDGED', pledged],
        ['COMMITTED', committed],
        ['DISBURSED', disbursed],
      ] as const) {
        rows.fiscal.push([base.pairingId, year, true, 'demo', stage, fromFen(BigInt(fen)), purpose]);
      }
      if (counties.length) {
        const projects = rng.int(0, 2 * Math.min(scale, 3));
        const used = new Set<string>();
        for (let i = 0; i < projects; i++) {
          const industry = rng.pick(INDUSTRIES);
          const enterprise = `${helperName.replace(/人民政府$/, '')}${industry}有限公司`;
          const name = `${names.get(rng.pick(counties)) ?? ''}${industry}项目`;
          if (used.has(`${enterprise}|${name}`)) continue;
          used.add(`${enterprise}|${name}`);
          rows.projects.push([
            base.pairingId,
            year,
            true,
            'demo',
            name,
            enterprise,
            rng.pick(counties),
            fromFen(BigInt(yuanToFen(rng, 5_000_000, 50_000_000 * scale))),
            rng.int(10, 300),
          ]);
        }
        for (const county of rng.sample(counties, Math.min(counties.length, scale))) {
          const workers = rng.int(50, 1500);
          rows.labour.push([base.pairingId, year, true, 'demo', county, workers, Math.floor((workers * rng.int(40, 80)) / 100)]);
        }
      }
      for (const kind of KINDS) {
        const persons = rng.int(1, 10) * scale;
        rows.talent.push([base.pairingId, year, true, 'demo', 'EAST_TO_WEST', kind, persons, persons * rng.int(30, 365)]);
        if (kind === 'CADRE' || kind === 'TECHNICIAN') {
          const back = rng.int(1, 15) * scale;
          rows.talent.push([base.pairingId, year, true, 'demo', 'WEST_TO_EAST', kind, back, back * rng.int(7, 90)]);
        }
      }
      rows.produce.push([base.pairingId, year, true, 'demo', rng.pick(PRODUCTS), fromFen(BigInt(yuanToFen(rng, 1_000_000, 20_000_000 * scale)))]);
    }
  }
  return rows;
}

async function copyFlows(database: Database, rows: ReturnType<typeof demoFlows>) {
  const common = ['pairing_id', 'year', 'demo', 'source'];
  await database.copyRows('eastwest.meetings', [...common, 'date', 'place', 'attendance', 'agreements'], rows.meetings);
  await database.copyRows('eastwest.fiscal_aid', [...common, 'stage', 'amount', 'purpose'], rows.fiscal);
  await database.copyRows('eastwest.industrial_projects', [...common, 'name', 'enterprise', 'county_code', 'investment', 'jobs_for_poor'], rows.projects);
  await database.copyRows('eastwest.labour_cooperation', [...common, 'from_county_code', 'workers_placed', 'poor_workers_placed'], rows.labour);
  await database.copyRows('eastwest.talent_exchanges', [...common, 'direction', 'kind', 'persons', 'person_days'], rows.talent);
  await database.copyRows('eastwest.produce_purchases', [...common, 'product', 'amount'], rows.produce);
}

/** A pairing start in the 2016 round: most county pairs were made in 2017, some later. */
function countySince(rng: Rng): string {
  const r = rng.next();
  const year = r < 0.7 ? 2017 : r < 0.9 ? 2018 : 2019;
  return `${year}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
}

async function demo(scope: SeedScope, size: DemoSize = DEMO_SIZE): Promise<number> {
  const started = performance.now();
  const { database, registry, rng } = scope;
  // The real province and prefecture pairs only: pairs recorded through the API are not the list.
  const reference = await database.db.select().from(pairingsTable).where(eq(pairingsTable.source, PAIRS_FILE));
  if (!reference.length) return 0;
  const [provinces, prefectures, counties] = await Promise.all([registry.regions('PROVINCE'), registry.regions('PREFECTURE'), registry.regions('COUNTY')]);
  const names = new Map([...provinces, ...prefectures, ...counties].map((r) => [r.code, r.name]));
  const poverty = counties.filter((c) => c.povertyExitYear !== null).map((c) => c.code);

  const countyPairs = demoCountyPairs(reference, counties, rng, size);
  // The eastern county governments are invented: the demo mark before a numbered name, an id of
  // their own (never `gov-<code>`, the real government's), so no real government carries a
  // generated pairing or flow. Each still has its home in the eastern county it stands for.
  const helperOf = new Map<string, OrganizationInput>();
  for (const code of [...new Set(countyPairs.map((p) => p.east))].sort()) {
    const name = demoName(`东部协作第${String(helperOf.size + 1).padStart(3, '0')}县人民政府`);
    helperOf.set(code, { id: nameId('ewg', name), name, kind: 'LOCAL_GOVERNMENT', homeRegionCode: code, demo: true, source: 'demo' });
  }
  const orgs = [...helperOf.values()];
  await registry.upsertOrganizations(orgs);
  const pairs = countyPairs.map(({ east, west }) =>
    checkedPair({
      helperId: helperOf.get(east)!.id,
      helperCode: east,
      helpedCode: west,
      round: ROUND_2016.round,
      since: countySince(rng),
      until: ROUND_2016.until,
      arrangement: '携手奔小康',
      evidence: null,
      evidenceUrl: null,
      source: 'demo',
      demo: true,
    }),
  );
  await database.copyRows('eastwest.pairings', PAIR_COLUMNS, pairs.map(pairRow));

  const helperNames = new Map(orgs.map((o) => [o.id, o.name]));
  const flows = demoFlows(pairs, names, helperNames, (code) => poverty.filter((c) => c.startsWith(code)), rng, size);
  await copyFlows(database, flows);
  const n = Object.values(flows).reduce((s, r) => s + r.length, 0);
  scope.log(
    `eastwest: ${orgs.length} eastern county governments paired with ${pairs.length} western counties (demo), ${n} demo flow rows in ${Math.round(performance.now() - started)} ms`,
  );
  return pairs.length + n;
}

export const seed: SeedHooks = {
  steps: [
    {
      name: 'reference pairs',
      loadedBefore: (db) => hasRows(db, pairingsTable, sql`not ${pairingsTable.demo}`),
      async run({ database, registry, referenceDir, log }) {
        const { pairs, orgs } = referencePairs(referenceDir);
        if (!pairs.length) {
          log(`eastwest: no ${PAIRS_FILE} shipped: no reference pairs`);
          return 0;
        }
        await registry.upsertOrganizations(orgs);
        await database.copyRows('eastwest.pairings', PAIR_COLUMNS, pairs.map(pairRow));
        log(`eastwest: ${pairs.length} reference pairs (2016 round) from ${PAIRS_FILE}`);
        return pairs.length;
      },
    },
    {
      name: 'demo',
      demo: true,
      loadedBefore: (db) => hasRows(db, pairingsTable, sql`${pairingsTable.demo}`),
      run: (scope) => demo(scope),
    },
  ],
};
