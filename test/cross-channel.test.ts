import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  callsTo,
  countStatements,
  countSteadyStatements,
  startFixtureHub,
  startHub,
  tearDown,
  type As,
  type Hub,
  type TestDatabase,
} from './harness.js';

// The registry's cross-channel `coverage` over the fixture with its demo data, in both
// topologies: each channel's share agrees with the channel's own `…CoverageGaps`.
let db: TestDatabase;
let embedded: Hub;
let distributed: Hub;

beforeAll(async () => {
  ({ db, hub: embedded } = await startFixtureHub({ demo: true }));
  distributed = await startHub({ topology: 'distributed', database: db.database });
}, 600_000);
afterAll(() => tearDown(db, embedded, distributed));

const CHANNELS = [
  ['DESIGNATED', 'designatedCoverageGaps'],
  ['EAST_WEST', 'eastWestCoverageGaps'],
  ['MILITARY', 'militaryCoverageGaps'],
  ['DEMOCRATIC_PARTY', 'partyCoverageGaps'],
  ['ENTERPRISE', 'enterpriseCoverageGaps'],
] as const;

const COVERAGE = `query($y: Int!, $l: CoverageLevel, $w: ID, $d: Boolean, $n: Int, $m: Channel, $first: Int, $after: String) {
  coverage(year: $y, level: $l, within: $w, includeDemo: $d) {
    year level candidateCount uncoveredCount workTeamCount byChannel { channel coveredCount gapCount }
    places(fewerThan: $n, missing: $m, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { region { code name } channels channelCount missing workTeam } } } } }`;

const GAPS = CHANNELS.map(([, field]) => `${field}(year: $y, level: $l, within: $w, includeDemo: $d) { candidateCount coveredCount gaps { code } }`).join('\n');
const ALL_GAPS = `query($y: Int!, $l: CoverageLevel, $w: ID, $d: Boolean) { ${GAPS}
  localCoverageGaps(year: $y, level: $l, within: $w, includeDemo: $d) { candidateCount coveredCount gaps { code } } }`;

interface Place {
  region: { code: string; name: string };
  channels: string[];
  channelCount: number;
  missing: string[];
  workTeam: boolean;
}
type Gaps = { candidateCount: number; coveredCount: number; gaps: { code: string }[] };

const codesOf = (places: Place[]) => places.map((p) => p.region.code);

/** Every place of a `coverage` answer, read page by page (`first` a page). */
async function allPlaces(hub: Hub, vars: Record<string, unknown>, as: As | undefined, first = 1000) {
  const { ok } = callsTo(() => hub);
  const places: Place[] = [];
  let after: string | null = null;
  let whole: any;
  for (;;) {
    const data: any = await ok(COVERAGE, { ...vars, first, after }, as ?? null);
    whole ??= data.coverage;
    const page = data.coverage.places;
    places.push(...page.edges.map((e: { node: Place }) => e.node));
    expect(page.totalCount).toBeGreaterThanOrEqual(places.length);
    if (!page.pageInfo.hasNextPage) {
      expect(places.length).toBe(page.totalCount);
      return { coverage: whole, places };
    }
    after = page.pageInfo.endCursor;
  }
}

