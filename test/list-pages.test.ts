/**
 * The channels' lists of a place or an organisation: a list field answers at most MAX_LIST
 * records and refuses more with an error naming its connection; the connection (`<field>Page`)
 * pages through the same records with the list's own batched loader, one statement per batch;
 * the gateway's cost estimate counts a page by its `first`.
 */
import { Supergraph } from '@apollo/federation-internals';
import { sql } from 'drizzle-orm';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, estimateCost } from '../gateway/limits.js';
import { MAX_LIST, MAX_LIST_PAGE } from '../lib/pagination.js';
import { readCommittedSupergraph } from '../schema/compose.js';
import { createRegistrySeedApi } from '../subgraphs/registry/seed.js';
import { countStatements, createTestDatabase, rowsOf, seedFixture, startHub, type Hub, type TestDatabase } from './harness.js';

/** A county of the fixture given more enterprise records than a list answers. */
const CROWDED = '610426';
const EXTRA = MAX_LIST + 1;
const DONOR = 'list-pages-donor';

let db: TestDatabase;
let hub: Hub;
let total: number;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFixture(db.database);
  await createRegistrySeedApi(db.database).upsertOrganizations([
    { id: DONOR, name: '永寿测试捐赠有限公司', kind: 'PRIVATE_ENTERPRISE', homeRegionCode: '6104', demo: false, source: 'test' },
  ]);
  hub = await startHub({ database: db.database });
}, 300_000);

afterAll(async () => {
  await hub?.stop();
  await db?.drop();
});

const PAGE = `query($code: ID!, $first: Int, $after: String) { region(code: $code) { enterpriseAssistancePage(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id helper { name } } } } } }`;

describe('every channel', () => {
  /** Each channel's list fields of a place, with the arguments the picture gives them. */
  const FIELDS: Record<string, string> = {
    designatedAssistance: 'includeDescendants: true',
    cadres: 'includeDescendants: true',
    eastWestPairings: 'includeDescendants: true',
    enterpriseAssistance: 'includeDescendants: true',
    militaryAssistance: 'includeDescendants: true',
    militaryLeadingGroupMembers: '',
    partyAssistance: 'includeAncestors: true',
  };

  it('answers the same records in its list field and its connection, for a batch of places in one statement per channel', async () => {
    const lists = Object.entries(FIELDS).map(([f, a]) => `${f}${a ? `(${a})` : ''} { id }`);
    const pages = Object.entries(FIELDS).map(([f, a]) => `${f}Page(first: 50${a ? `, ${a}` : ''}) { totalCount edges { node { id } } }`);
    const counties = `regions(filter: { povertyCounty: true }, first: 1000) { edges { node { code`;
    const list = await countStatements(db.database, () => hub.query(`{ ${counties} ${lists.join(' ')} } } } }`));
    const paged = await countStatements(db.database, () => hub.query(`{ ${counties} ${pages.join(' ')} } } } }`));
    expect(list.result.errors).toBeUndefined();
    expect(paged.result.errors).toBeUndefined();
    const places = (r: typeof list.result) => r.data!.regions.edges as { node: Record<string, unknown> }[];
    let records = 0;
    places(list.result).forEach((place, i) => {
      for (const f of Object.keys(FIELDS)) {
        const ids = (place.node[f] as { id: string }[]).map((r) => r.id);
        const page = places(paged.result)[i].node[`${f}Page`] as { totalCount: number; edges: { node: { id: string } }[] };
        expect(
          page.edges.map((e) => e.node.id),
          `${place.node.code} ${f}`,
        ).toEqual(ids.slice(0, 50));
        expect(page.totalCount).toBe(ids.length);
        records += ids.length;
      }
    });
    expect(records).toBeGreaterThan(0);
    // The connections read with the lists' loaders: no statement per place.
    expect(paged.statements, paged.log.join('\n')).toBeLessThanOrEqual(list.statements);
  });
});

