import { generate } from '@graphql-codegen/cli';
import { sql } from 'drizzle-orm';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAPPERS, subgraphTypes, TEMPLATE } from '../codegen.js';
import { channelSdl, type Channel } from '../lib/channel.js';
import { GENERATED } from '../schema/channel-sdl.js';
import { ROOT } from '../lib/env.js';
import type { SubgraphModule } from '../lib/subgraph.js';
import { compose } from '../schema/compose.js';
import { subgraphs } from '../subgraphs/index.js';
import {
  ADMIN,
  callsTo,
  csvOf,
  countStatements,
  editor,
  fixtureSeedScope,
  importInto,
  refusalsOf,
  rowsOf,
  runDemoSteps,
  startFixtureHub,
  startHub,
  tearDown,
  type Hub,
  type TestDatabase,
} from './harness.js';
import { readRegistrationFiles, registrationGaps, type RegistrationFiles } from './registration.js';

/**
 * docs/adding-a-channel.md followed literally for a throwaway channel, `trial`, in a scratch copy
 * of the repository's layout (subgraphs/, schema/, with lib/ and node_modules/ linked): copy the
 * template with its name replaced, generate its migrations and types, register it beside the real
 * subgraphs, compose, and answer a place picture with it; and the guide's list of registration
 * points is what the checks of test/registration.ts ask for.
 */
const NAME = 'trial';
const SCRATCH = join(ROOT, '.drift', `channel-${process.pid}`);
const FOLDER = join(SCRATCH, 'subgraphs', NAME);

/** The guide's renaming: the template's name in its three spellings. */
const renamed = (text: string) => text.replaceAll('sample', NAME).replaceAll('Sample', 'Trial').replaceAll('SAMPLE', 'TRIAL');

let trial: SubgraphModule<unknown>;
let trialChannel: Channel;
let modules: SubgraphModule<unknown>[];
let db: TestDatabase;
let hub: Hub;
let distributed: Hub;
const { ok, refused } = callsTo(() => hub, { as: ADMIN, schema: NAME });

/** Rows of the test's own SQL. */
const rows = async <T>(query: string) => rowsOf<T>(await db.database.db.execute(sql.raw(query)));

beforeAll(async () => {
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(join(SCRATCH, 'subgraphs'), { recursive: true });
  mkdirSync(join(SCRATCH, 'schema'));
  for (const shared of ['lib', 'node_modules']) symlinkSync(join(ROOT, shared), join(SCRATCH, shared));
  cpSync(join(ROOT, 'schema/drizzle.config.ts'), join(SCRATCH, 'schema/drizzle.config.ts'));

  // 1. Copy the template to subgraphs/<name>/ and replace its name.
  mkdirSync(FOLDER);
  for (const file of readdirSync(join(ROOT, TEMPLATE.folder))) {
    if (file === 'types.generated.ts') continue;
    writeFileSync(join(FOLDER, file), renamed(readFileSync(join(ROOT, TEMPLATE.folder, file), 'utf8')));
  }

  // 2. Generate: the migrations (`npm run migrations` runs this per subgraph) and the types
  //    (`npm run codegen`, with MAPPERS.<name> the template's renamed).
  const migrations = spawnSync('npx', ['drizzle-kit', 'generate', '--config', 'schema/drizzle.config.ts', '--name', NAME], {
    cwd: SCRATCH,
    env: { ...process.env, SUBGRAPH: NAME },
    encoding: 'utf8',
  });
  expect(migrations.status, migrations.stderr).toBe(0);
  MAPPERS[NAME] = Object.fromEntries(Object.entries(MAPPERS[TEMPLATE.name]).map(([type, row]) => [renamed(type), row]));
  await generate(
    { overwrite: true, silent: true, cwd: SCRATCH, generates: { [`subgraphs/${NAME}/types.generated.ts`]: subgraphTypes(NAME, undefined, SCRATCH) } },
    true,
  );

  // 3. Register the module in subgraphs/index.ts (here: the list the harness is given).
  trial = (await import(pathToFileURL(join(FOLDER, 'subgraph.ts')).href)).trialSubgraph;
  trialChannel = (await import(pathToFileURL(join(FOLDER, 'channel.ts')).href)).trial;
  modules = [...subgraphs, trial];
  ({ db, hub } = await startFixtureHub({ subgraphs: modules }));
  distributed = await startHub({ database: db.database, subgraphs: modules, topology: 'distributed' });
  await runDemoSteps(trial, fixtureSeedScope(db.database, trial));
}, 300_000);