describe('cross-channel coverage', () => {
  const cases = [
    { y: 2016, l: 'COUNTY', w: null, d: true },
    { y: 2019, l: 'COUNTY', w: '61', d: true },
    { y: 2019, l: 'COUNTY', w: null, d: false },
    { y: 2018, l: 'VILLAGE', w: null, d: true },
    { y: 2020, l: 'VILLAGE', w: '610426', d: true },
  ];
  for (const topology of ['embedded', 'distributed'] as const)
    for (const as of [ADMIN, undefined])
      for (const vars of cases)
        it(`agrees with every channel's gaps: ${topology}, ${as ? 'admin' : 'anonymous'}, ${JSON.stringify(vars)}`, async () => {
          const hub = topology === 'embedded' ? embedded : distributed;
          const { ok } = callsTo(() => hub);
          const gaps: Record<string, Gaps> = await ok(ALL_GAPS, vars, as ?? null);
          const { coverage, places } = await allPlaces(hub, vars, as, vars.l === 'VILLAGE' ? 150 : 1000);
          expect(coverage.candidateCount).toBeGreaterThan(0);
          expect(places.length).toBe(coverage.candidateCount);
          const covered = new Set<string>();
          for (const [channel, field] of CHANNELS) {
            const own = gaps[field];
            expect(own.candidateCount).toBe(coverage.candidateCount);
            const share = coverage.byChannel.find((b: { channel: string }) => b.channel === channel);
            expect(share, channel).toEqual({ channel, coveredCount: own.coveredCount, gapCount: own.gaps.length });
            expect(codesOf(places.filter((p) => p.missing.includes(channel))), channel).toEqual(own.gaps.map((g) => g.code));
            const missing = (await allPlaces(hub, { ...vars, m: channel }, as)).places;
            expect(codesOf(missing), channel).toEqual(own.gaps.map((g) => g.code));
            if (own.coveredCount) covered.add(channel);
          }
          // The places no channel covers, and those with fewer than two: as the gaps say.
          const gapSets = CHANNELS.map(([, field]) => new Set(gaps[field].gaps.map((g) => g.code)));
          const inChannels = (code: string) => gapSets.filter((s) => !s.has(code)).length;
          for (const n of [1, 2]) {
            const fewer = (await allPlaces(hub, { ...vars, n }, as)).places;
            expect(codesOf(fewer)).toEqual(codesOf(places).filter((c) => inChannels(c) < n));
          }
          expect(coverage.uncoveredCount).toBe(codesOf(places).filter((c) => inChannels(c) === 0).length);
          for (const p of places) {
            expect(p.channelCount).toBe(p.channels.length);
            expect([...p.channels, ...p.missing].sort()).toEqual(CHANNELS.map(([c]) => c).sort());
          }
          // Work teams beside the channels: the local subgraph's own gaps.
          const teamGaps = gaps.localCoverageGaps.gaps.map((g) => g.code);
          expect(codesOf(places.filter((p) => !p.workTeam))).toEqual(teamGaps);
          expect(coverage.workTeamCount).toBe(gaps.localCoverageGaps.coveredCount);
          // The fixture shows a picture, not all gaps or none.
          expect(covered.size).toBeGreaterThanOrEqual(vars.l === 'COUNTY' ? 3 : 1);
        });

  it('answers alike in both topologies', async () => {
    const vars = { y: 2019, l: 'COUNTY', w: null, d: true };
    const a = await allPlaces(embedded, vars, ADMIN);
    const b = await allPlaces(distributed, vars, ADMIN);
    expect(b).toEqual(a);
  });

  it('the national county list is one request with a constant number of statements', async () => {
    for (const hub of [embedded, distributed]) {
      const { ok } = callsTo(() => hub);
      const counted: number[] = [];
      for (const vars of [
        { y: 2019, first: 1000 },
        { y: 2019, w: '61', first: 1000 },
        { y: 2019, n: 1, first: 10 },
        { y: 2016, l: 'VILLAGE', first: 1000 },
      ]) {
        const { result, statements } = await countStatements(hub.database, () => ok(COVERAGE, vars, ADMIN));
        expect(result.coverage.places.edges.length).toBeGreaterThan(0);
        counted.push(statements);
      }
      // Candidates, the five channels and the work teams, the page's regions.
      expect(counted).toEqual([8, 8, 8, 8]);
    }
  });

  it('refuses a bad filter', async () => {
    const { refused } = callsTo(() => embedded);
    await refused(COVERAGE, { y: 2019, n: 0 }, ADMIN, 'BAD_USER_INPUT', 'range', 'fewerThan');
    await refused(COVERAGE, { y: 1900 }, ADMIN, 'BAD_USER_INPUT', undefined, 'year');
    await refused(COVERAGE, { y: 2019, w: '61x' }, ADMIN, 'BAD_USER_INPUT', undefined, 'within');
  });
});

const LISTS = [
  ['DESIGNATED', 'designatedAssistance'],
  ['EAST_WEST', 'eastWestPairings'],
  ['MILITARY', 'militaryAssistance'],
  ['DEMOCRATIC_PARTY', 'partyAssistance'],
  ['ENTERPRISE', 'enterpriseAssistance'],
] as const;

const ENTRY = 'id channel kind since until helper { id name } helped { code name }';
const REGION_ASSISTANCE = `query($c: ID!, $y: Int, $ch: [Channel!], $k: [String!], $desc: Boolean, $anc: Boolean, $first: Int, $after: String) {
  region(code: $c) { assistance(year: $y, channels: $ch, kinds: $k, includeDescendants: $desc, includeAncestors: $anc, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${ENTRY} } } } } }`;
const ORG_ASSISTANCE = `query($id: ID!, $y: Int, $first: Int, $after: String) {
  organization(id: $id) { assistance(year: $y, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${ENTRY} } } } } }`;
const ownLists = (owner: 'region' | 'organization') => {
  const args = owner === 'region' ? 'year: $y, includeDescendants: $desc, includeAncestors: $anc' : 'year: $y';
  const vars = owner === 'region' ? '$c: ID!, $y: Int, $desc: Boolean, $anc: Boolean' : '$id: ID!, $y: Int';
  const key = owner === 'region' ? 'code: $c' : 'id: $id';
  return `query(${vars}) { ${owner}(${key}) { ${LISTS.map(([, f]) => `${f}(${args}) { __typename id since until helper { id } helped { code } }`).join(' ')} } }`;
};

interface Entry {
  id: string;
  channel: string;
  kind: string;
  since: string;
  until: string | null;
  helper: { id: string; name: string };
  helped: { code: string; name: string };
}

