// `npm run bench`: the headline operations on the national data set (`npm run gen:national`),
// side by side in one table: bangfu's gateway embedded and distributed, the registry subgraph
// called directly, Hive Gateway over the same subgraph processes (with its own query planner, and
// with Hive Router's Rust query planner), and the SQL floor (alone, and sampled alternately with
// our national picture: the ratio of the first target).
//   --duration S   seconds per load point (default 5)
//   --warmup S     seconds of sequential requests before an operation's latency is sampled (default 5)
//   --only T       embedded | distributed (default both); or local: 永寿县's county picture of the
//                  county's own work (teams, household counts, coverage, 532 shortfall) on the
//                  embedded hub, sampled alternately with the SQL floor of the same rows; or
//                  local-national: every poverty county's coverage of the county's own work
//                  (the national households of gen:national) against its one-statement floor,
//                  alternating --rounds times (default 3; target ≤ 3×); or
//                  limits: only the national picture
//                  on the embedded hub with the limits on (operation limits and the per-client
//                  rate limit at their defaults) and off (one process, the same subgraphs, two
//                  gateways), sampled in pairs for --duration seconds, each pair in the reverse
//                  order of the last: the ratio of their p50s and the median of the pairs'
//                  ratios (target ≤ 1.03)
//                  or export: the exports (docs/export.md) of the national picture and of every
//                  enterprise contribution (~1 M) as CSV from the embedded hub, anonymous, each
//                  alternating with its floor (`COPY (the same rows) TO STDOUT`, postgres.js
//                  .readable()) --rounds times (default 3): the ratio of the medians and the hub's
//                  peak RSS during each export (one province's contributions beside: RSS constant?)
//   --only import  instead: npm run import of --rows enterprise contributions (default 100000) from a
//                  generated CSV against a COPY of the same rows, alternating --runs times
//                  (default 2): ratio (target ≤ 3), rows/s, peak RSS at 10,000 and all rows
//   --ops A,B      only these operations (names as in bench/operations.ts)
//   --concurrency  load points (default 1,16,64)
//   --soak S       instead: S seconds of load on the embedded hub, RSS sampled (RSS flat?)
//   --fault S      instead: S seconds of load on the distributed hub (the first of --ops, default
//                  the place picture, at --fault-connections, default 16), one channel process
//                  (--fault-channel, default military) killed a third of the way in and started
//                  again --fault-down seconds later (default 5): answers, fields nulled per
//                  channel, and the time from the restart to the first full answer
// Database: BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bangfu_national.
// Every server is a child process on 127.0.0.1; every run stops by itself.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createServer } from 'node:net';
import { cpus, freemem, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { post as httpPost } from '../lib/http.js';
import { ANONYMOUS, signPost } from '../lib/identity.js';
import { ROOT } from '../lib/env.js';
import { DEFAULT_LIMITS } from '../gateway/limits.js';
import { EXPORTS, type GraphExport } from '../gateway/export/catalogue.js';
import { subgraphs } from '../subgraphs/index.js';
import { openDatabase } from '../lib/db.js';
import { migrateAll } from '../seed/index.js';
import { importBench } from './import.js';
import { NATIONAL_PICTURE_SQL, OPERATIONS, pictureRowsFromGraph, pictureRowsFromSql, type Operation } from './operations.js';

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '5' },
    only: { type: 'string' },
    ops: { type: 'string' },
    concurrency: { type: 'string', default: '1,16,64' },
    rounds: { type: 'string', default: '3' },
    soak: { type: 'string' },
    fault: { type: 'string' },
    'fault-channel': { type: 'string', default: 'military' },
    'fault-connections': { type: 'string', default: '16' },
    'fault-down': { type: 'string', default: '5' },
    rows: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '2' },
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
const HIVE = 'Hive Gateway';
/** Hive Gateway with Hive Router's query planner (Rust, a native addon) and executor. */
const HIVE_ROUTER = 'Hive Gateway, Rust planner';
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
  /** Everything the process printed on stdout so far. */
  output: () => string;
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
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = ready.exec(out);
      if (m) resolve(Number(m[1] ?? env.PORT));
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before listening:\n${out}`)));
  });
  const server = { name, pid: child.pid!, url: `http://127.0.0.1:${port}${path}`, child, output: () => out };
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
  const requests =
    headers === plain ? undefined : [{ method: 'POST' as const, body, setupRequest: (request: object) => ({ ...request, headers: headers(body) }) }];
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
  rows.push({
    topology: s.topology,
    server: s.server,
    operation: op.name,
    p50: latency.p50,
    p95: latency.p95,
    rps,
    statements: latency.statements,
    peakRss: memoryOf(s.process.pid).peak,
  });
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
 * Gateways over the same subgraph processes (ours, Hive Gateway, Hive Gateway with the Rust
 * planner): each one's latency alone, then, at each concurrency, their throughput in half
 * windows, a b c c b a, each with the other gateways stopped, so a drift of the machine's speed
 * over the windows weighs on all alike (one window each, in order, for an operation too slow for
 * half a window: Hive's national pictures). The first is ours: its latency is sampled beside
 * `beside` when given.
 */
async function measureSideBySide(subjects: Subject[], op: Operation, beside?: Beside) {
  const others = (s: Subject) => subjects.filter((o) => o !== s).map((o) => o.process);
  const latencies: Latency[] = [];
  for (const [i, s] of subjects.entries()) latencies.push(await latencyOf(s, op, others(s), i === 0 ? beside : undefined));
  const rps = subjects.map((): number[] => []);
  const half = DURATION / 2;
  for (const c of CONCURRENCY) {
    const slowest = Math.max(...latencies.map((l) => (Number.isNaN(l.p50) ? 0 : l.p50)));
    if ((slowest / 1000) * c > half) {
      for (const [i, s] of subjects.entries()) rps[i].push(await rateOf(s, op, c, DURATION, latencies[i].p50, others(s)));
      continue;
    }
    const first: number[] = [];
    for (const [i, s] of subjects.entries()) first[i] = await rateOf(s, op, c, half, latencies[i].p50, others(s));
    for (const [i, s] of [...subjects.entries()].reverse()) rps[i].push((first[i] + (await rateOf(s, op, c, half, latencies[i].p50, others(s)))) / 2);
  }
  subjects.forEach((s, i) => addRow(s, op, latencies[i], rps[i]));
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

/** The distributed topology's subgraph processes, the registry first (the channels' lookups go to it). */
async function startSubgraphs(): Promise<{ urls: Record<string, string>; processes: Server[] }> {
  const urls: Record<string, string> = {};
  const processes: Server[] = [];
  const ordered = [...subgraphs].sort((a, b) => (a.name === 'registry' ? -1 : b.name === 'registry' ? 1 : 0));
  for (const s of ordered) processes.push(await startSubgraph(s.name, await freePort(), urls));
  return { urls, processes };
}

/** One subgraph process on `port` (again on the same port after a kill: the gateway's URL stays). */
async function startSubgraph(name: string, port: number, urls: Record<string, string>): Promise<Server> {
  const server = await start(
    name,
    `subgraphs/${name}/main.ts`,
    [],
    {
      DATABASE_URL,
      GATEWAY_SECRET,
      PORT: String(port),
      ...(name !== 'registry' && urls.registry ? { REGISTRY_URL: urls.registry } : {}),
    },
    /listening on \S*:(\d+)\/graphql/,
  );
  urls[name] = server.url;
  return server;
}

/** bangfu's gateway alone (`gateway/main.ts`) over the subgraph processes. */
async function startGateway(urls: Record<string, string>): Promise<Server> {
  return start(
    'gateway',
    'gateway/main.ts',
    [],
    {
      GATEWAY_SECRET,
      JWT_SECRET,
      PORT: String(await freePort()),
      ...Object.fromEntries(Object.entries(urls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url])),
    },
    /listening on \S*:(\d+)\/graphql/,
  );
}

async function distributed(expected: ReturnType<typeof pictureRowsFromSql>, floorRun: FloorRun) {
  const { urls, processes } = await startSubgraphs();
  const apollo = await startGateway(urls);
  // The peers, each started again when it died under the previous load (Hive Gateway ran out of
  // memory at 64 national pictures), so the next operation is still measured.
  const peers = [
    { server: HIVE, mode: 'hive' },
    { server: HIVE_ROUTER, mode: 'hive-router' },
  ].map((p) => ({
    ...p,
    start: () => start(p.mode, 'bench/serve.ts', [p.mode], { GATEWAY_SECRET, JWT_SECRET, SUBGRAPH_URLS: JSON.stringify(urls) }, /ready (\d+)/),
  }));
  const running = new Map<string, Server>();
  for (const p of peers) running.set(p.server, await p.start());
  checkPicture(await post(apollo.url, NATIONAL.query), expected);
  for (const p of peers) checkPicture(await post(running.get(p.server)!.url, NATIONAL.query), expected);
  const ours: Subject = { topology: 'distributed', server: OURS, url: apollo.url, headers: plain, process: apollo };
  for (const op of SELECTED) {
    for (const p of peers) {
      if (alive(running.get(p.server)!)) continue;
      console.error(`  ${p.server} exited under load: started again for the next operation`);
      await stop(running.get(p.server)!);
      running.set(p.server, await p.start());
    }
    const theirs = peers.map(
      (p): Subject => ({ topology: 'distributed', server: p.server, url: running.get(p.server)!.url, headers: plain, process: running.get(p.server)! }),
    );
    // Every peer's answer is ours, or the comparison means nothing (the national picture: the floor's rows, above).
    if (op !== NATIONAL) for (const t of theirs) await checkSameAnswer(op, ours, t);
    await measureSideBySide([ours, ...theirs], op, besideFor(op, floorRun, urls.registry));
  }
  const one = SELECTED.find((o) => !o.picture);
  if (one)
    await measure({ topology: 'distributed', server: DIRECT, url: urls.registry, headers: signedFor(urls.registry), process: processes[0] }, one, [
      apollo,
      ...running.values(),
    ]);
  const subgraphPeak = processes.reduce((sum, p) => sum + memoryOf(p.pid).peak, 0);
  for (const s of [...servers]) await stop(s);
  return subgraphPeak;
}

/** A peer's answer to `op` must be ours, value for value. */
async function checkSameAnswer(op: Operation, ours: Subject, theirs: Subject) {
  const [a, b] = [JSON.stringify(await post(ours.url, op.query)), JSON.stringify(await post(theirs.url, op.query))];
  if (a !== b) throw new Error(`${theirs.server} answers the ${op.name} differently:\n ours   ${a.slice(0, 400)}\n theirs ${b.slice(0, 400)}`);
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

/**
 * What the limits cost the national picture: the embedded hub's gateway with the operation limits
 * (tokens, depth, aliases, directives, cost) and the per-client rate limit at their defaults, as
 * in production, and the same hub's second gateway with neither (`operationLimits: false`, rate
 * limit 0), sampled in pairs for DURATION seconds, each pair's order the reverse of the last (on
 * off, off on, …), so the machine's drift and whatever one request leaves the next (a collection)
 * weigh on both alike. What both have alike: the body read with its bounds, admission, the
 * deadline, failure containment. Reported: the ratio of the p50s, and the median of the pairs'
 * ratios, against the target of 1.03.
 */
async function limitsCost(expected: ReturnType<typeof pictureRowsFromSql>) {
  const hub = await start(
    'embedded',
    'bench/serve.ts',
    ['embedded'],
    // The rate limit at its default on the first gateway (`start` turns it off for the others):
    // alternating one request at a time, the load stays far below it.
    { BENCH_DATABASE_URL: DATABASE_URL, GATEWAY_SECRET, JWT_SECRET, BENCH_LIMITS_OFF: '1', GATEWAY_RATE_LIMIT: String(DEFAULT_LIMITS.rateLimit) },
    /ready (\d+)/,
  );
  const off = hub.url.replace(/\/graphql$/, '/limits-off/graphql');
  // The rate limit answers its policy in a header (express-rate-limit, draft-8): on one side only.
  const policyOf = async (url: string) =>
    (await fetch(url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ query: '{ __typename }' }) })).headers.get('ratelimit-policy');
  if (!(await policyOf(hub.url)) || (await policyOf(off))) throw new Error('the rate limit must be on the limited gateway and off the other');
  checkPicture(await post(hub.url, NATIONAL.query), expected);
  checkPicture(await post(off, NATIONAL.query), expected);
  const runs = [() => post(hub.url, NATIONAL.query), () => post(off, NATIONAL.query)];
  for (const run of runs) {
    const warm = performance.now() + WARMUP * 1000;
    for (let i = 0; i < 2 || performance.now() < warm; i++) await run();
  }
  const on: number[] = [];
  const without: number[] = [];
  const until = performance.now() + DURATION * 1000;
  for (let pair = 0; pair < 11 || performance.now() < until; pair++) {
    if (pair % 2 === 0) {
      on.push(await timed(runs[0]));
      without.push(await timed(runs[1]));
    } else {
      without.push(await timed(runs[1]));
      on.push(await timed(runs[0]));
    }
  }
  await stop(hub);
  const [a, b] = [percentiles(on), percentiles(without)];
  const pairs = percentiles(on.map((t, i) => t / without[i]));
  console.log(`national picture, embedded: ${on.length} pairs over ${DURATION} s after ${WARMUP} s of warm-up each`);
  console.log(`limits on   p50 ${a.p50.toFixed(1)} ms  p95 ${a.p95.toFixed(1)} ms`);
  console.log(`limits off  p50 ${b.p50.toFixed(1)} ms  p95 ${b.p95.toFixed(1)} ms`);
  // The verdict on the median of the pairs' ratios: each pair was timed back to back, under the
  // same machine conditions; the ratio of the two p50s also carries the drift between pairs.
  console.log(
    `national picture limits on / off (embedded)`.padEnd(48),
    `median of the pairs ${pairs.p50.toFixed(3)}× (${((pairs.p50 - 1) * 100).toFixed(1)} %; target ≤ 1.03×: ${pairs.p50 <= 1.03 ? 'met' : 'NOT met'}), ` +
      `p50s ${(a.p50 / b.p50).toFixed(3)}×`,
  );
}

