import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * README's quick start, as a user runs it: `npm start` on an empty database loads the
 * reference and demo data and serves the graph; a second start finds the data and loads
 * nothing. On the PostgreSQL run the hub gets a throwaway database through DATABASE_URL.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
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

interface Started {
  child: ChildProcess;
  log: string[];
  port: number;
}

async function start(port: number): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), BANGFU_DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
  if (!databaseUrl) delete env.DATABASE_URL;
  const child = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const log: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log.push(...chunk.toString().split('\n').filter(Boolean));
      if (log.some((l) => l.includes('bangfu: ready'))) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${log.join('\n')}`)));
  });
  return { child, log, port };
}

async function stop(started: Started): Promise<void> {
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  process.kill(-started.child.pid!, 'SIGTERM');
  await exited;
}

async function query(port: number, q: string) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: q }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}

describe('npm start (the quick start)', () => {
  it('loads reference and demo data on an empty database, serves the graph, and loads nothing on the second start', async () => {
    const first = await start(47_000 + (process.pid % 1000));
    try {
      expect(first.log.join('\n')).toMatch(/^bangfu: loaded \d+ seed steps/m);
      const health = await fetch(`http://127.0.0.1:${first.port}/health`);
      expect(health.status).toBe(200);
      const { data, errors } = await query(first.port, `{ region(code: "610426") { name poverty { exitYear } }
        regions(filter: { poorVillage: true }, first: 0) { totalCount } }`);
      expect(errors).toBeUndefined();
      expect(data!.region).toEqual({ name: '永寿县', poverty: { exitYear: 2018 } });
      expect(data!.regions.totalCount).toBeGreaterThan(100_000);
    } finally {
      await stop(first);
    }
    const second = await start(first.port);
    try {
      const text = second.log.join('\n');
      expect(text).toMatch(/data found .*: nothing loaded/);
      expect(text).not.toMatch(/^seed: /m);
      const { data } = await query(second.port, `{ region(code: "6104") { name } }`);
      expect(data!.region.name).toBe('咸阳市');
    } finally {
      await stop(second);
    }
  }, 600_000);
});
