/**
 * The SQL statements a headline operation costs do not depend on the size of the data.
 * A small data set (the reference lists, and a tiny enterprises set so that every channel has
 * records: a channel without any answers no helper references, and the gateway then skips a
 * fetch) is measured, then the other channels' demo generators grow it more than tenfold, and
 * the same operations must cost the same statements. Measured through the distributed
 * topology, where every fetch has its own context: in the embedded hub, parallel fetches to one
 * subgraph share loaders and may coalesce into fewer statements depending on timing. On the grown
 * data, the benchmark's SQL floor must be the national picture's rows, county by county.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../lib/rng.js';
import { DEFAULT_SEED } from '../seed/index.js';
import { subgraphs } from '../subgraphs/index.js';
import { createRegistrySeedApi } from '../subgraphs/registry/seed.js';
import { DEMO_SIZES as ENTERPRISE_SIZES, generateDemo as generateEnterprises } from '../subgraphs/enterprises/seed.js';
import type { SeedScope } from '../lib/seed.js';
import {
  HELPER_PICTURE,
  NATIONAL_PICTURE,
  NATIONAL_PICTURE_SQL,
  ONE_SUBGRAPH,
  PLACE_PICTURE,
  pictureRowsFromGraph,
  pictureRowsFromSql,
} from '../bench/operations.js';
import {
  countStatements,
  countSteadyStatements,
  createTestDatabase,
  FIXTURE_WITHIN,
  REFERENCE_DIR,
  rowsOf,
  runDemoSteps,
  seedFixture,
  startHub,
  tearDown,
  type Hub,
  type TestDatabase,
} from './harness.js';

const OPERATIONS = { 'national picture': NATIONAL_PICTURE, 'place picture': PLACE_PICTURE, 'helper picture': HELPER_PICTURE, 'one subgraph': ONE_SUBGRAPH };

let db: TestDatabase;
let hub: Hub;

const root = new Rng(DEFAULT_SEED);
const scopeFor = (name: string): SeedScope => ({
  database: db.database,
  registry: createRegistrySeedApi(db.database),
  rng: root.fork(name),
  referenceDir: REFERENCE_DIR,
  scale: 'demo',
  divisionsWithin: FIXTURE_WITHIN,
  log: () => {},
  progress: () => {},
});

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFixture(db.database, { demo: false });
  // A few enterprises with a compact or two each: the channel has records, and stays small.
  const tiny = {
    ...ENTERPRISE_SIZES.demo,
    enterprises: 40,
    compacts: 40,
    centralGroups: 3,
    centralOthers: 1,
    centralCounties: 4,
    socialOrganizations: 5,
    individuals: 5,
  };
  await generateEnterprises(scopeFor('enterprises'), tiny);
  hub = await startHub({ database: db.database, topology: 'distributed' });
}, 120_000);

afterAll(() => tearDown(db, hub));

/** Rows in every channel's tables (the registry's divisions do not grow). */
async function channelRows(): Promise<number> {
  const channels = subgraphs
    .filter((s) => s.name !== 'registry')
    .map((s) => `'${s.name}'`)
    .join(', ');
  const tables = rowsOf<{ schema: string; name: string }>(
    await db.database.db.execute(
      sql.raw(`select table_schema as schema, table_name as name from information_schema.tables
      where table_schema in (${channels}) and table_type = 'BASE TABLE' and table_name <> 'audit_log'`),
    ),
  );
  let total = 0;
  for (const t of tables)
    total += Number(rowsOf<{ n: number }>(await db.database.db.execute(sql.raw(`select count(*)::int as n from "${t.schema}"."${t.name}"`)))[0].n);
  return total;
}

/**
 * Statements per operation, split: the organisation lookups (one per plan fetch that has helper
 * references: a channel with no records for the places asked has none, so the small set may
 * need fewer) and every other statement (exactly the plan's shape). `steady`: counted on a
 * second run (a channel's first read of names after organisations were written reads the names
 * it kept again: one lookup more).
 */
async function statementsPerOperation(steady = true): Promise<Record<string, { other: number; lookups: number }>> {
  const out: Record<string, { other: number; lookups: number }> = {};
  for (const [name, query] of Object.entries(OPERATIONS)) {
    const { result, statements, log } = await (steady ? countSteadyStatements : countStatements)(db.database, () => hub.query(query));
    expect(result.errors, `${name}: ${JSON.stringify(result.errors)}\n${log.join('\n')}`).toBeUndefined();
    // Whole organisations (with their aliases) or only their names (a batch asking only names).
    const lookups = log.filter((q) => q.includes('"registry"."organizations"')).length;
    out[name] = { other: statements - lookups, lookups };
  }
  return out;
}

describe('statements per headline operation as the data grows', () => {
  it('are the same on a small data set and after the demo generators grew the channels more than tenfold', async () => {
    const smallRows = await channelRows();
    const small = await statementsPerOperation();

    // Every other channel's demo generator, as `seedAll` runs it, over the same registry.
    for (const module of subgraphs) if (module.name !== 'enterprises') await runDemoSteps(module, scopeFor(module.name));
    const largeRows = await channelRows();
    expect(largeRows).toBeGreaterThan(10 * smallRows);

    const channels = subgraphs.length - 1;
    // The first reads after the generators wrote organisations: each channel reads its names once more.
    const afterWrites = await statementsPerOperation(false);
    const large = await statementsPerOperation();
    for (const name of Object.keys(OPERATIONS)) {
      expect(afterWrites[name].other, name).toBe(small[name].other);
      expect(afterWrites[name].lookups, name).toBeLessThanOrEqual(2 * channels);
      expect(large[name].other, name).toBe(small[name].other);
      expect(large[name].other, name).toBeGreaterThan(0);
      // At most one organisation lookup per channel fetch, whatever the number of helpers.
      expect(large[name].lookups, name).toBeGreaterThanOrEqual(small[name].lookups);
      expect(large[name].lookups, name).toBeLessThanOrEqual(channels);
    }
  }, 300_000);

  it("the national picture through the gateway is the benchmark floor's rows, county by county", async () => {
    // `npm run bench` compares the gateway with NATIONAL_PICTURE_SQL: an honest floor produces
    // exactly the picture's rows (helpers' names with individual donors masked, totals).
    const result = await hub.query(NATIONAL_PICTURE);
    expect(result.errors).toBeUndefined();
    const graph = pictureRowsFromGraph(result.data);
    const floor = pictureRowsFromSql(rowsOf(await db.database.db.execute(sql.raw(NATIONAL_PICTURE_SQL))));
    expect(graph.length).toBeGreaterThan(0);
    // Every channel has helpers in the comparison, or it would compare empty lists.
    for (const channel of ['designated', 'eastwest', 'military', 'parties', 'enterprises'] as const)
      expect(
        graph.some((row) => row[channel].length > 0),
        channel,
      ).toBe(true);
    expect(graph.some((row) => row.enterprises.includes('个人捐赠者'))).toBe(true);
    expect(floor).toEqual(graph);
  }, 120_000);
});
