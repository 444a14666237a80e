import { isWestern, zoneOf } from '../../lib/codes.js';
import { demoName } from '../../lib/demo.js';
import type { Rng } from '../../lib/rng.js';
import { hasRows, type DemoReferenceTarget, type OrganizationInput, type RegionRow, type SeedHooks, type SeedScope } from '../../lib/seed.js';
import { compactsTable, contributionsTable, type ContributionKind } from './tables.js';

/**
 * Demo data for the enterprises channel at the campaign's scale (by June 2020
 * 109,500 enterprises helped 127,100 villages through 万企帮万村; central SOEs: 98 SOEs and 2
 * others helped 246 counties). No public list names the compacts, so everything here is
 * generated from the seeded Rng: every record is marked demo (`demo: true`) and given by a demo
 * organisation (`demo: true`, `source: 'demo'`, a name made with `demoName`: `演示·` before an
 * invented part that is never a real organisation's name). No demo organisation is placed under
 * a real one, so a real organisation's figures hold no generated record. The only real facts
 * used are the registry's places and the 832 poverty counties.
 */
export interface DemoSize {
  /** Enterprises of every ownership, central SOE groups and subsidiaries included. */
  enterprises: number;
  /** Village compacts (万企帮万村). */
  compacts: number;
  /** Average contributions made under each compact. */
  contributionsPerCompact: number;
  /** Central groups: CENTRAL_SOE groups plus `centralOthers` central foundations. */
  centralGroups: number;
  /** Of the central groups, how many are not SOEs (central foundations, kind SOCIAL_ORGANIZATION). */
  centralOthers: number;
  /** Distinct poverty counties the central groups cover. */
  centralCounties: number;
  /** Contributions of each central group to each of its counties in each year. */
  centralContributionsPerCountyYear: number;
  socialOrganizations: number;
  individuals: number;
  /** Contributions of each social organisation / individual, on average. */
  donationsPerDonor: number;
}

export const DEMO_SIZES: Record<'demo' | 'national', DemoSize> = {
  demo: {
    enterprises: 109_500,
    compacts: 127_100,
    contributionsPerCompact: 1.5,
    centralGroups: 100,
    centralOthers: 2,
    centralCounties: 246,
    centralContributionsPerCountyYear: 3,
    socialOrganizations: 2_000,
    individuals: 3_000,
    donationsPerDonor: 2,
  },
  // About 1,000,000 contributions (the benchmark's national scale): same population, more history.
  national: {
    enterprises: 109_500,
    compacts: 127_100,
    contributionsPerCompact: 7.4,
    centralGroups: 100,
    centralOthers: 2,
    centralCounties: 246,
    centralContributionsPerCountyYear: 12,
    socialOrganizations: 10_000,
    individuals: 20_000,
    donationsPerDonor: 3,
  },
};

const CAMPAIGN_START = '2015-10-17'; // 万企帮万村 launched on the first national Poverty Relief Day
const LAST_DAY = '2020-12-31';
const YEARS = [2016, 2017, 2018, 2019, 2020];

export const seed: SeedHooks = {
  // No real list of compacts or contributions exists: no reference step.
  steps: [
    {
      name: 'demo',
      demo: true,
      loadedBefore: async (db) => (await hasRows(db, compactsTable)) || (await hasRows(db, contributionsTable)),
      async run(scope) {
        const report = await generateDemo(scope, DEMO_SIZES[scope.scale]);
        scope.log(
          `enterprises: ${report.organizations} demo organisations, ${report.compacts} compacts, ${report.contributions} contributions ` +
            `(${report.centralCounties} central-group counties) in ${report.ms} ms ` +
            `(${Object.entries(report.phases ?? {})
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')})`,
        );
        return report.compacts + report.contributions;
      },
    },
  ],
};

export interface DemoReport {
  organizations: number;
  compacts: number;
  contributions: number;
  centralCounties: number;
  ms: number;
  /** Milliseconds per phase: registry reads, generate, organisations, copy. */
  phases?: Record<string, number>;
}

// ---- names ---------------------------------------------------------------------------------

