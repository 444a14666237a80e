import DataLoader from 'dataloader';
import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
import { audited, lockKey } from '../../lib/audit.js';
import { overlapsSql, yearsOfPeriod } from '../../lib/calendar.js';
import { checkUnlocked } from '../../lib/locks.js';
import { checkPeriod, requiredText } from '../../lib/rules.js';
import { checkReason, correctRecord, counts, voidedOf, voidRecord, type RecordSpec, type Voidable } from '../../lib/corrections.js';
import { badInput, forbidden, notFound, present } from '../../lib/errors.js';
import { isAnonymous } from '../../lib/identity.js';
import { rowsOf } from '../../lib/batch.js';
import type { Context } from './loaders.js';
import type { AssessmentGrade, CadreLevel, MemberRole, PovertyCause } from './tables.js';
import type { LeadingGroupRole } from './types.generated.js';
import { answerWritten } from '../../lib/versions.js';
import { checkHouseholdSize } from './import.js';
import { checkOneGroupAt, checkSecretary, MAX_TEXT } from './governance.js';
import { checkSeat as checkGroupSeat } from './governance-import.js';
import { checkMember } from './work-import.js';
import { localLock, requireWriter } from './access.js';
import { local } from './channel.js';
import {
  assessmentsTable as assessments,
  auditLog,
  cadresTable as cadres,
  countySecretariesTable as secretaries,
  householdPairingsTable as pairings,
  householdStatusesTable as statuses,
  householdsTable as households,
  leadingGroupSeatsTable as seats,
  leadingGroupsTable as groups,
  teamMembersTable as members,
  workTeamsTable as teams,
} from './tables.js';

/**
 * The local channel's voids, history and audit trail (docs/history.md): `voidLocalRecord` takes
 * a work team, a member, a household, a cadre or a pairing by its id's prefix; every record type
 * answers `history` (a household `versions`: its `history` is its status changes) from local's
 * audit log in one statement per batch; `localAuditTrail` reads the log.
 */

type Kind =
  | 'WorkTeam'
  | 'WorkTeamMember'
  | 'Cadre'
  | 'HouseholdPairing'
  | 'PoorHousehold'
  | 'LeadingGroup'
  | 'LeadingGroupSeat'
  | 'ResponsibilityLetter'
  | 'Assessment';

/** The kind an id names, by its prefix (channel.ts); anything else is a household number. */
const kindOf = (id: string): Kind => (local.kindOf(id)?.kind.entity ?? 'PoorHousehold') as Kind;

/** The voidable kinds' tables and words, from the channel's declaration. */
const VOIDABLE = Object.fromEntries(local.kinds.filter((k) => k.voidedAt).map((k) => [k.entity, k.table])) as Record<Kind, typeof teams>;
const WHAT = Object.fromEntries(local.kinds.map((k) => [k.entity, k.what])) as Record<Kind, string>;

// ---- `voided` of any record: one statement per batch --------------------------------------------

const voidLoaders = new WeakMap<object, DataLoader<string, Voidable | null>>();

/** The void columns of records by id, across local's voidable tables, ONE statement per batch. */
function voidOf(ctx: Context, id: string): Promise<Voidable | null> {
  let loader = voidLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, Voidable | null>(async (ids) => {
      const list = sql`(${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )})`;
      const parts = Object.values(VOIDABLE).map(
        (t) => sql`select id, voided_at, voided_by, void_reason from ${t} where id in ${list} and voided_at is not null`,
      );
      const rows = rowsOf<{ id: string; voided_at: string; voided_by: string; void_reason: string }>(await ctx.db.execute(sql.join(parts, sql` union all `)));
      const byId = new Map(rows.map((r) => [r.id, { voidedAt: r.voided_at, voidedBy: r.voided_by, voidReason: r.void_reason }]));
      return ids.map((i) => byId.get(i) ?? null);
    });
    voidLoaders.set(ctx, loader);
  }
  return loader.load(id);
}

