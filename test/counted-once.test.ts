import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromFen, toFen } from '../lib/money.js';
import {
  ADMIN,
  callsTo,
  countSteadyStatements,
  executeOn,
  rowsOf,
  snapshotSchema,
  startFixtureHub,
  startHub,
  tearDown,
  tokenFor,
  type Hub,
  type TestDatabase,
} from './harness.js';

// Help reported in two channels, counted once: an enterprise contribution's `alsoReportedAs`
// names a record that exists (checked when written, in both topologies; the demo data's too),
// and the registry's `Region.assistanceTotals` adds the channels' money stage by stage, counting
// such a contribution in the channel it references. Over the fixture with its demo data.
let db: TestDatabase;
let embedded: Hub;
let distributed: Hub;

const HELPER = 'test-soe-once';

beforeAll(async () => {
  ({ db, hub: embedded } = await startFixtureHub({
    demo: true,
    organizations: [{ id: HELPER, name: '中国测试计一集团有限公司', kind: 'CENTRAL_SOE', homeRegionCode: '11', demo: false, source: 'test' }],
  }));
  distributed = await startHub({ topology: 'distributed', database: db.database });
}, 600_000);
afterAll(() => tearDown(db, embedded, distributed));

const query = async <T>(text: ReturnType<typeof sql>) => rowsOf<T>(await db.database.db.execute(text));

const RECORD = `mutation($input: RecordContributionInput!) { recordEnterpriseContribution(input: $input) { id alsoReportedAs { channel id } } }`;
const STAGES = 'stage amount demo';
const TOTALS = `query($c: ID!, $y: Int!, $d: Boolean) { region(code: $c) { assistanceTotals(year: $y, includeDemo: $d) {
  year byChannel { channel stages { ${STAGES} } reportedElsewhere { ${STAGES} } } total { ${STAGES} } } } }`;

type Stage = { stage: string; amount: string; demo: string | null };
type Totals = { year: number; byChannel: { channel: string; stages: Stage[]; reportedElsewhere: Stage[] }[]; total: Stage[] };

/** A stage's amount in fen (0 when the list has no such stage). */
const fenOf = (stages: Stage[], stage: string, part: 'amount' | 'demo' = 'amount') => toFen(stages.find((s) => s.stage === stage)?.[part] ?? '0');
const channelOf = (t: Totals, channel: string) => t.byChannel.find((c) => c.channel === channel)!;

async function totals(hub: Hub, c: string, y: number, d = true): Promise<Totals> {
  const { ok } = callsTo(() => hub);
  return (await ok(TOTALS, { c, y, d }, ADMIN)).region.assistanceTotals;
}

/** A counting demo designated report, with its county and year: what the tests refer to. */
async function designatedReport() {
  const [row] = await query<{ id: string; county: string; year: number }>(
    sql`select r.id, p.helped_code as county, r.year from designated.reports r join designated.pairings p on p.id = r.pairing_id
      where r.voided_at is null and p.voided_at is null and r.status = 'APPROVED' order by r.id limit 1`,
  );
  expect(row).toBeDefined();
  return row;
}

