import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameId } from '../lib/org-ids.js';
import { pendingSteps } from '../seed/index.js';
import { localSubgraph } from '../subgraphs/local/subgraph.js';
import { demoGroupId, governanceDemoStep } from '../subgraphs/local/governance-seed.js';
import { ADMIN, callsTo, coordinator, countStatements, fixtureSeedScope, rowsOf, startFixtureHub, tearDown, type Hub, type TestDatabase } from './harness.js';

/**
 * Leading groups, offices, responsibility letters, assessments and the county party secretaries
 * of the `local` subgraph through the gateway, on the governance demo of 永寿县 (610426), 咸阳市
 * (6104) and 陕西省 (61).
 */
let db: TestDatabase;
let hub: Hub;

const YS = '610426';
const CH = '610430';
const COORD_CH = coordinator(CH, { sub: 'coord-chunhua', office: 'POVERTY' });
const OFFICE = 'loc-test-office';
const MEMBER = 'loc-test-member';

const { ok, refused } = callsTo(() => hub, { as: ADMIN, schema: 'local' });

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({
    organizations: [
      { id: OFFICE, name: '淳化县测试扶贫办', kind: 'LOCAL_PARTY_STATE_ORGAN', homeRegionCode: CH, demo: false, source: 'test' },
      { id: MEMBER, name: '淳化县测试局', kind: 'LOCAL_PARTY_STATE_ORGAN', homeRegionCode: CH, demo: false, source: 'test' },
    ],
  }));
  const scope = fixtureSeedScope(db.database, localSubgraph);
  await governanceDemoStep.run(scope);
}, 120_000);

afterAll(() => tearDown(db, hub));

const GROUP = `query($code: ID!, $year: Int) { region(code: $code) { leadingGroup(year: $year) {
  id level since until demo region { code name militaryLeadingGroupMembers(year: $year) { id } }
  seats(year: $year) { role organization { id name } since }
  office { organization { id name } level region { code } parent { organization { name } level region { code }
    parent { organization { name } level parent { level } } } }
  parentGroup { id level parentGroup { id level parentGroup { id } } } } } }`;

