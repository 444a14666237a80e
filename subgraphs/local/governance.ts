import { and, eq, ne } from 'drizzle-orm';
import { audited, lockKey } from '../../lib/audit.js';
import { checkNotVoided, counts } from '../../lib/corrections.js';
import { overlapsSql, yearOf, yearsOfPeriod } from '../../lib/calendar.js';
import { checkUnlocked } from '../../lib/locks.js';
import { normalizeCode } from '../../lib/codes.js';
import { demoFilterOf, type DemoFilter } from '../../lib/demo.js';
import { badInput, forbidden, notFound, present } from '../../lib/errors.js';
import { isAnonymous } from '../../lib/identity.js';
import { noPlace, type OrganizationFacts } from '../../lib/registry-api.js';
import { checkAtMost, checkCode, checkPeriod, checkYear, requiredText } from '../../lib/rules.js';
import { nextVersion } from '../../lib/versions.js';
import type { GroupRow, ListKey, SecretaryRow, ViolationRow } from './governance-loaders.js';
import type { Context } from './loaders.js';
import { localLock, requireWriter } from './resolvers.js';
import {
  assessmentsTable as assessments,
  auditLog,
  countySecretariesTable as secretaries,
  GROUP_LEVELS,
  leadingGroupSeatsTable as seats,
  leadingGroupsTable as groups,
  responsibilityLettersTable as letters,
  type GroupLevel,
} from './tables.js';
import type { LeadingGroupSeatInput, Resolvers } from './types.generated.js';

/**
 * Leading groups (扶贫开发领导小组) and their offices (扶贫办) at province, prefecture and
 * county: records of this subgraph at a registry place, whose office and member organisations
 * are registry organisations. A group's military seats stay the military channel's
 * (`Region.militaryLeadingGroupMembers`): the group points at its place, where they are read.
 */

/** The most seats given in one call. */
const MAX_SEATS = 100;

/** The code of the place above whose group is a group's parent: a county's prefecture, a prefecture's province. */
export function parentCodes(code: string, level: GroupLevel): string[] {
  if (level === 'COUNTY') return [code.slice(0, 4), code.slice(0, 2)];
  if (level === 'PREFECTURE') return [code.slice(0, 2)];
  return [];
}

/**
 * The group of the place above in the group's year, with the same records wanted: a county's
 * prefecture's group, or its province's when the prefecture has none recorded (a county directly
 * under a province, as in the municipalities).
 */
async function parentGroup(g: GroupRow, ctx: Context): Promise<GroupRow | null> {
  for (const code of parentCodes(g.regionCode, g.level)) {
    const found = await ctx.loaders.placeGroup.load({ code, year: g.asOf, demo: g.filter });
    if (found) return found;
  }
  return null;
}

/** A seat's values, its period inside the group's (rules `period`, `within-period`), its organisation known (`exists`). */
export function checkSeat(field: string, input: LeadingGroupSeatInput, org: OrganizationFacts | null, group: { since: string; until: string | null }) {
  if (!org) throw notFound(`${field}.organizationId`, 'organisation', input.organizationId);
  const period = checkPeriod({ since: `${field}.since`, until: `${field}.until` }, input);
  if (period.since < group.since) throw badInput(`${field}.since`, 'within-period', `must not be before the group's start (${group.since})`);
  if (group.until !== null && (period.until === null || period.until > group.until)) {
    throw badInput(`${field}.until`, 'within-period', `must end by the group's end (${group.until})`);
  }
  return { organizationId: org.id, role: input.role, ...period };
}

/**
 * One group at a place at a time (rule `duplicate`): the place's lock taken, no other group that
 * counts (`except` left out: a corrected group) in an overlapping period. Creating and correcting a group.
 */
export async function checkOneGroupAt(tx: Context['db'], code: string, period: { since: string; until: string | null }, except: string | null) {
  await lockKey(tx, `loc-group|${code}`);
  const [clash] = await tx
    .select({ id: groups.id, since: groups.since })
    .from(groups)
    .where(
      and(eq(groups.regionCode, code), counts(groups.voidedAt), except ? ne(groups.id, except) : undefined, overlapsSql(groups.since, groups.until, period)),
    )
    .limit(1);
  if (clash) throw badInput('input.since', 'duplicate', `${clash.id} (from ${clash.since}) is ${code}'s group in an overlapping period`);
}

/**
 * A county secretary's rules, recording or correcting one: a name, a period, one secretary of the
 * county at a time (rule `duplicate`; `except` left out: a corrected secretary), the county's lock taken.
 */
