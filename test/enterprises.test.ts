import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { governmentId } from '../lib/org-ids.js';
import { sumMoney } from '../lib/money.js';
import { Rng } from '../lib/rng.js';
import { ENTERPRISE_KINDS } from '../subgraphs/enterprises/import.js';
import { buildDemo, CONTRIBUTION_COLUMNS, COMPACT_COLUMNS, DEMO_SIZES, type DemoSize } from '../subgraphs/enterprises/seed.js';
import { compactsTable, contributionsTable } from '../subgraphs/enterprises/tables.js';
import { createRegistrySeedApi } from '../subgraphs/registry/seed.js';
import { referenceOrganizations } from '../subgraphs/registry/reference.js';
import { DEMO_NAME_PREFIX, isDemoName } from '../lib/demo.js';
import {
  ADMIN,
  type As,
  callsTo,
  coordinator,
  countStatements,
  countSteadyStatements,
  executeOn,
  DIVISIONS_DIR,
  REFERENCE_DIR,
  rowsOf,
  SASAC,
  snapshotSchema,
  editor,
  startFixtureHub,
  startHub,
  tearDown,
  type Hub,
  type TestDatabase,
} from './harness.js';
import { sql } from 'drizzle-orm';

/**
 * The enterprises channel through the gateway (and directly): a small hand-built fixture in
 * 永寿县 (610426) and 淳化县 (610430), figures computed by hand in the comments.
 */
let db: TestDatabase;
let hub: Hub;

const G1 = 'test-soe-g1'; // central SOE group
const S1 = 'test-soe-s1'; // its subsidiary
const G2 = 'test-soe-g2'; // another central SOE group
const P1 = 'test-pe-1'; // private firm (eastern seat)
const I1 = 'test-ind-1'; // individual donor 张三丰
const O1 = 'test-so-1'; // social organisation
const DONOR_NAME = '张三丰';

const EDITOR_G1 = editor(G1);
const EDITOR_G2 = editor(G2);
const EDITOR_P1 = editor(P1);
const COORD_YONGSHOU = coordinator('610426');
const COORD_CHUNHUA = coordinator('610430');

let v1: string; // village of 永寿县
let v2: string; // another village of 永寿县
const ids: Record<string, string> = {};

const COMPACT = `mutation($input: CreateVillageCompactInput!) { createVillageCompact(input: $input) { id } }`;
const RECORD = `mutation($input: RecordContributionInput!) { recordEnterpriseContribution(input: $input) { id } }`;
const END = `mutation($id: ID!, $until: Date!) { endVillageCompact(id: $id, until: $until) { id until } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateContributionInput!) { updateEnterpriseContribution(id: $id, input: $input) { id disbursed verified published } }`;

/** Refused writes leave the enterprises tables unchanged. */
const { ok, refused } = callsTo(() => hub, { schema: 'enterprises' });

async function compact(name: string, input: Record<string, unknown>, as: As = ADMIN) {
  ids[name] = (await ok(COMPACT, { input }, as)).createVillageCompact.id;
}

async function record(name: string, input: Record<string, unknown>, as: As = ADMIN) {
  ids[name] = (await ok(RECORD, { input }, as)).recordEnterpriseContribution.id;
}

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({
    organizations: [
      { id: G1, name: '中国测试一集团有限公司', kind: 'CENTRAL_SOE', homeRegionCode: '11', demo: false, source: 'test' },
      { id: S1, name: '测试一永寿帮扶公司', kind: 'CENTRAL_SOE', parentId: G1, homeRegionCode: '610426', demo: false, source: 'test' },
      { id: G2, name: '中国测试二集团有限公司', kind: 'CENTRAL_SOE', homeRegionCode: '11', demo: false, source: 'test' },
      { id: P1, name: '杭州测试农业有限公司', kind: 'PRIVATE_ENTERPRISE', homeRegionCode: '330102', demo: false, source: 'test' },
      { id: I1, name: DONOR_NAME, kind: 'INDIVIDUAL', aliases: ['张真人'], demo: false, source: 'test' },
      { id: O1, name: '测试慈善基金会', kind: 'SOCIAL_ORGANIZATION', homeRegionCode: '61', demo: false, source: 'test' },
    ],
  }));
  const villages = await ok(`{ regions(filter: {within: "610426", level: VILLAGE}, first: 2) { edges { node { code } } } }`);
  [v1, v2] = villages.regions.edges.map((e: { node: { code: string } }) => e.node.code);
  // The records of other channels two contributions are also reported as: a real designated
  // pairing in 陕西, and an east-west industrial project in 永寿县 under 江苏's pairing with 陕西.
  const others = await ok(`{ region(code: "61") { designatedAssistance(includeDescendants: true) { id } eastWestPairings { id } } }`);
  ids.dsg = others.region.designatedAssistance[0].id;
  const project = await ok(
    `mutation($input: EastWestIndustrialProjectInput!) { recordEastWestIndustrialProject(input: $input) { id } }`,
    {
      input: {
        pairingId: others.region.eastWestPairings[0].id,
        year: 2019,
        name: '测试产业园',
        enterprise: '杭州测试农业有限公司',
        countyCode: '610426',
        investment: '300000.00',
        jobsForPoor: 5,
      },
    },
    ADMIN,
  );
  ids.ew = project.recordEastWestIndustrialProject.id;

  // Compacts: a (S1 → v1, ongoing, valid 2019), b (P1 → v2 from 2019), c (S1 → v2, ended 2018).
  await compact('a', { helperId: S1, villageCode: v1, since: '2018-03-01' }, EDITOR_G1); // a group editor writes for its subsidiary
  await compact('b', { helperId: P1, villageCode: v2, since: '2019-01-01' }, EDITOR_P1);
  await compact('c', { helperId: S1, villageCode: v2, since: '2017-01-01', until: '2018-12-31' });

  // 2019 contributions, published unless said.
  await record(
    'c1',
    {
      helperId: G1,
      helpedCode: '610426',
      kind: 'PUBLIC_WELFARE_DONATION',
      date: '2019-05-01',
      pledged: '1000000.00',
      disbursed: '800000.00',
      verified: '500000.00',
      peopleReached: 300,
      note: 'internal: G1 board decision',
    },
    EDITOR_G1,
  );
  await record(
    'c2',
    {
      helperId: S1,
      helpedCode: v1,
      kind: 'INDUSTRIAL_INVESTMENT',
      date: '2019-06-01',
      pledged: '2000000.50',
      committed: '1500000.00',
      disbursed: '1200000.25',
      jobs: 12,
      compactId: ids.a,
      alsoReportedAs: { channel: 'DESIGNATED', id: ids.dsg },
    },
    EDITOR_G1,
  );
  await record('c3', { helperId: G2, helpedCode: '610430', kind: 'PUBLIC_WELFARE_DONATION', date: '2019-03-01', disbursed: '3000000.00' });
  await record('c4', { helperId: G2, helpedCode: '610430', kind: 'PURCHASE', date: '2019-04-01', pledged: '100.00', disbursed: '50.00' });
  await record(
    'c5',
    {
      helperId: G2,
      helpedCode: '610430',
      kind: 'SKILLS_TRAINING',
      date: '2019-07-01',
      pledged: '500000.00',
      disbursed: '500000.00',
      trainees: 80,
      published: false,
    },
    EDITOR_G2,
  );
  await record('c6', { helperId: G1, helpedCode: '610426', kind: 'PUBLIC_WELFARE_DONATION', date: '2018-05-01', pledged: '999.00', disbursed: '999.00' });
  await record('c7', { helperId: P1, helpedCode: v2, kind: 'EMPLOYMENT', date: '2019-02-01', jobs: 20, peopleReached: 40, compactId: ids.b }, EDITOR_P1);
  await record(
    'c8',
    {
      helperId: P1,
      helpedCode: v2,
      kind: 'INDUSTRIAL_INVESTMENT',
      date: '2019-08-01',
      pledged: '400000.00',
      disbursed: '300000.00',
      alsoReportedAs: { channel: 'EAST_WEST', id: ids.ew },
    },
    EDITOR_P1,
  );
  await record('c9', { helperId: I1, helpedCode: v1, kind: 'PUBLIC_WELFARE_DONATION', date: '2019-09-09', disbursed: '1000.00' }, COORD_YONGSHOU); // a county office records an individual
  await record('c10', { helperId: O1, helpedCode: '610426', kind: 'SKILLS_TRAINING', date: '2019-10-10', disbursed: '20000.00', trainees: 50 });
  await record(
    'c11',
    { helperId: P1, helpedCode: v2, kind: 'PURCHASE', date: '2019-11-11', disbursed: '10.00', published: false, note: 'unpublished P1 figure' },
    EDITOR_P1,
  );
  await record('c12', { helperId: O1, helpedCode: '610430', kind: 'PUBLIC_WELFARE_DONATION', date: '2017-06-01', pledged: '10.00' });
});

afterAll(() => tearDown(db, hub));

const PICTURE = `query($code: ID!, $year: Int, $d: Boolean, $a: Boolean) { region(code: $code) { code name
  enterpriseAssistance(year: $year, includeDescendants: $d, includeAncestors: $a) {
    __typename id channel since until helper { id name kind } helped { code } ownership group { id }
    ... on EnterpriseContribution { kind pledged disbursed alsoReportedAs { channel id } }
  } } }`;

type Rec = { id: string; helper: { id: string; name: string }; __typename: string };

describe('a place’s list, read from the records’ packed cores', () => {
  it('lists each record as its whole row reads it, in period order, in one statement', async () => {
    const fields = '__typename id since until helper { id } helped { code }';
    const listed = await countStatements(db.database, () =>
      hub.query(`{ region(code: "610426") { enterpriseAssistance(includeDescendants: true) { ${fields} } } }`),
    );
    expect(listed.result.errors).toBeUndefined();
    expect(listed.statements).toBe(2); // the place from the registry, the records
    type Listed = { __typename: string; id: string; since: string; until: string | null; helper: { id: string }; helped: { code: string } };
    const got = listed.result.data!.region.enterpriseAssistance as Listed[];
    // Ongoing and ended compacts, contributions on the county and on its villages.
    expect(got.map((r) => r.id)).toEqual(expect.arrayContaining([ids.a, ids.b, ids.c, ids.c1, ids.c7, ids.c9]));
    expect(got.find((r) => r.id === ids.c)!.until).toBe('2018-12-31');
    expect(got.find((r) => r.id === ids.a)!.until).toBeNull();
    const order = got.map((r) => `${r.since}|${r.id}`);
    expect(order).toEqual([...order].sort());
    for (const r of got) {
      const root = r.__typename === 'VillageCompact' ? 'villageCompact' : 'enterpriseContribution';
      const whole = (await ok(`{ ${root}(id: "${r.id}") { ${fields} } }`))[root];
      expect(whole, r.id).toEqual(r);
    }
  });
});

