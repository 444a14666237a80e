import { isWestern, levelOf, LEVELS, WESTERN_EXCEPTIONS, zoneOf, type RegionLevel } from '../../lib/codes.js';
import { currentYear } from '../../lib/calendar.js';

/**
 * The rules of an east-west pairing that the published documents imply, as pure
 * functions of codes and years: the API's validation and the seeders use the same ones, so
 * the reference list and the demo data are held to exactly what a write is held to.
 */

export type PairingLevel = 'PROVINCE' | 'PREFECTURE' | 'COUNTY';
export type HelpedRule = 'WESTERN' | 'CENTRAL_EXCEPTION' | 'JINGJINJI_EXCEPTION';

export const PAIRING_LEVELS: readonly PairingLevel[] = ['PROVINCE', 'PREFECTURE', 'COUNTY'];

/** The rounds of east-west pairing: 1996, 2010, 2016–2020, 2021–. */
export const ROUNDS = [1996, 2010, 2016, 2021] as const;

/**
 * Eastern places the 2016 guiding opinion pairs anyway: 京津冀协同 poverty cooperation,
 * rows 2, 3 and 5 of reference/east-west-pairings-2016-compiled.csv (北京 → 张家口, 保定;
 * 天津 → 承德). 河北 is eastern, so `isWestern` says no; rather than drop real pairs or
 * accept any eastern place, the exception holds only for the listed helper's side: a
 * government whose home is inside `helperWithin`. A test checks that every reference row
 * passes these rules and that these three rows need this list.
 */
export const JINGJINJI_EXCEPTIONS: readonly { helped: string; helperWithin: string }[] = [
  { helped: '1307', helperWithin: '11' },
  { helped: '1306', helperWithin: '11' },
  { helped: '1308', helperWithin: '12' },
];

/** Why `helpedCode` may be helped by a government at home in `helperCode`, or null if it may not. */
export function helpedRuleFor(helperCode: string, helpedCode: string): HelpedRule | null {
  if (zoneOf(helpedCode) === 'WEST') return 'WESTERN';
  if (isWestern(helpedCode) && WESTERN_EXCEPTIONS.some((p) => helpedCode.startsWith(p))) return 'CENTRAL_EXCEPTION';
  if (JINGJINJI_EXCEPTIONS.some((e) => helpedCode.startsWith(e.helped) && helperCode.startsWith(e.helperWithin))) {
    return 'JINGJINJI_EXCEPTION';
  }
  return null;
}

/** Province 0, prefecture 1, county 2, township 3, village 4. */
export const levelRank = (level: RegionLevel) => LEVELS.indexOf(level);

/** The level of a canonical code, if it is one a pairing may have on either side. */
export function pairingLevelOf(code: string): PairingLevel | null {
  const level = levelOf(code);
  return (PAIRING_LEVELS as readonly string[]).includes(level) ? (level as PairingLevel) : null;
}

/** A province helps provinces, prefectures and counties; a city prefectures and counties; a county counties. */
export function levelAllowed(helper: PairingLevel, helped: PairingLevel): boolean {
  return levelRank(helped) >= levelRank(helper);
}

/** The round a pairing starting in `year` belongs to: the latest round not after it. */
export function roundOfYear(year: number): number | null {
  let found: number | null = null;
  for (const r of ROUNDS) if (r <= year) found = r;
  return found;
}

/** Does a pairing of `round` plausibly start on a day of `sinceYear`? (not before its round, not in the next) */
export function roundFits(round: number, sinceYear: number): boolean {
  const i = ROUNDS.indexOf(round as (typeof ROUNDS)[number]);
  if (i < 0) return false;
  const next = ROUNDS[i + 1];
  return sinceYear >= round && (next === undefined || sinceYear < next);
}

/** A pairing may be planned to end up to ten years ahead (a round lasts five). */
export const lastUntilYear = (now = new Date()) => currentYear(now) + 10;

/** Default arrangement text of a pairing. */
export function defaultArrangement(round: number, helpedLevel: PairingLevel, helperLevel: PairingLevel): string {
  if (helpedLevel === 'COUNTY' && helperLevel === 'COUNTY') return '携手奔小康';
  return round >= 2021 ? `东西部协作-${round}` : `东西部扶贫协作-${round}`;
}

/** Stable pairing id: helper, helped place and first day (a duplicate may not share all three). */
export const pairingId = (helperId: string, helpedCode: string, since: string) => `ewp-${helperId}-${helpedCode}-${since}`;