const voided = async (r: { id: string }, _: unknown, ctx: Context) => {
  const row = await voidOf(ctx, r.id);
  return row ? voidedOf(row) : null;
};

// ---- voidLocalRecord ----------------------------------------------------------------------------

/** The place a record is about (`home`: an organisation's assessment's home region, asked of the registry). */
async function recordPlace(db: Context['db'], kind: Kind, row: Record<string, unknown>, home: string | null): Promise<string | null> {
  if (kind === 'WorkTeam' || kind === 'PoorHousehold') return row.villageCode as string;
  if (kind === 'Cadre') return row.countyCode as string;
  if (kind === 'LeadingGroup') return row.regionCode as string;
  if (kind === 'ResponsibilityLetter') return row.signerCode as string;
  if (kind === 'Assessment') return (row.regionCode as string | null) ?? home;
  if (kind === 'LeadingGroupSeat') {
    const [group] = await db
      .select({ code: groups.regionCode })
      .from(groups)
      .where(eq(groups.id, row.groupId as string));
    return group?.code ?? null;
  }
  if (kind === 'WorkTeamMember') {
    const [team] = await db
      .select({ code: teams.villageCode })
      .from(teams)
      .where(eq(teams.id, row.teamId as string));
    return team?.code ?? null;
  }
  const [cadre] = await db
    .select({ code: cadres.countyCode })
    .from(cadres)
    .where(eq(cadres.id, row.cadreId as string));
  return cadre?.code ?? null;
}

/**
 * The years a record belongs to, for a lock: its period's (a team, member, pairing, group, seat,
 * letter), an assessment's year, a household's status years; none for a cadre (no period).
 */
async function yearsOf(db: Context['db'], kind: Kind, row: Record<string, unknown>): Promise<number[]> {
  if (kind === 'Cadre') return [];
  if (kind === 'Assessment') return [row.year as number];
  if (kind === 'PoorHousehold') {
    const rows = await db
      .select({ year: statuses.year })
      .from(statuses)
      .where(eq(statuses.householdId, row.id as string));
    return [...new Set(rows.map((r) => r.year))];
  }
  return yearsOfPeriod(row.since as string, (row.until as string | null) ?? null);
}

/**
 * Void a record of the county's precision work: ADMIN or the poverty office covering its place
 * (a team's or a member's village, a household's village, a cadre's or a pairing's county), as
 * recording it; the reason required; a voided record is final (CONFLICT `voided`); a lock over
 * its place in one of its years (`recordPlace`, `yearsOf`), asked before the write, refuses it
 * (CONFLICT `locked`).
 */
