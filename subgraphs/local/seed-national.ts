import { sql } from 'drizzle-orm';
import { rowsOf } from '../../lib/batch.js';
import type { Db } from '../../lib/db.js';
import type { OrganizationInput, RegionRow, SeedScope } from '../../lib/seed.js';
import { buildCounty, type CountyPlan, emptyRows, NORM_532, YONGSHOU_PLAN } from './seed.js';

/**
 * The county's precision work at the 2014 filing's national scale (`npm run gen:national` only):
 * 29.48 million filed households of 89.62 million people in 128,000 poor villages, shared among
 * the poverty counties in proportion to their villages in the registry (the registry holds no
 * county's poor population, the reference lists no province's count). Work teams, first
 * secretaries, cadres and pairings follow 永寿县's ratios (0.45 cadres per household, under
 * "532"). All demo, built by the same `buildCounty` as the demo.
 *
 * The 2-core benchmark machine loads a set of provinces (`BANGFU_LOCAL_PROVINCES`, province
 * codes separated by commas, `all` for every one; default {@link NATIONAL_PROVINCES}); a county
 * that already holds households (the demo's) is left as it is.
 */
export const FILED_2014 = { households: 29_480_000, people: 89_620_000, poorVillages: 128_000 };

/** 陕西, 贵州: the provinces loaded unless `BANGFU_LOCAL_PROVINCES` says otherwise. */
export const NATIONAL_PROVINCES = ['61', '52'];

export function nationalProvincesFromEnv(): string[] | null {
  const value = process.env.BANGFU_LOCAL_PROVINCES?.trim();
  if (!value) return NATIONAL_PROVINCES;
  if (value === 'all') return null;
  return value.split(',').map((s) => s.trim());
}

/** A county's plan from its share of the national figures, at 永寿县's ratios. */
export function nationalPlan(code: string, share: number): CountyPlan {
  const households = Math.max(10, Math.round(FILED_2014.households * share));
  const perHousehold = households / YONGSHOU_PLAN.households;
  const scaled = (n: number, min = 0) => Math.max(min, Math.round(n * perHousehold));
  return {
    code,
    poorVillages: Math.max(1, Math.round(FILED_2014.poorVillages * share)),
    households,
    people: Math.round((households * FILED_2014.people) / FILED_2014.households),
    cadres: {
      COUNTY_LEADER: scaled(YONGSHOU_PLAN.cadres.COUNTY_LEADER, 1),
      DEPARTMENT_LEADER: scaled(YONGSHOU_PLAN.cadres.DEPARTMENT_LEADER, 1),
      ORDINARY: scaled(YONGSHOU_PLAN.cadres.ORDINARY, 1),
    },
    short: { COUNTY_LEADER: 0, DEPARTMENT_LEADER: scaled(3), ORDINARY: scaled(5) },
    unhelped: scaled(YONGSHOU_PLAN.unhelped),
    provincialDepartments: YONGSHOU_PLAN.provincialDepartments,
    municipalDepartments: YONGSHOU_PLAN.municipalDepartments,
    villagesWithoutLastTeam: 0,
    villagesWithoutLastSecretary: 0,
    norm: NORM_532,
  };
}