describe('references to other channels', () => {
  it('every reference in the seeded data names a record of its channel that exists and counts, in the same county and year', async () => {
    const refs = await query<{ id: string; ref: string; channel: string; code: string; date: string }>(
      sql`select id, also_reported_as as ref, also_reported_channel::text as channel, helped_code as code, date::text as date
        from enterprises.contributions where also_reported_as is not null`,
    );
    const designated = refs.filter((r) => r.channel === 'DESIGNATED');
    const eastWest = refs.filter((r) => r.channel === 'EAST_WEST');
    expect(designated.length).toBeGreaterThan(0);
    expect(eastWest.length).toBeGreaterThan(0);
    const found = new Map<string, { county: string; year: number }>();
    // A designated report approved: the one the channel's money figures count.
    for (const r of await query<{ id: string; county: string; year: number }>(
      sql`select r.id, p.helped_code as county, r.year from designated.reports r join designated.pairings p on p.id = r.pairing_id
        where r.voided_at is null and p.voided_at is null and r.status = 'APPROVED'`,
    ))
      found.set(`DESIGNATED ${r.id}`, r);
    for (const r of await query<{ id: number; county: string; year: number }>(
      sql`select t.id, t.county_code as county, t.year from eastwest.industrial_projects t join eastwest.pairings p on p.id = t.pairing_id
        where t.voided_at is null and p.voided_at is null`,
    ))
      found.set(`EAST_WEST ew-project-${r.id}`, r);
    const broken = refs.filter((r) => {
      const target = found.get(`${r.channel} ${r.ref}`);
      return !target || target.county !== r.code.slice(0, 6) || target.year !== Number(r.date.slice(0, 4));
    });
    expect(broken.slice(0, 5)).toEqual([]);
    // The channels say the same through their graphs (the question a write asks).
    for (const [subgraph, field, list] of [
      ['designated', 'designatedRecordsExisting', designated],
      ['eastwest', 'eastWestRecordsExisting', eastWest],
    ] as const) {
      const ids = [...new Set(list.map((r) => r.ref))];
      const answer = await executeOn(embedded.runtimes.get(subgraph)!, `query($ids: [ID!]!) { ${field}(ids: $ids) }`, { ids: [...ids, `${ids[0]}9`] });
      expect(answer.errors).toBeUndefined();
      expect(new Set((answer.data as Record<string, string[]>)[field])).toEqual(new Set(ids));
    }
  });

  it('a voided record is no longer one to refer to', async () => {
    const [flow] = await query<{ id: number }>(sql`select id from eastwest.fiscal_aid where voided_at is null order by id limit 1`);
    const id = `ew-fiscal-${flow.id}`;
    const ask = async () =>
      (await executeOn(embedded.runtimes.get('eastwest')!, `query($ids: [ID!]!) { eastWestRecordsExisting(ids: $ids) }`, { ids: [id] })).data;
    expect(await ask()).toEqual({ eastWestRecordsExisting: [id] });
    const { ok } = callsTo(() => embedded);
    await ok(`mutation($id: ID!) { voidEastWestRecord(id: $id, reason: "recorded twice") { __typename } }`, { id }, ADMIN);
    expect(await ask()).toEqual({ eastWestRecordsExisting: [] });
    const { refused } = callsTo(() => embedded, { schema: 'enterprises' });
    const input = { helperId: HELPER, helpedCode: '610426', kind: 'PUBLIC_WELFARE_DONATION', date: '2019-01-02', disbursed: '1.00' };
    await refused(
      RECORD,
      { input: { ...input, alsoReportedAs: { channel: 'EAST_WEST', id } } },
      ADMIN,
      'BAD_USER_INPUT',
      'reference-exists',
      'input.alsoReportedAs.id',
    );
  });

  for (const topology of ['embedded', 'distributed'] as const)
    it(`refuses a reference to a missing record, by mutation and by import, writing nothing: ${topology}`, async () => {
      const hub = topology === 'embedded' ? embedded : distributed;
      const { ok, refused } = callsTo(() => hub, { schema: 'enterprises' });
      const report = await designatedReport();
      const input = {
        helperId: HELPER,
        helpedCode: report.county,
        kind: 'PUBLIC_WELFARE_DONATION',
        date: `${report.year}-02-0${topology === 'embedded' ? 1 : 2}`,
      };
      const missing = { channel: 'DESIGNATED', id: `${report.id}0` };
      await refused(
        RECORD,
        { input: { ...input, disbursed: '5.00', alsoReportedAs: missing } },
        ADMIN,
        'BAD_USER_INPUT',
        'reference-exists',
        'input.alsoReportedAs.id',
      );
      // An update to a missing record is refused the same way; the contribution keeps its reference.
      const written = (await ok(RECORD, { input: { ...input, disbursed: '5.00', alsoReportedAs: { channel: 'DESIGNATED', id: report.id } } }, ADMIN))
        .recordEnterpriseContribution;
      expect(written.alsoReportedAs).toEqual({ channel: 'DESIGNATED', id: report.id });
      await refused(
        `mutation($id: ID!, $input: UpdateContributionInput!) { updateEnterpriseContribution(id: $id, input: $input) { id } }`,
        { id: written.id, input: { alsoReportedAs: { channel: 'EAST_WEST', id: 'ew-project-999999999' } } },
        ADMIN,
        'BAD_USER_INPUT',
        'reference-exists',
        'input.alsoReportedAs.id',
      );
      // A file: the row naming a missing record refused (rule on its column), nothing written.
      const base = hub.url.replace(/\/graphql$/, '');
      const file = [
        'helper,place,kind,date,disbursed,also reported channel,also reported as',
        `${HELPER},${report.county},SKILLS_TRAINING,${input.date},7.00,DESIGNATED,${report.id}`,
        `${HELPER},${report.county},PURCHASE,${input.date},8.00,DESIGNATED,${missing.id}`,
      ].join('\n');
      const before = await snapshotSchema(db.database, 'enterprises');
      const response = await fetch(`${base}/import/enterprise-contributions?name=f.csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await tokenFor(ADMIN)}`, 'content-type': 'text/csv' },
        body: file,
      });
      expect(response.status).toBe(200);
      const result = await response.json();
      expect(result).toMatchObject({ committed: false, created: 1, refused: 1 });
      expect(result.rows).toMatchObject([
        { row: 2, status: 'created' },
        { row: 3, status: 'refused', column: 'also reported as', rule: 'reference-exists' },
      ]);
      expect(await snapshotSchema(db.database, 'enterprises')).toEqual(before);
    });
});

