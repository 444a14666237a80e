import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centralUnitId, governmentId, partyCentralId } from '../lib/org-ids.js';
import {
  countStatements,
  DIVISIONS_DIR,
  executeOn,
  REFERENCE_DIR,
  rowsOf,
  startFixtureHub,
  tearDown,
  type GraphQLResponse,
  type Hub,
  type TestDatabase,
} from './harness.js';

let db: TestDatabase;
let hub: Hub;

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub());
});
afterAll(() => tearDown(db, hub));

const REGION = `query($code: ID!) { region(code: $code) {
  code name level zone functionalZone
  parent { code name }
  ancestors { code name }
  poverty { designated exitYear demo listings { listedName code2014 exitYear source } }
} }`;

describe('region lookup', () => {
  it('finds 永寿县 by its six- and twelve-digit codes, with ancestors and poverty status', async () => {
    for (const code of ['610426', '610426000000', ' 610426 ']) {
      const { data, errors } = await hub.query(REGION, { code });
      expect(errors).toBeUndefined();
      expect(data!.region).toMatchObject({
        code: '610426',
        name: '永寿县',
        level: 'COUNTY',
        zone: 'WEST',
        parent: { code: '6104', name: '咸阳市' },
        ancestors: [
          { code: '61', name: '陕西省' },
          { code: '6104', name: '咸阳市' },
        ],
        poverty: { designated: true, exitYear: 2018, demo: false },
      });
    }
  });

  it('tells a poor village from a poverty county and from a place that is neither, in one batch', async () => {
    await db.database.db.execute(sql`insert into registry.poor_villages (code, demo) values ('610426001001', true), ('610430001001', false)`);
    try {
      const {
        result: { data, errors },
        statements,
      } = await countStatements(db.database, () =>
        hub.query(`{
          county: region(code: "610426") { poverty { designated exitYear demo } }
          poorVillage: region(code: "610426001001") { poverty { designated exitYear demo } }
          documentedVillage: region(code: "610430001001") { poverty { designated demo } }
          otherVillage: region(code: "610426001002") { poverty { designated } }
          township: region(code: "610426001") { poverty { designated } }
        }`),
      );
      expect(errors).toBeUndefined();
      expect(data).toEqual({
        county: { poverty: { designated: true, exitYear: 2018, demo: false } },
        poorVillage: { poverty: { designated: true, exitYear: null, demo: true } },
        documentedVillage: { poverty: { designated: true, demo: false } },
        otherVillage: { poverty: null },
        township: { poverty: null },
      });
      expect(statements).toBe(1);
    } finally {
      await db.database.db.execute(sql`delete from registry.poor_villages where code in ('610426001001', '610430001001')`);
    }
  });

  it('normalises every accepted form of province and prefecture codes', async () => {
    const cases: [string, string, string][] = [
      ['61', '61', 'PROVINCE'],
      ['610000', '61', 'PROVINCE'],
      ['610000000000', '61', 'PROVINCE'],
      ['6104', '6104', 'PREFECTURE'],
      ['610400', '6104', 'PREFECTURE'],
      ['610426001', '610426001', 'TOWNSHIP'],
      ['610426001000', '610426001', 'TOWNSHIP'],
    ];
    for (const [input, code, level] of cases) {
      const { data } = await hub.query(REGION, { code: input });
      expect(data!.region, input).toMatchObject({ code, level });
    }
  });

  it('answers null for unknown or malformed codes', async () => {
    for (const code of ['999999', '99', '61042', 'abc', '']) {
      const { data, errors } = await hub.query(REGION, { code });
      expect(errors, code).toBeUndefined();
      expect(data!.region, code).toBeNull();
    }
  });

  it('marks county-level functional zones and never designates places outside the list', async () => {
    const { data } = await hub.query(REGION, { code: '130171' });
    expect(data!.region).toMatchObject({ functionalZone: true, level: 'COUNTY', zone: 'EAST', poverty: null });
  });

  it('keeps both national-list entries of 茫崖市 (冷湖 and 茫崖 行委 merged in 2018)', async () => {
    const { data } = await hub.query(REGION, { code: '632803' });
    expect(data!.region.poverty.listings.map((l: { listedName: string }) => l.listedName).sort()).toEqual(['冷湖行委', '茫崖行委']);
  });
});