describe('the picture of a place', () => {
  it('a village with its ancestors: the compact, the contributions there and to its county', async () => {
    const data = await ok(PICTURE, { code: v1, year: 2019, a: true });
    const got = data.region.enterpriseAssistance as Rec[];
    expect(got.map((r) => r.id).sort()).toEqual([ids.a, ids.c2, ids.c9, ids.c1, ids.c10].sort());
    expect(new Set(got.map((r) => r.helper.id))).toEqual(new Set([S1, I1, G1, O1]));
    const compact = got.find((r) => r.id === ids.a)!;
    expect(compact).toMatchObject({
      __typename: 'VillageCompact',
      channel: 'ENTERPRISE',
      ownership: 'CENTRAL_SOE',
      group: { id: G1 },
      helped: { code: v1 },
      until: null,
    });
    expect(got.find((r) => r.id === ids.c2)).toMatchObject({ alsoReportedAs: { channel: 'DESIGNATED', id: ids.dsg }, pledged: '2000000.50' });
    // A contribution's period is its date, listed from its core as from its whole row.
    for (const r of got as (Rec & { since: string; until: string | null })[])
      if (r.__typename === 'EnterpriseContribution') expect(r.until, r.id).toBe(r.since);
  });

  it('a village without ancestors: only what lands on the village', async () => {
    const data = await ok(PICTURE, { code: v1, year: 2019 });
    expect((data.region.enterpriseAssistance as Rec[]).map((r) => r.id).sort()).toEqual([ids.a, ids.c2, ids.c9].sort());
  });

  it('a county with its descendants: every enterprise helping anywhere inside, in 2019 and over all years', async () => {
    const y2019 = await ok(PICTURE, { code: '610426', year: 2019, d: true });
    expect((y2019.region.enterpriseAssistance as Rec[]).map((r) => r.id).sort()).toEqual(
      [ids.a, ids.b, ids.c1, ids.c2, ids.c7, ids.c8, ids.c9, ids.c10].sort(),
    );
    const all = await ok(PICTURE, { code: '610426000000', d: true });
    expect((all.region.enterpriseAssistance as Rec[]).map((r) => r.id).sort()).toEqual(
      [ids.a, ids.b, ids.c, ids.c1, ids.c2, ids.c6, ids.c7, ids.c8, ids.c9, ids.c10].sort(),
    );
    const county = await ok(PICTURE, { code: '610426', year: 2019 });
    expect((county.region.enterpriseAssistance as Rec[]).map((r) => r.id).sort()).toEqual([ids.c1, ids.c10].sort());
  });

  it('an anonymous caller never sees an individual donor’s name; authorised roles do', async () => {
    const anonymous = await ok(PICTURE, { code: v1, year: 2019, a: true });
    const donor = (anonymous.region.enterpriseAssistance as Rec[]).find((r) => r.helper.id === I1)!;
    expect(donor.helper.name).toBe('个人捐赠者');
    expect(JSON.stringify(anonymous)).not.toContain(DONOR_NAME);
    const helper = await ok(`{ organization(id: "${I1}") { name aliases enterpriseAssistance { id } } }`);
    expect(helper.organization).toEqual({ name: '个人捐赠者', aliases: [], enterpriseAssistance: [{ id: ids.c9 }] });
    for (const as of [SASAC, COORD_YONGSHOU, EDITOR_P1, ADMIN]) {
      const seen = await ok(PICTURE, { code: v1, year: 2019, a: true }, as);
      expect((seen.region.enterpriseAssistance as Rec[]).find((r) => r.helper.id === I1)!.helper.name, as.role).toBe(DONOR_NAME);
    }
  });

  it('this subgraph stores no helper name', async () => {
    const tables = await snapshotSchema(db.database, 'enterprises');
    expect(JSON.stringify(tables)).not.toContain(DONOR_NAME);
    expect(Object.keys((tables.contributions as object[])[0]).some((c) => /name/.test(c))).toBe(false);
  });
});

const SUMMARY = `query($code: ID!, $year: Int, $d: Boolean, $a: Boolean) { region(code: $code) {
  enterpriseSummary(year: $year, includeDescendants: $d, includeAncestors: $a) { year compacts helpers villages
    total { contributions pledged committed disbursed verified jobs trainees peopleReached }
    totalExcludingReportedElsewhere { contributions pledged committed disbursed verified jobs trainees peopleReached }
    byKind { kind total { contributions disbursed } totalExcludingReportedElsewhere { contributions disbursed } } } } }`;

describe('summaries', () => {
  it('sum one stage at a time, exactly, and count a contribution reported elsewhere once', async () => {
    const data = await ok(SUMMARY, { code: '610426', year: 2019, d: true });
    // Published 2019 records in 永寿县: compacts a, b; contributions c1 c2 c7 c8 c9 c10 (c11 unpublished).
    expect(data.region.enterpriseSummary).toEqual({
      year: 2019,
      compacts: 2,
      helpers: 5, // S1, P1, G1, I1, O1
      villages: 2,
      total: {
        contributions: 6,
        pledged: '3400000.50', // 1000000.00 + 2000000.50 + 400000.00
        committed: '1500000.00',
        disbursed: '2321000.25', // 800000.00 + 1200000.25 + 300000.00 + 1000.00 + 20000.00
        verified: '500000.00',
        jobs: 32,
        trainees: 50,
        peopleReached: 340,
      },
      totalExcludingReportedElsewhere: {
        contributions: 4, // c2 (designated) and c8 (east-west) left out
        pledged: '1000000.00',
        committed: '0.00',
        disbursed: '821000.00',
        verified: '500000.00',
        jobs: 20,
        trainees: 50,
        peopleReached: 340,
      },
      byKind: [
        {
          kind: 'INDUSTRIAL_INVESTMENT',
          total: { contributions: 2, disbursed: '1500000.25' },
          totalExcludingReportedElsewhere: { contributions: 0, disbursed: '0.00' },
        },
        {
          kind: 'PUBLIC_WELFARE_DONATION',
          total: { contributions: 2, disbursed: '801000.00' },
          totalExcludingReportedElsewhere: { contributions: 2, disbursed: '801000.00' },
        },
        { kind: 'EMPLOYMENT', total: { contributions: 1, disbursed: '0.00' }, totalExcludingReportedElsewhere: { contributions: 1, disbursed: '0.00' } },
        {
          kind: 'SKILLS_TRAINING',
          total: { contributions: 1, disbursed: '20000.00' },
          totalExcludingReportedElsewhere: { contributions: 1, disbursed: '20000.00' },
        },
      ],
    });
  });

  it('a place’s summary (summed in SQL) agrees with its records, whatever the scope, year and caller', async () => {
    const q = `query($code: ID!, $year: Int, $d: Boolean, $a: Boolean) { region(code: $code) {
      enterpriseAssistance(year: $year, includeDescendants: $d, includeAncestors: $a) { __typename helper { id } helped { code }
        ... on EnterpriseContribution { kind pledged disbursed jobs } }
      enterpriseSummary(year: $year, includeDescendants: $d, includeAncestors: $a) { compacts helpers villages
        total { contributions pledged disbursed jobs } byKind { kind total { contributions disbursed } } } } }`;
    type Listed = {
      __typename: string;
      helper: { id: string };
      helped: { code: string };
      kind?: string;
      pledged?: string | null;
      disbursed?: string | null;
      jobs?: number;
    };
    let compared = 0;
    for (const who of [undefined, EDITOR_P1])
      for (const code of ['610426', v1, '61'])
        for (const year of [null, 2019])
          for (const [d, a] of [
            [false, false],
            [true, false],
            [false, true],
            [true, true],
          ]) {
            const data = await ok(q, { code, year, d, a }, who);
            const records = data.region.enterpriseAssistance as Listed[];
            const given = records.filter((r) => r.__typename === 'EnterpriseContribution');
            const byKind = [...new Set(given.map((r) => r.kind!))].map((kind) => {
              const of = given.filter((r) => r.kind === kind);
              return { kind, total: { contributions: of.length, disbursed: sumMoney(of.map((r) => r.disbursed)) } };
            });
            const where = JSON.stringify({ code, year, d, a, role: who?.role ?? 'PUBLIC' });
            expect(data.region.enterpriseSummary, where).toEqual({
              compacts: records.length - given.length,
              helpers: new Set(records.map((r) => r.helper.id)).size,
              villages: new Set(records.map((r) => r.helped.code).filter((c) => c.length === 12)).size,
              total: {
                contributions: given.length,
                pledged: sumMoney(given.map((r) => r.pledged)),
                disbursed: sumMoney(given.map((r) => r.disbursed)),
                jobs: given.reduce((n, r) => n + r.jobs!, 0),
              },
              byKind: expect.arrayContaining(byKind),
            });
            expect(data.region.enterpriseSummary.byKind.length).toBe(byKind.length);
            compared += records.length;
          }
    expect(compared).toBeGreaterThan(50);
  });

  it('a summary asked without its distinct counts skips them and gives the same totals', async () => {
    const totals = `compacts total { contributions pledged disbursed jobs } byKind { kind total { contributions } }`;
    const q = (fields: string) => `{ region(code: "61") { enterpriseSummary(includeDescendants: true) { ${fields} } } }`;
    const lean = await countStatements(db.database, () => hub.query(q(totals)));
    const full = await countStatements(db.database, () => hub.query(q(`helpers ${totals} ... on EnterpriseSummary { villages }`)));
    expect(lean.result.errors).toBeUndefined();
    expect(full.result.errors).toBeUndefined();
    const { helpers, villages, ...rest } = full.result.data!.region.enterpriseSummary;
    expect(helpers).toBeGreaterThan(0);
    expect(villages).toBeGreaterThan(0);
    expect(lean.result.data!.region.enterpriseSummary).toEqual(rest);
    expect(lean.log.join('\n')).not.toMatch(/select distinct/);
    expect(full.log.join('\n')).toMatch(/select distinct grp, helper_id/);
  });

  it('sums only what its totals show, wherever they are asked, with the same figures', async () => {
    const q = (fields: string) => `{ region(code: "61") { enterpriseSummary(includeDescendants: true) { ${fields} } } }`;
    const all = 'contributions pledged committed disbursed verified jobs trainees peopleReached';
    const full = await countStatements(db.database, () =>
      hub.query(q(`total { ${all} } totalExcludingReportedElsewhere { ${all} } byKind { kind total { ${all} } totalExcludingReportedElsewhere { ${all} } }`)),
    );
    const one = await countStatements(db.database, () => hub.query(q('total { contributions disbursed }')));
    const nested = await countStatements(db.database, () =>
      hub.query(`${q('byKind { kind ...k }')} fragment k on KindTotals { totalExcludingReportedElsewhere { jobs } }`),
    );
    for (const r of [full, one, nested]) expect(r.result.errors).toBeUndefined();
    const summary = full.result.data!.region.enterpriseSummary;
    expect(one.result.data!.region.enterpriseSummary.total).toEqual({ contributions: summary.total.contributions, disbursed: summary.total.disbursed });
    expect(nested.result.data!.region.enterpriseSummary.byKind).toEqual(
      summary.byKind.map((k: { kind: string; totalExcludingReportedElsewhere: { jobs: number } }) => ({
        kind: k.kind,
        totalExcludingReportedElsewhere: { jobs: k.totalExcludingReportedElsewhere.jobs },
      })),
    );
    const sums = (log: string[]) => [...log.join('\n').matchAll(/sum\((\w+)\)/g)].map((m) => m[1]).sort();
    expect(sums(full.log)).toEqual(['committed', 'disbursed', 'jobs', 'people_reached', 'pledged', 'trainees', 'verified']);
    expect(sums(one.log)).toEqual(['disbursed']);
    expect(sums(nested.log)).toEqual(['jobs']);
  });

  it('splits contributions by kind or by being reported elsewhere only when the summary shows it', async () => {
    const q = (fields: string, fragments = '') => `{ region(code: "61") { enterpriseSummary(includeDescendants: true) { ${fields} } } } ${fragments}`;
    const totals = 'contributions disbursed jobs';
    const full = (
      await ok(
        q(
          `total { ${totals} } totalExcludingReportedElsewhere { ${totals} } byKind { kind total { ${totals} } totalExcludingReportedElsewhere { ${totals} } }`,
        ),
      )
    ).region.enterpriseSummary;
    const cases: [string, string, string][] = [
      [`total { ${totals} }`, '', 'group by grp, record\n'],
      [`totalExcludingReportedElsewhere { ${totals} }`, '', 'group by grp, record, once\n'],
      [`byKind { kind total { ${totals} } }`, '', 'group by grp, record, kind\n'],
      // The split asked through a fragment on the kind's totals.
      [
        `total { ${totals} } byKind { kind ...x }`,
        `fragment x on KindTotals { totalExcludingReportedElsewhere { ${totals} } }`,
        'group by grp, record, kind, once\n',
      ],
    ];
    for (const [fields, fragments, grouping] of cases) {
      const asked = await countStatements(db.database, () => hub.query(q(fields, fragments)));
      expect(asked.result.errors, fields).toBeUndefined();
      expect(`${asked.log.join('\n')}\n`.replace(/\s+\n/g, '\n'), fields).toContain(grouping);
      const got = asked.result.data!.region.enterpriseSummary;
      if (got.total) expect(got.total, fields).toEqual(full.total);
      if (got.totalExcludingReportedElsewhere) expect(got.totalExcludingReportedElsewhere, fields).toEqual(full.totalExcludingReportedElsewhere);
      type Kind = { kind: string; total: unknown; totalExcludingReportedElsewhere: unknown };
      const kinds = full.byKind as Kind[];
      if (fields.includes('...x'))
        expect(got.byKind, fields).toEqual(kinds.map((k) => ({ kind: k.kind, totalExcludingReportedElsewhere: k.totalExcludingReportedElsewhere })));
      else if (got.byKind) expect(got.byKind, fields).toEqual(kinds.map((k) => ({ kind: k.kind, total: k.total })));
    }
    // The split totals differ from the whole (a contribution reported elsewhere is in the data).
    expect(full.totalExcludingReportedElsewhere.contributions).toBeLessThan(full.total.contributions);
  });

  it('count what the caller may read: the private firm’s editor also sees its unpublished purchase', async () => {
    const data = await ok(SUMMARY, { code: '610426', year: 2019, d: true }, EDITOR_P1);
    expect(data.region.enterpriseSummary.total).toMatchObject({ contributions: 7, disbursed: '2321010.25' });
  });

  it('an organisation, alone and with its subsidiaries', async () => {
    const q = `query($id: ID!, $s: Boolean) { organization(id: $id) { name
      enterpriseAssistance(year: 2019, includeSubsidiaries: $s) { id }
      enterpriseSummary(year: 2019, includeSubsidiaries: $s) { compacts helpers villages total { contributions pledged disbursed } } } }`;
    const alone = await ok(q, { id: G1, s: false });
    expect(alone.organization.enterpriseAssistance.map((r: { id: string }) => r.id)).toEqual([ids.c1]);
    const group = await ok(q, { id: G1, s: true });
    expect(group.organization.enterpriseAssistance.map((r: { id: string }) => r.id).sort()).toEqual([ids.a, ids.c1, ids.c2].sort());
    expect(group.organization.enterpriseSummary).toEqual({
      compacts: 1,
      helpers: 2,
      villages: 1,
      total: { contributions: 2, pledged: '3000000.50', disbursed: '2000000.25' },
    });
  });
});

