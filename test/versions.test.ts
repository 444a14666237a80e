/**
 * No lost update: every change of a record takes the `expectedVersion` it was read at, and a
 * change made against another version answers CONFLICT (rule `version`, both versions named),
 * changes nothing and logs no applied change. Of concurrent changes expecting the same version,
 * exactly one applies.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { militaryUnitId } from '../lib/org-ids.js';
import { reportId } from '../subgraphs/designated/domain.js';
import { createRegistrySeedApi } from '../subgraphs/registry/seed.js';
import { ADMIN, callsTo, createTestDatabase, rowsOf, seedFixture, startHub, type GraphQLResponse, type Hub, type TestDatabase } from './harness.js';

const PAFD = militaryUnitId('永寿县人民武装部');

let db: TestDatabase;
let hub: Hub;

async function select<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await db.database.db.execute(query));
}

const { ok } = callsTo(() => hub, { as: ADMIN });

/** A record that changes: its mutation, how to read its row, and an input changing it. */
interface Versioned {
  name: string;
  action: string;
  table: string;
  key: string;
  id: () => string;
  /** The row's key in `table`, when not the id the graph answers (a serial behind `ew-fiscal-…`). */
  rowId?: () => string;
  mutation: string;
  input: (i: number) => Record<string, unknown>;
  /** What the answer to the change of `input(i)` shows (besides its version): the fields it changed. */
  shows: (i: number) => Record<string, unknown>;
  /** The variables of a change (default: the record's id and the input). */
  variables?: (input: Record<string, unknown>) => Record<string, unknown>;
}

const ids: Record<string, string> = {};
const designated = { pairing: '', year: 0 };
const MEASURES = {
  fundsInvested: '1.00',
  fundsIntroduced: '1.00',
  localCadresTrained: 1,
  techniciansTrained: 1,
  producePurchased: '1.00',
  produceSalesHelped: '1.00',
  projects: 1,
};
const CASES: Versioned[] = [
  {
    name: 'registry organisation',
    action: 'updateOrganization',
    table: 'registry.organizations',
    key: 'id',
    id: () => 'gov-31',
    mutation: `mutation($id: ID!, $i: UpdateOrganizationInput!) { m: updateOrganization(id: $id, input: $i) { version nameEn } }`,
    input: (i) => ({ nameEn: `Shanghai ${i}` }),
    shows: (i) => ({ nameEn: `Shanghai ${i}` }),
  },
  {
    name: 'east-west pairing',
    action: 'updateEastWestPairing',
    table: 'eastwest.pairings',
    key: 'id',
    id: () => ids.pairing,
    mutation: `mutation($id: ID!, $i: UpdateEastWestPairingInput!) { m: updateEastWestPairing(id: $id, input: $i) { version arrangement } }`,
    input: (i) => ({ arrangement: `安排 ${i}` }),
    shows: (i) => ({ arrangement: `安排 ${i}` }),
  },
  {
    name: 'enterprise contribution',
    action: 'updateEnterpriseContribution',
    table: 'enterprises.contributions',
    key: 'id',
    id: () => ids.contribution,
    mutation: `mutation($id: ID!, $i: UpdateContributionInput!) { m: updateEnterpriseContribution(id: $id, input: $i) { version purpose } }`,
    input: (i) => ({ purpose: `用途 ${i}` }),
    shows: (i) => ({ purpose: `用途 ${i}` }),
  },
  {
    name: 'military record',
    action: 'updateMilitaryAssistance',
    table: 'military.assistance',
    key: 'id',
    id: () => ids.military,
    mutation: `mutation($id: ID!, $i: UpdateMilitaryAssistanceInput!) { m: updateMilitaryAssistance(id: $id, input: $i) { version siteName } }`,
    input: (i) => ({ siteName: `永寿县医院 ${i}` }),
    shows: (i) => ({ siteName: `永寿县医院 ${i}` }),
  },
  {
    name: 'military project',
    action: 'updateMilitaryProject',
    table: 'military.projects',
    key: 'id',
    id: () => ids.project,
    mutation: `mutation($id: ID!, $i: UpdateMilitaryProjectInput!) { m: updateMilitaryProject(id: $id, input: $i) { version name } }`,
    input: (i) => ({ name: `项目 ${i}` }),
    shows: (i) => ({ name: `项目 ${i}` }),
  },
  {
    name: 'military unit profile',
    action: 'setMilitaryUnitProfile',
    table: 'military.unit_profiles',
    key: 'unit_id',
    id: () => PAFD,
    mutation: `mutation($id: ID!, $i: MilitaryUnitProfileInput!) { m: setMilitaryUnitProfile(unitId: $id, input: $i) { version designation } }`,
    input: (i) => ({ designation: `番号 ${i}` }),
    shows: (i) => ({ designation: `番号 ${i}` }),
  },
  {
    name: 'designated report',
    action: 'fileDesignatedPlan',
    table: 'designated.reports',
    key: 'id',
    id: () => reportId(designated.pairing, designated.year),
    mutation: `mutation($i: FileDesignatedMeasuresInput!) { m: fileDesignatedPlan(input: $i) { version plan { projects } } }`,
    input: (i) => ({ measures: { ...MEASURES, projects: i } }),
    shows: (i) => ({ plan: { projects: i } }),
    variables: (input) => ({ i: { pairingId: designated.pairing, year: designated.year, ...input } }),
  },
  {
    name: 'designated report summary',
    action: 'fileDesignatedSummary',
    table: 'designated.reports',
    key: 'id',
    id: () => reportId(designated.pairing, designated.year),
    mutation: `mutation($i: FileDesignatedMeasuresInput!) { m: fileDesignatedSummary(input: $i) { version summary { projects } } }`,
    input: (i) => ({ measures: { ...MEASURES, projects: i } }),
    shows: (i) => ({ summary: { projects: i } }),
    variables: (input) => ({ i: { pairingId: designated.pairing, year: designated.year, ...input } }),
  },
];

