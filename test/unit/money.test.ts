import { describe, expect, it } from 'vitest';
import { compareMoney, fromFen, sumMoney, toFen } from '../../lib/money.js';

describe('money in fen (lib/money.ts)', () => {
  it('reads numeric(18,2) text and looser forms alike', () => {
    expect(toFen('12.34')).toBe(1234n);
    expect(toFen('-0.05')).toBe(-5n);
    expect(toFen('7')).toBe(700n);
    expect(toFen('7.5')).toBe(750n);
    expect(toFen(' 3.10 ')).toBe(310n);
    expect(toFen('.25')).toBe(25n);
  });

  it('writes two decimals and a sign, past the range of a float', () => {
    expect(fromFen(0n)).toBe('0.00');
    expect(fromFen(5n)).toBe('0.05');
    expect(fromFen(-105n)).toBe('-1.05');
    expect(fromFen(9_999_999_999_999_999n)).toBe('99999999999999.99');
    expect(fromFen(toFen('99999999999999.99') + 1n)).toBe('100000000000000.00');
  });

  it('sums and compares exactly, nulls skipped', () => {
    expect(sumMoney([])).toBe('0.00');
    expect(sumMoney([null, undefined])).toBe('0.00');
    expect(sumMoney(Array.from({ length: 10 }, () => '0.10'))).toBe('1.00');
    expect(sumMoney(['5.00', '-7.50'])).toBe('-2.50');
    expect(compareMoney('1.00', '1')).toBe(0);
    expect(compareMoney('-0.01', '0.00')).toBe(-1);
    expect(['10.00', '9.99', '100.00', '-1.00'].sort(compareMoney)).toEqual(['-1.00', '9.99', '10.00', '100.00']);
  });
});
