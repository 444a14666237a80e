import { normalizeCode } from './codes.js';
import { currentYear, today, yearOf } from './calendar.js';
import { badInput } from './errors.js';
import { checkTextCharacters } from './text.js';

/**
 * The input rules of the hub, written once: every channel checks years, periods, money, counts,
 * text, addresses and division codes with these, and every refusal names a rule from `RULES`.
 *
 * `RULES` is the one catalogue of the codes a client sees in `extensions.rule`: the error
 * helpers (lib/errors.ts) accept only its keys, so a new code is added here, with its meaning,
 * or the build fails; docs/rules.md is generated from it (a test keeps them equal).
 */
/**
 * The earliest year of any record: 1986, when the State Council's leading group for poverty
 * alleviation began and central units took on designated counties — the oldest of the five
 * channels (east-west pairing began in 1996, the others later). One floor for every channel, so
 * a year valid in one is valid in all; each channel's own rounds narrow it further.
 */
export const FIRST_YEAR = 1986;

export const RULES = {
  // ---- values of one field
  required: {
    meaning: 'a value that must be given is blank or missing',
    fields: 'names, titles, reasons; `input.until` of a planned end; `input.trainees` of a training; list fields that need one item',
  },
  'too-long': {
    meaning: 'text longer than its field allows (the limit is in the message)',
    fields: 'every free-text input: names, aliases, titles, notes, positions, reasons, addresses',
  },
  'text-characters': { meaning: 'text holding NUL or half a UTF-16 surrogate pair', fields: 'every String and ID argument, at any depth' },
  'at-most': { meaning: 'a list longer than one call or record accepts', fields: '`codes`, `ids`, `input.placesVisited`' },
  year: {
    meaning: `a year (or the year of a date) outside ${FIRST_YEAR} to next year (China)`,
    fields: '`year`, `input.year`, `input.since`, `input.until`, `input.date` and every other date of a record',
  },
  date: { meaning: 'not a calendar date written YYYY-MM-DD', fields: 'every Date input' },
  money: { meaning: 'not a decimal amount of yuan with at most two decimals', fields: 'every Money input' },
  range: {
    meaning: 'a number outside the range its field accepts (the range is in the message)',
    fields: 'every count (at most 1,000,000), every Money input (its cap), `capacity`, `fewerThan` of `coverage`',
  },
  'non-negative': { meaning: 'a negative amount or count', fields: 'every Money amount and count of a record' },
  url: { meaning: 'not an http or https address', fields: '`input.evidenceUrl`, `input.url`' },
  'division-code': { meaning: 'not a division code (2, 4, 6, 9 or 12 digits)', fields: 'every place code input' },
  'split-code': { meaning: 'a former code split between several places: give the code of the place meant', fields: 'every place code input' },
  kind: { meaning: 'an unknown kind', fields: '`input.kind`, `kinds` of the cross-channel `assistance`' },
  'id-format': { meaning: 'an id that is not 2 to 64 letters, digits or hyphens', fields: '`input.id` of an organisation' },
  'uscc-format': { meaning: 'not an 18-character unified social credit code', fields: '`input.uscc`' },
  'household-number': {
    meaning: 'a household number that is not 2 to 40 letters, digits or hyphens, looks like an identity number, or wears the demo mark `DEMO-`',
    fields: '`input.id` of a household',
  },
  'identity-number': { meaning: 'not an 18-character 居民身份证号 with a valid birth date and check character', fields: '`input.identityNumber`' },
  'reference-format': {
    meaning: "a record id of another channel that does not have that channel's form",
    fields: '`input.alsoReportedAs.id`, `input.designatedCadreId`, `input.members.designatedCadreId`',
  },
  'reference-exists': {
    meaning: 'a record id of another channel that names no record there, or a voided one (asked of that channel before the write)',
    fields: '`input.alsoReportedAs.id`',
  },
  channel: { meaning: 'a channel a record cannot be also reported in', fields: '`input.alsoReportedAs.channel`' },
  'page-size': { meaning: 'a page size outside what a list serves', fields: '`first`' },
  'list-size': {
    meaning: 'a list longer than a list field answers (10,000): read its `…Page` connection instead',
    fields: 'the channel list fields on `Region` and `Organization`',
  },
  cursor: { meaning: 'not a cursor this list returned', fields: '`after`' },
  flag: { meaning: 'not one of 1, 0, true or false', fields: 'the yes-or-no parameters of an export: `descendants`, `ancestors`, `includeDemo`' },
  'export-parameter': {
    meaning: 'a parameter an export does not take (the ones it takes are in the message)',
    fields: 'the query parameters of `GET /export/…` (docs/export.md)',
  },
  'export-query': {
    meaning: 'a query export whose query does not parse, is not one read (a query, never a mutation), or whose variables are not a JSON object',
    fields: '`query`, `operationName`, `variables` of `/export/query.…`',
  },
  'export-rows': { meaning: 'a rows path that is not in the answer, or names values instead of objects', fields: '`rows` of `/export/query.…`' },
  'demo-column': {
    meaning: 'rows of a query export that do not select `demo`: a file tells real records from demo ones',
    fields: '`query` of `/export/query.…`',
  },
  'demo-mark': { meaning: 'the generated-data name prefix on a real organisation, or missing from a generated one', fields: '`input.name` of an organisation' },
  // ---- periods and dates
  period: { meaning: 'a period ending before it starts', fields: '`input.until`, `until`, `input.since`' },
  'not-future': { meaning: 'a date after today (China): work is recorded once done', fields: 'dates of trips, submissions and other work done' },
  'date-range': { meaning: 'a date outside the days its record allows (the days are in the message)', fields: '`input.assessedOn`' },
  'date-order': { meaning: 'a date before the previous step of the same record', fields: '`input.on`' },
  'within-period': {
    meaning: "a year or date outside the period of the record it belongs to (a pairing's, a compact's, an assignment's)",
    fields: '`input.year`, `input.date`, `input.since`, `input.compactId`, dates of trips and submissions',
  },
  'records-outside-period': {
    meaning: 'a new period would leave recorded work (cadres, flows, projects, contributions, trips) outside it',
    fields: '`input.until`, `until`, `input.since`',
  },
  'already-ended': { meaning: 'the record has already ended: an end can only move earlier', fields: '`id`, `until`, `input.until`' },
  'already-recalled': { meaning: 'the cadre was already recalled', fields: '`input.id`' },
  round: { meaning: 'a round that is not one of the programme or that the period does not reach', fields: '`input.round`' },
  'round-period': { meaning: 'a pairing of this round cannot start in that year', fields: '`input.round`' },
  // ---- places
  exists: { meaning: 'no record (place, organisation, pairing…) with this id or code', fields: 'ids and codes that must name a record' },
  level: {
    meaning: 'a place of a level the field does not accept (or a helper helping a higher level)',
    fields: '`input.helpedCode`, `input.villageCode`, `helpedProvince`, `level` and other place inputs',
  },
  'functional-zone': { meaning: 'a development zone, not a legal county', fields: '`input.helpedCode`' },
  'within-place': {
    meaning: 'a place outside the place it must lie in (the pairing’s county, the supervised province, the region a unit is responsible for)',
    fields: '`input.postedCode`, `input.placesVisited[i]`, `input.recipientCode`, `input.helpedCode`, county codes of flows',
  },
  'posting-level': { meaning: 'a cadre posted to a level its role is not posted to', fields: '`input.postedCode`' },
  'kind-level': { meaning: 'a kind of help landing on a level it does not land on', fields: '`input.helpedCode`' },
  'same-level': { meaning: 'a seat on the leading group of a government of another level than the unit’s', fields: '`input.regionCode`' },
  'own-region': { meaning: 'a place other than the region the unit is responsible for', fields: '`input.regionCode`' },
  'responsible-region': { meaning: 'the unit has no responsible region in the registry', fields: '`input.unitId`' },
  'helped-west': {
    meaning: 'a helped place that is neither western, a listed central exception, nor a 京津冀 place listed for the helper',
    fields: '`input.helpedCode`, `helpedProvince`',
  },
  // ---- helpers
  'helper-kind': { meaning: 'an organisation of a kind that cannot do this in the channel', fields: '`input.helperId`, `input.unitId`, `input.kind`' },
  'kind-helper': { meaning: 'a kind of help this helper cannot give', fields: '`input.kind`' },
  'helper-home': { meaning: 'the helper has no home region', fields: '`input.helperId`' },
  'helper-east': { meaning: 'the helper is not in the eastern zone', fields: '`input.helperId`' },
  'helper-level': { meaning: 'the helper is not a province, city or county government', fields: '`input.helperId`' },
  'helper-registered': { meaning: 'the government is not registered: create the organisation first', fields: '`input.suggestionId`' },
  'central-committee': { meaning: 'a committee below a party: name its central committee', fields: '`input.helperId`' },
  'party-committee': { meaning: 'not a committee of the assignment’s party', fields: '`input.organizerId`' },
  'one-subject': { meaning: 'an assessment naming both a place and an organisation, or neither: it assesses one of them', fields: '`input.regionCode`' },
  'same-county': { meaning: 'a cadre paired with a household of another county', fields: '`input.householdId`' },
  'one-province-per-party': { meaning: 'the party already supervises a province in the period', fields: '`input.helperId`' },
  'one-party-per-province': { meaning: 'the province is already supervised by a party in the period', fields: '`input.helpedCode`' },
  'no-cycle': { meaning: 'an organisation would be its own ancestor', fields: '`input.parentId`' },
  // ---- figures of a record
  'personnel-breakdown': { meaning: 'personnel sent fewer than officers plus soldiers', fields: '`input.personnelSent`' },
  'within-total': { meaning: 'a part larger than its whole', fields: '`input.poorWorkersPlaced`' },
  'days-per-person': { meaning: 'fewer person-days than persons', fields: '`input.personDays`' },
  'stage-order': { meaning: 'a verified amount above the disbursed amount', fields: '`input.verified`' },
  empty: { meaning: 'a contribution with no amount and no count above zero', fields: '`input`' },
  'trainees-training-only': { meaning: 'people trained counted on a record that is not a training', fields: '`input.trainees`' },
  // ---- relations between records
  duplicate: {
    meaning: 'the same record (same helper, place and overlapping period, or same key) is already recorded',
    fields: '`input`, `input.helpedCode`, `input.since`, `input.date`, `input.title` and other keys',
  },
  unique: { meaning: 'a value another record holds already (or a write at the same time took first)', fields: '`input`, `input.id`, `input.uscc`' },
  'same-assignment': { meaning: 'a trip made under another assignment', fields: '`input.tripId`' },
  'after-trip': { meaning: 'a submission before the end of the trip it came from', fields: '`input.submittedOn`' },
  'compact-helper': { meaning: 'a compact of another helper', fields: '`input.compactId`' },
  'compact-village': { meaning: 'a compact with another village', fields: '`input.compactId`' },
  'suggestion-id': { meaning: 'not an id the suggestion list returned', fields: '`input.suggestionId`' },
  'already-paired': { meaning: 'the suggested place is paired already', fields: '`input.suggestionId`' },
  capacity: { meaning: 'the suggested helper has no capacity left', fields: '`input.suggestionId`' },
  'not-eligible': { meaning: 'the suggestion is no longer eligible', fields: '`input.suggestionId`' },
  // ---- state of a record (CONFLICT)
  locked: {
    meaning:
      'a report under review or approved (it cannot change until reopened), or a record in a period locked for its channel and region (`lockPeriod`; the lock is named in `lock`)',
    fields: '`input.year`, `id`',
  },
  voided: { meaning: 'the record is voided: it can be read, not corrected or voided again', fields: '`id`' },
  'period-locked': { meaning: 'the channel’s year is already locked for that region (or unlocked when asked to unlock)', fields: '`year`' },
  status: { meaning: 'a status transition the record’s status does not allow', fields: '`id`' },
  'status-forward': { meaning: 'a status moving backward (statuses only move forward)', fields: '`input.status`' },
  incomplete: { meaning: 'a report submitted before both plan and summary are filed', fields: '`id`' },
  version: { meaning: 'the record changed since it was read (`expectedVersion` is stale): read it again', fields: '`input.expectedVersion`' },
  'concurrent-write': { meaning: 'another write changed the same records at the same time: send it again', fields: '`input`' },
  // ---- access (FORBIDDEN)
  access: { meaning: 'the caller may not read or write this record', fields: '(the operation)' },
  'signed-in': { meaning: 'an anonymous caller asked for what needs a sign-in', fields: '(the operation)' },
  'write-role': { meaning: 'the caller’s role does not write in this channel', fields: '(the operation)' },
  'east-west-office': { meaning: 'only an administrator or an east-west office writes east-west records', fields: '(the operation)' },
  'either-side': { meaning: 'the east-west office covers neither the helper’s nor the helped province', fields: '(the operation)' },
  recipient: { meaning: 'the caller is not the recipient the record names', fields: '(the operation)' },
  'personal-data': {
    meaning: 'filed poor households are personal data: read by administrators and the poverty office covering their county',
    fields: '`poorHouseholds`',
  },
  'poverty-office': {
    meaning: 'only an administrator or the poverty office (COORDINATOR, office POVERTY or none) covering the place writes its precision work',
    fields: '(the operation)',
  },
  // ---- import files (docs/import.md)
  'cell-type': { meaning: "a cell whose text is not of its column's type (a whole number, true/false, one of the allowed values)", fields: 'the column named' },
  formula: { meaning: 'an XLSX cell holding a formula: an import takes values only', fields: 'the column named' },
  'duplicate-row': { meaning: 'a row giving the same record, with the same values, as an earlier row of the file', fields: '`input` (the row)' },
  'contradicts-row': { meaning: 'a row giving the same record as an earlier row of the file with other values', fields: '`input` (the row)' },
  'ambiguous-key': {
    meaning: 'a key naming several records: an organisation name or alias several carry, or a natural key recorded twice already',
    fields: '`input.helperId` and other organisation columns, `input` (the row)',
  },
  'file-format': { meaning: 'a file that is not what its extension says, or neither CSV nor XLSX, or that cannot be read', fields: '(the file)' },
  'file-size': { meaning: 'a file over the size limit of an import (50 MB)', fields: '(the file)' },
  'empty-file': { meaning: 'a file, or its first worksheet, with no header or no rows', fields: '(the file)' },
  header: { meaning: 'a header naming an unknown column, or missing a required one', fields: '(the header row)' },
  // ---- the gateway
  'operation-limit': { meaning: 'the operation is over a depth, cost or size limit (docs/limits.md)', fields: '`query`' },
} as const satisfies Record<string, { meaning: string; fields: string }>;