export async function checkSecretary(
  tx: Context['db'],
  county: string,
  input: { personName: string; since: string; until?: string | null },
  except: string | null,
) {
  const personName = requiredText('input.personName', input.personName, MAX_NAME);
  const period = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
  await lockKey(tx, `loc-secretary|${county}`);
  const [clash] = await tx
    .select({ id: secretaries.id, personName: secretaries.personName })
    .from(secretaries)
    .where(and(eq(secretaries.countyCode, county), except ? ne(secretaries.id, except) : undefined, overlapsSql(secretaries.since, secretaries.until, period)))
    .limit(1);
  if (clash) throw badInput('input.since', 'duplicate', `${clash.id} (${clash.personName}) is the secretary of ${county} in an overlapping period`);
  return { personName, period };
}

/** The longest targets and findings text. */
export const MAX_TEXT = 2000;
/** The longest person's name. */
const MAX_NAME = 50;

const listKey = (id: string, year: number | null | undefined, includeDemo: boolean | null | undefined): ListKey => ({
  id,
  year: checkYear('year', year ?? null),
  demo: demoFilterOf(includeDemo),
});

/**
 * The secretaries of a list moved before their county's poverty exit year (the registry's
 * `Region.poverty.exitYear`, asked through its graph: one lookup for every county of the list).
 * A county with no exit year (not a poverty county, or not exited) has no such rule here.
 */
async function violationsOf(rows: SecretaryRow[], ctx: Context): Promise<ViolationRow[]> {
  const counties = await Promise.all(rows.map((r) => ctx.registry.region(r.countyCode)));
  const out: ViolationRow[] = [];
  rows.forEach((secretary, i) => {
    const exitYear = counties[i]?.povertyExitYear ?? null;
    const movedIn = yearOf(secretary.until!);
    if (exitYear !== null && movedIn < exitYear) out.push({ secretary, movedIn, exitYear });
  });
  return out;
}

const violationsIn = async (code: string, year: number | null | undefined, demo: DemoFilter, ctx: Context) =>
  violationsOf(await ctx.loaders.endedSecretaries.load({ id: code, year: checkYear('year', year ?? null), demo }), ctx);

/** A place of the registry at one of `levels`, for a write's `field` (rules `division-code`, `exists`, `split-code`, `level`). */
function requirePlace(
  ctx: Context,
  field: string,
  input: string,
  region: Awaited<ReturnType<Context['registry']['region']>>,
  levels: readonly string[],
  what: string,
) {
  const code = checkCode(field, input);
  if (!region) throw noPlace(ctx.registry, field, code, badInput(field, 'exists', `no place has the code ${input}`));
  if (!levels.includes(region.level)) throw badInput(field, 'level', `${region.name} is a ${region.level}: ${what}`);
  return region;
}