describe('money across channels, counted once', () => {
  for (const topology of ['embedded', 'distributed'] as const)
    it(`counts a contribution also reported as a designated record once, in that channel: ${topology}`, async () => {
      const hub = topology === 'embedded' ? embedded : distributed;
      const { ok } = callsTo(() => hub);
      const report = await designatedReport();
      const date = `${report.year}-03-0${topology === 'embedded' ? 1 : 2}`;
      const before = await totals(hub, report.county, report.year);
      await ok(
        RECORD,
        {
          input: {
            helperId: HELPER,
            helpedCode: report.county,
            kind: 'INDUSTRIAL_INVESTMENT',
            date,
            pledged: '20000.00',
            disbursed: '12345.67',
            verified: '10000.01',
            alsoReportedAs: { channel: 'DESIGNATED', id: report.id },
          },
        },
        ADMIN,
      );
      const after = await totals(hub, report.county, report.year);
      const grew = (a: Stage[], b: Stage[], stage: string) => fromFen(fenOf(b, stage) - fenOf(a, stage));
      const ent = [channelOf(before, 'ENTERPRISE'), channelOf(after, 'ENTERPRISE')];
      // In the enterprises channel's own figures, and as reported elsewhere…
      for (const [stage, amount] of [
        ['PLEDGED', '20000.00'],
        ['COMMITTED', '0.00'],
        ['DISBURSED', '12345.67'],
        ['VERIFIED', '10000.01'],
      ]) {
        expect(grew(ent[0].stages, ent[1].stages, stage), stage).toBe(amount);
        expect(grew(ent[0].reportedElsewhere, ent[1].reportedElsewhere, stage), stage).toBe(amount);
        // …so not once more in the total: the designated channel counts it.
        expect(grew(before.total, after.total, stage), stage).toBe('0.00');
      }
      // A real record: the demo parts did not move.
      expect(after.total.map((s) => s.demo)).toEqual(before.total.map((s) => s.demo));
      // The same help without a reference counts in the total.
      await ok(RECORD, { input: { helperId: HELPER, helpedCode: report.county, kind: 'PUBLIC_WELFARE_DONATION', date, disbursed: '100.50' } }, ADMIN);
      const third = await totals(hub, report.county, report.year);
      expect(grew(after.total, third.total, 'DISBURSED')).toBe('100.50');
      expect(grew(after.total, third.total, 'PLEDGED')).toBe('0.00');
    });

  const OWN = `query($c: ID!, $y: Int!, $d: Boolean) {
    designatedPlanAgainstActual(year: $y, groupBy: PROVINCE, within: $c, includeDemo: $d) { actual { fundsInvested } demo { actual { fundsInvested } } }
    region(code: $c) {
      eastWestSummary(year: $y, includeDemo: $d) { asHelped { fiscalAidPledged fiscalAidCommitted fiscalAidDisbursed industrialInvestment }
        demo { asHelped { fiscalAidPledged fiscalAidCommitted fiscalAidDisbursed industrialInvestment } } }
      militarySummary(year: $y, includeDemo: $d) { totals { funds } demo { totals { funds } } }
      enterpriseSummary(year: $y, includeDemo: $d) {
        total { pledged committed disbursed verified demo { pledged committed disbursed verified } }
        totalExcludingReportedElsewhere { pledged committed disbursed verified demo { pledged committed disbursed verified } } } } }`;

  const sum = (amounts: (string | null | undefined)[]) => fromFen(amounts.reduce((a, b) => a + toFen(b ?? '0'), 0n));

  for (const topology of ['embedded', 'distributed'] as const)
    it(`each channel's figures are its own summary's, and the total their sum less what is reported elsewhere: ${topology}`, async () => {
      const hub = topology === 'embedded' ? embedded : distributed;
      const { ok } = callsTo(() => hub);
      const report = await designatedReport();
      let referenced = 0n;
      for (const [c, y, d] of [
        [report.county, report.year, true],
        [report.county, report.year, false],
        ['610426', 2019, true],
        ['61', 2018, true],
        ['52', 2020, false],
      ] as const) {
        const own = await ok(OWN, { c, y, d }, ADMIN);
        const t = await totals(hub, c, y, d);
        const dsg = own.designatedPlanAgainstActual as { actual: { fundsInvested: string }; demo: { actual: { fundsInvested: string } } | null }[];
        const ew = own.region.eastWestSummary;
        const ent = own.region.enterpriseSummary;
        const demoOr = (value: string) => (d ? value : null);
        const expected = {
          DESIGNATED: [
            { stage: 'DISBURSED', amount: sum(dsg.map((r) => r.actual.fundsInvested)), demo: demoOr(sum(dsg.map((r) => r.demo?.actual.fundsInvested))) },
          ],
          EAST_WEST: [
            { stage: 'PLEDGED', amount: ew.asHelped.fiscalAidPledged, demo: d ? ew.demo.asHelped.fiscalAidPledged : null },
            { stage: 'COMMITTED', amount: ew.asHelped.fiscalAidCommitted, demo: d ? ew.demo.asHelped.fiscalAidCommitted : null },
            {
              stage: 'DISBURSED',
              amount: sum([ew.asHelped.fiscalAidDisbursed, ew.asHelped.industrialInvestment]),
              demo: d ? sum([ew.demo.asHelped.fiscalAidDisbursed, ew.demo.asHelped.industrialInvestment]) : null,
            },
          ],
          MILITARY: [{ stage: 'DISBURSED', amount: own.region.militarySummary.totals.funds, demo: d ? own.region.militarySummary.demo.totals.funds : null }],
          ENTERPRISE: (['pledged', 'committed', 'disbursed', 'verified'] as const).map((k) => ({
            stage: k.toUpperCase(),
            amount: ent.total[k],
            demo: d ? ent.total.demo[k] : null,
          })),
        };
        expect(t.byChannel.map((b) => b.channel)).toEqual(['DESIGNATED', 'EAST_WEST', 'MILITARY', 'ENTERPRISE']);
        for (const b of t.byChannel) expect(b.stages, `${b.channel} ${c} ${y} ${d}`).toEqual(expected[b.channel as keyof typeof expected]);
        const elsewhere = channelOf(t, 'ENTERPRISE').reportedElsewhere;
        for (const k of ['pledged', 'committed', 'disbursed', 'verified'] as const) {
          const stage = k.toUpperCase();
          expect(fenOf(elsewhere, stage)).toBe(toFen(ent.total[k]) - toFen(ent.totalExcludingReportedElsewhere[k]));
          const all = t.byChannel.reduce((a, b) => a + fenOf(b.stages, stage), 0n) - fenOf(elsewhere, stage);
          expect(fenOf(t.total, stage), `${stage} ${c} ${y}`).toBe(all);
          if (d) {
            const demo = t.byChannel.reduce((a, b) => a + fenOf(b.stages, stage, 'demo'), 0n) - fenOf(elsewhere, stage, 'demo');
            expect(fenOf(t.total, stage, 'demo')).toBe(demo);
          } else expect(t.total.every((s) => s.demo === null)).toBe(true);
        }
        referenced += fenOf(elsewhere, 'DISBURSED');
      }
      // The fixture's demo data double-reports some money: the view has something to count once.
      expect(referenced).toBeGreaterThan(0n);
    });

  it('costs the same statements whatever the place', async () => {
    for (const hub of [embedded, distributed]) {
      const counted: number[] = [];
      for (const c of ['610426', '610430', '632803', '52', '61']) {
        const { statements } = await countSteadyStatements(hub.database, () => totals(hub, c, 2019));
        counted.push(statements);
      }
      // The place, each channel's summary (the enterprises' with its demo part, the designated
      // figures' demo part only when it has a report there: 632803 has none), the registry's
      // reads for the channels: a county's and a province's alike.
      expect(counted, JSON.stringify(counted)).toEqual([10, 10, 9, 10, 10]);
    }
  });

  const NATIONAL = `query($w: ID, $y: Int!, $d: Boolean) { assistanceTotals(within: $w, year: $y, includeDemo: $d) {
    year byChannel { channel stages { ${STAGES} } reportedElsewhere { ${STAGES} } } total { ${STAGES} } } }`;

  for (const topology of ['embedded', 'distributed'] as const)
    it(`the country's totals are its provinces' added, channel by channel and stage by stage, and \`within\` a place's: ${topology}`, async () => {
      const hub = topology === 'embedded' ? embedded : distributed;
      const { ok } = callsTo(() => hub);
      const provinces = await query<{ code: string }>(sql`select code from registry.regions where level = 'PROVINCE' order by code`);
      const country: Totals = (await ok(NATIONAL, { y: 2019, d: true }, ADMIN)).assistanceTotals;
      const each = await Promise.all(provinces.map((p) => totals(hub, p.code, 2019, true)));
      for (const b of country.byChannel) {
        for (const s of [...b.stages, ...b.reportedElsewhere]) {
          const list = (t: Totals) => (b.reportedElsewhere.includes(s) ? channelOf(t, b.channel).reportedElsewhere : channelOf(t, b.channel).stages);
          expect(toFen(s.amount), `${b.channel} ${s.stage}`).toBe(each.reduce((a, t) => a + fenOf(list(t), s.stage), 0n));
          expect(toFen(s.demo!)).toBe(each.reduce((a, t) => a + fenOf(list(t), s.stage, 'demo'), 0n));
        }
      }
      for (const s of country.total) expect(toFen(s.amount), s.stage).toBe(each.reduce((a, t) => a + fenOf(t.total, s.stage), 0n));
      // The fixture has money (its demo data's): the country's total is not zero.
      expect(country.total.some((s) => toFen(s.amount) > 0n)).toBe(true);
      // Real records only: the same channels and stages, no demo part.
      const real: Totals = (await ok(NATIONAL, { y: 2019, d: false }, ADMIN)).assistanceTotals;
      expect(real.byChannel.map((b) => b.channel)).toEqual(country.byChannel.map((b) => b.channel));
      expect(real.total.every((s) => s.demo === null)).toBe(true);
      // `within`, in any code form: the place's own totals.
      expect((await ok(NATIONAL, { w: '610426000000', y: 2019, d: true }, ADMIN)).assistanceTotals).toEqual(await totals(hub, '610426', 2019));
    }, 180_000);

  it("costs the country the same statements as a place: one more, the provinces' codes", async () => {
    const { statements: country } = await countSteadyStatements(embedded.database, () => callsTo(() => embedded).ok(NATIONAL, { y: 2019 }, ADMIN));
    const { statements: place } = await countSteadyStatements(embedded.database, () => totals(embedded, '61', 2019));
    expect(country).toBeLessThanOrEqual(place + 1);
  }, 120_000);

  it('refuses a year out of range', async () => {
    const { refused } = callsTo(() => embedded);
    await refused(TOTALS, { c: '610426', y: 1900 }, ADMIN, 'BAD_USER_INPUT', 'year', 'year');
  });
});
