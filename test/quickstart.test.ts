import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../lib/db.js';
import { ledgerEntries } from '../lib/seed-ledger.js';
import { subgraphs } from '../subgraphs/index.js';
import { npmStart } from './harness.js';

/**
 * README's quick start, as a user runs it: `npm start` on an empty database listens at once,
 * answers "loading" while it loads the reference and demo data, then serves the graph; a
 * second start finds every step in the seed ledgers and loads nothing. On the PostgreSQL run
 * the hub gets a throwaway database through DATABASE_URL.
 */
// As on a fresh clone: the data folder's parent (`.data`) does not exist yet.
const scratch = mkdtempSync(join(tmpdir(), 'bangfu-quickstart-'));
const dataDir = join(scratch, '.data', 'pglite');
let databaseUrl: string | undefined;
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return;
  const name = `bangfu_quickstart_${process.pid}_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  dropDatabase = async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  };
});

afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await dropDatabase?.();
});

type Started = ReturnType<typeof npmStart> & { port: number };

/** `npm start` on the quick start's database, resolved once it listens (it answers "loading" until it is ready). */
async function start(port: number): Promise<Started> {
  const hub = npmStart({ PORT: String(port), BANGFU_DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
  await hub.waitFor(/^bangfu: listening/);
  return { ...hub, port };
}

const stop = (started: Started) => started.kill('SIGTERM');

async function post(port: number, q: string) {
  return fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: q }),
  });
}

async function query(port: number, q: string) {
  return (await (await post(port, q)).json()) as { data?: Record<string, any>; errors?: unknown[] };
}

async function health(port: number) {
  const response = await fetch(`http://127.0.0.1:${port}/health`);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** The seed ledgers of the hub's database, read once the hub has stopped (PGlite has one user at a time). */
async function recordedSteps(): Promise<{ step: string; rows: number | null; finishedAt: string }[]> {
  const database = await openDatabase(databaseUrl ? { url: databaseUrl, max: 1 } : { dataDir });
  try {
    const out = [];
    for (const s of subgraphs) for (const e of await ledgerEntries(database.db, s.name)) out.push({ ...e, step: `${s.name} ${e.step}` });
    return out;
  } finally {
    await database.close();
  }
}

describe('npm start (the quick start)', () => {
  it('listens at once and answers "loading" while it loads, then serves the graph; the second start loads nothing', async () => {
    const first = await start(47_000 + (process.pid % 1000));
    try {
      // While the divisions load: /health and /graphql say so, in words, with the step and its progress.
      let loading = await health(first.port);
      while (loading.status === 503 && loading.body.loading?.step !== 'divisions') {
        await new Promise((resolve) => setTimeout(resolve, 200));
        loading = await health(first.port);
      }
      expect(loading.status).toBe(503);
      expect(loading.body).toMatchObject({ status: 'loading', loading: { subgraph: 'registry', step: 'divisions', index: 1 } });
      const refused = await post(first.port, '{ region(code: "610426") { name } }');
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const { errors } = (await refused.json()) as { errors: { message: string; extensions: Record<string, any> }[] };
      expect(errors[0].message).toMatch(
        /^bangfu is loading its data \(registry: divisions, step 1 of \d+, [^)]+\); the first start takes about [a-z]+ minutes\. Try again shortly\.$/,
      );
      expect(errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', loading: { subgraph: 'registry', step: 'divisions' } });

      await first.waitFor(/^bangfu: ready/);
      const text = first.log.join('\n');
      expect(text).toMatch(/^seed: registry divisions: 665,276 rows in [\d,]+ ms$/m);
      expect(text).toMatch(/^seed: registry divisions: [\d,]+ of 665,276 rows/m);
      expect(text).toMatch(/^bangfu: loaded \d+ seed steps/m);
      const ready = await health(first.port);
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ok');
      const { data, errors: none } = await query(
        first.port,
        `{ region(code: "610426") { name poverty { exitYear } }
        regions(filter: { poorVillage: true }, first: 0) { totalCount } }`,
      );
      expect(none).toBeUndefined();
      expect(data!.region).toEqual({ name: '永寿县', poverty: { exitYear: 2018 } });
      expect(data!.regions.totalCount).toBeGreaterThan(100_000);
    } finally {
      await stop(first);
    }
    const recorded = await recordedSteps();
    expect(recorded.find((e) => e.step === 'registry divisions')?.rows).toBe(665_276);
    expect(recorded.length).toBe(subgraphs.reduce((n, s) => n + (s.seed?.steps.length ?? 0), 0));

    const second = await start(first.port);
    try {
      await second.waitFor(/^bangfu: ready/);
      const text = second.log.join('\n');
      expect(text).toContain(`data found (${recorded.length} seed steps recorded): nothing loaded`);
      expect(text).not.toMatch(/^seed: /m);
      const { data } = await query(second.port, `{ region(code: "6104") { name } }`);
      expect(data!.region.name).toBe('咸阳市');
    } finally {
      await stop(second);
    }
    expect(await recordedSteps()).toEqual(recorded);
  }, 600_000);
});
