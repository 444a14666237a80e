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
import { ANONYMOUS, signPost } from '../lib/identity.js';
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
const OURS = 'bangfu gateway';
/** The floor sampled alternately with our national picture (`latencies`). */
const FLOOR_BESIDE = 'SQL floor, alternating';
const DIRECT = 'registry subgraph, direct';
/** The registry subgraph called directly, sampled alternately with our gateway's one-subgraph query. */
const DIRECT_BESIDE = 'registry subgraph, direct, alternating';

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
    // The load comes from one address and queues up to 64 deep by design: no rate limit, and a
    // queue wait as long as autocannon's own timeout (300 s).
    env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', GATEWAY_RATE_LIMIT: '0', GATEWAY_QUEUE_TIMEOUT_MS: '300000', ...env },
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
/** A request's headers, given its body. */
type HeadersFor = (body: string) => Headers;
const plain: HeadersFor = () => JSON_HEADERS;
/**
 * A direct call to the registry subgraph at `url` carries the gateway's signature, as the
 * gateway's own fetches do: a new one per request (each is bound to its body and has its nonce).
 */
const signedFor =
  (url: string): HeadersFor =>
  (body) => ({ ...JSON_HEADERS, ...signPost(ANONYMOUS, 'registry', url, body, GATEWAY_SECRET) });

async function post(url: string, query: string, headers: HeadersFor = plain) {
  const body = JSON.stringify({ query });
  const response = await fetch(url, { method: 'POST', headers: headers(body), body });
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
  return (await latencies([run], 5))[0];
}

/**
 * Latencies of several things sampled alternately (a, b, a, b, …; at least `rounds` rounds),
 * each warmed up as `latency` warms up: our national picture beside the floor, our gateway
 * beside the subgraph called directly (11 rounds). A ratio the targets are about then compares
 * the two under the same machine conditions: this shared machine drifts by a third or more
 * within minutes (the floor alone, 30 runs in a row: 227 to 663 ms, p50 329; its p50 at the
 * start of three bench runs within an hour: 216.7, 302.8 and 402.7 ms), so two things measured
 * minutes apart measured the drift as much as the code.
 */