describe('leading groups and offices', () => {
  it("reads 永寿县's group, its seats and its office chain up to the province", async () => {
    const { region } = await ok(GROUP, { code: YS, year: 2018 });
    const g = region.leadingGroup;
    expect(g.id).toBe(demoGroupId(YS));
    expect(g.level).toBe('COUNTY');
    expect(g.demo).toBe(true);
    expect(g.region.name).toBe('永寿县');
    // The group's military seats are read at its place, from the military channel.
    expect(Array.isArray(g.region.militaryLeadingGroupMembers)).toBe(true);
    // The government heads it, its office is a deputy, departments are members: heads first.
    expect(g.seats[0]).toMatchObject({ role: 'HEAD', organization: { name: '演示·永寿县人民政府' } });
    expect(g.seats[1]).toMatchObject({ role: 'DEPUTY', organization: { id: g.office.organization.id } });
    expect(g.seats.slice(2).every((s: { role: string }) => s.role === 'MEMBER')).toBe(true);
    expect(g.seats.length).toBe(9);
    expect(g.seats.every((s: { organization: { name: string } }) => s.organization.name.startsWith('演示·'))).toBe(true);
    // county office → prefecture office → province office → none.
    expect(g.office).toMatchObject({ organization: { id: nameId('loc', '永寿县扶贫开发办公室'), name: '演示·永寿县扶贫开发办公室' }, level: 'COUNTY' });
    expect(g.office.parent).toMatchObject({ organization: { name: '演示·咸阳市扶贫开发办公室' }, level: 'PREFECTURE', region: { code: '6104' } });
    expect(g.office.parent.parent).toMatchObject({ organization: { name: '演示·陕西省扶贫开发办公室' }, level: 'PROVINCE', parent: null });
    expect(g.parentGroup).toMatchObject({
      id: demoGroupId('6104'),
      level: 'PREFECTURE',
      parentGroup: { id: demoGroupId('61'), level: 'PROVINCE', parentGroup: null },
    });
  });

  it('leaves groups out of a year before them, and demo groups out with includeDemo: false', async () => {
    expect((await ok(GROUP, { code: YS, year: 2010 })).region.leadingGroup).toBeNull();
    const real = await ok(`{ region(code: "${YS}") { leadingGroup(includeDemo: false) { id } } }`);
    expect(real.region.leadingGroup).toBeNull();
  });

  it("reads an organisation's seats", async () => {
    const id = nameId('loc', '咸阳市财政局');
    const { organization } = await ok(`{ organization(id: "${id}") { name leadingGroupSeats { role group { id region { code } } } } }`);
    expect(organization.name).toBe('演示·咸阳市财政局');
    expect(organization.leadingGroupSeats).toEqual([{ role: 'MEMBER', group: { id: demoGroupId('6104'), region: { code: '6104' } } }]);
  });

  const CREATE = `mutation($input: LeadingGroupInput!) { createLeadingGroup(input: $input) { id level office { organization { id } parent { level } } seats { role organization { id } } } }`;
  const good = { regionCode: CH, officeId: OFFICE, since: '2015-03-01', seats: [{ organizationId: MEMBER, role: 'MEMBER', since: '2015-03-01' }] };

  it('refuses a bad group, naming the field, and changes nothing', async () => {
    await refused(CREATE, { input: { ...good, regionCode: '610430001' } }, ADMIN, 'BAD_USER_INPUT', 'level', 'input.regionCode');
    await refused(CREATE, { input: { ...good, regionCode: '999999' } }, ADMIN, 'BAD_USER_INPUT', 'exists', 'input.regionCode');
    await refused(CREATE, { input: { ...good, until: '2014-12-31' } }, ADMIN, 'BAD_USER_INPUT', 'period', 'input.until');
    await refused(CREATE, { input: { ...good, officeId: 'no-such-org' } }, ADMIN, 'NOT_FOUND', 'exists', 'input.officeId');
    await refused(
      CREATE,
      { input: { ...good, seats: [{ organizationId: 'no-such-org', role: 'HEAD', since: '2015-03-01' }] } },
      ADMIN,
      'NOT_FOUND',
      'exists',
      'input.seats.0.organizationId',
    );
    await refused(
      CREATE,
      { input: { ...good, seats: [{ organizationId: MEMBER, role: 'HEAD', since: '2015-01-01' }] } },
      ADMIN,
      'BAD_USER_INPUT',
      'within-period',
      'input.seats.0.since',
    );
    // The poverty office of another county may not write here.
    await refused(CREATE, { input: { ...good, regionCode: YS } }, COORD_CH, 'FORBIDDEN', 'poverty-office');
    // One group at a place at a time.
    await refused(CREATE, { input: { ...good, regionCode: YS } }, ADMIN, 'BAD_USER_INPUT', 'duplicate', 'input.since');
  });

  it("records a group by the county's poverty office, audited, under the prefecture's office", async () => {
    const { createLeadingGroup: g } = await ok(CREATE, { input: good }, COORD_CH);
    expect(g).toMatchObject({ level: 'COUNTY', office: { organization: { id: OFFICE }, parent: { level: 'PREFECTURE' } } });
    expect(g.seats).toEqual([{ role: 'MEMBER', organization: { id: MEMBER } }]);
    const added = await ok(
      `mutation { addLeadingGroupSeat(groupId: "${g.id}", input: { organizationId: "${OFFICE}", role: DEPUTY, since: "2016-01-01" }) { role group { id version } } }`,
      undefined,
      COORD_CH,
    );
    expect(added.addLeadingGroupSeat).toMatchObject({ role: 'DEPUTY', group: { id: g.id, version: 2 } });
    const { region } = await ok(`{ region(code: "${CH}") { leadingGroup(year: 2016) { seats(year: 2016) { role } } } }`);
    expect(region.leadingGroup.seats.map((s: { role: string }) => s.role)).toEqual(['DEPUTY', 'MEMBER']);
    const audit = rowsOf<{ action: string; actor: string }>(
      await db.database.db.execute(
        sql.raw(`select action, actor from local.audit_log where outcome = 'applied' and entity in ('LeadingGroup', 'LeadingGroupSeat') order by id`),
      ),
    );
    expect(audit).toEqual([
      { action: 'createLeadingGroup', actor: 'coord-chunhua' },
      { action: 'addLeadingGroupSeat', actor: 'coord-chunhua' },
    ]);
  });

  it("reads many places' groups in one statement", async () => {
    const q = `{ regions(filter: { level: COUNTY, within: "6104" }, first: 50) { edges { node { code leadingGroup(year: 2018) { id level office { level } } } } } }`;
    const counted = await countStatements(db.database, () => hub.query(q));
    expect(counted.result.errors).toBeUndefined();
    const nodes = counted.result.data!.regions.edges.map((e: { node: { code: string; leadingGroup: unknown } }) => e.node);
    expect(nodes.length).toBeGreaterThan(10);
    expect(nodes.filter((n: { leadingGroup: unknown }) => n.leadingGroup).map((n: { code: string }) => n.code)).toEqual([YS, CH]);
    expect(counted.log.filter((s) => s.includes('"local".')).length).toBe(1);
  });
});

