import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * The one source of randomness for demo and benchmark data: a seeded generator, so the same
 * seed produces the same data set on every machine and every run.
 */
export class Rng {
  private gen: ReturnType<typeof xoroshiro128plus>;
  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed);
  }
  /** Integer in [min, max], inclusive. */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }
  /** Float in [0, 1). */
  next(): number {
    return this.int(0, 2 ** 30 - 1) / 2 ** 30;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
  /** `k` distinct items, in a random order (partial Fisher-Yates on a copy). */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = this.int(i, copy.length - 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }
  /** A new generator derived from this one, for an independent stream (one per channel). */
  fork(label: string): Rng {
    let h = this.int(0, 2 ** 30);
    for (const ch of label) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
    return new Rng(h);
  }
}