const RANKING = `query($year: Int!, $kind: ContributionKind) { sasacRanking(year: $year, kind: $kind) { year kind entries {
  rank group { id name } members pledgeFulfilment counties villages
  total { contributions pledged committed disbursed verified jobs trainees peopleReached }
  totalExcludingReportedElsewhere { contributions pledged disbursed } } } }`;

describe('the SASAC ranking', () => {
  it('ranks groups by disbursed money with subsidiaries rolled up, fulfilment exact to 4 places', async () => {
    const data = await ok(RANKING, { year: 2019 });
    expect(data.sasacRanking.entries).toEqual([
      {
        rank: 1,
        group: { id: G2, name: '中国测试二集团有限公司' },
        members: 1,
        // c3 has no pledge: fulfilment counts only pledged contributions: 50.00 / 100.00.
        pledgeFulfilment: '0.5000',
        counties: 1,
        villages: 0,
        total: { contributions: 2, pledged: '100.00', committed: '0.00', disbursed: '3000050.00', verified: '0.00', jobs: 0, trainees: 0, peopleReached: 0 },
        totalExcludingReportedElsewhere: { contributions: 2, pledged: '100.00', disbursed: '3000050.00' },
      },
      {
        rank: 2,
        group: { id: G1, name: '中国测试一集团有限公司' },
        members: 2, // G1 and its subsidiary S1
        // (800000.00 + 1200000.25) / (1000000.00 + 2000000.50) = 0.66666…
        pledgeFulfilment: '0.6667',
        counties: 1,
        villages: 1, // v1 (c2 and compact a); compact c ended in 2018
        total: {
          contributions: 2,
          pledged: '3000000.50',
          committed: '1500000.00',
          disbursed: '2000000.25',
          verified: '500000.00',
          jobs: 12,
          trainees: 0,
          peopleReached: 300,
        },
        // c2 is also reported as designated assistance: left out here.
        totalExcludingReportedElsewhere: { contributions: 1, pledged: '1000000.00', disbursed: '800000.00' },
      },
    ]);
  });

  it('SASAC reads every central-SOE record, unpublished ones included', async () => {
    const data = await ok(RANKING, { year: 2019 }, SASAC);
    const g2 = data.sasacRanking.entries.find((e: { group: { id: string } }) => e.group.id === G2);
    // + c5 (unpublished): disbursed 3500050.00, pledged 500100.00; (50 + 500000) / 500100 = 0.99990…
    expect(g2).toMatchObject({ pledgeFulfilment: '0.9999', total: { contributions: 3, pledged: '500100.00', disbursed: '3500050.00', trainees: 80 } });
    const c5 = await ok(`{ enterpriseContribution(id: "${ids.c5}") { id published } }`, {}, SASAC);
    expect(c5.enterpriseContribution).toEqual({ id: ids.c5, published: false });
  });

  it('restricts to one kind, and ranks ties together', async () => {
    const data = await ok(RANKING, { year: 2019, kind: 'PUBLIC_WELFARE_DONATION' });
    expect(
      data.sasacRanking.entries.map(
        (e: { rank: number; group: { id: string }; total: { disbursed: string }; pledgeFulfilment: string | null; villages: number }) => [
          e.rank,
          e.group.id,
          e.total.disbursed,
          e.pledgeFulfilment,
          e.villages,
        ],
      ),
    ).toEqual([
      [1, G2, '3000000.00', null, 0],
      [2, G1, '800000.00', '0.8000', 0],
    ]);
    const none = await ok(RANKING, { year: 2016 });
    expect(none.sasacRanking.entries).toEqual([]);
  });

  it('lists a group or a province with only compacts in the year under its own id', async () => {
    const data = await ok(`{ sasacRanking(year: 2020) { entries { rank group { id } members villages total { contributions disbursed } } }
      acficView(year: 2020) { byProvince { province { code } compacts total { contributions } } } }`);
    // 2020 holds only compact a (S1 → v1, ongoing) of G1's, and compact b (P1 → v2) of a private firm.
    expect(data.sasacRanking.entries).toEqual([{ rank: 1, group: { id: G1 }, members: 1, villages: 1, total: { contributions: 0, disbursed: '0.00' } }]);
    expect(data.acficView.byProvince).toEqual([{ province: { code: '61' }, compacts: 1, total: { contributions: 0 } }]);
  });

  it('refuses an implausible year', async () => {
    const bad = await hub.query(RANKING, { year: 1800 });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'year' });
  });
});

describe('the ACFIC view', () => {
  it('private firms’ contributions and the compact campaign, hand-computed', async () => {
    const data = await ok(`{ acficView(year: 2019) { year privateEnterprises
      total { contributions pledged disbursed jobs } totalExcludingReportedElsewhere { contributions pledged disbursed jobs }
      byKind { kind total { contributions disbursed } }
      campaignByOwnership { ownership enterprises villages compacts }
      byProvince { province { code name } enterprises villages compacts total { contributions disbursed } }
      topPrivateEnterprises(first: 5) { enterprise { id name } total { disbursed } } } }`);
    expect(data.acficView).toEqual({
      year: 2019,
      privateEnterprises: 1,
      total: { contributions: 2, pledged: '400000.00', disbursed: '300000.00', jobs: 20 },
      totalExcludingReportedElsewhere: { contributions: 1, pledged: '0.00', disbursed: '0.00', jobs: 20 },
      byKind: [
        { kind: 'INDUSTRIAL_INVESTMENT', total: { contributions: 1, disbursed: '300000.00' } },
        { kind: 'EMPLOYMENT', total: { contributions: 1, disbursed: '0.00' } },
      ],
      campaignByOwnership: [
        { ownership: 'CENTRAL_SOE', enterprises: 1, villages: 1, compacts: 1 },
        { ownership: 'PRIVATE_ENTERPRISE', enterprises: 1, villages: 1, compacts: 1 },
      ],
      byProvince: [{ province: { code: '61', name: '陕西省' }, enterprises: 1, villages: 1, compacts: 1, total: { contributions: 2, disbursed: '300000.00' } }],
      topPrivateEnterprises: [{ enterprise: { id: P1, name: '杭州测试农业有限公司' }, total: { disbursed: '300000.00' } }],
    });
  });
});