// ---- the county's own work (--only local) ---------------------------------------------------------

const LOCAL_COUNTY = '610426';
const LOCAL_YEAR = 2018;

/** 永寿县's picture of the county's own work: every team of its villages, the household counts, the coverage, the 532 shortfall. */
const LOCAL_PICTURE = `{ region(code: "${LOCAL_COUNTY}") {
  workTeams(year: ${LOCAL_YEAR}, includeDescendants: true) { id since until village { code } senders { id } }
  households(year: ${LOCAL_YEAR}) { count people byCause { cause count people } byStatus { status count people } }
  localCoverage(year: ${LOCAL_YEAR}) { poorVillages withFirstSecretary withWorkTeam villagesWithoutFirstSecretary { code } villagesWithoutWorkTeam { code } households householdsWithHelper }
  pairingShortfall(year: ${LOCAL_YEAR}) { cadre { id level } households minimum }
} }`;

/** The floor: the same rows read by hand-written SQL, one statement per part, over one connection. */
const LOCAL_FLOOR_SQL = [
  `select t.id, t.since::text, t.until::text, t.village_code,
     array(select s.organization_id from local.team_senders s where s.team_id = t.id order by 1) as senders
   from local.work_teams t where t.village_code like '${LOCAL_COUNTY}%'
     and t.since <= '${LOCAL_YEAR}-12-31' and (t.until is null or t.until >= '${LOCAL_YEAR}-01-01') order by t.village_code, t.since, t.id`,
  `with h as (select h.size, h.main_cause, (select s.status from local.household_statuses s where s.household_id = h.id and s.year <= ${LOCAL_YEAR} order by s.year desc limit 1) as status
     from local.households h where h.county_code = '${LOCAL_COUNTY}')
   select main_cause, status, count(*)::int as n, sum(size)::int as people from h where status is not null group by grouping sets ((), (main_cause), (status))`,
  `select pv.code,
     exists (select 1 from local.work_teams t where t.village_code = pv.code and t.since <= '${LOCAL_YEAR}-12-31' and (t.until is null or t.until >= '${LOCAL_YEAR}-01-01')) as team,
     exists (select 1 from local.work_teams t join local.team_members m on m.team_id = t.id where t.village_code = pv.code and m.role = 'FIRST_SECRETARY'
       and m.since <= '${LOCAL_YEAR}-12-31' and (m.until is null or m.until >= '${LOCAL_YEAR}-01-01')) as fs
   from local.poor_villages pv where pv.county_code = '${LOCAL_COUNTY}' and pv.since_year <= ${LOCAL_YEAR}`,
  `select count(*)::int as households, (count(*) filter (where exists (select 1 from local.household_pairings p where p.household_id = h.id
       and p.since <= '${LOCAL_YEAR}-12-31' and (p.until is null or p.until >= '${LOCAL_YEAR}-01-01'))))::int as helped
   from local.households h where h.county_code = '${LOCAL_COUNTY}' and exists (select 1 from local.household_statuses s where s.household_id = h.id and s.year <= ${LOCAL_YEAR})`,
  `select c.id, c.level, m.minimum, (select count(distinct p.household_id) from local.household_pairings p where p.cadre_id = c.id
       and p.since <= '${LOCAL_YEAR}-12-31' and (p.until is null or p.until >= '${LOCAL_YEAR}-01-01'))::int as n
   from local.cadres c join local.pairing_norms m on m.county_code = c.county_code and m.level = c.level where c.county_code = '${LOCAL_COUNTY}'`,
];

