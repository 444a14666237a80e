import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { badInput } from './errors.js';
import type { RuleCode } from './rules.js';
import { toFen } from './money.js';

/**
 * A scalar input its parser refused. Money and Date do not throw while GraphQL coerces a
 * literal or a variable: the error would name the scalar, not the input, and a subgraph behind
 * the gateway would answer it as a failed request. They return this instead, and the check of
 * every field's arguments (lib/inputs.ts) refuses it before the resolver runs, as
 * BAD_USER_INPUT naming the input path (`input.amount`) and the rule. A plain object, because
 * graphql-jit copies a literal argument into its compiled code as JSON.
 */
export interface RefusedInput {
  refused: RuleCode;
  message: string;
}

const refused = (rule: RuleCode, message: string): RefusedInput => ({ refused: rule, message });

/** Whether a parsed scalar value is a refusal (a Money or Date value is otherwise a string). */
export function isRefusedInput(value: unknown): value is RefusedInput {
  return typeof value === 'object' && value !== null && typeof (value as RefusedInput).refused === 'string';
}

/**
 * Money: an exact amount of yuan with at most two decimals (fen), written as a decimal
 * string ("1234.50"). Stored as numeric(18,2) and summed in SQL, never as a float.
 * Input accepts a string or an integer; a float literal is refused because it may
 * already have lost precision. One amount is at most MAX_MONEY (10^12 yuan, above any single
 * record of the programme): a sum of a million such amounts still fits the numeric the
 * channels sum in (docs/errors.md).
 */
const MONEY_RE = /^-?\d{1,16}(\.\d{1,2})?$/;
export const MAX_MONEY = '1000000000000.00';
const MAX_MONEY_FEN = toFen(MAX_MONEY);

function readMoney(value: unknown): string | RefusedInput {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !MONEY_RE.test(text.trim())) {
    return refused('money', 'must be a decimal amount of yuan with at most two decimals, e.g. "1234.50"');
  }
  const amount = normalizeMoney(text.trim());
  const fen = toFen(amount);
  if (fen > MAX_MONEY_FEN || -fen > MAX_MONEY_FEN) return refused('range', `must be at most ${MAX_MONEY} yuan`);
  return amount;
}

export function parseMoney(value: unknown, field = 'Money'): string {
  const amount = readMoney(value);
  if (isRefusedInput(amount)) throw badInput(field, amount.refused, amount.message);
  return amount;
}

/** Canonical text: no leading zeros, always two decimals. */
export function normalizeMoney(text: string): string {
  const negative = text.startsWith('-');
  const [whole, frac = ''] = (negative ? text.slice(1) : text).split('.');
  const digits = whole.replace(/^0+(?=\d)/, '');
  const out = `${digits}.${(`${frac}00`).slice(0, 2)}`;
  return negative && out !== '0.00' ? `-${out}` : out;
}

export const MoneyScalar = new GraphQLScalarType({
  name: 'Money',
  description: 'Exact yuan amount with fen, as a decimal string such as "1234.50".',
  serialize: (v) => normalizeMoney(String(v)),
  parseValue: readMoney,
  parseLiteral: (ast: ValueNode) =>
    ast.kind === Kind.STRING || ast.kind === Kind.INT ? readMoney(ast.value) : refused('money', 'must be a string such as "1234.50" or an integer'),
});

/** Date: a calendar day as ISO 8601 `YYYY-MM-DD`, no time and no zone. */
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function readDate(value: unknown): string | RefusedInput {
  if (typeof value === 'string') {
    const m = DATE_RE.exec(value);
    if (m) {
      const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      if (d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3]) {
        return value;
      }
    }
  }
  return refused('date', 'must be a calendar date written YYYY-MM-DD');
}

export function parseDate(value: unknown, field = 'Date'): string {
  const date = readDate(value);
  if (isRefusedInput(date)) throw badInput(field, date.refused, date.message);
  return date;
}

export function serializeDate(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar day, ISO 8601 `YYYY-MM-DD`.',
  serialize: serializeDate,
  parseValue: readDate,
  parseLiteral: (ast: ValueNode) => (ast.kind === Kind.STRING ? readDate(ast.value) : refused('date', 'must be a string written YYYY-MM-DD')),
});

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with zone, e.g. `2020-11-23T08:00:00.000Z`.',
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
});

/**
 * Count: a whole number of people, households, jobs, days… zero or more, exact up to
 * Number.MAX_SAFE_INTEGER (2^53 − 1), served as a JSON number like Int. Every total that sums a
 * stored count is a Count: one record counts at most MAX_COUNT (a million, lib/rules.ts), so a sum
 * over 2,148 records can pass Int's 2^31 − 1, and a Count reaches 2^53 only past nine billion
 * records at that cap (docs/limits.md, Totals). A value it cannot represent exactly is an error,
 * never a rounded figure. Its resolvers may give a number, a bigint or a decimal string (what the
 * drivers read a bigint `sum()` as).
 */
function readCount(value: unknown): number | null {
  if (typeof value === 'bigint') return value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

export function serializeCount(value: unknown): number {
  const n = readCount(value);
  if (n === null) throw new GraphQLError(`Count cannot represent ${String(value)}: a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  return n;
}

export const CountScalar = new GraphQLScalarType({
  name: 'Count',
  description: 'A whole number, zero or more, exact up to 2^53 − 1 (9007199254740991); a JSON number.',
  serialize: serializeCount,
  parseValue: (v) => {
    const n = typeof v === 'number' ? readCount(v) : null;
    if (n === null) throw new GraphQLError('Count: must be a whole number from 0 to 9007199254740991');
    return n;
  },
  parseLiteral: (ast: ValueNode) => {
    const n = ast.kind === Kind.INT ? readCount(Number(ast.value)) : null;
    if (n === null) throw new GraphQLError('Count: must be a whole number from 0 to 9007199254740991');
    return n;
  },
});

export const scalarResolvers = { Money: MoneyScalar, Date: DateScalar, DateTime: DateTimeScalar, Count: CountScalar };
