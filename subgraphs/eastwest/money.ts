import { normalizeMoney } from '../../lib/scalars.js';

/**
 * Exact sums of Money strings. SQL sums each pairing's flows (numeric); the per-region totals
 * add those per-pairing sums here, in integer fen with BigInt, so no float ever touches money.
 */
export function toFen(amount: string): bigint {
  const text = normalizeMoney(amount.trim());
  const negative = text.startsWith('-');
  const [whole, frac] = (negative ? text.slice(1) : text).split('.');
  const fen = BigInt(whole) * 100n + BigInt(frac);
  return negative ? -fen : fen;
}

export function fromFen(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const text = `${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

export function sumMoney(amounts: Iterable<string | null | undefined>): string {
  let total = 0n;
  for (const a of amounts) if (a != null) total += toFen(a);
  return fromFen(total);
}
