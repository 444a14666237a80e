import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLoadingFront } from '../gateway/loading.js';
import { createLog } from '../lib/log.js';
import { listen } from '../lib/listen.js';
import { startTracing } from '../lib/tracing.js';
import { subgraphs } from '../subgraphs/index.js';
import { countStatements, createTestDatabase, seedFixture, startHub, tokenFor, type Hub, type TestDatabase } from './harness.js';

/**
 * Operating the hub (docs/operations.md): one log line per request, carrying its id from the
 * gateway to each subgraph; /metrics behind its token; traces joined across the subgraph calls;
 * /live, /ready and /health.
 */
const PLACE = `query PlacePicture { region(code: "610426") {
  name poverty { exitYear } ancestors { name }
  designatedAssistance(includeAncestors: true) { id helper { name } }
  eastWestPairings(includeAncestors: true) { id helper { name } }
  militaryAssistance(includeAncestors: true, includeDescendants: true) { id helper { name } kind }
  partyAssistance(includeAncestors: true) { id helper { name } }
  enterpriseAssistance(includeAncestors: true) { id helper { name } }
  localCoverage(year: 2019) { poorVillages households }
} }`;
const METRICS_TOKEN = 'metrics-token-for-the-tests';
/** Every subgraph logs, measures and traces; PLACE asks each of them a field. */
const SUBGRAPHS = subgraphs.map((s) => s.name);

type Line = Record<string, unknown> & { msg: string };

/** A logger whose JSON lines the test reads. */
function capturedLog() {
  const lines: Line[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as Line);
      done();
    },
  });
  return { logger: createLog({ level: 'info', destination }), lines };
}

async function post(url: string, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { response, body: (await response.json()) as { data?: any; errors?: { extensions?: Record<string, unknown> }[] } };
}

const origin = (url: string) => new URL(url).origin;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedFixture(db.database, { demo: true });
}, 240_000);
afterAll(async () => {
  await db?.drop();
});

