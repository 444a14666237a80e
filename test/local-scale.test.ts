import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../lib/rng.js';
import type { SeedScope } from '../lib/seed.js';
import { nationalPlan } from '../subgraphs/local/seed-national.js';
import { type CountyPlan, generateDemo } from '../subgraphs/local/seed.js';
import { createRegistrySeedApi } from '../subgraphs/registry/seed.js';
import { countSteadyStatements, DRIVER, REFERENCE_DIR, startFixtureHub, tearDown, type Hub, type TestDatabase } from './harness.js';

/**
 * The county picture and the national coverage by county read the same number of statements
 * whatever a county's households: 淳化县 (610430) generated at one size, then at ten times it.
 */
let db: TestDatabase;
let hub: Hub;

const COUNTY = '610430';

const PICTURE = `{ region(code: "${COUNTY}") {
  workTeams(year: 2018, includeDescendants: true) { id village { code } senders { id } }
  households(year: 2018) { count people byCause { cause count } byStatus { status count } }
  localCoverage(year: 2018) { poorVillages withFirstSecretary withWorkTeam villagesWithoutWorkTeam { code } households householdsWithHelper householdsWithoutHelper { id } }
  pairingShortfall(year: 2018) { cadre { id level } households minimum }
} }`;

const NATIONAL = `{ nationalLocalCoverage(year: 2018) { poorVillages withWorkTeam households householdsWithHelper }
  regions(filter: { povertyCounty: true }, first: 1000) { edges { node { code localCoverage(year: 2018) { poorVillages withFirstSecretary withWorkTeam households householdsWithHelper } } } } }`;

const scope = (): SeedScope => ({
  database: db.database,
  registry: createRegistrySeedApi(db.database),
  rng: new Rng(7).fork('local-scale'),
  referenceDir: REFERENCE_DIR,
  divisionsWithin: [COUNTY],
  scale: 'national',
  log: () => {},
  progress: () => {},
});

/** The county's rows of every local table, gone. */
async function clearCounty() {
  const statements = [
    `delete from local.household_pairings where household_id like 'DEMO-${COUNTY}-%'`,
    `delete from local.household_statuses where household_id like 'DEMO-${COUNTY}-%'`,
    `delete from local.households where county_code = '${COUNTY}'`,
    `delete from local.cadres where county_code = '${COUNTY}'`,
    `delete from local.pairing_norms where county_code = '${COUNTY}'`,
    `delete from local.team_members where team_id in (select id from local.work_teams where village_code like '${COUNTY}%')`,
    `delete from local.team_senders where team_id in (select id from local.work_teams where village_code like '${COUNTY}%')`,
    `delete from local.work_teams where village_code like '${COUNTY}%'`,
    `delete from local.poor_villages where county_code = '${COUNTY}'`,
  ];
  for (const s of statements) await db.database.db.execute(sql.raw(s));
}

/** Generate the county with `households` households (the national plan's ratios) and read both operations. */
async function atSize(households: number) {
  await clearCounty();
  const plan: CountyPlan = { ...nationalPlan(COUNTY, 0), households, people: households * 3, poorVillages: 20 };
  plan.cadres = { COUNTY_LEADER: 2, DEPARTMENT_LEADER: Math.ceil(households / 20), ORDINARY: Math.ceil(households / 5) };
  await generateDemo(scope(), [plan]);
  const picture = await countSteadyStatements(db.database, () => hub.query(PICTURE));
  const national = await countSteadyStatements(db.database, () => hub.query(NATIONAL));
  expect(picture.result.errors).toBeUndefined();
  expect(national.result.errors).toBeUndefined();
  return { picture, national };
}

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({ within: [COUNTY] }));
}, 120_000);

afterAll(() => tearDown(db, hub));

describe(`local at two sizes (${DRIVER})`, () => {
  it('reads the same statements when a county has ten times the households', async () => {
    const small = await atSize(300);
    const large = await atSize(3_000);
    const count = (r: typeof small.picture) => (r.result.data as any).region.households.count;
    const national = (r: typeof small.national) => (r.result.data as any).nationalLocalCoverage.households;
    const ofCounty = (r: typeof small.national) =>
      (r.result.data as any).regions.edges.find((e: { node: { code: string } }) => e.node.code === COUNTY).node.localCoverage.households;
    // The data grew tenfold (households filed by 2018: all but the few newly identified later)...
    expect(count(large.picture)).toBeGreaterThan(9 * count(small.picture));
    expect(national(large.national)).toBe(ofCounty(large.national));
    expect(ofCounty(large.national)).toBeGreaterThan(9 * ofCounty(small.national));
    // ...and the statements did not.
    expect(small.picture.statements).toBeGreaterThan(0);
    expect(large.picture.statements).toBe(small.picture.statements);
    expect(large.national.statements).toBe(small.national.statements);
    console.log(`local statements at 300 and 3,000 households: picture ${small.picture.statements}, national ${small.national.statements}`);
  });
});
