import DataLoader from 'dataloader';
import { and, asc, inArray, sql } from 'drizzle-orm';
import {
  idYearCacheKey,
  idYearDemoCacheKey,
  inKeyOrder,
  rowsOf,
  splitByIdYear,
  splitByIdYearDemo,
  type IdYearDemoKey,
  type IdYearKey,
} from '../../lib/batch.js';
import type { Db } from '../../lib/db.js';
import { demoCacheKey, demoCondition, passesDemo, type DemoFilter } from '../../lib/demo.js';
import { keyTable, periodCondition } from '../../lib/scope.js';
import { counts } from '../../lib/corrections.js';
import {
  assessmentsTable as assessments,
  countySecretariesTable as secretaries,
  leadingGroupSeatsTable as seats,
  leadingGroupsTable as groups,
  responsibilityLettersTable as letters,
  type AssessmentGrade,
  type GroupLevel,
  type SeatRole,
} from './tables.js';

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

export interface LetterRow {
  id: string;
  signerCode: string;
  counterpartyCode: string | null;
  yearSigned: number;
  since: string;
  until: string | null;
  targets: string;
  demo: boolean;
}

export interface AssessmentRow {
  id: string;
  regionCode: string | null;
  organizationId: string | null;
  year: number;
  grade: AssessmentGrade;
  findings: string;
  demo: boolean;
}

export interface SecretaryRow {
  id: string;
  countyCode: string;
  personName: string;
  since: string;
  until: string | null;
  demo: boolean;
}

/** A secretary moved before the county's exit year. */
export interface ViolationRow {
  secretary: SecretaryRow;
  movedIn: number;
  exitYear: number;
}

/** A record list's key: a place code or an organisation id, a year (null: all), the records wanted. */
export interface ListKey {
  id: string;
  year: number | null;
  demo: DemoFilter;
}
const listCacheKey = (k: ListKey) => `${k.id}|${k.year ?? ''}|${demoCacheKey(k.demo)}`;

/** Rows fetched for a batch of ListKeys, each key given the rows of its id, year and demo filter. */
function splitByList<R extends { demo: boolean }>(keys: readonly ListKey[], rows: readonly R[], idOf: (r: R) => string | null, yearOf?: (r: R) => number) {
  return keys.map((k) => rows.filter((r) => idOf(r) === k.id && passesDemo(k.demo, r.demo) && (k.year === null || !yearOf || yearOf(r) === k.year)));
}

/** A place's group in a year (null: the latest), with the records wanted. */
export interface PlaceGroupKey {
  code: string;
  year: number | null;
  demo: DemoFilter;
}
const placeGroupCacheKey = (k: PlaceGroupKey) => `${k.code}|${k.year ?? ''}|${demoCacheKey(k.demo)}`;

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

