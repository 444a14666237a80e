import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { militaryUnitId } from '../lib/org-ids.js';
import { ADMIN, coordinator, countStatements, executeOn, rowsOf, startFixtureHub, startHub, tearDown, type Hub, type TestDatabase } from './harness.js';

/**
 * The headline operations (docs/architecture.md) across all five channels, on the deterministic demo data
 * set (the fixture loads villages only inside 永寿县, 淳化县 and 茫崖市).
 */
let db: TestDatabase;
let embedded: Hub;
let distributed: Hub;

beforeAll(async () => {
  ({ db, hub: embedded } = await startFixtureHub({ demo: true }));
  distributed = await startHub({ database: db.database, topology: 'distributed' });
  // Military demo aid lands on ~4,100 villages drawn nationwide; the fixture loads villages in
  // three counties only, so record 永寿县's own help through the API, as an office would.
  const created = await embedded.query(
    `mutation($input: CreateMilitaryAssistanceInput!) { createMilitaryAssistance(input: $input) { id } }`,
    { input: { unitId: militaryUnitId('联勤保障部队第九八八医院'), helpedCode: '610426', kind: 'COUNTY_HOSPITAL', since: '2018-03-01' } },
    ADMIN,
  );
  expect(created.errors).toBeUndefined();
}, 600_000);
afterAll(() => tearDown(db, embedded, distributed));

const PICTURE = `query($code: ID!) { region(code: $code) {
  name poverty { exitYear }
  designatedAssistance(includeAncestors: true) { id channel helper { name } helped { code } }
  eastWestPairings(includeAncestors: true) { id channel helper { name } helped { code } }
  militaryAssistance(includeAncestors: true, includeDescendants: true) { id channel helper { name } helped { code } }
  partyAssistance(includeAncestors: true) { id channel helper { name } helped { code } }
  enterpriseAssistance(includeAncestors: true, includeDescendants: true) { id channel helper { name } helped { code } }
} }`;

type Record = { id: string; channel: string; helper: { name: string }; helped: { code: string } };

