import { and, eq, sql } from 'drizzle-orm';
import { checkNotVoided, checkReason, voidRecord, type RecordSpec, type Voidable } from '../../lib/corrections.js';
import { checkUnlocked, type PeriodLockFacts } from '../../lib/locks.js';
import { audited } from '../../lib/audit.js';
import { badInput, forbidden, notFound, present } from '../../lib/errors.js';
import { answerWritten, checkVersion, nextVersion } from '../../lib/versions.js';
import { checkYear, optionalText, optionalUrl, requiredText } from '../../lib/rules.js';
import { canEditOrg, coordinates } from '../../lib/identity.js';
import { correctByKind } from '../../lib/import/correct.js';
import { militarySeatImport } from './import.js';
import type { Context } from './loaders.js';
import {
  assistanceTable as assistance,
  auditLog,
  leadingGroupMembershipsTable as memberships,
  projectsTable as projects,
  unitProfilesTable as profiles,
} from './tables.js';
import { yearOf, yearsOfPeriod } from '../../lib/calendar.js';
import type { Resolvers } from './types.generated.js';
import { MAX_TEXT } from './tables.js';
import { checkNoDuplicateAssistance, checkProjectFigures, lockedAssistance, militaryLock, snapshotAssistance, type ProjectFigures } from './resolvers.js';
import { requireWriter, seesRecordInternals } from './access.js';
import { military } from './channel.js';

/**
 * Corrections and voids of military records (lib/corrections.ts): a seat's, a record's and a
 * project's correction with the rules of recording them, and the void of any record of the
 * channel by its id's prefix (a unit's id: its profile).
 */
