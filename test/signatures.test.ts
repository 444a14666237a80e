import { SignJWT } from 'jose';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JWT_AUDIENCE, JWT_ISSUER } from '../gateway/auth.js';
import { createGateway } from '../gateway/gateway.js';
import { devDefault } from '../lib/env.js';
import { log } from '../lib/log.js';
import { bodyDigest, identityFromClaims, NONCE_HEADER, NonceGuard, signCall, signPost, SUBGRAPH_HEADER, type Identity } from '../lib/identity.js';
import { createSubgraphApp, listen } from '../lib/server.js';
import { readCommittedSupergraph } from '../schema/compose.js';
import {
  type As,
  coordinator,
  DRIVER,
  editor,
  snapshotSchema,
  startFixtureHub,
  tearDown,
  unauthenticated,
  TEST_GATEWAY_SECRET,
  TEST_JWT_SECRET,
  type GraphQLResponse,
  type Hub,
  type TestDatabase,
} from './harness.js';

/**
 * What a captured signature, a crafted token or a guessed id can get: nothing. Signed calls
 * bound to their subgraph, method, path and body, used once; tokens whose claims are checked
 * and which expire; development keys only on loopback; mains on HOST; production answers with
 * no schema suggestions and a /health without internals; and a record the caller may not see
 * answering as an unknown one. Distributed topology throughout (every call signed over HTTP).
 */
let db: TestDatabase;
let hub: Hub;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ANON: Identity = { sub: 'anonymous', role: 'PUBLIC', orgs: [], regions: [] };
const ADMIN_ID: Identity = { sub: 'admin-1', role: 'ADMIN', orgs: [], regions: [] };

const P1 = 'test-pe-1';
const P2 = 'test-pe-2';
const UNIT = 'test-unit';
const EDITOR_P1 = editor(P1);
const EDITOR_P2 = editor(P2);
const EDITOR_UNIT = editor(UNIT);

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({
    organizations: [
      { id: P1, name: '测试一农业有限公司', kind: 'PRIVATE_ENTERPRISE', homeRegionCode: '61', demo: false, source: 'test' },
      { id: P2, name: '测试二农业有限公司', kind: 'PRIVATE_ENTERPRISE', homeRegionCode: '61', demo: false, source: 'test' },
      { id: UNIT, name: '测试中央单位', kind: 'CENTRAL_SOE', homeRegionCode: '11', demo: false, source: 'test' },
    ],
    topology: 'distributed',
    supergraphSdl: readCommittedSupergraph(),
  }));
});
afterAll(() => tearDown(db, hub));

// ---- signed calls ---------------------------------------------------------------------------

const REGION = { query: '{ region(code: "610426") { name } }' };

/** Headers signing `body` as `hub.post` sends it, for `subgraph`, as the gateway signs. */
const sign = (subgraph: string, body: unknown, identity: Identity = ANON) =>
  signPost(identity, subgraph, hub.subgraphUrls[subgraph], JSON.stringify(body), TEST_GATEWAY_SECRET);

/** The same, signed at `now`, for `path` (default: the subgraph's). */
function signAt(subgraph: string, body: unknown, now: number, path = new URL(hub.subgraphUrls[subgraph]).pathname) {
  return signCall(ANON, { subgraph, method: 'POST', path, bodyDigest: bodyDigest(JSON.stringify(body)) }, TEST_GATEWAY_SECRET, now);
}