afterAll(async () => {
  await tearDown(db, hub, distributed);
  rmSync(SCRATCH, { recursive: true, force: true });
});

describe('a channel made by the guide', () => {
  it('is the template renamed, with its migration and types generated, and it type-checks', () => {
    const migration = readdirSync(join(SCRATCH, 'schema/migrations', NAME)).find((f) => f.endsWith('.sql'));
    expect(readFileSync(join(SCRATCH, 'schema/migrations', NAME, migration!), 'utf8')).toContain('CREATE SCHEMA "trial"');
    expect(readFileSync(join(FOLDER, 'types.generated.ts'), 'utf8')).toContain('TrialRecord');
    // The kit's fields, copied renamed, are what `npm run codegen` writes from the renamed declaration.
    expect(readFileSync(join(FOLDER, GENERATED), 'utf8')).toBe(channelSdl(trialChannel));
    writeFileSync(join(SCRATCH, 'tsconfig.json'), JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), include: [`subgraphs/${NAME}`] }));
    const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: SCRATCH, encoding: 'utf8' });
    expect(tsc.status, tsc.stdout).toBe(0);
  }, 180_000);

  it('composes with the real subgraphs', () => {
    const { api } = compose(modules);
    expect(api).toContain('trialRecords(year: Int, includeDescendants: Boolean = false, includeDemo: Boolean = true): [TrialRecord!]');
    expect(api).toContain('recordTrial(input: TrialInput!): TrialRecord!');
  });

  it('answers a place picture with its field beside every channel, in either topology', async () => {
    const [village] = await rows<{ code: string }>(`select code from registry.regions where code like '610426%' and length(code) = 12 order by code limit 1`);
    const [helper] = await rows<{ id: string; name: string }>(`select id, name from registry.organizations where not demo order by id limit 1`);
    const input = { helperId: helper.id, helpedCode: village.code, since: '2018-03-01', until: '2020-12-31' };
    const { recordTrial } = await ok(`mutation($input: TrialInput!) { recordTrial(input: $input) { id version helper { name } helped { code } } }`, { input });
    expect(recordTrial).toEqual({ id: expect.stringMatching(/^trial-\d+$/), version: 1, helper: { name: helper.name }, helped: { code: village.code } });

    const PICTURE = `query($code: ID!) { region(code: $code) {
      name poverty { exitYear }
      eastWestPairings(includeAncestors: true) { id helper { name } }
      workTeams(includeDescendants: true) { id }
      trialRecords(year: 2018, includeDescendants: true) { id demo helper { name } helped { code name } history { version } }
      trialRecordsPage(includeDescendants: true, first: 1) { totalCount }
    } }`;
    const expected = await rows<{ id: string; demo: boolean }>(
      `select id, demo from trial.records where helped_code like '610426%' and since <= '2018-12-31' and (until is null or until >= '2018-01-01') order by helped_code, since, id`,
    );
    expect(expected.map((r) => r.demo).sort()).toEqual([false, true]);
    for (const target of [hub, distributed]) {
      const res = await target.query(PICTURE, { code: '610426' });
      expect(res.errors).toBeUndefined();
      const picture = res.data!.region;
      expect(picture.name).toBe('永寿县');
      expect(picture.eastWestPairings.map((p: { helper: { name: string } }) => p.helper.name)).toContain('江苏省人民政府');
      expect(picture.workTeams).toEqual(expect.any(Array));
      expect(picture.trialRecords.map((r: { id: string }) => r.id)).toEqual(expected.map((r) => r.id));
      expect(picture.trialRecords.find((r: { demo: boolean }) => !r.demo)).toMatchObject({ helper: { name: helper.name }, history: [{ version: 1 }] });
      expect(picture.trialRecordsPage.totalCount).toBe(2);
    }
  });

  it('reads the records of every county of a province in one statement, and their coverage gaps in one more', async () => {
    const [counties] = await rows<{ n: number; covered: number }>(
      `select count(*)::int as n, count(distinct left(helped_code, 6)) filter (where since <= '2019-12-31' and (until is null or until >= '2019-01-01'))::int as covered from trial.records where helped_code like '63%'`,
    );
    expect(counties.n).toBeGreaterThan(10);
    const list = await countStatements(db.database, () =>
      hub.query(`{ region(code: "63") { trialRecords(includeDescendants: true) { id helper { name } } } }`),
    );
    expect(list.result.errors).toBeUndefined();
    expect(list.result.data!.region.trialRecords).toHaveLength(counties.n);
    expect(list.log.filter((q) => q.includes('"trial".'))).toHaveLength(1);
    const gaps = await countStatements(db.database, () => hub.query(`{ trialCoverageGaps(year: 2019, within: "63") { candidateCount coveredCount } }`));
    expect(gaps.result.errors).toBeUndefined();
    expect(gaps.result.data!.trialCoverageGaps.coveredCount).toBe(counties.covered);
    expect(gaps.log.filter((q) => q.includes('"trial".'))).toHaveLength(1);
  });

  it('refuses a write by anyone but an administrator, and bad input naming the field and the rule', async () => {
    const input = { helperId: 'no-such-org', helpedCode: '610426', since: '2018-03-01' };
    const WRITE = `mutation($input: TrialInput!) { recordTrial(input: $input) { id } }`;
    await refused(WRITE, { input }, editor('org-x'), 'FORBIDDEN', 'access');
    await refused(WRITE, { input }, null, 'FORBIDDEN', 'signed-in');
    await refused(WRITE, { input }, ADMIN, 'NOT_FOUND', undefined, 'input.helperId');
    await refused(WRITE, { input: { ...input, helpedCode: '6104269' } }, ADMIN, 'BAD_USER_INPUT', 'division-code', 'input.helpedCode');
  });
  it('corrects, voids and imports through the kit: history, voided and the same checks as the create', async () => {
    const [helper] = await rows<{ id: string }>(`select id from registry.organizations where not demo order by id limit 1 offset 1`);
    const input = { helperId: helper.id, helpedCode: '610426', since: '2017-01-01', until: '2017-12-31' };
    const { recordTrial: made } = await ok(`mutation($input: TrialInput!) { recordTrial(input: $input) { id } }`, { input });
    // The same help again overlaps it: the create's rule, with nothing written.
    await refused(`mutation($input: TrialInput!) { recordTrial(input: $input) { id } }`, { input }, ADMIN, 'BAD_USER_INPUT', 'duplicate', 'input.since');

    const CORRECT = `mutation($id: ID!, $reason: String, $v: Int) {
      correctTrialRecord(id: $id, input: { until: "2018-06-30" }, reason: $reason, expectedVersion: $v) { until version history { version } } }`;
    await refused(CORRECT, { id: made.id, v: 1 }, ADMIN, 'BAD_USER_INPUT', 'required', 'reason');
    await refused(CORRECT, { id: made.id, reason: 'typo', v: 1 }, editor(helper.id), 'FORBIDDEN', 'access');
    const { correctTrialRecord } = await ok(CORRECT, { id: made.id, reason: 'the end was mistyped', v: 1 });
    expect(correctTrialRecord).toEqual({ until: '2018-06-30', version: 2, history: [{ version: 1 }, { version: 2 }] });
    await refused(CORRECT, { id: made.id, reason: 'again', v: 1 }, ADMIN, 'CONFLICT', 'version');

    const VOID = `mutation($id: ID!) { voidTrialRecord(id: $id, reason: "recorded in error") { id voided { reason } } }`;
    await refused(VOID, { id: 'trial-nothing' }, ADMIN, 'NOT_FOUND', undefined, 'id');
    await refused(VOID, { id: 'elsewhere-1' }, ADMIN, 'NOT_FOUND', undefined, 'id');
    const { voidTrialRecord } = await ok(VOID, { id: made.id });
    expect(voidTrialRecord).toEqual({ id: made.id, voided: { reason: 'recorded in error' } });
    await refused(VOID, { id: made.id }, ADMIN, 'CONFLICT', 'voided', 'id');
    const { trialRecord } = await ok(`query($id: ID!) { trialRecord(id: $id) { history { version } voided { reason } } }`, { id: made.id });
    expect(trialRecord).toEqual({ history: [{ version: 1 }, { version: 2 }, { version: 3 }], voided: { reason: 'recorded in error' } });
    // A voided record counts nowhere: the same help may be recorded again, here by a file.
    const kind = trial.imports![0];
    const file = csvOf([
      ['helper', 'place', 'since', 'until'],
      [helper.id, '610426', '2017-01-01', '2017-12-31'],
      [helper.id, '6104269', '2017-01-01', ''],
    ]);
    const asAdmin = { role: 'ADMIN' as const };
    expect(refusalsOf(await importInto(hub, asAdmin, kind, file, { dryRun: true }))).toEqual([[3, 'place', 'division-code']]);
    const done = await importInto(hub, asAdmin, kind, file, { mode: 'VALID_ROWS' });
    expect(done.created).toBe(1);
    const [again] = await rows<{ n: number }>(`select count(*)::int as n from trial.records where helper_id = '${helper.id}' and voided_at is null`);
    expect(again.n).toBe(1);
  });
});