async function localPicture() {
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const [{ found }] = await sql.unsafe(`select to_regclass('local.households') is not null as found`);
    const [{ n }] = found ? await sql.unsafe(`select count(*)::int as n from local.households where county_code = '${LOCAL_COUNTY}'`) : [{ n: 0 }];
    if (!n) throw new Error(`${DATABASE_URL} holds no household of ${LOCAL_COUNTY}: run npm run gen:national (it loads the steps not recorded yet)`);
    const floorRun = async () => {
      const out = [];
      for (const statement of LOCAL_FLOOR_SQL) out.push(await sql.unsafe(statement));
      return out;
    };
    const [teams, figures, villages, households, cadres] = (await floorRun()) as unknown as Record<string, unknown>[][];
    const hub = await start('embedded', 'bench/serve.ts', ['embedded'], { BENCH_DATABASE_URL: DATABASE_URL, GATEWAY_SECRET, JWT_SECRET }, /ready (\d+)/);
    try {
      const data = (await post(hub.url, LOCAL_PICTURE)) as { region: Record<string, any> };
      const r = data.region;
      const total = figures.find((f) => f.main_cause === null && f.status === null)!;
      const same =
        r.workTeams.length === teams.length &&
        r.households.count === total.n &&
        r.households.people === total.people &&
        r.localCoverage.poorVillages === villages.length &&
        r.localCoverage.withWorkTeam === villages.filter((v) => v.team).length &&
        r.localCoverage.withFirstSecretary === villages.filter((v) => v.fs).length &&
        r.localCoverage.households === households[0].households &&
        r.localCoverage.householdsWithHelper === households[0].helped &&
        r.pairingShortfall.length === cadres.filter((c) => (c.n as number) < (c.minimum as number)).length;
      if (!same) throw new Error(`the county picture differs from the floor: ${JSON.stringify(r.localCoverage)}`);
      const [ours, floor] = await latencies([() => post(hub.url, LOCAL_PICTURE), floorRun]);
      console.log(
        `${LOCAL_COUNTY} county picture (${r.workTeams.length} teams, ${total.n} households, ${cadres.length} cadres), embedded, ${DURATION} s alternating after ${WARMUP} s of warm-up each`,
      );
      console.log(`bangfu gateway  p50 ${ours.p50.toFixed(1)} ms  p95 ${ours.p95.toFixed(1)} ms`);
      console.log(`SQL floor       p50 ${floor.p50.toFixed(1)} ms  p95 ${floor.p95.toFixed(1)} ms  (${LOCAL_FLOOR_SQL.length} statements, one connection)`);
      console.log(`county picture / floor`.padEnd(48), `${(ours.p50 / floor.p50).toFixed(2)}×`);
    } finally {
      await stop(hub);
    }
  } finally {
    await sql.end();
  }
}

