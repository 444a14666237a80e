import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeInYear } from '../lib/calendar.js';
import { ADMIN, callsTo, countStatements, executeOn, rowsOf, startFixtureHub, tearDown, type Hub, type TestDatabase } from './harness.js';

// Every channel's coverage gaps over the fixture with its demo data: the national poverty
// counties, the reference records and the generated ones.
let db: TestDatabase;
let hub: Hub;
const { ok, refused } = callsTo(() => hub);

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({ demo: true }));
}, 600_000);
afterAll(() => tearDown(db, hub));

interface Channel {
  field: string;
  /** The channel's records as rows of place, period, demo flag (and whether an anonymous caller reads it). */
  records: string;
  /** Does a record on a place containing a county cover it? */
  containing: boolean;
  /** The county's own list of the channel's records covering it in `$y` (and `$d`). */
  list: string;
  table: string;
}

const CHANNELS: Channel[] = [
  {
    field: 'eastWestCoverageGaps',
    records: `select helped_code as code, since::text, until::text, demo, true as public from eastwest.pairings`,
    containing: true,
    list: 'eastWestPairings(year: $y, includeDescendants: true, includeAncestors: true, includeDemo: $d) { id }',
    table: '"eastwest"."pairings"',
  },
  {
    field: 'militaryCoverageGaps',
    records: `select helped_code as code, since::text, until::text, demo, true as public from military.assistance`,
    containing: false,
    list: 'militaryAssistance(year: $y, includeDescendants: true, includeDemo: $d) { id }',
    table: '"military"."assistance"',
  },
  {
    field: 'partyCoverageGaps',
    records: `select helped_code as code, since::text, until::text, demo, true as public from parties.assistance`,
    containing: true,
    list: 'partyAssistance(year: $y, includeDescendants: true, includeAncestors: true, includeDemo: $d) { id }',
    table: '"parties"."assistance"',
  },
  {
    field: 'enterpriseCoverageGaps',
    records: `select helped_code as code, since::text, until::text, demo, published as public from enterprises.compacts
      union all select helped_code, date::text, date::text, demo, published from enterprises.contributions`,
    containing: false,
    list: 'enterpriseAssistance(year: $y, includeDescendants: true, includeDemo: $d) { id }',
    table: '"enterprises"."compacts"',
  },
  {
    field: 'localCoverageGaps',
    records: `select village_code as code, since::text, until::text, demo, true as public from local.work_teams`,
    containing: false,
    list: 'workTeams(year: $y, includeDescendants: true, includeDemo: $d) { id }',
    table: '"local"."work_teams"',
  },
];

const gapsQuery = (field: string) => `query($y: Int!, $w: ID, $d: Boolean) { ${field}(year: $y, within: $w, includeDemo: $d) {
  year candidateCount coveredCount gaps { code } demo { year candidateCount coveredCount gaps { code } demo { coveredCount } } } }`;

type Gaps = { year: number; candidateCount: number; coveredCount: number; gaps: { code: string }[]; demo: Gaps | null };
const codes = (g: Gaps) => g.gaps.map((c) => c.code);

let counties: string[];
beforeAll(async () => {
  const data = await ok(`{ regions(filter: { povertyCounty: true }, first: 1000) { edges { node { code } } } }`);
  counties = data.regions.edges.map((e: { node: { code: string } }) => e.node.code).sort();
});

/** The gaps computed here from the channel's rows: which candidates no record of `side` covers. */
async function expectedGaps(c: Channel, year: number, side: 'all' | 'real' | 'demo', anonymous = true): Promise<string[]> {
  const rows = rowsOf<{ code: string; since: string; until: string | null; demo: boolean; public: boolean }>(await db.database.db.execute(sql.raw(c.records)));
  const covering = rows.filter((r) => activeInYear(r.since, r.until, year) && (side === 'all' || r.demo === (side === 'demo')) && (!anonymous || r.public));
  return counties.filter((county) => !covering.some((r) => r.code.startsWith(county) || (c.containing && county.startsWith(r.code))));
}