/**
 * A correction through the shared one (lib/corrections.ts): its version is an argument beside the
 * input (`expectedVersion`), so it races here without one, with the records above.
 */
const FISCAL_CORRECTION: Versioned = {
  name: 'east-west fiscal aid correction',
  action: 'correctEastWestFiscalAid',
  table: 'eastwest.fiscal_aid',
  key: 'id',
  id: () => ids.fiscal,
  rowId: () => ids.fiscal.replace('ew-fiscal-', ''),
  mutation: `mutation($id: ID!, $i: EastWestFiscalAidCorrection!, $r: String) { m: correctEastWestFiscalAid(id: $id, input: $i, reason: $r) { version amount } }`,
  input: (i) => ({ amount: `${1000 + i}.00` }),
  shows: (i) => ({ amount: `${1000 + i}.00` }),
  variables: (input) => ({ id: ids.fiscal, i: input, r: '更正金额' }),
};

/** A designated pairing's correction: the channel answers the row its own write left, as every other. */
const PAIRING_CORRECTION: Versioned = {
  name: 'designated pairing correction',
  action: 'correctDesignatedPairing',
  table: 'designated.pairings',
  key: 'id',
  id: () => designated.pairing,
  mutation: `mutation($id: ID!, $i: DesignatedPairingCorrection!, $r: String) { m: correctDesignatedPairing(id: $id, input: $i, reason: $r) { version note } }`,
  input: (i) => ({ note: `备注 ${i}` }),
  shows: (i) => ({ note: `备注 ${i}` }),
  variables: (input) => ({ id: designated.pairing, i: input, r: '更正备注' }),
};

const variablesOf = (c: Versioned, input: Record<string, unknown>) => (c.variables ? c.variables(input) : { id: c.id(), i: input });

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFixture(db.database);
  await createRegistrySeedApi(db.database).upsertOrganizations([
    { id: PAFD, name: '永寿县人民武装部', kind: 'PEOPLES_ARMED_FORCES_DEPARTMENT', homeRegionCode: '610426', demo: false, source: 'test' },
    { id: 'versions-enterprise', name: '咸阳版本农业有限公司', kind: 'PRIVATE_ENTERPRISE', homeRegionCode: '6104', demo: false, source: 'test' },
  ]);
  hub = await startHub({ database: db.database });
  const created = await ok(`mutation($i: CreateMilitaryAssistanceInput!) { createMilitaryAssistance(input: $i) { id } }`, {
    i: { unitId: PAFD, helpedCode: '610426', kind: 'COUNTY_HOSPITAL', since: '2016-01-01', siteName: '永寿县医院' },
  });
  ids.military = created.createMilitaryAssistance.id;
  const project = await ok(`mutation($i: MilitaryProjectInput!) { recordMilitaryProject(input: $i) { id } }`, {
    i: {
      assistanceId: ids.military,
      year: 2018,
      name: '项目',
      funds: '1.00',
      householdsReached: 1,
      peopleReached: 1,
      personnelSent: 2,
      officers: 1,
      soldiers: 1,
    },
  });
  ids.project = project.recordMilitaryProject.id;
  const contribution = await ok(`mutation($i: RecordContributionInput!) { recordEnterpriseContribution(input: $i) { id } }`, {
    i: { helperId: 'versions-enterprise', helpedCode: '610426', kind: 'PUBLIC_WELFARE_DONATION', date: '2018-05-01', disbursed: '10.00' },
  });
  ids.contribution = contribution.recordEnterpriseContribution.id;
  [{ id: ids.pairing }] = await select<{ id: string }>(sql`select id from eastwest.pairings order by id limit 1`);
  const [fiscalPairing] = await select<{ id: string }>(
    sql`select id from eastwest.pairings where since <= '2018-01-01' and (until is null or until >= '2018-12-31') order by id limit 1`,
  );
  const fiscal = await ok(`mutation($i: EastWestFiscalAidInput!) { recordEastWestFiscalAid(input: $i) { id } }`, {
    i: { pairingId: fiscalPairing.id, year: 2018, stage: 'PLEDGED', amount: '1000.00', purpose: '版本' },
  });
  ids.fiscal = fiscal.recordEastWestFiscalAid.id;
  [{ id: designated.pairing, year: designated.year }] = await select<{ id: string; year: number }>(
    sql`select id, greatest(extract(year from since)::int, 2016) as year from designated.pairings where until is null and arrangement = 'DESIGNATED' order by id limit 1`,
  );
  await ok(CASES[6].mutation, variablesOf(CASES[6], CASES[6].input(0)));
  // The profile exists from here on (version 1): the same race as every other record.
  await ok(CASES[5].mutation, { id: PAFD, i: { designation: '番号' } });
}, 300_000);

