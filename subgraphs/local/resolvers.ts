import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { audited } from '../../lib/audit.js';
import { yearOf, yearsOfPeriod } from '../../lib/calendar.js';
import { checkUnlocked } from '../../lib/locks.js';
import { normalizeCode } from '../../lib/codes.js';
import type { Db } from '../../lib/db.js';
import { demoFilterOf, type DemoFilter } from '../../lib/demo.js';
import { badInput, forbidden, notFound, present } from '../../lib/errors.js';
import { isAnonymous } from '../../lib/identity.js';
import { connection, decodeCursor, MAX_LIST_PAGE, pagedList, pageSize, connectionResolvers } from '../../lib/pagination.js';
import { noPlace } from '../../lib/registry-api.js';
import { checkCode, checkCount, checkPeriod, checkYear } from '../../lib/rules.js';
import { scalarResolvers } from '../../lib/scalars.js';
import { importFields, importTypeResolvers } from '../../lib/import/graphql.js';
import { recordOne } from '../../lib/import/run.js';
import { householdImport, localImports } from './import.js';
import { cadreImport, householdPairingImport, workTeamImport, workTeamMemberImport } from './work-import.js';
import { regionFieldKey } from '../../lib/scope.js';
import { nextVersion } from '../../lib/versions.js';
import {
  householdPage,
  type Context,
  type CoverageFigures,
  type HouseholdRow,
  type HouseholdFiguresRow,
  type MemberRow,
  type PlaceYearKey,
  type TeamRow,
} from './loaders.js';
import {
  auditLog,
  cadresTable as cadres,
  householdPairingsTable as pairings,
  householdsTable as households,
  householdStatusesTable as statuses,
  pairingNormsTable as norms,
  teamMembersTable as members,
  workTeamsTable as teams,
} from './tables.js';
import type { Resolvers } from './types.generated.js';
import { localLock, readsHouseholds, requireWriter } from './access.js';

/** The largest minimum a county's norm may ask of a cadre. */
const MAX_MINIMUM = 100;

/** The years an end moves: from the new last day's year to the old one's (an open period: this year). */
const endYears = (until: string, before: string | null) => yearsOfPeriod(until, before !== null && before >= until ? before : null);

// ---- aggregates as served ---------------------------------------------------------------------

export interface FiguresOut extends HouseholdFiguresRow {
  year: number;
  key: PlaceYearKey;
}

export interface CoverageOut extends CoverageFigures {
  year: number;
  key: PlaceYearKey;
  /** May the caller read the households left without a helper? */
  showsHouseholds: boolean;
}

const placeKey = (code: string, year: number, includeDemo: boolean | null | undefined, demo?: DemoFilter): PlaceYearKey => ({
  code,
  year: checkYear('year', year),
  demo: demo ?? demoFilterOf(includeDemo),
});

async function coverageOut(ctx: Context, key: PlaceYearKey): Promise<CoverageOut> {
  return { ...(await ctx.loaders.coverage.load(key)), year: key.year, key, showsHouseholds: readsHouseholds(ctx.identity, key.code) };
}

// ---- validation -------------------------------------------------------------------------------

/** A household number as filed (rule `household-number`): trimmed, never an identity number nor the demo mark. */
export function checkHouseholdNumber(field: string, input: string): string {
  const id = input.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/.test(id)) throw badInput(field, 'household-number', 'must be 2 to 40 letters, digits or hyphens');
  if (/^\d{17}[\dXx]$/.test(id))
    throw badInput(field, 'household-number', 'looks like an identity number: file the household under its county household number');
  if (id.toUpperCase().startsWith('DEMO-')) throw badInput(field, 'household-number', '`DEMO-` marks generated households');
  return id;
}

async function lockedTeam(tx: Db, id: string) {
  const [row] = await tx.select().from(teams).where(eq(teams.id, id)).for('update');
  return row ?? null;
}

// ---- resolvers --------------------------------------------------------------------------------

