import DataLoader from 'dataloader';
import { and, asc, inArray, sql } from 'drizzle-orm';
import { idYearCacheKey, rowsOf, splitByIdYear, type IdYearKey } from '../../lib/batch.js';
import type { Db } from '../../lib/db.js';
import { demoCacheKey, demoCondition, passesDemo, type DemoFilter } from '../../lib/demo.js';
import { keyTable, periodCondition } from '../../lib/scope.js';
import { leadingGroupSeatsTable as seats, leadingGroupsTable as groups, type GroupLevel, type SeatRole } from './tables.js';

/**
 * The readers of leading groups and their seats: one SQL statement per batch each. A group
 * read for a year carries the year (`asOf`), so its office's parent is the office of the place
 * above in that same year.
 */
export interface GroupRow {
  id: string;
  regionCode: string;
  level: GroupLevel;
  officeId: string;
  since: string;
  until: string | null;
  demo: boolean;
  source: string;
  version: number;
  /** The year it was read for; null: read by id or for no year (the latest group). */
  asOf: number | null;
  /** The demo filter it was read with (its parent group is read with the same). */
  filter: DemoFilter;
}

export interface SeatRow {
  id: string;
  groupId: string;
  organizationId: string;
  role: SeatRole;
  since: string;
  until: string | null;
  demo: boolean;
}

/** A place's group in a year (null: the latest), with the records wanted. */
export interface PlaceGroupKey {
  code: string;
  year: number | null;
  demo: DemoFilter;
}
const placeGroupCacheKey = (k: PlaceGroupKey) => `${k.code}|${k.year ?? ''}|${demoCacheKey(k.demo)}`;

/** An organisation's seats in a year (null: all). */
export interface OrgSeatKey {
  id: string;
  year: number | null;
  demo: DemoFilter;
}

const GROUP_COLUMNS = {
  id: groups.id,
  regionCode: groups.regionCode,
  level: groups.level,
  officeId: groups.officeId,
  since: groups.since,
  until: groups.until,
  demo: groups.demo,
  source: groups.source,
  version: groups.version,
};
const SEAT_COLUMNS = {
  id: seats.id,
  groupId: seats.groupId,
  organizationId: seats.organizationId,
  role: seats.role,
  since: seats.since,
  until: seats.until,
  demo: seats.demo,
};

const ROLE_ORDER: Record<SeatRole, number> = { HEAD: 0, DEPUTY: 1, MEMBER: 2 };
const bySeatOrder = (a: SeatRow, b: SeatRow) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.since.localeCompare(b.since) || a.id.localeCompare(b.id);

/**
 * The group of each place of a batch in ONE statement: per key, the group of the place serving
 * at some time in the key's year (every group when the year is null), the latest by start.
 */
async function placeGroups(db: Db, keys: readonly PlaceGroupKey[]): Promise<(GroupRow | null)[]> {
  const table = keyTable(
    keys.map((k, i) => ({ grp: i, code: k.code, yr: k.year, dm: k.demo === 'all' ? null : k.demo === 'demo' })),
    'grp int, code text, yr int, dm boolean',
  );
  const rows = rowsOf<Omit<GroupRow, 'asOf' | 'filter'> & { grp: number }>(
    await db.execute(sql`select distinct on (k.grp) k.grp, g.id, g.region_code as "regionCode", g.level, g.office_id as "officeId",
        g.since::text as since, g.until::text as until, g.demo, g.source, g.version
      from ${table} join ${groups} g on g.region_code = k.code
        and (k.dm is null or g.demo = k.dm)
        and (k.yr is null or (g.since <= make_date(k.yr, 12, 31) and (g.until is null or g.until >= make_date(k.yr, 1, 1))))
      order by k.grp, g.since desc, g.id desc`),
  );
  const out: (GroupRow | null)[] = keys.map(() => null);
  for (const { grp, ...r } of rows) {
    const k = keys[Number(grp)];
    out[Number(grp)] = { ...r, version: Number(r.version), asOf: k.year, filter: k.demo };
  }
  return out;
}

export function createGovernanceLoaders(db: Db) {
  return {
    /** A group by id: ONE statement per batch. */
    groupById: new DataLoader<string, GroupRow | null>(async (ids) => {
      const rows = await db
        .select(GROUP_COLUMNS)
        .from(groups)
        .where(inArray(groups.id, [...ids]));
      const byId = new Map(rows.map((r) => [r.id, { ...r, asOf: null, filter: 'all' as DemoFilter }]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Region.leadingGroup (and every parent office): ONE statement per batch of places. */
    placeGroup: new DataLoader<PlaceGroupKey, GroupRow | null, string>((keys) => placeGroups(db, keys), { cacheKeyFn: placeGroupCacheKey }),
    /** LeadingGroup.seats: ONE statement per batch of groups. */
    groupSeats: new DataLoader<IdYearKey, SeatRow[], string>(
      async (keys) => {
        const rows = await db
          .select(SEAT_COLUMNS)
          .from(seats)
          .where(and(inArray(seats.groupId, [...new Set(keys.map((k) => k.id))]), periodCondition(seats.since, seats.until, keys)))
          .orderBy(asc(seats.since), asc(seats.id));
        return splitByIdYear(keys, rows, (r) => r.groupId).map((list) => [...list].sort(bySeatOrder));
      },
      { cacheKeyFn: idYearCacheKey },
    ),
    /** Organization.leadingGroupSeats: ONE statement per batch of organisations. */
    organizationSeats: new DataLoader<OrgSeatKey, SeatRow[], string>(
      async (keys) => {
        const rows = await db
          .select(SEAT_COLUMNS)
          .from(seats)
          .where(
            and(
              inArray(seats.organizationId, [...new Set(keys.map((k) => k.id))]),
              periodCondition(seats.since, seats.until, keys),
              demoCondition(
                seats.demo,
                keys.map((k) => k.demo),
              ),
            ),
          )
          .orderBy(asc(seats.since), asc(seats.id));
        const lists = splitByIdYear(keys, rows, (r) => r.organizationId);
        return lists.map((list, i) => list.filter((r) => passesDemo(keys[i].demo, r.demo)));
      },
      { cacheKeyFn: (k) => `${idYearCacheKey(k)}|${demoCacheKey(k.demo)}` },
    ),
    /** A seat by id: ONE statement per batch. */
    seatById: new DataLoader<string, SeatRow | null>(async (ids) => {
      const rows = await db
        .select(SEAT_COLUMNS)
        .from(seats)
        .where(inArray(seats.id, [...ids]));
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type GovernanceLoaders = ReturnType<typeof createGovernanceLoaders>;