async function voidLocalRecord(ctx: Context, id: string, reasonInput: string | null | undefined) {
  const who = ctx.identity;
  const kind = kindOf(id);
  const table = VOIDABLE[kind];
  if (isAnonymous(who)) {
    await audited(ctx.db, auditLog, who, 'voidLocalRecord', kind, async () => {
      throw forbidden('sign in: anonymous callers may not write', 'signed-in');
    });
  }
  const reason = checkReason(reasonInput);
  // An organisation's assessment is about the organisation's home region: asked of the registry before the write.
  const assessed = kind === 'Assessment' ? (await ctx.db.select().from(assessments).where(eq(assessments.id, id)))[0] : null;
  const home = assessed?.organizationId ? ((await ctx.registry.organization(assessed.organizationId))?.homeRegionCode ?? null) : null;
  // The lock over the record's place and years, asked before the write (as every write of the channel does).
  const [recorded] = (await ctx.db.select().from(table).where(eq(table.id, id))) as Record<string, unknown>[];
  const lock = recorded ? await localLock(ctx, await recordPlace(ctx.db, kind, recorded, home), await yearsOf(ctx.db, kind, recorded)) : null;
  await audited(ctx.db, auditLog, who, 'voidLocalRecord', kind, async (scope) => {
    const { tx } = scope;
    const [current] = (await tx.select().from(table).where(eq(table.id, id))) as Record<string, unknown>[];
    const place = current ? await recordPlace(tx, kind, current, home) : null;
    const spec: RecordSpec<Voidable> = { table, key: table.id, keyValue: id, id, entity: kind, what: WHAT[kind], regions: place ? [place] : undefined };
    await voidRecord<Voidable>(scope, who, spec, reason, () => {
      requireWriter(who, place, `void ${id}`);
      checkUnlocked(lock, 'id');
    });
  });
  switch (kind) {
    case 'WorkTeam':
      ctx.loaders.teamById.clear(id);
      return { __typename: kind, ...present(await ctx.loaders.teamById.load(id), 'id', WHAT[kind], id) };
    case 'WorkTeamMember':
      return { __typename: kind, ...present(await ctx.loaders.memberById.load(id), 'id', WHAT[kind], id) };
    case 'Cadre':
      return { __typename: kind, ...present(await ctx.loaders.cadreById.load(id), 'id', WHAT[kind], id) };
    case 'HouseholdPairing':
      return { __typename: kind, ...present(await ctx.loaders.pairingById.load(id), 'id', WHAT[kind], id) };
    case 'LeadingGroup':
      return { __typename: kind, ...present(await ctx.loaders.groupById.clear(id).load(id), 'id', WHAT[kind], id) };
    case 'LeadingGroupSeat':
      return { __typename: kind, ...present(await ctx.loaders.seatById.clear(id).load(id), 'id', WHAT[kind], id) };
    case 'ResponsibilityLetter':
    case 'Assessment': {
      const [row] = await ctx.db.select().from(table).where(eq(table.id, id));
      return { __typename: kind, ...present(row, 'id', WHAT[kind], id) };
    }
    default: {
      const statuses = await ctx.loaders.history.load(id);
      return { __typename: kind, ...present(await ctx.loaders.household.load({ id, year: statuses.at(-1)?.year ?? 0 }), 'id', WHAT[kind], id) };
    }
  }
}

// ---- corrections --------------------------------------------------------------------------------

type PeriodInput = { since?: string | null; until?: string | null };
type CorrectionArgs<I> = { id: string; input: I; reason?: string | null; expectedVersion?: number | null };

/** A period corrected: the fields given over the record's (`until: null` makes it ongoing), checked as recorded. */
function correctedPeriod(input: PeriodInput, before: { since: string; until: string | null }) {
  return checkPeriod(
    { since: 'input.since', until: 'input.until' },
    { since: input.since ?? before.since, until: Object.hasOwn(input, 'until') ? (input.until ?? null) : before.until },
  );
}

/** The years of a record's period before and after a correction (a lock on any refuses it). */
function yearsOfBoth(before: { since: string; until: string | null } | null, input: PeriodInput): number[] {
  if (!before) return [];
  const after = { since: input.since ?? before.since, until: Object.hasOwn(input, 'until') ? (input.until ?? null) : before.until };
  return [...new Set([...yearsOfPeriod(before.since, before.until), ...yearsOfPeriod(after.since, after.until)])];
}

/**
 * One correction of a local record (lib/corrections.ts `correctRecord`): the reason required, the
 * lock over `place` in `years` asked before the transaction, then inside it the writer's access
 * on the record's place (`placeOf`), the lock, and `change`'s rules and values.
 */
