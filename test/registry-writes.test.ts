import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { governmentId } from '../lib/org-ids.js';
import { ANONYMOUS } from '../lib/identity.js';
import { ADMIN, coordinator, editor, executeOn, rowsOf, snapshotSchema, startFixtureHub, tearDown, type Hub, type TestDatabase } from './harness.js';

let db: TestDatabase;
let hub: Hub;

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub());
});
afterAll(() => tearDown(db, hub));

const CREATE = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id name kind homeRegion { code } parent { id } aliases uscc } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id name aliases homeRegion { code } } }`;

async function auditRows() {
  return rowsOf<{ action: string; outcome: string; actor: string; entity_id: string | null; before: unknown; after: unknown }>(
    await db.database.db.execute(sql`select * from registry.audit_log order by id`),
  );
}

/** The registry's names revision (`registry.names_revision`), as the channels' name lookups read it. */
async function namesRevision(on: { execute: TestDatabase['database']['db']['execute'] } = db.database.db) {
  return Number(rowsOf<{ revision: string }>(await on.execute(sql`select revision::text from registry.names_revision`))[0].revision);
}

describe('organisation writes', () => {
  it('registers an organisation with aliases, parent and home region, and audits it', async () => {
    const { data, errors } = await hub.query(
      CREATE,
      { input: { id: 'sx-energy', name: '陕西能源集团', kind: 'LOCAL_SOE', homeRegionCode: '610000', aliases: ['陕能'], uscc: '91610000MA6TG1234X' } },
      ADMIN,
    );
    expect(errors).toBeUndefined();
    expect(data!.createOrganization).toMatchObject({ id: 'sx-energy', homeRegion: { code: '61' }, aliases: ['陕能'] });
    const child = await hub.query(CREATE, { input: { id: 'sx-energy-yongshou', name: '陕能永寿分公司', kind: 'LOCAL_SOE', parentId: 'sx-energy' } }, ADMIN);
    expect(child.data!.createOrganization.parent).toEqual({ id: 'sx-energy' });
    const audit = (await auditRows()).filter((r) => r.entity_id === 'sx-energy');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'createOrganization', outcome: 'applied', actor: ADMIN.sub, before: null });
  });

  it('keeps the previous version in the audit log on update', async () => {
    const { data } = await hub.query(UPDATE, { id: 'sx-energy', input: { name: '陕西能源投资集团', aliases: ['陕投'] } }, ADMIN);
    expect(data!.updateOrganization).toMatchObject({ name: '陕西能源投资集团', aliases: ['陕投'] });
    const [entry] = (await auditRows()).filter((r) => r.action === 'updateOrganization' && r.entity_id === 'sx-energy');
    expect(entry.before).toMatchObject({ name: '陕西能源集团', aliases: ['陕能'] });
    expect(entry.after).toMatchObject({ name: '陕西能源投资集团', aliases: ['陕投'] });
  });

  it('lets an organisation editor update its own organisation only', async () => {
    const shanghai = editor(governmentId('31'), { sub: 'sh-editor' });
    const own = await hub.query(UPDATE, { id: governmentId('31'), input: { aliases: ['上海', '沪'] } }, shanghai);
    expect(own.errors).toBeUndefined();
    const before = await snapshotSchema(db.database, 'registry');
    const other = await hub.query(UPDATE, { id: governmentId('11'), input: { name: '篡改' } }, shanghai);
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await snapshotSchema(db.database, 'registry')).toEqual(before);
    const refused = (await auditRows()).filter((r) => r.outcome === 'refused' && r.actor === 'sh-editor');
    expect(refused).toHaveLength(1);
  });

  const invalid: [string, Record<string, unknown>, string, string][] = [
    ['an empty name', { name: '  ', kind: 'LOCAL_SOE' }, 'input.name', 'required'],
    ['an unknown home region', { name: 'x', kind: 'LOCAL_SOE', homeRegionCode: '999999' }, 'input.homeRegionCode', 'exists'],
    ['a malformed home region', { name: 'x', kind: 'LOCAL_SOE', homeRegionCode: '61x' }, 'input.homeRegionCode', 'division-code'],
    ['an unknown parent', { name: 'x', kind: 'LOCAL_SOE', parentId: 'nobody' }, 'input.parentId', 'exists'],
    ['a malformed USCC', { name: 'x', kind: 'LOCAL_SOE', uscc: '1234' }, 'input.uscc', 'uscc-format'],
    ['a USCC on an individual', { name: '张三', kind: 'INDIVIDUAL', uscc: '91610000MA6TG1234Y' }, 'input.uscc', 'kind'],
    ['a duplicate USCC', { name: 'y', kind: 'LOCAL_SOE', uscc: '91610000MA6TG1234X' }, 'input.uscc', 'unique'],
    ['a duplicate id', { id: 'sx-energy', name: 'y', kind: 'LOCAL_SOE' }, 'input.id', 'unique'],
    ['a malformed id', { id: 'bad id!', name: 'y', kind: 'LOCAL_SOE' }, 'input.id', 'id-format'],
    ['the mark of generated organisations', { name: '演示·某某集团', kind: 'LOCAL_SOE' }, 'input.name', 'demo-mark'],
  ];
  for (const [what, input, field, rule] of invalid) {
    it(`refuses ${what} as BAD_USER_INPUT naming ${field}, changing nothing`, async () => {
      const before = await snapshotSchema(db.database, 'registry');
      const auditBefore = (await auditRows()).length;
      const { errors, data } = await hub.query(CREATE, { input }, ADMIN);
      expect(data?.createOrganization ?? null).toBeNull();
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
      expect(await snapshotSchema(db.database, 'registry')).toEqual(before);
      expect((await auditRows()).length).toBe(auditBefore);
    });
  }

  it('refuses a parent that would close a cycle', async () => {
    const { errors } = await hub.query(UPDATE, { id: 'sx-energy', input: { parentId: 'sx-energy-yongshou' } }, ADMIN);
    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.parentId', rule: 'no-cycle' });
  });

  it('answers NOT_FOUND for an unknown organisation', async () => {
    const { errors } = await hub.query(UPDATE, { id: 'nobody', input: { name: 'x' } }, ADMIN);
    expect(errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses creation by anyone but an administrator, and records the refusal', async () => {
    const before = await snapshotSchema(db.database, 'registry');
    for (const as of [undefined, editor(governmentId('11')), coordinator('61')]) {
      const { errors } = await hub.query(CREATE, { input: { name: '某公司', kind: 'PRIVATE_ENTERPRISE' } }, as);
      expect(errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect(await snapshotSchema(db.database, 'registry')).toEqual(before);
  });

  it('shows an individual donor by name only to signed-in roles', async () => {
    await hub.query(CREATE, { input: { id: 'donor-zhang', name: '张三', kind: 'INDIVIDUAL', aliases: ['老张'] } }, ADMIN);
    const q = `{ organization(id: "donor-zhang") { name aliases kind } organizations(filter: {nameContains: "张三"}) { totalCount } }`;
    const anonymous = await hub.query(q);
    expect(anonymous.data!.organization).toEqual({ name: '个人捐赠者', aliases: [], kind: 'INDIVIDUAL' });
    expect(anonymous.data!.organizations.totalCount).toBe(0);
    const asCoordinator = await hub.query(q, {}, coordinator('61'));
    expect(asCoordinator.data!.organization).toEqual({ name: '张三', aliases: ['老张'], kind: 'INDIVIDUAL' });
  });

  it("answers the channels' name lookups (organizationNames) in order, masked as Organization.name is, and only off the public graph", async () => {
    await hub.query(CREATE, { input: { id: 'donor-li', name: '李四', kind: 'INDIVIDUAL' } }, ADMIN);
    const registry = hub.runtimes.get('registry')!;
    const NAMES = `query($ids: [ID!]!) { organizationNames(ids: $ids) { revision view names } }`;
    const ids = ['donor-li', 'no-such-org', governmentId('31'), 'donor-li'];
    const anonymous = await executeOn(registry, NAMES, { ids });
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data!.organizationNames).toMatchObject({ view: 'public', names: ['个人捐赠者', null, '上海市人民政府', '个人捐赠者'] });
    const asCoordinator = await executeOn(registry, NAMES, { ids }, { ...ANONYMOUS, role: 'COORDINATOR', regions: ['61'] });
    expect(asCoordinator.data!.organizationNames).toMatchObject({ view: 'all', names: ['李四', null, '上海市人民政府', '李四'] });
    // No id, or none known: still the revision.
    const none = await executeOn(registry, NAMES, { ids: [] });
    expect(none.data!.organizationNames).toEqual({ revision: (anonymous.data!.organizationNames as { revision: string }).revision, view: 'public', names: [] });
    const tooMany = await executeOn(registry, NAMES, { ids: Array.from({ length: 100_001 }, (_, i) => `org-${i}`) });
    expect(tooMany.errors?.[0].message).toMatch(/ids.*at most 100000/);
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // Not in the graph the gateway serves.
    const viaGateway = await hub.query(`{ organizationNames(ids: ["donor-li"]) { names } }`);
    expect(viaGateway.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe("the organisations' names revision", () => {
  it('rises with every statement that writes organisations, in its transaction, and with nothing else', async () => {
    const start = await namesRevision();
    expect((await hub.query(UPDATE, { id: governmentId('31'), input: { nameEn: 'Shanghai Municipal Government' } }, ADMIN)).errors).toBeUndefined();
    const afterUpdate = await namesRevision();
    expect(afterUpdate).toBeGreaterThan(start);
    // A rejected write changes nothing, the revision included.
    expect((await hub.query(UPDATE, { id: governmentId('31'), input: { name: '' } }, ADMIN)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await namesRevision()).toBe(afterUpdate);
    // Writes to other tables leave it.
    await db.database.db.execute(sql`update registry.regions set name = name where code = '610426'`);
    expect(await namesRevision()).toBe(afterUpdate);
    // Each statement straight into the table (an import), insert, update, delete and truncate alike;
    // rolled back, the revision is rolled back with it.
    await db.database.db
      .transaction(async (tx) => {
        const seen = [await namesRevision(tx)];
        await tx.execute(sql`insert into registry.organizations (id, name, kind, source) values ('rev-probe', '探针', 'LOCAL_SOE', 'test')`);
        seen.push(await namesRevision(tx));
        await tx.execute(sql`update registry.organizations set name = '探针二' where id = 'rev-probe'`);
        seen.push(await namesRevision(tx));
        await tx.execute(sql`delete from registry.organizations where id = 'rev-probe'`);
        seen.push(await namesRevision(tx));
        await tx.execute(sql`truncate registry.organizations`);
        seen.push(await namesRevision(tx));
        expect(seen).toEqual([afterUpdate, afterUpdate + 1, afterUpdate + 2, afterUpdate + 3, afterUpdate + 4]);
        tx.rollback();
      })
      .catch((error: Error) => expect(error.message).toMatch(/rollback/i));
    expect(await namesRevision()).toBe(afterUpdate);
    const organization = (await hub.query(`{ organization(id: "${governmentId('31')}") { name } }`)).data as { organization: { name: string } };
    expect(organization.organization.name).toBe('上海市人民政府');
  });
});
