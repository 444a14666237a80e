import DataLoader from 'dataloader';
import { eq, sql } from 'drizzle-orm';
import { audited } from '../../lib/audit.js';
import { checkReason, kindOfId, voidedOf, voidRecord, type RecordSpec, type Voidable } from '../../lib/corrections.js';
import { forbidden, present } from '../../lib/errors.js';
import { isAnonymous } from '../../lib/identity.js';
import { auditTrailField, historyOf } from '../../lib/history.js';
import { connectionResolvers } from '../../lib/pagination.js';
import { rowsOf } from '../../lib/batch.js';
import type { Context } from './loaders.js';
import { requireWriter } from './resolvers.js';
import {
  assessmentsTable as assessments,
  auditLog,
  cadresTable as cadres,
  householdPairingsTable as pairings,
  householdsTable as households,
  leadingGroupSeatsTable as seats,
  leadingGroupsTable as groups,
  responsibilityLettersTable as letters,
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

/** Id prefixes of the voidable records; anything else is a household number. */
const PREFIXES = [
  ['loc-wt-', 'WorkTeam'],
  ['loc-wm-', 'WorkTeamMember'],
  ['loc-c-', 'Cadre'],
  ['loc-hp-', 'HouseholdPairing'],
  // `loc-lgs-` before `loc-lg-`, which starts it.
  ['loc-lgs-', 'LeadingGroupSeat'],
  ['loc-lg-', 'LeadingGroup'],
  ['loc-rl-', 'ResponsibilityLetter'],
  ['loc-as-', 'Assessment'],
] as const satisfies readonly (readonly [string, Kind])[];

const kindOf = (id: string): Kind => kindOfId<Kind>(id, PREFIXES)?.kind ?? 'PoorHousehold';

const VOIDABLE = {
  WorkTeam: teams,
  WorkTeamMember: members,
  Cadre: cadres,
  HouseholdPairing: pairings,
  PoorHousehold: households,
  LeadingGroup: groups,
  LeadingGroupSeat: seats,
  ResponsibilityLetter: letters,
  Assessment: assessments,
} as const;

const WHAT: Record<Kind, string> = {
  WorkTeam: 'work team',
  WorkTeamMember: 'work team member',
  Cadre: 'cadre',
  HouseholdPairing: 'household pairing',
  PoorHousehold: 'household',
  LeadingGroup: 'leading group',
  LeadingGroupSeat: 'leading-group seat',
  ResponsibilityLetter: 'responsibility letter',
  Assessment: 'assessment',
};

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

/** `history` of a record type, by its audit entity name. */
const history = (entity: string) => (r: { id: string }, _: unknown, ctx: Context) => historyOf(ctx, auditLog, entity, r.id);

// ---- voidLocalRecord ----------------------------------------------------------------------------

/**
 * Void a record of the county's precision work: ADMIN or the poverty office covering its place
 * (a team's or a member's village, a household's village, a cadre's or a pairing's county), as
 * recording it; the reason required; a voided record is final (CONFLICT `voided`).
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
  await audited(ctx.db, auditLog, who, 'voidLocalRecord', kind, async (scope) => {
    const { tx } = scope;
    /** The place the record is about, read inside the transaction. */
    const placeOf = async (row: Record<string, unknown>): Promise<string | null> => {
      if (kind === 'WorkTeam' || kind === 'PoorHousehold') return row.villageCode as string;
      if (kind === 'Cadre') return row.countyCode as string;
      if (kind === 'LeadingGroup') return row.regionCode as string;
      if (kind === 'ResponsibilityLetter') return row.signerCode as string;
      if (kind === 'Assessment') return (row.regionCode as string | null) ?? home;
      if (kind === 'LeadingGroupSeat') {
        const [group] = await tx
          .select({ code: groups.regionCode })
          .from(groups)
          .where(eq(groups.id, row.groupId as string));
        return group?.code ?? null;
      }
      if (kind === 'WorkTeamMember') {
        const [team] = await tx
          .select({ code: teams.villageCode })
          .from(teams)
          .where(eq(teams.id, row.teamId as string));
        return team?.code ?? null;
      }
      const [cadre] = await tx
        .select({ code: cadres.countyCode })
        .from(cadres)
        .where(eq(cadres.id, row.cadreId as string));
      return cadre?.code ?? null;
    };
    const [current] = (await tx.select().from(table).where(eq(table.id, id))) as Record<string, unknown>[];
    const place = current ? await placeOf(current) : null;
    const spec: RecordSpec<Voidable> = { table, key: table.id, keyValue: id, id, entity: kind, what: WHAT[kind], regions: place ? [place] : undefined };
    await voidRecord<Voidable>(scope, who, spec, reason, () => requireWriter(who, place, `void ${id}`));
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

/** The resolvers this part adds (merged into the subgraph's: subgraphs/local/subgraph.ts). */
export const correctionResolvers = {
  Query: { localAuditTrail: auditTrailField(auditLog, 'localAuditTrail') },
  Mutation: { voidLocalRecord: (_: unknown, { id, reason }: { id: string; reason?: string | null }, ctx: Context) => voidLocalRecord(ctx, id, reason) },
  AuditEntryConnection: connectionResolvers,
  LocalRecord: { __resolveType: (r: { __typename: Kind }) => r.__typename },
  WorkTeam: { voided, history: history('WorkTeam') },
  WorkTeamMember: { voided, history: history('WorkTeamMember') },
  PoorHousehold: { voided, versions: history('PoorHousehold') },
  Cadre: { voided, history: history('Cadre') },
  HouseholdPairing: { voided, history: history('HouseholdPairing') },
  LeadingGroup: { voided, history: history('LeadingGroup') },
  LeadingGroupSeat: { voided, history: history('LeadingGroupSeat') },
  ResponsibilityLetter: { voided, history: history('ResponsibilityLetter') },
  Assessment: { voided, history: history('Assessment') },
  CountySecretary: { history: history('CountySecretary') },
};
