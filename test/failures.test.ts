import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { log } from '../lib/log.js';
import { militaryUnitId } from '../lib/org-ids.js';
import { ADMIN, startFixtureHub, tearDown, type GraphQLResponse, type Hub, type TestDatabase } from './harness.js';

/**
 * A channel down or slow costs only its own fields (gateway/failures.ts, the nullable channel
 * fields of the SDL): the distributed hub with one subgraph's HTTP server stopped, or hanging.
 */
let db: TestDatabase;
let hub: Hub;
let healthy: GraphQLResponse;
const HOSPITAL = militaryUnitId('联勤保障部队第九八八医院');

const PLACE = `{ region(code: "610426") {
  name poverty { exitYear } ancestors { name }
  designatedAssistance(includeAncestors: true) { id helper { name } }
  eastWestPairings(includeAncestors: true) { id helper { name } }
  militaryAssistance(includeAncestors: true, includeDescendants: true) { id helper { name } kind }
  partyAssistance(includeAncestors: true) { id helper { name } }
  enterpriseAssistance(includeAncestors: true) { id helper { name } }
} }`;
const CHANNELS = ['designatedAssistance', 'eastWestPairings', 'militaryAssistance', 'partyAssistance', 'enterpriseAssistance'];

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({ topology: 'distributed' }));
  // Military help on 永寿县 itself, so the channel that fails has something to lose.
  const created = await hub.query(
    `mutation($input: CreateMilitaryAssistanceInput!) { createMilitaryAssistance(input: $input) { id } }`,
    { input: { unitId: HOSPITAL, helpedCode: '610426', kind: 'COUNTY_HOSPITAL', since: '2018-03-01' } },
    ADMIN,
  );
  expect(created.errors).toBeUndefined();
  healthy = await hub.query(PLACE);
});
afterAll(() => tearDown(db, hub));

/** Stop a subgraph's HTTP server, its kept-alive connections too, as a killed process would; returns how to start it again on its port. */
async function kill(name: string): Promise<() => Promise<void>> {
  const server = hub.subgraphServers[name];
  const { port } = server.address() as { port: number };
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
}

/** Make a subgraph hang: each request waits `ms`, then its connection is cut, no answer given. Returns the undo. */
function hang(name: string, ms: number): () => void {
  const server: Server = hub.subgraphServers[name];
  const listeners = server.listeners('request') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req) => setTimeout(() => req.socket.destroy(), ms));
  return () => {
    server.removeAllListeners('request');
    for (const l of listeners) server.on('request', l);
  };
}

/** The answer has no stack trace, no internal address, and only code and serviceName besides message and path. */
function expectCleanErrors(response: GraphQLResponse) {
  const text = JSON.stringify(response.errors);
  expect(text).not.toContain('stacktrace');
  expect(text).not.toContain('127.0.0.1');
  for (const e of response.errors ?? []) expect(Object.keys(e.extensions ?? {}).sort()).toEqual(['code', 'serviceName']);
}

describe('a view across channels with a channel down', () => {
  it.each([
    ['coverage', '{ coverage(year: 2019) { candidateCount byChannel { channel gapCount } } }', 'militaryCoveredPlaces'],
    ['assistance', '{ region(code: "610426") { assistance(includeAncestors: true) { totalCount } } }', 'militaryAssistance'],
  ])('%s is refused whole, SUBGRAPH_UNAVAILABLE naming the subgraph and its field, nothing internal', async (_view, query, field) => {
    const before = await hub.query(query);
    expect(before.errors).toBeUndefined();
    const restart = await kill('military');
    try {
      const answer = await hub.query(query);
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors![0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'military', field });
      expect(answer.errors![0].message).toContain('military');
      const text = JSON.stringify(answer.errors);
      expect(text).not.toContain('stacktrace');
      expect(text).not.toContain('127.0.0.1');
    } finally {
      await restart();
    }
    expect((await hub.query(query)).errors).toBeUndefined();
  });
});

