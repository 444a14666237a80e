import { munkres } from 'munkres';

/**
 * Pairing suggestions, the pure part: the score of one (eastern, western) option and the
 * exact capacitated assignment. The resolver gathers the facts (who is paired, poverty exit
 * years, capacities) and hands them here; tests compare `solveAssignment` with brute force.
 *
 * The score, in integer points, so every optimum is exact:
 * - need (western place): a poverty county exiting in year E scores 10 × (1 + max(0, E − year)):
 *   10 for a county already out of poverty (help continues after exit, 摘帽不摘帮扶), 10 more
 *   for each year it still has to go. A prefecture scores the sum over its poverty counties.
 * - tie (the higher-level pairing that makes the eastern place eligible): 20 when the eastern
 *   side pairs with the western place's own prefecture, 10 when only with its province; 5
 *   more when that helper is the eastern place's own city (the city government steers it).
 * - samePrefecture: 15 when the eastern place already helps a place in the same western
 *   prefecture (county level) or province (prefecture level): one route, one team, shared
 *   projects. This stands in for distance: the registry holds no coordinates.
 * - capacity: round(10 × remaining / capacity): spread the load over eastern places that
 *   have few partners yet.
 * The objective: pair as many western places as capacity allows, and among those
 * assignments take the largest total score (lexicographic; need and capacity decide who
 * waits when capacity is short).
 */
export const SCORING_TEXT =
  'Points per (eastern, western) option: need = 10 × (1 + years the county still has to go before its exit year; ' +
  'a prefecture sums its poverty counties); tie = 20 if the eastern side already pairs with the western prefecture, ' +
  '10 if only with the province, +5 if that helper is the eastern place’s own city; samePrefecture = 15 if the eastern place ' +
  'already helps a place in the same western prefecture (province, at prefecture level); capacity = round(10 × remaining / capacity). ' +
  'Objective: as many western places paired as capacity allows, then the largest total score, solved exactly ' +
  '(Hungarian algorithm on the capacity-expanded matrix, npm `munkres`).';

export interface ScorePart {
  factor: 'need' | 'tie' | 'samePrefecture' | 'capacity';
  points: number;
  reason: string;
}

export interface Option<V = unknown> {
  east: string;
  west: string;
  score: number;
  parts: ScorePart[];
  /** What made the option eligible (the higher-level pairing), carried through untouched. */
  via: V;
}

export interface Assignment<V> {
  chosen: Option<V>[];
  totalScore: number;
  unmatched: string[];
}

export const needPoints = (exitYear: number, year: number) => 10 * (1 + Math.max(0, exitYear - year));
export const capacityPoints = (remaining: number, capacity: number) => Math.round((10 * remaining) / capacity);

/**
 * Choose at most one option per western place and at most `remaining(east)` per eastern place:
 * first the most western places paired, then the largest total score. Exact: the Hungarian
 * algorithm (`munkres`) on a matrix with one column per unit of eastern capacity and one
 * "no partner" column per western place, with costs that make each extra pairing worth more
 * than any difference in score. Deterministic: rows and columns in code order.
 */
export function solveAssignment<V>(west: readonly string[], remaining: ReadonlyMap<string, number>, options: readonly Option<V>[]): Assignment<V> {
  const rows = [...new Set(west)].sort();
  const byCell = new Map<string, Option<V>>();
  for (const o of options) {
    if ((remaining.get(o.east) ?? 0) <= 0 || o.score < 0 || !Number.isInteger(o.score)) continue;
    const key = `${o.east}|${o.west}`;
    const prev = byCell.get(key);
    if (!prev || o.score > prev.score) byCell.set(key, o);
  }
  const wests = new Set([...byCell.values()].map((o) => o.west));
  const reachable = rows.filter((w) => wests.has(w));
  const unreachable = rows.filter((w) => !wests.has(w));
  if (!reachable.length) return { chosen: [], totalScore: 0, unmatched: unreachable };

  // More copies of an eastern place than there are western places can never be used.
  const columns: string[] = [];
  for (const east of [...remaining.keys()].sort()) {
    const copies = Math.min(remaining.get(east) ?? 0, reachable.length);
    for (let i = 0; i < copies; i++) columns.push(east);
  }
  const maxScore = Math.max(0, ...[...byCell.values()].map((o) => o.score));
  const K = maxScore + 1; // cost of a pairing: K − score, from 1 to K
  const D = (reachable.length + 1) * K; // cost of leaving a place unpaired: more than any set of pairings
  const H = (reachable.length + 1) * D; // an ineligible cell: never worth taking over a "no partner" column
  const matrix = reachable.map((w) => [
    ...columns.map((east) => {
      const o = byCell.get(`${east}|${w}`);
      return o ? K - o.score : H;
    }),
    ...reachable.map(() => D),
  ]);
  const chosen: Option<V>[] = [];
  const matched = new Set<string>();
  for (const [r, c] of munkres(matrix)) {
    if (c >= columns.length) continue;
    const o = byCell.get(`${columns[c]}|${reachable[r]}`);
    if (!o) continue;
    chosen.push(o);
    matched.add(o.west);
  }
  chosen.sort((a, b) => (a.west < b.west ? -1 : a.west > b.west ? 1 : 0));
  return {
    chosen,
    totalScore: chosen.reduce((s, o) => s + o.score, 0),
    unmatched: [...unreachable, ...reachable.filter((w) => !matched.has(w))].sort(),
  };
}
