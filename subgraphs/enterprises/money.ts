/**
 * Exact money arithmetic in fen (BigInt), for totals that are split between keys in
 * JavaScript after one SQL fetch. Amounts arrive as numeric(18,2) strings and leave as
 * decimal strings; no float is ever involved.
 */
export function toFen(amount: string): bigint {
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

/**
 * a ÷ b rounded half away from zero to `places` decimals, exactly (integer arithmetic on fen);
 * null when b is zero. Used for pledge fulfilment; the SQL views compute the same in numeric.
 */
export function ratio(a: bigint, b: bigint, places = 4): string | null {
  if (b === 0n) return null;
  const scale = 10n ** BigInt(places);
  const num = a * scale * 2n;
  const den = b * 2n;
  let q = num / den;
  const r = num % den;
  if (r * 2n >= den) q += 1n;
  const whole = q / scale;
  return `${whole}.${String(q % scale).padStart(places, '0')}`;
}
