import { Supergraph } from '@apollo/federation-internals';
import { sql } from 'drizzle-orm';
import { parse, validate } from 'graphql';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../bench/operations.js';
import { openDatabase } from '../lib/db.js';
import { createSubgraphApp, listen, SERVER_TIMEOUTS } from '../lib/server.js';
import type { SubgraphRuntime } from '../lib/subgraph.js';
import { databaseTimeoutOf } from '../lib/timeouts.js';
import { createGateway, type SubgraphLocation } from '../gateway/gateway.js';
import { DEFAULT_LIMITS, estimateCost, structureRules, type GatewayLimits } from '../gateway/limits.js';
import { composeSupergraph } from '../schema/compose.js';
import {
  countStatements,
  DRIVER,
  rowsOf,
  startFixtureHub,
  startHub,
  tearDown,
  TEST_GATEWAY_SECRET,
  TEST_JWT_SECRET,
  tokenFor,
  type Hub,
  type TestDatabase,
} from './harness.js';

/**
 * What the gateway refuses before executing, and how long anything waits (docs/limits.md).
 * The limits that need a wait to show are lowered, per gateway, to keep this file fast.
 */
const LOCK_TIMEOUT_MS = 1000;
let db: TestDatabase;
let hub: Hub;
const supergraphSdl = composeSupergraph();
const apiSchema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({ timeouts: { lockTimeoutMs: LOCK_TIMEOUT_MS }, supergraphSdl }));
});
afterAll(() => tearDown(db, hub));

interface Answer {
  status: number;
  ms: number;
  headers: Headers;
  text: string;
  json: { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
}

/** POST `body` (an object is sent as JSON) and read the answer whole; gives up after 15 s. */
async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let json: Answer['json'] = {};
  try {
    json = JSON.parse(text);
  } catch {
    // asserted by the caller (an HTML page is not JSON)
  }
  return { status: response.status, ms: performance.now() - started, headers: response.headers, text, json };
}

const CHEAP = { query: '{ region(code: "61") { name } }' };
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** `children(first:)` of `parent` of … `levels` deep under 永寿县. */
const nested = (levels: number, first: number | string = 1000) => {
  let inner = 'name';
  for (let i = 0; i < levels; i++) inner = `children(first: ${first}) { edges { node { parent { ${inner} } } } }`;
  return `{ region(code: "610426") { ${inner} } }`;
};
const aliases = (n: number) =>
  `{ ${range(n)
    .map((i) => `a${i}: acficView(year: 2019) { total { disbursed } }`)
    .join(' ')} }`;

/** A gateway of its own over the hub's subgraphs (in process unless `locations` says otherwise). */
async function gatewayWith(limits: Partial<GatewayLimits>, locations: Record<string, SubgraphLocation> = {}, maxConcurrentRequests?: number) {
  const subgraphs: Record<string, SubgraphLocation> = {};
  for (const [name, runtime] of hub.runtimes) subgraphs[name] = locations[name] ?? { runtime };
  const gateway = await createGateway({
    supergraphSdl,
    subgraphs,
    jwt: { secret: TEST_JWT_SECRET },
    gatewaySecret: TEST_GATEWAY_SECRET,
    limits,
    maxConcurrentRequests,
  });
  const { port, httpServer } = await gateway.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    httpServer,
    stop: async () => {
      await gateway.stop();
      httpServer.closeAllConnections();
      await new Promise((resolve) => httpServer.close(resolve));
    },
  };
}

/** A subgraph in process that answers nothing until released. */
function pausedSubgraph(name: string) {
  const runtime = hub.runtimes.get(name)!;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const paused: SubgraphRuntime<unknown> = {
    ...runtime,
    execute: async (...args) => {
      await gate;
      return runtime.execute(...args);
    },
  };
  return { location: { runtime: paused }, release };
}