describe('a signature bound to its call', () => {
  it('answers a signed call once: the same headers with the same body again are refused as a replay', async () => {
    const headers = sign('registry', REGION);
    const first = await hub.post(hub.subgraphUrls.registry, REGION, headers);
    expect(first.status).toBe(200);
    expect(first.data).toEqual({ region: { name: '永寿县' } });
    unauthenticated(await hub.post(hub.subgraphUrls.registry, REGION, headers), /replayed/);
  });

  it("refuses an ADMIN read's headers with another body: no write in designated, no organisation in the registry", async () => {
    const designated = await snapshotSchema(db.database, 'designated');
    const registry = await snapshotSchema(db.database, 'registry');
    const read = { query: '{ designatedPairing(id: "dsg-p-none") { id } }' };
    const pairing = {
      query: `mutation { createDesignatedPairing(input: { helperId: "${UNIT}", helpedCode: "610426", since: "2016-01-01" }) { id } }`,
    };
    const organisation = { query: 'mutation { createOrganization(input: { name: "冒名基金会", kind: SOCIAL_ORGANIZATION }) { id } }' };
    // Not yet used: refused for its body alone, and the refused attempt does not spend it.
    const unused = sign('designated', read, ADMIN_ID);
    unauthenticated(await hub.post(hub.subgraphUrls.designated, pairing, unused), /invalid gateway signature/);
    expect((await hub.post(hub.subgraphUrls.designated, read, unused)).data).toEqual({ designatedPairing: null });
    // Used: refused with another body as well as with its own.
    unauthenticated(await hub.post(hub.subgraphUrls.designated, pairing, unused), /invalid gateway signature/);
    const forRegistry = sign('registry', REGION, ADMIN_ID);
    expect((await hub.post(hub.subgraphUrls.registry, REGION, forRegistry)).status).toBe(200);
    unauthenticated(await hub.post(hub.subgraphUrls.registry, organisation, forRegistry), /invalid gateway signature/);
    expect(await snapshotSchema(db.database, 'designated')).toEqual(designated);
    expect(await snapshotSchema(db.database, 'registry')).toEqual(registry);
  });

  it('refuses a signature made for one subgraph at another, and one whose subgraph was rewritten', async () => {
    const body = { query: '{ _service { sdl } }' };
    unauthenticated(await hub.post(hub.subgraphUrls.registry, body, sign('designated', body)), /signed for another subgraph/);
    const rewritten = { ...sign('designated', body), [SUBGRAPH_HEADER]: 'registry' };
    unauthenticated(await hub.post(hub.subgraphUrls.registry, body, rewritten), /invalid gateway signature/);
  });

  it('refuses a signature for another path, or with its nonce changed', async () => {
    unauthenticated(await hub.post(hub.subgraphUrls.registry, REGION, signAt('registry', REGION, Date.now(), '/other/graphql')), /invalid gateway signature/);
    const renonced = { ...sign('registry', REGION), [NONCE_HEADER]: 'AAAAAAAAAAAAAAAAAAAAAAAA' };
    unauthenticated(await hub.post(hub.subgraphUrls.registry, REGION, renonced), /invalid gateway signature/);
  });

  it('refuses a signature older, or further ahead, than the window (60 s), and honours a configured window', async () => {
    const now = Date.now();
    unauthenticated(await hub.post(hub.subgraphUrls.registry, REGION, signAt('registry', REGION, now - 61_000)), /expired/);
    unauthenticated(await hub.post(hub.subgraphUrls.registry, REGION, signAt('registry', REGION, now + 61_000)), /expired/);
    expect((await hub.post(hub.subgraphUrls.registry, REGION, signAt('registry', REGION, now - 30_000))).status).toBe(200);
    // The same registry behind a 5-second window: 30 s is too old there.
    const { app, server } = await createSubgraphApp(hub.runtimes.get('registry')!, { gatewaySecret: TEST_GATEWAY_SECRET, signatureWindowMs: 5_000 });
    const { port, httpServer } = await listen(app, 0, '127.0.0.1');
    try {
      const url = `http://127.0.0.1:${port}/graphql`;
      const at = (ms: number) =>
        signCall(ANON, { subgraph: 'registry', method: 'POST', path: '/graphql', bodyDigest: bodyDigest(JSON.stringify(REGION)) }, TEST_GATEWAY_SECRET, ms);
      unauthenticated(await hub.post(url, REGION, at(Date.now() - 30_000)), /expired/);
      expect((await hub.post(url, REGION, at(Date.now() - 2_000))).status).toBe(200);
    } finally {
      await server.stop();
      await new Promise((resolve) => httpServer.close(resolve));
    }
  });

  it('checks _service and _entities the same way: once each', async () => {
    for (const body of [
      { query: '{ _service { sdl } }' },
      { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { name } } }', variables: { r: [{ __typename: 'Region', code: '61' }] } },
    ]) {
      const headers = sign('registry', body);
      const first = await hub.post(hub.subgraphUrls.registry, body, headers);
      expect(first.status).toBe(200);
      expect(first.errors).toBeUndefined();
      unauthenticated(await hub.post(hub.subgraphUrls.registry, body, headers), /replayed/);
    }
  });

  it('refuses a signed identity whose claims are not valid: a LIKE pattern as a region', async () => {
    const body = { query: '{ region(code: "61") { name } }' };
    const widened = { sub: 'c', role: 'COORDINATOR', orgs: [], regions: ['%'] } as Identity;
    unauthenticated(await hub.post(hub.subgraphUrls.enterprises, body, sign('enterprises', body, widened)), /malformed identity/);
  });

  it('keeps each nonce for the window and forgets it after', () => {
    const guard = new NonceGuard(60_000);
    const t = 1_700_000_000_000;
    expect(guard.claim('nonce-aaaaaaaaaaaaaaaa', t, t)).toBe(true);
    expect(guard.claim('nonce-aaaaaaaaaaaaaaaa', t, t + 59_000)).toBe(false);
    expect(guard.claim('nonce-bbbbbbbbbbbbbbbb', t + 61_000, t + 61_000)).toBe(true);
    expect(guard.size).toBe(1); // the first is gone: its timestamp alone now refuses it
  });
});