/** A rule code a client may see in `extensions.rule`. */
export type RuleCode = keyof typeof RULES;

// ---- years and periods ------------------------------------------------------------------------

/** The latest year of a record: next year, in China's calendar (plans are filed ahead). */
export const lastYear = (now = new Date()) => currentYear(now) + 1;

/** A whole year from FIRST_YEAR to `last` (next year unless given): rule `year`; absent stays absent. */
export function checkYear<T extends number | null | undefined>(field: string, year: T, last = lastYear()): T {
  if (year == null) return year;
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > last) throw badInput(field, 'year', `must be a year from ${FIRST_YEAR} to ${last}`);
  return year;
}

/** A date whose year passes `checkYear`; absent stays absent. */
export function checkDateYear<T extends string | null | undefined>(field: string, date: T, last = lastYear()): T {
  if (date) checkYear(field, yearOf(date), last);
  return date;
}

export interface PeriodInput {
  since: string;
  until?: string | null;
}

/**
 * A period: both ends in plausible years (`untilLast`: the latest year its end may be planned
 * in), the end not before the start (rule `period`). `fields` name the two inputs.
 */
export function checkPeriod(
  fields: { since: string; until: string },
  period: PeriodInput,
  opts: { untilLast?: number } = {},
): { since: string; until: string | null } {
  const until = period.until ?? null;
  checkDateYear(fields.since, period.since);
  checkDateYear(fields.until, until, opts.untilLast ?? lastYear());
  if (until !== null && until < period.since) throw badInput(fields.until, 'period', `${until} is before ${period.since}`);
  return { since: period.since, until };
}

