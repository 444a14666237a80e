import { and, isNull, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * China's calendar. "Today", "this year" and every date check of the hub are in Asia/Shanghai:
 * a record dated today is today in Beijing, whatever the server's zone. China has kept UTC+8
 * without daylight saving since 1992, so the day is the UTC instant shifted by eight hours.
 *
 * Periods are ISO dates `since`..`until`, both days included, `until` null while ongoing; the
 * same predicates are given for values (JavaScript) and for columns (SQL), so a check in a
 * resolver and the condition of its query cannot disagree.
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar day in Beijing at `now`, as `YYYY-MM-DD`. */
export function today(now: Date = new Date()): string {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar year in Beijing at `now`. */
export function currentYear(now: Date = new Date()): number {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).getUTCFullYear();
}

/** The year of an ISO date. */
export const yearOf = (date: string): number => Number(date.slice(0, 4));

/** First and last day of a reporting year, as ISO dates. */
export function yearBounds(year: number): { start: string; end: string } {
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

export interface Period {
  since: string;
  until: string | null;
}

/** Do two periods share a day? */
export function overlaps(a: Period, b: Period): boolean {
  return (a.until === null || a.until >= b.since) && (b.until === null || b.until >= a.since);
}

/** Was a period valid at some time during `year` (null: any year)? */
export function activeInYear(since: string, until: string | null, year: number | null): boolean {
  if (year === null) return true;
  const { start, end } = yearBounds(year);
  return since <= end && (until === null || until >= start);
}

/** `overlaps` in SQL: the row's period (`since`, `until` columns) shares a day with `period`. */
export function overlapsSql(since: AnyColumn, until: AnyColumn, period: Period): SQL {
  return and(period.until === null ? undefined : lte(since, period.until), or(isNull(until), sql`${until} >= ${period.since}`))!;
}

/** `activeInYear` in SQL: the row's period was valid at some time in `year`. */
export function activeInSql(since: AnyColumn, until: AnyColumn, year: number): SQL {
  const { start, end } = yearBounds(year);
  return overlapsSql(since, until, { since: start, until: end });
}

/** The years a period spans, an open one up to this year (at most 100; none for a malformed start). */
export function yearsOfPeriod(since: string, until: string | null, now: Date = new Date()): number[] {
  const years: number[] = [];
  const last = until ? yearOf(until) : Math.max(yearOf(since), currentYear(now));
  for (let y = yearOf(since); y <= last && years.length < 100; y++) years.push(y);
  return years;
}
