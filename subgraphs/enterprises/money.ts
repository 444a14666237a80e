/**
 * Exact money arithmetic in fen (BigInt), for totals that are split between keys in
 * JavaScript after one SQL fetch. Amounts arrive as numeric(18,2) strings and leave as
 * decimal strings; no float is ever involved.
 */
const TWO_DECIMALS = /^-?\d+\.\d\d$/;

export function toFen(amount: string): bigint {
  // numeric(18,2) text always has two decimals: one BigInt parse (the national picture sums
  // ~180,000 amounts per request).
  if (TWO_DECIMALS.test(amount)) return BigInt(amount.replace('.', ''));
  const negative = amount.startsWith('-');
  const [whole, frac = ''] = (negative ? amount.slice(1) : amount).split('.');
  const fen = BigInt(whole || '0') * 100n + BigInt((frac + '00').slice(0, 2));
  return negative ? -fen : fen;
}

export function fromFen(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const text = `${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Compare two money strings exactly. */
export function compareMoney(a: string, b: string): number {
  const d = toFen(a) - toFen(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