/** A date of work done: not after today in China (rule `not-future`). */
export function checkNotFuture(field: string, date: string): string {
  if (date > today()) throw badInput(field, 'not-future', `${date} is in the future: record work once it is done`);
  return date;
}

// ---- money and counts -------------------------------------------------------------------------

/**
 * The most one record may count of anything (people trained, experts, workers placed, jobs,
 * households, persons, person-days, projects…): a million, more than any single record of the
 * programme. A sum of such counts is served as the Count scalar (lib/scalars.ts), exact to
 * 2^53 − 1: past 2,147 records at the cap it would not fit a GraphQL Int (docs/limits.md, Totals).
 */
export const MAX_COUNT = 1_000_000;

/** A count of one record: a whole number from 0 to MAX_COUNT (rules `non-negative`, `range`). */
export function checkCount(field: string, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw badInput(field, 'non-negative', 'must be a whole number, zero or more');
  if (n > MAX_COUNT) throw badInput(field, 'range', `must be at most ${MAX_COUNT}`);
  return n;
}

/** An optional count: absent stays null, else as `checkCount`. */
export function checkOptionalCount(field: string, n: number | null | undefined): number | null {
  return n == null ? null : checkCount(field, n);
}

/**
 * An amount of a record: not negative (rule `non-negative`). Its form and cap are the Money
 * scalar's (lib/scalars.ts), checked before any resolver runs.
 */