// ---- bearer tokens --------------------------------------------------------------------------

/** A token with exactly these claims (exp/iat in seconds; null leaves them out). */
async function token(claims: Record<string, unknown>, times: { exp?: number | null; iat?: number | null } = {}) {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ sub: 'tester', ...claims }).setProtectedHeader({ alg: 'HS256' }).setIssuer(JWT_ISSUER).setAudience(JWT_AUDIENCE);
  const iat = times.iat === undefined ? now : times.iat;
  const exp = times.exp === undefined ? now + 3600 : times.exp;
  if (iat !== null) jwt = jwt.setIssuedAt(iat);
  if (exp !== null) jwt = jwt.setExpirationTime(exp);
  return jwt.sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

const asBearer = (jwt: string, query: string, variables?: Record<string, unknown>) =>
  hub.post(hub.url, { query, variables }, { authorization: `Bearer ${jwt}` });

describe('bearer tokens', () => {
  const READ = '{ region(code: "61") { name } }';

  it('refuses a token without exp, with an unknown role or with none (401), where the same read anonymous works', async () => {
    expect((await hub.query(READ)).data).toEqual({ region: { name: '陕西省' } });
    unauthenticated(await asBearer(await token({ role: 'ADMIN' }, { exp: null }), READ), /"exp" claim/);
    unauthenticated(await asBearer(await token({ role: 'SUPERUSER' }), READ), /role/);
    unauthenticated(await asBearer(await token({}), READ), /role/);
    unauthenticated(await asBearer(await token({ role: 'EDITOR' }, { exp: null, iat: null }), READ), /"exp" claim/);
    expect((await asBearer(await token({ role: 'PUBLIC' }), READ)).data).toEqual({ region: { name: '陕西省' } });
  });

  it('refuses a token living longer than the maximum lifetime (24 h)', async () => {
    const now = Math.floor(Date.now() / 1000);
    unauthenticated(await asBearer(await token({ role: 'ADMIN' }, { exp: now + 25 * 3600 }), READ), /at most 86400 seconds/);
    unauthenticated(await asBearer(await token({ role: 'ADMIN' }, { iat: now - 47 * 3600, exp: now + 3600 }), READ), /at most 86400 seconds/);
    expect((await asBearer(await token({ role: 'ADMIN' }, { exp: now + 23 * 3600 }), READ)).status).toBe(200);
  });

  it('refuses regions that are not division codes, and organisation ids and offices of another shape', async () => {
    for (const regions of [['%'], ['6_'], ['61%'], [''], ['61', 'xx'], [61], '61']) {
      unauthenticated(await asBearer(await token({ role: 'COORDINATOR', regions }), READ), /regions claim/);
    }
    for (const orgs of [['%'], ['gov 52'], ["gov-52' or 1=1"], 'gov-52']) {
      unauthenticated(await asBearer(await token({ role: 'EDITOR', orgs }), READ), /orgs claim/);
    }
    unauthenticated(await asBearer(await token({ role: 'COORDINATOR', regions: ['61'], office: 'EAST WEST;' }), READ), /office claim/);
  });

  it('keeps regions canonical: 610426000000 is 永寿县', () => {
    expect(identityFromClaims({ sub: 'c', role: 'COORDINATOR', regions: ['610426000000', '610000', '６１０４'] }).regions).toEqual(['610426', '61', '6104']);
  });

  it('lets no LIKE pattern widen a coordinator: a `%` region is refused, and a coordinator reads unpublished records of its own place only', async () => {
    const created = await hub.query(
      `mutation { recordEnterpriseContribution(input: { helperId: "${P1}", helpedCode: "610426", kind: PURCHASE, date: "2019-05-05", disbursed: "12.00", published: false }) { id } }`,
      {},
      EDITOR_P1,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.recordEnterpriseContribution.id as string;
    const read = `{ enterpriseContribution(id: "${id}") { id published } }`;
    unauthenticated(await asBearer(await token({ role: 'COORDINATOR', regions: ['%'] }), read), /regions claim/);
    unauthenticated(await asBearer(await token({ role: 'COORDINATOR', regions: ['6%'] }), read), /regions claim/);
    expect((await hub.query(read, {}, { role: 'COORDINATOR', regions: ['610430'] })).data).toEqual({ enterpriseContribution: null });
    expect((await hub.query(read, {}, { role: 'COORDINATOR', regions: ['61'] })).data).toEqual({ enterpriseContribution: { id, published: false } });
    expect((await asBearer(await token({ role: 'COORDINATOR', regions: ['610426000000'] }), read)).data).toEqual({
      enterpriseContribution: { id, published: false },
    });
  });

  it('mints with `npm run token` within the maximum lifetime only', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/mint-token.ts', '--role', 'ADMIN', '--hours', '48'], {
      cwd: ROOT,
      env: { ...process.env, JWT_SECRET: TEST_JWT_SECRET },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/--hours must be a whole number from 1 to 24/);
  });
});