const TRADE = [
  '恒',
  '瑞',
  '华',
  '宏',
  '鑫',
  '盛',
  '泰',
  '丰',
  '隆',
  '兴',
  '远',
  '达',
  '信',
  '安',
  '和',
  '金',
  '天',
  '嘉',
  '博',
  '康',
  '永',
  '祥',
  '昌',
  '荣',
  '正',
  '德',
  '源',
  '海',
  '新',
  '明',
  '中',
  '东',
  '诚',
  '汇',
  '峰',
  '亿',
  '润',
  '辰',
  '益',
  '佳',
];
const INDUSTRY = [
  '农业科技',
  '食品',
  '建设',
  '电子',
  '物流',
  '纺织',
  '医药',
  '能源',
  '机械',
  '商贸',
  '置业',
  '旅游',
  '新材料',
  '生物科技',
  '服饰',
  '家居',
  '环保',
  '乳业',
  '茶业',
  '畜牧',
];
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文辉力志红玲晓东海波宁鹏飞云峰浩然子涵梓萱欣怡宇航'.split('');
const SOCIAL = ['慈善基金会', '公益基金会', '扶贫协会', '志愿者协会', '慈善总会', '青年发展基金会', '乡村振兴促进会'];

function shortName(name: string): string {
  return name.replace(/(有限责任公司|股份有限公司|有限公司|集团公司)$/, '').replace(/集团$/, '');
}

// ---- amounts -------------------------------------------------------------------------------

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** A pledge in fen, log-uniform between `min` and `max` yuan. */
function pledgeFen(rng: Rng, min: number, max: number): number {
  const y = Math.round(min * (max / min) ** rng.next());
  return y * 100 + (rng.chance(0.3) ? rng.int(0, 99) : 0);
}

/** Per-mille share of an amount, rounded down to the fen (exact integers throughout). */
const share = (fen: number, perMille: number) => Math.floor((fen * perMille) / 1000);

interface Stages {
  pledged: string | null;
  committed: string | null;
  disbursed: string | null;
  verified: string | null;
}

/** Stages of one contribution: each later stage at most its predecessor; verification lags in 2020. */
function stages(rng: Rng, fen: number, year: number): Stages {
  const committed = rng.chance(0.8) ? share(fen, rng.int(700, 1000)) : null;
  const disbursed = share(committed ?? fen, rng.int(450, 1000));
  const verified = rng.chance(year < 2020 ? 0.7 : 0.25) ? share(disbursed, rng.int(600, 1000)) : null;
  const noPledge = rng.chance(0.1);
  return {
    pledged: noPledge ? null : yuan(fen),
    committed: committed === null ? null : yuan(committed),
    disbursed: yuan(disbursed),
    verified: verified === null ? null : yuan(verified),
  };
}

const KIND_WEIGHTS: [ContributionKind, number][] = [
  ['INDUSTRIAL_INVESTMENT', 30],
  ['PUBLIC_WELFARE_DONATION', 25],
  ['EMPLOYMENT', 20],
  ['PURCHASE', 15],
  ['SKILLS_TRAINING', 10],
];

function weighted<T>(rng: Rng, items: [T, number][]): T {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let x = rng.int(1, total);
  for (const [item, w] of items) {
    x -= w;
    if (x <= 0) return item;
  }
  return items[items.length - 1][0];
}

/** Amounts and counts by kind: `scale` multiplies money (central groups give more). */
function figures(rng: Rng, kind: ContributionKind, year: number, scale: number) {
  const base = { jobs: 0, trainees: 0, peopleReached: 0 };
  switch (kind) {
    case 'INDUSTRIAL_INVESTMENT': {
      const jobs = rng.int(0, 30);
      return {
        ...stages(rng, pledgeFen(rng, 100_000 * scale, 3_000_000 * scale), year),
        ...base,
        jobs,
        peopleReached: jobs * rng.int(2, 5) + rng.int(10, 200),
      };
    }
    case 'PUBLIC_WELFARE_DONATION':
      return { ...stages(rng, pledgeFen(rng, 5_000 * scale, 500_000 * scale), year), ...base, peopleReached: rng.int(20, 2000) };
    case 'EMPLOYMENT': {
      const jobs = rng.int(1, 40);
      const money = rng.chance(0.3);
      const none = { pledged: null, committed: null, disbursed: null, verified: null };
      return { ...(money ? stages(rng, pledgeFen(rng, 10_000 * scale, 200_000 * scale), year) : none), ...base, jobs, peopleReached: jobs * rng.int(1, 4) };
    }
    case 'SKILLS_TRAINING': {
      const trainees = rng.int(10, 200);
      return { ...stages(rng, pledgeFen(rng, 5_000 * scale, 100_000 * scale), year), ...base, trainees, peopleReached: trainees };
    }
    case 'PURCHASE':
      return { ...stages(rng, pledgeFen(rng, 5_000 * scale, 300_000 * scale), year), ...base, peopleReached: rng.int(10, 500) };
  }
}

