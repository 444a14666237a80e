import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import { idYearDemoCacheKey, inKeyOrder, splitByIdYearDemo, type IdYearDemoKey } from '../../lib/batch.js';
import type { Db } from '../../lib/db.js';
import type { Connection } from '../../lib/pagination.js';
import { distribute, idListCondition, placeListCondition, regionFieldCacheKey, type RegionFieldKey } from '../../lib/scope.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import { recordsTable as records } from './tables.js';

/** A record as served: every column (its void columns for `voided`). */
export type RecordRow = typeof records.$inferSelect;

const ORDER = [asc(records.helpedCode), asc(records.since), asc(records.id)];

/** Per-request loaders: ONE statement per batch each. */
export function createLoaders(db: Db) {
  return {
    /** Region.sampleRecords (records that count, not voided): a batch of places (the national picture's 832 counties) in one statement. */
    regionRecords: new DataLoader<RegionFieldKey, RecordRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(records)
          .where(placeListCondition(records.helpedCode, records, keys))
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
          .where(idListCondition(records.helperId, records, keys))
          .orderBy(...ORDER);
        return splitByIdYearDemo(keys, rows, (r) => r.helperId);
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