describe('a channel that is down', () => {
  it("costs the place picture only that channel's field, with an error naming the subgraph and the path", async () => {
    expect(healthy.errors).toBeUndefined();
    expect(healthy.data!.region.militaryAssistance.map((m: { helper: { name: string } }) => m.helper.name)).toContain('联勤保障部队第九八八医院');
    const restart = await kill('military');
    try {
      const answer = await hub.query(PLACE);
      const { militaryAssistance, ...rest } = answer.data!.region;
      const { militaryAssistance: lost, ...expected } = healthy.data!.region;
      expect(lost.length).toBeGreaterThan(0);
      expect(militaryAssistance).toBeNull();
      expect(rest).toEqual(expected);
      for (const field of CHANNELS.filter((f) => f !== 'militaryAssistance')) expect(Array.isArray(rest[field]), field).toBe(true);
      expect(answer.errors).toEqual([
        {
          message: 'the military subgraph did not answer (connection refused)',
          path: ['region', 'militaryAssistance'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'military' },
        },
      ]);
      expectCleanErrors(answer);

      // A helper's picture: the organisation and its other channels stand.
      const helper = await hub.query(`{ organization(id: "${HOSPITAL}") { name kind militaryAssistance { id } partyAssistance { id } } }`);
      expect(helper.data!.organization).toEqual({ name: '联勤保障部队第九八八医院', kind: expect.any(String), militaryAssistance: null, partyAssistance: [] });
      expect(helper.errors!.map((e) => [e.path, e.extensions!.serviceName])).toEqual([[['organization', 'militaryAssistance'], 'military']]);

      // A list of places: the summary (non-null before) is null on each node, with an error on each.
      const list = await hub.query(`{ regions(filter: { povertyCounty: true, within: "6104" }, first: 3) {
        edges { node { code militarySummary { assistanceCount } partyAssistance(includeAncestors: true) { id } } }
      } }`);
      const nodes = list.data!.regions.edges.map((e: { node: unknown }) => e.node);
      expect(nodes.length).toBe(3);
      for (const n of nodes) {
        expect(n.militarySummary).toBeNull();
        expect(n.partyAssistance.length).toBeGreaterThan(0);
      }
      expect(list.errors!.map((e) => e.path)).toEqual(nodes.map((_: unknown, i: number) => ['regions', 'edges', i, 'node', 'militarySummary']));
      expectCleanErrors(list);
    } finally {
      await restart();
    }
    // Started again: the whole picture answers at once.
    const again = await hub.query(PLACE);
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(healthy.data);
  });

  it('costs only its fields when it hangs and gives no answer, once the connection ends', async () => {
    const HANG = 1500;
    const undo = hang('eastwest', HANG);
    try {
      const started = performance.now();
      const answer = await hub.query(PLACE);
      expect(performance.now() - started).toBeGreaterThanOrEqual(HANG - 50);
      const { eastWestPairings, ...rest } = answer.data!.region;
      const { eastWestPairings: _lost, ...expected } = healthy.data!.region;
      expect(eastWestPairings).toBeNull();
      expect(rest).toEqual(expected);
      expect(answer.errors).toEqual([
        {
          message: 'the eastwest subgraph did not answer (connection lost)',
          path: ['region', 'eastWestPairings'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'eastwest' },
        },
      ]);
      expectCleanErrors(answer);
    } finally {
      undo();
    }
    expect((await hub.query(PLACE)).data).toEqual(healthy.data);
  });
});

describe('the log of a failing subgraph', () => {
  it('says it once per interval with the count, not once per request, and without a stack trace', async () => {
    const lines: unknown[][] = [];
    const spies = [
      ...(['fatal', 'error', 'warn', 'info'] as const).map((level) => vi.spyOn(log, level).mockImplementation((...args: unknown[]) => void lines.push(args))),
      ...(['error', 'warn', 'log'] as const).map((level) => vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args))),
    ];
    type Failure = { subgraph: string; failures: number; reason: string };
    const enterprises = () => lines.map(([f]) => f as Failure).filter((f) => f.subgraph === 'enterprises');
    const restart = await kill('enterprises');
    const started = performance.now();
    const sum = () => enterprises().reduce((n, f) => n + f.failures, 0);
    try {
      for (let i = 0; i < 200; i++) {
        const answer = await hub.query(PLACE);
        expect(answer.data!.region.enterpriseAssistance).toBeNull();
        expect(answer.errors![0].extensions!.serviceName).toBe('enterprises');
      }
      // The line of the first failure at once; the count of the others when each interval ends.
      await vi.waitFor(() => expect(sum()).toBe(200), { timeout: 12_000, interval: 200 });
    } finally {
      await restart();
      for (const s of spies) s.mockRestore();
    }
    // One line at once, then one per 10-second interval the failures went on (two or three here).
    const intervals = Math.ceil((performance.now() - started) / 10_000);
    expect(enterprises().length).toBeLessThanOrEqual(1 + intervals);
    expect(enterprises().every((f) => f.reason === 'connection refused')).toBe(true);
    // Every other line is an earlier test's subgraph closing its interval.
    expect(lines.every(([f]) => typeof (f as Failure).subgraph === 'string')).toBe(true);
    expect(lines.length - enterprises().length).toBeLessThanOrEqual(2);
    expect(JSON.stringify(lines)).not.toMatch(/stack|\n\s+at /);
  }, 120_000);
});