async function correctLocal<Row extends Voidable & { version: number }>(
  ctx: Context,
  action: string,
  kind: Kind,
  args: CorrectionArgs<unknown>,
  lockOn: { place: string | null | undefined; years: number[] },
  placeOf: (row: Row, tx: Context['db']) => Promise<string | null>,
  change: (row: Row, tx: Context['db']) => Promise<Partial<Row>>,
): Promise<Row> {
  const who = ctx.identity;
  const reason = checkReason(args.reason);
  const lock = await localLock(ctx, lockOn.place, lockOn.years);
  const table = VOIDABLE[kind];
  const spec: RecordSpec<Row> = { table, key: table.id, keyValue: args.id, id: args.id, entity: kind, what: WHAT[kind] };
  return audited(ctx.db, auditLog, who, action, kind, async (scope) =>
    correctRecord<Row>(scope, spec, reason, args.expectedVersion, async (before) => {
      const place = await placeOf(before, scope.tx);
      requireWriter(who, place, `correct ${args.id}`);
      checkUnlocked(lock, 'id');
      spec.regions = place ? [place] : undefined;
      return change(before, scope.tx);
    }),
  );
}

async function correctWorkTeam(ctx: Context, args: CorrectionArgs<PeriodInput>) {
  const current = await ctx.loaders.teamById.load(args.id);
  await correctLocal<typeof teams.$inferSelect>(
    ctx,
    'correctWorkTeam',
    'WorkTeam',
    args,
    { place: current?.villageCode, years: yearsOfBoth(current, args.input) },
    async (t) => t.villageCode,
    async (before, tx) => {
      const period = correctedPeriod(args.input, before);
      const [outside] = await tx
        .select({ id: members.id })
        .from(members)
        .where(
          and(
            eq(members.teamId, before.id),
            counts(members.voidedAt),
            or(sql`${members.since} < ${period.since}`, period.until === null ? undefined : or(isNull(members.until), sql`${members.until} > ${period.until}`)),
          ),
        )
        .limit(1);
      if (outside) throw badInput('input.since', 'records-outside-period', `member ${outside.id} lies outside that period: correct or end it first`);
      return period;
    },
  );
  return present(await ctx.loaders.teamById.clear(args.id).load(args.id), 'id', WHAT.WorkTeam, args.id);
}

async function correctCadre(ctx: Context, args: CorrectionArgs<{ personName?: string | null; level?: CadreLevel | null }>) {
  const current = await ctx.loaders.cadreById.load(args.id);
  await correctLocal<typeof cadres.$inferSelect>(
    ctx,
    'correctCadre',
    'Cadre',
    args,
    // A cadre has no period: no year of it is locked.
    { place: current?.countyCode, years: [] },
    async (c) => c.countyCode,
    async (before) => ({
      personName: args.input.personName != null ? requiredText('input.personName', args.input.personName, 50) : before.personName,
      level: args.input.level ?? before.level,
    }),
  );
  return present(await ctx.loaders.cadreById.clear(args.id).load(args.id), 'id', WHAT.Cadre, args.id);
}

async function correctHouseholdPairing(ctx: Context, args: CorrectionArgs<PeriodInput>) {
  const current = await ctx.loaders.pairingById.load(args.id);
  const cadre = current && (await ctx.loaders.cadreById.load(current.cadreId));
  await correctLocal<typeof pairings.$inferSelect>(
    ctx,
    'correctHouseholdPairing',
    'HouseholdPairing',
    args,
    { place: cadre?.countyCode, years: yearsOfBoth(current, args.input) },
    async (p, tx) => (await tx.select({ code: cadres.countyCode }).from(cadres).where(eq(cadres.id, p.cadreId)))[0]?.code ?? null,
    async (before, tx) => {
      const period = correctedPeriod(args.input, before);
      await lockKey(tx, `loc-pairing|${before.cadreId}|${before.householdId}`);
      const [clash] = await tx
        .select({ id: pairings.id })
        .from(pairings)
        .where(
          and(
            eq(pairings.cadreId, before.cadreId),
            eq(pairings.householdId, before.householdId),
            ne(pairings.id, before.id),
            counts(pairings.voidedAt),
            overlapsSql(pairings.since, pairings.until, period),
          ),
        )
        .limit(1);
      if (clash) throw badInput('input', 'duplicate', `${clash.id} already pairs this cadre with this household in an overlapping period`);
      return period;
    },
  );
  return present(await ctx.loaders.pairingById.clear(args.id).load(args.id), 'id', WHAT.HouseholdPairing, args.id);
}

