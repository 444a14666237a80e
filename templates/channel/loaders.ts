import DataLoader from 'dataloader';
import { and, asc, inArray } from 'drizzle-orm';
import { idYearCacheKey, inKeyOrder, splitByIdYear, type IdYearKey } from '../../lib/batch.js';
import { counts } from '../../lib/corrections.js';
import type { Db } from '../../lib/db.js';
import { demoCacheKey, demoCondition, passesDemo, type DemoFilter } from '../../lib/demo.js';
import type { Connection } from '../../lib/pagination.js';
import { distribute, periodCondition, regionFieldCacheKey, scopeCondition, type RegionFieldKey } from '../../lib/scope.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import { recordsTable as records } from './tables.js';

/** A record as served: every column (its void columns for `voided`). */
export type RecordRow = typeof records.$inferSelect;

const ORDER = [asc(records.helpedCode), asc(records.since), asc(records.id)];

/** An organisation's list: its id, an optional year, the records wanted. */
export type IdYearDemoKey = IdYearKey & { demo: DemoFilter };
const idYearDemoCacheKey = (k: IdYearDemoKey) => `${idYearCacheKey(k)}|${demoCacheKey(k.demo)}`;

/** Per-request loaders: ONE statement per batch each. */
export function createLoaders(db: Db) {
  return {
    /** Region.sampleRecords (records that count, not voided): a batch of places (the national picture's 832 counties) in one statement. */
    regionRecords: new DataLoader<RegionFieldKey, RecordRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(records)
          .where(
            and(
              scopeCondition(records.helpedCode, keys),
              counts(records.voidedAt),
              periodCondition(records.since, records.until, keys),
              demoCondition(
                records.demo,
                keys.map((k) => k.demo),
              ),
            ),
          )
          .orderBy(...ORDER);
        return distribute(
          keys,
          rows,
          (r) => r.helpedCode,
          (r) => r,
        );
      },
      { cacheKeyFn: regionFieldCacheKey },
    ),
    /** Organization.sampleRecords: a batch of organisations in one statement. */
    organizationRecords: new DataLoader<IdYearDemoKey, RecordRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(records)
          .where(
            and(
              inArray(records.helperId, [...new Set(keys.map((k) => k.id))]),
              counts(records.voidedAt),
              periodCondition(records.since, records.until, keys),
              demoCondition(
                records.demo,
                keys.map((k) => k.demo),
              ),
            ),
          )
          .orderBy(...ORDER);
        return splitByIdYear(keys, rows, (r) => r.helperId).map((list, i) => list.filter((r) => passesDemo(keys[i].demo, r.demo)));
      },
      { cacheKeyFn: idYearDemoCacheKey },
    ),
    recordById: new DataLoader<string, RecordRow | null>(async (ids) => {
      const rows = await db
        .select()
        .from(records)
        .where(inArray(records.id, [...ids]));
      return inKeyOrder(ids, rows, (r) => r.id);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
/** What every resolver of this subgraph receives as its context. */
export type Context = SubgraphContext<Loaders>;

export type RecordPage = Connection<RecordRow>;