// ---- development secrets ----------------------------------------------------------------------

describe('the development key', () => {
  const saved = { HOST: process.env.HOST, JWT_SECRET: process.env.JWT_SECRET, NODE_ENV: process.env.NODE_ENV };
  const restore = () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };

  it('is used on loopback only, with a warning; elsewhere the process refuses, saying what to set', () => {
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => {});
    try {
      delete process.env.JWT_SECRET;
      delete process.env.NODE_ENV;
      delete process.env.HOST;
      expect(devDefault('JWT_SECRET', 'dev-key')).toBe('dev-key');
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/WARNING: JWT_SECRET is not set: using the PUBLIC development key/));
      for (const host of ['0.0.0.0', '::', '192.168.1.10', '']) {
        process.env.HOST = host;
        expect(() => devDefault('JWT_SECRET', 'dev-key'), host).toThrow(/JWT_SECRET is not set and HOST=.* is not a loopback address.*Set JWT_SECRET/);
      }
      process.env.HOST = '0.0.0.0';
      process.env.JWT_SECRET = 'a-secret-set-by-the-operator';
      expect(devDefault('JWT_SECRET', 'dev-key')).toBe('a-secret-set-by-the-operator');
    } finally {
      restore();
      warn.mockRestore();
    }
  });

  it('is refused by `npm run token` with HOST=0.0.0.0', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOST: '0.0.0.0' };
    delete env.JWT_SECRET;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/mint-token.ts', '--role', 'ADMIN'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/JWT_SECRET is not set and HOST=0\.0\.0\.0 is not a loopback address/);
  });
});