describe('visibility', () => {
  const ONE = `query($id: ID!) { enterpriseContribution(id: $id) { id note published } }`;

  it('an unpublished record is read by its editors, SASAC (central SOEs only), coordinators in scope and admins', async () => {
    const cases: [As | undefined, string, boolean][] = [
      [undefined, 'c5', false],
      [EDITOR_G2, 'c5', true],
      [EDITOR_P1, 'c5', false],
      [SASAC, 'c5', true],
      [COORD_CHUNHUA, 'c5', true],
      [COORD_YONGSHOU, 'c5', false],
      [ADMIN, 'c5', true],
      [undefined, 'c11', false],
      [SASAC, 'c11', false], // a private firm's record is not SASAC's
      [EDITOR_P1, 'c11', true],
      [COORD_YONGSHOU, 'c11', true],
    ];
    for (const [as, name, visible] of cases) {
      const data = await ok(ONE, { id: ids[name] }, as);
      expect(data.enterpriseContribution === null, `${as?.role ?? 'anonymous'} ${name}`).toBe(!visible);
    }
  });

  it('notes are private even on published records', async () => {
    expect((await ok(ONE, { id: ids.c1 })).enterpriseContribution).toEqual({ id: ids.c1, note: null, published: true });
    expect((await ok(ONE, { id: ids.c1 }, EDITOR_G1)).enterpriseContribution.note).toBe('internal: G1 board decision');
    expect((await ok(ONE, { id: ids.c1 }, SASAC)).enterpriseContribution.note).toBe('internal: G1 board decision');
    expect((await ok(ONE, { id: ids.c1 }, EDITOR_P1)).enterpriseContribution.note).toBeNull();
  });

  it('a compact lists its contributions, and a contribution its compact', async () => {
    const data = await ok(`{ villageCompact(id: "${ids.b}") { id helper { id } contributions { id compact { id } } } }`);
    expect(data.villageCompact).toEqual({ id: ids.b, helper: { id: P1 }, contributions: [{ id: ids.c7, compact: { id: ids.b } }] });
    const editor = await ok(`{ villageCompact(id: "${ids.b}") { contributions { id } } }`, {}, EDITOR_P1);
    expect(editor.villageCompact.contributions.map((c: { id: string }) => c.id)).toEqual([ids.c7]);
    expect((await ok(`{ villageCompact(id: "${ids.c1}") { id } }`)).villageCompact).toBeNull();
  });
});

// ---- writes: validation and access -------------------------------------------------------

const base = () => ({ helperId: P1, helpedCode: v2, kind: 'PUBLIC_WELFARE_DONATION', date: '2019-12-01', disbursed: '100.00' });

describe('validation: compacts', () => {
  const c = (over: Record<string, unknown>) => ({ input: { helperId: P1, villageCode: v1, since: '2019-01-01', ...over } });
  it.each([
    ['an unknown helper', { helperId: 'no-such-org' }, 'NOT_FOUND', 'input.helperId', 'exists'],
    ['an individual as a compact helper', { helperId: I1 }, 'BAD_USER_INPUT', 'input.helperId', 'helper-kind'],
    ['a social organisation as a compact helper', { helperId: O1 }, 'BAD_USER_INPUT', 'input.helperId', 'helper-kind'],
    ['a malformed village code', { villageCode: '61x' }, 'BAD_USER_INPUT', 'input.villageCode', 'division-code'],
    ['a county instead of a village', { villageCode: '610426' }, 'BAD_USER_INPUT', 'input.villageCode', 'level'],
    ['an unknown village', { villageCode: '610426999999' }, 'BAD_USER_INPUT', 'input.villageCode', 'exists'],
    ['an implausible start year', { since: '1985-01-01' }, 'BAD_USER_INPUT', 'input.since', 'year'],
    ['an end before the start', { until: '2018-12-31' }, 'BAD_USER_INPUT', 'input.until', 'period'],
  ])('refuses %s', async (_name, over, code, field, rule) => {
    await refused(COMPACT, c(over), ADMIN, code, rule, field);
  });

  it('refuses a duplicate: same enterprise, same village, overlapping period', async () => {
    await refused(COMPACT, { input: { helperId: S1, villageCode: v1, since: '2020-01-01' } }, ADMIN, 'BAD_USER_INPUT', 'duplicate', 'input.villageCode');
    // c ended 2018-12-31: a new compact of S1 with v2 from 2019 is fine (done below, then ended).
  });

  it('ends a compact by setting until, never deleting; refuses ending it twice or before it began', async () => {
    const created = await ok(COMPACT, { input: { helperId: S1, villageCode: v2, since: '2021-01-01' } }, EDITOR_G1);
    const id = created.createVillageCompact.id;
    await refused(END, { id, until: '2020-12-31' }, EDITOR_G1, 'BAD_USER_INPUT', 'period', 'until');
    await refused(END, { id, until: '2022-01-01' }, EDITOR_P1, 'FORBIDDEN');
    expect((await ok(END, { id, until: '2022-01-01' }, EDITOR_G1)).endVillageCompact).toEqual({ id, until: '2022-01-01' });
    await refused(END, { id, until: '2022-06-01' }, EDITOR_G1, 'BAD_USER_INPUT', 'already-ended', 'until');
    await refused(END, { id: 'ent-vc-0', until: '2022-06-01' }, ADMIN, 'NOT_FOUND', undefined, 'id');
    // c7 (2019-02-01) was given under compact b: b cannot end before it.
    await refused(END, { id: ids.b, until: '2019-01-31' }, EDITOR_P1, 'BAD_USER_INPUT', 'records-outside-period', 'until');
    const audit = rowsOf<{ before: { until: string | null }; after: { until: string } }>(
      await db.database.db.execute(sql`select before, after from enterprises.audit_log where entity_id = ${id} and action = 'endVillageCompact'`),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].before.until).toBeNull();
    expect(audit[0].after.until).toBe('2022-01-01');
  });
});

describe('validation: contributions', () => {
  const r = (over: Record<string, unknown>) => ({ input: { ...base(), ...over } });
  it.each([
    ['an unknown helper', { helperId: 'no-such-org' }, 'NOT_FOUND', 'input.helperId', 'exists'],
    ['a government as a helper', { helperId: governmentId('11') }, 'BAD_USER_INPUT', 'input.helperId', 'helper-kind'],
    ['a township', { helpedCode: '610426001' }, 'BAD_USER_INPUT', 'input.helpedCode', 'level'],
    ['a province', { helpedCode: '61' }, 'BAD_USER_INPUT', 'input.helpedCode', 'level'],
    ['a malformed code', { helpedCode: 'abc' }, 'BAD_USER_INPUT', 'input.helpedCode', 'division-code'],
    ['an unknown village', { helpedCode: '610426999999' }, 'BAD_USER_INPUT', 'input.helpedCode', 'exists'],
    [
      'an investment by a social organisation',
      { helperId: O1, helpedCode: '610426', kind: 'INDUSTRIAL_INVESTMENT' },
      'BAD_USER_INPUT',
      'input.kind',
      'kind-helper',
    ],
    ['employment by an individual', { helperId: I1, helpedCode: 'v1', kind: 'EMPLOYMENT', jobs: 1 }, 'BAD_USER_INPUT', 'input.kind', 'kind-helper'],
    ['a date before 1986', { date: '1985-12-31' }, 'BAD_USER_INPUT', 'input.date', 'year'],
    ['a date far ahead', { date: '2099-01-01' }, 'BAD_USER_INPUT', 'input.date', 'year'],
    ['a negative pledge', { pledged: '-5.00' }, 'BAD_USER_INPUT', 'input.pledged', 'non-negative'],
    ['a negative disbursement', { disbursed: '-0.01' }, 'BAD_USER_INPUT', 'input.disbursed', 'non-negative'],
    ['verified above disbursed', { verified: '100.01' }, 'BAD_USER_INPUT', 'input.verified', 'stage-order'],
    ['verified without disbursed', { disbursed: null, pledged: '5.00', verified: '1.00' }, 'BAD_USER_INPUT', 'input.verified', 'stage-order'],
    ['negative jobs', { jobs: -1 }, 'BAD_USER_INPUT', 'input.jobs', 'non-negative'],
    ['absurd trainees', { trainees: 20_000_000 }, 'BAD_USER_INPUT', 'input.trainees', 'range'],
    ['nothing given', { disbursed: null }, 'BAD_USER_INPUT', 'input', 'empty'],
    ['only zero amounts', { disbursed: '0', pledged: '0.00' }, 'BAD_USER_INPUT', 'input', 'empty'],
    ['an unknown compact', { compactId: 'ent-vc-0' }, 'NOT_FOUND', 'input.compactId', 'exists'],
    ['another helper’s compact', { compactId: 'a' }, 'BAD_USER_INPUT', 'input.compactId', 'compact-helper'],
    ['a compact of another village', { compactId: 'b', helpedCode: 'v1' }, 'BAD_USER_INPUT', 'input.compactId', 'compact-village'],
    ['a date outside the compact', { compactId: 'b', date: '2018-06-01' }, 'BAD_USER_INPUT', 'input.compactId', 'within-period'],
    ['a reference to this channel', { alsoReportedAs: { channel: 'ENTERPRISE', id: 'ent-ct-1' } }, 'BAD_USER_INPUT', 'input.alsoReportedAs.channel', 'channel'],
    [
      'a reference to the military channel',
      { alsoReportedAs: { channel: 'MILITARY', id: 'mil-1' } },
      'BAD_USER_INPUT',
      'input.alsoReportedAs.channel',
      'channel',
    ],
    [
      'a designated reference of the wrong shape',
      { alsoReportedAs: { channel: 'DESIGNATED', id: 'ew-12' } },
      'BAD_USER_INPUT',
      'input.alsoReportedAs.id',
      'reference-format',
    ],
    [
      'an east-west reference of the wrong shape',
      { alsoReportedAs: { channel: 'EAST_WEST', id: 'ew- x' } },
      'BAD_USER_INPUT',
      'input.alsoReportedAs.id',
      'reference-format',
    ],
    [
      'a reference to no designated record',
      { alsoReportedAs: { channel: 'DESIGNATED', id: 'dsg-r-none-2019' } },
      'BAD_USER_INPUT',
      'input.alsoReportedAs.id',
      'reference-exists',
    ],
    [
      'a reference to no east-west record',
      { alsoReportedAs: { channel: 'EAST_WEST', id: 'ew-project-999999' } },
      'BAD_USER_INPUT',
      'input.alsoReportedAs.id',
      'reference-exists',
    ],
    ['an over-long purpose', { purpose: '扶'.repeat(2001) }, 'BAD_USER_INPUT', 'input.purpose', 'too-long'],
    [
      'a duplicate (same helper, place, kind and date as c8)',
      { helpedCode: 'v2', kind: 'INDUSTRIAL_INVESTMENT', date: '2019-08-01' },
      'BAD_USER_INPUT',
      'input.date',
      'duplicate',
    ],
  ])('refuses %s', async (_name, over, code, field, rule) => {
    const input = { ...over } as Record<string, unknown>;
    // Villages and compact ids are known only once the fixture is loaded.
    if (input.compactId === 'a' || input.compactId === 'b') input.compactId = ids[input.compactId as string];
    if (input.helpedCode === 'v1' || input.helpedCode === 'v2') input.helpedCode = input.helpedCode === 'v1' ? v1 : v2;
    await refused(RECORD, r(input), ADMIN, code, rule, field);
  });

  it('refuses money that is not exact (a float or three decimals)', async () => {
    await refused(RECORD, r({ pledged: '1.234' }), ADMIN, 'BAD_USER_INPUT');
    await refused(RECORD, r({ pledged: 1.5 }), ADMIN, 'BAD_USER_INPUT');
  });

  it('updates stages as they progress, keeping before and after in the audit log; refuses bad merges', async () => {
    const id = ids.c12; // 2017: outside every 2019 figure above
    await refused(UPDATE, { id, input: { verified: '20.00' } }, ADMIN, 'BAD_USER_INPUT', 'stage-order', 'input.verified');
    await refused(UPDATE, { id, input: { disbursed: '-1.00' } }, ADMIN, 'BAD_USER_INPUT', 'non-negative', 'input.disbursed');
    await refused(UPDATE, { id, input: { pledged: null } }, ADMIN, 'BAD_USER_INPUT', 'empty', 'input');
    await refused(UPDATE, { id: 'ent-ct-0', input: { disbursed: '1.00' } }, ADMIN, 'NOT_FOUND', undefined, 'id');
    await refused(
      UPDATE,
      { id, input: { alsoReportedAs: { channel: 'DESIGNATED', id: 'x' } } },
      ADMIN,
      'BAD_USER_INPUT',
      'reference-format',
      'input.alsoReportedAs.id',
    );
    await refused(
      UPDATE,
      { id, input: { alsoReportedAs: { channel: 'EAST_WEST', id: 'ew-fiscal-999999' } } },
      ADMIN,
      'BAD_USER_INPUT',
      'reference-exists',
      'input.alsoReportedAs.id',
    );
    const updated = await ok(UPDATE, { id, input: { disbursed: '10.00', verified: '7.50' } }, COORD_CHUNHUA);
    expect(updated.updateEnterpriseContribution).toEqual({ id, disbursed: '10.00', verified: '7.50', published: true });
    const audit = rowsOf<{ before: { disbursed: string | null }; after: { disbursed: string; verified: string } }>(
      await db.database.db.execute(
        sql`select before, after from enterprises.audit_log where entity_id = ${id} and action = 'updateEnterpriseContribution' and outcome = 'applied'`,
      ),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].before.disbursed).toBeNull();
    expect(audit[0].after).toMatchObject({ disbursed: '10.00', verified: '7.50' });
  });
});

