import { sql } from 'drizzle-orm';
import { demoName } from '../../lib/demo.js';
import { nameId } from '../../lib/org-ids.js';
import type { Rng } from '../../lib/rng.js';
import { hasRows, type OrganizationInput, type RegionRow, type SeedHooks, type SeedScope } from '../../lib/seed.js';
import { POVERTY_CAUSES, workTeamsTable, type CadreLevel, type HouseholdStatus, type MemberRole, type PovertyCause } from './tables.js';

/**
 * The demo of the county's precision work: 永寿县 (610426) at its published figures (102 poor
 * villages, 13,634 filed households of 50,854 people, teams from 26 provincial and municipal
 * departments, a first secretary in every poor village, 6,130 cadres paired under "532", a known
 * few of them short of it), and a small sample in a few other poverty counties. Every row is
 * demo; every organisation and person is named `演示·…`, every household `DEMO-<county>-<n>`.
 */
export const YONGSHOU = '610426';

export interface CountyPlan {
  code: string;
  poorVillages: number;
  households: number;
  people: number;
  /** Cadres per level. */
  cadres: Record<CadreLevel, number>;
  /** Cadres per level helping one household fewer than the norm (the shortfall the hub reports). */
  short: Record<CadreLevel, number>;
  /** Households left without a helper. */
  unhelped: number;
  /** Departments sending teams (provincial, then municipal). */
  provincialDepartments: number;
  municipalDepartments: number;
  /** Poor villages whose last rotation (from 2019) sent no team, and those whose team had no first secretary then. */
  villagesWithoutLastTeam: number;
  villagesWithoutLastSecretary: number;
  /** The county's norm; null: it set none. */
  norm: Record<CadreLevel, number> | null;
}

export const NORM_532: Record<CadreLevel, number> = { COUNTY_LEADER: 5, DEPARTMENT_LEADER: 3, ORDINARY: 2 };

export const YONGSHOU_PLAN: CountyPlan = {
  code: YONGSHOU,
  poorVillages: 102,
  households: 13_634,
  people: 50_854,
  cadres: { COUNTY_LEADER: 36, DEPARTMENT_LEADER: 860, ORDINARY: 5_234 },
  short: { COUNTY_LEADER: 1, DEPARTMENT_LEADER: 3, ORDINARY: 5 },
  unhelped: 27,
  provincialDepartments: 14,
  municipalDepartments: 12,
  villagesWithoutLastTeam: 0,
  villagesWithoutLastSecretary: 0,
  norm: NORM_532,
};

/** The other poverty counties of the sample, where their villages are loaded. */
export const SAMPLE_COUNTIES = ['610430', '610429', '520322'];

const samplePlan = (code: string, i: number): CountyPlan => ({
  code,
  poorVillages: 8,
  households: 300,
  people: 1_050 + 10 * i,
  cadres: { COUNTY_LEADER: 3, DEPARTMENT_LEADER: 15, ORDINARY: 90 },
  short: { COUNTY_LEADER: 0, DEPARTMENT_LEADER: 1, ORDINARY: 2 },
  unhelped: 5,
  provincialDepartments: 2,
  municipalDepartments: 2,
  villagesWithoutLastTeam: 1,
  villagesWithoutLastSecretary: 2,
  norm: i === 1 ? NORM_532 : null,
});

/** Team rotations: two years each, from August. */
const ROTATIONS: [string, string | null][] = [
  ['2015-08-01', '2017-07-31'],
  ['2017-08-01', '2019-07-31'],
  ['2019-08-01', '2021-07-31'],
];

export const seed: SeedHooks = {
  steps: [
    {
      name: 'demo',
      demo: true,
      loadedBefore: (db) => hasRows(db, workTeamsTable, sql`${workTeamsTable.demo}`),
      async run(scope) {
        const report = await generateDemo(scope);
        scope.log(
          `local: demo ${report.counties} counties, ${report.poorVillages} poor villages, ${report.teams} work teams, ${report.households} households, ${report.cadres} cadres, ${report.pairings} pairings`,
        );
        return report.rows;
      },
    },
    {
      // The 2014 filing's national scale, at `scale: 'national'` only (seed-national.ts).
      name: 'national-households',
      demo: true,
      loadedBefore: async (db) => (await import('./seed-national.js')).nationalLoadedBefore(db),
      run: async (scope) => (await import('./seed-national.js')).runNational(scope),
    },
  ],
};

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟';
const GIVEN =
  '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳';

