import type { Connection } from '../../lib/pagination.js';
import DataLoader from 'dataloader';
import { counts } from '../../lib/corrections.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import { and, asc, inArray } from 'drizzle-orm';
import { idYearCacheKey, idYearDemoCacheKey, inKeyOrder, splitByIdYear, splitByIdYearDemo, type IdYearDemoKey, type IdYearKey } from '../../lib/batch.js';
import type { Db } from '../../lib/db.js';
import { distribute, idListCondition, periodCondition, placeListCondition, regionFieldCacheKey, type RegionFieldKey } from '../../lib/scope.js';
import { cadresTable as cadres, pairingsTable as pairings, reportsTable as reports } from './tables.js';

export type PairingRow = typeof pairings.$inferSelect;
export type CadreRow = typeof cadres.$inferSelect;
export type ReportRow = typeof reports.$inferSelect;
export type PairingPage = Connection<PairingRow>;
export type CadrePage = Connection<CadreRow>;

/** A helper's (or a pairing's) rows valid in one year, or in every year when null. */
export type YearKey = IdYearKey;

const pairingOrder = [asc(pairings.helpedCode), asc(pairings.since), asc(pairings.id)];
const cadreOrder = [asc(cadres.postedCode), asc(cadres.since), asc(cadres.id)];

export function createLoaders(db: Db) {
  return {
    pairingById: new DataLoader<string, PairingRow | null>(async (ids) =>
      inKeyOrder(
        ids,
        await db
          .select()
          .from(pairings)
          .where(inArray(pairings.id, [...ids])),
        (r) => r.id,
      ),
    ),
    cadreById: new DataLoader<string, CadreRow | null>(async (ids) =>
      inKeyOrder(
        ids,
        await db
          .select()
          .from(cadres)
          .where(inArray(cadres.id, [...ids])),
        (r) => r.id,
      ),
    ),
    reportById: new DataLoader<string, ReportRow | null>(async (ids) =>
      inKeyOrder(
        ids,
        await db
          .select()
          .from(reports)
          .where(inArray(reports.id, [...ids])),
        (r) => r.id,
      ),
    ),

    /** `Region.designatedAssistance`: one statement for every region of the request. */
    regionPairings: new DataLoader<RegionFieldKey, PairingRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(pairings)
          .where(placeListCondition(pairings.helpedCode, pairings, keys))
          .orderBy(...pairingOrder);
        return distribute(
          keys,
          rows,
          (r) => r.helpedCode,
          (r) => r,
        );
      },
      { cacheKeyFn: regionFieldCacheKey },
    ),

    /** `Region.cadres`: one statement for every region of the request. */
    regionCadres: new DataLoader<RegionFieldKey, CadreRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(cadres)
          .where(placeListCondition(cadres.postedCode, cadres, keys))
          .orderBy(...cadreOrder);
        return distribute(
          keys,
          rows,
          (r) => r.postedCode,
          (r) => r,
        );
      },
      { cacheKeyFn: regionFieldCacheKey },
    ),

    /** `Organization.designatedAssistance(year, includeDemo)`: one statement for every unit of the request. */
    helperPairings: new DataLoader<IdYearDemoKey, PairingRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(pairings)
          .where(idListCondition(pairings.helperId, pairings, keys))
          .orderBy(...pairingOrder);
        return splitByIdYearDemo(keys, rows, (r) => r.helperId);
      },
      { cacheKeyFn: idYearDemoCacheKey },
    ),

    /** `Organization.cadres(year, includeDemo)`: one statement for every unit of the request. */
    helperCadres: new DataLoader<IdYearDemoKey, CadreRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(cadres)
          .where(idListCondition(cadres.helperId, cadres, keys))
          .orderBy(...cadreOrder);
        return splitByIdYearDemo(keys, rows, (r) => r.helperId);
      },
      { cacheKeyFn: idYearDemoCacheKey },
    ),

    /** `DesignatedAssistance.cadres(year)`: one statement for every pairing of the request. */
    pairingCadres: new DataLoader<YearKey, CadreRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(cadres)
          .where(
            and(inArray(cadres.pairingId, [...new Set(keys.map((k) => k.id))]), counts(cadres.voidedAt), periodCondition(cadres.since, cadres.until, keys)),
          )
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
        .where(and(inArray(reports.pairingId, [...ids]), counts(reports.voidedAt)))
        .orderBy(asc(reports.pairingId), asc(reports.year));
      const byPairing = new Map<string, ReportRow[]>();
      for (const r of rows) {
        const list = byPairing.get(r.pairingId);
        if (list) list.push(r);
        else byPairing.set(r.pairingId, [r]);
      }
      return ids.map((id) => byPairing.get(id) ?? []);
    }),

    /**
     * The channel's root aggregates (plan against actual, provincial totals) by their arguments
     * and demo filter, computed once per request: the `demo` part asked on every row of an
     * answer reads the demo figures once.
     */
    aggregates: new Map<string, Promise<unknown>>(),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
/** What every resolver of this subgraph receives as its context. */
export type Context = SubgraphContext<Loaders>;