describe('access', () => {
  it.each([
    ['anonymous', undefined, P1, 'v2'],
    ['SASAC (reads, never writes)', SASAC, G1, '610426'],
    ['an editor of another organisation', EDITOR_G2, P1, 'v2'],
    ['a coordinator of another county', COORD_CHUNHUA, P1, 'v2'],
    ['a subsidiary’s editor writing for its group', { role: 'EDITOR', orgs: [S1] } as As, G1, '610426'],
  ])('refuses %s writing a contribution, and records the refusal', async (_name, as, helperId, place) => {
    const variables = { input: { ...base(), helperId, helpedCode: place === 'v2' ? v2 : place, date: '2019-12-24' } };
    const refusals = async () =>
      Number(rowsOf<{ n: number }>(await db.database.db.execute(sql`select count(*)::int as n from enterprises.audit_log where outcome = 'refused'`))[0].n);
    const before = await refusals();
    await refused(RECORD, variables, as, 'FORBIDDEN');
    expect(await refusals()).toBe(before + 1);
  });

  it('refuses compacts, updates and group refreshes outside one’s rights', async () => {
    await refused(COMPACT, { input: { helperId: P1, villageCode: v1, since: '2020-01-01' } }, undefined, 'FORBIDDEN');
    await refused(COMPACT, { input: { helperId: P1, villageCode: v1, since: '2020-01-01' } }, EDITOR_G1, 'FORBIDDEN');
    await refused(COMPACT, { input: { helperId: P1, villageCode: v1, since: '2020-01-01' } }, COORD_CHUNHUA, 'FORBIDDEN');
    await refused(UPDATE, { id: ids.c8, input: { disbursed: '1.00' } }, EDITOR_G1, 'FORBIDDEN');
    await refused(UPDATE, { id: ids.c8, input: { disbursed: '1.00' } }, SASAC, 'FORBIDDEN');
    await refused(`mutation { refreshHelperGroup(helperId: "${S1}") }`, {}, EDITOR_G1, 'FORBIDDEN');
  });

  it('lets a coordinator in scope write for any helper there, and an admin refresh groups', async () => {
    const created = await ok(RECORD, { input: { helperId: I1, helpedCode: '610430', kind: 'PURCHASE', date: '2016-03-03', disbursed: '5.00' } }, COORD_CHUNHUA);
    expect(created.recordEnterpriseContribution.id).toMatch(/^ent-ct-\d+$/);
    const refreshed = await ok(`mutation { refreshHelperGroup(helperId: "${S1}") }`, {}, ADMIN);
    expect(refreshed.refreshHelperGroup).toBe(4); // S1's compacts a, c and the 2021 one, and c2
  });
});

// ---- batching ----------------------------------------------------------------------------

describe('batching', () => {
  const NATIONAL = `query($within: ID) { regions(filter: {povertyCounty: true, within: $within}, first: 1000) { edges { node { code
    enterpriseAssistance(includeAncestors: true) { id helper { name } }
    enterpriseSummary(year: 2019) { total { disbursed } } } } } }`;

  it('costs the same statements for a few poverty counties as for all 832', async () => {
    // 咸阳's poverty counties (永寿 and 淳化 among them, so both requests meet records and helpers) against all.
    const small = await countStatements(db.database, () => hub.query(NATIONAL, { within: '6104' }));
    const all = await countStatements(db.database, () => hub.query(NATIONAL, {}));
    expect(small.result.data!.regions.edges.length).toBeLessThanOrEqual(10);
    expect(all.result.errors).toBeUndefined();
    const edges = all.result.data!.regions.edges as { node: { code: string; enterpriseAssistance: unknown[] } }[];
    expect(edges.length).toBe(831);
    expect(edges.find((e) => e.node.code === '610426')!.node.enterpriseAssistance.length).toBe(3); // c1, c6, c10
    expect(all.statements, all.log.join('\n')).toBe(small.statements);
    // Of those (the registry's page and its rows, the helpers' names, ours), TWO are ours: the
    // records' core for the lists, and the summaries aggregated in SQL.
    expect(all.log.filter((q) => q.includes('"enterprises".')).length).toBe(2);
  });

  it('resolves Region representations with their channel fields in two statements (records, summaries)', async () => {
    const runtime = hub.runtimes.get('enterprises')!;
    const reps = ['610426', '610430', '632803', v1, v2].map((code) => ({ __typename: 'Region', code }));
    const { result, statements } = await countStatements(db.database, () =>
      executeOn(
        runtime,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { code enterpriseAssistance(year: 2019) { id } enterpriseSummary(year: 2019) { compacts } } } }`,
        { r: reps },
      ),
    );
    expect(result.errors).toBeUndefined();
    const got = result.data!._entities as { code: string; enterpriseAssistance: { id: string }[] }[];
    expect(got.map((e) => e.code)).toEqual(['610426', '610430', '632803', v1, v2]);
    expect(got[3].enterpriseAssistance.map((r) => r.id).sort()).toEqual([ids.a, ids.c2, ids.c9].sort());
    expect(statements).toBe(2);
  });

  it('resolves Organization representations with their records in one statement', async () => {
    const runtime = hub.runtimes.get('enterprises')!;
    const reps = [G1, G2, P1, 'no-such-org'].map((id) => ({ __typename: 'Organization', id }));
    const { result, statements } = await countStatements(db.database, () =>
      executeOn(
        runtime,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id enterpriseAssistance(year: 2019, includeSubsidiaries: true) { id } } } }`,
        { r: reps },
      ),
    );
    expect(result.errors).toBeUndefined();
    const got = result.data!._entities as { id: string; enterpriseAssistance: { id: string }[] }[];
    expect(got.map((o) => o.enterpriseAssistance.length)).toEqual([3, 2, 3, 0]); // G1: a c1 c2; G2: c3 c4; P1: b c7 c8
    expect(statements).toBe(1);
  });

  it('costs the same statements for 3 organisations as for 50', async () => {
    const q = `query($n: Int) { organizations(filter: {kinds: [CENTRAL_SOE, PRIVATE_ENTERPRISE]}, first: $n) { edges { node { id
      enterpriseAssistance(year: 2019) { id helped { code } } enterpriseSummary { total { pledged } } } } } }`;
    const small = await countStatements(db.database, () => hub.query(q, { n: 3 }));
    const large = await countStatements(db.database, () => hub.query(q, { n: 50 }));
    expect(large.result.errors).toBeUndefined();
    expect(large.statements).toBe(small.statements);
  });
});