/** The county's own measure by county for the whole country: every poverty county's coverage in one request. */
const LOCAL_NATIONAL = `{ regions(filter: { povertyCounty: true }, first: 1000) { totalCount edges { node {
  code localCoverage(year: ${LOCAL_YEAR}) { poorVillages withFirstSecretary withWorkTeam households householdsWithHelper }
} } } }`;

/** Its floor: the same figures per poverty county by hand-written SQL, one statement. */
const LOCAL_NATIONAL_FLOOR_SQL = `with v as (
    select pv.county_code as code, count(*)::int as villages,
      (count(*) filter (where exists (select 1 from local.work_teams t where t.village_code = pv.code
        and t.since <= '${LOCAL_YEAR}-12-31' and (t.until is null or t.until >= '${LOCAL_YEAR}-01-01'))))::int as team,
      (count(*) filter (where exists (select 1 from local.work_teams t join local.team_members m on m.team_id = t.id
        where t.village_code = pv.code and m.role = 'FIRST_SECRETARY' and m.since <= '${LOCAL_YEAR}-12-31' and (m.until is null or m.until >= '${LOCAL_YEAR}-01-01'))))::int as fs
    from local.poor_villages pv where pv.since_year <= ${LOCAL_YEAR} group by 1),
  p as (
    select p.household_id from local.household_pairings p
    where p.since <= '${LOCAL_YEAR}-12-31' and (p.until is null or p.until >= '${LOCAL_YEAR}-01-01') group by 1),
  h as (
    select h.county_code as code, count(*)::int as households, count(p.household_id)::int as helped
    from local.households h left join p on p.household_id = h.id
    where exists (select 1 from local.household_statuses s where s.household_id = h.id and s.year <= ${LOCAL_YEAR}) group by 1)
  select r.code, coalesce(v.villages, 0) as villages, coalesce(v.team, 0) as team, coalesce(v.fs, 0) as fs,
    coalesce(h.households, 0) as households, coalesce(h.helped, 0) as helped
  from registry.regions r left join v on v.code = r.code left join h on h.code = r.code
  where exists (select 1 from registry.poverty_designations d where d.code = r.code) order by r.code`;

