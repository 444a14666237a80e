/**
 * Exact money arithmetic in fen (BigInt), for totals split between keys in JavaScript after
 * one SQL fetch, and for generators. Amounts arrive as numeric(18,2) or Money strings and
 * leave as decimal strings with two places; no float is ever involved.
 */
const TWO_DECIMALS = /^-?\d+\.\d\d$/;

export function toFen(amount: string): bigint {
  // numeric(18,2) text always has two decimals: one BigInt parse (the national picture sums
  // ~180,000 amounts per request).
  if (TWO_DECIMALS.test(amount)) return BigInt(amount.replace('.', ''));
  const text = amount.trim();
  const negative = text.startsWith('-');
  const [whole, frac = ''] = (negative ? text.slice(1) : text).split('.');
  const fen = BigInt(whole || '0') * 100n + BigInt(`${frac}00`.slice(0, 2));
  return negative ? -fen : fen;
}

export function fromFen(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const text = `${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** The exact sum of money strings, nulls skipped. */
export function sumMoney(amounts: Iterable<string | null | undefined>): string {
  let total = 0n;
  for (const a of amounts) if (a != null) total += toFen(a);
  return fromFen(total);
}

/** Compare two money strings exactly: -1, 0 or 1. */
export function compareMoney(a: string, b: string): number {
  const d = toFen(a) - toFen(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