describe("a place's picture (headline 1)", () => {
  it('shows who helps 永寿县 in every channel, the same in both topologies', async () => {
    const a = await embedded.query(PICTURE, { code: '610426' });
    expect(a.errors).toBeUndefined();
    const region = a.data!.region;
    expect(region.name).toBe('永寿县');
    expect(region.poverty.exitYear).toBe(2018);
    const channels: [string, string][] = [
      ['designatedAssistance', 'DESIGNATED'],
      ['eastWestPairings', 'EAST_WEST'],
      ['militaryAssistance', 'MILITARY'],
      ['partyAssistance', 'DEMOCRATIC_PARTY'],
      ['enterpriseAssistance', 'ENTERPRISE'],
    ];
    for (const [field, channel] of channels) {
      const records = region[field] as Record[];
      expect(records.length, field).toBeGreaterThan(0);
      for (const r of records) {
        expect(r.channel).toBe(channel);
        expect(r.helper.name.length).toBeGreaterThan(0);
        // Every record lands on 永寿县, a place containing it, or a place inside it.
        expect('610426'.startsWith(r.helped.code) || r.helped.code.startsWith('610426'), `${field} ${r.helped.code}`).toBe(true);
      }
    }
    // 九三学社 supervised 陕西 (2016–2020): the county sees it through its province.
    expect((region.partyAssistance as Record[]).some((r) => r.helper.name.startsWith('九三学社') && r.helped.code === '61')).toBe(true);
    const b = await distributed.query(PICTURE, { code: '610426' });
    expect(b.errors).toBeUndefined();
    expect(b.data).toEqual(a.data);
  });

  it('gives record ids that are unique across channels', async () => {
    const { data } = await embedded.query(PICTURE, { code: '610426' });
    const ids = ['designatedAssistance', 'eastWestPairings', 'militaryAssistance', 'partyAssistance', 'enterpriseAssistance'].flatMap((f) =>
      (data!.region[f] as Record[]).map((r) => r.id),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the national picture (headline 3)', () => {
  const NATIONAL = `query($within: ID) { regions(filter: { povertyCounty: true, within: $within }, first: 1000) { totalCount edges { node {
    code name poverty { exitYear }
    designatedAssistance(includeAncestors: true) { helper { name } }
    eastWestPairings(includeAncestors: true) { helper { name } }
    militaryAssistance(includeAncestors: true) { helper { name } }
    partyAssistance(includeAncestors: true) { helper { name } }
    enterpriseAssistance(includeAncestors: true) { helper { name } }
  } } } }`;

  it('costs the same number of SQL statements for the counties of 咸阳市 as for all 831 poverty places', async () => {
    const few = await countStatements(db.database, () => embedded.query(NATIONAL, { within: '6104' }));
    const all = await countStatements(db.database, () => embedded.query(NATIONAL, {}));
    expect(all.result.errors).toBeUndefined();
    expect(few.result.data!.regions.totalCount).toBeLessThan(10);
    expect(all.result.data!.regions.totalCount).toBe(831);
    expect(all.statements, all.log.join('\n')).toBe(few.statements);
    expect(all.statements).toBeLessThanOrEqual(15);
  });
});

describe('helpers\' names, provided by each channel (`helper: Organization! @provides(fields: "name")`)', () => {
  /** Record every operation the registry subgraph executes while `run` runs (gateway fetches and channels' lookups alike). */
  const registryCalls = async <T>(run: () => Promise<T>) => {
    const registry = embedded.runtimes.get('registry')!;
    const execute = registry.execute;
    const queries: string[] = [];
    registry.execute = (query, variables, context) => {
      queries.push(query);
      return execute(query, variables, context);
    };
    try {
      return { result: await run(), queries };
    } finally {
      registry.execute = execute;
    }
  };
  // The gateway's entity fetches bind `$representations`; a channel's name lookup is `registry-api`'s.
  const gatewayEntityFetches = (queries: string[]) => queries.filter((q) => q.includes('$representations'));
  const channelNameLookups = (queries: string[]) => queries.filter((q) => q.includes('organizationNames('));

  it('come with the records: the gateway never goes back to the registry for them; each channel asks it once for all its lists', async () => {
    const NATIONAL = `{ regions(filter: { povertyCounty: true }, first: 1000) { edges { node {
      code
      designatedAssistance(includeAncestors: true) { helper { name } }
      eastWestPairings(includeAncestors: true) { helper { name } }
      militaryAssistance(includeAncestors: true, includeDescendants: true) { helper { name } }
      partyAssistance(includeAncestors: true) { helper { name } }
      enterpriseAssistance(includeAncestors: true, includeDescendants: true) { helper { name } }
    } } } }`;
    const { result, queries } = await registryCalls(() => embedded.query(NATIONAL));
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.regions.edges.map((e: { node: unknown }) => e.node) as { [list: string]: unknown[] }[];
    for (const list of ['designatedAssistance', 'eastWestPairings', 'partyAssistance', 'enterpriseAssistance'])
      expect(
        nodes.some((n) => n[list].length > 0),
        list,
      ).toBe(true);
    expect(gatewayEntityFetches(queries)).toEqual([]);
    const lookups = channelNameLookups(queries);
    expect(lookups.length).toBeGreaterThanOrEqual(4);
    expect(lookups.length).toBeLessThanOrEqual(5);
    // The same names as the registry's own `organization(id).name`, in both topologies.
    const viaDistributed = await distributed.query(NATIONAL);
    expect(viaDistributed.data).toEqual(result.data);
  });

  it('are read for records reached by any path, one registry call for a whole batch', async () => {
    const SOES = `{ organizations(filter: { kind: CENTRAL_SOE }, first: 200) { edges { node {
      name designatedAssistance { helper { name } } enterpriseAssistance { helper { name } } } } } }`;
    const { result, queries } = await registryCalls(() => embedded.query(SOES));
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.organizations.edges.map((e: { node: unknown }) => e.node) as {
      name: string;
      designatedAssistance: { helper: { name: string } }[];
      enterpriseAssistance: { helper: { name: string } }[];
    }[];
    const records = nodes.flatMap((n) => [...n.designatedAssistance, ...n.enterpriseAssistance].map((r) => [n.name, r.helper.name]));
    expect(records.length).toBeGreaterThan(10);
    for (const [owner, helper] of records) expect(helper).toBe(owner);
    expect(gatewayEntityFetches(queries)).toEqual([]);
    expect(channelNameLookups(queries).length).toBeLessThanOrEqual(2);
  });

  it("are kept by each channel while the registry's names revision holds: a rename, through the graph or straight into the table, is read at once in both topologies", async () => {
    const LIST = `{ region(code: "610426") { enterpriseAssistance(includeDescendants: true) { helper { id name } } } }`;
    const namesIn = (data: unknown) =>
      new Map(
        (data as { region: { enterpriseAssistance: { helper: { id: string; name: string } }[] } }).region.enterpriseAssistance.map((r) => [
          r.helper.id,
          r.helper.name,
        ]),
      );
    const cold = await embedded.query(LIST);
    expect(cold.errors).toBeUndefined();
    const [id, name] = [...namesIn(cold.data)].find(([org]) => !org.startsWith('demo-ent-in'))!;
    // A second read asks the registry for its revision only: every name is kept.
    const registry = embedded.runtimes.get('registry')!;
    const execute = registry.execute;
    const asked: unknown[] = [];
    registry.execute = (query, variables, context) => {
      if (query.includes('organizationNames(')) asked.push(...(variables as { ids: string[] }).ids);
      return execute(query, variables, context);
    };
    try {
      expect(namesIn((await embedded.query(LIST)).data).get(id)).toBe(name);
    } finally {
      registry.execute = execute;
    }
    expect(asked).toEqual([]);
    await distributed.query(LIST); // the distributed channel keeps the old name too

    const renamed = await embedded.query(
      `mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { name } }`,
      { id, input: { name: `${name}（更名）` } },
      ADMIN,
    );
    expect(renamed.errors).toBeUndefined();
    for (const hub of [embedded, distributed]) expect(namesIn((await hub.query(LIST)).data).get(id)).toBe(`${name}（更名）`);
    // An import writing the table directly raises the revision as well (the table's trigger).
    await db.database.db.execute(sql`update registry.organizations set name = ${name} where id = ${id}`);
    for (const hub of [embedded, distributed]) expect(namesIn((await hub.query(LIST)).data).get(id)).toBe(name);
  });

  it('are kept per view: an individual donor stays masked for anonymous callers after a signed-in caller read the name', async () => {
    const LIST = `{ region(code: "610426") { enterpriseAssistance(includeDescendants: true) { helper { id name } } } }`;
    const donorsIn = (data: unknown) =>
      (data as { region: { enterpriseAssistance: { helper: { id: string; name: string } }[] } }).region.enterpriseAssistance
        .map((r) => r.helper)
        .filter((h) => h.id.startsWith('demo-ent-in'));
    const coordinator61 = coordinator('61');
    for (const hub of [embedded, distributed]) {
      const before = donorsIn((await hub.query(LIST)).data);
      expect(before.length).toBeGreaterThan(0);
      expect(new Set(before.map((h) => h.name))).toEqual(new Set(['个人捐赠者']));
      // A coordinator also sees records not yet published: the donors shown to both, by name.
      const seen = donorsIn((await hub.query(LIST, {}, coordinator61)).data);
      const seenIds = new Set(seen.map((h) => h.id));
      expect(before.every((h) => seenIds.has(h.id))).toBe(true);
      expect(seen.some((h) => h.name === '个人捐赠者')).toBe(false);
      expect(donorsIn((await hub.query(LIST)).data)).toEqual(before);
      expect(donorsIn((await hub.query(LIST, {}, coordinator61)).data)).toEqual(seen);
    }
  });

  it('answer an unknown organisation with an error naming it', async () => {
    const result = await executeOn(
      embedded.runtimes.get('military')!,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { name } } }`,
      {
        r: [{ __typename: 'Organization', id: 'no-such-org' }],
      },
    );
    expect(result.errors?.map((e) => e.message)).toEqual(['organisation no-such-org is not in the registry']);
  });
});

describe("a helper's picture (headline 2)", () => {
  it('shows a central SOE across the channels it acts in', async () => {
    const SOES = `{ organizations(filter: { kind: CENTRAL_SOE }, first: 200) { edges { node {
      id name designatedAssistance { helped { code } } enterpriseAssistance { helped { code } } } } } }`;
    type Soe = { id: string; designatedAssistance: { helped: { code: string } }[]; enterpriseAssistance: unknown[] };
    const soes = async () => {
      const { data, errors } = await embedded.query(SOES);
      expect(errors).toBeUndefined();
      return (data!.organizations.edges as { node: Soe }[]).map((e) => e.node);
    };
    // Generated enterprise help is given by demo groups only: a SOE paired in the designated
    // channel gives in the enterprises channel what is recorded through the API, as its editors would.
    const paired = (await soes()).find((o) => o.designatedAssistance.length > 0)!;
    const recorded = await embedded.query(
      `mutation($input: RecordContributionInput!) { recordEnterpriseContribution(input: $input) { id } }`,
      {
        input: {
          helperId: paired.id,
          helpedCode: paired.designatedAssistance[0].helped.code,
          kind: 'PUBLIC_WELFARE_DONATION',
          date: '2019-06-01',
          disbursed: '1000.00',
        },
      },
      ADMIN,
    );
    expect(recorded.errors).toBeUndefined();
    const both = (await soes()).filter((o) => o.designatedAssistance.length > 0 && o.enterpriseAssistance.length > 0);
    expect(both.map((o) => o.id)).toContain(paired.id);
  });
});

describe('README examples', () => {
  it('every ```graphql block of README.md runs without errors', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) {
      const { errors } = await embedded.query(block);
      expect(errors, block).toBeUndefined();
    }
  });
});

describe('real and demo organisations', () => {
  it('every generated organisation is marked 演示· and none bears a real name; no real one is marked', async () => {
    const orgs = rowsOf<{ name: string; demo: boolean }>(await db.database.db.execute(sql`select name, demo from registry.organizations`));
    const demo = orgs.filter((o) => o.demo);
    const real = orgs.filter((o) => !o.demo);
    expect(demo.length).toBeGreaterThan(1000);
    expect(real.length).toBeGreaterThan(50);
    expect(demo.filter((o) => !o.name.startsWith('演示·'))).toEqual([]);
    expect(real.filter((o) => o.name.startsWith('演示·'))).toEqual([]);
    // The invented part after the mark is never a real organisation's name or alias either.
    const aliases = rowsOf<{ alias: string }>(
      await db.database.db.execute(
        sql`select alias from registry.organization_aliases a join registry.organizations o on o.id = a.organization_id where not o.demo`,
      ),
    );
    const realNames = new Set([...real.map((o) => o.name), ...aliases.map((a) => a.alias)]);
    expect(demo.filter((o) => realNames.has(o.name.slice('演示·'.length)))).toEqual([]);
  });

  it('the registry refuses a generated organisation without the mark and a real one with it', async () => {
    const { upsertOrganizations } = await import('../subgraphs/registry/import.js');
    await expect(upsertOrganizations(db.database, [{ id: 'demo-x', name: '某某集团', kind: 'LOCAL_SOE', demo: true, source: 'demo' }])).rejects.toThrow(
      /演示·/,
    );
    await expect(upsertOrganizations(db.database, [{ id: 'real-x', name: '演示·某某集团', kind: 'LOCAL_SOE', demo: false, source: 'x' }])).rejects.toThrow(
      /演示·/,
    );
  });
});
