import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, callsTo, coordinator, countStatements, startFixtureHub, tearDown, type Hub, type TestDatabase } from './harness.js';

/**
 * A first secretary a central unit sends is one person in two channels: the designated channel
 * records the posting, the local channel the work-team membership, which refers to the posting
 * (`WorkTeamMember.designatedPosting`) and answers `DesignatedCadre.workTeamRoles`. Nothing is
 * copied: each side reads its own table, once per batch.
 */
let db: TestDatabase;
let hub: Hub;

const UNIT = 'test-central-organ';
const UNIT_NAME = '中央测试部门';
const COORD_YS = coordinator('610426', { sub: 'coord-yongshou', office: 'POVERTY' });
const { ok, refused } = callsTo(() => hub, { as: ADMIN, schema: 'local' });

const fx = { villages: [] as string[], cadres: [] as string[], teams: [] as string[], members: [] as string[] };

const ADD = `mutation($id: ID!, $input: WorkTeamMemberInput!) { addWorkTeamMember(teamId: $id, input: $input) { id designatedPosting { id personName } } }`;

/** The statements of `run` that read `table` (a quoted schema-qualified name). */
async function statementsOn(table: string, run: () => Promise<unknown>) {
  const { log, result } = await countStatements(db.database, run);
  return { result, count: log.filter((s) => s.includes(table)).length, log };
}

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({
    organizations: [{ id: UNIT, name: UNIT_NAME, kind: 'CENTRAL_PARTY_STATE_ORGAN', homeRegionCode: '11', demo: false, source: 'test' }],
  }));
  const villages = await ok<{ regions: { edges: { node: { code: string } }[] } }>(
    `{ regions(filter: {within: "610426", level: VILLAGE}, first: 2) { edges { node { code } } } }`,
  );
  fx.villages = villages.regions.edges.map((e) => e.node.code);
  const pairing = (
    await ok(`mutation($input: CreateDesignatedPairingInput!) { createDesignatedPairing(input: $input) { id } }`, {
      input: { helperId: UNIT, helpedCode: '610426', since: '2016-01-01' },
    })
  ).createDesignatedPairing.id;
  const ids = ['110105198001011238', '610426198503150023'];
  for (const [i, village] of fx.villages.entries()) {
    const cadre = await ok(`mutation($input: AssignDesignatedCadreInput!) { assignDesignatedCadre(input: $input) { id } }`, {
      input: { pairingId: pairing, role: 'FIRST_SECRETARY', personName: `第一书记${i}`, identityNumber: ids[i], postedCode: village, since: '2018-01-01' },
    });
    fx.cadres.push(cadre.assignDesignatedCadre.id);
    const team = await ok(`mutation($input: CreateWorkTeamInput!) { createWorkTeam(input: $input) { id } }`, {
      input: { villageCode: village, senderIds: [UNIT], since: '2018-01-01' },
    });
    fx.teams.push(team.createWorkTeam.id);
  }
  for (const [i, team] of fx.teams.entries()) {
    const member = await ok(
      ADD,
      { id: team, input: { personName: `第一书记${i}`, role: 'FIRST_SECRETARY', since: '2018-01-01', designatedCadreId: fx.cadres[i] } },
      COORD_YS,
    );
    fx.members.push(member.addWorkTeamMember.id);
  }
}, 120_000);

afterAll(() => tearDown(db, hub));

describe('a designated first secretary on a village work team', () => {
  it('reads the posting from the member, resolved by the designated channel in one statement for the batch', async () => {
    const { result, count, log } = await statementsOn('"designated"."cadres"', () =>
      ok(`{ region(code: "610426") { workTeams(includeDescendants: true) { id members { id role designatedPosting { id personName helper { name } } } } } }`),
    );
    const teams = (result as { region: { workTeams: { id: string; members: { id: string; designatedPosting: unknown }[] }[] } }).region.workTeams;
    const postings = teams.flatMap((t) => t.members.map((m) => ({ team: t.id, member: m.id, posting: m.designatedPosting })));
    expect(postings).toEqual(
      fx.teams.map((team, i) => ({ team, member: fx.members[i], posting: { id: fx.cadres[i], personName: `第一书记${i}`, helper: { name: UNIT_NAME } } })),
    );
    expect(count, log.join('\n')).toBe(1);
  });

  it('reads the memberships from the posting, answered by the local channel in one statement for the batch', async () => {
    const { result, count, log } = await statementsOn('"local"."team_members"', () =>
      ok(`{ region(code: "610426") { cadres(includeDescendants: true) { id workTeamRoles { id team { village { code } } role } } } }`),
    );
    const cadres = (result as { region: { cadres: { id: string; workTeamRoles: unknown[] }[] } }).region.cadres;
    expect(cadres).toEqual(
      fx.cadres.map((id, i) => ({ id, workTeamRoles: [{ id: fx.members[i], team: { village: { code: fx.villages[i] } }, role: 'FIRST_SECRETARY' }] })),
    );
    expect(count, log.join('\n')).toBe(1);
  });

  it('reads one posting by id with its membership', async () => {
    const data = await ok(`query($id: ID!) { designatedCadre(id: $id) { workTeamRoles { team { village { code } } role } } }`, { id: fx.cadres[1] });
    expect(data.designatedCadre.workTeamRoles).toEqual([{ team: { village: { code: fx.villages[1] } }, role: 'FIRST_SECRETARY' }]);
  });

  it('keeps a posting of no form out, and answers null for a well-formed id the designated channel does not hold', async () => {
    const input = { personName: '队员', role: 'MEMBER', since: '2018-01-01' };
    await refused(
      ADD,
      { id: fx.teams[0], input: { ...input, designatedCadreId: 'dsg-p-0123456789ab' } },
      COORD_YS,
      'BAD_USER_INPUT',
      'reference-format',
      'input.designatedCadreId',
    );
    await refused(
      `mutation($input: CreateWorkTeamInput!) { createWorkTeam(input: $input) { id } }`,
      { input: { villageCode: fx.villages[0], senderIds: [UNIT], since: '2018-01-01', members: [{ ...input, designatedCadreId: 'x' }] } },
      COORD_YS,
      'BAD_USER_INPUT',
      'reference-format',
      'input.members.0.designatedCadreId',
    );
    const added = await ok(ADD, { id: fx.teams[0], input: { ...input, designatedCadreId: 'dsg-c-000000000000' } }, COORD_YS);
    expect(added.addWorkTeamMember.designatedPosting).toBeNull();
    const plain = await ok(ADD, { id: fx.teams[1], input }, COORD_YS);
    expect(plain.addWorkTeamMember.designatedPosting).toBeNull();
  });
});
