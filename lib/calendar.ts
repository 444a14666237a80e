/**
 * China's calendar. "Today", "this year" and every date check of the hub are in Asia/Shanghai:
 * a record dated today is today in Beijing, whatever the server's zone. China has kept UTC+8
 * without daylight saving since 1992, so the day is the UTC instant shifted by eight hours.
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
