import { sql } from 'drizzle-orm';
import { demoName } from '../../lib/demo.js';
import { nameId } from '../../lib/org-ids.js';
import type { Rng } from '../../lib/rng.js';
import { hasRows, type OrganizationInput, type SeedScope, type SeedStep } from '../../lib/seed.js';
import { leadingGroupsTable, type GroupLevel, type SeatRole } from './tables.js';

/**
 * The demo of leading groups and offices around 永寿县 (610426): the groups of 陕西省 (61),
 * 咸阳市 (6104) and 永寿县 with their offices (county office → prefecture office → province
 * office) and member organisations; the letters the province and the county signed, their annual
 * assessments and a sending department's, and the county's party secretaries, one of them moved
 * before the county exited (the violation reported). No organisation of these governments is in the registry's
 * reference lists, so every one is a demo organisation named `演示·…`; every row is demo. A step
 * of its own (`governance-demo`), so a database loaded before it gets it at its next start.
 */
export const GOVERNANCE_PLACES: { code: string; level: GroupLevel }[] = [
  { code: '61', level: 'PROVINCE' },
  { code: '6104', level: 'PREFECTURE' },
  { code: '610426', level: 'COUNTY' },
];

/** The member departments of a group, by level: the government heads it, its office and these sit on it. */
const DEPARTMENTS: Record<GroupLevel, string[]> = {
  PROVINCE: ['发展和改革委员会', '财政厅', '教育厅', '民政厅', '农业农村厅', '卫生健康委员会', '交通运输厅'],
  PREFECTURE: ['发展和改革委员会', '财政局', '教育局', '民政局', '农业农村局', '卫生健康委员会'],
  COUNTY: ['发展和改革局', '财政局', '教育局', '民政局', '农业农村局', '卫生健康局', '人力资源和社会保障局'],
};

/** The demo group's id at a place. */
export const demoGroupId = (code: string) => `loc-lg-demo-${code}`;
/** The demo office's organisation id at a place (its name: `演示·<place>扶贫开发办公室`). */
export const demoOfficeName = (placeName: string) => `${placeName}扶贫开发办公室`;

export interface GovernanceRows {
  organizations: OrganizationInput[];
  groups: unknown[][];
  seats: unknown[][];
  letters: unknown[][];
  assessments: unknown[][];
  secretaries: unknown[][];
}

/** The demo county's party secretaries: the first moved in 2015, before the county's exit (2018): the one violation. */
const SECRETARY_TERMS: [string, string | null][] = [
  ['2011-06-01', '2015-05-31'],
  ['2015-06-01', '2019-03-31'],
  ['2019-04-01', null],
];

const GRADES = ['GOOD', 'GOOD', 'FAIR'] as const;

const SURNAMES = '王李张刘陈杨赵周吴孙马朱胡郭何高';
const GIVEN = '伟刚勇毅峰强军平东文辉明永健志兴海山波宁';

/** An invented person's name, marked as generated. */
const personName = (rng: Rng) => demoName(rng.pick([...SURNAMES]) + rng.pick([...GIVEN]) + rng.pick([...GIVEN]));

/** The demo county (永寿县). */
export const GOVERNANCE_COUNTY = '610426';