describe('distributed topology', () => {
  it('writes with registry lookups over signed HTTP, and masks the donor the same way', async () => {
    const distributed = await startHub({ database: db.database, topology: 'distributed' });
    const onDistributed = callsTo(() => distributed);
    try {
      const created = await distributed.query(
        RECORD,
        { input: { helperId: I1, helpedCode: v1, kind: 'PURCHASE', date: '2016-05-05', disbursed: '12.34' } },
        COORD_YONGSHOU,
      );
      expect(created.errors).toBeUndefined();
      const refusedWrite = await distributed.query(
        RECORD,
        { input: { helperId: 'no-such-org', helpedCode: v1, kind: 'PURCHASE', date: '2016-05-06', disbursed: '1.00' } },
        ADMIN,
      );
      expect(refusedWrite.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.helperId' });
      const q = `{ region(code: "${v1}") { enterpriseAssistance(year: 2016) { id helper { name } } } }`;
      const anonymous = await onDistributed.ok(q);
      expect(anonymous.region.enterpriseAssistance).toEqual([{ id: created.data!.recordEnterpriseContribution.id, helper: { name: '个人捐赠者' } }]);
      const sasac = await onDistributed.ok(q, {}, SASAC);
      expect(sasac.region.enterpriseAssistance[0].helper.name).toBe(DONOR_NAME);
    } finally {
      await distributed.stop();
    }
  });
});

// ---- real and demo ---------------------------------------------------------------------------

/**
 * Demo records beside real ones, all in 2020 in 淳化县 (610430), where no test above looks:
 * real — G2's donation to the county (r1), P1's compact with village w1 (rk) and a purchase
 * under it (r2); demo — a demo central group DG and its subsidiary DS, a demo private firm DP
 * with a compact with the same village w1 (dk), a purchase under it and jobs in w2.
 */
describe('real and demo', () => {
  const DG = 'test-demo-g';
  const DS = 'test-demo-s';
  const DP = 'test-demo-p';
  let w1: string;
  let w2: string;

  /** Figures that are not sums of records: a rank, a ratio, and what a figure is of. */
  const NOT_ADDITIVE = new Set(['year', 'kind', 'ownership', 'province', 'group', 'enterprise', 'rank', 'pledgeFulfilment']);
  /** Distinct counts: a helper or place on both sides counts once in the whole. */
  const DISTINCT = new Set(['helpers', 'villages', 'members', 'counties', 'enterprises', 'privateEnterprises']);
  /** How the items of each figure list are matched between the whole, the real and the demo parts. */
  const ITEM_KEY: Record<string, (item: any) => string> = {
    byKind: (i) => i.kind,
    campaignByOwnership: (i) => i.ownership,
    byProvince: (i) => i.province.code,
    entries: (i) => i.group.id,
    topPrivateEnterprises: (i) => i.enterprise.id,
  };
  const MONEY = /^\d+\.\d{2}$/;

  const withoutDemo = (o: any) => {
    const { demo: _, ...rest } = o;
    return rest;
  };
  /** The same figures, all zero (what they are of kept; a nested demo part null, as inside a demo part). */
  const zeroOf = (v: any): any => {
    if (typeof v === 'number') return 0;
    if (typeof v === 'string') return MONEY.test(v) ? '0.00' : v;
    if (Array.isArray(v)) return [];
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'demo' ? null : NOT_ADDITIVE.has(k) ? x : zeroOf(x)]));
    return v;
  };

  /**
   * Every additive figure of `whole` is its real part (`real`: the same read with includeDemo:
   * false) plus its demo part (`whole.demo`; a ranking entry's null demo is zero), exactly; a
   * distinct count lies between the larger part and the sum of both; each nested figure's demo
   * part is the same figure of the demo part. Returns how many figures it compared.
   */
  function expectParts(whole: any, real: any, at: string): number {
    expect(real.demo ?? null, `${at}: a real part has no demo part`).toBeNull();
    const demo = whole.demo ?? zeroOf(withoutDemo(whole));
    let compared = 0;
    for (const [k, v] of Object.entries(whole) as [string, any][]) {
      const where = `${at}.${k}`;
      if (k === 'demo' || NOT_ADDITIVE.has(k)) continue;
      if (typeof v === 'number' && DISTINCT.has(k)) {
        expect(v, where).toBeLessThanOrEqual(real[k] + demo[k]);
        expect(v, where).toBeGreaterThanOrEqual(Math.max(real[k], demo[k]));
      } else if (typeof v === 'number') expect(v, where).toBe(real[k] + demo[k]);
      else if (typeof v === 'string') expect(v, where).toBe(sumMoney([real[k], demo[k]]));
      else if (Array.isArray(v)) {
        const key = ITEM_KEY[k];
        const find = (list: any[], item: any) => list.find((x) => key(x) === key(item));
        for (const r of real[k]) expect(find(v, r), `${where}: real ${key(r)} in the whole`).toBeDefined();
        for (const item of v) {
          compared += expectParts(item, find(real[k], item) ?? zeroOf(item), `${where}[${key(item)}]`);
          const inDemo = find(demo[k], item);
          if (item.demo !== null || inDemo) expect(item.demo, `${where}[${key(item)}].demo`).toEqual(inDemo ? withoutDemo(inDemo) : zeroOf(withoutDemo(item)));
        }
        continue;
      } else if (v && typeof v === 'object') {
        expect(v.demo, `${where}.demo`).toEqual(withoutDemo(demo[k]));
        compared += expectParts(v, real[k], where);
        continue;
      } else continue;
      compared++;
    }
    return compared;
  }

  /** An aggregate's fields and, beside each nested figure, its demo part. */
  const T = 'fragment T on ContributionTotals { contributions pledged committed disbursed verified jobs trainees peopleReached }';
  const K = 'fragment K on KindTotals { kind total { ...T demo { ...T } } totalExcludingReportedElsewhere { ...T demo { ...T } } }';
  const S = `fragment S on EnterpriseSummary { year compacts helpers villages total { ...T demo { ...T } }
    totalExcludingReportedElsewhere { ...T demo { ...T } } byKind { ...K demo { ...K } } } ${K} ${T}`;
  const REGION_SUMMARY = `query($code: ID!, $year: Int, $real: Boolean) { region(code: $code) {
    enterpriseSummary(year: $year, includeDescendants: true, includeDemo: $real) { ...S demo { ...S } } } } ${S}`;
  const ORG_SUMMARY = `query($id: ID!, $year: Int, $real: Boolean) { organization(id: $id) {
    enterpriseSummary(year: $year, includeSubsidiaries: true, includeDemo: $real) { ...S demo { ...S } } } } ${S}`;
  const E = `fragment E on SasacRankingEntry { rank group { id } members pledgeFulfilment counties villages
    total { ...T demo { ...T } } totalExcludingReportedElsewhere { ...T demo { ...T } } }`;
  const SASAC_PARTS = `query($year: Int!, $real: Boolean) { sasacRanking(year: $year, includeDemo: $real) { year
    entries { ...E demo { ...E } } demo { year entries { ...E demo { ...E } } } } } ${E} ${T}`;
  const A = `fragment A on AcficView { year privateEnterprises total { ...T demo { ...T } } totalExcludingReportedElsewhere { ...T demo { ...T } }
    byKind { ...K demo { ...K } }
    campaignByOwnership { ...C demo { ...C } }
    byProvince { ...P demo { ...P } }
    topPrivateEnterprises(first: 5) { ...F demo { ...F } } }
    fragment C on CampaignFigures { ownership enterprises villages compacts }
    fragment P on ProvinceCampaignFigures { province { code } enterprises villages compacts total { ...T demo { ...T } } }
    fragment F on EnterpriseFigures { enterprise { id } total { ...T demo { ...T } } } ${K} ${T}`;
  const ACFIC_PARTS = `query($year: Int!, $real: Boolean) { acficView(year: $year, includeDemo: $real) { ...A demo { ...A } } } ${A}`;

  /** The whole read and the real read of one query. */
  async function wholeAndReal(query: string, variables: Record<string, unknown>, as?: As) {
    const whole = await ok(query, { ...variables, real: true }, as);
    const real = await ok(query, { ...variables, real: false }, as);
    return { whole, real };
  }

  const demoRecord = { published: true, demo: true, helperKind: 'CENTRAL_SOE', groupKind: 'CENTRAL_SOE' };

  beforeAll(async () => {
    const villages = await ok(`{ regions(filter: {within: "610430", level: VILLAGE}, first: 2) { edges { node { code } } } }`);
    [w1, w2] = villages.regions.edges.map((e: { node: { code: string } }) => e.node.code);
    await record('r1', {
      helperId: G2,
      helpedCode: '610430',
      kind: 'PUBLIC_WELFARE_DONATION',
      date: '2020-03-01',
      pledged: '1000.00',
      disbursed: '600.50',
      peopleReached: 10,
    });
    await compact('rk', { helperId: P1, villageCode: w1, since: '2020-01-01' });
    await record('r2', { helperId: P1, helpedCode: w1, kind: 'PURCHASE', date: '2020-05-01', disbursed: '70.25', compactId: ids.rk });
    await createRegistrySeedApi(db.database).upsertOrganizations([
      { id: DG, name: '演示·测试中央企业集团有限公司', kind: 'CENTRAL_SOE', homeRegionCode: '11', demo: true, source: 'demo' },
      { id: DS, name: '演示·测试中央企业淳化帮扶公司', kind: 'CENTRAL_SOE', parentId: DG, homeRegionCode: '610430', demo: true, source: 'demo' },
      { id: DP, name: '演示·测试农业有限公司', kind: 'PRIVATE_ENTERPRISE', homeRegionCode: '330102', demo: true, source: 'demo' },
    ]);
    const t = db.database.db;
    await t.insert(compactsTable).values({
      ...demoRecord,
      id: 'ent-vc-dtest1',
      helperId: DP,
      helperKind: 'PRIVATE_ENTERPRISE',
      groupId: DP,
      groupKind: 'PRIVATE_ENTERPRISE',
      helpedCode: w1,
      since: '2020-02-01',
    });
    await t.insert(contributionsTable).values([
      {
        ...demoRecord,
        id: 'ent-ct-dtest1',
        helperId: DG,
        groupId: DG,
        helpedCode: '610430',
        kind: 'PUBLIC_WELFARE_DONATION',
        date: '2020-04-01',
        pledged: '500.00',
        disbursed: '400.10',
        alsoReportedAs: 'dsg-demo-1',
        alsoReportedChannel: 'DESIGNATED',
      },
      {
        ...demoRecord,
        id: 'ent-ct-dtest2',
        helperId: DS,
        groupId: DG,
        helpedCode: w1,
        kind: 'INDUSTRIAL_INVESTMENT',
        date: '2020-06-01',
        committed: '2000.00',
        disbursed: '1234.56',
        jobs: 3,
      },
      {
        ...demoRecord,
        id: 'ent-ct-dtest3',
        helperId: DP,
        helperKind: 'PRIVATE_ENTERPRISE',
        groupId: DP,
        groupKind: 'PRIVATE_ENTERPRISE',
        helpedCode: w1,
        compactId: 'ent-vc-dtest1',
        kind: 'PURCHASE',
        date: '2020-07-01',
        disbursed: '99.99',
      },
      {
        ...demoRecord,
        id: 'ent-ct-dtest4',
        helperId: DP,
        helperKind: 'PRIVATE_ENTERPRISE',
        groupId: DP,
        groupKind: 'PRIVATE_ENTERPRISE',
        helpedCode: w2,
        kind: 'EMPLOYMENT',
        date: '2020-08-01',
        jobs: 5,
      },
    ]);
  });

  /** Ids of the published records in 淳化县 in 2020 on one side of the demo line, from the tables. */
  async function recordIds(demo: boolean): Promise<string[]> {
    const rows = rowsOf<{ id: string }>(
      await db.database.db.execute(sql`select id from enterprises.contributions where published and demo = ${demo} and helped_code like '610430%' and date between '2020-01-01' and '2020-12-31'
        union all select id from enterprises.compacts where published and demo = ${demo} and helped_code like '610430%' and since <= '2020-12-31' and (until is null or until >= '2020-01-01')`),
    );
    return rows.map((r) => r.id).sort();
  }

  it('a place’s list: includeDemo false reads exactly the real records, one statement either way, mixed in one batch too', async () => {
    const q = `query($real: Boolean) { region(code: "610430") { enterpriseAssistance(year: 2020, includeDescendants: true, includeDemo: $real) { id demo } } }`;
    const whole = await countSteadyStatements(db.database, () => hub.query(q, { real: true }));
    const real = await countSteadyStatements(db.database, () => hub.query(q, { real: false }));
    const listed = (r: typeof whole) => (r.result.data!.region.enterpriseAssistance as { id: string }[]).map((x) => x.id).sort();
    const [realIds, demoIds] = [await recordIds(false), await recordIds(true)];
    expect(realIds).toEqual([ids.r1, ids.r2, ids.rk].sort());
    expect(demoIds).toHaveLength(5);
    expect(listed(real)).toEqual(realIds);
    expect(listed(whole)).toEqual([...realIds, ...demoIds].sort());
    expect(real.statements).toBe(whole.statements);
    // Both reads in one request: one batch, one statement of this channel, each list its side.
    const both = await countStatements(db.database, () =>
      hub.query(`{ region(code: "610430") { a: enterpriseAssistance(year: 2020, includeDescendants: true, includeDemo: false) { id }
        b: enterpriseAssistance(year: 2020, includeDescendants: true) { id } c: enterpriseAssistance(year: 2020, includeDescendants: true, includeDemo: false) { id } } }`),
    );
    expect(both.log.filter((q) => q.includes('"enterprises".')).length).toBe(1);
    const region = both.result.data!.region;
    expect(region.a.map((x: { id: string }) => x.id).sort()).toEqual(realIds);
    expect(region.b.map((x: { id: string }) => x.id).sort()).toEqual([...realIds, ...demoIds].sort());
    expect(region.c).toEqual(region.a);
  });

  it('an organisation’s list and summary: a demo group holds only demo records, a real one only real', async () => {
    const q = `query($id: ID!, $real: Boolean) { organization(id: $id) { enterpriseAssistance(includeSubsidiaries: true, includeDemo: $real) { id demo } } }`;
    const demoGroup = await wholeAndReal(q, { id: DG });
    expect(demoGroup.whole.organization.enterpriseAssistance).toEqual([
      { id: 'ent-ct-dtest1', demo: true },
      { id: 'ent-ct-dtest2', demo: true },
    ]);
    expect(demoGroup.real.organization.enterpriseAssistance).toEqual([]);
    const realGroup = await wholeAndReal(q, { id: G2 });
    expect(realGroup.real.organization.enterpriseAssistance).toEqual(realGroup.whole.organization.enterpriseAssistance);
    expect(realGroup.whole.organization.enterpriseAssistance.every((r: { demo: boolean }) => !r.demo)).toBe(true);

    const dg = await wholeAndReal(ORG_SUMMARY, { id: DG, year: 2020 });
    const dgSummary = dg.whole.organization.enterpriseSummary;
    expect(dgSummary.demo).toMatchObject({ compacts: dgSummary.compacts, helpers: 2, villages: 1, total: { ...withoutDemo(dgSummary.total), demo: null } });
    expect(dgSummary.total).toMatchObject({ contributions: 2, disbursed: '1634.66' });
    expect(dg.real.organization.enterpriseSummary).toMatchObject({ compacts: 0, helpers: 0, total: { contributions: 0, disbursed: '0.00' }, demo: null });
    expect(expectParts(dg.whole.organization.enterpriseSummary, dg.real.organization.enterpriseSummary, 'DG')).toBeGreaterThan(20);
    const g2 = await wholeAndReal(ORG_SUMMARY, { id: G2, year: null });
    expect(g2.whole.organization.enterpriseSummary.total.contributions).toBeGreaterThan(0);
    expect(g2.whole.organization.enterpriseSummary.demo).toEqual(zeroOf(withoutDemo(g2.whole.organization.enterpriseSummary)));
    expectParts(g2.whole.organization.enterpriseSummary, g2.real.organization.enterpriseSummary, 'G2');
  });

  it('a place’s summary: every figure is its real part plus its demo part, hand-computed, and the real part is the tables’ real rows', async () => {
    const { whole, real } = await wholeAndReal(REGION_SUMMARY, { code: '610430', year: 2020 });
    const summary = whole.region.enterpriseSummary;
    // Real: r1, r2 and compact rk (G2, P1; village w1). Demo: four contributions and compact dk (DG, DS, DP; w1 and w2).
    expect(real.region.enterpriseSummary).toMatchObject({
      compacts: 1,
      helpers: 2,
      villages: 1,
      total: { contributions: 2, pledged: '1000.00', disbursed: '670.75' },
      demo: null,
    });
    expect(summary.demo).toMatchObject({
      compacts: 1,
      helpers: 3,
      villages: 2,
      total: { contributions: 4, pledged: '500.00', committed: '2000.00', disbursed: '1734.65', jobs: 8, demo: null },
      totalExcludingReportedElsewhere: { contributions: 3, disbursed: '1334.55' }, // d1 is also reported as designated assistance
    });
    // w1 has real and demo records: counted once in the whole.
    expect(summary).toMatchObject({ compacts: 2, helpers: 5, villages: 2, total: { contributions: 6, disbursed: '2405.40' } });
    expect(expectParts(summary, real.region.enterpriseSummary, 'summary')).toBeGreaterThan(50);
    const [tables] = rowsOf<{ n: number; disbursed: string; jobs: number }>(
      await db.database.db.execute(sql`select count(*)::int as n, sum(disbursed)::text as disbursed, sum(jobs)::int as jobs from enterprises.contributions
        where published and not demo and helped_code like '610430%' and date between '2020-01-01' and '2020-12-31'`),
    );
    expect(real.region.enterpriseSummary.total).toMatchObject({ contributions: tables.n, disbursed: tables.disbursed, jobs: tables.jobs });
  });

  it('a demo part has no demo part of its own', async () => {
    const data = await ok(`{
      region(code: "610430") { enterpriseSummary(year: 2020, includeDescendants: true) { demo { demo { compacts } total { demo { disbursed } } byKind { demo { kind } } } } }
      organization(id: "${DG}") { enterpriseSummary(year: 2020) { demo { demo { compacts } } } }
      sasacRanking(year: 2020) { demo { demo { year } entries { demo { rank } total { demo { disbursed } } } } }
      acficView(year: 2020) { demo { demo { year } total { demo { disbursed } } byProvince { demo { compacts } } topPrivateEnterprises { demo { total { disbursed } } } } } }`);
    expect(data.region.enterpriseSummary.demo).toEqual({ demo: null, total: { demo: null }, byKind: expect.arrayContaining([{ demo: null }]) });
    expect(data.organization.enterpriseSummary.demo).toEqual({ demo: null });
    expect(data.sasacRanking.demo).toEqual({ demo: null, entries: [{ demo: null, total: { demo: null } }] });
    expect(data.acficView.demo).toEqual({ demo: null, total: { demo: null }, byProvince: [{ demo: null }], topPrivateEnterprises: [{ demo: null }] });
  });

  it('where only real records are, every demo part is zero', async () => {
    const summary = (await ok(REGION_SUMMARY, { code: '610426', year: 2019, real: true })).region.enterpriseSummary;
    expect(summary.total.contributions).toBeGreaterThan(0);
    expect(summary.demo).toEqual(zeroOf(withoutDemo(summary)));
    for (const k of summary.byKind) expect(k.demo).toEqual(zeroOf(withoutDemo(k)));
    const ranking = (await ok(SASAC_PARTS, { year: 2019, real: true })).sasacRanking;
    expect(ranking.entries.length).toBeGreaterThan(0);
    expect(ranking.demo).toEqual({ year: 2019, entries: [] });
    for (const e of ranking.entries) expect([e.demo, e.total.demo]).toEqual([null, zeroOf(withoutDemo(e.total))]);
    const acfic = (await ok(ACFIC_PARTS, { year: 2019, real: true })).acficView;
    expect(acfic.total.contributions).toBeGreaterThan(0);
    expect(acfic.demo).toMatchObject({
      privateEnterprises: 0,
      total: zeroOf(acfic.demo.total),
      byKind: [],
      campaignByOwnership: [],
      byProvince: [],
      topPrivateEnterprises: [],
    });
    for (const list of ['byKind', 'campaignByOwnership', 'byProvince', 'topPrivateEnterprises'])
      for (const item of acfic[list]) expect(item.demo, list).toEqual(zeroOf(withoutDemo(item)));
  });

  it('the SASAC ranking ranks what includeDemo leaves, and each entry’s totals carry their demo part', async () => {
    const { whole, real } = await wholeAndReal(SASAC_PARTS, { year: 2020 });
    const ranking = whole.sasacRanking;
    // DG (demo, 400.10 + 1234.56) before G2 (real, 600.50); the real ranking holds G2 alone.
    // G1 has only compact a (ongoing) in 2020: it ranks after every group that disbursed.
    expect(ranking.entries.map((e: any) => [e.rank, e.group.id, e.total.disbursed, e.total.demo.disbursed])).toEqual([
      [1, DG, '1634.66', '1634.66'],
      [2, G2, '600.50', '0.00'],
      [3, G1, '0.00', '0.00'],
    ]);
    expect(real.sasacRanking.entries.map((e: any) => [e.rank, e.group.id, e.members, e.total.disbursed])).toEqual([
      [1, G2, 1, '600.50'],
      [2, G1, 1, '0.00'],
    ]);
    expect(ranking.demo.entries.map((e: any) => [e.rank, e.group.id, e.members, e.pledgeFulfilment])).toEqual([[1, DG, 2, '0.8002']]); // 400.10 / 500.00
    expect(ranking.entries[0].demo).toEqual(withoutDemo(ranking.demo.entries[0]));
    expect([ranking.entries[1].demo, ranking.entries[2].demo]).toEqual([null, null]); // G2 and G1 have no demo record
    expect(expectParts({ entries: ranking.entries, demo: ranking.demo }, real.sasacRanking, 'ranking')).toBeGreaterThan(30);
  });

  it('the ACFIC view: every part, real plus demo', async () => {
    const { whole, real } = await wholeAndReal(ACFIC_PARTS, { year: 2020 });
    const view = whole.acficView;
    expect(real.acficView).toMatchObject({ privateEnterprises: 1, total: { contributions: 1, disbursed: '70.25' }, demo: null });
    expect(view.demo).toMatchObject({ privateEnterprises: 1, total: { contributions: 2, disbursed: '99.99', jobs: 5 } });
    expect(view.topPrivateEnterprises.map((e: any) => [e.enterprise.id, e.total.disbursed, e.demo.total.disbursed])).toEqual([
      [DP, '99.99', '99.99'],
      [P1, '70.25', '0.00'],
    ]);
    // Both compacts pair w1: the campaign's private villages are not the sum of its parts.
    const privateCampaign = view.campaignByOwnership.find((c: any) => c.ownership === 'PRIVATE_ENTERPRISE');
    const realCampaign = real.acficView.campaignByOwnership.find((c: any) => c.ownership === 'PRIVATE_ENTERPRISE');
    expect(privateCampaign.demo).toEqual({ ownership: 'PRIVATE_ENTERPRISE', enterprises: 1, villages: 1, compacts: 1 });
    expect(privateCampaign.villages).toBeLessThan(realCampaign.villages + privateCampaign.demo.villages);
    expect(expectParts(view, real.acficView, 'acfic')).toBeGreaterThan(50);
  });

  it('the default path costs what it did; a demo part one more statement for its batch; both sides in one batch one statement', async () => {
    const q = (summary: string, list = '') => `{ regions(filter: {povertyCounty: true}, first: 1000) { edges { node { code
      enterpriseAssistance(includeAncestors: true${list}) { id helper { name } } enterpriseSummary(year: 2020, includeDescendants: false${list}) { ${summary} } } } } }`;
    const ours = (log: string[]) => log.filter((x) => x.includes('"enterprises".')).length;
    const plain = await countSteadyStatements(db.database, () => hub.query(q('total { disbursed }')));
    const real = await countSteadyStatements(db.database, () => hub.query(q('total { disbursed }', ', includeDemo: false')));
    const parts = await countSteadyStatements(db.database, () => hub.query(q('compacts total { disbursed demo { disbursed } } demo { compacts villages }')));
    for (const r of [plain, real, parts]) expect(r.result.errors).toBeUndefined();
    expect(ours(plain.log)).toBe(2);
    expect(ours(real.log)).toBe(2);
    expect(ours(parts.log)).toBe(3);
    expect(parts.statements).toBe(plain.statements + 1);
    const chunhua = (r: typeof plain) => r.result.data!.regions.edges.find((e: any) => e.node.code === '610430').node;
    expect(chunhua(parts).enterpriseSummary).toMatchObject({
      compacts: 0,
      total: { disbursed: '1000.60', demo: { disbursed: '400.10' } },
      demo: { compacts: 0, villages: 0 },
    });
    expect(chunhua(real).enterpriseSummary.total.disbursed).toBe('600.50');
    // A summary of each side in one request: one statement for the batch.
    const both = await countStatements(db.database, () =>
      hub.query(`{ region(code: "610430") { a: enterpriseSummary(year: 2020, includeDescendants: true) { helpers total { disbursed } }
        b: enterpriseSummary(year: 2020, includeDescendants: true, includeDemo: false) { helpers total { disbursed } } } }`),
    );
    expect(ours(both.log)).toBe(1);
    expect(both.result.data!.region).toEqual({ a: { helpers: 5, total: { disbursed: '2405.40' } }, b: { helpers: 2, total: { disbursed: '670.75' } } });
  });
});