/**
 * `--only local-national`: every poverty county's coverage (the national households loaded by
 * gen:national) on the embedded hub against its floor, alternating (`--rounds`, default 3).
 */
async function localNational(rounds: number) {
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const [{ n, counties }] = await sql.unsafe(`select count(*)::int as n, count(distinct county_code)::int as counties from local.households`);
    if (counties < 10)
      throw new Error(`${DATABASE_URL} holds households of ${counties} counties: run npm run gen:national (it loads the steps not recorded yet)`);
    const floorRun = () => sql.unsafe(LOCAL_NATIONAL_FLOOR_SQL);
    const expected = (await floorRun()) as unknown as Record<string, number | string>[];
    const hub = await start('embedded', 'bench/serve.ts', ['embedded'], { BENCH_DATABASE_URL: DATABASE_URL, GATEWAY_SECRET, JWT_SECRET }, /ready (\d+)/);
    try {
      const data = (await post(hub.url, LOCAL_NATIONAL)) as { regions: { edges: { node: Record<string, any> }[] } };
      const byCode = new Map(data.regions.edges.map((e) => [e.node.code, e.node.localCoverage]));
      const differs = expected.filter((f) => {
        const c = byCode.get(f.code);
        return (
          !c ||
          c.poorVillages !== f.villages ||
          c.withWorkTeam !== f.team ||
          c.withFirstSecretary !== f.fs ||
          c.households !== f.households ||
          c.householdsWithHelper !== f.helped
        );
      });
      if (differs.length || byCode.size !== expected.length)
        throw new Error(
          `the national coverage differs from the floor in ${differs.length} of ${expected.length} counties: ${JSON.stringify(differs[0])} vs ${JSON.stringify(byCode.get(String(differs[0]?.code)))}`,
        );
      const [ours, floor] = await latencies([() => post(hub.url, LOCAL_NATIONAL), floorRun], rounds);
      const withData = expected.filter((f) => Number(f.households) > 0).length;
      console.log(
        `national coverage by county (${expected.length} poverty counties, ${withData} with households, ${n} households), embedded, ${rounds} rounds alternating after ${WARMUP} s of warm-up each`,
      );
      console.log(`bangfu gateway  p50 ${ours.p50.toFixed(1)} ms  p95 ${ours.p95.toFixed(1)} ms`);
      console.log(`SQL floor       p50 ${floor.p50.toFixed(1)} ms  p95 ${floor.p95.toFixed(1)} ms  (one statement)`);
      console.log(`national coverage by county / floor`.padEnd(48), `${(ours.p50 / floor.p50).toFixed(2)}×  (target ≤ 3×)`);
    } finally {
      await stop(hub);
    }
  } finally {
    await sql.end();
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
  console.log(
    `\nsoak ${seconds} s at 16 connections: lowest RSS ${early.toFixed(0)} MiB in the first half, ${late.toFixed(0)} MiB in the second; ` +
      `highest ${Math.max(...samples.map((s) => s.rss)).toFixed(0)} MiB, peak (VmHWM) ${memoryOf(hub.pid).peak.toFixed(0)} MiB: ${flat ? 'flat' : 'GROWING'}`,
  );
  await stop(hub);
}

// ---- exports ------------------------------------------------------------------------------------

/**
 * The floor of the contributions export: the same rows, columns and order as an anonymous
 * caller's file (published records, no note, an individual donor as 个人捐赠者, as the registry
 * masks it), written by PostgreSQL itself.
 */
const CONTRIBUTIONS_FLOOR_SQL = `
select c.id, c.helper_id, case when o.kind = 'INDIVIDUAL' then '个人捐赠者' else o.name end, c.helper_kind, c.group_id, c.helped_code,
  c.kind, c.date, c.pledged, c.committed, c.disbursed, c.verified, c.jobs, c.trainees, c.people_reached, c.purpose,
  c.also_reported_as, c.also_reported_channel, c.published, null, c.demo
from enterprises.contributions c join registry.organizations o on o.id = c.helper_id
where c.published
order by c.id`;

/**
 * Bytes and lines of a stream, read to its end in flowing mode and let go chunk by chunk; a
 * stream silent for a minute fails the run. (postgres.js's COPY readable, read with `for await`,
 * stalled now and then in ClientWrite after the first rounds.)
 */