/** Every entry of a cross-channel list, page by page. */
async function allEntries(hub: Hub, query: string, owner: 'region' | 'organization', vars: Record<string, unknown>, first: number) {
  const { ok } = callsTo(() => hub);
  const entries: Entry[] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = await ok(query, { ...vars, first, after }, ADMIN);
    const page = data[owner].assistance;
    entries.push(...page.edges.map((e: { node: Entry }) => e.node));
    if (!page.pageInfo.hasNextPage) {
      expect(entries.length).toBe(page.totalCount);
      return entries;
    }
    after = page.pageInfo.endCursor;
  }
}

/** The channels' own lists, merged as the cross-channel list orders them. */
function merged(own: Record<string, any[]>, channels?: string[], kinds?: string[]) {
  return LISTS.flatMap(([channel, field]) =>
    (own[field] ?? []).map((r) => ({ id: r.id, channel, kind: r.__typename, since: r.since, until: r.until, helper: r.helper.id, helped: r.helped.code })),
  )
    .filter((e) => (!channels || channels.includes(e.channel)) && (!kinds || kinds.includes(e.kind)))
    .sort((a, b) => (a.since !== b.since ? (a.since < b.since ? 1 : -1) : a.id < b.id ? -1 : 1));
}
const shape = (entries: Entry[]) =>
  entries.map((e) => ({ id: e.id, channel: e.channel, kind: e.kind, since: e.since, until: e.until, helper: e.helper.id, helped: e.helped.code }));

describe('cross-channel assistance lists', () => {
  for (const topology of ['embedded', 'distributed'] as const)
    it(`a place's list is every channel's own, merged, filtered and paged: ${topology}`, async () => {
      const hub = topology === 'embedded' ? embedded : distributed;
      const { ok } = callsTo(() => hub);
      for (const vars of [
        { c: '610426', anc: true, desc: true },
        { c: '610426', y: 2019, anc: true, desc: true },
        { c: '61', desc: false, anc: false },
      ]) {
        const own = (await ok(ownLists('region'), vars, ADMIN)).region;
        const whole = await allEntries(hub, REGION_ASSISTANCE, 'region', vars, 1000);
        expect(shape(whole)).toEqual(merged(own));
        expect(whole.every((e) => e.helper.name && e.helped.name)).toBe(true);
        // Pages of a third: the same records, in the same order.
        expect(shape(await allEntries(hub, REGION_ASSISTANCE, 'region', vars, Math.min(1000, Math.ceil(whole.length / 3) + 1)))).toEqual(shape(whole));
        const channels = ['MILITARY', 'ENTERPRISE'];
        expect(shape(await allEntries(hub, REGION_ASSISTANCE, 'region', { ...vars, ch: channels }, 1000))).toEqual(merged(own, channels));
        const kinds = ['VillageCompact', 'SupervisionAssignment'];
        expect(shape(await allEntries(hub, REGION_ASSISTANCE, 'region', { ...vars, k: kinds }, 1000))).toEqual(merged(own, undefined, kinds));
      }
      const full = await allEntries(hub, REGION_ASSISTANCE, 'region', { c: '610426', anc: true, desc: true }, 1000);
      expect(new Set(full.map((e) => e.channel)).size).toBeGreaterThanOrEqual(4);
    }, 300_000);

  for (const topology of ['embedded', 'distributed'] as const)
    it(`a helper's list is every channel's own, merged: ${topology}`, async () => {
      const hub = topology === 'embedded' ? embedded : distributed;
      const { ok } = callsTo(() => hub);
      for (const vars of [{ id: 'gov-31' }, { id: 'gov-31', y: 2019 }]) {
        const own = (await ok(ownLists('organization'), vars, ADMIN)).organization;
        const whole = await allEntries(hub, ORG_ASSISTANCE, 'organization', vars, 1000);
        expect(whole.length).toBeGreaterThan(0);
        expect(shape(whole)).toEqual(merged(own));
      }
    });

  it('costs the same statements whatever the place and its records', async () => {
    for (const hub of [embedded, distributed]) {
      const { ok } = callsTo(() => hub);
      const counted: number[] = [];
      for (const c of ['610426', '610430', '632803', '52']) {
        const vars = { c, anc: true, desc: true };
        const { statements } = await countSteadyStatements(hub.database, () => ok(REGION_ASSISTANCE, { ...vars, first: 1000 }, ADMIN));
        counted.push(statements);
      }
      // One list statement per channel, the place asked of, the helpers and the places helped.
      expect(counted).toEqual([8, 8, 8, 8]);
    }
  });

  it('refuses an unknown kind', async () => {
    const { refused } = callsTo(() => embedded);
    await refused(REGION_ASSISTANCE, { c: '610426', k: ['Pairing'] }, ADMIN, 'BAD_USER_INPUT', 'kind', 'kinds');
  });
});