type TeamListArgs = { year?: number | null; includeDescendants?: boolean | null; includeDemo?: boolean | null };

/** The kinds this channel imports (docs/import.md), and their GraphQL fields. */
const imports = importFields(() => localImports());

export const resolvers: Resolvers = {
  ...importTypeResolvers,
  ...scalarResolvers,
  WorkTeamConnection: connectionResolvers,
  PoorHouseholdConnection: connectionResolvers,
  Query: {
    localImport: imports.read,
    workTeam: (_, { id }, ctx) => ctx.loaders.teamById.load(id),
    nationalLocalCoverage: (_, { year, includeDemo }, ctx) => coverageOut(ctx, placeKey('', year, includeDemo)),
  },

  Mutation: {
    startLocalImport: imports.start,
    createWorkTeam: async (_, { input }, ctx) => {
      const row = await recordOne(ctx, workTeamImport, auditLog, input, (e) =>
        badInput('input.since', 'duplicate', `${(e as { id: string }).id} already records a team at this village from ${input.since}`),
      );
      return present(await ctx.loaders.teamById.load(row.id), 'id', 'work team', row.id);
    },

    addWorkTeamMember: async (_, { teamId, input }, ctx) => {
      const row = await recordOne(ctx, workTeamMemberImport, auditLog, { ...input, teamId }, (e) =>
        badInput('input.personName', 'duplicate', `${(e as { id: string }).id} already records this member from ${input.since}`),
      );
      ctx.loaders.teamById.clear(teamId);
      return present(await ctx.loaders.memberById.load(row.id), 'id', 'work-team member', row.id);
    },

    endWorkTeamMember: async (_, { id, until }, ctx) => {
      const who = ctx.identity;
      const member = await ctx.loaders.memberById.load(id);
      const stationed = member && (await ctx.loaders.teamById.load(member.teamId));
      const lock = member ? await localLock(ctx, stationed?.villageCode, endYears(until, member.until)) : null;
      await audited(ctx.db, auditLog, who, 'endWorkTeamMember', 'WorkTeamMember', async ({ tx, log }) => {
        if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
        const [before] = await tx.select().from(members).where(eq(members.id, id)).for('update');
        if (!before) throw notFound('id', 'work-team member', id);
        const team = (await lockedTeam(tx, before.teamId))!;
        requireWriter(who, team.villageCode, `end ${id}`);
        checkUnlocked(lock, 'until');
        if (before.until !== null && until >= before.until)
          throw badInput('until', 'already-ended', `already ends on ${before.until}: an end can only move earlier`);
        checkPeriod({ since: 'since', until: 'until' }, { since: before.since, until });
        if (team.until !== null && until > team.until) throw badInput('until', 'within-period', `must not be after the team's end (${team.until})`);
        const [after] = await tx.update(members).set({ until }).where(eq(members.id, id)).returning();
        await log({ entity: 'WorkTeamMember', entityId: id, before, after });
      });
      ctx.loaders.memberById.clear(id);
      return present(await ctx.loaders.memberById.load(id), 'id', 'work-team member', id);
    },

    fileHousehold: async (_, { input }, ctx) => {
      await recordOne(ctx, householdImport, auditLog, input, () => badInput('input.id', 'duplicate', `household ${input.id.trim()} is already filed`));
      return present(await ctx.loaders.household.load({ id: input.id.trim(), year: input.year }), 'id', 'household', input.id);
    },

    setHouseholdStatus: async (_, { id, year, status }, ctx) => {
      const who = ctx.identity;
      const [filed] = await ctx.db.select({ villageCode: households.villageCode }).from(households).where(eq(households.id, id));
      const lock = await localLock(ctx, filed?.villageCode, [year]);
      await audited(ctx.db, auditLog, who, 'setHouseholdStatus', 'PoorHousehold', async ({ tx, log }) => {
        if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
        const [household] = await tx.select().from(households).where(eq(households.id, id)).for('update');
        if (!household) throw notFound('id', 'household', id);
        requireWriter(who, household.countyCode, `change the households of ${household.countyCode}`);
        checkUnlocked(lock, 'year');
        checkYear('year', year);
        const history = await tx.select().from(statuses).where(eq(statuses.householdId, id)).orderBy(asc(statuses.year));
        const latest = history.at(-1)!;
        if (year <= latest.year) throw badInput('year', 'status-forward', `the household's latest change is of ${latest.year}: a change comes after it`);
        const allowed: Record<string, string[]> = {
          EXITED: ['IDENTIFIED', 'NEWLY_IDENTIFIED', 'RETURNED'],
          RETURNED: ['EXITED'],
          NEWLY_IDENTIFIED: ['EXITED'],
          IDENTIFIED: [],
        };
        if (!allowed[status].includes(latest.status))
          throw badInput('status', 'status', `a household ${latest.status} since ${latest.year} cannot become ${status}`);
        const [row] = await tx.insert(statuses).values({ householdId: id, year, status }).returning();
        await log({ entity: 'PoorHousehold', entityId: id, before: { statuses: history }, after: { statuses: [...history, row] } });
      });
      ctx.loaders.history.clear(id);
      return present(await ctx.loaders.household.load({ id, year }), 'id', 'household', id);
    },

    recordCadre: async (_, { input }, ctx) => {
      const row = await recordOne(ctx, cadreImport, auditLog, input, (e) =>
        badInput('input.personName', 'duplicate', `${(e as { id: string }).id} already records this cadre of the organisation in the county`),
      );
      return present(await ctx.loaders.cadreById.load(row.id), 'id', 'cadre', row.id);
    },

    pairHousehold: async (_, { input }, ctx) => {
      const row = await recordOne(ctx, householdPairingImport, auditLog, input, (e) =>
        badInput('input.since', 'duplicate', `${(e as { id: string }).id} already pairs this cadre with this household from ${input.since}`),
      );
      return present(await ctx.loaders.pairingById.load(row.id), 'id', 'household pairing', row.id);
    },

    endHouseholdPairing: async (_, { id, until }, ctx) => {
      const who = ctx.identity;
      const current = await ctx.loaders.pairingById.load(id);
      const paired = current && (await ctx.loaders.cadreById.load(current.cadreId));
      const lock = current ? await localLock(ctx, paired?.countyCode, endYears(until, current.until)) : null;
      await audited(ctx.db, auditLog, who, 'endHouseholdPairing', 'HouseholdPairing', async ({ tx, log }) => {
        if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
        const [before] = await tx.select().from(pairings).where(eq(pairings.id, id)).for('update');
        if (!before) throw notFound('id', 'household pairing', id);
        const [cadre] = await tx.select().from(cadres).where(eq(cadres.id, before.cadreId));
        requireWriter(who, cadre?.countyCode ?? null, `end ${id}`);
        checkUnlocked(lock, 'until');
        if (before.until !== null && until >= before.until)
          throw badInput('until', 'already-ended', `already ends on ${before.until}: an end can only move earlier`);
        checkPeriod({ since: 'since', until: 'until' }, { since: before.since, until });
        const [after] = await tx.update(pairings).set({ until }).where(eq(pairings.id, id)).returning();
        await log({ entity: 'HouseholdPairing', entityId: id, before, after });
      });
      ctx.loaders.pairingById.clear(id);
      return present(await ctx.loaders.pairingById.load(id), 'id', 'household pairing', id);
    },

    setPairingNorm: async (_, { countyCode, level, minimum }, ctx) => {
      const who = ctx.identity;
      const code = normalizeCode(countyCode);
      const region = code ? await ctx.registry.region(code) : null;
      const row = await audited(ctx.db, auditLog, who, 'setPairingNorm', 'PairingNorm', async ({ tx, log }) => {
        requireWriter(who, region?.code ?? code, 'set the pairing norm there');
        checkCode('countyCode', countyCode);
        if (!region) throw noPlace(ctx.registry, 'countyCode', code, badInput('countyCode', 'exists', `no place has the code ${countyCode}`));
        if (region.level !== 'COUNTY') throw badInput('countyCode', 'level', `${region.name} is a ${region.level}: the norm is a county's`);
        checkCount('minimum', minimum);
        if (minimum > MAX_MINIMUM) throw badInput('minimum', 'range', `must be at most ${MAX_MINIMUM} households`);
        const [before] = await tx
          .select()
          .from(norms)
          .where(and(eq(norms.countyCode, region.code), eq(norms.level, level)))
          .for('update');
        const [after] = await tx
          .insert(norms)
          .values({ countyCode: region.code, level, minimum, source: 'api' })
          .onConflictDoUpdate({ target: [norms.countyCode, norms.level], set: { minimum, demo: false, source: 'api' } })
          .returning();
        await log({ entity: 'PairingNorm', entityId: `${region.code}|${level}`, before: before ?? null, after });
        return after;
      });
      return { countyCode: row.countyCode, level: row.level, minimum: row.minimum, demo: row.demo };
    },

    endWorkTeam: async (_, { id, until }, ctx) => {
      const who = ctx.identity;
      const current = await ctx.loaders.teamById.load(id);
      const lock = current ? await localLock(ctx, current.villageCode, endYears(until, current.until)) : null;
      await audited(ctx.db, auditLog, who, 'endWorkTeam', 'WorkTeam', async ({ tx, log }) => {
        if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
        const before = await lockedTeam(tx, id);
        if (!before) throw notFound('id', 'work team', id);
        requireWriter(who, before.villageCode, `end ${id}`);
        checkUnlocked(lock, 'until');
        if (before.until !== null && until >= before.until)
          throw badInput('until', 'already-ended', `already ends on ${before.until}: an end can only move earlier`);
        checkPeriod({ since: 'since', until: 'until' }, { since: before.since, until });
        const [late] = await tx
          .select({ id: members.id, since: members.since })
          .from(members)
          .where(and(eq(members.teamId, id), gt(members.since, until)))
          .limit(1);
        if (late) throw badInput('until', 'records-outside-period', `member ${late.id} starts on ${late.since}, after ${until}`);
        const ended = await tx
          .update(members)
          .set({ until })
          .where(and(eq(members.teamId, id), or(isNull(members.until), sql`${members.until} > ${until}`)))
          .returning();
        const [after] = await tx
          .update(teams)
          .set({ until, version: nextVersion(before.version) })
          .where(eq(teams.id, id))
          .returning();
        await log({ entity: 'WorkTeam', entityId: id, before, after });
        for (const m of ended) await log({ entity: 'WorkTeamMember', entityId: m.id, after: m });
      });
      ctx.loaders.teamById.clear(id);
      return present(await ctx.loaders.teamById.load(id), 'id', 'work team', id);
    },
  },

  Region: {
    ...pagedList('workTeams', (r: { code: string }, args: TeamListArgs, ctx: Context) =>
      ctx.loaders.regionTeams.load(
        regionFieldKey(r.code, { year: args.year, includeDescendants: args.includeDescendants ?? false, includeDemo: args.includeDemo }),
      ),
    ),
    poorVillage: (r, { year }, ctx) => (r.code.length === 12 ? ctx.loaders.poorVillage.load({ id: r.code, year: checkYear('year', year ?? null) }) : null),
    households: async (r, { year, includeDemo }, ctx) => {
      const key = placeKey(r.code, year, includeDemo);
      return { ...(await ctx.loaders.householdFigures.load(key)), year, key };
    },
    poorHouseholds: async (r, { year, includeDemo, first, after }, ctx) => {
      if (!readsHouseholds(ctx.identity, r.code)) {
        throw forbidden(
          `poorHouseholds: the households of ${r.code} are read by administrators and the poverty office covering their county; counts are in households`,
          'personal-data',
          'poorHouseholds',
        );
      }
      const size = pageSize(first, MAX_LIST_PAGE);
      const page = await householdPage(ctx.db, { ...placeKey(r.code, year, includeDemo), first: size, after: decodeCursor(after) });
      return connection(page.rows, size, (h) => h.id, page.count);
    },
    pairingShortfall: (r, { year, includeDemo }, ctx) => ctx.loaders.shortfall.load(placeKey(r.code, year, includeDemo)),
    pairingNorms: (r, _, ctx) => ctx.loaders.norms.load(r.code),
    localCoverage: (r, { year, includeDemo }, ctx) => coverageOut(ctx, placeKey(r.code, year, includeDemo)),
  },

  Organization: {
    workTeams: (o, { year, includeDemo }, ctx) =>
      ctx.loaders.organizationTeams.load({ id: o.id, year: checkYear('year', year ?? null), demo: demoFilterOf(includeDemo) }),
  },

  WorkTeam: {
    village: (t) => ({ code: t.villageCode }),
    senders: (t) => t.senderIds.map((id) => ({ id })),
    members: (t, { year }, ctx) => ctx.loaders.members.load({ id: t.id, year: checkYear('year', year ?? null) }),
    firstSecretary: async (t, { year }, ctx) => {
      const list = await ctx.loaders.members.load({ id: t.id, year: checkYear('year', year ?? null) });
      return list.filter((m) => m.role === 'FIRST_SECRETARY').at(-1) ?? null;
    },
  },

  WorkTeamMember: {
    designatedPosting: (m) => (m.designatedCadreId ? { __typename: 'DesignatedCadre', id: m.designatedCadreId } : null),
    team: async (m: MemberRow, _: unknown, ctx: Context) => present(await ctx.loaders.teamById.load(m.teamId), 'team', 'work team', m.teamId) as TeamRow,
  },

  DesignatedCadre: {
    __resolveReference: (ref) => ({ id: ref.id }),
    workTeamRoles: (c, _, ctx) => ctx.loaders.membersByPosting.load(c.id),
  },

  PoorHousehold: {
    village: (h) => ({ code: h.villageCode }),
    history: (h, _, ctx) => ctx.loaders.history.load(h.id),
    helpers: (h, _, ctx) => ctx.loaders.helpers.load({ id: h.id, year: h.year }),
  },

  Cadre: {
    organization: (c) => ({ id: c.organizationId }),
    county: (c) => ({ code: c.countyCode }),
  },

  HouseholdPairing: {
    cadre: async (p, _, ctx) => present(await ctx.loaders.cadreById.load(p.cadreId), 'cadre', 'cadre', p.cadreId),
    household: async (p, _, ctx) => {
      const cadre = await ctx.loaders.cadreById.load(p.cadreId);
      if (!cadre || !readsHouseholds(ctx.identity, cadre.countyCode)) return null;
      return ctx.loaders.household.load({ id: p.householdId, year: yearOf(p.since) });
    },
  },

  PairingNorm: {
    county: (n) => ({ code: n.countyCode }),
  },

  HouseholdFigures: {
    demo: async (f, _, ctx) => {
      if (f.key.demo !== 'all') return null;
      const key: PlaceYearKey = { ...f.key, demo: 'demo' };
      return { ...(await ctx.loaders.householdFigures.load(key)), year: f.year, key };
    },
  },

  LocalCoverage: {
    villagesWithoutFirstSecretary: (c) => c.withoutFirstSecretary.map((code) => ({ code })),
    villagesWithoutWorkTeam: (c) => c.withoutWorkTeam.map((code) => ({ code })),
    householdsWithoutHelper: async (c, _, ctx) => {
      if (!c.showsHouseholds) return null;
      const rows = await ctx.loaders.household.loadMany(c.withoutHelper.map((id) => ({ id, year: c.year })));
      return rows.filter((r): r is HouseholdRow => !!r && !(r instanceof Error));
    },
    demo: (c, _, ctx) => (c.key.demo === 'all' ? coverageOut(ctx, { ...c.key, demo: 'demo' }) : null),
  },
};
