import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { ROOT } from '../lib/env.js';

/**
 * `npm run bench -- --only import`: `npm run import` of enterprise contributions from a
 * generated CSV (validation, registry lookups and audit included) against the floor — a `COPY`
 * of the same rows into the same table — alternating, on the bench's PostgreSQL. Prints the
 * ratio (target ≤ 3), rows per second, and the import process's peak RSS at 10,000 and at the
 * full count (target: flat). Rows are dated in a year no other record uses and deleted after
 * each run, with their audit entries: the national data set stays as it was.
 */

const run = promisify(execFile);
const MARK = '演示·bench import';
const DAY = Date.UTC(2026, 0, 1);

interface Pair {
  helper_id: string;
  helper_kind: string;
  group_id: string;
  group_kind: string;
  helped_code: string;
}

/** The rows: existing helpers and places (so the checks pass), one donation per day each, in 2026. */
function* rowsOf(pairs: Pair[], n: number): Generator<{ pair: Pair; date: string; amount: string }> {
  for (let i = 0; i < n; i++) {
    const pair = pairs[i % pairs.length];
    const date = new Date(DAY + Math.floor(i / pairs.length) * 86_400_000).toISOString().slice(0, 10);
    yield { pair, date, amount: `${100 + (i % 9000)}.00` };
  }
}

function writeCsv(path: string, pairs: Pair[], n: number) {
  const lines = ['helper,place,kind,date,disbursed,people reached,purpose'];
  for (const r of rowsOf(pairs, n)) lines.push(`${r.pair.helper_id},${r.pair.helped_code},PUBLIC_WELFARE_DONATION,${r.date},${r.amount},1,${MARK}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function cleanUp(sql: postgres.Sql) {
  await sql`delete from enterprises.contributions where purpose = ${MARK} and date >= '2026-01-01'`;
  await sql`delete from enterprises.audit_log where action = 'recordEnterpriseContribution' and after->>'purpose' = ${MARK}`;
}

async function importRun(url: string, file: string): Promise<{ ms: number; peak: number; created: number }> {
  // As a user runs it (`npm run import`, with its heap bound).
  const { stdout } = await run('npm', ['run', '--silent', 'import', '--', file, '--kind', 'enterprise-contributions'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    maxBuffer: 64 * 1024 * 1024,
  });
  const m = /(\d+) created, .* \(committed, (\d+) ms, peak RSS (\d+) MiB\)/.exec(stdout);
  if (!m) throw new Error(`the import did not commit: ${stdout.slice(-2000)}`);
  return { created: Number(m[1]), ms: Number(m[2]), peak: Number(m[3]) };
}

async function copyRun(sql: postgres.Sql, pairs: Pair[], n: number): Promise<number> {
  const t0 = performance.now();
  const writable =
    await sql`copy enterprises.contributions (helper_id, helper_kind, group_id, group_kind, helped_code, kind, date, disbursed, people_reached, purpose)
    from stdin with (format csv)`.writable();
  async function* lines() {
    let chunk = '';
    for (const r of rowsOf(pairs, n)) {
      const p = r.pair;
      chunk += `${p.helper_id},${p.helper_kind},${p.group_id},${p.group_kind},${p.helped_code},PUBLIC_WELFARE_DONATION,${r.date},${r.amount},1,${MARK}\n`;
      if (chunk.length > 65536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(lines()), writable);
  return performance.now() - t0;
}

export async function importBench(url: string, opts: { rows: number; runs: number }) {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const dir = mkdtempSync(join(tmpdir(), 'bangfu-bench-import-'));
  try {
    await cleanUp(sql);
    const pairs = await sql<Pair[]>`select distinct on (helper_id) helper_id, helper_kind, group_id, group_kind, helped_code
      from enterprises.contributions where compact_id is null and helper_kind <> 'INDIVIDUAL' order by helper_id limit 2000`;
    if (pairs.length < 100) throw new Error(`${url} holds too few contributions: run npm run gen:national first`);
    const small = join(dir, 'small.csv');
    const full = join(dir, 'full.csv');
    writeCsv(small, pairs, Math.min(10_000, opts.rows));
    writeCsv(full, pairs, opts.rows);
    const first = await importRun(url, small);
    await cleanUp(sql);
    console.log(`import of ${Math.min(10_000, opts.rows)} rows: ${first.ms} ms, peak RSS ${first.peak} MiB`);
    const ratios: number[] = [];
    let peak = 0;
    for (let i = 0; i < opts.runs; i++) {
      const ours = await importRun(url, full);
      if (ours.created !== opts.rows) throw new Error(`created ${ours.created} of ${opts.rows}`);
      await cleanUp(sql);
      const copy = await copyRun(sql, pairs, opts.rows);
      await cleanUp(sql);
      peak = Math.max(peak, ours.peak);
      ratios.push(ours.ms / copy);
      console.log(
        `run ${i + 1}: import ${ours.ms} ms (${Math.round(opts.rows / (ours.ms / 1000))} rows/s, peak RSS ${ours.peak} MiB), COPY ${copy.toFixed(0)} ms (${Math.round(opts.rows / (copy / 1000))} rows/s): ratio ${(ours.ms / copy).toFixed(2)}`,
      );
    }
    ratios.sort((a, b) => a - b);
    console.log(`\nimport / COPY, ${opts.rows} rows: median ratio ${ratios[Math.floor(ratios.length / 2)].toFixed(2)} (target ≤ 3)`);
    console.log(`import peak RSS: ${first.peak} MiB at ${Math.min(10_000, opts.rows)} rows, ${peak} MiB at ${opts.rows} rows (target: flat)`);
  } finally {
    await cleanUp(sql).catch(() => {});
    await sql.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
