import { createHash } from 'node:crypto';

/**
 * Stable organisation ids, so every importer and every channel names the same organisation
 * the same way: an organisation appears once, whatever channels it acts in.
 * A Chinese legal entity's id is its unified social credit code where known; otherwise:
 */

/** The people's government of a place: `gov-52` is 贵州省人民政府, `gov-3302` 宁波市人民政府. */
export const governmentId = (regionCode: string) => `gov-${regionCode}`;

/** Any other organisation known by its full Chinese name: a short hash of the name. */
export const nameId = (prefix: string, name: string) => `${prefix}-${createHash('sha1').update(name.trim()).digest('hex').slice(0, 10)}`;

/** The democratic parties and ACFIC: central committee, and a provincial committee. */
export const PARTY_SLUGS: Record<string, string> = {
  民革: 'minge',
  民盟: 'minmeng',
  民建: 'minjian',
  民进: 'minjin',
  农工党: 'nonggong',
  致公党: 'zhigong',
  九三学社: 'jiusan',
  台盟: 'taimeng',
  全国工商联: 'acfic',
};
export const partyCentralId = (slug: string) => `party-${slug}`;
export const partyProvincialId = (slug: string, provinceCode: string) => `party-${slug}-${provinceCode}`;

/** A central unit as named in the designated-assistance sample (`unit_name` column). */
export const centralUnitId = (unitName: string) => nameId('cu', unitName);

/** A military unit as named in the aid-site list (`org_name` column). */
export const militaryUnitId = (unitName: string) => nameId('mil', unitName);
