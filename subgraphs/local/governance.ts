import { and, eq, ne } from 'drizzle-orm';
import { lockKey } from '../../lib/audit.js';
import { counts } from '../../lib/corrections.js';
import { overlapsSql, yearOf } from '../../lib/calendar.js';
import { normalizeCode } from '../../lib/codes.js';
import { demoFilterOf, type DemoFilter } from '../../lib/demo.js';
import { badInput, present } from '../../lib/errors.js';
import { recordOne } from '../../lib/import/run.js';
import { checkPeriod, checkYear, requiredText } from '../../lib/rules.js';
import { assessmentImport, countySecretaryImport, leadingGroupImport, leadingGroupSeatImport, letterImport } from './governance-import.js';
import type { GroupRow, ListKey, SecretaryRow, ViolationRow } from './governance-loaders.js';
import type { Context } from './loaders.js';
import { auditLog, countySecretariesTable as secretaries, leadingGroupsTable as groups, type GroupLevel } from './tables.js';
import type { Resolvers } from './types.generated.js';

/**
 * Leading groups (扶贫开发领导小组) and their offices (扶贫办) at province, prefecture and
 * county: records of this subgraph at a registry place, whose office and member organisations
 * are registry organisations. A group's military seats stay the military channel's
 * (`Region.militaryLeadingGroupMembers`): the group points at its place, where they are read.
 */

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

export const governanceResolvers: Resolvers = {
  Query: {
    leadingGroup: (_, { id }, ctx) => ctx.loaders.groupById.load(id),
    nationalSecretaryRuleViolations: (_, { year, includeDemo }, ctx) => violationsIn('', year, demoFilterOf(includeDemo), ctx),
  },

  Mutation: {
    createLeadingGroup: async (_, { input }, ctx) => {
      const row = await recordOne(ctx, leadingGroupImport, auditLog, input, (e) =>
        badInput('input.since', 'duplicate', `${(e as { id: string }).id} is already the place's group from ${input.since}`),
      );
      return present(await ctx.loaders.groupById.load(row.id), 'id', 'leading group', row.id);
    },

    signResponsibilityLetter: async (_, { input }, ctx) =>
      recordOne(ctx, letterImport, auditLog, input, (e) =>
        badInput('input.yearSigned', 'duplicate', `${(e as { id: string }).id} already records the signer's letter of ${input.yearSigned}`),
      ),

    recordAssessment: async (_, { input }, ctx) => {
      return recordOne(ctx, assessmentImport, auditLog, input, (e) =>
        badInput('input.year', 'duplicate', `${(e as { id: string }).id} already assesses the subject for ${input.year}`),
      );
    },

    recordCountySecretary: async (_, { input }, ctx) => {
      return recordOne(ctx, countySecretaryImport, auditLog, input, (e) =>
        badInput('input.since', 'duplicate', `${(e as { id: string }).id} already records the county's secretary from ${input.since}`),
      );
    },

    addLeadingGroupSeat: async (_, { groupId, input }, ctx) => {
      const row = await recordOne(ctx, leadingGroupSeatImport, auditLog, { ...input, groupId }, (e) =>
        badInput('input.since', 'duplicate', `${(e as { id: string }).id} already gives this organisation a seat from ${input.since}`),
      );
      ctx.loaders.groupById.clear(groupId);
      return present(await ctx.loaders.seatById.load(row.id), 'id', 'leading-group seat', row.id);
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