async function latencies(runs: (() => Promise<unknown>)[], rounds = 11): Promise<{ p50: number; p95: number }[]> {
  for (const run of runs) {
    const warm = performance.now() + WARMUP * 1000;
    for (let i = 0; i < 2 || performance.now() < warm; i++) await run();
  }
  const samples = runs.map((): number[] => []);
  const until = performance.now() + DURATION * 1000;
  while (samples[0].length < rounds || (performance.now() < until && samples[0].length < 500)) {
    for (const [i, run] of runs.entries()) samples[i].push(await timed(run));
  }
  return samples.map(percentiles);
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
async function throughput(url: string, query: string, headers: HeadersFor, connections: number, duration = DURATION, p50 = 0): Promise<number> {
  const slow = (p50 / 1000) * connections > duration;
  const load = slow ? { amount: connections } : { duration };
  const body = JSON.stringify({ query });
  // Signed headers are made for each request (a signature is never sent twice); plain ones once.
  const requests = headers === plain ? undefined : [{ method: 'POST' as const, body, setupRequest: (request: object) => ({ ...request, headers: headers(body) }) }];
  const result = await autocannon({ url, method: 'POST', headers: headers(body), body, requests, connections, timeout: 300, ...load });
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

/** A server answering the operations: its URL and headers, its process (peak RSS), its SQL statement counter. */
interface Subject {
  topology: string;
  server: string;
  url: string;
  headers: HeadersFor;
  process: Server;
  statements?: () => Promise<number>;
}

/** What a subject's latency is sampled alternately with (`latencies`): the floor, the subgraph called directly. */
interface Beside {
  server: string;
  run: () => Promise<unknown>;
  statements: number | null;
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

interface Latency {
  p50: number;
  p95: number;
  statements: number | null;
}

/**
 * A subject's SQL statements per operation (when it counts them) and latency, alone; beside
 * something else when given (that one's row is added here). A server that died under an
 * earlier load (out of memory) gets NaN.
 */
async function latencyOf(s: Subject, op: Operation, paused: Server[], beside?: Beside): Promise<Latency> {
  try {
    return await alone(paused, async () => {
      const run = () => post(s.url, op.query, s.headers);
      await run();
      let statements: number | null = null;
      if (s.statements) {
        const before = await s.statements();
        await run();
        statements = (await s.statements()) - before;
      }
      if (!beside) return { ...(await latency(run)), statements };
      const [mine, theirs] = await latencies([run, beside.run]);
      rows.push({ topology: s.topology, server: beside.server, operation: op.name, ...theirs, rps: [], statements: beside.statements, peakRss: null });
      console.error(`  ${s.topology} ${beside.server} ${op.name}: p50 ${theirs.p50.toFixed(1)} ms`);
      return { ...mine, statements };
    });
  } catch (error) {
    console.error(`  ${s.topology} ${s.server} ${op.name} failed: ${(error as Error).message}`);
    return { p50: Number.NaN, p95: Number.NaN, statements: null };
  }
}

/**
 * A subject's requests per second at `connections` over `duration` seconds, alone. A server
 * that fails under the load (Hive Gateway ran out of memory at 64 national pictures) gets NaN,
 * "failed" in its cell; the run goes on with the next measurement.
 */
async function rateOf(s: Subject, op: Operation, connections: number, duration: number, p50: number, paused: Server[]): Promise<number> {
  if (!alive(s.process)) return Number.NaN;
  try {
    return await alone(paused, () => throughput(s.url, op.query, s.headers, connections, duration, p50));
  } catch (error) {
    console.error(`  ${s.topology} ${s.server} ${op.name} at ${connections} connections failed: ${(error as Error).message}`);
    return Number.NaN;
  }
}

function addRow(s: Subject, op: Operation, latency: Latency, rps: number[]) {
  rows.push({ topology: s.topology, server: s.server, operation: op.name, p50: latency.p50, p95: latency.p95, rps, statements: latency.statements, peakRss: memoryOf(s.process.pid).peak });
  console.error(`  ${s.topology} ${s.server} ${op.name}: p50 ${latency.p50.toFixed(1)} ms, ${rps.map((r) => r.toFixed(1)).join(' / ')} req/s`);
}

/** One subject: its latency (beside something when given), then its throughput at each concurrency. */
async function measure(s: Subject, op: Operation, paused: Server[] = [], beside?: Beside) {
  const latency = await latencyOf(s, op, paused, beside);
  const rps: number[] = [];
  for (const c of CONCURRENCY) rps.push(await rateOf(s, op, c, DURATION, latency.p50, paused));
  addRow(s, op, latency, rps);
}

/**
 * Two gateways over the same subgraph processes (ours, Hive Gateway): each one's latency alone,
 * then, at each concurrency, their throughput in four half windows, a b b a, each with the other
 * gateway stopped, so a drift of the machine's speed over the four weighs on both alike (one
 * window each, a then b, for an operation too slow for half a window: Hive's national pictures).
 */
async function measurePair(a: Subject, b: Subject, op: Operation, beside?: Beside) {
  const latencyA = await latencyOf(a, op, [b.process], beside);
  const latencyB = await latencyOf(b, op, [a.process]);
  const rpsA: number[] = [];
  const rpsB: number[] = [];
  const half = DURATION / 2;
  for (const c of CONCURRENCY) {
    const slowest = Math.max(latencyA.p50, Number.isNaN(latencyB.p50) ? 0 : latencyB.p50);
    if ((slowest / 1000) * c > half) {
      rpsA.push(await rateOf(a, op, c, DURATION, latencyA.p50, [b.process]));
      rpsB.push(await rateOf(b, op, c, DURATION, latencyB.p50, [a.process]));
      continue;
    }
    const a1 = await rateOf(a, op, c, half, latencyA.p50, [b.process]);
    const b1 = await rateOf(b, op, c, half, latencyB.p50, [a.process]);
    const b2 = await rateOf(b, op, c, half, latencyB.p50, [a.process]);
    const a2 = await rateOf(a, op, c, half, latencyA.p50, [b.process]);
    rpsA.push((a1 + a2) / 2);
    rpsB.push((b1 + b2) / 2);
  }
  addRow(a, op, latencyA, rpsA);
  addRow(b, op, latencyB, rpsB);
}

/** The floor: NATIONAL_PICTURE_SQL on postgres.js, the rows materialised in this process; its latency alone and its throughput. */
async function floor() {
  const sql = postgres(DATABASE_URL, { max: 64, onnotice: () => {} });
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

/** The floor's statement on a connection of its own: what the national picture is sampled beside. */
type FloorRun = () => Promise<unknown>;

/**
 * What our gateway's latency is sampled beside: the national picture beside the floor, the
 * one-subgraph query beside the registry subgraph called directly (the two ratio targets).
 */
function besideFor(op: Operation, floorRun: FloorRun, directUrl: string): Beside | undefined {
  if (op === NATIONAL) return { server: FLOOR_BESIDE, run: floorRun, statements: 1 };
  if (!op.picture) return { server: DIRECT_BESIDE, run: () => post(directUrl, op.query, signedFor(directUrl)), statements: null };
  return undefined;
}

async function embedded(expected: ReturnType<typeof pictureRowsFromSql>, floorRun: FloorRun) {
  const hub = await start('embedded', 'bench/serve.ts', ['embedded'], { BENCH_DATABASE_URL: DATABASE_URL, GATEWAY_SECRET, JWT_SECRET }, /ready (\d+)/);
  const base = hub.url.replace(/\/graphql$/, '');
  const directUrl = `${base}/direct/registry/graphql`;
  const statements = async () => ((await (await fetch(`${base}/bench/stats`)).json()) as { statements: number }).statements;
  checkPicture(await post(hub.url, NATIONAL.query), expected);
  const ours: Subject = { topology: 'embedded', server: OURS, url: hub.url, headers: plain, process: hub, statements };
  for (const op of SELECTED) await measure(ours, op, [], besideFor(op, floorRun, directUrl));
  const one = SELECTED.find((o) => !o.picture);
  if (one) await measure({ ...ours, server: DIRECT, url: directUrl, headers: signedFor(directUrl) }, one);
  await stop(hub);
}

async function distributed(expected: ReturnType<typeof pictureRowsFromSql>, floorRun: FloorRun) {
  const urls: Record<string, string> = {};
  const processes: Server[] = [];
  const ordered = [...subgraphs].sort((a, b) => (a.name === 'registry' ? -1 : b.name === 'registry' ? 1 : 0));
  for (const s of ordered) {
    const port = await freePort();
    const server = await start(s.name, `subgraphs/${s.name}/main.ts`, [], {
      DATABASE_URL, GATEWAY_SECRET, PORT: String(port), ...(urls.registry ? { REGISTRY_URL: urls.registry } : {}),
    }, /listening on \S*:(\d+)\/graphql/);
    urls[s.name] = server.url;
    processes.push(server);
  }
  const gatewayPort = await freePort();
  const apollo = await start('gateway', 'gateway/main.ts', [], {
    GATEWAY_SECRET, JWT_SECRET, PORT: String(gatewayPort),
    ...Object.fromEntries(Object.entries(urls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url])),
  }, /listening on \S*:(\d+)\/graphql/);
  const startHive = () => start('hive', 'bench/serve.ts', ['hive'], { GATEWAY_SECRET, SUBGRAPH_URLS: JSON.stringify(urls) }, /ready (\d+)/);
  let hive = await startHive();
  checkPicture(await post(apollo.url, NATIONAL.query), expected);
  checkPicture(await post(hive.url, NATIONAL.query), expected);
  const ours: Subject = { topology: 'distributed', server: OURS, url: apollo.url, headers: plain, process: apollo };
  for (const op of SELECTED) {
    // A gateway that died under the previous load (Hive Gateway ran out of memory at 64
    // national pictures) is started again, so the next operation is still measured.
    if (!alive(hive)) {
      console.error('  Hive Gateway exited under load: started again for the next operation');
      await stop(hive);
      hive = await startHive();
    }
    const theirs: Subject = { topology: 'distributed', server: 'Hive Gateway', url: hive.url, headers: plain, process: hive };
    await measurePair(ours, theirs, op, besideFor(op, floorRun, urls.registry));
  }
  const one = SELECTED.find((o) => !o.picture);
  if (one) await measure({ topology: 'distributed', server: DIRECT, url: urls.registry, headers: signedFor(urls.registry), process: processes[0] }, one, [apollo, hive]);
  const subgraphPeak = processes.reduce((sum, p) => sum + memoryOf(p.pid).peak, 0);
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
    const rps = await throughput(hub.url, op.query, plain, 16, Math.min(slice, Math.max(1, Math.ceil(seconds - (performance.now() - started) / 1000))));
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
  // Each ratio against what was sampled alternately with it; the one against the thing measured alone after it.
  const times = (a: number, b: number | undefined) => (b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
  for (const topology of ['embedded', 'distributed']) {
    const picture = find(topology, OURS, NATIONAL.name);
    const floorBeside = find(topology, FLOOR_BESIDE, NATIONAL.name);
    if (picture && floorBeside)
      console.log(`national picture p50 / SQL floor p50 (${topology})`.padEnd(48), `${times(picture.p50, floorBeside.p50)}  (target ≤ 3×; floor sampled alternately; ${times(picture.p50, floorRow?.p50)} the floor measured at the start)`);
    const gateway = find(topology, OURS, 'one subgraph');
    const directBeside = find(topology, DIRECT_BESIDE, 'one subgraph');
    if (gateway && directBeside)
      console.log(`one-subgraph p50 gateway / direct (${topology})`.padEnd(48), `${times(gateway.p50, directBeside.p50)}  (target ≤ 1.5×; sampled alternately; ${times(gateway.p50, find(topology, DIRECT, 'one subgraph')?.p50)} the direct call measured after)`);
  }
  for (const op of SELECTED.filter((o) => o.picture)) {
    const ours = find('distributed', OURS, op.name);
    const hive = find('distributed', 'Hive Gateway', op.name);
    if (ours && hive) {
      console.log(`${op.name}: bangfu / Hive req/s at c=${CONCURRENCY.join(', ')}`.padEnd(48), `${ours.rps.map((r, i) => (!(hive.rps[i] > 0) ? 'Hive failed' : (r / hive.rps[i]).toFixed(2))).join(' / ')}  (target ≥ 1; half windows a b b a)`);
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
    const beside = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    const floorRun = () => beside.unsafe(NATIONAL_PICTURE_SQL);
    if (!flags.only || flags.only === 'embedded') await embedded(expected, floorRun);
    const subgraphPeak = !flags.only || flags.only === 'distributed' ? await distributed(expected, floorRun) : null;
    await beside.end();
    table(subgraphPeak);
  }
  process.exit(0);
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exit(1);
}
