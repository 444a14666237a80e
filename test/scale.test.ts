/**
 * Issue 8: the SQL statements a headline operation costs do not depend on the size of the data.
 * A small data set (the reference lists only) is measured, then every channel's demo generator
 * grows it more than tenfold, and the same operations must cost the same statements.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../lib/rng.js';
import { DEFAULT_SEED, SHIPPED_DIR } from '../seed/index.js';
import { subgraphs } from '../subgraphs/index.js';
import { createRegistrySeedApi } from '../subgraphs/registry/seed.js';
import { HELPER_PICTURE, NATIONAL_PICTURE, ONE_SUBGRAPH, PLACE_PICTURE } from '../bench/operations.js';
import { countStatements, createTestDatabase, FIXTURE_WITHIN, REFERENCE_DIR, rowsOf, seedFixture, startHub, type Hub, type TestDatabase } from './harness.js';

const OPERATIONS = { 'national picture': NATIONAL_PICTURE, 'place picture': PLACE_PICTURE, 'helper picture': HELPER_PICTURE, 'one subgraph': ONE_SUBGRAPH };

let db: TestDatabase;
let hub: Hub;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFixture(db.database, { demo: false });
  hub = await startHub({ database: db.database });
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  await db?.drop();
});

/** Rows in every channel's tables (the registry's divisions do not grow). */
async function channelRows(): Promise<number> {
  const channels = subgraphs.filter((s) => s.name !== 'registry').map((s) => `'${s.name}'`).join(', ');
  const tables = rowsOf<{ schema: string; name: string }>(
    await db.database.db.execute(sql.raw(`select table_schema as schema, table_name as name from information_schema.tables
      where table_schema in (${channels}) and table_type = 'BASE TABLE' and table_name <> 'audit_log'`)),
  );
  let total = 0;
  for (const t of tables) total += Number(rowsOf<{ n: number }>(await db.database.db.execute(sql.raw(`select count(*)::int as n from "${t.schema}"."${t.name}"`)))[0].n);
  return total;
}

async function statementsPerOperation(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, query] of Object.entries(OPERATIONS)) {
    const { result, statements, log } = await countStatements(db.database, () => hub.query(query));
    expect(result.errors, `${name}: ${JSON.stringify(result.errors)}\n${log.join('\n')}`).toBeUndefined();
    out[name] = statements;
  }
  return out;
}

describe('statements per headline operation as the data grows', () => {
  it('are the same on the reference lists alone and after the demo generators grew the channels more than tenfold', async () => {
    const smallRows = await channelRows();
    const small = await statementsPerOperation();

    // Every channel's demo generator, as `seedAll` runs it, over the same registry.
    const root = new Rng(DEFAULT_SEED);
    const registry = createRegistrySeedApi(db.database);
    for (const module of subgraphs) {
      await module.seed?.demo?.({
        database: db.database,
        registry,
        rng: root.fork(module.name),
        referenceDir: REFERENCE_DIR,
        shippedDir: SHIPPED_DIR,
        scale: 'demo',
        divisionsWithin: FIXTURE_WITHIN,
        log: () => {},
      });
    }
    const largeRows = await channelRows();
    expect(largeRows).toBeGreaterThan(10 * smallRows);

    const large = await statementsPerOperation();
    expect(large).toEqual(small);
    expect(Object.values(large).every((n) => n > 0)).toBe(true);
  }, 300_000);
});