// ---- production -----------------------------------------------------------------------------

/** A free port, closed again: nothing listens there. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function gatewayOver(subgraphs: Record<string, { url: string }>, opts: { secret?: string; production?: boolean } = {}) {
  const saved = process.env.NODE_ENV;
  if (opts.production) process.env.NODE_ENV = 'production';
  try {
    const gateway = await createGateway({
      supergraphSdl: readCommittedSupergraph(),
      subgraphs,
      jwt: { secret: TEST_JWT_SECRET },
      gatewaySecret: opts.secret ?? TEST_GATEWAY_SECRET,
    });
    const { port, httpServer } = await gateway.listen(0, '127.0.0.1');
    return {
      url: `http://127.0.0.1:${port}`,
      stop: async () => {
        await gateway.stop();
        await new Promise((resolve) => httpServer.close(resolve));
      },
    };
  } finally {
    if (saved === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = saved;
  }
}

const remote = () => Object.fromEntries(Object.entries(hub.subgraphUrls).map(([name, url]) => [name, { url }]));

describe('production hides internals', () => {
  const MISSPELT = '{ regin(code: "61") { name } }';

  it('gives no field suggestions with NODE_ENV=production; development does', async () => {
    const development = await hub.post(hub.url, { query: MISSPELT });
    expect(development.errors?.[0].message).toMatch(/Did you mean "region"/);
    const production = await gatewayOver(remote(), { production: true });
    try {
      const answer = await hub.post(`${production.url}/graphql`, { query: MISSPELT });
      expect(answer.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(answer.errors?.[0].message).toMatch(/Cannot query field "regin"/);
      expect(JSON.stringify(answer)).not.toMatch(/Did you mean|"region"/);
    } finally {
      await production.stop();
    }
  });

  it('answers /health with each subgraph by name, ok or down, and no URL or error', async () => {
    const healthy = (await (await fetch(hub.url.replace('/graphql', '/health'))).json()) as { subgraphs: Record<string, unknown>[] };
    for (const s of healthy.subgraphs) expect(Object.keys(s).sort()).toEqual(['name', 'status']);
    expect(JSON.stringify(healthy)).not.toMatch(/http|127\.0\.0\.1/);

    const error = vi.spyOn(log, 'error').mockImplementation(() => {});
    const port = await closedPort();
    const degraded = await gatewayOver({ ...remote(), designated: { url: `http://127.0.0.1:${port}/graphql` } });
    try {
      const response = await fetch(`${degraded.url}/health`);
      const body = (await response.json()) as { status: string; subgraphs: { name: string; status: string }[] };
      expect(response.status).toBe(503);
      expect(body.subgraphs.find((s) => s.name === 'designated')).toEqual({ name: 'designated', status: 'down' });
      expect(JSON.stringify(body)).not.toMatch(/http|127\.0\.0\.1|fetch failed|ECONNREFUSED|\d{4,5}/);
      // The reason goes to the log.
      expect(error).toHaveBeenCalledWith(expect.objectContaining({ subgraph: 'designated', err: expect.any(Error) }), 'health: a subgraph is down');
    } finally {
      await degraded.stop();
      error.mockRestore();
    }
  });

  it("tells a client nothing of a subgraph refusing the gateway's call: no URL, no subgraph answer", async () => {
    const error = vi.spyOn(log, 'warn').mockImplementation(() => {});
    const misconfigured = await gatewayOver(remote(), { secret: 'a-gateway-secret-the-subgraphs-do-not-share' });
    try {
      const answer = await hub.post(`${misconfigured.url}/graphql`, { query: '{ region(code: "61") { name } }' });
      // The client learns which subgraph did not answer and which field is missing, nothing more.
      expect(answer.errors?.[0]).toEqual({
        message: 'the registry subgraph did not answer (HTTP 401)',
        path: ['region'],
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'registry' },
      });
      expect(JSON.stringify(answer)).not.toMatch(/http|127\.0\.0\.1|gateway signature/);
    } finally {
      await misconfigured.stop();
      error.mockRestore();
    }
  });
});

// ---- HOST -----------------------------------------------------------------------------------

/** Start a main; resolves with the address it reports listening on, or rejects with its output when it exits. */
function startMain(script: string, env: NodeJS.ProcessEnv): Promise<{ address: string; port: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on \[?([^\s\]]*)\]?:(\d+)\/graphql/.exec(out);
      if (m) {
        const exited = new Promise<void>((done) => child.once('exit', () => done()));
        resolve({
          address: m[1],
          port: Number(m[2]),
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${out}`)));
  });
}

/** Does a TCP connection to host:port open? */
async function opens(host: string, port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** This machine's non-loopback IPv4 address, if it has one. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

const SECRETS = { JWT_SECRET: 'j'.repeat(64), GATEWAY_SECRET: 'g'.repeat(64) };

describe('HOST', () => {
  it('the distributed gateway listens on 127.0.0.1 when HOST is unset, and refuses a short secret', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...SECRETS, PORT: '0', NODE_ENV: 'production' };
    delete env.HOST;
    for (const name of Object.keys(hub.subgraphUrls)) env[`${name.toUpperCase()}_URL`] = hub.subgraphUrls[name];
    await expect(startMain('gateway/main.ts', { ...env, GATEWAY_SECRET: 'short' })).rejects.toThrow(/GATEWAY_SECRET is too short/);
    const main = await startMain('gateway/main.ts', env);
    try {
      expect(main.address).toBe('127.0.0.1');
      expect(await opens('127.0.0.1', main.port)).toBe(true);
      if (outside) expect(await opens(outside, main.port)).toBe(false);
    } finally {
      await main.stop();
    }
  }, 60_000);

  it.skipIf(DRIVER !== 'postgres')(
    'a subgraph main listens on HOST=127.0.0.1',
    async () => {
      const adminUrl = process.env.TEST_DATABASE_URL!;
      const name = `bangfu_host_${process.pid}_${Date.now()}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE DATABASE "${name}"`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      try {
        const main = await startMain('subgraphs/registry/main.ts', { ...process.env, ...SECRETS, DATABASE_URL: url.toString(), HOST: '127.0.0.1', PORT: '0' });
        try {
          expect(main.address).toBe('127.0.0.1');
          expect(await opens('127.0.0.1', main.port)).toBe(true);
          if (outside) expect(await opens(outside, main.port)).toBe(false);
        } finally {
          await main.stop();
        }
      } finally {
        await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      }
    },
    60_000,
  );
});

// ---- a record the caller may not see ----------------------------------------------------------

/** An error as a caller sees it, with the id it names replaced: what tells one id from another. */
const shape = (response: GraphQLResponse, id: string) => {
  expect(response.errors, JSON.stringify(response.data)).toHaveLength(1);
  return JSON.parse(JSON.stringify(response.errors![0]).replaceAll(id, '<id>'));
};

describe('a record the caller may not see answers as an unknown one', () => {
  let village = '';
  beforeAll(async () => {
    const villages = await hub.query(`{ regions(filter: { within: "610426", level: VILLAGE }, first: 1) { edges { node { code } } } }`);
    village = villages.data!.regions.edges[0].node.code;
  });

  it('enterprises: updating or ending an unpublished record of another organisation, or giving under its compact', async () => {
    const compact = await hub.query(
      `mutation { createVillageCompact(input: { helperId: "${P1}", villageCode: "${village}", since: "2019-01-01", published: false }) { id } }`,
      {},
      EDITOR_P1,
    );
    const contribution = await hub.query(
      `mutation { recordEnterpriseContribution(input: { helperId: "${P1}", helpedCode: "${village}", kind: PURCHASE, date: "2019-06-06", disbursed: "5.00", published: false }) { id } }`,
      {},
      EDITOR_P1,
    );
    const compactId = compact.data!.createVillageCompact.id as string;
    const contributionId = contribution.data!.recordEnterpriseContribution.id as string;
    const unknownCompact = 'ent-vc-999999';
    const unknownContribution = 'ent-ct-999999';
    const before = await snapshotSchema(db.database, 'enterprises');

    const update = (id: string) => hub.query(`mutation { updateEnterpriseContribution(id: "${id}", input: { disbursed: "1.00" }) { id } }`, {}, EDITOR_P2);
    const hidden = shape(await update(contributionId), contributionId);
    expect(hidden.extensions.code).toBe('NOT_FOUND');
    expect(hidden).toEqual(shape(await update(unknownContribution), unknownContribution));

    const end = (id: string) => hub.query(`mutation { endVillageCompact(id: "${id}", until: "2020-01-01") { id } }`, {}, EDITOR_P2);
    expect(shape(await end(compactId), compactId)).toEqual(shape(await end(unknownCompact), unknownCompact));

    const give = (id: string) =>
      hub.query(
        `mutation { recordEnterpriseContribution(input: { helperId: "${P2}", helpedCode: "${village}", kind: PURCHASE, date: "2019-07-07", disbursed: "3.00", compactId: "${id}" }) { id } }`,
        {},
        EDITOR_P2,
      );
    const under = shape(await give(compactId), compactId);
    expect(under.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.compactId' });
    expect(under).toEqual(shape(await give(unknownCompact), unknownCompact));
    expect(await snapshotSchema(db.database, 'enterprises')).toEqual(before);

    // The owner still gets the refusals that name it.
    const own = await hub.query(`mutation { endVillageCompact(id: "${compactId}", until: "2018-01-01") { id } }`, {}, EDITOR_P1);
    expect(own.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'until' });
  });

  it('designated: moving on a report not yet approved, for an editor of another organisation and an office elsewhere', async () => {
    const pairing = await hub.query(
      `mutation { createDesignatedPairing(input: { helperId: "${UNIT}", helpedCode: "610430", since: "2016-01-01" }) { id } }`,
      {},
      { role: 'ADMIN' },
    );
    expect(pairing.errors).toBeUndefined();
    const measures = `{ fundsInvested: "1.00", fundsIntroduced: "0", localCadresTrained: 1, techniciansTrained: 0, producePurchased: "0", produceSalesHelped: "0", projects: 1 }`;
    const draft = await hub.query(
      `mutation { fileDesignatedPlan(input: { pairingId: "${pairing.data!.createDesignatedPairing.id}", year: 2018, measures: ${measures} }) { id status } }`,
      {},
      EDITOR_UNIT,
    );
    expect(draft.data!.fileDesignatedPlan.status).toBe('DRAFT');
    const report = draft.data!.fileDesignatedPlan.id as string;
    const unknown = 'dsg-r-none';
    const submit = (id: string, as: As) => hub.query(`mutation { submitDesignatedReport(id: "${id}") { id } }`, {}, as);
    const approve = (id: string, as: As) => hub.query(`mutation { approveDesignatedReport(id: "${id}") { id } }`, {}, as);
    const other = editor(P2);
    const elsewhere = coordinator('52', { office: 'POVERTY' });
    const hidden = shape(await submit(report, other), report);
    expect(hidden.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id', rule: 'exists' });
    expect(hidden).toEqual(shape(await submit(unknown, other), unknown));
    expect(shape(await approve(report, elsewhere), report)).toEqual(shape(await approve(unknown, elsewhere), unknown));
    // Whoever sees it is told why not.
    expect((await approve(report, EDITOR_UNIT)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