const PURPOSES: Record<ContributionKind, string[]> = {
  INDUSTRIAL_INVESTMENT: ['种植基地', '养殖场', '扶贫车间', '农产品加工厂', '光伏电站', '乡村旅游'],
  PUBLIC_WELFARE_DONATION: ['村道硬化', '饮水工程', '助学金', '卫生室设备', '危房改造', '养老互助'],
  EMPLOYMENT: ['吸纳贫困劳动力就业', '公益岗位', '订单式用工'],
  SKILLS_TRAINING: ['电商培训', '种养技术培训', '家政培训', '职业技能培训'],
  PURCHASE: ['农产品采购', '以购代捐', '消费扶贫专柜'],
};

// ---- dates ---------------------------------------------------------------------------------

const DAY = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const fromDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

function dateBetween(rng: Rng, from: string, to: string): string {
  return fromDay(rng.int(toDay(from), toDay(to)));
}

// ---- the generator -------------------------------------------------------------------------

const COPY_CHUNK = 50_000;

interface Helper {
  id: string;
  kind: string;
  groupId: string;
  groupKind: string;
  home: string | null;
}

interface CentralGroup {
  group: Helper;
  members: Helper[];
  counties: string[];
}

/** What the generator needs from the registry and the shipped sample. */
export interface DemoInput {
  povertyCounties: RegionRow[];
  counties: RegionRow[];
  /** Village codes of the poverty counties. */
  villages: string[];
  /**
   * The other channels' demo records a contribution may be also reported as: designated annual
   * reports and east-west industrial projects, each with its county and year (none: no
   * contribution carries a reference).
   */
  references?: { designated: DemoReferenceTarget[]; eastWest: DemoReferenceTarget[] };
}

/** The generated data set, before loading: organisations and COPY rows. */
export interface DemoData {
  organizations: OrganizationInput[];
  compacts: unknown[][];
  contributions: unknown[][];
  centralCounties: number;
}

export const COMPACT_COLUMNS = ['id', 'helper_id', 'helper_kind', 'group_id', 'group_kind', 'helped_code', 'since', 'until', 'published', 'demo'];
export const CONTRIBUTION_COLUMNS = [
  'id',
  'helper_id',
  'helper_kind',
  'group_id',
  'group_kind',
  'helped_code',
  'compact_id',
  'kind',
  'date',
  'pledged',
  'committed',
  'disbursed',
  'verified',
  'jobs',
  'trainees',
  'people_reached',
  'purpose',
  'also_reported_as',
  'also_reported_channel',
  'published',
  'demo',
];

/**
 * Generate and load the demo data set of `size`. Deterministic for a given Rng seed and
 * registry content. Organisations go through the registry's seeding API; this channel's
 * rows through COPY in chunks.
 */