function drain(body: NodeJS.ReadableStream): Promise<{ bytes: number; lines: number }> {
  let bytes = 0;
  let lines = 0;
  return new Promise((resolve, reject) => {
    let silent = setTimeout(() => reject(new Error('the stream stalled for 60 s')), 60_000);
    body.on('data', (chunk: Uint8Array) => {
      clearTimeout(silent);
      silent = setTimeout(() => reject(new Error('the stream stalled for 60 s')), 60_000);
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    });
    body.on('error', (e) => {
      clearTimeout(silent);
      reject(e);
    });
    body.on('end', () => {
      clearTimeout(silent);
      resolve({ bytes, lines });
    });
  });
}

/**
 * `--only export`: each export from the embedded hub (its whole file read by the client), then
 * its floor, alternating `rounds` times after one untimed pair; the hub's RSS sampled every 50 ms
 * during each export.
 */
async function exportBench(rounds: number) {
  const hub = await start('embedded', 'bench/serve.ts', ['embedded'], { BENCH_DATABASE_URL: DATABASE_URL, GATEWAY_SECRET, JWT_SECRET }, /ready (\d+)/);
  const origin = new URL(hub.url).origin;
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  const national = EXPORTS.get('national') as GraphExport;
  const cases: { name: string; path: string; floor: string; graph?: string }[] = [
    // Beside it, the graph's answer to the export's own query: what the file costs beyond reading the graph.
    { name: 'national picture', path: '/export/national.csv', floor: NATIONAL_PICTURE_SQL, graph: national.query },
    {
      name: 'contributions of 贵州省',
      path: '/export/contributions.csv?place=52&descendants=1',
      floor: CONTRIBUTIONS_FLOOR_SQL.replace('where c.published', "where c.published and c.helped_code like '52%'"),
    },
    { name: 'every enterprise contribution', path: '/export/contributions.csv', floor: CONTRIBUTIONS_FLOOR_SQL },
  ];
  const rows: string[] = [];
  for (const c of cases) {
    const ours: number[] = [];
    const floors: number[] = [];
    const graphs: number[] = [];
    const askGraph = async (query: string) => {
      const response = await fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { code: null, year: null, includeDemo: true } }),
      });
      const body = (await response.json()) as { errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(`${c.name}, the graph's answer: ${body.errors[0].message}`);
    };
    let peak = 0;
    /** Per round: the hub's RSS when the export starts, and its highest while it runs (MiB). */
    const memory: string[] = [];
    let size = { bytes: 0, lines: 0 };
    let floorSize = { bytes: 0, lines: 0 };
    // One export and one floor first, not timed: as every operation of the bench is warmed up before it is sampled.
    const response = await fetch(origin + c.path);
    if (response.status !== 200) throw new Error(`${c.path}: HTTP ${response.status} ${await response.text()}`);
    await drain(Readable.fromWeb(response.body! as never));
    await drain(await sql.unsafe(`COPY (${c.floor}) TO STDOUT (FORMAT csv, HEADER)`).readable());
    if (c.graph) await askGraph(c.graph);
    for (let round = 0; round < rounds; round++) {
      const before = memoryOf(hub.pid).rss;
      let high = before;
      const sampler = setInterval(() => void (high = Math.max(high, memoryOf(hub.pid).rss)), 50);
      ours.push(
        await timed(async () => {
          const response = await fetch(origin + c.path);
          if (response.status !== 200) throw new Error(`${c.path}: HTTP ${response.status} ${await response.text()}`);
          size = await drain(Readable.fromWeb(response.body! as never));
        }),
      );
      clearInterval(sampler);
      peak = Math.max(peak, high);
      memory.push(`${before.toFixed(0)}→${high.toFixed(0)}`);
      floors.push(await timed(async () => void (floorSize = await drain(await sql.unsafe(`COPY (${c.floor}) TO STDOUT (FORMAT csv, HEADER)`).readable()))));
      const graph = c.graph;
      if (graph) graphs.push(await timed(() => askGraph(graph)));
    }
    const p50 = (list: number[]) => percentiles(list).p50;
    // The file's two first lines (metadata comment, header) against the floor's header line.
    const line = `${c.name.padEnd(32)} ${String(size.lines - 2).padStart(9)} rows (floor ${String(floorSize.lines - 1).padStart(9)})  ${(size.bytes / 2 ** 20).toFixed(1).padStart(7)} MiB  export p50 ${p50(ours).toFixed(0).padStart(6)} ms  floor p50 ${p50(floors).toFixed(0).padStart(6)} ms  ratio ${(p50(ours) / p50(floors)).toFixed(2)}${graphs.length ? `  (its graph query alone p50 ${p50(graphs).toFixed(0)} ms, ratio ${(p50(graphs) / p50(floors)).toFixed(2)})` : ''}  hub RSS per round, start→peak: ${memory.join(', ')} MiB (peak ${peak.toFixed(0)})`;
    console.log(line);
    rows.push(line);
  }
  console.log(
    `\nhub VmHWM after all: ${memoryOf(hub.pid).peak.toFixed(0)} MiB; ${rounds} rounds each, alternating with the floor; machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  );
  await sql.end();
  await stop(hub);
}

// ---- fault run ----------------------------------------------------------------------------------

interface Answer {
  /** When the request was sent and how long it took, ms from the start of the load. */
  at: number;
  ms: number;
  /** full: no error; partial: data with errors (fields nulled); failed: no data, or not HTTP 200. */
  kind: 'full' | 'partial' | 'failed';
  /** Errors by subgraph and code (`military SUBGRAPH_UNAVAILABLE`): each a field nulled. */
  errors: Record<string, number>;
}

/** One request of the fault run, classified. */
async function answer(url: string, body: string, t0: number): Promise<Answer> {
  const sent = performance.now();
  const errors: Record<string, number> = {};
  let kind: Answer['kind'] = 'failed';
  try {
    const response = await httpPost(url, JSON_HEADERS, body);
    const json = JSON.parse(response.text) as { data?: Record<string, unknown> | null; errors?: { extensions?: { serviceName?: string; code?: string } }[] };
    for (const e of json.errors ?? []) {
      const key = `${e.extensions?.serviceName ?? 'gateway'} ${e.extensions?.code ?? ''}`.trim();
      errors[key] = (errors[key] ?? 0) + 1;
    }
    const answered = response.status === 200 && json.data && Object.values(json.data).some((v) => v !== null);
    kind = !answered ? 'failed' : json.errors?.length ? 'partial' : 'full';
  } catch (error) {
    errors[`client ${(error as Error).message}`] = 1;
  }
  return { at: sent - t0, ms: performance.now() - sent, kind, errors };
}

/**
 * The fault run: the distributed hub under load (`--fault-connections` connections of one
 * operation for `seconds`), one channel process killed (SIGKILL) a third of the way in and
 * started again on its port `--fault-down` seconds later. Reports the answers before, during and
 * after, the errors per subgraph (each a field nulled), the recovery time (from the restart to the
 * first full answer) and the gateway's log lines of the whole run.
 */
async function faultRun(seconds: number) {
  const op = flags.ops ? SELECTED[0] : OPERATIONS.find((o) => o.name === 'place picture')!;
  const channel = flags['fault-channel']!;
  const connections = Number(flags['fault-connections']);
  const down = Number(flags['fault-down']) * 1000;
  if (!op) throw new Error(`--ops names no operation of bench/operations.ts`);
  if (channel === 'registry' || !subgraphs.some((s) => s.name === channel)) throw new Error(`--fault-channel must name a channel subgraph, not ${channel}`);
  const { urls, processes } = await startSubgraphs();
  const gateway = await startGateway(urls);
  const body = JSON.stringify({ query: op.query });
  const warm = performance.now() + WARMUP * 1000;
  for (let i = 0; i < 2 || performance.now() < warm; i++) {
    const a = await answer(gateway.url, body, performance.now());
    if (a.kind !== 'full') throw new Error(`the ${op.name} does not answer in full before the fault: ${JSON.stringify(a.errors)}`);
  }
  const logged = gateway.output().length;

  const answers: Answer[] = [];
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  const load = Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) answers.push(await answer(gateway.url, body, t0));
    }),
  );
  await sleep((seconds * 1000) / 3);
  const victim = processes.find((p) => p.name === channel)!;
  const port = Number(new URL(victim.url).port);
  const killedAt = performance.now() - t0;
  const exited = new Promise((resolve) => victim.child.once('exit', resolve));
  victim.child.kill('SIGKILL');
  await exited;
  servers.splice(servers.indexOf(victim), 1);
  await sleep(down);
  const restartedAt = performance.now() - t0;
  await startSubgraph(channel, port, urls);
  const listeningAt = performance.now() - t0;
  await load;
  const lines = gateway
    .output()
    .slice(logged)
    .split('\n')
    .filter((l) => l.trim());
  for (const s of [...servers]) await stop(s);

  const s1 = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `\nfault run: ${op.name} at ${connections} connections for ${seconds} s on the distributed hub; ` +
      `${channel} killed (SIGKILL) at ${s1(killedAt)} s, started again at ${s1(restartedAt)} s, listening at ${s1(listeningAt)} s\n`,
  );
  const phases: [string, number, number][] = [
    ['before the kill', 0, killedAt],
    [`${channel} down (to listening again)`, killedAt, listeningAt],
    ['after the restart', listeningAt, seconds * 1000],
  ];
  const head = ['phase', 'from s', 'to s', 'requests', 'full', 'partial', 'failed', 'answered/s', 'p50 ms', 'p95 ms'];
  const cells = phases.map(([name, from, to]) => {
    const list = answers.filter((a) => a.at >= from && a.at < to);
    const n = (kind: Answer['kind']) => list.filter((a) => a.kind === kind).length;
    const { p50, p95 } = list.length ? percentiles(list.map((a) => a.ms)) : { p50: Number.NaN, p95: Number.NaN };
    return [
      name,
      s1(from),
      s1(to),
      String(list.length),
      String(n('full')),
      String(n('partial')),
      String(n('failed')),
      ((n('full') + n('partial')) / ((to - from) / 1000)).toFixed(1),
      f1(p50),
      f1(p95),
    ];
  });
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join(' | ')} |`;
  console.log(line(head));
  console.log(`| ${width.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
  for (const b of cells) console.log(line(b));

  const errors: Record<string, number> = {};
  for (const a of answers) for (const [k, n] of Object.entries(a.errors)) errors[k] = (errors[k] ?? 0) + n;
  console.log(
    `\nerrors by subgraph and code (each a field nulled): ${
      Object.entries(errors)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    }`,
  );
  const partialOf = (a: Answer) => Object.keys(a.errors).every((k) => k.startsWith(`${channel} `));
  console.log(
    `partial answers missing only ${channel}'s fields: ${answers.filter((a) => a.kind === 'partial' && partialOf(a)).length} of ${answers.filter((a) => a.kind === 'partial').length}`,
  );
  const recovered = answers.filter((a) => a.kind === 'full' && a.at + a.ms > listeningAt).map((a) => a.at + a.ms);
  const first = recovered.length ? Math.min(...recovered) : Number.NaN;
  console.log(
    `recovery: first full answer ${(first - restartedAt).toFixed(0)} ms after ${channel} was started again ` +
      `(${(first - listeningAt).toFixed(0)} ms after it listened); partial answers sent after it listened: ${answers.filter((a) => a.at >= listeningAt && a.kind !== 'full').length}`,
  );
  console.log(`gateway log lines during the run: ${lines.length}`);
  for (const l of lines.slice(0, 6)) console.log(`  ${l.length > 240 ? `${l.slice(0, 240)}…` : l}`);
}

