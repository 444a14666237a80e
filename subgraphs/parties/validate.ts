import { createHash } from 'node:crypto';
import { normalizeCode } from '../../lib/codes.js';
import { badInput } from '../../lib/errors.js';
import { checkCount } from '../../lib/inputs.js';
import { currentYear, today } from '../../lib/calendar.js';

/**
 * Input rules shared by the parties channel's mutations. Each refusal names the input field
 * and a short rule, so a client can show it beside the field.
 */

/** Years a record of this channel may fall in: the programme's history up to next year. */
export const FIRST_YEAR = 1990;
export const lastYear = () => currentYear() + 1;

/** Today in China's calendar: submissions and trips are records of work done, never of the future. */
export { today };

export function requireYear(field: string, year: number | null | undefined): void {
  if (year == null) return;
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > lastYear()) {
    throw badInput(field, 'year-range', `must be a year from ${FIRST_YEAR} to ${lastYear()}`);
  }
}

/** A plausible date: its year within the channel's range. */
export function requireDateYear(field: string, date: string | null | undefined): void {
  if (date) requireYear(field, Number(date.slice(0, 4)));
}

/** A period: both ends plausible, `until` not before `since`. */
export function requirePeriod(sinceField: string, since: string, untilField: string, until: string | null | undefined): void {
  requireDateYear(sinceField, since);
  requireDateYear(untilField, until);
  if (until && until < since) throw badInput(untilField, 'period', `${until} is before ${since}`);
}

export function requireNotFuture(field: string, date: string): void {
  if (date > today()) throw badInput(field, 'not-future', `${date} is in the future: record work once it is done`);
}

/** Trimmed text; `required` refuses blank, and every text has a length limit. */
export function cleanText(field: string, value: string | null | undefined, max: number, required = false): string | null {
  const text = value?.trim() ?? '';
  if (!text) {
    if (required) throw badInput(field, 'required', 'must not be blank');
    return null;
  }
  if (text.length > max) throw badInput(field, 'too-long', `must be at most ${max} characters`);
  return text;
}

/** An optional count: absent stays null, else a whole number from 0 to the shared cap (lib/inputs.ts). */
export function requireCount(field: string, n: number | null | undefined): number | null {
  return n == null ? null : checkCount(field, n);
}

export function requireUrl(field: string, url: string | null | undefined): string | null {
  const text = cleanText(field, url, 2000);
  if (text === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw badInput(field, 'url', 'must be an http or https address');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw badInput(field, 'url', 'must be an http or https address');
  return text;
}

/** A well-formed division code, canonical; existence is checked against the registry by the caller. */
export function requireCode(field: string, input: string): string {
  const code = normalizeCode(input);
  if (!code) throw badInput(field, 'division-code', `"${input}" is not a division code (2, 4, 6, 9 or 12 digits)`);
  return code;
}

/**
 * Record ids: the channel prefix and a hash of what makes the record unique, so the same
 * record always gets the same id and a repeat is found by id.
 */
export function recordId(kind: 'sup' | 'own' | 'ia' | 'trip' | 'rec', ...parts: (string | number | null | undefined)[]): string {
  const hash = createHash('sha1').update(parts.map((p) => p ?? '').join('|')).digest('hex').slice(0, 12);
  return `parties-${kind}-${hash}`;
}
