import { sql } from 'drizzle-orm';
import { demoName } from '../../lib/demo.js';
import { nameId } from '../../lib/org-ids.js';
import type { Rng } from '../../lib/rng.js';
import { hasRows, type OrganizationInput, type SeedScope, type SeedStep } from '../../lib/seed.js';
import { leadingGroupsTable, type GroupLevel, type SeatRole } from './tables.js';

/**
 * The demo of leading groups and offices around 永寿县 (610426): the groups of 陕西省 (61),
 * 咸阳市 (6104) and 永寿县 with their offices (county office → prefecture office → province
 * office) and member organisations. No organisation of these governments is in the registry's
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
}

/** The rows of the governance demo, from the places' names and `rng` alone. */
export function buildGovernance(rng: Rng, names: ReadonlyMap<string, string>): GovernanceRows {
  const out: GovernanceRows = { organizations: [], groups: [], seats: [] };
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
  return out;
}

/** Load the governance demo (COPY per table); returns the rows written to this subgraph's tables. */
export async function generateGovernanceDemo(scope: SeedScope): Promise<number> {
  const codes = GOVERNANCE_PLACES.map((p) => p.code);
  const places = (await Promise.all((['PROVINCE', 'PREFECTURE', 'COUNTY'] as const).map((level) => scope.registry.regions(level, codes)))).flat();
  const names = new Map(places.filter((p) => codes.includes(p.code)).map((p) => [p.code, p.name]));
  const out = buildGovernance(scope.rng.fork('governance'), names);
  if (!out.groups.length) return 0;
  await scope.registry.upsertOrganizations(out.organizations);
  const d = scope.database;
  await d.copyRows('local.leading_groups', ['id', 'region_code', 'level', 'office_id', 'since', 'until', 'demo', 'source'], out.groups);
  await d.copyRows('local.leading_group_seats', ['id', 'group_id', 'organization_id', 'role', 'since', 'until', 'demo', 'source'], out.seats);
  scope.log(`local: governance demo ${out.groups.length} leading groups, ${out.seats.length} seats`);
  return out.groups.length + out.seats.length;
}

/** The seed step of the governance demo. */
export const governanceDemoStep: SeedStep = {
  name: 'governance-demo',
  demo: true,
  loadedBefore: (db) => hasRows(db, leadingGroupsTable, sql`${leadingGroupsTable.demo}`),
  run: generateGovernanceDemo,
};