export async function generateDemo(scope: SeedScope, size: DemoSize): Promise<DemoReport> {
  const started = performance.now();
  let mark = started;
  const povertyCounties = await scope.registry.povertyCounties();
  if (!povertyCounties.length) {
    scope.log('enterprises: no poverty counties in the registry: no demo data');
    return { organizations: 0, compacts: 0, contributions: 0, centralCounties: 0, ms: 0 };
  }
  const input: DemoInput = {
    povertyCounties,
    counties: await scope.registry.regions('COUNTY'),
    villages: await villagesOf(scope, povertyCounties),
    // The designated and east-west demo steps ran before this one (seed order): their records
    // are read by their own seed code and named here, so every reference points at a record.
    references: {
      designated: (await scope.demoReferenceTargets?.('designated')) ?? [],
      eastWest: (await scope.demoReferenceTargets?.('eastwest')) ?? [],
    },
  };
  const phases: Record<string, number> = {};
  const phase = (name: string) => {
    phases[name] = Math.round(performance.now() - mark);
    mark = performance.now();
  };
  phase('registry reads');
  scope.progress(0, null, 'generating');
  const data = buildDemo(scope.rng, size, input);
  phase('generate');
  const orgs = data.organizations;
  const total = orgs.length + data.compacts.length + data.contributions.length;
  let done = 0;
  const loaded = (rows: number, what: string) => {
    done += rows;
    scope.progress(done, total, what);
  };
  for (let i = 0; i < orgs.length; i += 5000) {
    const chunk = orgs.slice(i, i + 5000);
    await scope.registry.upsertOrganizations(chunk);
    loaded(chunk.length, 'organisations');
  }
  phase('organisations');
  for (let i = 0; i < data.compacts.length; i += COPY_CHUNK) {
    const chunk = data.compacts.slice(i, i + COPY_CHUNK);
    await scope.database.copyRows('enterprises.compacts', COMPACT_COLUMNS, chunk);
    loaded(chunk.length, 'compacts');
  }
  for (let i = 0; i < data.contributions.length; i += COPY_CHUNK) {
    const chunk = data.contributions.slice(i, i + COPY_CHUNK);
    await scope.database.copyRows('enterprises.contributions', CONTRIBUTION_COLUMNS, chunk);
    loaded(chunk.length, 'contributions');
  }
  phase('copy');
  return {
    organizations: orgs.length,
    compacts: data.compacts.length,
    contributions: data.contributions.length,
    centralCounties: data.centralCounties,
    ms: Math.round(performance.now() - started),
    phases,
  };
}