type MemberCorrection = {
  personName?: string | null;
  role?: MemberRole | null;
  since?: string | null;
  until?: string | null;
  designatedCadreId?: string | null;
};

/** `correctWorkTeamMember`: the member's rules as added (`checkMember`: inside the team's period), on the member with the corrected fields over it. */
async function correctWorkTeamMember(ctx: Context, args: CorrectionArgs<MemberCorrection>) {
  const i = args.input;
  const current = await ctx.loaders.memberById.load(args.id);
  const team = current && (await ctx.loaders.teamById.load(current.teamId));
  const written = await correctLocal<typeof members.$inferSelect>(
    ctx,
    'correctWorkTeamMember',
    'WorkTeamMember',
    args,
    { place: team?.villageCode, years: yearsOfBoth(current, i) },
    async (m, tx) => (await tx.select({ code: teams.villageCode }).from(teams).where(eq(teams.id, m.teamId)))[0]?.code ?? null,
    async (before, tx) => {
      const [stationed] = await tx.select().from(teams).where(eq(teams.id, before.teamId));
      const has = (k: keyof MemberCorrection) => Object.hasOwn(i, k);
      return checkMember(
        'input',
        {
          personName: i.personName ?? before.personName,
          role: i.role ?? before.role,
          since: i.since ?? before.since,
          until: has('until') ? (i.until ?? null) : before.until,
          designatedCadreId: has('designatedCadreId') ? (i.designatedCadreId ?? null) : before.designatedCadreId,
        },
        stationed,
      );
    },
  );
  return answerWritten(ctx.loaders.memberById, args.id, written);
}

/**
 * `correctHousehold`: a filed household's size or main cause, with the size's rule of filing
 * (`checkHouseholdSize`). Its number and village are what it is (void it and file another); its
 * status moves with `setHouseholdStatus`, which keeps every change in `history`.
 */
async function correctHousehold(ctx: Context, args: CorrectionArgs<{ size?: number | null; mainCause?: PovertyCause | null }>) {
  const i = args.input;
  const [current] = await ctx.db.select().from(households).where(eq(households.id, args.id));
  const written = await correctLocal<typeof households.$inferSelect>(
    ctx,
    'correctHousehold',
    'PoorHousehold',
    args,
    { place: current?.villageCode, years: current ? await yearsOf(ctx.db, 'PoorHousehold', current) : [] },
    async (h) => h.villageCode,
    async (before) => ({
      size: i.size != null ? checkHouseholdSize('input.size', i.size) : before.size,
      mainCause: i.mainCause ?? before.mainCause,
    }),
  );
  const statuses = await ctx.loaders.history.load(args.id);
  return present(
    await ctx.loaders.household.clear({ id: args.id, year: statuses.at(-1)?.year ?? 0 }).load({ id: args.id, year: statuses.at(-1)?.year ?? 0 }),
    'id',
    WHAT.PoorHousehold,
    written.id,
  );
}

/** `correctAssessment`: the grade or the findings, with the rules of recording them; its subject and year are what it is. */
async function correctAssessment(ctx: Context, args: CorrectionArgs<{ grade?: AssessmentGrade | null; findings?: string | null }>) {
  const i = args.input;
  const [current] = await ctx.db.select().from(assessments).where(eq(assessments.id, args.id));
  const home = current?.organizationId ? ((await ctx.registry.organization(current.organizationId))?.homeRegionCode ?? null) : null;
  return correctLocal<typeof assessments.$inferSelect>(
    ctx,
    'correctAssessment',
    'Assessment',
    args,
    { place: current?.regionCode ?? home, years: current ? [current.year] : [] },
    async (a) => a.regionCode ?? home,
    async (before) => ({
      grade: i.grade ?? before.grade,
      findings: i.findings != null ? requiredText('input.findings', i.findings, MAX_TEXT) : before.findings,
    }),
  );
}

