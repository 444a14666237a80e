import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeCode } from '../../lib/codes.js';
import { centralUnitId, governmentId, militaryUnitId, PARTY_SLUGS, partyCentralId } from '../../lib/org-ids.js';
import type { OrganizationInput } from '../../lib/seed.js';

/**
 * The organisations the shipped reference lists name (reference/*.csv, compiled from
 * published pages): the eastern governments of the 2016 east-west pairs, the democratic
 * parties' central committees and ACFIC, the central units of the designated-assistance
 * sample, and the military units of the aid-site list. Ids follow lib/org-ids.ts so each
 * channel's importer finds the same organisation.
 */
export function referenceOrganizations(referenceDir: string): OrganizationInput[] {
  const out = new Map<string, OrganizationInput>();
  const add = (o: OrganizationInput) => {
    if (!out.has(o.id)) out.set(o.id, o);
  };

  const eastWest = 'east-west-pairings-2016-compiled.csv';
  for (const r of readCsv(referenceDir, eastWest)) {
    const code = normalizeCode(r.helper_code);
    if (!code) continue;
    const place = r.helper_city || r.helper_province;
    add({
      id: governmentId(code),
      name: `${place}人民政府`,
      kind: 'LOCAL_GOVERNMENT',
      homeRegionCode: code,
      aliases: [place],
      demo: false,
      source: eastWest,
    });
  }

  const parties = 'democratic-parties-supervision-2016-compiled.csv';
  for (const r of readCsv(referenceDir, parties)) {
    const slug = PARTY_SLUGS[r.party_short];
    if (!slug) continue;
    add({
      id: partyCentralId(slug),
      name: `${r.party_name}中央委员会`,
      nameEn: `${r.party_name_en} Central Committee`,
      kind: 'DEMOCRATIC_PARTY',
      homeRegionCode: '11',
      aliases: [r.party_name, `${r.party_short}中央`, r.party_short],
      demo: false,
      source: parties,
    });
  }
  if (out.size) {
    // ACFIC sits beside the eight parties in the democratic-party channel.
    add({
      id: partyCentralId(PARTY_SLUGS.全国工商联),
      name: '中华全国工商业联合会',
      nameEn: 'All-China Federation of Industry and Commerce',
      kind: 'INDUSTRY_AND_COMMERCE_FEDERATION',
      homeRegionCode: '11',
      aliases: ['全国工商联', 'ACFIC'],
      demo: false,
      source: 'subgraphs/registry/reference.ts',
    });
  }

  const designated = 'central-designated-assistance-compiled.csv';
  const rows = readCsv(referenceDir, designated);
  const names = new Set(rows.map((r) => r.unit_name));
  for (const r of rows) {
    const { name, parentName } = splitSubsidiary(r.unit_name, names);
    add({
      id: centralUnitId(r.unit_name),
      name,
      kind: CENTRAL_UNIT_KINDS[r.unit_kind] ?? 'CENTRAL_PARTY_STATE_ORGAN',
      parentId: parentName ? centralUnitId(parentName) : null,
      aliases: name === r.unit_name ? [] : [r.unit_name],
      demo: false,
      source: designated,
    });
  }

  const sites = 'party-military-aid-sites-compiled.csv';
  for (const r of readCsv(referenceDir, sites)) {
    if (r.org_kind !== 'military') continue;
    add({ id: militaryUnitId(r.org_name), name: r.org_name, kind: 'MILITARY_UNIT', demo: false, source: sites });
  }
  return [...out.values()];
}

const CENTRAL_UNIT_KINDS: Record<string, string> = {
  central_soe: 'CENTRAL_SOE',
  ministry: 'CENTRAL_PARTY_STATE_ORGAN',
  university: 'UNIVERSITY',
  financial: 'FINANCIAL_INSTITUTION',
};

/** Subsidiaries listed under a group's name, e.g. `中国石油天然气集团有限公司(塔里木油田)`. */
const KNOWN_PARENTS: Record<string, string> = {
  '中国石化西北油田分公司(西北石油局)': '中国石油化工集团有限公司',
};

function splitSubsidiary(unitName: string, names: Set<string>): { name: string; parentName: string | null } {
  if (KNOWN_PARENTS[unitName]) return { name: unitName.replace(/\(.*\)$/, ''), parentName: KNOWN_PARENTS[unitName] };
  const m = /^(.+)\((.+)\)$/.exec(unitName);
  if (m && names.has(m[1])) return { name: `${m[1]}${m[2]}`, parentName: m[1] };
  return { name: unitName, parentName: null };
}

function readCsv(dir: string, file: string): Record<string, string>[] {
  const path = join(dir, file);
  if (!existsSync(path)) return [];
  return parse(readFileSync(path), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
}
