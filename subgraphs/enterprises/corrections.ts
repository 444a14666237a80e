import { and, eq, ne, sql } from 'drizzle-orm';
import { audited, lockKey } from '../../lib/audit.js';
import { overlapsSql, yearsOfPeriod } from '../../lib/calendar.js';

import { badInput, notFound, present } from '../../lib/errors.js';
import { checkNotVoided, checkReason, correctRecord, counts, voidRecord } from '../../lib/corrections.js';
import { checkUnlocked } from '../../lib/locks.js';
import { answerWritten, checkVersion, nextVersion } from '../../lib/versions.js';
import { checkPeriod, optionalText } from '../../lib/rules.js';
import { visible } from './access.js';
import { enterprises } from './channel.js';
import type { Resolvers, UpdateContributionInput as ContributionFields, VillageCompactCorrection } from './types.generated.js';
import { recordsByIds, type Context } from './loaders.js';
import { existingReferences } from '../../lib/references.js';
import { auditLog, compactsTable as compacts, contributionsTable as contributions } from './tables.js';
import { contributionRow } from './resolvers.js';
import { enterpriseLock, mayWrite, requireAccess, requireWriterRole } from './access.js';
import { MAX_TEXT, checkContribution, checkedReference, referenceAsked, yearOfDate, type ContributionValues } from './import.js';

/**
 * Corrections and voids of enterprise records (lib/corrections.ts): a compact's correction, a
 * contribution's update, and the void of either; the same access and checks as creating them.
 */