/** The rows of the governance demo, from the places' names and `rng` alone. */
export function buildGovernance(rng: Rng, names: ReadonlyMap<string, string>): GovernanceRows {
  const out: GovernanceRows = { organizations: [], groups: [], seats: [], letters: [], assessments: [], secretaries: [] };
  const org = (name: string, home: string, kind = 'LOCAL_PARTY_STATE_ORGAN'): OrganizationInput => {
    const o = { id: nameId('loc', name), name: demoName(name), kind, homeRegionCode: home, demo: true, source: 'demo' };
    out.organizations.push(o);
    return o;
  };
  for (const { code, level } of GOVERNANCE_PLACES) {
    const place = names.get(code);
    if (!place) continue;
    const government = org(`${place}人民政府`, code, 'LOCAL_GOVERNMENT');
    const office = org(demoOfficeName(place), code);
    const id = demoGroupId(code);
    const since = '2014-01-01';
    out.groups.push([id, code, level, office.id, since, null, true, 'demo']);
    let n = 0;
    const seat = (orgId: string, role: SeatRole, from: string) => out.seats.push([`loc-lgs-demo-${code}-${++n}`, id, orgId, role, from, null, true, 'demo']);
    seat(government.id, 'HEAD', since);
    seat(office.id, 'DEPUTY', since);
    for (const dept of DEPARTMENTS[level]) {
      // Most departments sit from the start; a few joined with the precision drive of 2015–16.
      seat(org(`${place}${dept}`, code).id, 'MEMBER', rng.chance(0.7) ? since : `${rng.int(2015, 2016)}-0${rng.int(1, 9)}-01`);
    }
  }
  const province = names.get('61');
  const county = names.get(GOVERNANCE_COUNTY);
  if (!province || !county) return out;

  // Letters: the province with the centre, the county with its province.
  out.letters.push([
    'loc-rl-demo-61-2015',
    '61',
    null,
    2015,
    '2015-01-01',
    '2020-12-31',
    demoName(`${province}到2020年现行标准下农村贫困人口全部脱贫、贫困县全部摘帽`),
    true,
    'demo',
  ]);
  out.letters.push([
    'loc-rl-demo-610426-2016',
    GOVERNANCE_COUNTY,
    '61',
    2016,
    '2016-01-01',
    '2018-12-31',
    demoName(`${county}2018年脱贫摘帽，102个贫困村全部退出`),
    true,
    'demo',
  ]);

  // Assessments: the province and the county each year of the drive, and one sending department.
  for (const year of [2016, 2017, 2018, 2019]) {
    out.assessments.push([
      `loc-as-demo-61-${year}`,
      '61',
      null,
      year,
      rng.pick([...GRADES]),
      demoName(`${province}${year}年度扶贫开发工作成效考核意见`),
      true,
      'demo',
    ]);
    if (year <= 2018) {
      out.assessments.push([
        `loc-as-demo-610426-${year}`,
        GOVERNANCE_COUNTY,
        null,
        year,
        rng.pick([...GRADES]),
        demoName(`${county}${year}年度脱贫攻坚考核意见`),
        true,
        'demo',
      ]);
    }
  }
  const helper = org(`${province}驻村第01厅`, '61');
  for (const year of [2017, 2018]) {
    out.assessments.push([
      `loc-as-demo-${helper.id}-${year}`,
      null,
      helper.id,
      year,
      rng.pick([...GRADES]),
      demoName(`${year}年度驻村帮扶考核意见`),
      true,
      'demo',
    ]);
  }

  // The county's party secretaries.
  SECRETARY_TERMS.forEach(([since, until], i) => {
    out.secretaries.push([`loc-cs-demo-${GOVERNANCE_COUNTY}-${i + 1}`, GOVERNANCE_COUNTY, personName(rng), since, until, true, 'demo']);
  });
  return out;
}

/** Load the governance demo (COPY per table); returns the rows written to this subgraph's tables. */
export async function generateGovernanceDemo(scope: SeedScope): Promise<number> {
  // Only around a designated poverty county (without the list, the demo has nothing to stand on).
  if (!(await scope.registry.povertyCounties()).some((r) => r.code === GOVERNANCE_COUNTY)) return 0;
  const codes = GOVERNANCE_PLACES.map((p) => p.code);
  const places = (await Promise.all((['PROVINCE', 'PREFECTURE', 'COUNTY'] as const).map((level) => scope.registry.regions(level, codes)))).flat();
  const names = new Map(places.filter((p) => codes.includes(p.code)).map((p) => [p.code, p.name]));
  const out = buildGovernance(scope.rng.fork('governance'), names);
  if (!out.groups.length) return 0;
  await scope.registry.upsertOrganizations(out.organizations);
  const d = scope.database;
  await d.copyRows('local.leading_groups', ['id', 'region_code', 'level', 'office_id', 'since', 'until', 'demo', 'source'], out.groups);
  await d.copyRows('local.leading_group_seats', ['id', 'group_id', 'organization_id', 'role', 'since', 'until', 'demo', 'source'], out.seats);
  await d.copyRows(
    'local.responsibility_letters',
    ['id', 'signer_code', 'counterparty_code', 'year_signed', 'since', 'until', 'targets', 'demo', 'source'],
    out.letters,
  );
  await d.copyRows('local.assessments', ['id', 'region_code', 'organization_id', 'year', 'grade', 'findings', 'demo', 'source'], out.assessments);
  await d.copyRows('local.county_secretaries', ['id', 'county_code', 'person_name', 'since', 'until', 'demo', 'source'], out.secretaries);
  scope.log(
    `local: governance demo ${out.groups.length} leading groups, ${out.seats.length} seats, ${out.letters.length} letters, ${out.assessments.length} assessments, ${out.secretaries.length} county secretaries`,
  );
  return out.groups.length + out.seats.length + out.letters.length + out.assessments.length + out.secretaries.length;
}

/** The seed step of the governance demo. */
export const governanceDemoStep: SeedStep = {
  name: 'governance-demo',
  demo: true,
  loadedBefore: (db) => hasRows(db, leadingGroupsTable, sql`${leadingGroupsTable.demo}`),
  run: generateGovernanceDemo,
};
