import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { badInput } from './errors.js';

/**
 * Money: an exact amount of yuan with at most two decimals (fen), written as a decimal
 * string ("1234.50"). Stored as numeric(18,2) and summed in SQL, never as a float.
 * Input accepts a string or an integer; a float literal is refused because it may
 * already have lost precision.
 */
const MONEY_RE = /^-?\d{1,16}(\.\d{1,2})?$/;

export function parseMoney(value: unknown, field = 'Money'): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !MONEY_RE.test(text.trim())) {
    throw badInput(field, 'money', 'must be a decimal amount of yuan with at most two decimals, e.g. "1234.50"');
  }
  return normalizeMoney(text.trim());
}

/** Canonical text: no leading zeros, always two decimals. */
export function normalizeMoney(text: string): string {
  const negative = text.startsWith('-');
  const [whole, frac = ''] = (negative ? text.slice(1) : text).split('.');
  const digits = whole.replace(/^0+(?=\d)/, '');
  const out = `${digits}.${(frac + '00').slice(0, 2)}`;
  return negative && out !== '0.00' ? `-${out}` : out;
}

export const MoneyScalar = new GraphQLScalarType({
  name: 'Money',
  description: 'Exact yuan amount with fen, as a decimal string such as "1234.50".',
  serialize: (v) => normalizeMoney(String(v)),
  parseValue: (v) => parseMoney(v),
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return parseMoney(ast.value);
    throw badInput('Money', 'money', 'must be a string such as "1234.50" or an integer');
  },
});

/** Date: a calendar day as ISO 8601 `YYYY-MM-DD`, no time and no zone. */
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDate(value: unknown, field = 'Date'): string {
  if (typeof value === 'string') {
    const m = DATE_RE.exec(value);
    if (m) {
      const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      if (d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3]) {
        return value;
      }
    }
  }
  throw badInput(field, 'date', 'must be a calendar date written YYYY-MM-DD');
}

export function serializeDate(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar day, ISO 8601 `YYYY-MM-DD`.',
  serialize: serializeDate,
  parseValue: (v) => parseDate(v),
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind === Kind.STRING) return parseDate(ast.value);
    throw badInput('Date', 'date', 'must be a string written YYYY-MM-DD');
  },
});

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with zone, e.g. `2020-11-23T08:00:00.000Z`.',
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
});

export const scalarResolvers = { Money: MoneyScalar, Date: DateScalar, DateTime: DateTimeScalar };
