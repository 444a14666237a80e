import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeCode } from '../../lib/codes.js';
import { PARTY_SLUGS, partyCentralId, partyProvincialId } from '../../lib/org-ids.js';
import type { OrganizationInput } from '../../lib/seed.js';

/** The shipped reference files this channel reads (reference/, compiled from published pages). */
export const SUPERVISION_FILE = 'democratic-parties-supervision-2016-compiled.csv';
export const AID_SITES_FILE = 'party-military-aid-sites-compiled.csv';

/** The supervision term: launched at the United Front Work Department's meeting of 2016-06-21. */
export const SUPERVISION_LAUNCH = '2016-06-21';
/** The end of the planned five-year term: planned, not a documented end date (reference/README.md). */
export const SUPERVISION_PLANNED_END = '2020-12-31';
/** `since` of an own aid county whose start the source does not give (see OwnAidCounty.since). */
export const UNDOCUMENTED_SINCE = '2016-01-01';

export interface SupervisionRow {
  slug: string;
  partyName: string;
  partyShort: string;
  provinceCode: string;
  provinceName: string;
  since: string;
  until: string;
  arrangement: string;
  evidenceUrl: string;
}

export interface OwnAidRow {
  slug: string;
  countyCode: string;
  countyName: string;
  since: string;
  sinceDocumented: boolean;
  evidenceUrl: string;
  note: string;
}

function readCsv(dir: string, file: string): Record<string, string>[] {
  const path = join(dir, file);
  if (!existsSync(path)) return [];
  return parse(readFileSync(path), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
}

/** The eight real assignments of 2016: one party central committee → one province. */
export function supervisionRows(referenceDir: string): SupervisionRow[] {
  return readCsv(referenceDir, SUPERVISION_FILE).flatMap((r) => {
    const slug = PARTY_SLUGS[r.party_short];
    const code = normalizeCode(r.province_code);
    if (!slug || !code) return [];
    return [
      {
        slug,
        partyName: r.party_name,
        partyShort: r.party_short,
        provinceCode: code,
        provinceName: r.supervised_province,
        // The launch day where the list says 2016; a later start year as 1 January.
        since: r.start_year === '2016' ? SUPERVISION_LAUNCH : `${r.start_year}-01-01`,
        until: r.end_year === '2020' ? SUPERVISION_PLANNED_END : `${r.end_year}-12-31`,
        arrangement: r.arrangement,
        evidenceUrl: r.evidence_url,
      },
    ];
  });
}

/**
 * Each party's own aid county: the `democratic_party` rows of the aid-site list. The party is
 * matched by the short name in parentheses (`(民革中央)` → 民革) or, where there is none
 * (九三学社中央委员会), by the full party name the org name starts with.
 */
export function ownAidRows(referenceDir: string, parties: SupervisionRow[]): OwnAidRow[] {
  const seen = new Set<string>();
  return readCsv(referenceDir, AID_SITES_FILE).flatMap((r) => {
    if (r.org_kind !== 'democratic_party') return [];
    const short = /\((.+?)中央\)/.exec(r.org_name)?.[1];
    const slug = (short && PARTY_SLUGS[short]) || parties.find((p) => r.org_name.startsWith(p.partyName))?.slug;
    const code = normalizeCode(r.county_code);
    if (!slug || !code || seen.has(`${slug}|${code}`)) return [];
    seen.add(`${slug}|${code}`);
    const year = /^\d{4}$/.test(r.since_year) ? r.since_year : null;
    return [
      {
        slug,
        countyCode: code,
        countyName: r.county_name,
        since: year ? `${year}-01-01` : UNDOCUMENTED_SINCE,
        sinceDocumented: year !== null,
        evidenceUrl: r.evidence_url,
        note: r.note,
      },
    ];
  });
}

/**
 * Provincial committees this channel names: each party's committee in the province it
 * supervised, which took part in the work there. 台盟 has organisations in only 19
 * provinces and no Gansu committee is asserted here; its published 2018 trip names 台盟陕西省委
 * as the committee following a Gansu monitoring point, so that committee is listed instead.
 */
const PROVINCIAL_COMMITTEES: { slug: string; province: string; name: string; short: string }[] = [
  { slug: 'minge', province: '52', name: '中国国民党革命委员会贵州省委员会', short: '民革贵州省委' },
  { slug: 'minmeng', province: '41', name: '中国民主同盟河南省委员会', short: '民盟河南省委' },
  { slug: 'minjian', province: '45', name: '中国民主建国会广西壮族自治区委员会', short: '民建广西区委' },
  { slug: 'minjin', province: '43', name: '中国民主促进会湖南省委员会', short: '民进湖南省委' },
  { slug: 'nonggong', province: '53', name: '中国农工民主党云南省委员会', short: '农工党云南省委' },
  { slug: 'zhigong', province: '51', name: '中国致公党四川省委员会', short: '致公党四川省委' },
  { slug: 'jiusan', province: '61', name: '九三学社陕西省委员会', short: '九三学社陕西省委' },
  { slug: 'taimeng', province: '61', name: '台湾民主自治同盟陕西省委员会', short: '台盟陕西省委' },
];

export function provincialCommittees(): OrganizationInput[] {
  return PROVINCIAL_COMMITTEES.map((c) => ({
    id: partyProvincialId(c.slug, c.province),
    name: c.name,
    kind: 'DEMOCRATIC_PARTY',
    homeRegionCode: c.province,
    parentId: partyCentralId(c.slug),
    aliases: [c.short],
    demo: false,
    source: 'subgraphs/parties/reference.ts',
  }));
}