export const correctionResolvers: Resolvers = {
  Mutation: {
    correctLeadingGroupMembership: async (_, { id, input, reason, expectedVersion }, ctx) => {
      const current = await ctx.loaders.membershipById.load(id);
      const seatYears = (r: { since: string; until: string | null }) => yearsOfPeriod(r.since, r.until);
      const written = await correctByKind(ctx, militarySeatImport, auditLog, {
        action: 'correctLeadingGroupMembership',
        spec: { table: memberships, key: memberships.id, keyValue: id, id, entity: 'LeadingGroupMembership', what: 'leading-group seat' },
        current,
        reason,
        expectedVersion,
        // The unit and the region are what the seat is; its period is corrected.
        inputOf: (r) => ({
          unitId: r.unitId,
          regionCode: r.regionCode,
          since: input.since ?? r.since,
          until: Object.hasOwn(input, 'until') ? (input.until ?? null) : r.until,
        }),
        lockOf: (r) => ({ channel: 'MILITARY', codes: [r.regionCode], years: seatYears(r) }),
        check: (seatInput, registry, byPair, before) => {
          // The seat's own row does not clash with it: the others of its unit and region only.
          const others = new Map([...byPair].map(([k, rows]) => [k, rows.filter((r) => r.id !== before.id)]));
          const seat = militarySeatImport.check(seatInput, registry, others, ctx.identity);
          registry.checkUnlocked({ channel: 'MILITARY', codes: [seat.regionCode], years: seatYears(seat) }, 'id');
          return { since: seat.since, until: seat.until };
        },
      });
      return answerWritten(ctx.loaders.membershipById, id, written);
    },

    updateMilitaryAssistance: async (_, { id, input, reason: reasonInput }, ctx) => {
      const who = ctx.identity;
      const reason = reasonInput != null ? checkReason(reasonInput) : null;
      const current = await ctx.loaders.assistanceById.load(id);
      const lock = current ? await militaryLock(ctx, current.helpedCode, yearsOfPeriod(input.since ?? current.since, current.until)) : null;
      const written = await audited(ctx.db, auditLog, who, 'updateMilitaryAssistance', 'MilitaryAssistance', async ({ tx, log }) => {
        requireWriter(who);
        const before = await lockedAssistance(tx, id);
        if (!before) throw notFound('id', 'military assistance record', id);
        if (!seesRecordInternals(who, before.helperId, before.helpedCode)) throw forbidden(`you may not change ${id}`);
        checkNotVoided('military assistance record', id, before);
        checkUnlocked(lock, 'id');
        checkVersion('record', before.version, input.expectedVersion);
        const set: Partial<typeof assistance.$inferInsert> = {};
        if (input.siteName !== undefined) set.siteName = optionalText('input.siteName', input.siteName, MAX_TEXT);
        if (input.internalNote !== undefined) set.internalNote = optionalText('input.internalNote', input.internalNote, MAX_TEXT);
        if (input.evidenceUrl !== undefined) set.evidenceUrl = optionalUrl('input.evidenceUrl', input.evidenceUrl);
        if (input.since != null) {
          checkYear('input.since', yearOf(input.since));
          if (before.until !== null && input.since > before.until) {
            throw badInput('input.since', 'period', `must not be after the record's end (${before.until})`);
          }
          const [outside] = await tx
            .select({ year: projects.year })
            .from(projects)
            .where(and(eq(projects.assistanceId, id), sql`${projects.year} < ${yearOf(input.since)}`))
            .limit(1);
          if (outside) throw badInput('input.since', 'records-outside-period', `a project of ${outside.year} would fall before the record's start`);
          await checkNoDuplicateAssistance(tx, { ...before, since: input.since }, id);
          set.since = input.since;
        }
        const [after] = await tx
          .update(assistance)
          .set({ ...set, version: nextVersion(before.version), updatedAt: new Date() })
          .where(eq(assistance.id, id))
          .returning();
        await log({ entity: 'MilitaryAssistance', entityId: id, before, after, reason });
        return after;
      });
      return answerWritten(ctx.loaders.assistanceById, id, written);
    },

    updateMilitaryProject: async (_, { id, input, reason: reasonInput }, ctx) => {
      const who = ctx.identity;
      const reason = reasonInput != null ? checkReason(reasonInput) : null;
      const current = await ctx.loaders.projectById.load(id);
      const lock = current ? await militaryLock(ctx, current.helpedCode, [current.year]) : null;
      const written = await audited(ctx.db, auditLog, who, 'updateMilitaryProject', 'MilitaryProject', async ({ tx, log }) => {
        requireWriter(who);
        const [before] = await tx.select().from(projects).where(eq(projects.id, id)).for('update');
        if (!before) throw notFound('id', 'military project', id);
        const record = (await snapshotAssistance(tx, before.assistanceId))!;
        if (!seesRecordInternals(who, record.helperId, record.helpedCode)) throw forbidden(`you may not change ${id}`);
        checkNotVoided('military project', id, before);
        checkUnlocked(lock, 'id');
        checkVersion('project', before.version, input.expectedVersion);
        const name = input.name !== undefined ? requiredText('input.name', input.name, MAX_TEXT) : before.name;
        const merged: ProjectFigures = {
          funds: input.funds ?? before.funds,
          householdsReached: input.householdsReached ?? before.householdsReached,
          peopleReached: input.peopleReached ?? before.peopleReached,
          personnelSent: input.personnelSent ?? before.personnelSent,
          officers: input.officers ?? before.officers,
          soldiers: input.soldiers ?? before.soldiers,
        };
        checkProjectFigures(merged);
        const [after] = await tx
          .update(projects)
          .set({ ...merged, name, version: nextVersion(before.version) })
          .where(eq(projects.id, id))
          .returning();
        await log({ entity: 'MilitaryProject', entityId: id, before, after, reason, regions: [record.helpedCode] });
        return { ...after, helperId: record.helperId, helpedCode: record.helpedCode };
      });
      return answerWritten(ctx.loaders.projectById, id, written);
    },

    voidMilitaryRecord: async (_, { id, reason: reasonInput }, ctx) => {
      const reason = checkReason(reasonInput);
      return voidMilitary(ctx, KIND_OF_ENTITY[military.kindOf(id)?.kind.entity as keyof typeof KIND_OF_ENTITY] ?? 'profile', id, reason);
    },
  },
};