describe.each(CHANNELS)('$field', (c) => {
  const GAPS = gapsQuery(c.field);

  it('names the candidates no record covers, as counted from the records, with its demo part', async () => {
    const whole: Gaps = (await ok(GAPS, { y: 2018 }))[c.field];
    expect(whole.year).toBe(2018);
    expect(whole.candidateCount).toBe(831);
    expect(whole.coveredCount).toBe(831 - whole.gaps.length);
    expect(codes(whole)).toEqual(await expectedGaps(c, 2018, 'all'));
    // Some counties are covered and some are not, so the comparison above could fail either way.
    expect(whole.coveredCount).toBeGreaterThan(0);
    expect(whole.gaps.length).toBeGreaterThan(0);

    const real: Gaps = (await ok(GAPS, { y: 2018, d: false }))[c.field];
    expect(real.demo).toBeNull();
    expect(codes(real)).toEqual(await expectedGaps(c, 2018, 'real'));
    const demo = whole.demo!;
    expect(demo.demo).toBeNull();
    expect(demo.candidateCount).toBe(831);
    expect(codes(demo)).toEqual(await expectedGaps(c, 2018, 'demo'));
    expect(demo.coveredCount).toBeGreaterThan(0);
    // A county is a gap of the whole exactly when it is a gap of both parts.
    const realGaps = new Set(codes(real));
    expect(codes(whole)).toEqual(codes(demo).filter((g) => realGaps.has(g)));
  });

  it("agrees with the counties' own lists of the channel's records", async () => {
    const whole: Gaps = (await ok(GAPS, { y: 2018 }))[c.field];
    const gaps = new Set(codes(whole));
    const covered = counties.filter((k) => !gaps.has(k));
    const sample = [...codes(whole).slice(0, 3), ...covered.slice(0, 3), '610426', '610430', '632803'];
    for (const d of [true, false]) {
      const parts = (await ok(GAPS, { y: 2018, d }))[c.field] as Gaps;
      const partGaps = new Set(codes(parts));
      for (const code of sample) {
        const list = (await ok(`query($c: ID!, $y: Int, $d: Boolean) { region(code: $c) { ${c.list} } }`, { c: code, y: 2018, d })).region;
        const records = Object.values(list as Record<string, unknown[]>)[0];
        expect(records.length === 0, `${code} includeDemo: ${d}`).toBe(partGaps.has(code));
      }
    }
  });

  it('follows the year and within (any code form, the subtree only)', async () => {
    const y2016: Gaps = (await ok(GAPS, { y: 2016 }))[c.field];
    expect(y2016.year).toBe(2016);
    expect(codes(y2016)).toEqual(await expectedGaps(c, 2016, 'all'));
    const whole: Gaps = (await ok(GAPS, { y: 2018 }))[c.field];
    const shaanxi: Gaps = (await ok(GAPS, { y: 2018, w: '610000' }))[c.field];
    expect(shaanxi.candidateCount).toBe(counties.filter((k) => k.startsWith('61')).length);
    expect(codes(shaanxi)).toEqual(codes(whole).filter((k) => k.startsWith('61')));
    expect(codes(shaanxi.demo!)).toEqual(codes(whole.demo!).filter((k) => k.startsWith('61')));
    const xianyang: Gaps = (await ok(GAPS, { y: 2018, w: '6104' }))[c.field];
    expect(xianyang).toEqual((await ok(GAPS, { y: 2018, w: '610400000000' }))[c.field]);
    expect(codes(xianyang)).toEqual(codes(whole).filter((k) => k.startsWith('6104')));
    const county: Gaps = (await ok(GAPS, { y: 2018, w: '610426' }))[c.field];
    expect(county.candidateCount).toBe(1);
    expect(codes(county)).toEqual(codes(whole).filter((k) => k === '610426'));
  });

  it('at level VILLAGE names the poor villages no record covers, as counted from the records', async () => {
    const villages = rowsOf<{ code: string }>(await db.database.db.execute(sql.raw('select code from registry.poor_villages order by code'))).map(
      (r) => r.code,
    );
    const rows = rowsOf<{ code: string; since: string; until: string | null; public: boolean }>(await db.database.db.execute(sql.raw(c.records)));
    const VILLAGE_GAPS = `query($y: Int!, $w: ID) { ${c.field}(year: $y, within: $w, level: VILLAGE) { candidateCount coveredCount gaps { code } demo { candidateCount } } }`;
    for (const w of [null, '610426']) {
      const gaps: Gaps = (await ok(VILLAGE_GAPS, { y: 2018, w }))[c.field];
      const candidates = villages.filter((v) => !w || v.startsWith(w));
      const covering = rows.filter((r) => activeInYear(r.since, r.until, 2018) && r.public);
      const expected = candidates.filter((v) => !covering.some((r) => r.code.startsWith(v) || (c.containing && v.startsWith(r.code))));
      expect(gaps.candidateCount).toBe(candidates.length);
      expect(gaps.demo!.candidateCount).toBe(candidates.length);
      expect(codes(gaps)).toEqual(expected);
      expect(gaps.coveredCount).toBe(candidates.length - expected.length);
    }
  });

  it('refuses a year out of range and a malformed within', async () => {
    await refused(GAPS, { y: 1800 }, null, 'BAD_USER_INPUT', 'year', 'year');
    await refused(GAPS, { y: 3000 }, null, 'BAD_USER_INPUT', 'year', 'year');
    await refused(GAPS, { y: 2018, w: '61x' }, null, 'BAD_USER_INPUT', 'division-code', 'within');
  });

  it('reads the channel in one statement, whatever the place; its demo part in one more', async () => {
    const statements = async (query: string, vars: Record<string, unknown>) => {
      const { log, result } = await countStatements(db.database, () => hub.query(query, vars));
      expect(result.errors).toBeUndefined();
      return log.filter((s) => s.includes(c.table)).length;
    };
    const plain = `query($y: Int!, $w: ID, $d: Boolean) { ${c.field}(year: $y, within: $w, includeDemo: $d) { coveredCount gaps { code } } }`;
    const parts = `query($y: Int!, $w: ID) { ${c.field}(year: $y, within: $w) { coveredCount demo { coveredCount demo { coveredCount } } } }`;
    for (const w of [null, '61', '610426']) {
      expect(await statements(plain, { y: 2018, w })).toBe(1);
      expect(await statements(plain, { y: 2018, w, d: false })).toBe(1);
      expect(await statements(parts, { y: 2018, w })).toBe(2);
    }
  });
});

describe('enterpriseCoverageGaps', () => {
  it('counts only the records the caller may read', async () => {
    const GAPS = gapsQuery('enterpriseCoverageGaps');
    const channel = CHANNELS.find((c) => c.field === 'enterpriseCoverageGaps')!;
    const admin: Gaps = (await ok(GAPS, { y: 2018 }, ADMIN)).enterpriseCoverageGaps;
    expect(codes(admin)).toEqual(await expectedGaps(channel, 2018, 'all', false));
    const anonymous: Gaps = (await ok(GAPS, { y: 2018 }, null)).enterpriseCoverageGaps;
    expect(codes(anonymous)).toEqual(await expectedGaps(channel, 2018, 'all', true));
  });
});

describe('one subgraph alone', () => {
  it('answers the field without the gateway', async () => {
    const runtime = hub.runtimes.get('military')!;
    const res = await executeOn(runtime, `{ militaryCoverageGaps(year: 2018, within: "61") { candidateCount coveredCount gaps { code } } }`);
    expect(res.errors).toBeUndefined();
    expect((res.data as { militaryCoverageGaps: { candidateCount: number } }).militaryCoverageGaps.candidateCount).toBe(
      counties.filter((k) => k.startsWith('61')).length,
    );
  });
});