/** An invented person's name, marked as generated. */
function personName(rng: Rng): string {
  const given = rng.chance(0.6) ? rng.pick([...GIVEN]) + rng.pick([...GIVEN]) : rng.pick([...GIVEN]);
  return demoName(rng.pick([...SURNAMES]) + given);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Main causes, weighted as the filing system's shares run (illness first). */
const CAUSE_WEIGHTS: [PovertyCause, number][] = [
  ['ILLNESS', 0.42],
  ['LACK_OF_FUNDS', 0.14],
  ['LACK_OF_SKILLED_LABOUR', 0.12],
  ['LACK_OF_LABOUR', 0.08],
  ['DISABILITY', 0.06],
  ['EDUCATION', 0.05],
  ['LIVING_ENVIRONMENT', 0.04],
  ['LACK_OF_WATER', 0.03],
  ['LACK_OF_LAND', 0.02],
  ['DISASTER', 0.02],
  ['OWN_EFFORT', 0.01],
  ['OTHER', 0.01],
];

function pickWeighted<T>(rng: Rng, items: [T, number][]): T {
  let x = rng.next();
  for (const [item, w] of items) {
    if (x < w) return item;
    x -= w;
  }
  return items[items.length - 1][0];
}

/** Household sizes summing exactly to `people`, each 1 to 8. */
export function householdSizes(rng: Rng, n: number, people: number): number[] {
  const sizes = Array.from({ length: n }, () => rng.int(1, 6));
  let diff = people - sizes.reduce((a, b) => a + b, 0);
  while (diff !== 0) {
    const i = rng.int(0, n - 1);
    if (diff > 0 && sizes[i] < 8) {
      sizes[i]++;
      diff--;
    } else if (diff < 0 && sizes[i] > 1) {
      sizes[i]--;
      diff++;
    }
  }
  return sizes;
}

/** A household's status history: filed in 2014 (or newly in 2015–2016), exits 2016–2020, a few return. */
function statusHistory(rng: Rng, newly: boolean): [number, HouseholdStatus][] {
  const history: [number, HouseholdStatus][] = [newly ? [rng.int(2015, 2016), 'NEWLY_IDENTIFIED'] : [2014, 'IDENTIFIED']];
  const exit = pickWeighted(rng, [
    [2016, 0.25],
    [2017, 0.3],
    [2018, 0.35],
    [2019, 0.07],
    [2020, 0.03],
  ]);
  history.push([Math.max(exit, history[0][0] + 1), 'EXITED']);
  if (history[1][0] <= 2018 && rng.chance(0.005)) history.push([2019, 'RETURNED'], [2020, 'EXITED']);
  return history;
}

export interface DemoRows {
  organizations: OrganizationInput[];
  poorVillages: unknown[][];
  teams: unknown[][];
  senders: unknown[][];
  members: unknown[][];
  households: unknown[][];
  statuses: unknown[][];
  cadres: unknown[][];
  pairings: unknown[][];
  norms: unknown[][];
}

/** No rows yet: what a generator fills. */
export const emptyRows = (): DemoRows => ({
  organizations: [],
  poorVillages: [],
  teams: [],
  senders: [],
  members: [],
  households: [],
  statuses: [],
  cadres: [],
  pairings: [],
  norms: [],
});

/**
 * The rows of one county, from its plan, its villages (registry order) and `rng` alone. Poor
 * villages prefer village committees (村民委员会) to urban communities.
 */
export function buildCounty(
  rng: Rng,
  plan: CountyPlan,
  countyName: string,
  provinceName: string,
  prefectureName: string,
  villages: RegionRow[],
  out: DemoRows,
) {
  const rural = villages.filter((v) => !v.name.includes('社区'));
  const pool = rural.length >= plan.poorVillages ? rural : villages;
  const poor = rng
    .sample(pool, Math.min(plan.poorVillages, pool.length))
    .map((v) => v.code)
    .sort();
  if (!poor.length) return;
  const c = plan.code;
  for (const code of poor) out.poorVillages.push([code, c, 2014, poor.indexOf(code) % 3 === 0 ? 2017 : 2018, true, 'demo']);

  // Sending departments: provincial, municipal, and the county's own (these send cadres only).
  const dept = (name: string, home: string): OrganizationInput => ({
    id: nameId('loc', name),
    name: demoName(name),
    kind: 'LOCAL_PARTY_STATE_ORGAN',
    homeRegionCode: home,
    demo: true,
    source: 'demo',
  });
  const senders = [
    ...Array.from({ length: plan.provincialDepartments }, (_, i) => dept(`${provinceName}驻村第${pad(i + 1, 2)}厅`, c.slice(0, 2))),
    ...Array.from({ length: plan.municipalDepartments }, (_, i) => dept(`${prefectureName}驻村第${pad(i + 1, 2)}局`, c.slice(0, 4))),
  ];
  const county = Array.from({ length: 12 }, (_, i) => dept(`${countyName}第${pad(i + 1, 2)}局`, c));
  out.organizations.push(...senders, ...county);

  // Teams: every poor village, each rotation, sent by one department (sometimes with a county one).
  poor.forEach((village, v) => {
    const sender = senders[v % senders.length];
    ROTATIONS.forEach(([since, until], r) => {
      const last = r === ROTATIONS.length - 1;
      if (last && v < plan.villagesWithoutLastTeam) return;
      const id = `loc-wt-demo-${village}-${r + 1}`;
      out.teams.push([id, village, since, until, true, 'demo']);
      out.senders.push([id, sender.id]);
      if (rng.chance(0.3)) out.senders.push([id, rng.pick(county).id]);
      const member = (n: number, role: MemberRole) =>
        out.members.push([`loc-wm-demo-${village}-${r + 1}-${n}`, id, personName(rng), role, since, until, true, 'demo']);
      if (!(last && v >= plan.villagesWithoutLastTeam && v < plan.villagesWithoutLastTeam + plan.villagesWithoutLastSecretary)) member(1, 'FIRST_SECRETARY');
      else member(1, 'LEADER');
      for (let n = 2; n <= rng.int(2, 3); n++) member(n, 'MEMBER');
    });
  });

  // Households in the poor villages, sizes summing to the county's people.
  const sizes = householdSizes(rng, plan.households, plan.people);
  const newlyShare = 0.03;
  const filedYear: number[] = [];
  const householdIds: string[] = [];
  sizes.forEach((size, i) => {
    const id = `DEMO-${c}-${pad(i + 1, 6)}`;
    householdIds.push(id);
    out.households.push([id, poor[i % poor.length], c, size, pickWeighted(rng, CAUSE_WEIGHTS), true, 'demo']);
    const history = statusHistory(rng, rng.chance(newlyShare));
    filedYear.push(history[0][0]);
    for (const [year, status] of history) out.statuses.push([id, year, status, true]);
  });

  // Cadres, each with a number of households: the norm's minimum, one less for the few short of
  // it, one more for enough others that all but `unhelped` households have a helper.
  const minimum = plan.norm ?? NORM_532;
  const cadres: { id: string; slots: number }[] = [];
  for (const level of ['COUNTY_LEADER', 'DEPARTMENT_LEADER', 'ORDINARY'] as CadreLevel[]) {
    for (let i = 0; i < plan.cadres[level]; i++) {
      const id = `loc-c-demo-${c}-${pad(cadres.length + 1, 5)}`;
      const org = level === 'ORDINARY' && rng.chance(0.5) ? rng.pick(senders) : rng.pick(county);
      out.cadres.push([id, personName(rng), level, org.id, c, true, 'demo']);
      cadres.push({ id, slots: i < plan.short[level] ? minimum[level] - 1 : minimum[level] });
    }
  }
  let extra = plan.households - plan.unhelped - cadres.reduce((n, x) => n + x.slots, 0);
  const shortIds = new Set(cadres.filter((x, i) => x.slots < minimum[levelOfIndex(plan, i)]).map((x) => x.id));
  const open = cadres.filter((x) => !shortIds.has(x.id));
  while (extra > 0) {
    rng.pick(open).slots++;
    extra--;
  }
  if (extra < 0) throw new Error(`local demo: ${plan.code} has too few households (${plan.households}) for its cadres' minimums`);
  const order = rng.sample(
    householdIds.map((_, i) => i),
    householdIds.length,
  );
  let at = 0;
  for (const x of cadres) {
    for (let s = 0; s < x.slots && at < order.length; s++, at++) {
      const h = order[at];
      out.pairings.push([
        `loc-hp-demo-${c}-${pad(out.pairings.length + 1, 6)}`,
        x.id,
        householdIds[h],
        `${Math.max(2015, filedYear[h])}-10-01`,
        null,
        true,
        'demo',
      ]);
    }
  }
  if (plan.norm) for (const level of Object.keys(plan.norm) as CadreLevel[]) out.norms.push([c, level, plan.norm[level], true, 'demo']);
}

/** The level of the cadre at `index` of a county's list (levels in order, counts from the plan). */
function levelOfIndex(plan: CountyPlan, index: number): CadreLevel {
  if (index < plan.cadres.COUNTY_LEADER) return 'COUNTY_LEADER';
  if (index < plan.cadres.COUNTY_LEADER + plan.cadres.DEPARTMENT_LEADER) return 'DEPARTMENT_LEADER';
  return 'ORDINARY';
}

/** Generate the demo from `scope.rng` and the registry's villages, and load it (COPY per table). */
export async function generateDemo(scope: SeedScope, plans?: CountyPlan[]) {
  const poverty = new Set((await scope.registry.povertyCounties()).map((r) => r.code));
  // Only poverty counties (without the list, no demo has anything to stand on).
  const chosen = (plans ?? [YONGSHOU_PLAN, ...SAMPLE_COUNTIES.filter((c) => poverty.has(c)).map(samplePlan)]).filter((p) => poverty.has(p.code));
  const codes = chosen.map((p) => p.code);
  const [villages, counties, prefectures, provinces] = await Promise.all([
    scope.registry.regions('VILLAGE', codes),
    scope.registry.regions('COUNTY', codes),
    scope.registry.regions('PREFECTURE', [...new Set(codes.map((c) => c.slice(0, 4)))]),
    scope.registry.regions('PROVINCE', [...new Set(codes.map((c) => c.slice(0, 2)))]),
  ]);
  const nameOf = (rows: RegionRow[], code: string) => rows.find((r) => r.code === code)?.name ?? code;
  const out = emptyRows();
  let built = 0;
  for (const plan of chosen) {
    const mine = villages.filter((v) => v.code.startsWith(plan.code));
    if (!mine.length) continue;
    buildCounty(
      scope.rng.fork(plan.code),
      plan,
      nameOf(counties, plan.code),
      nameOf(provinces, plan.code.slice(0, 2)),
      nameOf(prefectures, plan.code.slice(0, 4)),
      mine,
      out,
    );
    built++;
  }
  await scope.registry.upsertOrganizations(out.organizations);
  const d = scope.database;
  await d.copyRows('local.poor_villages', ['code', 'county_code', 'since_year', 'exit_year', 'demo', 'source'], out.poorVillages);
  await d.copyRows('local.work_teams', ['id', 'village_code', 'since', 'until', 'demo', 'source'], out.teams);
  await d.copyRows('local.team_senders', ['team_id', 'organization_id'], out.senders);
  await d.copyRows('local.team_members', ['id', 'team_id', 'person_name', 'role', 'since', 'until', 'demo', 'source'], out.members);
  await d.copyRows('local.households', ['id', 'village_code', 'county_code', 'size', 'main_cause', 'demo', 'source'], out.households);
  await d.copyRows('local.household_statuses', ['household_id', 'year', 'status', 'demo'], out.statuses);
  await d.copyRows('local.cadres', ['id', 'person_name', 'level', 'organization_id', 'county_code', 'demo', 'source'], out.cadres);
  await d.copyRows('local.household_pairings', ['id', 'cadre_id', 'household_id', 'since', 'until', 'demo', 'source'], out.pairings);
  await d.copyRows('local.pairing_norms', ['county_code', 'level', 'minimum', 'demo', 'source'], out.norms);
  const rows =
    out.poorVillages.length +
    out.teams.length +
    out.senders.length +
    out.members.length +
    out.households.length +
    out.statuses.length +
    out.cadres.length +
    out.pairings.length +
    out.norms.length;
  return {
    counties: built,
    poorVillages: out.poorVillages.length,
    teams: out.teams.length,
    households: out.households.length,
    cadres: out.cadres.length,
    pairings: out.pairings.length,
    rows,
  };
}

/** The causes, for tests. */
export { POVERTY_CAUSES };