// ---- main ---------------------------------------------------------------------------------------

const f1 = (n: number) => (Number.isNaN(n) ? 'failed' : n.toFixed(1));
function table(subgraphPeak: number | null) {
  const head = [
    'topology',
    'server',
    'operation',
    'p50 ms',
    'p95 ms',
    ...CONCURRENCY.map((c, i) => (i ? `c=${c}` : `req/s c=${c}`)),
    'SQL stmts',
    'peak RSS MiB',
  ];
  const body = rows.map((r) => [
    r.topology,
    r.server,
    r.operation,
    f1(r.p50),
    f1(r.p95),
    ...CONCURRENCY.map((_, i) => (i >= r.rps.length ? '' : Number.isNaN(r.rps[i]) ? 'failed' : f1(r.rps[i]))),
    r.statements === null ? '' : String(r.statements),
    r.peakRss === null ? '' : Number.isNaN(r.peakRss) ? 'died' : r.peakRss.toFixed(0),
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 3 ? c.padEnd(width[i]) : c.padStart(width[i]))).join(' | ')} |`;
  console.log(line(head));
  console.log(`| ${width.map((w, i) => (i < 3 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
  for (const b of body) console.log(line(b));
  const find = (topology: string, server: string, operation: string) =>
    rows.find((r) => r.topology === topology && r.server === server && r.operation === operation);
  const floorRow = find('—', FLOOR, NATIONAL.name);
  console.log('\ntarget                                           measured');
  // Each ratio against what was sampled alternately with it; the one against the thing measured alone after it.
  const times = (a: number, b: number | undefined) => (b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
  for (const topology of ['embedded', 'distributed']) {
    const picture = find(topology, OURS, NATIONAL.name);
    const floorBeside = find(topology, FLOOR_BESIDE, NATIONAL.name);
    if (picture && floorBeside)
      console.log(
        `national picture p50 / SQL floor p50 (${topology})`.padEnd(48),
        `${times(picture.p50, floorBeside.p50)}  (target ≤ 3×; floor sampled alternately; ${times(picture.p50, floorRow?.p50)} the floor measured at the start)`,
      );
    const gateway = find(topology, OURS, 'one subgraph');
    const directBeside = find(topology, DIRECT_BESIDE, 'one subgraph');
    if (gateway && directBeside)
      console.log(
        `one-subgraph p50 gateway / direct (${topology})`.padEnd(48),
        `${times(gateway.p50, directBeside.p50)}  (target ≤ 1.5×; sampled alternately; ${times(gateway.p50, find(topology, DIRECT, 'one subgraph')?.p50)} the direct call measured after)`,
      );
  }
  for (const op of SELECTED.filter((o) => o.picture)) {
    const ours = find('distributed', OURS, op.name);
    for (const [peer, label] of [
      [HIVE, 'Hive'],
      [HIVE_ROUTER, 'Hive (Rust planner)'],
    ]) {
      const hive = find('distributed', peer, op.name);
      if (ours && hive) {
        console.log(
          `${op.name}: bangfu / ${label} req/s at c=${CONCURRENCY.join(', ')}`.padEnd(48),
          `${ours.rps.map((r, i) => (!(hive.rps[i] > 0) ? `${label} failed` : (r / hive.rps[i]).toFixed(2))).join(' / ')}  (target ≥ 1; half windows a b c c b a)`,
        );
      }
    }
  }
  if (subgraphPeak !== null) console.log(`distributed subgraph processes, peak RSS summed: ${subgraphPeak.toFixed(0)} MiB`);
  console.log(
    `\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} free), Node ${process.version}; ${DURATION} s per load point after ${WARMUP} s of warm-up`,
  );
}

/** The bench's database brought to the current schema, as `npm start` does (it may predate a migration). */
async function migrateBenchDatabase() {
  const database = await openDatabase({ url: DATABASE_URL });
  try {
    await migrateAll(database, subgraphs);
  } finally {
    await database.close();
  }
}

try {
  await migrateBenchDatabase();
  if (flags.soak) {
    await soak(Number(flags.soak));
  } else if (flags.fault) {
    await faultRun(Number(flags.fault));
  } else if (flags.only === 'local') {
    await localPicture();
  } else if (flags.only === 'local-national') {
    await localNational(Number(flags.rounds));
  } else if (flags.only === 'export') {
    await exportBench(Number(flags.rounds));
  } else if (flags.only === 'import') {
    await importBench(DATABASE_URL, { rows: Number(flags.rows), runs: Number(flags.runs) });
  } else if (flags.only === 'limits') {
    const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    const expected = pictureRowsFromSql(await sql.unsafe(NATIONAL_PICTURE_SQL));
    await sql.end();
    if (expected.length < 800) throw new Error(`${DATABASE_URL} holds ${expected.length} poverty counties: run npm run gen:national first`);
    await limitsCost(expected);
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