type MilitaryKind = 'assistance' | 'project' | 'seat' | 'profile';

/** The records `voidMilitaryRecord` takes, by the kind their id's prefix names (channel.ts); any other id is a unit's, naming its profile. */
const KIND_OF_ENTITY = {
  MilitaryAssistance: 'assistance',
  MilitaryProject: 'project',
  LeadingGroupMembership: 'seat',
  MilitaryUnitProfile: 'profile',
} as const satisfies Record<string, MilitaryKind>;

type MilitaryVoidable = Voidable & { helperId?: string; helpedCode?: string; assistanceId?: string; unitId?: string; regionCode?: string };

/**
 * Void one military record (lib/corrections.ts `voidRecord`): its place and years read first for
 * the lock lookup (a profile has none), then inside the write the access of changing it.
 */
async function voidMilitary(ctx: Context, kind: MilitaryKind, id: string, reason: string) {
  const who = ctx.identity;
  const l = ctx.loaders;
  let spec: RecordSpec<MilitaryVoidable>;
  let lock: PeriodLockFacts | null = null;
  // A profile's place: the unit's responsible region, asked of the registry before the write.
  let home: string | null = null;
  if (kind === 'assistance' || kind === 'project') {
    const [record, project] = kind === 'project' ? [null, await l.projectById.load(id)] : [await l.assistanceById.load(id), null];
    const place = record?.helpedCode ?? project?.helpedCode;
    lock = await militaryLock(ctx, place, record ? yearsOfPeriod(record.since, record.until) : project ? [project.year] : []);
    spec =
      kind === 'project'
        ? { table: projects, key: projects.id, keyValue: id, id, entity: 'MilitaryProject', what: 'military project', regions: place ? [place] : [] }
        : { table: assistance, key: assistance.id, keyValue: id, id, entity: 'MilitaryAssistance', what: 'military assistance record' };
  } else if (kind === 'seat') {
    const seat = await l.membershipById.load(id);
    lock = seat ? await militaryLock(ctx, seat.regionCode, yearsOfPeriod(seat.since, seat.until)) : null;
    spec = { table: memberships, key: memberships.id, keyValue: id, id, entity: 'LeadingGroupMembership', what: 'leading-group seat' };
  } else {
    home = (await ctx.registry.organization(id))?.homeRegionCode ?? null;
    spec = {
      table: profiles,
      key: profiles.unitId,
      keyValue: id,
      id,
      entity: 'MilitaryUnitProfile',
      what: 'military unit profile',
      regions: home ? [home] : [],
    };
  }
  await audited(ctx.db, auditLog, who, 'voidMilitaryRecord', spec.entity, async (scope) =>
    voidRecord<MilitaryVoidable>(scope, who, spec, reason, async (before) => {
      requireWriter(who);
      if (kind === 'seat' || kind === 'profile') {
        const place = kind === 'seat' ? before.regionCode : home;
        if (!canEditOrg(who, before.unitId!) && !(place && coordinates(who, place))) throw forbidden(`you may not void ${id}`);
      } else {
        const owner = before.assistanceId ? (await snapshotAssistance(scope.tx, before.assistanceId))! : (before as { helperId: string; helpedCode: string });
        if (!seesRecordInternals(who, owner.helperId, owner.helpedCode)) throw forbidden(`you may not void ${id}`);
      }
      checkUnlocked(lock, 'id');
    }),
  );
  const what = spec.what;
  if (kind === 'project') return present(await l.projectById.clear(id).load(id), 'id', what, id);
  if (kind === 'seat') return present(await l.membershipById.clear(id).load(id), 'id', what, id);
  if (kind === 'profile') return present(await l.profile.clear(id).load(id), 'id', what, id);
  return present(await l.assistanceById.clear(id).load(id), 'id', what, id);
}
