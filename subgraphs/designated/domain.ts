import { createHash } from 'node:crypto';
import { MEASURE_COLUMNS, type CadreRole, type Round } from './tables.js';
import { toFen } from '../../lib/money.js';
import type { DesignatedMeasure } from './types.generated.js';

/**
 * The designated channel's rules and record shapes, free of GraphQL and SQL so the resolvers,
 * the seeders and the tests share them.
 */

/**
 * Organisation kinds that may hold a designated pairing: central Party and state organs,
 * central SOEs, universities, financial institutions, and local organs at every level copying
 * the model (provincial and municipal departments and banks help 永寿县, for instance).
 * Left out on purpose: LOCAL_GOVERNMENT (a people's government helps its own counties as
 * its duty, and other provinces' through east-west cooperation: its departments are the
 * LOCAL_PARTY_STATE_ORGAN helpers here); the military kinds (their designated tasks
 * are recorded by the `military` channel, so they are not counted twice); private,
 * foreign-invested and collective firms, social organisations and individuals (`enterprises`);
 * democratic parties and ACFIC (`parties`).
 */
export const ELIGIBLE_KINDS: readonly string[] = [
  'CENTRAL_PARTY_STATE_ORGAN',
  'LOCAL_PARTY_STATE_ORGAN',
  'CENTRAL_SOE',
  'LOCAL_SOE',
  'UNIVERSITY',
  'FINANCIAL_INSTITUTION',
];

/** The coordinator office that reviews designated reports; a coordinator without an office may too. */
export const REVIEW_OFFICE = 'POVERTY';

/** Allocation rounds: first and last day of each. */
export const ROUND_PERIODS: Record<Round, { start: string; end: string | null }> = {
  ROUND_2002: { start: '2002-01-01', end: '2011-12-31' },
  ROUND_2012: { start: '2012-01-01', end: '2014-12-31' },
  ROUND_2015: { start: '2015-01-01', end: '2020-12-31' },
  ROUND_2021: { start: '2021-01-01', end: null },
};

/** The round in force on a day; pairings older than 2002 were confirmed in the 2002 round. */
export function roundOn(day: string): Round {
  if (day >= ROUND_PERIODS.ROUND_2021.start) return 'ROUND_2021';
  if (day >= ROUND_PERIODS.ROUND_2015.start) return 'ROUND_2015';
  if (day >= ROUND_PERIODS.ROUND_2012.start) return 'ROUND_2012';
  return 'ROUND_2002';
}

/** Does the period [since, until] reach into the round? */
export function overlapsRound(round: Round, since: string, until: string | null): boolean {
  const r = ROUND_PERIODS[round];
  return (r.end === null || since <= r.end) && (until === null || until >= r.start);
}

/** Where each role is posted: the county itself, or a village inside it. */
export const POSTING_LEVEL: Record<CadreRole, 'COUNTY' | 'VILLAGE'> = {
  DEPUTY_COUNTY_HEAD: 'COUNTY',
  FIRST_SECRETARY: 'VILLAGE',
  WORK_TEAM_MEMBER: 'VILLAGE',
};

const short = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 12);

/** Record ids: prefixed by channel, derived from what makes the record unique (no randomness). */
export const pairingId = (helperId: string, helpedCode: string, since: string) => `dsg-p-${short(`${helperId}|${helpedCode}|${since}`)}`;
export const cadreId = (pairing: string, identityNumber: string, since: string) => `dsg-c-${short(`${pairing}|${identityNumber}|${since}`)}`;
export const reportId = (pairing: string, year: number) => `dsg-r-${pairing.replace(/^dsg-p-/, '')}-${year}`;

// ---- identity numbers (GB 11643-1999) ------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of the first 17 digits of an identity number. */
export function identityCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** The canonical number (upper-case X), or null when the format, birth date or check character is wrong. */
export function normalizeIdentityNumber(input: string): string | null {
  const text = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(text)) return null;
  const [y, m, d] = [+text.slice(6, 10), +text.slice(10, 12), +text.slice(12, 14)];
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return null;
  return identityCheckChar(text) === text[17] ? text : null;
}

/** The form shown to signed-in roles without the right to the full number: birth date hidden. */
export const maskIdentityNumber = (n: string) => `${n.slice(0, 6)}********${n.slice(14)}`;

// ---- measures -----------------------------------------------------------------------------

export type MeasureColumn = (typeof MEASURE_COLUMNS)[number];
export const MONEY_MEASURES: ReadonlySet<MeasureColumn> = new Set(['FundsInvested', 'FundsIntroduced', 'ProducePurchased', 'ProduceSalesHelped']);

/** GraphQL field name of a measure (`fundsInvested`). */
export const measureField = (m: MeasureColumn) => `${m[0].toLowerCase()}${m.slice(1)}`;

/** The `DesignatedMeasure` enum value of each measure (a value renamed in the SDL fails the type check here). */
export const MEASURE_ENUM: Record<MeasureColumn, DesignatedMeasure> = {
  FundsInvested: 'FUNDS_INVESTED',
  FundsIntroduced: 'FUNDS_INTRODUCED',
  LocalCadresTrained: 'LOCAL_CADRES_TRAINED',
  TechniciansTrained: 'TECHNICIANS_TRAINED',
  ProducePurchased: 'PRODUCE_PURCHASED',
  ProduceSalesHelped: 'PRODUCE_SALES_HELPED',
  Projects: 'PROJECTS',
};

/** The seven measures as GraphQL returns them: Money as decimal strings, counts as numbers. */
export type Measures = Record<string, string | number>;

/** The measures where `actual` falls short of `plan`, as enum values, in measure order. */
export function shortfallsOf(plan: Measures, actual: Measures): DesignatedMeasure[] {
  return MEASURE_COLUMNS.filter((m) => {
    const f = measureField(m);
    return MONEY_MEASURES.has(m) ? toFen(String(actual[f])) < toFen(String(plan[f])) : Number(actual[f]) < Number(plan[f]);
  }).map((m) => MEASURE_ENUM[m]);
}