const SECRETARY_COLUMNS = {
  id: secretaries.id,
  countyCode: secretaries.countyCode,
  personName: secretaries.personName,
  since: secretaries.since,
  until: secretaries.until,
  demo: secretaries.demo,
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
      from ${table} join ${groups} g on g.region_code = k.code and g.voided_at is null
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
          .where(and(inArray(seats.groupId, [...new Set(keys.map((k) => k.id))]), counts(seats.voidedAt), periodCondition(seats.since, seats.until, keys)))
          .orderBy(asc(seats.since), asc(seats.id));
        return splitByIdYear(keys, rows, (r) => r.groupId).map((list) => [...list].sort(bySeatOrder));
      },
      { cacheKeyFn: idYearCacheKey },
    ),
    /** Organization.leadingGroupSeats: ONE statement per batch of organisations. */
    organizationSeats: new DataLoader<IdYearDemoKey, SeatRow[], string>(
      async (keys) => {
        const rows = await db
          .select(SEAT_COLUMNS)
          .from(seats)
          .where(
            and(
              inArray(seats.organizationId, [...new Set(keys.map((k) => k.id))]),
              counts(seats.voidedAt),
              // A voided group's seats go with it.
              sql`not exists (select 1 from ${groups} g where g.id = ${seats.groupId} and g.voided_at is not null)`,
              periodCondition(seats.since, seats.until, keys),
              demoCondition(
                seats.demo,
                keys.map((k) => k.demo),
              ),
            ),
          )
          .orderBy(asc(seats.since), asc(seats.id));
        return splitByIdYearDemo(keys, rows, (r) => r.organizationId);
      },
      { cacheKeyFn: idYearDemoCacheKey },
    ),
    /** Region.responsibilityLetters: ONE statement per batch of places. */
    regionLetters: new DataLoader<ListKey, LetterRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(letters)
          .where(and(inArray(letters.signerCode, [...new Set(keys.map((k) => k.id))]), counts(letters.voidedAt)))
          .orderBy(asc(letters.yearSigned), asc(letters.id));
        return splitByList(keys, rows, (r) => r.signerCode);
      },
      { cacheKeyFn: listCacheKey },
    ),
    /** Region.assessments: ONE statement per batch of places. */
    regionAssessments: new DataLoader<ListKey, AssessmentRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(assessments)
          .where(and(inArray(assessments.regionCode, [...new Set(keys.map((k) => k.id))]), counts(assessments.voidedAt)))
          .orderBy(asc(assessments.year), asc(assessments.id));
        return splitByList(
          keys,
          rows,
          (r) => r.regionCode,
          (r) => r.year,
        );
      },
      { cacheKeyFn: listCacheKey },
    ),
    /** Organization.assessments: ONE statement per batch of organisations. */
    organizationAssessments: new DataLoader<ListKey, AssessmentRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(assessments)
          .where(and(inArray(assessments.organizationId, [...new Set(keys.map((k) => k.id))]), counts(assessments.voidedAt)))
          .orderBy(asc(assessments.year), asc(assessments.id));
        return splitByList(
          keys,
          rows,
          (r) => r.organizationId,
          (r) => r.year,
        );
      },
      { cacheKeyFn: listCacheKey },
    ),
    /** Region.countySecretaries: ONE statement per batch of counties. */
    countySecretaries: new DataLoader<ListKey, SecretaryRow[], string>(
      async (keys) => {
        const rows = await db
          .select(SECRETARY_COLUMNS)
          .from(secretaries)
          .where(inArray(secretaries.countyCode, [...new Set(keys.map((k) => k.id))]))
          .orderBy(asc(secretaries.since), asc(secretaries.id));
        return splitByList(keys, rows, (r) => r.countyCode);
      },
      { cacheKeyFn: listCacheKey },
    ),
    /**
     * The secretaries whose period ended, on or inside each place of a batch ('' the whole
     * country), moved in the key's year (every year when null): ONE statement per batch.
     */
    endedSecretaries: new DataLoader<ListKey, SecretaryRow[], string>(
      async (keys) => {
        const table = keyTable(
          keys.map((k, i) => ({ grp: i, code: k.id, yr: k.year, dm: k.demo === 'all' ? null : k.demo === 'demo' })),
          'grp int, code text, yr int, dm boolean',
        );
        const rows = rowsOf<SecretaryRow & { grp: number }>(
          await db.execute(sql`select k.grp, s.id, s.county_code as "countyCode", s.person_name as "personName", s.since::text as since,
              s.until::text as until, s.demo
            from ${table} join ${secretaries} s on left(s.county_code, length(k.code)) = k.code
              and s.until is not null and (k.yr is null or extract(year from s.until)::int = k.yr) and (k.dm is null or s.demo = k.dm)
            order by k.grp, s.county_code, s.since, s.id`),
        );
        const out: SecretaryRow[][] = keys.map(() => []);
        for (const { grp, ...r } of rows) out[Number(grp)].push(r);
        return out;
      },
      { cacheKeyFn: listCacheKey },
    ),
    /** A seat by id: ONE statement per batch. */
    seatById: new DataLoader<string, SeatRow | null>(async (ids) => {
      const rows = await db
        .select(SEAT_COLUMNS)
        .from(seats)
        .where(inArray(seats.id, [...ids]));
      return inKeyOrder(ids, rows, (r) => r.id);
    }),
  };
}

export type GovernanceLoaders = ReturnType<typeof createGovernanceLoaders>;
