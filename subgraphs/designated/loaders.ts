import DataLoader from 'dataloader';
import { and, asc, inArray } from 'drizzle-orm';
import { idYearCacheKey, inKeyOrder, splitByIdYear, type IdYearKey } from '../../lib/batch.js';
import type { Db } from '../../lib/db.js';
import {
  distribute,
  periodCondition,
  regionFieldCacheKey,
  scopeCondition,
  type RegionFieldKey,
} from '../../lib/scope.js';
import { cadresTable as cadres, pairingsTable as pairings, reportsTable as reports } from './tables.js';

export type PairingRow = typeof pairings.$inferSelect;
export type CadreRow = typeof cadres.$inferSelect;
export type ReportRow = typeof reports.$inferSelect;

/** A helper's (or a pairing's) rows valid in one year, or in every year when null. */
export type YearKey = IdYearKey;

const pairingOrder = [asc(pairings.helpedCode), asc(pairings.since), asc(pairings.id)];
const cadreOrder = [asc(cadres.postedCode), asc(cadres.since), asc(cadres.id)];

export function createLoaders(db: Db) {
  return {
    pairingById: new DataLoader<string, PairingRow | null>(async (ids) =>
      inKeyOrder(ids, await db.select().from(pairings).where(inArray(pairings.id, [...ids])), (r) => r.id),
    ),
    cadreById: new DataLoader<string, CadreRow | null>(async (ids) =>
      inKeyOrder(ids, await db.select().from(cadres).where(inArray(cadres.id, [...ids])), (r) => r.id),
    ),
    reportById: new DataLoader<string, ReportRow | null>(async (ids) =>
      inKeyOrder(ids, await db.select().from(reports).where(inArray(reports.id, [...ids])), (r) => r.id),
    ),

    /** `Region.designatedAssistance`: one statement for every region of the request. */
    regionPairings: new DataLoader<RegionFieldKey, PairingRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(pairings)
          .where(and(scopeCondition(pairings.helpedCode, keys), periodCondition(pairings.since, pairings.until, keys)))
          .orderBy(...pairingOrder);
        return distribute(keys, rows, (r) => r.helpedCode, (r) => r);
      },
      { cacheKeyFn: regionFieldCacheKey },
    ),

    /** `Region.cadres`: one statement for every region of the request. */
    regionCadres: new DataLoader<RegionFieldKey, CadreRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(cadres)
          .where(and(scopeCondition(cadres.postedCode, keys), periodCondition(cadres.since, cadres.until, keys)))
          .orderBy(...cadreOrder);
        return distribute(keys, rows, (r) => r.postedCode, (r) => r);
      },
      { cacheKeyFn: regionFieldCacheKey },
    ),

    /** `Organization.designatedAssistance(year)`: one statement for every unit of the request. */
    helperPairings: new DataLoader<YearKey, PairingRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(pairings)
          .where(and(inArray(pairings.helperId, [...new Set(keys.map((k) => k.id))]), periodCondition(pairings.since, pairings.until, keys)))
          .orderBy(...pairingOrder);
        return splitByIdYear(keys, rows, (r) => r.helperId);
      },
      { cacheKeyFn: idYearCacheKey },
    ),

    /** `Organization.cadres(year)`: one statement for every unit of the request. */
    helperCadres: new DataLoader<YearKey, CadreRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(cadres)
          .where(and(inArray(cadres.helperId, [...new Set(keys.map((k) => k.id))]), periodCondition(cadres.since, cadres.until, keys)))
          .orderBy(...cadreOrder);
        return splitByIdYear(keys, rows, (r) => r.helperId);
      },
      { cacheKeyFn: idYearCacheKey },
    ),

    /** `DesignatedAssistance.cadres(year)`: one statement for every pairing of the request. */
    pairingCadres: new DataLoader<YearKey, CadreRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(cadres)
          .where(and(inArray(cadres.pairingId, [...new Set(keys.map((k) => k.id))]), periodCondition(cadres.since, cadres.until, keys)))
          .orderBy(...cadreOrder);
        return splitByIdYear(keys, rows, (r) => r.pairingId);
      },
      { cacheKeyFn: idYearCacheKey },
    ),

    /** `DesignatedAssistance.reports`: every year's report of every pairing of the request, one statement. */
    pairingReports: new DataLoader<string, ReportRow[]>(async (ids) => {
      const rows = await db
        .select()
        .from(reports)
        .where(inArray(reports.pairingId, [...ids]))
        .orderBy(asc(reports.pairingId), asc(reports.year));
      const byPairing = new Map<string, ReportRow[]>();
      for (const r of rows) {
        const list = byPairing.get(r.pairingId);
        if (list) list.push(r);
        else byPairing.set(r.pairingId, [r]);
      }
      return ids.map((id) => byPairing.get(id) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
