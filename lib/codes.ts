/**
 * Division codes: normalisation, levels, zones and the prefix helpers every channel
 * reuses for `includeDescendants` and `includeAncestors`.
 *
 * The canonical form is the NBS statistical code at its natural length: province 2 digits,
 * prefecture 4, county 6, township 9, village 12. Canonical codes nest by prefix, so a
 * subtree is a prefix and the places containing a code are its shorter prefixes.
 */

export type RegionLevel = 'PROVINCE' | 'PREFECTURE' | 'COUNTY' | 'TOWNSHIP' | 'VILLAGE';
export type Zone = 'EAST' | 'CENTRAL' | 'WEST';

export const LEVEL_LENGTH: Record<RegionLevel, number> = {
  PROVINCE: 2,
  PREFECTURE: 4,
  COUNTY: 6,
  TOWNSHIP: 9,
  VILLAGE: 12,
};

export const LEVELS: RegionLevel[] = ['PROVINCE', 'PREFECTURE', 'COUNTY', 'TOWNSHIP', 'VILLAGE'];

const LEVEL_BY_LENGTH = new Map<number, RegionLevel>(LEVELS.map((level) => [LEVEL_LENGTH[level], level]));

/** NBS economic zones by province code. */
const ZONE_BY_PROVINCE: Record<string, Zone> = {
  '11': 'EAST',
  '12': 'EAST',
  '13': 'EAST',
  '21': 'EAST',
  '31': 'EAST',
  '32': 'EAST',
  '33': 'EAST',
  '35': 'EAST',
  '37': 'EAST',
  '44': 'EAST',
  '46': 'EAST',
  '14': 'CENTRAL',
  '22': 'CENTRAL',
  '23': 'CENTRAL',
  '34': 'CENTRAL',
  '36': 'CENTRAL',
  '41': 'CENTRAL',
  '42': 'CENTRAL',
  '43': 'CENTRAL',
  '15': 'WEST',
  '45': 'WEST',
  '50': 'WEST',
  '51': 'WEST',
  '52': 'WEST',
  '53': 'WEST',
  '54': 'WEST',
  '61': 'WEST',
  '62': 'WEST',
  '63': 'WEST',
  '64': 'WEST',
  '65': 'WEST',
};

/**
 * Central-province prefectures treated as western in east-west cooperation
 * (the 2016 list pairs them with eastern cities): 恩施州, 湘西州, 延边州.
 */
export const WESTERN_EXCEPTIONS: readonly string[] = ['4228', '4331', '2224'];

/**
 * Normalise any accepted form of a division code to its canonical form, or return null
 * when the text is not a well-formed code. Accepted: 2, 4, 6, 9 or 12 digits; six-digit
 * GB/T 2260 forms (`610000` province, `610400` prefecture); twelve-digit forms padded with
 * zeros (`610426000000` county); surrounding white space and full-width digits.
 * Well-formed is not the same as existing: callers check existence against the registry.
 */
export function normalizeCode(input: string | null | undefined): string | null {
  if (input == null) return null;
  const text = String(input)
    .trim()
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (!/^\d+$/.test(text)) return null;
  let code = text;
  switch (code.length) {
    case 2:
    case 4:
      break;
    case 6:
      if (code.endsWith('0000')) code = code.slice(0, 2);
      else if (code.endsWith('00')) code = code.slice(0, 4);
      break;
    case 9:
      if (code.endsWith('000')) code = trimPadded(code.slice(0, 6));
      break;
    case 12:
      if (code.endsWith('000')) {
        code = code.slice(0, 9);
        if (code.endsWith('000')) code = trimPadded(code.slice(0, 6));
      }
      break;
    default:
      return null;
  }
  if (code.startsWith('00') || code.length < 2) return null;
  return code;
}

function trimPadded(six: string): string {
  if (six.endsWith('0000')) return six.slice(0, 2);
  if (six.endsWith('00')) return six.slice(0, 4);
  return six;
}

/** The level of a canonical code (by its length). */
export function levelOf(code: string): RegionLevel {
  const level = LEVEL_BY_LENGTH.get(code.length);
  if (!level) throw new Error(`not a canonical division code: ${code}`);
  return level;
}

/** The canonical code of the parent, or null for a province. */
export function parentCodeOf(code: string): string | null {
  const i = LEVELS.indexOf(levelOf(code));
  return i === 0 ? null : code.slice(0, LEVEL_LENGTH[LEVELS[i - 1]]);
}

/** Codes of the places containing `code`, province first, not including `code` itself. */
export function ancestorCodesOf(code: string): string[] {
  const out: string[] = [];
  for (const level of LEVELS) {
    const n = LEVEL_LENGTH[level];
    if (n >= code.length) break;
    out.push(code.slice(0, n));
  }
  return out;
}

export function provinceCodeOf(code: string): string {
  return code.slice(0, 2);
}

export function zoneOf(code: string): Zone | null {
  return ZONE_BY_PROVINCE[provinceCodeOf(code)] ?? null;
}

/** Western for east-west cooperation: a western province, or a listed central exception. */
export function isWestern(code: string): boolean {
  return zoneOf(code) === 'WEST' || WESTERN_EXCEPTIONS.some((p) => code.startsWith(p));
}

/** County-level functional zones (development zones): fifth digit 7. */
export function isFunctionalZone(code: string): boolean {
  return code.length === 6 && code[4] === '7';
}

/** Is `code` equal to or inside `scope`? (prefix containment on canonical codes) */
export function within(code: string, scope: string): boolean {
  return code.startsWith(scope);
}

/**
 * The shape of a region-scoped channel lookup, shared by every channel field on `Region`:
 * `exact` codes to match (the place, plus with `includeAncestors` every place containing it),
 * and `prefix` to match the whole subtree with `includeDescendants`.
 */
export interface RegionScope {
  code: string;
  exact: string[];
  prefix: string | null;
}

export function regionScope(code: string, opts: { includeDescendants?: boolean | null; includeAncestors?: boolean | null }): RegionScope {
  const exact = opts.includeAncestors ? [...ancestorCodesOf(code), code] : [code];
  return { code, exact, prefix: opts.includeDescendants ? code : null };
}

/** Does a record landing on `helpedCode` belong to `scope`? */
export function inScope(scope: RegionScope, helpedCode: string): boolean {
  return scope.exact.includes(helpedCode) || (scope.prefix !== null && helpedCode.startsWith(scope.prefix));
}