const REGIONS = `query($filter: RegionFilter, $first: Int, $after: String) {
  regions(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code name level } }
  } }`;

function csv(file: string): Record<string, string>[] {
  const divisions: Record<string, string> = { 'divisions-counties-2023.csv': 'areas.csv', 'divisions-townships-2023.csv': 'streets.csv' };
  const path = divisions[file] ? join(DIVISIONS_DIR, divisions[file]) : join(REFERENCE_DIR, file);
  return parse(readFileSync(path), { columns: true }) as Record<string, string>[];
}

describe('regions list', () => {
  it('pages through every county of 咸阳市 with the right totalCount', async () => {
    const expected = csv('divisions-counties-2023.csv')
      .filter((r) => r.cityCode === '6104')
      .map((r) => r.code);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const response: GraphQLResponse = await hub.query(REGIONS, { filter: { level: 'COUNTY', parentCode: '610400' }, first: 4, after });
      expect(response.errors).toBeUndefined();
      const page: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { code: string } }[] } = response.data!.regions;
      expect(page.totalCount).toBe(expected.length);
      seen.push(...page.edges.map((e: { node: { code: string } }) => e.node.code));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected.sort());
    expect(pages).toBe(Math.ceil(expected.length / 4));
  });

  it('counts a page while reading it when totalCount is asked, and does not count otherwise', async () => {
    const page = (fields: string) => () => hub.query(`{ regions(filter: {povertyCounty: true}, first: 5) { ${fields} } }`);
    const counted = await countStatements(db.database, page('totalCount edges { node { code name } }'));
    expect(counted.result.data!.regions).toMatchObject({ totalCount: 831 });
    const at = (log: string[], fragment: string) => log.findIndex((q) => q.includes(fragment));
    // Issued before the page's rows are read, not after them.
    expect(at(counted.log, 'select count(*)')).toBeGreaterThanOrEqual(0);
    expect(at(counted.log, 'select count(*)')).toBeLessThan(at(counted.log, '"listings"'));
    const uncounted = await countStatements(db.database, page('edges { node { code name } }'));
    expect(uncounted.result.data!.regions.edges).toHaveLength(5);
    expect(at(uncounted.log, 'select count(*)')).toBe(-1);
    expect(uncounted.statements).toBe(counted.statements - 1);
    // Organisations are counted the same way.
    const orgs = await countStatements(db.database, () =>
      hub.query(`{ organizations(filter: {kind: CENTRAL_SOE}, first: 2) { totalCount edges { node { id } } } }`),
    );
    expect(orgs.result.errors).toBeUndefined();
    expect(orgs.result.data!.organizations.totalCount).toBeGreaterThan(2);
    expect(at(orgs.log, 'select count(*)')).toBeLessThan(at(orgs.log, 'from "registry"."organization_aliases"'));
  });

  it('lists the national poverty counties: 832 listed entries on 831 places of the 2023 edition', async () => {
    const { data } = await hub.query(`{ regions(filter: {povertyCounty: true}, first: 0) { totalCount }
      povertySummary { listedCount regionCount exitsByYear { year count } } }`);
    const listed = csv('poverty-counties-832.csv');
    expect(data!.povertySummary.listedCount).toBe(listed.length);
    expect(data!.povertySummary.listedCount).toBe(832);
    expect(data!.regions.totalCount).toBe(new Set(listed.map((r) => r.county_code)).size);
    expect(data!.regions.totalCount).toBe(831);
    expect(data!.povertySummary.exitsByYear).toEqual([
      { year: 2016, count: 28 },
      { year: 2017, count: 125 },
      { year: 2018, count: 283 },
      { year: 2019, count: 344 },
      { year: 2020, count: 52 },
    ]);
  });

  it('filters by zone, exit year, name and subtree', async () => {
    const west = await hub.query(REGIONS, { filter: { level: 'PROVINCE', zone: 'WEST' }, first: 50 });
    expect(west.data!.regions.totalCount).toBe(12);
    const exit2016 = await hub.query(REGIONS, { filter: { exitYear: 2016, within: '61' }, first: 50 });
    const shaanxi2016 = csv('poverty-counties-832.csv').filter((r) => r.province_code === '61' && r.exit_year === '2016');
    expect(exit2016.data!.regions.totalCount).toBe(shaanxi2016.length);
    const named = await hub.query(REGIONS, { filter: { nameContains: '永寿' }, first: 10 });
    expect(named.data!.regions.edges.map((e: { node: { code: string } }) => e.node.code)).toContain('610426');
    const inside = await hub.query(REGIONS, { filter: { within: '610426', level: 'TOWNSHIP' }, first: 50 });
    expect(inside.data!.regions.totalCount).toBe(csv('divisions-townships-2023.csv').filter((r) => r.areaCode === '610426').length);
  });

  it('refuses a malformed parent code and a foreign cursor as BAD_USER_INPUT', async () => {
    const bad = await hub.query(REGIONS, { filter: { parentCode: '61x' } });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.field).toBe('filter.parentCode');
    const cursor = await hub.query(REGIONS, { after: '!!' });
    expect(cursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pages children with a cursor', async () => {
    const q = `query($after: String) { region(code: "6104") { children(first: 5, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { code } } } } }`;
    const first = await hub.query(q);
    const second = await hub.query(q, { after: first.data!.region.children.pageInfo.endCursor });
    const codes = [...first.data!.region.children.edges, ...second.data!.region.children.edges].map((e: { node: { code: string } }) => e.node.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([...codes].sort());
    expect(first.data!.region.children.totalCount).toBe(csv('divisions-counties-2023.csv').filter((r) => r.cityCode === '6104').length);
  });
});