afterAll(async () => {
  await hub?.stop();
  await db?.drop();
});

const rowOf = async (c: Versioned) =>
  (await select<Record<string, unknown>>(sql.raw(`select * from ${c.table} where ${c.key} = '${(c.rowId ?? c.id)().replaceAll("'", "''")}'`)))[0];
const applied = async (c: Versioned) =>
  (
    await select<{ n: number }>(
      sql.raw(`select count(*)::int as n from ${c.table.split('.')[0]}.audit_log where action = '${c.action}' and outcome = 'applied'`),
    )
  )[0].n;

describe.each(CASES)('$name', (c) => {
  it('answers its version, and a change expecting another one CONFLICT, changing nothing', async () => {
    const before = await rowOf(c);
    const version = before.version as number;
    const logged = await applied(c);
    const res: GraphQLResponse = await hub.query(c.mutation, variablesOf(c, { ...c.input(0), expectedVersion: version - 1 }), ADMIN);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'input.expectedVersion',
      rule: 'version',
      current: version,
      expected: version - 1,
    });
    expect(res.errors![0].message).toContain(`version ${version}, not ${version - 1}`);
    expect(await rowOf(c)).toEqual(before);
    expect(await applied(c)).toBe(logged);

    const done = await ok(c.mutation, variablesOf(c, { ...c.input(1), expectedVersion: version }));
    expect(done.m.version).toBe(version + 1);
  });

  it('of 20 changes at once expecting the same version, applies exactly one', async () => {
    const version = (await rowOf(c)).version as number;
    const logged = await applied(c);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => hub.query(c.mutation, variablesOf(c, { ...c.input(100 + i), expectedVersion: version }), ADMIN)),
    );
    const won = answers.filter((a) => !a.errors);
    expect(won).toHaveLength(1);
    expect(won[0].data!.m.version).toBe(version + 1);
    const codes = answers.filter((a) => a.errors).map((a) => a.errors![0].extensions?.code);
    expect(codes).toEqual(Array(19).fill('CONFLICT'));
    expect((await rowOf(c)).version).toBe(version + 1);
    expect(await applied(c)).toBe(logged + 1);
  });
});

describe.each([...CASES, FISCAL_CORRECTION, PAIRING_CORRECTION])('$name, changed without a version', (c) => {
  it('of 20 changes at once, applies every one in turn: none lost, each audit entry starting where the one before ended, each answer its own version', async () => {
    const version = (await rowOf(c)).version as number;
    const logged = await applied(c);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => hub.query(c.mutation, variablesOf(c, c.input(200 + i)), ADMIN)));
    expect(
      answers.filter((a) => a.errors).map((a) => a.errors),
      'every change applies',
    ).toEqual([]);
    // Each answer is the record as its own change left it, not as a later one did: twenty
    // versions, one each, each showing what that change wrote.
    expect(answers.map((a) => a.data!.m.version as number).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => version + i + 1));
    answers.forEach((a, i) => expect(a.data!.m, `the answer to change ${i}`).toEqual({ version: a.data!.m.version, ...c.shows(200 + i) }));
    expect((await rowOf(c)).version).toBe(version + 20);
    expect(await applied(c)).toBe(logged + 20);
    const entries = await select<{ before: { version: number }; after: { version: number } }>(
      sql.raw(
        `select before, after from ${c.table.split('.')[0]}.audit_log where action = '${c.action}' and outcome = 'applied'
          and entity_id = '${c.id().replaceAll("'", "''")}' order by id desc limit 20`,
      ),
    );
    entries.reverse();
    // Each change read the row as the one before left it (its row locked): twenty versions in turn, none twice.
    expect(entries.map((e) => [e.before.version, e.after.version])).toEqual(Array.from({ length: 20 }, (_, i) => [version + i, version + i + 1]));
  });
});
