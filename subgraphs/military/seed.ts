import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeCode } from '../../lib/codes.js';
import { demoName } from '../../lib/demo.js';
import { militaryUnitId } from '../../lib/org-ids.js';
import type { Rng } from '../../lib/rng.js';
import { hasRows, type OrganizationInput, type RegionRow, type SeedHooks, type SeedScope } from '../../lib/seed.js';
import { assistanceTable, leadingGroupMembershipsTable, unitProfilesTable, type AssistanceKind } from './tables.js';

/** The compiled aid-site list (reference/party-military-aid-sites-compiled.csv): its `military` rows. */
export const SITES_FILE = 'party-military-aid-sites-compiled.csv';

// ---- reference: the four published military aid sites -----------------------------------

/** A village's short name as people write it: `葛公村村民委员会` → `葛公村`, `土岭村民委员会` → `土岭村`. */
export function villageShortName(registryName: string): string {
  return registryName
    .replace(/村?村民委员会$/, '村')
    .replace(/村委会$/, '村')
    .replace(/(社区)?居民委员会$|(社区)?居委会$/, '社区');
}

/**
 * Find the village a published site names, inside its county: the site is the village's short
 * name, optionally preceded by its township's name (`北冶乡土岭村`). Returns the code only when
 * exactly one village matches, so a homonym never lands on the wrong village.
 */
export function resolveVillage(site: string, countyCode: string, villages: RegionRow[], townships: RegionRow[]): string | null {
  const townshipName = new Map(townships.map((t) => [t.code, t.name]));
  const candidates = villages.filter((v) => {
    if (!v.code.startsWith(countyCode)) return false;
    const short = villageShortName(v.name);
    return site === short || site === `${townshipName.get(v.code.slice(0, 9)) ?? ''}${short}`;
  });
  return candidates.length === 1 ? candidates[0].code : null;
}

/** The kind of help a published row describes (the rows are few; the note says what was done). */
export function referenceKind(row: Record<string, string>): AssistanceKind {
  if (/hospital|medical|医院/i.test(row.note)) return row.target_level === 'county' ? 'COUNTY_HOSPITAL' : 'VILLAGE_CLINIC';
  if (/road|路/.test(row.note)) return 'INFRASTRUCTURE';
  return row.target_level === 'village' ? 'VILLAGE_PAIRING' : 'INDUSTRY';
}

/** The year a page was published, from its address (`…/2019-01/03/…`, `…/201610/16/…`). */
export function evidenceYear(url: string): number | null {
  const m = /\/(20\d{2})-?(0[1-9]|1[0-2])\//.exec(url);
  return m ? Number(m[1]) : null;
}

export interface ReferenceReport {
  rows: number;
  villagesResolved: number;
  atCountyLevel: string[];
}

/**
 * Load the published military aid sites. A village site is resolved to its 12-digit code
 * among the villages the registry holds (one batched lookup for all the rows' counties);
 * when the registry did not load that county's villages (test fixtures), the record sits
 * on the county with the village name kept in `site_name` and a note saying so. A row
 * without a start year starts in the year of its evidence page, when the help was already
 * under way; the note says so.
 */