describe('organisations', () => {
  it('holds the organisations the reference lists need, each once', async () => {
    const { data } = await hub.query(`{
      beijing: organization(id: "${governmentId('11')}") { name kind homeRegion { name } }
      minge: organization(id: "${partyCentralId('minge')}") { name kind aliases }
      tarim: organization(id: "${centralUnitId('中国石油天然气集团有限公司(塔里木油田)')}") { name kind parent { name } }
    }`);
    expect(data!.beijing).toEqual({ name: '北京市人民政府', kind: 'LOCAL_GOVERNMENT', homeRegion: { name: '北京市' } });
    expect(data!.minge.kind).toBe('DEMOCRATIC_PARTY');
    expect(data!.minge.aliases).toContain('民革中央');
    expect(data!.tarim).toMatchObject({ kind: 'CENTRAL_SOE', parent: { name: '中国石油天然气集团有限公司' } });
  });

  it('searches by name or alias, filters by kind, and pages with totalCount', async () => {
    const byAlias = await hub.query(`{ organizations(filter: {nameContains: "民革"}) { totalCount edges { node { id } } } }`);
    expect(byAlias.data!.organizations.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(partyCentralId('minge'));
    const soes = await hub.query(`{ organizations(filter: {kind: CENTRAL_SOE}, first: 1000) { totalCount edges { node { kind } } } }`);
    expect(soes.data!.organizations.totalCount).toBe(soes.data!.organizations.edges.length);
    expect(soes.data!.organizations.edges.every((e: { node: { kind: string } }) => e.node.kind === 'CENTRAL_SOE')).toBe(true);
    expect(soes.data!.organizations.totalCount).toBeGreaterThan(20);
  });
});

describe('batching', () => {
  it('resolves 200 Region representations in one _entities call with one SQL statement', async () => {
    const counties = csv('divisions-counties-2023.csv')
      .slice(0, 200)
      .map((r) => ({ __typename: 'Region', code: r.code }));
    const registry = hub.runtimes.get('registry')!;
    const { result, statements, log } = await countStatements(db.database, () =>
      executeOn(registry, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { code name level zone poverty { exitYear } } } }`, {
        r: counties,
      }),
    );
    expect(result.errors).toBeUndefined();
    expect((result.data!._entities as unknown[]).length).toBe(200);
    expect(statements, log.join('\n')).toBe(1);
  });

  it('resolves Organization representations in one statement, unknown ids as null', async () => {
    const registry = hub.runtimes.get('registry')!;
    const ids = [governmentId('11'), governmentId('31'), partyCentralId('minge'), 'no-such-org'];
    const { result, statements } = await countStatements(db.database, () =>
      executeOn(registry, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id name } } }`, {
        r: ids.map((id) => ({ __typename: 'Organization', id })),
      }),
    );
    expect(statements).toBe(1);
    expect((result.data!._entities as ({ id: string } | null)[]).map((o) => o?.id ?? null)).toEqual([...ids.slice(0, 3), null]);
  });

  it('reads only names for a batch asking only names, and whole organisations when a fragment asks for more', async () => {
    const registry = hub.runtimes.get('registry')!;
    const r = [governmentId('11'), 'no-such-org'].map((id) => ({ __typename: 'Organization', id }));
    const names = await countStatements(db.database, () =>
      executeOn(registry, `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Organization { id name kind } } }`, { r }),
    );
    expect(names.result.data!._entities).toEqual([
      { __typename: 'Organization', id: governmentId('11'), name: '北京市人民政府', kind: 'LOCAL_GOVERNMENT' },
      null,
    ]);
    expect(names.log.join('\n')).not.toMatch(/alias/);
    for (const q of [
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { name kind nameEn } } }`,
      `query($r: [_Any!]!) { _entities(representations: $r) { ...N } } fragment N on Organization { name aliases }`,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... { ... on Organization { name homeRegion { code } } } } }`,
    ]) {
      const whole = await countStatements(db.database, () => executeOn(registry, q, { r }));
      expect(whole.result.errors, q).toBeUndefined();
      expect((whole.result.data!._entities as ({ name: string } | null)[])[0]!.name, q).toBe('北京市人民政府');
      expect(whole.log[0], q).toMatch(/alias/);
    }
  });

  it('costs the same number of statements for 5 regions with parents and ancestors as for 50', async () => {
    const q = `query($f: RegionFilter, $n: Int) { regions(filter: $f, first: $n) { edges { node { code parent { name } ancestors { name } poverty { exitYear } } } } }`;
    const small = await countStatements(db.database, () => hub.query(q, { f: { level: 'COUNTY', within: '61' }, n: 5 }));
    const large = await countStatements(db.database, () => hub.query(q, { f: { level: 'COUNTY', within: '61' }, n: 50 }));
    expect(large.result.errors).toBeUndefined();
    expect(large.statements).toBe(small.statements);
  });
});