/** The whole data set from its inputs: a pure function of the Rng's seed, the size and the input. */
export function buildDemo(rng: Rng, size: DemoSize, input: DemoInput): DemoData {
  const { povertyCounties, counties, villages } = input;
  const villagesByCounty = new Map<string, string[]>();
  for (const v of villages) {
    const c = v.slice(0, 6);
    const list = villagesByCounty.get(c);
    if (list) list.push(v);
    else villagesByCounty.set(c, [v]);
  }

  const orgs: OrganizationInput[] = [];
  const central = centralGroups(rng, size, input, orgs);
  const { enterprises, donors } = otherHelpers(rng, size, counties, orgs, central);

  // References to the other channels' demo records of the same county and year (a report of a
  // designated pairing on the county; an east-west industrial project in the village's county),
  // chosen without drawing from the generator, so the rest of the data does not depend on them;
  // a contribution with no such record in its county and year carries no reference.
  const reports = targetsByCountyYear(input.references?.designated ?? []);
  const projects = targetsByCountyYear(input.references?.eastWest ?? []);
  const referenceTo = (channel: string, targets: Map<string, string[]>, county: string, date: string): [string, string] | null => {
    const found = targets.get(`${county}|${date.slice(0, 4)}`);
    return found ? [channel, found[contributionSeq % found.length]] : null;
  };

  const compactRows: unknown[][] = [];
  const contributionRows: unknown[][] = [];
  const seen = new Set<string>();
  let contributionSeq = 0;
  const contribution = (
    helper: Helper,
    place: string,
    kind: ContributionKind,
    date: string,
    scale: number,
    compactId: string | null,
    reported: [string, string] | null,
  ) => {
    const key = `${helper.id}|${place}|${kind}|${date}`;
    if (seen.has(key)) return; // the duplicate rule holds for demo rows too
    seen.add(key);
    const year = Number(date.slice(0, 4));
    const f = figures(rng, kind, year, scale);
    contributionRows.push([
      `ent-ct-d${++contributionSeq}`,
      helper.id,
      helper.kind,
      helper.groupId,
      helper.groupKind,
      place,
      compactId,
      kind,
      date,
      f.pledged,
      f.committed,
      f.disbursed,
      f.verified,
      f.jobs,
      f.trainees,
      f.peopleReached,
      rng.pick(PURPOSES[kind]),
      reported?.[1] ?? null,
      reported?.[0] ?? null,
      rng.chance(0.95),
      true,
    ]);
  };

  // Compacts: every enterprise one, the rest to larger firms; villages drawn without
  // replacement from the poverty counties' villages. The campaign paired about one enterprise
  // per village (109,500 → 127,100), so a small pool (a test fixture loading few villages)
  // gets at most one compact per village rather than thousands.
  const pool = rng.sample(villages, villages.length);
  const compactHelpers: Helper[] = [...enterprises];
  while (compactHelpers.length < size.compacts && enterprises.length) compactHelpers.push(enterprises[rng.int(0, Math.min(enterprises.length, 20_000) - 1)]);
  compactHelpers.length = Math.min(compactHelpers.length, size.compacts, pool.length);
  const pairs = new Set<string>();
  let compactSeq = 0;
  for (let i = 0; i < compactHelpers.length && pool.length; i++) {
    const helper = compactHelpers[i];
    let village = pool[i % pool.length];
    for (let tries = 0; pairs.has(`${helper.id}|${village}`) && tries < 5; tries++) village = rng.pick(pool);
    if (pairs.has(`${helper.id}|${village}`)) continue;
    pairs.add(`${helper.id}|${village}`);
    const since = dateBetween(rng, CAMPAIGN_START, '2020-06-30');
    const ended = rng.chance(0.2) && since < '2019-06-30';
    const until = ended ? dateBetween(rng, fromDay(toDay(since) + 365), LAST_DAY) : null;
    const id = `ent-vc-d${++compactSeq}`;
    compactRows.push([id, helper.id, helper.kind, helper.groupId, helper.groupKind, village, since, until, rng.chance(0.95), true]);
    const n = Math.max(0, Math.round(size.contributionsPerCompact + (rng.next() - 0.5) * 2 * Math.min(1, size.contributionsPerCompact)));
    const eastToWest = helper.home !== null && zoneOf(helper.home) === 'EAST' && isWestern(village);
    for (let k = 0; k < n; k++) {
      const kind = weighted(rng, KIND_WEIGHTS);
      const date = dateBetween(rng, since < '2016-01-01' ? '2016-01-01' : since, until ?? LAST_DAY);
      // An eastern firm's investment in the west is often counted as an east-west industrial project too.
      const reported: [string, string] | null =
        eastToWest && kind === 'INDUSTRIAL_INVESTMENT' && rng.chance(0.3) ? referenceTo('EAST_WEST', projects, village.slice(0, 6), date) : null;
      contribution(helper, village, kind, date, 1, id, reported);
    }
  }

  // Central groups: contributions to their counties (county-level, or a village inside) each
  // year, by the group or a subsidiary; a share also reported as designated assistance.
  const centralCounties = new Set<string>();
  for (const g of central) {
    for (const county of g.counties) {
      centralCounties.add(county);
      const inside = villagesByCounty.get(county) ?? [];
      for (const year of YEARS) {
        for (let k = 0; k < size.centralContributionsPerCountyYear; k++) {
          const helper = rng.chance(0.5) ? g.group : rng.pick(g.members);
          const kind =
            helper.kind === 'CENTRAL_SOE' ? weighted(rng, KIND_WEIGHTS) : rng.pick(['PUBLIC_WELFARE_DONATION', 'SKILLS_TRAINING'] as ContributionKind[]);
          const place = inside.length && rng.chance(0.4) ? rng.pick(inside) : county;
          const reported: [string, string] | null =
            helper.kind === 'CENTRAL_SOE' && place === county && rng.chance(0.3) ? referenceTo('DESIGNATED', reports, county, `${year}-`) : null;
          contribution(helper, place, kind, dateBetween(rng, `${year}-01-01`, `${year}-12-31`), 10, null, reported);
        }
      }
    }
  }

  // Social organisations and individual donors: donations, training and purchases.
  for (const donor of donors) {
    const n = Math.max(1, Math.round(size.donationsPerDonor + (rng.next() - 0.5) * 2));
    for (let k = 0; k < n; k++) {
      const kind: ContributionKind =
        donor.kind === 'INDIVIDUAL'
          ? weighted(rng, [
              ['PUBLIC_WELFARE_DONATION', 80],
              ['PURCHASE', 20],
            ])
          : weighted(rng, [
              ['PUBLIC_WELFARE_DONATION', 60],
              ['SKILLS_TRAINING', 25],
              ['EMPLOYMENT', 15],
            ]);
      const place = pool.length && rng.chance(0.6) ? rng.pick(pool) : rng.pick(povertyCounties).code;
      contribution(donor, place, kind, dateBetween(rng, '2016-01-01', LAST_DAY), donor.kind === 'INDIVIDUAL' ? 0.1 : 0.5, null, null);
    }
  }

  return { organizations: orgs, compacts: compactRows, contributions: contributionRows, centralCounties: centralCounties.size };
}