export async function importReferenceSites(scope: SeedScope): Promise<ReferenceReport> {
  const path = join(scope.referenceDir, SITES_FILE);
  const report: ReferenceReport = { rows: 0, villagesResolved: 0, atCountyLevel: [] };
  if (!existsSync(path)) return report;
  const rows = (parse(readFileSync(path), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[]).filter(
    (r) => r.org_kind === 'military',
  );
  if (!rows.length) return report;
  const counties = [...new Set(rows.map((r) => normalizeCode(r.county_code)).filter((c): c is string => c !== null))];
  const villageRows = rows.filter((r) => r.target_level === 'village');
  const villageCounties = counties.filter((c) => villageRows.some((r) => normalizeCode(r.county_code) === c));
  const [villages, townships] = villageCounties.length
    ? await Promise.all([scope.registry.regions('VILLAGE', villageCounties), scope.registry.regions('TOWNSHIP', villageCounties)])
    : [[], []];
  const values: (typeof assistanceTable.$inferInsert)[] = [];
  for (const r of rows) {
    const county = normalizeCode(r.county_code);
    if (!county) continue;
    const notes: string[] = [];
    let helpedCode = county;
    if (r.target_level === 'village' && r.village_or_site) {
      const village = resolveVillage(r.village_or_site, county, villages, townships);
      if (village) {
        helpedCode = village;
        report.villagesResolved++;
      } else {
        notes.push(`village ${r.village_or_site} is not among the registry's loaded villages: recorded on its county`);
        report.atCountyLevel.push(r.village_or_site);
      }
    }
    const sinceYear = r.since_year ? Number(r.since_year) : evidenceYear(r.evidence_url);
    if (!r.since_year) notes.push('start not published: dated from the evidence page, when the help was already under way');
    if (!sinceYear) continue;
    values.push({
      id: `mil-a-ref-${createHash('sha1').update(`${r.org_name}|${county}|${r.village_or_site}`).digest('hex').slice(0, 10)}`,
      helperId: militaryUnitId(r.org_name),
      helpedCode,
      kind: referenceKind(r),
      siteName: r.village_or_site || null,
      since: `${sinceYear}-01-01`,
      until: null,
      evidenceUrl: r.evidence_url || null,
      note: [r.note, ...notes].filter(Boolean).join('; '),
      demo: false,
      source: SITES_FILE,
    });
  }
  if (values.length) await scope.database.db.insert(assistanceTable).values(values).onConflictDoNothing();
  report.rows = values.length;
  return report;
}

// ---- demo: the programme at its published scale -------------------------------------------

/**
 * Sizes of the demo data set. The defaults are the published figures of military aid to May
 * 2020 (国防部): 4,100 villages, 293,000 households, 924,000 people, 8,351
 * projects, 156 八一爱民学校, 1,458 village clinics, 113 county hospitals. Infrastructure and
 * industry records are not published: a modest number is generated so every kind shows.
 */
export interface DemoSizes {
  /** Poverty counties whose villages are drawn from (one registry call for all of them). */
  counties: number;
  pairedVillages: number;
  households: number;
  people: number;
  projects: number;
  schools: number;
  clinics: number;
  hospitals: number;
  infrastructure: number;
  industry: number;
}

export const PUBLISHED_SIZES: DemoSizes = {
  counties: 420,
  pairedVillages: 4100,
  households: 293_000,
  people: 924_000,
  projects: 8351,
  schools: 156,
  clinics: 1458,
  hospitals: 113,
  infrastructure: 240,
  industry: 120,
};

/**
 * Sizes for a scale. The programme's published figures are already national, so both scales
 * use them today; a larger benchmark scale would multiply them here.
 */
export function sizesFor(scale: SeedScope['scale'], factor = 1): DemoSizes {
  const n = scale === 'national' ? factor : 1;
  return Object.fromEntries(Object.entries(PUBLISHED_SIZES).map(([k, v]) => [k, Math.round(v * n)])) as unknown as DemoSizes;
}

/** The places the generator draws from, as the registry's seeding API returns them. */
export interface DemoWorld {
  provinces: RegionRow[];
  prefectures: RegionRow[];
  povertyCounties: RegionRow[];
  /** Villages and townships of the chosen counties only. */
  villages: RegionRow[];
  townships: RegionRow[];
}

type Row = unknown[];

/**
 * Rows of the smaller tables are typed objects, written with multi-row inserts; projects (the
 * bulk) go through COPY as column-ordered arrays.
 */
export interface DemoData {
  organizations: OrganizationInput[];
  assistance: (typeof assistanceTable.$inferInsert)[];
  /** PROJECT_COLUMNS order. */
  projects: Row[];
  memberships: (typeof leadingGroupMembershipsTable.$inferInsert)[];
  profiles: (typeof unitProfilesTable.$inferInsert)[];
}

export const PROJECT_COLUMNS = [
  'id',
  'assistance_id',
  'year',
  'name',
  'funds',
  'households_reached',
  'people_reached',
  'personnel_sent',
  'officers',
  'soldiers',
  'demo',
  'source',
];

/** Choose which poverty counties the demo draws villages from (before fetching their villages). */
export function chooseCounties(rng: Rng, povertyCounties: RegionRow[], sizes: DemoSizes): RegionRow[] {
  return rng.sample(povertyCounties, sizes.counties).sort((a, b) => a.code.localeCompare(b.code));
}

/** `秦皇岛市` → `秦皇岛`, `凉山彝族自治州` → `凉山`, `广西壮族自治区` → `广西`. */
export function shortPlaceName(name: string): string {
  const autonomous = /^(.+?)(?:[\u4e00-\u9fa5]{1,3}族)+自治(?:州|区)$/.exec(name);
  if (autonomous) return autonomous[1];
  return name.replace(/(自治区|自治州|特别行政区|地区|省|市)$/, '');
}

const PLACEHOLDER_PREFECTURES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

const PROJECT_NAMES: Record<AssistanceKind, string[]> = {
  VILLAGE_PAIRING: ['产业帮扶项目', '村道硬化', '安全饮水工程', '危房改造', '村集体经济项目', '技能培训', '消费帮扶'],
  SCHOOL: ['八一爱民学校建设', '教学楼维修', '助学金', '图书室捐建'],
  VILLAGE_CLINIC: ['村卫生室建设', '医疗设备捐赠', '义诊巡诊'],
  COUNTY_HOSPITAL: ['专科共建', '医务人员培训', '远程会诊平台'],
  INFRASTRUCTURE: ['军民同心路', '小型水利工程', '光伏电站'],
  INDUSTRY: ['特色种植基地', '养殖合作社', '扶贫车间'],
};

type DemoUnitKind = 'PROVINCIAL_MILITARY_DISTRICT' | 'ARMED_POLICE_UNIT' | 'MILITARY_SUBDISTRICT' | 'PEOPLES_ARMED_FORCES_DEPARTMENT';

const DEMO_UNIT_WORDS: Record<DemoUnitKind, string> = {
  PROVINCIAL_MILITARY_DISTRICT: '省军区',
  ARMED_POLICE_UNIT: '武警总队',
  MILITARY_SUBDISTRICT: '军分区',
  PEOPLES_ARMED_FORCES_DEPARTMENT: '人民武装部',
};

/**
 * A generated unit's name: the demo mark, a number and the unit's kind, then the place it is
 * responsible for in brackets (`演示·第12人民武装部（永寿县）`). A real unit is named after its
 * place (`永寿县人民武装部`), so a generated name never is a real unit's.
 */
export const demoUnitName = (kind: DemoUnitKind, n: number, place: string) => demoName(`第${n}${DEMO_UNIT_WORDS[kind]}（${place}）`);

/** Split `total` into integer parts proportional to `weights` (largest remainder): the parts sum to `total` exactly. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!sum) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    parts[i]++;
  }
  return parts;
}

const fen = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;

/**
 * Generate the demo data set from `world` with `rng` only: units (a 省军区 and an armed-police
 * 总队 per province with poverty counties, a 军分区 per prefecture, a 人武部 per poverty county,
 * each with the region it is responsible for and its parent), their leading-group seats and
 * internals, the help and its projects. Every row and organisation is marked demo, and every
 * unit's name is generated (`demoUnitName`), never a real unit's. An empty world (no poverty
 * counties) gives empty lists.
 */
export function generateDemo(rng: Rng, world: DemoWorld, sizes: DemoSizes): DemoData {
  const organizations: OrganizationInput[] = [];
  const memberships: DemoData['memberships'] = [];
  const profiles: DemoData['profiles'] = [];
  const provinceOf = new Map(world.provinces.map((p) => [p.code, p]));
  const prefectureOf = new Map(world.prefectures.map((p) => [p.code, p]));
  const pmd = new Map<string, string>();
  const police = new Map<string, string>();
  const msd = new Map<string, string>();
  const pafd = new Map<string, string>();
  const numbers = new Map<string, number>();
  const addUnit = (kind: DemoUnitKind, place: string, region: string, parentId: string | null, seat: boolean) => {
    const n = (numbers.get(kind) ?? 0) + 1;
    numbers.set(kind, n);
    const name = demoUnitName(kind, n, place);
    const id = militaryUnitId(name);
    organizations.push({ id, name, kind, homeRegionCode: region, parentId, demo: true, source: 'demo' });
    if (seat)
      memberships.push({
        id: `mil-lg-demo-${memberships.length + 1}`,
        unitId: id,
        regionCode: region,
        since: '2016-01-01',
        until: null,
        demo: true,
        source: 'demo',
      });
    profiles.push({
      unitId: id,
      designation: `演示番号-${String(profiles.length + 1).padStart(4, '0')}`,
      internalNote: 'demo internal note (generated)',
      demo: true,
      source: 'demo',
    });
    return id;
  };

  const counties = world.povertyCounties;
  for (const code of [...new Set(counties.map((c) => c.code.slice(0, 2)))].sort()) {
    const province = provinceOf.get(code);
    if (!province) continue;
    const short = shortPlaceName(province.name);
    pmd.set(code, addUnit('PROVINCIAL_MILITARY_DISTRICT', short, code, null, true));
    police.set(code, addUnit('ARMED_POLICE_UNIT', short, code, null, false));
  }
  for (const code of [...new Set(counties.map((c) => c.code.slice(0, 4)))].sort()) {
    const prefecture = prefectureOf.get(code);
    if (!prefecture || PLACEHOLDER_PREFECTURES.has(prefecture.name) || !pmd.has(code.slice(0, 2))) continue;
    msd.set(code, addUnit('MILITARY_SUBDISTRICT', shortPlaceName(prefecture.name), code, pmd.get(code.slice(0, 2))!, true));
  }
  const countyName = new Map(counties.map((c) => [c.code, c.name]));
  for (const c of counties) {
    const parent = msd.get(c.code.slice(0, 4)) ?? pmd.get(c.code.slice(0, 2));
    if (!parent) continue;
    pafd.set(c.code, addUnit('PEOPLES_ARMED_FORCES_DEPARTMENT', c.name, c.code, parent, true));
  }

  // The help. Territorial units help inside their own region ("close to the spot").
  interface DemoRecord {
    index: number;
    id: string;
    kind: AssistanceKind;
    sinceYear: number;
    untilYear: number | null;
  }
  const records: DemoRecord[] = [];
  const assistance: DemoData['assistance'] = [];
  const addRecord = (helperId: string | undefined, code: string, kind: AssistanceKind, siteName: string | null) => {
    if (!helperId) return;
    const sinceYear = rng.int(2016, 2018);
    const since = `${sinceYear}-${String(rng.int(1, 12)).padStart(2, '0')}-01`;
    const ends = rng.chance(0.6);
    const id = `mil-a-demo-${records.length + 1}`;
    records.push({ index: records.length, id, kind, sinceYear, untilYear: ends ? 2020 : null });
    assistance.push({
      id,
      helperId,
      helpedCode: code,
      kind,
      siteName,
      since,
      until: ends ? '2020-12-31' : null,
      internalNote: 'demo internal note (generated)',
      demo: true,
      source: 'demo',
    });
  };
  const localUnit = (code: string) =>
    rng.chance(0.4) ? (msd.get(code.slice(0, 4)) ?? pafd.get(code.slice(0, 6))) : (pafd.get(code.slice(0, 6)) ?? msd.get(code.slice(0, 4)));
  const townshipName = new Map(world.townships.map((t) => [t.code, t.name]));

  const paired = rng.sample(world.villages, sizes.pairedVillages).sort((a, b) => a.code.localeCompare(b.code));
  for (const v of paired) addRecord(localUnit(v.code), v.code, 'VILLAGE_PAIRING', villageShortName(v.name));
  const pairingCount = records.length;
  for (const v of rng.sample(paired, sizes.clinics)) addRecord(localUnit(v.code), v.code, 'VILLAGE_CLINIC', `${villageShortName(v.name)}卫生室`);
  for (const t of rng.sample(world.townships, sizes.schools)) {
    addRecord(rng.chance(0.5) ? pmd.get(t.code.slice(0, 2)) : police.get(t.code.slice(0, 2)), t.code, 'SCHOOL', `${t.name}八一爱民学校`);
  }
  for (const c of rng.sample(counties, sizes.hospitals)) addRecord(pmd.get(c.code.slice(0, 2)), c.code, 'COUNTY_HOSPITAL', `${c.name}人民医院`);
  for (const t of rng.sample(world.townships, sizes.infrastructure)) addRecord(localUnit(t.code), t.code, 'INFRASTRUCTURE', townshipName.get(t.code) ?? null);
  for (const c of rng.sample(counties, sizes.industry)) addRecord(police.get(c.code.slice(0, 2)), c.code, 'INDUSTRY', countyName.get(c.code) ?? null);

  // Projects: at least one per record, the rest spread at random; households and people
  // reached go to the village pairings' projects, apportioned to the published totals exactly.
  const perRecord = records.map(() => 1);
  for (let n = records.length; n < sizes.projects && records.length; n++) perRecord[rng.int(0, records.length - 1)]++;
  const projectRows: { record: DemoRecord; year: number; name: string }[] = [];
  records.forEach((record, i) => {
    const last = Math.min(record.untilYear ?? 2020, 2020);
    for (let k = 0; k < perRecord[i]; k++) {
      projectRows.push({ record, year: rng.int(record.sinceYear, Math.max(record.sinceYear, last)), name: rng.pick(PROJECT_NAMES[record.kind]) });
    }
  });
  const reaching = projectRows.map((p, i) => (p.record.index < pairingCount ? i : -1)).filter((i) => i >= 0);
  const weights = reaching.map(() => rng.int(1, 100));
  const households = new Array<number>(projectRows.length).fill(0);
  const people = new Array<number>(projectRows.length).fill(0);
  apportion(sizes.households, weights).forEach((n, k) => (households[reaching[k]] = n));
  apportion(sizes.people, weights).forEach((n, k) => (people[reaching[k]] = n));
  const projects: Row[] = projectRows.map((p, i) => {
    const officers = rng.int(0, 8);
    const soldiers = rng.int(0, 40);
    return [
      `mil-p-demo-${i + 1}`,
      p.record.id,
      p.year,
      p.name,
      fen(rng.int(2_000_000, 80_000_000)),
      households[i],
      people[i],
      officers + soldiers + rng.int(0, 3),
      officers,
      soldiers,
      true,
      'demo',
    ];
  });
  return { organizations, assistance, projects, memberships, profiles };
}

async function loadDemo(scope: SeedScope): Promise<DemoData> {
  const sizes = sizesFor(scope.scale);
  const povertyCounties = await scope.registry.povertyCounties();
  const chosen = chooseCounties(scope.rng, povertyCounties, sizes).map((c) => c.code);
  // One call per level for all chosen counties (never a call per county); none without counties
  // (an empty `within` would ask for every village).
  const [provinces, prefectures, villages, townships] = chosen.length
    ? await Promise.all([
        scope.registry.regions('PROVINCE'),
        scope.registry.regions('PREFECTURE'),
        scope.registry.regions('VILLAGE', chosen),
        scope.registry.regions('TOWNSHIP', chosen),
      ])
    : [[], [], [], []];
  const data = generateDemo(scope.rng, { provinces, prefectures, povertyCounties, villages, townships }, sizes);
  if (data.organizations.length) await scope.registry.upsertOrganizations(data.organizations);
  const db = scope.database.db;
  // ≤ 4,000 rows a statement keeps the bind parameters under PostgreSQL's 65,535.
  for (let i = 0; i < data.assistance.length; i += 4000) await db.insert(assistanceTable).values(data.assistance.slice(i, i + 4000));
  for (let i = 0; i < data.memberships.length; i += 4000) await db.insert(leadingGroupMembershipsTable).values(data.memberships.slice(i, i + 4000));
  if (data.projects.length) await scope.database.copyRows('military.projects', PROJECT_COLUMNS, data.projects);
  // A unit may already have internals (registered before the demo ran): leave them.
  if (data.profiles.length) await db.insert(unitProfilesTable).values(data.profiles).onConflictDoNothing();
  return data;
}

export const seed: SeedHooks = {
  steps: [
    {
      name: 'published aid sites',
      loadedBefore: (db) => hasRows(db, assistanceTable, sql`not ${assistanceTable.demo}`),
      async run(scope) {
        const r = await importReferenceSites(scope);
        scope.log(
          `military: ${r.rows} published aid sites (${r.villagesResolved} resolved to villages${r.atCountyLevel.length ? `; on their county: ${r.atCountyLevel.join(', ')}` : ''})`,
        );
        return r.rows;
      },
    },
    {
      name: 'demo',
      demo: true,
      loadedBefore: (db) => hasRows(db, assistanceTable, sql`${assistanceTable.demo}`),
      async run(scope) {
        const t = performance.now();
        const d = await loadDemo(scope);
        scope.log(
          `military: demo ${d.organizations.length} units, ${d.assistance.length} records, ${d.projects.length} projects, ${d.memberships.length} leading-group seats in ${Math.round(performance.now() - t)} ms`,
        );
        return d.assistance.length + d.memberships.length + d.projects.length + d.profiles.length;
      },
    },
  ],
};