// ---- codes as people write them ----------------------------------------------------------

const LOOKUP = `query($code: ID!) { codeLookup(code: $code) { code status name changedIn region { code name } regions { code name } } }`;
const FORMER = `query($code: ID!) { region(code: $code) { code name formerCodes { code name from until split } } }`;

describe('former codes', () => {
  it('answers 黔西县 520522 (re-coded in 2021) as 黔西市 520581, which lists 520522 among its former codes', async () => {
    for (const code of ['520522', '520522000000']) {
      const { data, errors } = await hub.query(FORMER, { code });
      expect(errors).toBeUndefined();
      expect(data!.region).toMatchObject({ code: '520581', name: '黔西市' });
      expect(data!.region.formerCodes).toContainEqual({ code: '520522', name: '黔西县', from: 2011, until: 2021, split: false });
      // And the code it had before 毕节地区 became 毕节市 (2011).
      expect(data!.region.formerCodes).toContainEqual(expect.objectContaining({ code: '522423', name: '黔西县', until: 2011 }));
    }
    const { data } = await hub.query(LOOKUP, { code: '520522' });
    expect(data!.codeLookup).toEqual({
      code: '520522',
      status: 'FORMER',
      name: '黔西县',
      changedIn: 2021,
      region: { code: '520581', name: '黔西市' },
      regions: [{ code: '520581', name: '黔西市' }],
    });
  });

  it('answers 上饶县 361121 as 广信区 361104, and a former prefecture (毕节地区 5224) as 毕节市', async () => {
    const county = await hub.query(FORMER, { code: '361121' });
    expect(county.data!.region).toMatchObject({ code: '361104', name: '广信区' });
    expect(county.data!.region.formerCodes).toContainEqual({ code: '361121', name: '上饶县', from: 2000, until: 2019, split: false });
    const prefecture = await hub.query(FORMER, { code: '522400' });
    expect(prefecture.data!.region).toMatchObject({ code: '5205', name: '毕节市' });
  });

  it('answers the NBS codes of 冷湖 and 茫崖 行委 (merged in 2018) as 茫崖市 632803', async () => {
    for (const [code, name] of [
      ['632858', '冷湖行政委员会'],
      ['632859', '茫崖行政委员会'],
    ]) {
      const { data } = await hub.query(LOOKUP, { code });
      expect(data!.codeLookup).toMatchObject({ status: 'FORMER', name, changedIn: 2018, region: { code: '632803', name: '茫崖市' } });
    }
    const { data } = await hub.query(FORMER, { code: '632803' });
    expect(data!.region.formerCodes.map((f: { code: string }) => f.code).sort()).toEqual(['632858', '632859']);
  });

  it('says a split code was split: 邯郸县 130421 (2016) into 邯山区 and 丛台区, and names no one place for it', async () => {
    const { data } = await hub.query(LOOKUP, { code: '130421' });
    expect(data!.codeLookup).toEqual({
      code: '130421',
      status: 'SPLIT',
      name: '邯郸县',
      changedIn: 2016,
      region: null,
      regions: [
        { code: '130402', name: '邯山区' },
        { code: '130403', name: '丛台区' },
      ],
    });
    const region = await hub.query(FORMER, { code: '130421' });
    expect(region.errors).toBeUndefined();
    expect(region.data!.region).toBeNull();
    // Each place it went to lists it, marked split.
    const part = await hub.query(FORMER, { code: '130402' });
    expect(part.data!.region.formerCodes).toContainEqual({ code: '130421', name: '邯郸县', from: 1983, until: 2016, split: true });
  });

  it('tells current, newer-than-the-edition and unknown codes apart', async () => {
    const { data } = await hub.query(`{
      current: codeLookup(code: "610426000000") { code status name changedIn region { code } }
      village: codeLookup(code: "610426001001") { status region { code } }
      otherVillage: codeLookup(code: "610426999999") { status }
      newer: codeLookup(code: "653228") { status name region { code name } }
      unknown: codeLookup(code: "999999") { code status region { code } regions { code } }
      malformed: codeLookup(code: "61x") { code status }
    }`);
    expect(data).toEqual({
      current: { code: '610426', status: 'CURRENT', name: '永寿县', changedIn: null, region: { code: '610426' } },
      village: { status: 'CURRENT', region: { code: '610426001001' } },
      otherVillage: { status: 'UNKNOWN' },
      newer: { status: 'OUTSIDE_EDITION', name: '和康县', region: { code: '653223', name: '皮山县' } },
      unknown: { code: '999999', status: 'UNKNOWN', region: null, regions: [] },
      malformed: { code: '61x', status: 'UNKNOWN' },
    });
  });

  it('accepts a former code as input and records the current one; refuses a split code naming its places', async () => {
    const admin = { role: 'ADMIN' as const, sub: 'admin-codes' };
    const create = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id homeRegion { code } } }`;
    const made = await hub.query(create, { input: { id: 'qianxi-gov', name: '黔西市人民政府', kind: 'LOCAL_GOVERNMENT', homeRegionCode: '520522' } }, admin);
    expect(made.errors).toBeUndefined();
    expect(made.data!.createOrganization).toEqual({ id: 'qianxi-gov', homeRegion: { code: '520581' } });
    const [row] = rowsOf<{ home_region_code: string }>(
      await db.database.db.execute(sql`select home_region_code from registry.organizations where id = 'qianxi-gov'`),
    );
    expect(row.home_region_code).toBe('520581');

    const split = await hub.query(create, { input: { id: 'handan-gov', name: '邯郸县人民政府', kind: 'LOCAL_GOVERNMENT', homeRegionCode: '130421' } }, admin);
    expect(split.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.homeRegionCode', rule: 'split-code' });
    expect(split.errors?.[0].message).toMatch(/130402 邯山区.*130403 丛台区/);
    expect(rowsOf(await db.database.db.execute(sql`select 1 from registry.organizations where id = 'handan-gov'`))).toHaveLength(0);

    // Filters read a former code as its place, and refuse a split one.
    const byFormer = await hub.query(REGIONS, { filter: { within: '522400', level: 'COUNTY' }, first: 0 });
    const byCurrent = await hub.query(REGIONS, { filter: { within: '5205', level: 'COUNTY' }, first: 0 });
    expect(byFormer.data!.regions.totalCount).toBe(byCurrent.data!.regions.totalCount);
    expect(byCurrent.data!.regions.totalCount).toBeGreaterThan(0);
    const homes = await hub.query(`{ organizations(filter: {homeRegionWithin: "520522"}) { edges { node { id } } } }`);
    expect(homes.data!.organizations.edges).toEqual([{ node: { id: 'qianxi-gov' } }]);
    const refused = await hub.query(REGIONS, { filter: { within: '130421' } });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.within', rule: 'split-code' });
  });

  it('resolves a batch of former codes with one statement per batch, however many', async () => {
    const ask = (codes: string[]) => () => hub.query(`{ ${codes.map((c, i) => `r${i}: region(code: "${c}") { code name }`).join(' ')} }`);
    const two = await countStatements(db.database, ask(['520522', '361121']));
    const six = await countStatements(db.database, ask(['520522', '361121', '632858', '632859', '522423', '522400']));
    expect(six.result.errors).toBeUndefined();
    expect(Object.values(six.result.data!).map((r: { code: string }) => r.code)).toEqual(['520581', '361104', '632803', '632803', '520581', '5205']);
    // The history's latest rows of the codes, then the places they name.
    expect(two.statements, two.log.join('\n')).toBe(2);
    expect(six.statements, six.log.join('\n')).toBe(2);
    // A batch of current codes never reads the history.
    const current = await countStatements(db.database, ask(['520581', '361104', '632803']));
    expect(current.statements).toBe(1);
    // Former codes of many places: one statement for the whole page.
    const q = `query($n: Int) { regions(filter: {within: "5205", level: COUNTY}, first: $n) { edges { node { code formerCodes { code } } } } }`;
    const few = await countStatements(db.database, () => hub.query(q, { n: 2 }));
    const all = await countStatements(db.database, () => hub.query(q, { n: 20 }));
    expect(all.result.errors).toBeUndefined();
    expect(all.statements).toBe(few.statements);
  });

  it('resolves former codes in Region representations too', async () => {
    const registry = hub.runtimes.get('registry')!;
    const { result, statements } = await countStatements(db.database, () =>
      executeOn(registry, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { code name } } }`, {
        r: ['520522', '610426', '130421'].map((code) => ({ __typename: 'Region', code })),
      }),
    );
    expect(result.data!._entities).toEqual([{ code: '520581', name: '黔西市' }, { code: '610426', name: '永寿县' }, null]);
    expect(statements).toBeLessThanOrEqual(3);
  });
});

