import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hiveGatewayConfig } from '../gateway/hive/config.js';
import { encodeIdentity, IDENTITY_HEADER } from '../lib/identity.js';
import { readCommittedSupergraph } from '../schema/compose.js';
import {
  ADMIN,
  coordinator,
  createTestDatabase,
  editor,
  npmStart,
  rowsOf,
  seedFixture,
  startHub,
  tokenFor,
  type As,
  type GraphQLResponse,
  type Hub,
  type TestDatabase,
} from './harness.js';

/**
 * The scale-out gateway (gateway/hive/config.ts): Hive Gateway with the Rust query planner over
 * the same distributed subgraphs as our gateway answers as ours does, the caller's identity
 * verified and forwarded, and every call it makes signed so that the subgraphs' checks still
 * hold: a captured call replayed, or with its body or identity changed, is refused. Served
 * in this process from its configuration, and by `npm run start:hive` from the environment.
 */
// As long as the mains require (32 characters at least), shared by the hub and Hive Gateway.
const GATEWAY_SECRET = randomBytes(32).toString('hex');
const JWT_SECRET = randomBytes(32).toString('hex');

let db: TestDatabase;
let hub: Hub;
let hive: Server;
let hiveUrl: string;
let disposeHive: () => Promise<void>;
/** The subgraph calls Hive Gateway made, as sent (signed headers and body). */
const sent: { url: string; headers: Record<string, string>; body: string }[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFixture(db.database, { demo: true });
  hub = await startHub({
    database: db.database,
    topology: 'distributed',
    supergraphSdl: readCommittedSupergraph(),
    gatewaySecret: GATEWAY_SECRET,
    jwtSecret: JWT_SECRET,
  });
  const config = await hiveGatewayConfig({
    supergraphSdl: readCommittedSupergraph(),
    subgraphs: hub.subgraphUrls,
    jwt: { secret: JWT_SECRET },
    gatewaySecret: GATEWAY_SECRET,
  });
  // After the signing plugin: what went out on the wire.
  const recorder: GatewayPlugin = {
    onFetch({ url, options }) {
      sent.push({ url, headers: { ...(options.headers as Record<string, string>) }, body: String(options.body) });
    },
  };
  const runtime = createGatewayRuntime({ ...config, plugins: (context) => [...config.plugins!(context), recorder] });
  disposeHive = () => runtime.dispose() as Promise<void>;
  hive = createServer(runtime);
  await new Promise<void>((resolve) => hive.listen(0, '127.0.0.1', resolve));
  hiveUrl = `http://127.0.0.1:${(hive.address() as AddressInfo).port}/graphql`;
}, 600_000);
afterAll(async () => {
  if (hive) await new Promise((resolve) => hive.close(resolve));
  await disposeHive?.();
  await hub?.stop();
  await db?.drop();
});

async function ask(url: string, query: string, variables?: Record<string, unknown>, as?: As, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(as ? { authorization: `Bearer ${await tokenFor(as, JWT_SECRET)}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await response.json()) as GraphQLResponse), status: response.status };
}

const PICTURE = `query($code: ID!) { region(code: $code) {
  name poverty { exitYear }
  designatedAssistance(includeAncestors: true) { id channel helper { name } helped { code } }
  eastWestPairings(includeAncestors: true) { id channel helper { name } helped { code } }
  militaryAssistance(includeAncestors: true, includeDescendants: true) { id channel helper { name } helped { code } }
  partyAssistance(includeAncestors: true) { id channel helper { name } helped { code } }
  enterpriseAssistancePage(includeAncestors: true, includeDescendants: true, first: 200) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id channel helper { name } helped { code } } } }
} }`;

const CREATE = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id name kind homeRegion { code name } parent { id } aliases } }`;