describe('operation limits at the gateway, before planning', () => {
  const readmeExamples = [...readFileSync(new URL('../README.md', import.meta.url), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

  it('let the headline operations of bench/operations.ts and every README example through with the defaults', async () => {
    expect(readmeExamples.length).toBeGreaterThan(3);
    for (const query of [...OPERATIONS.map((o) => o.query), ...readmeExamples]) {
      const document = parse(query, { maxTokens: DEFAULT_LIMITS.maxTokens });
      expect(validate(apiSchema, document, structureRules(DEFAULT_LIMITS)), query).toEqual([]);
      expect(estimateCost(apiSchema, document, {}, undefined, DEFAULT_LIMITS.listSize), query).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
    }
    // The national picture: 1,000 counties, each with eight channel fields of 20 assumed items.
    const national = OPERATIONS.find((o) => o.name === 'national picture')!.query;
    expect(estimateCost(apiSchema, parse(national), {}, undefined, DEFAULT_LIMITS.listSize)).toBe(225_001);
    for (const operation of OPERATIONS) {
      const { status, json } = await post(hub.url, { query: operation.query });
      expect(json.errors, operation.name).toBeUndefined();
      expect(status).toBe(200);
    }
  });

  it('refuse children of parents nested 8 deep by depth, and 2 deep by cost, with no statement run', async () => {
    const { result: deep, statements } = await countStatements(db.database, () => post(hub.url, { query: nested(8) }));
    expect(statements).toBe(0);
    expect(deep.status).toBe(400);
    expect(deep.json.errors).toHaveLength(1);
    expect(deep.json.errors![0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'query',
      rule: 'operation-limit',
      limit: 'depth',
      value: 34,
      maximum: 16,
    });
    expect(deep.json.errors![0].message).toBe('query: its fields nest 34, over the limit of 16 (depth)');

    const { result: wide, statements: none } = await countStatements(db.database, () => post(hub.url, { query: nested(2) }));
    expect(none).toBe(0);
    expect(wide.status).toBe(400);
    expect(wide.json.errors![0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'query',
      rule: 'operation-limit',
      limit: 'cost',
      value: 4_004_002,
      maximum: 2_000_000,
    });
  });

  it('refuse 1,000 aliases by their tokens, 16 by their aliases and 51 directives by their count', async () => {
    const thousand = aliases(1000);
    expect(thousand.length).toBeGreaterThan(50_000);
    const many = await post(hub.url, { query: thousand });
    expect(many.status).toBe(400);
    expect(many.json.errors).toEqual([
      {
        message: 'query: its tokens number more than 3000, over the limit of 3000 (tokens)',
        extensions: { code: 'BAD_USER_INPUT', field: 'query', rule: 'operation-limit', limit: 'tokens', maximum: 3000 },
      },
    ]);
    const sixteen = await post(hub.url, { query: aliases(16) });
    expect(sixteen.status).toBe(400);
    expect(sixteen.json.errors?.map((e) => e.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', field: 'query', rule: 'operation-limit', limit: 'aliases', value: 16, maximum: 15 },
    ]);
    expect((await post(hub.url, { query: aliases(15) })).json.errors).toBeUndefined();

    const directives = `{ region(code: "61") { ${range(51)
      .map(() => '... on Region @include(if: true) { name }')
      .join(' ')} } }`;
    const tagged = await post(hub.url, { query: directives });
    expect(tagged.json.errors?.map((e) => e.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', field: 'query', rule: 'operation-limit', limit: 'directives', value: 51, maximum: 50 },
    ]);
  });

  it('estimate the cost of each request from its variables', async () => {
    const query = `query($n: Int) ${nested(2, '$n')}`;
    const big = await post(hub.url, { query, variables: { n: 1000 } });
    expect(big.status).toBe(400);
    expect(big.json.errors![0].extensions).toMatchObject({ limit: 'cost' });
    // The same document, already parsed and validated, with a small page: answered.
    const small = await post(hub.url, { query, variables: { n: 2 } });
    expect(small.json.errors).toBeUndefined();
    expect(small.json.data!.region.children.edges).toHaveLength(2);
  });

  it('keep the hub answering a cheap query within a second while such queries keep coming (embedded)', async () => {
    const attacks = range(20).flatMap(() => [nested(8), nested(7), nested(2), aliases(1000)].map((query) => post(hub.url, { query })));
    const cheap = await post(hub.url, CHEAP);
    expect(cheap.json.data).toEqual({ region: { name: '陕西省' } });
    expect(cheap.ms).toBeLessThan(1000);
    const refused = await Promise.all(attacks);
    expect(refused.every((r) => r.status === 400 && r.json.errors?.[0].extensions?.code === 'BAD_USER_INPUT')).toBe(true);
  });
});

describe('every wait is bounded', () => {
  /** A connection that sends its headers, then a byte of its body every 400 ms. */
  function slowBody(port: number) {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (text += d));
    socket.on('error', () => {});
    socket.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n{');
    const drip = setInterval(() => socket.write(' '), 400);
    const answer = new Promise<string>((resolve) =>
      socket.on('close', () => {
        clearInterval(drip);
        resolve(text);
      }),
    );
    return {
      answer,
      stop: () => {
        clearInterval(drip);
        socket.destroy();
      },
    };
  }

  it('reads a body before the request takes a slot: 20 slow bodies leave a cheap query its second, and time out with 408', async () => {
    const gateway = await gatewayWith({ bodyTimeoutMs: 1500 });
    const slow = range(20).map(() => slowBody(gateway.port));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const cheap = await post(gateway.url, CHEAP);
      expect(cheap.json.data).toEqual({ region: { name: '陕西省' } });
      expect(cheap.ms).toBeLessThan(1000);
      const answers = await Promise.all(slow.map((s) => s.answer));
      for (const answer of answers) {
        expect(answer).toMatch(/^HTTP\/1\.1 408 /);
        expect(answer).toMatch(/content-type: application\/json/i);
        expect(answer).toContain('"code":"TIMEOUT","limit":"bodyTimeout","maximum":1500');
      }
    } finally {
      for (const s of slow) s.stop();
      await gateway.stop();
    }
  });

  it('answers 503 with Retry-After when the queue is full, and to a request that waited too long', async () => {
    const registry = pausedSubgraph('registry');
    const gateway = await gatewayWith({ queue: 1, queueTimeoutMs: 600 }, { registry: registry.location }, 1);
    try {
      const running = post(gateway.url, CHEAP);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const queued = post(gateway.url, CHEAP);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const full = await post(gateway.url, CHEAP);
      expect(full.status).toBe(503);
      expect(full.headers.get('retry-after')).toBe('1');
      expect(full.json.errors![0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', limit: 'queue', maximum: 1 });
      expect(full.ms).toBeLessThan(500);
      const waited = await queued;
      expect(waited.status).toBe(503);
      expect(waited.headers.get('retry-after')).toBe('1');
      expect(waited.json.errors![0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', limit: 'queueTimeout', maximum: 600 });
      expect(waited.ms).toBeGreaterThan(450);
      registry.release();
      expect((await running).json.data).toEqual({ region: { name: '陕西省' } });
    } finally {
      registry.release();
      await gateway.stop();
    }
  });

  it('ends an operation at its deadline when a subgraph in process does not answer (504, TIMEOUT)', async () => {
    const registry = pausedSubgraph('registry');
    const gateway = await gatewayWith({ deadlineMs: 500 }, { registry: registry.location });
    try {
      const late = await post(gateway.url, CHEAP);
      expect(late.status).toBe(504);
      expect(late.json).toEqual({
        errors: [{ message: 'the operation ran past its deadline of 500 ms', extensions: { code: 'TIMEOUT', limit: 'deadline', maximum: 500 } }],
      });
      expect(late.ms).toBeGreaterThan(450);
      expect(late.ms).toBeLessThan(1500);
    } finally {
      registry.release();
      await gateway.stop();
    }
  });

  it('ends an operation at its deadline when a subgraph over HTTP does not answer, and cancels the call (distributed)', async () => {
    // A military subgraph that reads each call and never answers.
    const closed: Promise<number>[] = [];
    const silent = createServer((req, res) => {
      req.resume();
      closed.push(new Promise((resolve) => res.on('close', () => resolve(performance.now()))));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/graphql`;
    const gateway = await gatewayWith({ deadlineMs: 700 }, { military: { url } });
    try {
      const started = performance.now();
      const pending = post(gateway.url, { query: '{ region(code: "610426") { name militaryAssistance { id } } }' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Meanwhile a query to another subgraph answers at once.
      const other = await post(gateway.url, CHEAP);
      expect(other.json.data).toEqual({ region: { name: '陕西省' } });
      expect(other.ms).toBeLessThan(500);
      const late = await pending;
      expect(late.status).toBe(504);
      expect(late.json.errors![0].extensions).toEqual({ code: 'TIMEOUT', limit: 'deadline', maximum: 700 });
      expect(late.ms).toBeLessThan(1700);
      expect(closed).toHaveLength(1);
      expect((await closed[0]) - started).toBeLessThan(1700);
    } finally {
      await gateway.stop();
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('gives every database session a statement_timeout and a lock_timeout', async () => {
    const settings = rowsOf<{ statement: string; lock: string }>(
      await db.database.db.execute(sql`select current_setting('statement_timeout') as statement, current_setting('lock_timeout') as lock`),
    );
    expect(settings).toEqual([{ statement: '30s', lock: '1s' }]);
  });

  it.skipIf(DRIVER === 'pglite')('cancels a statement running past statement_timeout (PostgreSQL)', async () => {
    const short = await openDatabase({ url: db.url!, max: 1, statementTimeoutMs: 300 });
    try {
      const started = performance.now();
      const error = await short.db.execute(sql`select pg_sleep(5)`).catch((e: unknown) => e);
      expect(databaseTimeoutOf(error)).toBe('statement_timeout');
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      await short.close();
    }
  });

  it.skipIf(DRIVER === 'pglite')('answers within lock_timeout while registry.organizations is locked elsewhere, in both topologies (PostgreSQL)', async () => {
    const distributed = await startHub({ database: db.database, supergraphSdl, topology: 'distributed' });
    const locker = postgres(db.url!, { max: 1, onnotice: () => {} });
    try {
      await locker.begin(async (tx) => {
        await tx.unsafe('LOCK TABLE registry.organizations IN ACCESS EXCLUSIVE MODE');
        for (const url of [hub.url, distributed.url]) {
          const locked = await post(url, { query: '{ organization(id: "gov-31") { name } }' });
          expect(locked.ms).toBeLessThan(LOCK_TIMEOUT_MS + 2000);
          expect(locked.json.errors?.[0].extensions).toMatchObject({ code: 'TIMEOUT', limit: 'lock_timeout' });
          expect(locked.json.errors?.[0].message).toContain('lock_timeout');
          const other = await post(url, CHEAP);
          expect(other.ms).toBeLessThan(LOCK_TIMEOUT_MS + 2000);
          expect(other.json.data).toEqual({ region: { name: '陕西省' } });
        }
      });
      // Once the lock is gone, the same query answers.
      expect((await post(hub.url, { query: '{ organization(id: "gov-31") { name } }' })).json.data).toEqual({ organization: { name: '上海市人民政府' } });
    } finally {
      await locker.end();
      await distributed.stop();
    }
  });

  it("limits each client's rate by its token's subject, else its address: 429 with Retry-After", async () => {
    const gateway = await gatewayWith({ rateLimit: 3, rateWindowMs: 60_000 });
    try {
      const as = async (sub: string) => ({ authorization: `Bearer ${await tokenFor({ role: 'PUBLIC', sub })}` });
      for (let i = 0; i < 3; i++) expect((await post(gateway.url, CHEAP, await as('rate-a'))).status).toBe(200);
      const over = await post(gateway.url, CHEAP, await as('rate-a'));
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(over.json.errors![0].extensions).toEqual({ code: 'RATE_LIMITED', limit: 'rate', maximum: 3, windowMs: 60_000 });
      // Another subject, and the anonymous callers of this address, have their own counts.
      expect((await post(gateway.url, CHEAP, await as('rate-b'))).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await post(gateway.url, CHEAP)).status).toBe(200);
      expect((await post(gateway.url, CHEAP)).status).toBe(429);
    } finally {
      await gateway.stop();
    }
  });

  it("sets Node's request and headers timeouts on every server", async () => {
    const { httpServer, stop } = await gatewayWith({});
    try {
      expect(httpServer.requestTimeout).toBe(SERVER_TIMEOUTS.requestTimeout);
      expect(httpServer.headersTimeout).toBe(SERVER_TIMEOUTS.headersTimeout);
      expect(SERVER_TIMEOUTS.requestTimeout).toBeLessThan(300_000);
    } finally {
      await stop();
    }
  });
});

describe('malformed requests', () => {
  const noHtmlNoStack = (answer: Answer) => {
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.text).not.toMatch(/<html|<pre|at .*\.(ts|js):\d+/i);
  };

  it('answer a body over the limit with 413 and malformed JSON with 400, in JSON shaped as GraphQL errors', async () => {
    const large = await post(hub.url, { query: `${' '.repeat(300_000)}{ __typename }` });
    expect(large.status).toBe(413);
    noHtmlNoStack(large);
    expect(large.json.errors![0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 'body', maximum: DEFAULT_LIMITS.maxBodyBytes });
    expect(large.json.errors![0].extensions!.value).toBeGreaterThan(300_000);

    const malformed = await post(hub.url, '{"query": "{ region(code: \\"61\\") { name } }"');
    expect(malformed.status).toBe(400);
    noHtmlNoStack(malformed);
    expect(malformed.json).toEqual({ errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('answer malformed JSON to a subgraph server in JSON too', async () => {
    const { app, server } = await createSubgraphApp(hub.runtimes.get('registry')!, { gatewaySecret: TEST_GATEWAY_SECRET });
    const { port, httpServer } = await listen(app, 0, '127.0.0.1');
    try {
      const malformed = await post(`http://127.0.0.1:${port}/graphql`, '{"query": ');
      expect(malformed.status).toBe(400);
      noHtmlNoStack(malformed);
      expect(malformed.json.errors![0].extensions).toEqual({ code: 'BAD_REQUEST' });
    } finally {
      await server.stop();
      await new Promise((resolve) => httpServer.close(resolve));
    }
  });
});