describe('the log (distributed)', () => {
  let hub: Hub;
  const { logger, lines } = capturedLog();
  beforeAll(async () => {
    hub = await startHub({ database: db.database, topology: 'distributed', logger });
  });
  afterAll(() => hub?.stop());

  it("has one line per request at the gateway, and the subgraphs' lines carry its request id", async () => {
    const token = await tokenFor({ role: 'ADMIN', sub: 'zhang-san-private-subject' });
    const { response, body } = await post(hub.url, PLACE, { authorization: `Bearer ${token}`, 'x-request-id': 'place-610426-a1' });
    expect(body.errors).toBeUndefined();
    expect(response.headers.get('x-request-id')).toBe('place-610426-a1');
    await vi.waitFor(() => expect(lines.some((l) => l.server === 'gateway' && l.requestId === 'place-610426-a1')).toBe(true));

    const mine = lines.filter((l) => l.requestId === 'place-610426-a1');
    const gateway = mine.filter((l) => l.server === 'gateway');
    expect(gateway).toHaveLength(1);
    expect(gateway[0]).toMatchObject({ level: 30, msg: 'request', operation: 'PlacePicture', role: 'ADMIN', status: 200, outcome: 'ok' });
    expect(gateway[0].ms).toBeGreaterThan(0);
    const subgraphLines = mine.filter((l) => l.server !== 'gateway' && l.msg === 'request');
    expect(new Set(subgraphLines.map((l) => l.server))).toEqual(new Set(SUBGRAPHS));
    for (const l of subgraphLines) expect(l).toMatchObject({ role: 'ADMIN', outcome: 'ok' });
    // The gateway's calls (its plan names them after the operation); a channel's registry
    // lookups are the registry's other lines, counted in the channel's line as well.
    const calls = subgraphLines.filter((l) => /^PlacePicture__/.test(l.operation as string));
    expect(new Set(calls.map((l) => l.server))).toEqual(new Set(SUBGRAPHS));
    // The statements each call told the gateway, summed.
    const issued = calls.reduce((n, l) => n + (l.statements as number), 0);
    expect(issued).toBeGreaterThan(subgraphLines.length);
    expect(gateway[0].statements).toBe(issued);
    // The caller's role, never who the caller is.
    expect(JSON.stringify(lines)).not.toContain('zhang-san-private-subject');
  });

  it('makes up an id for a request without a sane one, and logs the outcome of a refused operation', async () => {
    const before = lines.length;
    const { response, body } = await post(hub.url, '{ region(code: "610426") { nosuchfield } }', { 'x-request-id': 'has spaces; and {braces}' });
    expect(body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const id = response.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await vi.waitFor(() => expect(lines.slice(before).some((l) => l.requestId === id)).toBe(true));
    const line = lines.slice(before).find((l) => l.requestId === id)!;
    expect(line).toMatchObject({ server: 'gateway', operation: 'anonymous', role: 'PUBLIC', status: 400, outcome: 'GRAPHQL_VALIDATION_FAILED', statements: 0 });
  });
});

describe('/metrics (embedded)', () => {
  let hub: Hub;
  let plain: Hub;
  const { logger, lines } = capturedLog();
  const metricsUrl = () => `${origin(hub.url)}/metrics`;
  const scrape = async () => {
    const response = await fetch(metricsUrl(), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };
  beforeAll(async () => {
    hub = await startHub({ database: db.database, metricsToken: METRICS_TOKEN, logger, limits: { maxDepth: 8 } });
    plain = await startHub({ database: db.database });
  });
  afterAll(async () => {
    await hub?.stop();
    await plain?.stop();
  });

  it('is 404 without the token, with a wrong one, and on a hub given none', async () => {
    expect((await fetch(metricsUrl())).status).toBe(404);
    expect((await fetch(metricsUrl(), { headers: { authorization: 'Bearer wrong' } })).status).toBe(404);
    expect((await fetch(metricsUrl(), { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).status).toBe(404);
    expect((await fetch(`${origin(plain.url)}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
  });

  it("shows the place picture's operation, a latency observation and its statements", async () => {
    const { result, statements: issued } = await countStatements(db.database, () => post(hub.url, PLACE));
    expect(result.body.errors).toBeUndefined();
    const id = result.response.headers.get('x-request-id');
    await vi.waitFor(() => expect(lines.some((l) => l.requestId === id)).toBe(true));
    const statements = lines.find((l) => l.requestId === id)!.statements as number;
    // Embedded: every statement the database saw for it, the registry lookups of the channels too.
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBe(issued);

    const text = await scrape();
    expect(text).toContain('bangfu_requests_total{operation="PlacePicture",outcome="ok"} 1');
    expect(text).toContain('bangfu_request_duration_seconds_count{operation="PlacePicture"} 1');
    expect(text).toMatch(/bangfu_request_duration_seconds_bucket\{le="30",operation="PlacePicture"\} 1/);
    expect(text).toContain(`bangfu_sql_statements_total{operation="PlacePicture"} ${statements}`);
    expect(text).toMatch(/bangfu_sql_seconds_total\{operation="PlacePicture"\} [\d.e-]+/);
    for (const s of SUBGRAPHS) expect(text).toMatch(new RegExp(`bangfu_subgraph_fetch_duration_seconds_count\\{subgraph="${s}"\\} [1-9]`));
    expect(text).toContain('bangfu_admission_queue_length 0');
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
    expect(text).toMatch(/nodejs_heap_size_used_bytes \d+/);
  });

  it('counts refusals by limit, and requests by their error code', async () => {
    const deep = `query TooDeep { region(code: "610426") { parent { parent { parent { children { edges { node { children { edges { node { name } } } } } } } } } } }`;
    const { body } = await post(hub.url, deep);
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth' });
    const tooBig = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(300_000) }),
    });
    expect(tooBig.status).toBe(413);
    const text = await scrape();
    expect(text).toContain('bangfu_rejections_total{limit="depth"} 1');
    expect(text).toContain('bangfu_rejections_total{limit="body"} 1');
    expect(text).toMatch(/bangfu_requests_total\{operation="anonymous",outcome="PAYLOAD_TOO_LARGE"\} 1/);
  });
});

describe('readiness', () => {
  it('embedded: /live, /ready and /health, with one database ping for the six subgraphs', async () => {
    const hub = await startHub({ database: db.database });
    const ping = vi.spyOn(db.database, 'ping');
    try {
      const base = origin(hub.url);
      expect((await fetch(`${base}/live`)).status).toBe(200);
      const ready = await fetch(`${base}/ready`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
      expect(ping).toHaveBeenCalledTimes(1);
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', gateway: 'ok', subgraphs: SUBGRAPHS.map((name) => ({ name, status: 'ok' })) });
      expect(ping).toHaveBeenCalledTimes(2);
    } finally {
      ping.mockRestore();
      await hub.stop();
    }
  });

  it('distributed: a subgraph down makes the gateway not ready, and /health says which without its address', async () => {
    const { logger } = capturedLog();
    const hub = await startHub({ database: db.database, topology: 'distributed', logger });
    try {
      const base = origin(hub.url);
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      for (const url of Object.values(hub.subgraphUrls)) {
        expect((await fetch(`${origin(url)}/live`)).status).toBe(200);
        expect(await (await fetch(`${origin(url)}/ready`)).json()).toEqual({ status: 'ready' });
      }
      const server = hub.subgraphServers.parties;
      const { port } = server.address() as AddressInfo;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      try {
        const ready = await fetch(`${base}/ready`);
        expect([ready.status, await ready.json()]).toEqual([503, { status: 'not ready', down: ['parties'] }]);
        expect((await fetch(`${base}/live`)).status).toBe(200);
        const health = await fetch(`${base}/health`);
        const text = await health.text();
        expect(health.status).toBe(503);
        expect(JSON.parse(text)).toMatchObject({ status: 'degraded', gateway: 'ok' });
        expect(JSON.parse(text).subgraphs.find((s: { name: string }) => s.name === 'parties')).toEqual({ name: 'parties', status: 'down' });
        expect(text).not.toContain('127.0.0.1');
        expect(text).not.toMatch(/ECONNREFUSED|refused/);
      } finally {
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      }
    } finally {
      await hub.stop();
    }
  });

  it('the embedded hub while it loads: /live 200, /ready 503', async () => {
    const front = createLoadingFront();
    const { port, httpServer } = await listen(front.app, 0);
    try {
      front.show('applying migrations');
      expect((await fetch(`http://127.0.0.1:${port}/live`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/ready`);
      expect([ready.status, await ready.json()]).toEqual([503, { status: 'not ready', loading: { phase: 'applying migrations' } }]);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    } finally {
      httpServer.close();
    }
  });
});

/** OTLP/HTTP JSON spans, as a collector receives them. */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

describe('traces (distributed)', () => {
  let receiver: Server;
  const spans: OtlpSpan[] = [];
  let stopTracing: () => Promise<void>;
  let hub: Hub;
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const r of body.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    stopTracing = startTracing({ serviceName: 'bangfu-test', url: `http://127.0.0.1:${port}/v1/traces` }).stop;
    hub = await startHub({ database: db.database, topology: 'distributed', logger: capturedLog().logger });
  });
  afterAll(async () => {
    await hub?.stop();
    receiver?.close();
  });

  it("gives the gateway's request span the subgraphs' spans as children, and theirs the SQL statements", async () => {
    const { body } = await post(hub.url, PLACE);
    expect(body.errors).toBeUndefined();
    // Shutting the SDK down sends every span still buffered.
    await stopTracing();
    const request = spans.filter((s) => s.name === 'gateway.request');
    expect(request).toHaveLength(1);
    const trace = spans.filter((s) => s.traceId === request[0].traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const fetches = trace.filter((s) => s.name === 'gateway.fetch');
    expect(fetches.length).toBeGreaterThanOrEqual(SUBGRAPHS.length);
    const subgraphSpans = trace.filter((s) => s.name.startsWith('subgraph '));
    expect(new Set(subgraphSpans.map((s) => s.name))).toEqual(new Set(SUBGRAPHS.map((n) => `subgraph ${n}`)));
    // Each subgraph's span is a child of a gateway fetch (through the HTTP call's traceparent),
    // except the registry's lookups made by a channel, children of that channel's span.
    for (const s of subgraphSpans) {
      const parent = byId.get(s.parentSpanId!);
      expect(parent?.name === 'gateway.fetch' || parent?.name.startsWith('subgraph ')).toBe(true);
    }
    expect(subgraphSpans.some((s) => byId.get(s.parentSpanId!)?.name === 'gateway.fetch')).toBe(true);
    // Every ancestor chain reaches the request span.
    const root = (s: OtlpSpan): OtlpSpan => (s.parentSpanId && byId.has(s.parentSpanId) ? root(byId.get(s.parentSpanId)!) : s);
    for (const s of trace) expect(root(s).spanId).toBe(request[0].spanId);
    const sql = trace.filter((s) => s.name === 'sql');
    expect(sql.length).toBeGreaterThan(0);
    for (const s of sql) expect(byId.get(s.parentSpanId!)?.name).toMatch(/^subgraph /);
  });
});