// ---- demo generator ------------------------------------------------------------------------

describe('demo data', () => {
  function input(villageShare = 1) {
    const counties = parse(readFileSync(join(DIVISIONS_DIR, 'areas.csv')), { columns: true }) as { code: string; name: string }[];
    const poverty = parse(readFileSync(join(REFERENCE_DIR, 'poverty-counties-832.csv')), { columns: true }) as { county_code: string; exit_year: string }[];
    const povertyCodes = new Set(poverty.map((p) => p.county_code));
    const villages = readFileSync(join(DIVISIONS_DIR, 'villages.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.slice(0, 12))
      .filter((code, i) => code.length === 12 && povertyCodes.has(code.slice(0, 6)) && i % villageShare === 0);
    // A designated report and an east-west project in every poverty county and year, for the references.
    const targets = (id: (code: string, year: number) => string) =>
      [...povertyCodes].flatMap((county) => [2016, 2017, 2018, 2019, 2020].map((year) => ({ id: id(county, year), county, year })));
    return {
      counties: counties.map((c) => ({ code: c.code, name: c.name, povertyExitYear: null })),
      povertyCounties: counties.filter((c) => povertyCodes.has(c.code)).map((c) => ({ code: c.code, name: c.name, povertyExitYear: null })),
      villages,
      references: { designated: targets((c, y) => `dsg-r-${c}-${y}`), eastWest: targets((c, y) => `ew-project-${c}${y}`) },
    };
  }

  it('is deterministic, marked demo, keeps the channel’s rules, and reaches the campaign’s scale', () => {
    const data = input();
    const size: DemoSize = DEMO_SIZES.demo;
    const a = buildDemo(new Rng(7), size, data);
    // Same seed, same data (checked on a smaller size to keep the test fast); another seed differs.
    const small = { ...size, enterprises: 3000, compacts: 4000, socialOrganizations: 50, individuals: 50 };
    const [x, y, z] = [buildDemo(new Rng(7), small, data), buildDemo(new Rng(7), small, data), buildDemo(new Rng(8), small, data)];
    expect(y).toEqual(x);
    expect(z.compacts).not.toEqual(x.compacts);

    const col = (name: string) => CONTRIBUTION_COLUMNS.indexOf(name);
    const kindOf = new Map(a.organizations.map((o) => [o.id, o.kind]));
    const enterprises = a.organizations.filter((o) => ENTERPRISE_KINDS.includes(o.kind)).length;
    expect(enterprises).toBeGreaterThan(105_000);
    expect(enterprises).toBeLessThan(115_000);
    expect(a.compacts.length).toBe(127_100);
    expect(new Set(a.compacts.map((r) => r[COMPACT_COLUMNS.indexOf('helped_code')])).size).toBeGreaterThan(110_000);
    expect(a.centralCounties).toBe(246);
    expect(a.organizations.filter((o) => o.id.startsWith('demo-ent-cg')).length).toBe(100);
    expect(a.organizations.every((o) => o.demo && o.source === 'demo')).toBe(true);
    expect(a.compacts.every((r) => r[COMPACT_COLUMNS.indexOf('demo')] === true)).toBe(true);

    // Plain checks in the loop (an expect per row is slow): collect what breaks a rule.
    const broken: string[] = [];
    const keys = new Set<string>();
    const money = /^\d+\.\d{2}$/;
    for (const r of a.contributions) {
      const id = r[col('id')];
      if (r[col('demo')] !== true) broken.push(`${id}: not demo`);
      const [pledged, disbursed, verified] = [r[col('pledged')], r[col('disbursed')], r[col('verified')]] as (string | null)[];
      if ([pledged, disbursed, verified].some((m) => m !== null && !money.test(m))) broken.push(`${id}: inexact money`);
      if (verified !== null && (disbursed === null || Number(verified) > Number(disbursed))) broken.push(`${id}: verified above disbursed`);
      const helperKind = r[col('helper_kind')] as string;
      if (r[col('kind')] === 'INDUSTRIAL_INVESTMENT' && !ENTERPRISE_KINDS.includes(helperKind)) broken.push(`${id}: investment by ${helperKind}`);
      if (r[col('kind')] === 'EMPLOYMENT' && helperKind === 'INDIVIDUAL') broken.push(`${id}: employment by an individual`);
      if ((kindOf.get(r[col('helper_id')] as string) ?? 'CENTRAL_SOE') !== helperKind) broken.push(`${id}: ownership differs from the organisation's kind`);
      const key = `${r[col('helper_id')]}|${r[col('helped_code')]}|${r[col('kind')]}|${r[col('date')]}`;
      if (keys.has(key)) broken.push(`${id}: duplicate ${key}`);
      keys.add(key);
      const ref = r[col('also_reported_as')] as string | null;
      // A reference names a record of its channel in the contribution's county and year.
      const county = (r[col('helped_code')] as string).slice(0, 6);
      const year = (r[col('date')] as string).slice(0, 4);
      const expected = r[col('also_reported_channel')] === 'DESIGNATED' ? `dsg-r-${county}-${year}` : `ew-project-${county}${year}`;
      if (ref && ref !== expected) broken.push(`${id}: reference ${ref}`);
    }
    expect(broken.slice(0, 10)).toEqual([]);
    expect(a.contributions.filter((r) => r[col('also_reported_as')] !== null).length).toBeGreaterThan(1000);
    // Subsidiaries' rows carry their group (the registry parent) as groupId.
    const parentOf = new Map(a.organizations.map((o) => [o.id, o.parentId ?? null]));
    for (const r of a.compacts.slice(0, 2000)) {
      const helper = r[COMPACT_COLUMNS.indexOf('helper_id')] as string;
      expect(r[COMPACT_COLUMNS.indexOf('group_id')]).toBe(parentOf.get(helper) ?? helper);
    }
  });

  it('gives every organisation it generates a demo mark and an invented name, never under a real organisation', () => {
    const size = { ...DEMO_SIZES.demo, enterprises: 3000, compacts: 4000, socialOrganizations: 200, individuals: 200 };
    const data = buildDemo(new Rng(7), size, input());
    const real = referenceOrganizations(REFERENCE_DIR);
    // Real names: the reference organisations, and the real central foundations the generator once borrowed.
    const realNames = [...real.map((o) => o.name), '中国乡村发展基金会', '中国青少年发展基金会', '中国光彩事业基金会'];
    const realAliases = new Set(real.flatMap((o) => o.aliases ?? []));
    const realIds = new Set(real.map((o) => o.id));
    const generated = new Map(data.organizations.map((o) => [o.id, o]));
    expect(real.filter((o) => o.kind === 'CENTRAL_SOE').length).toBeGreaterThan(20);
    const broken: string[] = [];
    for (const o of data.organizations) {
      if (o.demo !== isDemoName(o.name)) broken.push(`${o.id} ${o.name}: demo ${o.demo}`);
      const invented = o.name.slice(DEMO_NAME_PREFIX.length);
      if (isDemoName(invented) || !invented) broken.push(`${o.id} ${o.name}: no invented part`);
      const borrowed = realNames.find((name) => invented.includes(name)) ?? (realAliases.has(invented) ? invented : undefined);
      if (borrowed) broken.push(`${o.id} ${o.name}: a real organisation's name (${borrowed})`);
      if (realIds.has(o.id)) broken.push(`${o.id}: a real organisation's id`);
      // A demo organisation's parent is one of the generator's own.
      if (o.parentId && !generated.get(o.parentId)?.demo) broken.push(`${o.id}: under ${o.parentId}`);
    }
    // Every record's helper and group are generated organisations.
    for (const [rows, columns] of [
      [data.compacts, COMPACT_COLUMNS],
      [data.contributions, CONTRIBUTION_COLUMNS],
    ] as const)
      for (const r of rows)
        for (const column of ['helper_id', 'group_id'])
          if (!generated.get(r[columns.indexOf(column)] as string)?.demo) broken.push(`${r[0]}: ${column} ${r[columns.indexOf(column)]}`);
    expect(broken.slice(0, 10)).toEqual([]);
    // The central groups and foundations are numbered, each name once.
    const central = data.organizations.filter((o) => o.id.startsWith('demo-ent-c')).map((o) => o.name);
    expect(new Set(central).size).toBe(central.length);
    expect(central).toContain('演示·中央企业第1帮扶集团有限公司');
    expect(central).toContain('演示·全国第1乡村公益基金会');
  });

  it('scales down when the registry holds few villages', () => {
    const small = buildDemo(new Rng(1), { ...DEMO_SIZES.demo, enterprises: 500, compacts: 600, socialOrganizations: 10, individuals: 10 }, input(1000));
    expect(small.compacts.length).toBeGreaterThan(0);
    expect(small.compacts.length).toBeLessThanOrEqual(600);
    expect(DEMO_SIZES.national.contributionsPerCompact).toBeGreaterThan(DEMO_SIZES.demo.contributionsPerCompact);
  });
});