export const governanceResolvers: Resolvers = {
  Query: {
    leadingGroup: (_, { id }, ctx) => ctx.loaders.groupById.load(id),
    nationalSecretaryRuleViolations: (_, { year, includeDemo }, ctx) => violationsIn('', year, demoFilterOf(includeDemo), ctx),
  },

  Mutation: {
    createLeadingGroup: async (_, { input }, ctx) => {
      const who = ctx.identity;
      const code = normalizeCode(input.regionCode);
      const seatInputs = input.seats ?? [];
      // Registry facts first: on PGlite a lookup cannot run inside the write's transaction.
      const [region, office, ...orgs] = await Promise.all([
        code ? ctx.registry.region(code) : null,
        ctx.registry.organization(input.officeId),
        ...seatInputs.slice(0, MAX_SEATS).map((s) => ctx.registry.organization(s.organizationId)),
      ]);
      const lock = await localLock(ctx, region?.code ?? code, yearsOfPeriod(input.since, input.until ?? null));
      const id = await audited(ctx.db, auditLog, who, 'createLeadingGroup', 'LeadingGroup', async ({ tx, log }) => {
        requireWriter(who, region?.code ?? code, 'record leading groups there');
        checkUnlocked(lock, 'input.since');
        const place = requirePlace(
          ctx,
          'input.regionCode',
          input.regionCode,
          region,
          GROUP_LEVELS,
          "a leading group is a province's, prefecture's or county's",
        );
        if (!office) throw notFound('input.officeId', 'organisation', input.officeId);
        const period = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
        checkAtMost('input.seats', seatInputs, MAX_SEATS, 'seats');
        const seatValues = seatInputs.map((s, i) => checkSeat(`input.seats.${i}`, s, orgs[i], period));
        await checkOneGroupAt(tx, place.code, period, null);
        const [row] = await tx
          .insert(groups)
          .values({ regionCode: place.code, level: place.level as GroupLevel, officeId: office.id, ...period, source: 'api' })
          .returning();
        const added = seatValues.length
          ? await tx
              .insert(seats)
              .values(seatValues.map((s) => ({ ...s, groupId: row.id, source: 'api' })))
              .returning()
          : [];
        await log({ entity: 'LeadingGroup', entityId: row.id, after: { ...row, seats: added } });
        return row.id;
      });
      return present(await ctx.loaders.groupById.load(id), 'id', 'leading group', id);
    },

    signResponsibilityLetter: async (_, { input }, ctx) => {
      const who = ctx.identity;
      const code = normalizeCode(input.signerCode);
      const region = code ? await ctx.registry.region(code) : null;
      const lock = await localLock(ctx, region?.code ?? code, yearsOfPeriod(input.since, input.until ?? null));
      const row = await audited(ctx.db, auditLog, who, 'signResponsibilityLetter', 'ResponsibilityLetter', async ({ tx, log }) => {
        requireWriter(who, region?.code ?? code, 'record responsibility letters there');
        checkUnlocked(lock, 'input.since');
        const signer = requirePlace(
          ctx,
          'input.signerCode',
          input.signerCode,
          region,
          ['PROVINCE', 'COUNTY'],
          'a province signs with the centre, a county with its province',
        );
        checkYear('input.yearSigned', input.yearSigned);
        const period = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
        const targets = requiredText('input.targets', input.targets, MAX_TEXT);
        const [after] = await tx
          .insert(letters)
          .values({
            signerCode: signer.code,
            counterpartyCode: signer.level === 'COUNTY' ? signer.code.slice(0, 2) : null,
            yearSigned: input.yearSigned,
            ...period,
            targets,
            source: 'api',
          })
          .returning();
        await log({ entity: 'ResponsibilityLetter', entityId: after.id, after });
        return after;
      });
      return row;
    },

    recordAssessment: async (_, { input }, ctx) => {
      const who = ctx.identity;
      const code = input.regionCode == null ? null : normalizeCode(input.regionCode);
      const [region, org] = await Promise.all([
        code ? ctx.registry.region(code) : null,
        input.organizationId == null ? null : ctx.registry.organization(input.organizationId),
      ]);
      // An organisation's assessment is about its home region.
      const lock = await localLock(ctx, region?.code ?? code ?? org?.homeRegionCode, [input.year]);
      const row = await audited(ctx.db, auditLog, who, 'recordAssessment', 'Assessment', async ({ tx, log }) => {
        if ((input.regionCode == null) === (input.organizationId == null)) {
          if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
          throw badInput('input.regionCode', 'one-subject', 'give either regionCode (a province or county) or organizationId (a helping organisation)');
        }
        let subject: { regionCode: string | null; organizationId: string | null };
        if (input.regionCode != null) {
          requireWriter(who, region?.code ?? code, 'record assessments there');
          const place = requirePlace(ctx, 'input.regionCode', input.regionCode, region, ['PROVINCE', 'COUNTY'], 'assessments are of provinces and counties');
          subject = { regionCode: place.code, organizationId: null };
        } else {
          requireWriter(who, org?.homeRegionCode ?? null, 'record assessments of this organisation');
          if (!org) throw notFound('input.organizationId', 'organisation', input.organizationId!);
          subject = { regionCode: null, organizationId: org.id };
        }
        checkUnlocked(lock, 'input.year');
        checkYear('input.year', input.year);
        const findings = requiredText('input.findings', input.findings, MAX_TEXT);
        const key = subject.regionCode ?? subject.organizationId!;
        await lockKey(tx, `loc-assessment|${key}|${input.year}`);
        const [clash] = await tx
          .select({ id: assessments.id })
          .from(assessments)
          .where(
            and(
              subject.regionCode ? eq(assessments.regionCode, key) : eq(assessments.organizationId, key),
              eq(assessments.year, input.year),
              counts(assessments.voidedAt),
            ),
          )
          .limit(1);
        if (clash) throw badInput('input.year', 'duplicate', `${clash.id} already assesses ${key} for ${input.year}`);
        const [after] = await tx
          .insert(assessments)
          .values({ ...subject, year: input.year, grade: input.grade, findings, source: 'api' })
          .returning();
        await log({ entity: 'Assessment', entityId: after.id, after });
        return after;
      });
      return row;
    },

    recordCountySecretary: async (_, { input }, ctx) => {
      const who = ctx.identity;
      const code = normalizeCode(input.countyCode);
      const region = code ? await ctx.registry.region(code) : null;
      const lock = await localLock(ctx, region?.code ?? code, yearsOfPeriod(input.since, input.until ?? null));
      const row = await audited(ctx.db, auditLog, who, 'recordCountySecretary', 'CountySecretary', async ({ tx, log }) => {
        requireWriter(who, region?.code ?? code, 'record county secretaries there');
        checkUnlocked(lock, 'input.since');
        const county = requirePlace(ctx, 'input.countyCode', input.countyCode, region, ['COUNTY'], 'a county party secretary is a county’s');
        const { personName, period } = await checkSecretary(tx, county.code, input, null);
        const [after] = await tx
          .insert(secretaries)
          .values({ countyCode: county.code, personName, ...period, source: 'api' })
          .returning();
        await log({ entity: 'CountySecretary', entityId: after.id, after });
        return after;
      });
      return row;
    },

    addLeadingGroupSeat: async (_, { groupId, input }, ctx) => {
      const who = ctx.identity;
      const org = await ctx.registry.organization(input.organizationId);
      const placed = await ctx.loaders.groupById.load(groupId);
      const lock = placed ? await localLock(ctx, placed.regionCode, yearsOfPeriod(input.since, input.until ?? null)) : null;
      const id = await audited(ctx.db, auditLog, who, 'addLeadingGroupSeat', 'LeadingGroupSeat', async ({ tx, log }) => {
        if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
        const [group] = await tx.select().from(groups).where(eq(groups.id, groupId)).for('update');
        if (!group) throw notFound('groupId', 'leading group', groupId);
        requireWriter(who, group.regionCode, `give seats on ${groupId}`);
        checkNotVoided('leading group', groupId, group, 'groupId');
        checkUnlocked(lock, 'input.since');
        const values = checkSeat('input', input, org, group);
        const [row] = await tx
          .insert(seats)
          .values({ ...values, groupId, source: 'api' })
          .returning();
        await tx
          .update(groups)
          .set({ version: nextVersion(group.version) })
          .where(eq(groups.id, groupId));
        await log({ entity: 'LeadingGroupSeat', entityId: row.id, after: row });
        return row.id;
      });
      ctx.loaders.groupById.clear(groupId);
      return present(await ctx.loaders.seatById.load(id), 'id', 'leading-group seat', id);
    },
  },

  Region: {
    responsibilityLetters: (r, { includeDemo }, ctx) => ctx.loaders.regionLetters.load(listKey(r.code, null, includeDemo)),
    assessments: (r, { year, includeDemo }, ctx) => ctx.loaders.regionAssessments.load(listKey(r.code, year, includeDemo)),
    countySecretaries: (r, { includeDemo }, ctx) => ctx.loaders.countySecretaries.load(listKey(r.code, null, includeDemo)),
    secretaryRuleViolations: (r, { year, includeDemo }, ctx) => violationsIn(r.code, year, demoFilterOf(includeDemo), ctx),
    leadingGroup: (r, { year, includeDemo }, ctx) =>
      ctx.loaders.placeGroup.load({ code: normalizeCode(r.code) ?? r.code, year: checkYear('year', year ?? null), demo: demoFilterOf(includeDemo) }),
  },

  Organization: {
    assessments: (o, { year, includeDemo }, ctx) => ctx.loaders.organizationAssessments.load(listKey(o.id, year, includeDemo)),
    leadingGroupSeats: (o, { year, includeDemo }, ctx) =>
      ctx.loaders.organizationSeats.load({ id: o.id, year: checkYear('year', year ?? null), demo: demoFilterOf(includeDemo) }),
  },

  LeadingGroup: {
    region: (g) => ({ code: g.regionCode }),
    office: (g) => g,
    seats: (g, { year }, ctx) => ctx.loaders.groupSeats.load({ id: g.id, year: checkYear('year', year ?? null) }),
    parentGroup: (g, _, ctx) => parentGroup(g, ctx),
  },

  PovertyOffice: {
    organization: (g) => ({ id: g.officeId }),
    level: (g) => g.level,
    region: (g) => ({ code: g.regionCode }),
    parent: (g, _, ctx) => parentGroup(g, ctx),
  },

  ResponsibilityLetter: {
    signer: (l) => ({ code: l.signerCode }),
    counterparty: (l) => (l.counterpartyCode === null ? null : { code: l.counterpartyCode }),
    withCentre: (l) => l.counterpartyCode === null,
  },

  Assessment: {
    region: (a) => (a.regionCode === null ? null : { code: a.regionCode }),
    organization: (a) => (a.organizationId === null ? null : { id: a.organizationId }),
  },

  CountySecretary: {
    county: (s) => ({ code: s.countyCode }),
  },

  LeadingGroupSeat: {
    group: async (s, _, ctx) => present(await ctx.loaders.groupById.load(s.groupId), 'group', 'leading group', s.groupId),
    organization: (s) => ({ id: s.organizationId }),
  },
};