/** Records by `county|year`, each list in id order. */
function targetsByCountyYear(targets: readonly DemoReferenceTarget[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of targets) {
    const key = `${t.county}|${t.year}`;
    const list = out.get(key);
    if (list) list.push(t.id);
    else out.set(key, [t.id]);
  }
  return out;
}

/** Villages of the poverty counties, in a few large registry calls (prefixes in chunks). */
async function villagesOf(scope: SeedScope, povertyCounties: RegionRow[]): Promise<string[]> {
  const codes = povertyCounties.map((c) => c.code);
  const out: string[] = [];
  for (let i = 0; i < codes.length; i += 300) {
    for (const v of await scope.registry.regions('VILLAGE', codes.slice(i, i + 300))) out.push(v.code);
  }
  return out;
}

/**
 * The central groups: `centralGroups` demo groups, `centralOthers` of them central foundations
 * (kind SOCIAL_ORGANIZATION), the others central SOE groups, each SOE group with demo
 * subsidiaries, together covering `centralCounties` poverty counties. Numbered names, never a
 * real central SOE's or foundation's.
 */
function centralGroups(rng: Rng, size: DemoSize, input: DemoInput, orgs: OrganizationInput[]): CentralGroup[] {
  const { povertyCounties, counties } = input;
  const countyName = new Map(counties.map((c) => [c.code, c.name]));
  const free = rng.sample(
    povertyCounties.map((c) => c.code),
    povertyCounties.length,
  );
  const groups: (CentralGroup & { name: string })[] = [];
  const soeGroups = Math.max(0, size.centralGroups - size.centralOthers);
  for (let i = 0; i < size.centralGroups; i++) {
    const other = i >= soeGroups;
    const name = other ? `全国第${i - soeGroups + 1}乡村公益基金会` : `中央企业第${i + 1}帮扶集团有限公司`;
    const id = `demo-ent-cg${i + 1}`;
    const kind = other ? 'SOCIAL_ORGANIZATION' : 'CENTRAL_SOE';
    orgs.push({ id, name: demoName(name), kind, homeRegionCode: '11', demo: true, source: 'demo' });
    groups.push({ name, group: { id, kind, groupId: id, groupKind: kind, home: '11' }, members: [], counties: [] });
  }
  // Spread the counties so the groups together cover `centralCounties`, up to 10 each.
  const covered = new Set<string>();
  let next = 0;
  for (let round = 0; covered.size < size.centralCounties && next < free.length && round < 10; round++) {
    for (const g of groups) {
      if (covered.size >= size.centralCounties || next >= free.length) break;
      if (g.counties.length > round || g.counties.length >= 10) continue;
      const county = free[next++];
      g.counties.push(county);
      covered.add(county);
    }
  }
  // Subsidiaries: 1 to 4 per SOE group, seated in one of the group's counties.
  let sub = 0;
  for (const g of groups) {
    const n = g.group.kind === 'CENTRAL_SOE' ? rng.int(1, 4) : 0;
    for (let k = 0; k < n; k++) {
      const county = g.counties.length ? rng.pick(g.counties) : rng.pick(povertyCounties).code;
      const id = `demo-ent-cs${++sub}`;
      orgs.push({
        id,
        name: demoName(`${shortName(g.name)}${countyName.get(county) ?? county}帮扶公司${k + 1}`),
        kind: 'CENTRAL_SOE',
        homeRegionCode: county,
        parentId: g.group.id,
        demo: true,
        source: 'demo',
      });
      g.members.push({ id, kind: 'CENTRAL_SOE', groupId: g.group.id, groupKind: g.group.kind, home: county });
    }
    if (!g.members.length) g.members.push(g.group);
  }
  return groups;
}

