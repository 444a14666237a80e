// `npm run bench`: the headline operations on the national data set (`npm run gen:national`),
// side by side in one table: bangfu's gateway embedded and distributed, the registry subgraph
// called directly, Hive Gateway over the same subgraph processes, and the SQL floor (alone, and
// sampled alternately with our national picture: the ratio of the first target).
//   --duration S   seconds per load point (default 5)
//   --warmup S     seconds of sequential requests before an operation's latency is sampled (default 5)
//   --only T       embedded | distributed (default both)
//   --ops A,B      only these operations (names as in bench/operations.ts)
//   --concurrency  load points (default 1,16,64)
//   --soak S       instead: S seconds of load on the embedded hub, RSS sampled (RSS flat?)
// Database: BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bangfu_national.
// Every server is a child process on 127.0.0.1; every run stops by itself.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, freemem, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { ANONYMOUS, signIdentity } from '../lib/identity.js';
import { ROOT } from '../lib/env.js';
import { subgraphs } from '../subgraphs/index.js';
import { NATIONAL_PICTURE_SQL, OPERATIONS, pictureRowsFromGraph, pictureRowsFromSql, type Operation } from './operations.js';

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '5' },
    only: { type: 'string' },
    ops: { type: 'string' },
    concurrency: { type: 'string', default: '1,16,64' },
    soak: { type: 'string' },
  },
});
const DURATION = Number(flags.duration);
const WARMUP = Number(flags.warmup);
const CONCURRENCY = flags.concurrency!.split(',').map(Number);
/** Operations measured (`--ops "national picture,one subgraph"`; default all). */
const SELECTED = OPERATIONS.filter((o) => !flags.ops || flags.ops.split(',').includes(o.name));
/** The national picture: measured beside the floor, its ratio the first target. */
const NATIONAL = OPERATIONS[0];
const FLOOR = 'SQL floor (postgres.js)';
/** The floor sampled alternately with a gateway's national picture (`latencyBesideFloor`). */
const FLOOR_BESIDE = 'SQL floor, alternating';
/** A connection of the floor's own, for the alternating samples (open from `floor()` to the table). */
const besideFloor: { sql: postgres.Sql | null } = { sql: null };

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bangfu_national';
const GATEWAY_SECRET = randomBytes(32).toString('hex');
const JWT_SECRET = randomBytes(32).toString('hex');

// ---- processes ----------------------------------------------------------------------------------

interface Server {
  name: string;
  pid: number;
  url: string;
  child: ChildProcess;
}
const servers: Server[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Start `node --import tsx <script>` (the `npm run start:<name>` equivalent, one process) and wait until it listens. */
async function start(name: string, script: string, args: string[], env: Record<string, string>, ready: RegExp, path = '/graphql'): Promise<Server> {
  const child = spawn(process.execPath, ['--max-old-space-size=8192', '--max-semi-space-size=64', '--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = ready.exec(out);
      if (m) resolve(Number(m[1] ?? env.PORT));
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before listening:\n${out}`)));
  });
  const server = { name, pid: child.pid!, url: `http://127.0.0.1:${port}${path}`, child };
  servers.push(server);
  return server;
}

const alive = (server: Server) => server.child.exitCode === null && server.child.signalCode === null;

async function stop(server: Server): Promise<void> {
  if (alive(server)) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
  servers.splice(servers.indexOf(server), 1);
}

process.once('exit', () => servers.forEach((s) => s.child.kill('SIGKILL')));
process.once('SIGINT', () => process.exit(130));

/** Resident set (VmRSS) and its peak (VmHWM) of a process, in MiB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return { rss: Number.NaN, peak: Number.NaN };
  }
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

// ---- requests -----------------------------------------------------------------------------------

type Headers = Record<string, string>;
const JSON_HEADERS: Headers = { 'content-type': 'application/json' };
/** The direct subgraph call carries the gateway's signature, as the gateway's own fetches do. */
const signed = (): Headers => ({ ...JSON_HEADERS, ...signIdentity(ANONYMOUS, GATEWAY_SECRET) });

async function post(url: string, query: string, headers: Headers = JSON_HEADERS) {
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query }) });
  const json = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
  if (!response.ok || json.errors) throw new Error(`${url}: HTTP ${response.status} ${JSON.stringify(json.errors ?? json).slice(0, 400)}`);
  return json.data;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Median and 95th percentile of latency samples. */