/** `correctLeadingGroupSeat`: the role or the period, with the seat's rules (`checkSeat`: inside the group's period); its group and organisation are what it is. */
async function correctLeadingGroupSeat(ctx: Context, args: CorrectionArgs<{ role?: LeadingGroupRole | null; since?: string | null; until?: string | null }>) {
  const i = args.input;
  const current = await ctx.loaders.seatById.load(args.id);
  const group = current && (await ctx.loaders.groupById.load(current.groupId));
  const org = current ? await ctx.registry.organization(current.organizationId) : null;
  const written = await correctLocal<typeof seats.$inferSelect>(
    ctx,
    'correctLeadingGroupSeat',
    'LeadingGroupSeat',
    args,
    { place: group?.regionCode, years: yearsOfBoth(current, i) },
    async (seat, tx) => (await tx.select({ code: groups.regionCode }).from(groups).where(eq(groups.id, seat.groupId)))[0]?.code ?? null,
    async (before, tx) => {
      const [sitting] = await tx.select().from(groups).where(eq(groups.id, before.groupId));
      if (!org) throw notFound('id', 'organisation', before.organizationId);
      return checkGroupSeat(
        'input',
        {
          organizationId: before.organizationId,
          role: i.role ?? before.role,
          since: i.since ?? before.since,
          until: Object.hasOwn(i, 'until') ? (i.until ?? null) : before.until,
        },
        org,
        sitting,
      );
    },
  );
  return answerWritten(ctx.loaders.seatById, args.id, written);
}

/**
 * `correctLeadingGroup`: the office or the period, with the rules of recording a group (the office
 * known, one group at the place at a time: `checkOneGroupAt`) and its seats that count kept inside
 * the period (`records-outside-period`); its place is what it is.
 */
async function correctLeadingGroup(ctx: Context, args: CorrectionArgs<{ officeId?: string | null } & PeriodInput>) {
  const i = args.input;
  const current = await ctx.loaders.groupById.load(args.id);
  const office = i.officeId != null ? await ctx.registry.organization(i.officeId) : null;
  const written = await correctLocal<typeof groups.$inferSelect>(
    ctx,
    'correctLeadingGroup',
    'LeadingGroup',
    args,
    { place: current?.regionCode, years: yearsOfBoth(current, i) },
    async (g) => g.regionCode,
    async (before, tx) => {
      if (i.officeId != null && !office) throw notFound('input.officeId', 'organisation', i.officeId);
      const period = correctedPeriod(i, before);
      const [outside] = await tx
        .select({ id: seats.id })
        .from(seats)
        .where(
          and(
            eq(seats.groupId, before.id),
            counts(seats.voidedAt),
            or(sql`${seats.since} < ${period.since}`, period.until === null ? undefined : or(isNull(seats.until), sql`${seats.until} > ${period.until}`)),
          ),
        )
        .limit(1);
      if (outside) throw badInput('input.since', 'records-outside-period', `seat ${outside.id} lies outside that period: correct or void it first`);
      await checkOneGroupAt(tx, before.regionCode, period, before.id);
      return { ...period, officeId: office?.id ?? before.officeId };
    },
  );
  return answerWritten(ctx.loaders.groupById, args.id, { ...written, asOf: null, filter: 'all' as const });
}

/**
 * `correctCountySecretary`: the name or the period, with the rules of recording one
 * (`checkSecretary`: one secretary of the county at a time). A secretary is never voided: a
 * wrong one is corrected. Answers the row written.
 */