export function checkMoney<T extends string | null | undefined>(field: string, amount: T): T {
  if (amount?.trim().startsWith('-')) throw badInput(field, 'non-negative', 'must not be negative');
  return amount;
}

// ---- text, addresses, codes -------------------------------------------------------------------

/** Trimmed text of at most `max` characters (rule `too-long`), blank read as absent. */
export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  const text = value?.trim() ?? '';
  if (!text) return null;
  checkTextCharacters(field, text);
  if (text.length > max) throw badInput(field, 'too-long', `must be at most ${max} characters`);
  return text;
}

/** As `optionalText`, but blank is refused (rule `required`). */
export function requiredText(field: string, value: string | null | undefined, max: number): string {
  const text = optionalText(field, value, max);
  if (text === null) throw badInput(field, 'required', 'must not be blank');
  return text;
}

/** The longest address accepted. */
const MAX_URL = 2000;

/** An http or https address (rule `url`), trimmed; blank read as absent. */
export function optionalUrl(field: string, value: string | null | undefined): string | null {
  const text = optionalText(field, value, MAX_URL);
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

/** A well-formed division code, canonical (rule `division-code`); whether a place has it is the registry's to say. */
export function checkCode(field: string, input: string): string {
  const code = normalizeCode(input);
  if (!code) throw badInput(field, 'division-code', `"${input}" is not a division code (2, 4, 6, 9 or 12 digits)`);
  return code;
}

/** A list of at most `max` items in one call or record (rule `at-most`). */
export function checkAtMost<T>(field: string, list: readonly T[], max: number, what = 'items'): readonly T[] {
  if (list.length > max) throw badInput(field, 'at-most', `at most ${max} ${what}, got ${list.length}`);
  return list;
}
