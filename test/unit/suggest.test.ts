import { describe, expect, it } from 'vitest';
import { capacityPoints, needPoints, type Option, solveAssignment } from '../../subgraphs/eastwest/suggest.js';

const option = (east: string, west: string, score: number): Option<null> => ({ east, west, score, parts: [], via: null });

describe('east–west suggestions, the pure part (subgraphs/eastwest/suggest.ts)', () => {
  it('scores need by the years a county still has to go, and capacity by what is left', () => {
    expect(needPoints(2019, 2019)).toBe(10);
    expect(needPoints(2016, 2019)).toBe(10); // out of poverty already: help continues
    expect(needPoints(2020, 2017)).toBe(40);
    expect(capacityPoints(3, 3)).toBe(10);
    expect(capacityPoints(1, 3)).toBe(3);
    expect(capacityPoints(0, 3)).toBe(0);
  });

  it('pairs as many western places as capacity allows before it looks at scores', () => {
    // e0 could take w0 for 50 points, but then w1 (reachable only through e0) waits: two pairs win.
    const solved = solveAssignment(
      ['w0', 'w1'],
      new Map([
        ['e0', 1],
        ['e1', 1],
      ]),
      [option('e0', 'w0', 50), option('e0', 'w1', 1), option('e1', 'w0', 2)],
    );
    expect(solved.chosen.map((o) => `${o.east}→${o.west}`)).toEqual(['e1→w0', 'e0→w1']);
    expect(solved.totalScore).toBe(3);
    expect(solved.unmatched).toEqual([]);
  });

  it('takes the larger total score among equally many pairs, and respects each capacity', () => {
    const options = [option('e0', 'w0', 30), option('e0', 'w1', 20), option('e0', 'w2', 25), option('e1', 'w1', 10)];
    const solved = solveAssignment(
      ['w0', 'w1', 'w2'],
      new Map([
        ['e0', 2],
        ['e1', 1],
      ]),
      options,
    );
    expect(solved.chosen.map((o) => `${o.east}→${o.west}`)).toEqual(['e0→w0', 'e1→w1', 'e0→w2']);
    expect(solved.totalScore).toBe(65);
  });

  it('leaves out places no one can reach, eastern places with no capacity, and bad scores', () => {
    const solved = solveAssignment(
      ['w2', 'w0', 'w1', 'w0'],
      new Map([
        ['e0', 0],
        ['e1', 1],
      ]),
      [option('e0', 'w0', 50), option('e1', 'w1', -1), option('e1', 'w0', 1.5)],
    );
    expect(solved).toEqual({ chosen: [], totalScore: 0, unmatched: ['w0', 'w1', 'w2'] });
  });

  it('keeps the better of two options for the same pair, and answers the same way every time', () => {
    const options = [option('e0', 'w0', 5), option('e0', 'w0', 9)];
    const first = solveAssignment(['w0'], new Map([['e0', 1]]), options);
    expect(first.chosen).toEqual([options[1]]);
    expect(solveAssignment(['w0'], new Map([['e0', 1]]), [...options].reverse())).toEqual(first);
  });
});
