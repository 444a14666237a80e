import { SignJWT } from 'jose';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyDigest, encodeIdentity, IDENTITY_HEADER, signCall, signPost, type Identity } from '../lib/identity.js';
import { composeSupergraph, readCommittedSupergraph } from '../schema/compose.js';
import { countStatements, startFixtureHub, tearDown, TEST_GATEWAY_SECRET, TEST_JWT_SECRET, tokenFor, type Hub, type TestDatabase } from './harness.js';

let db: TestDatabase;
let hub: Hub;
/** The registry's `Query.region` resolver before any request reached a subgraph server. */
let regionResolver: unknown;

beforeAll(async () => {
  // The committed supergraph, as production serves it (its drift is tested below).
  ({ db, hub } = await startFixtureHub({ topology: 'distributed', supergraphSdl: readCommittedSupergraph() }));
  regionResolver = hub.runtimes.get('registry')!.schema.getQueryType()!.getFields().region.resolve;
});
afterAll(() => tearDown(db, hub));

describe('the committed supergraph', () => {
  it('equals a fresh composition of every subgraph (run `npm run compose` when this fails)', () => {
    expect(readCommittedSupergraph()).toBe(composeSupergraph());
  });
});

describe('distributed topology', () => {
  it('serves the graph through the gateway over real ports', async () => {
    const { data, errors } = await hub.query(`{ region(code: "610426") { name parent { name } } }`);
    expect(errors).toBeUndefined();
    expect(data!.region).toEqual({ name: '永寿县', parent: { name: '咸阳市' } });
  });

  it('reports the gateway and every subgraph on GET /health', async () => {
    const response = await fetch(hub.url.replace('/graphql', '/health'));
    const body = (await response.json()) as { status: string; subgraphs: { name: string; status: string }[] };
    expect(response.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.subgraphs.map((s) => s.name)).toEqual(Object.keys(hub.subgraphUrls));
    expect(body.subgraphs.every((s) => s.status === 'ok')).toBe(true);
  });

  const ENTITIES = {
    query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { code name } } }`,
    variables: { r: [{ __typename: 'Region', code: '610426' }] },
  };
  const GW: Identity = { sub: 'gw', role: 'PUBLIC', orgs: [], regions: [] };
  /** Headers signing `body` (as `hub.post` sends it) for the registry, as the gateway signs its calls. */
  const signed = (body: unknown, identity: Identity = GW, secret = TEST_GATEWAY_SECRET) =>
    signPost(identity, 'registry', hub.subgraphUrls.registry, JSON.stringify(body), secret);

  it('refuses a direct call to a subgraph without the gateway signature, _entities and _service included', async () => {
    const url = hub.subgraphUrls.registry;
    for (const body of [ENTITIES, { query: '{ _service { sdl } }' }, { query: '{ region(code: "61") { name } }' }]) {
      const response = await hub.post(url, body);
      expect(response.status).toBe(401);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(response.data ?? null).toBeNull();
    }
  });

  it('refuses a forged signature, a tampered identity and an expired signature', async () => {
    const url = hub.subgraphUrls.registry;
    const forged = signed(ENTITIES, { sub: 'mallory', role: 'ADMIN', orgs: [], regions: [] }, 'not-the-secret');
    const tampered = { ...signed(ENTITIES), [IDENTITY_HEADER]: encodeIdentity({ sub: 'gw', role: 'ADMIN', orgs: [], regions: [] }) };
    const body = JSON.stringify(ENTITIES);
    const { pathname } = new URL(url);
    const expired = signCall(
      GW,
      { subgraph: 'registry', method: 'POST', path: pathname, bodyDigest: bodyDigest(body) },
      TEST_GATEWAY_SECRET,
      Date.now() - 60 * 60 * 1000,
    );
    for (const headers of [forged, tampered, expired]) {
      const response = await hub.post(url, ENTITIES, headers);
      expect(response.status).toBe(401);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('shares one subgraph call among identical queries in flight together, each answer whole', async () => {
    const q = `{ region(code: "610426") { name parent { name } designatedAssistance { helper { name } } } }`;
    const one = await countStatements(db.database, () => hub.query(q));
    expect(one.result.errors).toBeUndefined();
    const eight = await countStatements(db.database, () => Promise.all(Array.from({ length: 8 }, () => hub.query(q))));
    for (const answer of eight.result) expect(answer).toEqual(one.result);
    expect(eight.statements).toBeLessThan(8 * one.statements);
  });

  it('answers a call the gateway signed', async () => {
    const response = await hub.post(hub.subgraphUrls.registry, ENTITIES, signed(ENTITIES));
    expect(response.status).toBe(200);
    expect(response.data!._entities).toEqual([{ code: '610426', name: '永寿县' }]);
  });

  it('runs the operation a call names, refuses an invalid one with its code, and a mistyped variable with BAD_USER_INPUT', async () => {
    const url = hub.subgraphUrls.registry;
    const two = `query A { region(code: "610426") { name } } query B { region(code: "610430") { name } }`;
    const send = (body: unknown) => hub.post(url, body, signed(body));
    expect((await send({ query: two, operationName: 'B' })).data).toEqual({ region: { name: '淳化县' } });
    expect((await send({ query: two, operationName: 'A' })).data).toEqual({ region: { name: '永寿县' } });
    const invalid = await send({ query: '{ region(code: "610426") { nope } }' });
    expect(invalid.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const mistyped = await send({ query: 'query($c: ID!) { region(code: $c) { name } }', variables: { c: { no: 1 } } });
    expect(mistyped.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("leaves the subgraph's resolvers as written: Apollo Server wraps none of them for per-field plugin hooks", async () => {
    const regionField = hub.runtimes.get('registry')!.schema.getQueryType()!.getFields().region;
    const body = { query: '{ region(code: "610426") { name } }' };
    expect((await hub.post(hub.subgraphUrls.registry, body, signed(body))).data).toEqual({ region: { name: '永寿县' } });
    // The cache-control plugin's willResolveField made Apollo Server replace every field's
    // resolver with a wrapper calling the hook, in the schema the compiled executor runs.
    expect(regionField.resolve).toBe(regionResolver);
  });
});

describe('bearer tokens at the gateway', () => {
  const WHO_CAN_CREATE = `mutation { createOrganization(input: { name: "测试基金会", kind: SOCIAL_ORGANIZATION }) { id } }`;

  it('treats a request without a token as anonymous: public reads work, writes are FORBIDDEN', async () => {
    expect((await hub.query(`{ region(code: "61") { name } }`)).data!.region.name).toBe('陕西省');
    const write = await hub.query(WHO_CAN_CREATE);
    expect(write.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a token signed with another key, an expired token and a malformed header with 401', async () => {
    const wrongKey = await tokenFor({ role: 'ADMIN' }, 'some-other-secret');
    const expired = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('bangfu')
      .setAudience('bangfu')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode('bangfu-test-jwt-secret'));
    for (const authorization of [`Bearer ${wrongKey}`, `Bearer ${expired}`, 'Basic abc', 'Bearer']) {
      const response = await hub.post(hub.url, { query: '{ region(code: "61") { name } }' }, { authorization });
      expect(response.status, authorization.slice(0, 12)).toBe(401);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('forwards a verified identity to the subgraph: an administrator may write', async () => {
    const { data, errors } = await hub.query(WHO_CAN_CREATE, {}, { role: 'ADMIN', sub: 'admin-1' });
    expect(errors).toBeUndefined();
    expect(data!.createOrganization.id).toMatch(/^org-/);
  });

  it('accepts a token minted by `npm run token` for an editor of 上海市人民政府, for that organisation only', async () => {
    const run = spawnSync('npx', ['tsx', 'scripts/mint-token.ts', '--role', 'EDITOR', '--org', 'gov-31', '--sub', 'sh-editor'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, JWT_SECRET: TEST_JWT_SECRET },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const authorization = `Bearer ${run.stdout.trim()}`;
    const update = (id: string) => ({ query: `mutation { updateOrganization(id: "${id}", input: { aliases: ["沪"] }) { id aliases } }` });
    const own = await hub.post(hub.url, update('gov-31'), { authorization });
    expect(own.errors).toBeUndefined();
    expect(own.data!.updateOrganization.aliases).toEqual(['沪']);
    const other = await hub.post(hub.url, update('gov-11'), { authorization });
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('never sends a stack trace to the client', async () => {
    const response = await hub.query(`{ regions(first: -1) { totalCount } }`);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(response)).not.toMatch(/stacktrace|at .*\.ts:/);
  });
});