describe('poverty summary: real and demo parts', () => {
  it('sums real and demo records apart: the whole is the real part plus the demo part', async () => {
    await db.database.db.execute(
      sql`insert into registry.poor_villages (code, demo) values ('610426001001', true), ('610426001002', true), ('610430001001', false)`,
    );
    try {
      const FIGURES = 'listedCount regionCount exitsByYear { year count } poorVillageCount';
      const { data, errors } = await hub.query(`{
        whole: povertySummary { ${FIGURES} demo { ${FIGURES} demo { listedCount } } }
        real: povertySummary(includeDemo: false) { ${FIGURES} }
        realFlags: regions(filter: {poorVillage: true}, includeDemo: false, first: 0) { totalCount }
        allFlags: regions(filter: {poorVillage: true}, first: 0) { totalCount }
      }`);
      expect(errors).toBeUndefined();
      const { whole, real } = data!;
      const demo = whole.demo;
      expect(demo.demo).toBeNull();
      expect(whole.poorVillageCount).toBe(3);
      expect(real.poorVillageCount).toBe(1);
      for (const figure of ['listedCount', 'regionCount', 'poorVillageCount']) {
        expect(whole[figure], figure).toBe(real[figure] + demo[figure]);
      }
      const byYear = (list: { year: number; count: number }[]) => new Map(list.map((y) => [y.year, y.count]));
      for (const [year, count] of byYear(whole.exitsByYear)) {
        expect(count, String(year)).toBe((byYear(real.exitsByYear).get(year) ?? 0) + (byYear(demo.exitsByYear).get(year) ?? 0));
      }
      // The national list is real: its demo part is empty.
      expect(demo).toMatchObject({ listedCount: 0, regionCount: 0, exitsByYear: [] });
      expect(data!.realFlags.totalCount).toBe(1);
      expect(data!.allFlags.totalCount).toBe(3);
    } finally {
      await db.database.db.execute(sql`delete from registry.poor_villages where code in ('610426001001', '610426001002', '610430001001')`);
    }
  });
});