describe('Hive Gateway with the Rust planner, configured as the scale-out gateway', () => {
  it('answers the place picture of 永寿县 exactly as our gateway does', async () => {
    const ours = await ask(hub.url, PICTURE, { code: '610426' });
    const theirs = await ask(hiveUrl, PICTURE, { code: '610426' });
    expect(ours.errors).toBeUndefined();
    expect(ours.data!.region.name).toBe('永寿县');
    expect((ours.data!.region.designatedAssistance as unknown[]).length).toBeGreaterThan(0);
    expect(JSON.stringify(theirs)).toBe(JSON.stringify(ours));
  });

  it("forwards a signed-in caller's identity: an administrator's organisation written and audited as theirs, answered as ours answers", async () => {
    const input = (id: string) => ({ id, name: `${id}扶贫基金会`, kind: 'SOCIAL_ORGANIZATION', homeRegionCode: '610426', aliases: ['永扶'] });
    const ours = await ask(hub.url, CREATE, { input: input('hive-ours') }, ADMIN);
    const theirs = await ask(hiveUrl, CREATE, { input: input('hive-theirs') }, ADMIN);
    expect(ours.errors).toBeUndefined();
    expect(JSON.stringify(theirs).replaceAll('hive-theirs', 'hive-ours')).toBe(JSON.stringify(ours));
    const audit = rowsOf<{ actor: string; outcome: string }>(
      await db.database.db.execute(sql`select actor, outcome from registry.audit_log where entity_id = 'hive-theirs'`),
    );
    expect(audit).toEqual([{ actor: ADMIN.sub, outcome: 'applied' }]);
  });

  it('refuses what our gateway refuses: an editor creating an organisation, and a token that does not verify', async () => {
    const ownEditor = editor('hive-ours');
    const ours = await ask(hub.url, CREATE, { input: { id: 'hive-editor', name: '编辑基金会', kind: 'SOCIAL_ORGANIZATION' } }, ownEditor);
    const theirs = await ask(hiveUrl, CREATE, { input: { id: 'hive-editor', name: '编辑基金会', kind: 'SOCIAL_ORGANIZATION' } }, ownEditor);
    expect(ours.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(theirs.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(theirs.errors?.[0].message).toBe(ours.errors?.[0].message);
    expect(theirs.data?.createOrganization ?? null).toBeNull();

    const forged = `${await tokenFor(ADMIN, 'another-secret-of-at-least-32-characters')}`;
    const refused = await ask(hiveUrl, CREATE, { input: { id: 'hive-forged', name: '伪造基金会', kind: 'SOCIAL_ORGANIZATION' } }, undefined, {
      authorization: `Bearer ${forged}`,
    });
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused.errors?.[0].message).toMatch(/bearer token was refused/);
    const written = rowsOf(await db.database.db.execute(sql`select id from registry.organizations where id in ('hive-editor', 'hive-forged')`));
    expect(written).toEqual([]);
  });

  it("signs every call as ours does: the subgraphs refuse Hive Gateway's calls replayed, with another body or identity, or unsigned", async () => {
    sent.length = 0;
    const read = await ask(hiveUrl, '{ region(code: "610426") { name } }', undefined, ADMIN);
    expect(read.data).toEqual({ region: { name: '永寿县' } });
    const call = sent.find((c) => c.url === hub.subgraphUrls.registry);
    expect(call).toBeDefined();
    const body = JSON.parse(call!.body) as unknown;
    expect(JSON.parse(Buffer.from(call!.headers[IDENTITY_HEADER], 'base64url').toString())).toMatchObject({ sub: ADMIN.sub, role: 'ADMIN' });

    const refused = (r: GraphQLResponse, reason: RegExp) => {
      expect(r.status).toBe(401);
      expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(r.errors?.[0].message).toMatch(reason);
      expect(r.data ?? null).toBeNull();
    };
    refused(await hub.post(call!.url, body, call!.headers), /replayed/);
    const organisation = { query: 'mutation { createOrganization(input: { id: "hive-replayed", name: "冒名基金会", kind: SOCIAL_ORGANIZATION }) { id } }' };
    refused(await hub.post(call!.url, organisation, call!.headers), /invalid gateway signature/);
    const elevated = { ...call!.headers, [IDENTITY_HEADER]: encodeIdentity({ sub: 'someone', role: 'ADMIN', orgs: [], regions: [] }) };
    refused(await hub.post(call!.url, body, elevated), /invalid gateway signature/);
    refused(await hub.post(call!.url, body, {}), /missing gateway signature/);
    expect(rowsOf(await db.database.db.execute(sql`select id from registry.organizations where id = 'hive-replayed'`))).toEqual([]);
  });
});

describe("the same configuration with Hive Gateway's own planner (the bench's JavaScript peer)", () => {
  it('answers the place picture of 永寿县 exactly as our gateway does', async () => {
    const runtime = createGatewayRuntime(
      await hiveGatewayConfig({
        supergraphSdl: readCommittedSupergraph(),
        subgraphs: hub.subgraphUrls,
        jwt: { secret: JWT_SECRET },
        gatewaySecret: GATEWAY_SECRET,
        planner: 'javascript',
      }),
    );
    const server = createServer(runtime);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
      const ours = await ask(hub.url, PICTURE, { code: '610426' });
      expect(ours.errors).toBeUndefined();
      expect(JSON.stringify(await ask(url, PICTURE, { code: '610426' }))).toBe(JSON.stringify(ours));
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await runtime.dispose();
    }
  });
});

describe('npm run start:hive', () => {
  /** The environment of `npm run start:gateway`, for the hub's subgraphs. */
  const env = () => ({
    ...Object.fromEntries(Object.entries(hub.subgraphUrls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url])),
    GATEWAY_SECRET,
    JWT_SECRET,
    HOST: '127.0.0.1',
    PORT: '0',
  });

  it('serves the scale-out gateway from that environment: ready, answering as ours, and stopping on SIGTERM', async () => {
    const hive = npmStart(env(), 'start:hive');
    let port = '';
    try {
      await hive.waitFor(/listening on \S+:\d+\/graphql/);
      port = /listening on \S+:(\d+)\/graphql/.exec(hive.log.join('\n'))![1];
      expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
      const url = `http://127.0.0.1:${port}/graphql`;
      const shaanxi = coordinator('61', { sub: 'hive-coordinator' });
      const [ours, theirs] = [await ask(hub.url, PICTURE, { code: '610426' }, shaanxi), await ask(url, PICTURE, { code: '610426' }, shaanxi)];
      expect(ours.errors).toBeUndefined();
      expect(JSON.stringify(theirs)).toBe(JSON.stringify(ours));
    } finally {
      await hive.kill('SIGTERM');
    }
    await expect(fetch(`http://127.0.0.1:${port}/ready`)).rejects.toThrow();
  }, 120_000);

  it('refuses to start without a secret it requires, or with one too short, naming it', async () => {
    const missing = npmStart({ ...env(), GATEWAY_SECRET: '' }, 'start:hive');
    const short = npmStart({ ...env(), JWT_SECRET: 'too-short' }, 'start:hive');
    const [missingCode, shortCode] = await Promise.all([missing.exited, short.exited]);
    expect(missingCode).not.toBe(0);
    expect(missing.log.join('\n')).toMatch(/GATEWAY_SECRET is not set/);
    expect(shortCode).not.toBe(0);
    expect(short.log.join('\n')).toMatch(/JWT_SECRET is too short/);
  }, 120_000);
});