export const correctionResolvers: Resolvers = {
  Mutation: {
    correctVillageCompact: async (
      _: unknown,
      args: { id: string; input: VillageCompactCorrection; reason?: string | null; expectedVersion?: number | null },
      ctx: Context,
    ) => {
      const { id, input } = args;
      const reason = checkReason(args.reason);
      const current = await ctx.loaders.recordById.load(id);
      const has = (k: keyof VillageCompactCorrection) => Object.hasOwn(input, k);
      const asked = current && { since: input.since ?? current.since, until: has('until') ? (input.until ?? null) : current.until };
      const years = current && asked ? [...new Set([...yearsOfPeriod(current.since, current.until), ...yearsOfPeriod(asked.since, asked.until)])] : [];
      const lock = current && /^\d{4}-/.test(asked!.since) ? await enterpriseLock(ctx, current.helpedCode, years) : null;
      const spec = { table: compacts, key: compacts.id, keyValue: id, id, entity: 'VillageCompact', what: 'village compact' };
      await audited(ctx.db, auditLog, ctx.identity, 'correctVillageCompact', 'VillageCompact', async (scope) => {
        const { tx } = scope;
        // The pair's lock before the row's, in the order an import takes them (helper and village never change).
        if (current) await lockKey(tx, `ent-compact|${current.helperId}|${current.helpedCode}`);
        return correctRecord(scope, spec, reason, args.expectedVersion, async (before: typeof compacts.$inferSelect) => {
          requireWriterRole(ctx.identity);
          if (!visible(ctx.identity, before)) throw notFound('id', 'village compact', id);
          requireAccess(ctx.identity, before);
          checkUnlocked(lock, 'id');
          const period = checkPeriod(
            { since: 'input.since', until: 'input.until' },
            { since: input.since ?? before.since, until: has('until') ? (input.until ?? null) : before.until },
          );
          const [outside] = await tx
            .select({ id: contributions.id, date: contributions.date })
            .from(contributions)
            .where(
              and(
                eq(contributions.compactId, id),
                counts(contributions.voidedAt),
                sql`(${contributions.date} < ${period.since} or ${contributions.date} > ${period.until ?? '9999-12-31'})`,
              ),
            )
            .limit(1);
          if (outside) {
            throw badInput(
              'input.since',
              'records-outside-period',
              `contribution ${outside.id} under this compact is dated ${outside.date}, outside the period`,
            );
          }
          const [clash] = await tx
            .select({ id: compacts.id })
            .from(compacts)
            .where(
              and(
                eq(compacts.helperId, before.helperId),
                eq(compacts.helpedCode, before.helpedCode),
                ne(compacts.id, id),
                counts(compacts.voidedAt),
                overlapsSql(compacts.since, compacts.until, period),
              ),
            )
            .limit(1);
          if (clash)
            throw badInput('input.since', 'duplicate', `${before.helperId} already has compact ${clash.id} with this village in an overlapping period`);
          return {
            ...period,
            published: input.published ?? before.published,
            note: has('note') ? optionalText('input.note', input.note, MAX_TEXT) : before.note,
            updatedAt: new Date(),
          };
        });
      });
      ctx.loaders.recordById.clear(id);
      return present(await ctx.loaders.recordById.load(id), 'id', 'village compact', id);
    },

    updateEnterpriseContribution: async (_, { id, input, reason: reasonInput }, ctx) => {
      const reason = reasonInput != null ? checkReason(reasonInput) : null;
      const current = await ctx.loaders.recordById.load(id);
      const lock = current ? await enterpriseLock(ctx, current.helpedCode, [yearOfDate(current.since)]) : null;
      // The record a new reference names, asked of its channel before the transaction (callers who may never write ask nothing).
      const asked = current && Object.hasOwn(input, 'alsoReportedAs') && mayWrite(ctx.identity) ? referenceAsked(input.alsoReportedAs) : null;
      const existing = asked ? await existingReferences(ctx, [asked]) : new Set<string>();
      const written = await audited(ctx.db, auditLog, ctx.identity, 'updateEnterpriseContribution', 'EnterpriseContribution', async ({ tx, log }) => {
        requireWriterRole(ctx.identity);
        const before = await contributionRow(tx, ctx.identity, id);
        if (!before) throw notFound('id', 'contribution', id);
        requireAccess(ctx.identity, before);
        checkNotVoided('contribution', id, before);
        checkUnlocked(lock, 'id');
        checkVersion('contribution', before.version, input.expectedVersion);
        const has = (k: keyof ContributionFields) => Object.hasOwn(input, k);
        const values: ContributionValues = {
          pledged: has('pledged') ? (input.pledged ?? null) : before.pledged,
          committed: has('committed') ? (input.committed ?? null) : before.committed,
          disbursed: has('disbursed') ? (input.disbursed ?? null) : before.disbursed,
          verified: has('verified') ? (input.verified ?? null) : before.verified,
          jobs: has('jobs') ? (input.jobs ?? 0) : before.jobs,
          trainees: has('trainees') ? (input.trainees ?? 0) : before.trainees,
          peopleReached: has('peopleReached') ? (input.peopleReached ?? 0) : before.peopleReached,
          purpose: has('purpose') ? optionalText('input.purpose', input.purpose, MAX_TEXT) : before.purpose,
          ...(has('alsoReportedAs')
            ? checkedReference(input.alsoReportedAs, existing)
            : { alsoReportedAs: before.alsoReportedAs, alsoReportedChannel: before.alsoReportedChannel }),
          published: has('published') && input.published != null ? input.published : before.published,
          note: has('note') ? optionalText('input.note', input.note, MAX_TEXT) : before.note,
        };
        checkContribution(values);
        const [after] = await tx
          .update(contributions)
          .set({ ...values, version: nextVersion(before.version), updatedAt: new Date() })
          .where(eq(contributions.id, id))
          .returning();
        await log({ entity: 'EnterpriseContribution', entityId: id, before, after, reason });
        // The answer as the loader reads it, read inside the transaction: this change's version.
        const [record] = await recordsByIds(tx, ctx.identity, [id]);
        return record!;
      });
      return answerWritten(ctx.loaders.recordById, id, written);
    },

    voidEnterpriseRecord: async (_, { id, reason: reasonInput }, ctx) => {
      const reason = checkReason(reasonInput);
      const current = await ctx.loaders.recordById.load(id);
      if (!current) throw notFound('id', 'enterprise record', id);
      const compact = current.record === 'compact';
      const lock = await enterpriseLock(ctx, current.helpedCode, compact ? yearsOfPeriod(current.since, current.until) : [yearOfDate(current.since)]);
      const spec = enterprises.specOf<typeof compacts.$inferSelect | typeof contributions.$inferSelect>(id, 'enterprise record');
      await audited(ctx.db, auditLog, ctx.identity, 'voidEnterpriseRecord', spec.entity, async (scope) =>
        voidRecord(scope, ctx.identity, spec, reason, (before) => {
          requireWriterRole(ctx.identity);
          if (!visible(ctx.identity, before)) throw notFound('id', 'enterprise record', id);
          requireAccess(ctx.identity, before);
          checkUnlocked(lock, 'id');
        }),
      );
      ctx.loaders.recordById.clear(id);
      return present(await ctx.loaders.recordById.load(id), 'id', 'enterprise record', id);
    },
  },
};
