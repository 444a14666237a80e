import { yearOf } from '../../lib/calendar.js';
import { normalizeCode } from '../../lib/codes.js';
import { demoFilterOf, type DemoFilter } from '../../lib/demo.js';
import { badInput, present } from '../../lib/errors.js';
import { recordOne } from '../../lib/import/run.js';
import { checkYear } from '../../lib/rules.js';
import { assessmentImport, countySecretaryImport, leadingGroupImport, leadingGroupSeatImport, letterImport } from './governance-import.js';
import type { GroupRow, ListKey, SecretaryRow, ViolationRow } from './governance-loaders.js';
import type { Context } from './loaders.js';
import { auditLog, type GroupLevel } from './tables.js';
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