/** Load the national households of `provinces` (null: every province); returns rows written. */
export async function generateNational(scope: SeedScope, provinces: string[] | null): Promise<{ counties: number; households: number; rows: number }> {
  const poverty = await scope.registry.povertyCounties();
  const d = scope.database;
  const loaded = new Set(rowsOf<{ c: string }>(await d.db.execute(sql`select distinct county_code as c from local.households`)).map((r) => r.c));
  // Villages per county (all 832), for the shares; then the chosen counties' villages themselves.
  const villageCounts = new Map(
    rowsOf<{ c: string; n: number }>(
      await d.db.execute(sql`select left(code, 6) as c, count(*)::int as n from registry.regions where level = 'VILLAGE' group by 1`),
    ).map((r) => [r.c, Number(r.n)]),
  );
  const total = poverty.reduce((n, c) => n + (villageCounts.get(c.code) ?? 0), 0);
  const chosen = poverty.filter((c) => (provinces === null || provinces.includes(c.code.slice(0, 2))) && !loaded.has(c.code) && villageCounts.get(c.code));
  const [prefectures, provinceRows] = await Promise.all([
    scope.registry.regions('PREFECTURE', [...new Set(chosen.map((c) => c.code.slice(0, 4)))]),
    scope.registry.regions('PROVINCE', [...new Set(chosen.map((c) => c.code.slice(0, 2)))]),
  ]);
  const nameOf = (rows: RegionRow[], code: string) => rows.find((r) => r.code === code)?.name ?? code;
  const planned = chosen.map((c) => nationalPlan(c.code, (villageCounts.get(c.code) ?? 0) / total));
  const expected = planned.reduce((n, p) => n + p.households, 0);
  const orgs = new Map<string, OrganizationInput>();
  let households = 0;
  let rows = 0;
  let counties = 0;
  for (const [i, county] of chosen.entries()) {
    const plan = planned[i];
    const villages = await scope.registry.regions('VILLAGE', [county.code]);
    const out = emptyRows();
    buildCounty(
      scope.rng.fork(`national-${county.code}`),
      plan,
      county.name,
      nameOf(provinceRows, county.code.slice(0, 2)),
      nameOf(prefectures, county.code.slice(0, 4)),
      villages,
      out,
    );
    const fresh = out.organizations.filter((o) => !orgs.has(o.id));
    for (const o of fresh) orgs.set(o.id, o);
    await scope.registry.upsertOrganizations(fresh);
    await d.copyRows('local.poor_villages', ['code', 'county_code', 'since_year', 'exit_year', 'demo', 'source'], out.poorVillages);
    await d.copyRows('local.work_teams', ['id', 'village_code', 'since', 'until', 'demo', 'source'], out.teams);
    await d.copyRows('local.team_senders', ['team_id', 'organization_id'], out.senders);
    await d.copyRows('local.team_members', ['id', 'team_id', 'person_name', 'role', 'since', 'until', 'demo', 'source'], out.members);
    await d.copyRows('local.households', ['id', 'village_code', 'county_code', 'size', 'main_cause', 'demo', 'source'], out.households);
    await d.copyRows('local.household_statuses', ['household_id', 'year', 'status', 'demo'], out.statuses);
    await d.copyRows('local.cadres', ['id', 'person_name', 'level', 'organization_id', 'county_code', 'demo', 'source'], out.cadres);
    await d.copyRows('local.household_pairings', ['id', 'cadre_id', 'household_id', 'since', 'until', 'demo', 'source'], out.pairings);
    await d.copyRows('local.pairing_norms', ['county_code', 'level', 'minimum', 'demo', 'source'], out.norms);
    households += out.households.length;
    rows += Object.entries(out).reduce((n, [k, list]) => (k === 'organizations' ? n : n + list.length), 0);
    counties++;
    scope.progress(households, expected);
  }
  return { counties, households, rows };
}

/**
 * The step's work: loads at the national scale only (the quick start's demo records the step
 * with no row; a database seeded at the demo scale keeps its demo when loaded at the national
 * scale later).
 */
export async function runNational(scope: SeedScope): Promise<number> {
  if (scope.scale !== 'national') return 0;
  const provinces = nationalProvincesFromEnv();
  const started = performance.now();
  const report = await generateNational(scope, provinces);
  scope.log(
    `local: national households of ${provinces?.join(',') ?? 'every province'}: ${report.counties} counties, ${report.households} households in ${Math.round(performance.now() - started)} ms`,
  );
  return report.rows;
}

/**
 * Loaded before the ledger existed: households are there (the demo's, or the national ones).
 * A demo-scale database has nothing for this step to load, so the demo's households count as found.
 */
export async function nationalLoadedBefore(db: Db): Promise<boolean> {
  return rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from (select 1 from local.households limit 1) h`)).some((r) => Number(r.n) > 0);
}