describe("the guide's registration points", () => {
  /** The edits the guide lists, applied to copies of the files they concern. */
  function registered(files: RegistrationFiles): RegistrationFiles {
    const url = `${NAME.toUpperCase()}_URL`;
    const docs = { ...files.docs };
    docs['README.md'] += `\n| trial work | \`${NAME}\` | … |\n`;
    docs['docs/architecture.md'] += `\n| ${NAME} | \`trialRecords\` | \`trialRecords\` | \`trialRecord trialCoverageGaps\` | records (record) |\n`;
    docs['docs/identity.md'] += `\n| \`x-bangfu-subgraph\` | … \`${NAME}\` |\n`;
    docs['docs/environment.md'] += `\`${url}\``;
    docs['docs/scale-out.md'] += `\`${url}\``;
    return {
      scripts: { ...files.scripts, [`start:${NAME}`]: `tsx --max-semi-space-size=64 subgraphs/${NAME}/main.ts` },
      compose: {
        services: { ...files.compose.services, [NAME]: { command: ['npm', 'run', `start:${NAME}`] } },
        'x-gateway-env': { ...files.compose['x-gateway-env'], [url]: `http://${NAME}:4001/graphql` },
        'x-subgraphs-ready': { ...files.compose['x-subgraphs-ready'], [NAME]: { condition: 'service_healthy' } },
      },
      docs,
    };
  }

  it('are each checked, and the guide names every one', () => {
    const files = readRegistrationFiles();
    const gaps = registrationGaps(NAME, files);
    expect(gaps.length).toBeGreaterThan(0);
    const guide = readFileSync(join(ROOT, 'docs/adding-a-channel.md'), 'utf8');
    for (const gap of gaps) expect(guide, gap).toContain(gap.split(':')[0]);
    expect(registrationGaps(NAME, registered(files))).toEqual([]);
    expect(existsSync(join(ROOT, 'subgraphs', NAME))).toBe(false);
  });
});