describe('a list longer than a list answers', () => {
  beforeAll(async () => {
    const execute = (q: ReturnType<typeof sql>) => db.database.db.execute(q);
    // Donations of one enterprise, a day apart: the county's own list grows past the bound.
    await execute(sql`insert into enterprises.contributions
        (helper_id, helper_kind, group_id, group_kind, helped_code, kind, date, disbursed, published, demo)
      select ${DONOR}, 'PRIVATE_ENTERPRISE', ${DONOR}, 'PRIVATE_ENTERPRISE', ${CROWDED}, 'PUBLIC_WELFARE_DONATION', date '2017-01-01' + g, 1, true, false
      from generate_series(1, ${EXTRA}) g`);
    [{ n: total }] = rowsOf<{ n: number }>(
      await execute(sql`select count(*)::int as n from enterprises.contributions where helped_code = ${CROWDED}
  `),
    );
    const [{ n: compacts }] = rowsOf<{ n: number }>(await execute(sql`select count(*)::int as n from enterprises.compacts where helped_code = ${CROWDED}`));
    total += compacts;
  });

  it('is refused at its field, naming the count and the connection to page through it', async () => {
    const res = await hub.query(`{ region(code: "${CROWDED}") { name enterpriseAssistance { id } } }`);
    expect(res.data!.region).toEqual({ name: expect.any(String), enterpriseAssistance: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].path).toEqual(['region', 'enterpriseAssistance']);
    expect(res.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'enterpriseAssistance',
      rule: 'list-size',
      count: total,
      maximum: MAX_LIST,
      connection: 'enterpriseAssistancePage',
    });
    expect(res.errors![0].message).toContain('enterpriseAssistancePage(first, after)');
  });

  it('is read a page at a time: every record once, in the list order, each page one statement of the channel', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { result, log } = await countStatements(db.database, () => hub.query(PAGE, { code: CROWDED, first: MAX_LIST_PAGE, after }));
      expect(result.errors).toBeUndefined();
      const page = result.data!.region.enterpriseAssistancePage;
      expect(page.totalCount).toBe(total);
      expect(page.edges.length).toBeLessThanOrEqual(MAX_LIST_PAGE);
      expect(page.edges.every((e: { node: { helper: { name: string } } }) => e.node.helper.name)).toBe(true);
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      expect(log.filter((q) => q.includes('"enterprises".')).length).toBe(1);
      pages++;
    } while (after);
    expect(pages).toBe(Math.ceil(total / MAX_LIST_PAGE));
    expect(new Set(seen).size).toBe(total);
    // The default page is 50.
    const first = await hub.query(PAGE, { code: CROWDED });
    expect(first.data!.region.enterpriseAssistancePage.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(seen.slice(0, 50));
  });

  it('refuses a page over the largest and a cursor it did not give', async () => {
    const big = await hub.query(PAGE, { code: CROWDED, first: MAX_LIST_PAGE + 1 });
    expect(big.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', rule: 'page-size' });
    const stranger = await hub.query(PAGE, { code: CROWDED, after: 'bm8tc3VjaC1yZWNvcmQ' });
    expect(stranger.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after', rule: 'cursor' });
  });
});

describe('the cost estimate', () => {
  const schema = Supergraph.build(readCommittedSupergraph()).apiSchema().toGraphQLJSSchema();
  const cost = (query: string) => estimateCost(schema, parse(query), {}, undefined, DEFAULT_LIMITS.listSize);

  it('counts a page by its first, 50 when left out', () => {
    const page = (first: string) => cost(`{ region(code: "52") { enterpriseAssistancePage${first} { edges { node { id } } } } }`);
    expect(page('(first: 500)')! - page('(first: 5)')!).toBe(495 * 3); // edges, node, id
    expect(page('')).toBe(page('(first: 50)'));
  });

  it('counts a channel list at most MAX_LIST, whatever list size is assumed', () => {
    const query = parse(`{ region(code: "52") { enterpriseAssistance { id } } }`);
    expect(estimateCost(schema, query, {}, undefined, 1_000_000)).toBe(estimateCost(schema, query, {}, undefined, MAX_LIST));
  });
});