describe('responsibility letters and assessments', () => {
  it('reads the letters the province and the county signed, with their counter-parties', async () => {
    const q = `query($code: ID!) { region(code: $code) { responsibilityLetters { id signer { code } counterparty { code } withCentre yearSigned since until targets demo } } }`;
    const province = (await ok(q, { code: '61' })).region.responsibilityLetters;
    expect(province).toMatchObject([{ signer: { code: '61' }, counterparty: null, withCentre: true, yearSigned: 2015, demo: true }]);
    const county = (await ok(q, { code: YS })).region.responsibilityLetters;
    expect(county).toMatchObject([{ signer: { code: YS }, counterparty: { code: '61' }, withCentre: false, yearSigned: 2016, until: '2018-12-31' }]);
    expect(county[0].targets.startsWith('演示·')).toBe(true);
  });

  it('reads assessments of a place and of an organisation by year', async () => {
    const all = (await ok(`{ region(code: "61") { assessments { year grade findings } } }`)).region.assessments;
    expect(all.map((a: { year: number }) => a.year)).toEqual([2016, 2017, 2018, 2019]);
    const one = (await ok(`{ region(code: "${YS}") { assessments(year: 2017) { year grade region { code } organization { id } } } }`)).region.assessments;
    expect(one).toMatchObject([{ year: 2017, region: { code: YS }, organization: null }]);
    expect(['GOOD', 'FAIR', 'POOR']).toContain(one[0].grade);
    const helper = nameId('loc', '陕西省驻村第01厅');
    const org = (await ok(`{ organization(id: "${helper}") { assessments(year: 2018) { year region { code } organization { id } } } }`)).organization;
    expect(org.assessments).toEqual([{ year: 2018, region: null, organization: { id: helper } }]);
  });

  const SIGN = `mutation($input: ResponsibilityLetterInput!) { signResponsibilityLetter(input: $input) { id counterparty { code } withCentre } }`;
  const ASSESS = `mutation($input: AssessmentInput!) { recordAssessment(input: $input) { id grade region { code } organization { id } } }`;

  it('refuses bad letters and assessments, naming the field, and changes nothing', async () => {
    const letter = { signerCode: CH, yearSigned: 2016, since: '2016-01-01', until: '2018-12-31', targets: '2018年摘帽' };
    await refused(SIGN, { input: { ...letter, signerCode: '6104' } }, ADMIN, 'BAD_USER_INPUT', 'level', 'input.signerCode');
    await refused(SIGN, { input: { ...letter, until: '2015-12-31' } }, ADMIN, 'BAD_USER_INPUT', 'period', 'input.until');
    await refused(SIGN, { input: { ...letter, targets: '  ' } }, ADMIN, 'BAD_USER_INPUT', 'required', 'input.targets');
    await refused(SIGN, { input: { ...letter, yearSigned: 1900 } }, ADMIN, 'BAD_USER_INPUT', 'year', 'input.yearSigned');
    const assessment = { regionCode: CH, year: 2017, grade: 'GOOD', findings: '考核意见' };
    await refused(ASSESS, { input: { ...assessment, organizationId: MEMBER } }, ADMIN, 'BAD_USER_INPUT', 'one-subject', 'input.regionCode');
    await refused(ASSESS, { input: { ...assessment, regionCode: '6104' } }, ADMIN, 'BAD_USER_INPUT', 'level', 'input.regionCode');
    await refused(
      ASSESS,
      { input: { year: 2017, grade: 'GOOD', findings: 'x', organizationId: 'no-such-org' } },
      ADMIN,
      'NOT_FOUND',
      'exists',
      'input.organizationId',
    );
    await refused(ASSESS, { input: { ...assessment, regionCode: YS } }, COORD_CH, 'FORBIDDEN', 'poverty-office');
    await refused(ASSESS, { input: { ...assessment, regionCode: YS, year: 2017 } }, ADMIN, 'BAD_USER_INPUT', 'duplicate', 'input.year');
  });

  it('records a letter with the province as counter-party and an assessment, by the county office', async () => {
    const { signResponsibilityLetter: l } = await ok(
      SIGN,
      { input: { signerCode: CH, yearSigned: 2016, since: '2016-01-01', targets: '2018年摘帽' } },
      COORD_CH,
    );
    expect(l).toMatchObject({ counterparty: { code: '61' }, withCentre: false });
    const { recordAssessment: a } = await ok(ASSESS, { input: { regionCode: CH, year: 2017, grade: 'FAIR', findings: '考核意见' } }, COORD_CH);
    expect(a).toMatchObject({ grade: 'FAIR', region: { code: CH }, organization: null });
    const org = await ok(ASSESS, { input: { organizationId: MEMBER, year: 2017, grade: 'GOOD', findings: '帮扶成效好' } }, COORD_CH);
    expect(org.recordAssessment.organization).toEqual({ id: MEMBER });
  });
});

