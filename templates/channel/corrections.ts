import { audited } from '../../lib/audit.js';
import { checkReason, voidRecord } from '../../lib/corrections.js';
import { correctByKind } from '../../lib/import/correct.js';
import { answerWritten } from '../../lib/versions.js';
import { requireWriter } from './access.js';
import { sample } from './channel.js';
import { sampleImport } from './import.js';
import type { Context, RecordRow } from './loaders.js';
import { auditLog } from './tables.js';
import type { Resolvers, SampleCorrection } from './types.generated.js';

/**
 * Corrections and voids of the sample channel's records (lib/corrections.ts): a record's period
 * corrected on its kind's own checks (`correctByKind`: the rules of recording it), and the void
 * of any record of the channel by its id's prefix (`specOf`, channel.ts). Each with a reason,
 * audited; a voided record is final (CONFLICT `voided`).
 */

async function correctSampleRecord(ctx: Context, id: string, input: SampleCorrection, reason: string | null | undefined, expectedVersion?: number | null) {
  const current = await ctx.loaders.recordById.load(id);
  const written = await correctByKind(ctx, sampleImport, auditLog, {
    action: 'correctSampleRecord',
    spec: sample.specOf<RecordRow>(id, 'sample record'),
    current,
    reason,
    expectedVersion,
    // The helper and the place are what the record is; its period is corrected.
    inputOf: (r) => ({
      helperId: r.helperId,
      helpedCode: r.helpedCode,
      since: input.since ?? r.since,
      until: Object.hasOwn(input, 'until') ? (input.until ?? null) : r.until,
    }),
    // A new channel joins the period locks (lib/locks.ts) with its `Channel` value.
    lockOf: () => null,
    check: (asked, registry, byPair, before) => {
      // The record does not clash with itself: the others of its pair only.
      const others = new Map([...byPair].map(([k, rows]) => [k, rows.filter((r) => r.id !== before.id)]));
      const row = sampleImport.check(asked, registry, others, ctx.identity);
      return { since: row.since, until: row.until };
    },
  });
  return answerWritten(ctx.loaders.recordById, id, written);
}

async function voidSampleRecord(ctx: Context, id: string, reasonInput: string | null | undefined) {
  const who = ctx.identity;
  const spec = sample.specOf<RecordRow>(id, 'sample record');
  const reason = checkReason(reasonInput);
  const after = await audited(ctx.db, auditLog, who, 'voidSampleRecord', spec.entity, (scope) =>
    voidRecord<RecordRow>(scope, who, spec, reason, () => requireWriter(who)),
  );
  return answerWritten(ctx.loaders.recordById, id, after);
}

export const correctionResolvers: Pick<Resolvers, 'Mutation'> = {
  Mutation: {
    correctSampleRecord: (_, { id, input, reason, expectedVersion }, ctx) => correctSampleRecord(ctx, id, input, reason, expectedVersion),
    voidSampleRecord: (_, { id, reason }, ctx) => voidSampleRecord(ctx, id, reason),
  },
};