const OWNERSHIP: [string, number][] = [
  ['PRIVATE_ENTERPRISE', 880],
  ['LOCAL_SOE', 70],
  ['COLLECTIVE_ENTERPRISE', 25],
  ['FOREIGN_INVESTED_ENTERPRISE', 25],
];

/** Enterprises (some private and local-SOE groups with subsidiaries), social organisations and individuals. */
function otherHelpers(rng: Rng, size: DemoSize, counties: RegionRow[], orgs: OrganizationInput[], central: CentralGroup[]) {
  const east = counties.filter((c) => zoneOf(c.code) === 'EAST');
  const centralCount = central.reduce((a, g) => a + 1 + g.members.filter((m) => m !== g.group).length, 0);
  const enterprises: Helper[] = central.flatMap((g) => g.members.filter((m) => m.kind === 'CENTRAL_SOE'));
  const parents: Helper[] = [];
  for (let i = 0; i < size.enterprises - centralCount; i++) {
    const kind = weighted(rng, OWNERSHIP);
    const seat = rng.chance(0.55) && east.length ? rng.pick(east) : rng.pick(counties);
    const id = `demo-ent-${i + 1}`;
    // About one in twenty private or local-SOE firms is a subsidiary of an earlier firm of the same ownership.
    const parent = parents.length && rng.chance(0.05) ? rng.pick(parents) : null;
    const sameKind = parent && parent.kind === kind ? parent : null;
    const name = demoName(
      `${seat.name.replace(/(自治县|县|市|区|旗)$/, '')}${rng.pick(TRADE)}${rng.pick(TRADE)}${rng.pick(INDUSTRY)}${kind === 'FOREIGN_INVESTED_ENTERPRISE' ? '(中国)' : ''}有限公司`,
    );
    orgs.push({ id, name, kind, homeRegionCode: seat.code, parentId: sameKind?.id ?? null, demo: true, source: 'demo' });
    const helper: Helper = { id, kind, groupId: sameKind?.groupId ?? id, groupKind: sameKind?.groupKind ?? kind, home: seat.code };
    enterprises.push(helper);
    if (!sameKind && parents.length < 5000 && (kind === 'PRIVATE_ENTERPRISE' || kind === 'LOCAL_SOE') && rng.chance(0.1)) parents.push(helper);
  }
  const donors: Helper[] = [];
  for (let i = 0; i < size.socialOrganizations; i++) {
    const seat = rng.pick(counties);
    const id = `demo-ent-so${i + 1}`;
    orgs.push({
      id,
      name: demoName(`${seat.name}${rng.pick(TRADE)}${rng.pick(SOCIAL)}`),
      kind: 'SOCIAL_ORGANIZATION',
      homeRegionCode: seat.code,
      demo: true,
      source: 'demo',
    });
    donors.push({ id, kind: 'SOCIAL_ORGANIZATION', groupId: id, groupKind: 'SOCIAL_ORGANIZATION', home: seat.code });
  }
  for (let i = 0; i < size.individuals; i++) {
    const id = `demo-ent-in${i + 1}`;
    // A generated person's name: the registry shows it to signed-in roles only; this channel never stores it.
    const name = demoName(`${rng.pick(SURNAMES)}${rng.pick(GIVEN)}${rng.chance(0.6) ? rng.pick(GIVEN) : ''}`);
    orgs.push({ id, name, kind: 'INDIVIDUAL', demo: true, source: 'demo' });
    donors.push({ id, kind: 'INDIVIDUAL', groupId: id, groupKind: 'INDIVIDUAL', home: null });
  }
  return { enterprises, donors };
}