function percentiles(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

/** Time one call. */
async function timed(run: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await run();
  return performance.now() - t;
}

/**
 * Latency of one request at a time: warm up for WARMUP seconds (at least two requests), then
 * sample up to DURATION seconds (at least 5 requests). Every server gets the same warm-up: V8
 * compiles a process's hot paths over its first requests (graphql-jit's generated code, result
 * shaping, the drivers' decoding). A freshly started distributed hub answered its first twenty
 * national pictures in 1,844, 1,238, 911, 892, 847, 754, 813, 748, 701, 675, … ms: two warm-up
 * requests left the five samples of a 5-second window on that slope.
 */
async function latency(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const warm = performance.now() + WARMUP * 1000;
  for (let i = 0; i < 2 || performance.now() < warm; i++) await run();
  const samples: number[] = [];
  const until = performance.now() + DURATION * 1000;
  while (samples.length < 5 || (performance.now() < until && samples.length < 500)) samples.push(await timed(run));
  return percentiles(samples);
}

/**
 * The national picture's latency and the floor's, sampled alternately (floor, picture, floor,
 * …) after the picture's warm-up: the ratio the target is about compares the two under the
 * same machine conditions. This shared machine drifts by a third within minutes (the floor
 * alone, 30 runs in a row: 227 to 663 ms, p50 329; its p50 at the start of three bench runs
 * within an hour: 216.7, 302.8 and 402.7 ms), so a floor sampled once at the start of the run
 * and a picture sampled minutes later measured the drift as much as the hub. At least 11
 * pairs; DURATION seconds.
 */
async function latencyBesideFloor(run: () => Promise<unknown>, floorRun: () => Promise<unknown>) {
  const warm = performance.now() + WARMUP * 1000;
  for (let i = 0; i < 2 || performance.now() < warm; i++) await run();
  await floorRun(); // its connection's first statement
  const picture: number[] = [];
  const floor: number[] = [];
  const until = performance.now() + DURATION * 1000;
  while (picture.length < 11 || (performance.now() < until && picture.length < 500)) {
    floor.push(await timed(floorRun));
    picture.push(await timed(run));
  }
  return { ...percentiles(picture), floor: percentiles(floor) };
}

/** CPU ticks (user + system) a process has used so far. */
function cpuTicks(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  const fields = stat.split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Wait until every server is idle: autocannon stops at its deadline, but the requests still in
 * flight keep the servers busy, and must not leak into the next measurement.
 */
async function quiesce(): Promise<void> {
  for (let idle = 0, last = servers.map((s) => cpuTicks(s.pid)); idle < 2; ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = servers.map((s) => cpuTicks(s.pid));
    idle = now.every((t, i) => t - last[i] <= 2) ? idle + 1 : 0;
    last = now;
  }
}

/**
 * Requests per second with autocannon at `connections` concurrent connections: for DURATION
 * seconds, or, for an operation too slow to complete `connections` requests in that time
 * (`p50` tells), one request per connection, timed to the last answer.
 */
async function throughput(url: string, query: string, headers: Headers, connections: number, duration = DURATION, p50 = 0): Promise<number> {
  const slow = (p50 / 1000) * connections > duration;
  const load = slow ? { amount: connections } : { duration };
  const result = await autocannon({ url, method: 'POST', headers, body: JSON.stringify({ query }), connections, timeout: 300, ...load });
  await quiesce();
  if (result.non2xx || result.errors || result.timeouts || !result.requests.total)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts, ${result.requests.total} answers under load`);
  return result.requests.total / result.duration;
}

// ---- measurements -------------------------------------------------------------------------------

interface Row {
  topology: string;
  server: string;
  operation: string;
  p50: number;
  p95: number;
  /** Requests per second at each CONCURRENCY; empty for a latency-only row. */
  rps: number[];
  statements: number | null;
  peakRss: number | null;
}
const rows: Row[] = [];

async function measure(
  topology: string,
  server: string,
  op: Operation,
  url: string,
  headers: () => Headers,
  stats?: { pid: number; statements?: () => Promise<number> },
  paused: Server[] = [],
) {
  try {
    await alone(paused, () => measureOnce(topology, server, op, url, headers, stats));
  } catch (error) {
    // A server that died under an earlier load (out of memory) fails its remaining rows.
    console.error(`  ${topology} ${server} ${op.name} failed: ${(error as Error).message}`);
    rows.push({ topology, server, operation: op.name, p50: Number.NaN, p95: Number.NaN, rps: CONCURRENCY.map(() => Number.NaN), statements: null, peakRss: null });
  }
}

/**
 * Run `measure` with the other gateways stopped (SIGSTOP, then SIGCONT): an idle gateway is not
 * idle for V8, which shrinks its heap with collections that run whenever they like (Hive
 * Gateway's heap is 2.5 GiB after its national pictures), so each gateway is measured with the
 * two cores to itself and the subgraph processes.
 */
async function alone<T>(paused: Server[], measure: () => Promise<T>): Promise<T> {
  await quiesce(); // the stopped gateway's last requests finish first
  const stopped = paused.filter(alive);
  for (const s of stopped) s.child.kill('SIGSTOP');
  try {
    return await measure();
  } finally {
    for (const s of stopped) s.child.kill('SIGCONT');
  }
}

async function measureOnce(topology: string, server: string, op: Operation, url: string, headers: () => Headers, stats?: { pid: number; statements?: () => Promise<number> }) {
  await quiesce();
  await post(url, op.query, headers());
  let statements: number | null = null;
  if (stats?.statements) {
    const before = await stats.statements();
    await post(url, op.query, headers());
    statements = (await stats.statements()) - before;
  }
  const run = () => post(url, op.query, headers());
  let p50: number, p95: number;
  // Our gateway's national picture is sampled beside the floor (the 3× target); others alone.
  const floorSql = besideFloor.sql;
  if (op === NATIONAL && server === 'bangfu gateway' && floorSql) {
    const paired = await latencyBesideFloor(run, () => floorSql.unsafe(NATIONAL_PICTURE_SQL));
    ({ p50, p95 } = paired);
    rows.push({ topology, server: FLOOR_BESIDE, operation: op.name, ...paired.floor, rps: [], statements: 1, peakRss: null });
    console.error(`  ${topology} floor alternating with the national picture: p50 ${paired.floor.p50.toFixed(1)} ms`);
  } else ({ p50, p95 } = await latency(run));
  const rps: number[] = [];
  for (const c of CONCURRENCY) {
    // A server that fails under load (Hive Gateway ran out of memory at 64 national pictures in
    // one run) gets "failed" in its cell; the run goes on with the next measurement.
    try {
      rps.push(await throughput(url, op.query, headers(), c, DURATION, p50));
    } catch (error) {
      console.error(`  ${topology} ${server} ${op.name} at ${c} connections failed: ${(error as Error).message}`);
      rps.push(Number.NaN);
    }
  }
  const row: Row = { topology, server, operation: op.name, p50, p95, rps, statements, peakRss: stats ? memoryOf(stats.pid).peak : null };
  rows.push(row);
  console.error(`  ${topology} ${server} ${op.name}: p50 ${row.p50.toFixed(1)} ms, ${rps.map((r) => r.toFixed(1)).join(' / ')} req/s`);
}

/**
 * The floor: NATIONAL_PICTURE_SQL on postgres.js, the rows materialised in this process; its
 * latency alone, its throughput, and a connection kept for sampling it beside the pictures.
 */
async function floor() {
  const sql = postgres(DATABASE_URL, { max: 64, onnotice: () => {} });
  besideFloor.sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const run = () => sql.unsafe(NATIONAL_PICTURE_SQL);
    const { p50, p95 } = await latency(run);
    const rps: number[] = [];
    for (const c of CONCURRENCY) {
      let done = 0;
      const until = performance.now() + DURATION * 1000;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: c }, async () => {
          while (performance.now() < until) {
            await run();
            done++;
          }
        }),
      );
      rps.push(done / ((performance.now() - started) / 1000));
    }
    rows.push({ topology: '—', server: FLOOR, operation: NATIONAL.name, p50, p95, rps, statements: 1, peakRss: null });
    console.error(`  floor: p50 ${p50.toFixed(1)} ms`);
    return pictureRowsFromSql(await run());
  } finally {
    await sql.end();
  }
}

async function embedded(expected: ReturnType<typeof pictureRowsFromSql>) {
  const hub = await start('embedded', 'bench/serve.ts', ['embedded'], { BENCH_DATABASE_URL: DATABASE_URL, GATEWAY_SECRET, JWT_SECRET }, /ready (\d+)/);
  const base = hub.url.replace(/\/graphql$/, '');
  const statements = async () => ((await (await fetch(`${base}/bench/stats`)).json()) as { statements: number }).statements;
  checkPicture(await post(hub.url, OPERATIONS[0].query), expected);
  for (const op of SELECTED) await measure('embedded', 'bangfu gateway', op, hub.url, () => JSON_HEADERS, { pid: hub.pid, statements });
  const one = SELECTED.find((o) => !o.picture);
  if (one) await measure('embedded', 'registry subgraph, direct', one, `${base}/direct/registry/graphql`, signed, { pid: hub.pid, statements });
  await stop(hub);
}

async function distributed(expected: ReturnType<typeof pictureRowsFromSql>) {
  const urls: Record<string, string> = {};
  const pids: number[] = [];
  const ordered = [...subgraphs].sort((a, b) => (a.name === 'registry' ? -1 : b.name === 'registry' ? 1 : 0));
  for (const s of ordered) {
    const port = await freePort();
    const server = await start(s.name, `subgraphs/${s.name}/main.ts`, [], {
      DATABASE_URL, GATEWAY_SECRET, PORT: String(port), ...(urls.registry ? { REGISTRY_URL: urls.registry } : {}),
    }, /listening on :(\d+)/);
    urls[s.name] = server.url;
    pids.push(server.pid);
  }
  const gatewayPort = await freePort();
  const apollo = await start('gateway', 'gateway/main.ts', [], {
    GATEWAY_SECRET, JWT_SECRET, PORT: String(gatewayPort),
    ...Object.fromEntries(Object.entries(urls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url])),
  }, /listening on :(\d+)/);
  const startHive = () => start('hive', 'bench/serve.ts', ['hive'], { GATEWAY_SECRET, SUBGRAPH_URLS: JSON.stringify(urls) }, /ready (\d+)/);
  let hive = await startHive();
  checkPicture(await post(apollo.url, OPERATIONS[0].query), expected);
  checkPicture(await post(hive.url, OPERATIONS[0].query), expected);
  for (const op of SELECTED) {
    await measure('distributed', 'bangfu gateway', op, apollo.url, () => JSON_HEADERS, { pid: apollo.pid }, [hive]);
    // A gateway that died under the previous load (Hive Gateway ran out of memory at 64
    // national pictures) is started again, so the next operation is still measured.
    if (!alive(hive)) {
      console.error('  Hive Gateway exited under load: started again for the next operation');
      await stop(hive);
      hive = await startHive();
    }
    await measure('distributed', 'Hive Gateway', op, hive.url, () => JSON_HEADERS, { pid: hive.pid }, [apollo]);
  }
  const one = SELECTED.find((o) => !o.picture);
  if (one) await measure('distributed', 'registry subgraph, direct', one, urls.registry, signed, { pid: pids[0] }, [apollo, hive]);
  const subgraphPeak = pids.reduce((sum, pid) => sum + memoryOf(pid).peak, 0);
  for (const s of [...servers]) await stop(s);
  return subgraphPeak;
}

/** The gateway's national picture must be the floor's rows, or the comparison means nothing. */
function checkPicture(data: unknown, expected: ReturnType<typeof pictureRowsFromSql>) {
  const got = pictureRowsFromGraph(data);
  const a = JSON.stringify(got);
  const b = JSON.stringify(expected);
  if (a !== b) {
    const i = got.findIndex((r, k) => JSON.stringify(r) !== JSON.stringify(expected[k]));
    throw new Error(`the national picture differs from the SQL floor at row ${i}:\n graph ${JSON.stringify(got[i])}\n floor ${JSON.stringify(expected[i])}`);
  }
}

// ---- soak ---------------------------------------------------------------------------------------

async function soak(seconds: number) {
  const hub = await start('embedded', 'bench/serve.ts', ['embedded'], { BENCH_DATABASE_URL: DATABASE_URL, GATEWAY_SECRET, JWT_SECRET }, /ready (\d+)/);
  const slice = 30;
  const samples: { t: number; rss: number; rps: number }[] = [];
  const started = performance.now();
  // Bounded: whole slices until `seconds` have passed, alternating the picture operations.
  for (let i = 0; (performance.now() - started) / 1000 < seconds; i++) {
    const op = OPERATIONS[i % 3];
    const rps = await throughput(hub.url, op.query, JSON_HEADERS, 16, Math.min(slice, Math.max(1, Math.ceil(seconds - (performance.now() - started) / 1000))));
    const t = Math.round((performance.now() - started) / 1000);
    samples.push({ t, rss: memoryOf(hub.pid).rss, rps });
    console.log(`t=${String(t).padStart(4)} s  RSS ${memoryOf(hub.pid).rss.toFixed(0).padStart(5)} MiB  ${op.name} ${rps.toFixed(1)} req/s`);
  }
  // RSS swings with the operation of the slice (a national picture holds hundreds of MiB while
  // it runs); a leak shows as a rising floor: the lowest reading of the second half against
  // the lowest of the first.
  const half = Math.max(1, Math.floor(samples.length / 2));
  const floorOf = (list: typeof samples) => Math.min(...list.map((s) => s.rss));
  const early = floorOf(samples.slice(0, half));
  const late = floorOf(samples.slice(half));
  const flat = late <= early * 1.1 + 50;
  console.log(`\nsoak ${seconds} s at 16 connections: lowest RSS ${early.toFixed(0)} MiB in the first half, ${late.toFixed(0)} MiB in the second; ` +
    `highest ${Math.max(...samples.map((s) => s.rss)).toFixed(0)} MiB, peak (VmHWM) ${memoryOf(hub.pid).peak.toFixed(0)} MiB: ${flat ? 'flat' : 'GROWING'}`);
  await stop(hub);
}

// ---- main ---------------------------------------------------------------------------------------

const f1 = (n: number) => (Number.isNaN(n) ? 'failed' : n.toFixed(1));
function table(subgraphPeak: number | null) {
  const head = ['topology', 'server', 'operation', 'p50 ms', 'p95 ms', ...CONCURRENCY.map((c, i) => (i ? `c=${c}` : `req/s c=${c}`)), 'SQL stmts', 'peak RSS MiB'];
  const body = rows.map((r) => [r.topology, r.server, r.operation, f1(r.p50), f1(r.p95), ...CONCURRENCY.map((_, i) => (i >= r.rps.length ? '' : Number.isNaN(r.rps[i]) ? 'failed' : f1(r.rps[i]))), r.statements === null ? '' : String(r.statements), r.peakRss === null ? '' : Number.isNaN(r.peakRss) ? 'died' : r.peakRss.toFixed(0)]);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 3 ? c.padEnd(width[i]) : c.padStart(width[i]))).join(' | ')} |`;
  console.log(line(head));
  console.log(`| ${width.map((w, i) => (i < 3 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
  for (const b of body) console.log(line(b));
  const find = (topology: string, server: string, operation: string) => rows.find((r) => r.topology === topology && r.server === server && r.operation === operation);
  const floorRow = find('—', FLOOR, NATIONAL.name);
  console.log('\ntarget                                           measured');
  for (const topology of ['embedded', 'distributed']) {
    const picture = find(topology, 'bangfu gateway', NATIONAL.name);
    const beside = find(topology, FLOOR_BESIDE, NATIONAL.name);
    if (picture && beside)
      console.log(`national picture p50 / SQL floor p50 (${topology})`.padEnd(48), `${(picture.p50 / beside.p50).toFixed(2)}×  (target ≤ 3×; floor sampled alternately; ${(picture.p50 / floorRow!.p50).toFixed(2)}× the floor at the start)`);
    const gw = find(topology, 'bangfu gateway', 'one subgraph');
    const direct = find(topology, 'registry subgraph, direct', 'one subgraph');
    if (gw && direct) console.log(`one-subgraph p50 gateway / direct (${topology})`.padEnd(48), `${(gw.p50 / direct.p50).toFixed(2)}×  (target ≤ 1.5×)`);
  }
  for (const op of SELECTED.filter((o) => o.picture)) {
    const ours = find('distributed', 'bangfu gateway', op.name);
    const hive = find('distributed', 'Hive Gateway', op.name);
    if (ours && hive) {
      console.log(`${op.name}: bangfu / Hive req/s at c=${CONCURRENCY.join(", ")}`.padEnd(48), `${ours.rps.map((r, i) => (!(hive.rps[i] > 0) ? 'Hive failed' : (r / hive.rps[i]).toFixed(2))).join(' / ')}  (target ≥ 1)`);
    }
  }
  if (subgraphPeak !== null) console.log(`distributed subgraph processes, peak RSS summed: ${subgraphPeak.toFixed(0)} MiB`);
  console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} free), Node ${process.version}; ${DURATION} s per load point after ${WARMUP} s of warm-up`);
}

try {
  if (flags.soak) {
    await soak(Number(flags.soak));
  } else {
    console.error(`bench: ${DATABASE_URL}, ${DURATION} s per load point after ${WARMUP} s of warm-up`);
    const expected = await floor();
    if (expected.length < 800) throw new Error(`${DATABASE_URL} holds ${expected.length} poverty counties: run npm run gen:national first`);
    if (!flags.only || flags.only === 'embedded') await embedded(expected);
    const subgraphPeak = !flags.only || flags.only === 'distributed' ? await distributed(expected) : null;
    await besideFloor.sql?.end();
    table(subgraphPeak);
  }
  process.exit(0);
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exit(1);
}
