import type { RecordRow } from './loaders.js';
import { fromFen, toFen } from './money.js';
import { CONTRIBUTION_KINDS, type ContributionKind } from './tables.js';

/**
 * Totals of a set of records, computed exactly (fen as BigInt). Each money field sums ONE
 * stage across records; a record without that stage adds nothing to it. Stages are never
 * added to each other.
 */
export interface ContributionTotals {
  contributions: number;
  pledged: string;
  committed: string;
  disbursed: string;
  verified: string;
  jobs: number;
  trainees: number;
  peopleReached: number;
}

export interface KindTotals {
  kind: ContributionKind;
  total: ContributionTotals;
  totalExcludingReportedElsewhere: ContributionTotals;
}

export interface EnterpriseSummary {
  year: number | null;
  compacts: number;
  helpers: number;
  villages: number;
  total: ContributionTotals;
  totalExcludingReportedElsewhere: ContributionTotals;
  byKind: KindTotals[];
}

class Accumulator {
  contributions = 0;
  pledged = 0n;
  committed = 0n;
  disbursed = 0n;
  verified = 0n;
  jobs = 0;
  trainees = 0;
  peopleReached = 0;

  add(r: RecordRow) {
    this.contributions++;
    if (r.pledged != null) this.pledged += toFen(r.pledged);
    if (r.committed != null) this.committed += toFen(r.committed);
    if (r.disbursed != null) this.disbursed += toFen(r.disbursed);
    if (r.verified != null) this.verified += toFen(r.verified);
    this.jobs += r.jobs;
    this.trainees += r.trainees;
    this.peopleReached += r.peopleReached;
  }

  totals(): ContributionTotals {
    return {
      contributions: this.contributions,
      pledged: fromFen(this.pledged),
      committed: fromFen(this.committed),
      disbursed: fromFen(this.disbursed),
      verified: fromFen(this.verified),
      jobs: this.jobs,
      trainees: this.trainees,
      peopleReached: this.peopleReached,
    };
  }
}

/** The summary of records already filtered to one place or helper and one year. */
export function summarize(rows: readonly RecordRow[], year: number | null): EnterpriseSummary {
  const all = new Accumulator();
  const once = new Accumulator();
  const kinds = new Map<ContributionKind, { all: Accumulator; once: Accumulator }>();
  const helpers = new Set<string>();
  const villages = new Set<string>();
  let compacts = 0;
  for (const r of rows) {
    helpers.add(r.helperId);
    if (r.helpedCode.length === 12) villages.add(r.helpedCode);
    if (r.record === 'compact') {
      compacts++;
      continue;
    }
    const kind = r.kind as ContributionKind;
    let k = kinds.get(kind);
    if (!k) kinds.set(kind, (k = { all: new Accumulator(), once: new Accumulator() }));
    all.add(r);
    k.all.add(r);
    if (r.alsoReportedAs == null) {
      once.add(r);
      k.once.add(r);
    }
  }
  return {
    year,
    compacts,
    helpers: helpers.size,
    villages: villages.size,
    total: all.totals(),
    totalExcludingReportedElsewhere: once.totals(),
    byKind: CONTRIBUTION_KINDS.filter((kind) => kinds.has(kind)).map((kind) => ({
      kind,
      total: kinds.get(kind)!.all.totals(),
      totalExcludingReportedElsewhere: kinds.get(kind)!.once.totals(),
    })),
  };
}