describe('the county party secretary stays until the county exits', () => {
  const VIOLATIONS = `query($year: Int) { nationalSecretaryRuleViolations(year: $year) { movedIn exitYear secretary { id personName county { code } since until } } }`;

  it('reports exactly the seeded secretary moved before 永寿县 exited', async () => {
    const all = (await ok(VIOLATIONS, {})).nationalSecretaryRuleViolations;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ movedIn: 2015, exitYear: 2018, secretary: { id: `loc-cs-demo-${YS}-1`, county: { code: YS }, until: '2015-05-31' } });
    expect(all[0].secretary.personName.startsWith('演示·')).toBe(true);
    expect((await ok(VIOLATIONS, { year: 2015 })).nationalSecretaryRuleViolations).toHaveLength(1);
    expect((await ok(VIOLATIONS, { year: 2019 })).nationalSecretaryRuleViolations).toEqual([]);
    const { region } = await ok(`{ region(code: "6104") { secretaryRuleViolations { secretary { id } } } }`);
    expect(region.secretaryRuleViolations).toEqual([{ secretary: { id: all[0].secretary.id } }]);
    const secretaries = (await ok(`{ region(code: "${YS}") { countySecretaries { since until } } }`)).region.countySecretaries;
    expect(secretaries.map((s: { since: string }) => s.since)).toEqual(['2011-06-01', '2015-06-01', '2019-04-01']);
  });

  const RECORD = `mutation($input: CountySecretaryInput!) { recordCountySecretary(input: $input) { id until } }`;

  it('records a secretary moved early without refusing, and reports the move', async () => {
    await refused(RECORD, { input: { countyCode: '6104', personName: '测试', since: '2014-01-01' } }, ADMIN, 'BAD_USER_INPUT', 'level', 'input.countyCode');
    await refused(RECORD, { input: { countyCode: CH, personName: '', since: '2014-01-01' } }, ADMIN, 'BAD_USER_INPUT', 'required', 'input.personName');
    const moved = await ok(RECORD, { input: { countyCode: CH, personName: '测试书记', since: '2014-01-01', until: '2016-08-31' } }, COORD_CH);
    expect(moved.recordCountySecretary.until).toBe('2016-08-31');
    await refused(RECORD, { input: { countyCode: CH, personName: '另一书记', since: '2016-01-01' } }, ADMIN, 'BAD_USER_INPUT', 'duplicate', 'input.since');
    const { region } = await ok(`{ region(code: "${CH}") { secretaryRuleViolations { movedIn exitYear secretary { id } } } }`);
    expect(region.secretaryRuleViolations).toEqual([{ movedIn: 2016, exitYear: 2018, secretary: { id: moved.recordCountySecretary.id } }]);
  });
});

describe('the governance demo step', () => {
  it('is a step of its own: a database whose ledger records the demo before it loads it at its next start', async () => {
    await db.database.db.execute(sql.raw(`insert into local.seed_ledger (step) values ('demo') on conflict do nothing`));
    const { pending } = await pendingSteps(db.database, [localSubgraph], { demo: true });
    const names = pending.map((p) => p.step.name);
    expect(names).toContain('governance-demo');
    expect(names).not.toContain('demo');
  });
});