async function correctCountySecretary(ctx: Context, args: CorrectionArgs<{ personName?: string | null } & PeriodInput>) {
  const i = args.input;
  const who = ctx.identity;
  const reason = checkReason(args.reason);
  const [current] = await ctx.db.select().from(secretaries).where(eq(secretaries.id, args.id));
  const lock = await localLock(ctx, current?.countyCode, yearsOfBoth(current ?? null, i));
  const spec: RecordSpec<typeof secretaries.$inferSelect & Voidable> = {
    table: secretaries,
    key: secretaries.id,
    keyValue: args.id,
    id: args.id,
    entity: 'CountySecretary',
    what: 'county secretary',
  };
  return audited(ctx.db, auditLog, who, 'correctCountySecretary', 'CountySecretary', async (scope) =>
    correctRecord(scope, spec, reason, args.expectedVersion, async (before) => {
      requireWriter(who, before.countyCode, `correct ${args.id}`);
      checkUnlocked(lock, 'id');
      const { personName, period } = await checkSecretary(
        scope.tx,
        before.countyCode,
        {
          personName: i.personName ?? before.personName,
          since: i.since ?? before.since,
          until: Object.hasOwn(i, 'until') ? (i.until ?? null) : before.until,
        },
        before.id,
      );
      return { personName, ...period };
    }),
  );
}

/** A record's `version`: a list's rows leave it out, then it is read by id. */
const versionBy =
  (load: (ctx: Context, id: string) => Promise<{ version?: number } | null>) => async (r: { id: string; version?: number }, _: unknown, ctx: Context) =>
    r.version ?? (await load(ctx, r.id))?.version ?? 1;

/** The resolvers this part adds (merged into the subgraph's: subgraphs/local/subgraph.ts). */
export const correctionResolvers = {
  Mutation: {
    voidLocalRecord: (_: unknown, { id, reason }: { id: string; reason?: string | null }, ctx: Context) => voidLocalRecord(ctx, id, reason),
    correctWorkTeam: (_: unknown, args: CorrectionArgs<PeriodInput>, ctx: Context) => correctWorkTeam(ctx, args),
    correctCadre: (_: unknown, args: CorrectionArgs<{ personName?: string | null; level?: CadreLevel | null }>, ctx: Context) => correctCadre(ctx, args),
    correctHouseholdPairing: (_: unknown, args: CorrectionArgs<PeriodInput>, ctx: Context) => correctHouseholdPairing(ctx, args),
    correctWorkTeamMember: (_: unknown, args: CorrectionArgs<MemberCorrection>, ctx: Context) => correctWorkTeamMember(ctx, args),
    correctHousehold: (_: unknown, args: CorrectionArgs<{ size?: number | null; mainCause?: PovertyCause | null }>, ctx: Context) =>
      correctHousehold(ctx, args),
    correctAssessment: (_: unknown, args: CorrectionArgs<{ grade?: AssessmentGrade | null; findings?: string | null }>, ctx: Context) =>
      correctAssessment(ctx, args),
    correctCountySecretary: (_: unknown, args: CorrectionArgs<{ personName?: string | null } & PeriodInput>, ctx: Context) => correctCountySecretary(ctx, args),
    correctLeadingGroup: (_: unknown, args: CorrectionArgs<{ officeId?: string | null } & PeriodInput>, ctx: Context) => correctLeadingGroup(ctx, args),
    correctLeadingGroupSeat: (
      _: unknown,
      args: CorrectionArgs<{ role?: LeadingGroupRole | null; since?: string | null; until?: string | null }>,
      ctx: Context,
    ) => correctLeadingGroupSeat(ctx, args),
  },
  LocalRecord: { __resolveType: (r: { __typename: Kind }) => r.__typename },
  WorkTeam: { voided },
  WorkTeamMember: { voided },
  PoorHousehold: { voided },
  Cadre: { voided, version: versionBy((ctx, id) => ctx.loaders.cadreById.load(id)) },
  HouseholdPairing: { voided, version: versionBy((ctx, id) => ctx.loaders.pairingById.load(id)) },
  LeadingGroup: { voided },
  LeadingGroupSeat: { voided },
  ResponsibilityLetter: { voided },
  Assessment: { voided },
};
