import { sql } from 'drizzle-orm';
import { rowsOf } from '../../lib/batch.js';
import { checkNotVoided } from '../../lib/corrections.js';
import type { Db } from '../../lib/db.js';
import { badInput } from '../../lib/errors.js';
import { cellsAsInput, periodColumns, type ImportKind } from '../../lib/import/kind.js';
import { lockedByTuple, tupleKey } from '../../lib/import/locked.js';
import { checkPeriod, optionalText } from '../../lib/rules.js';
import { col, requirePlace } from './import.js';
import { yearsOfPeriod } from '../../lib/calendar.js';
import { requireAccess, requireWriterRole } from './access.js';
import { ENTERPRISE_KINDS, requireHelperKind } from './import.js';
import { compactsTable as compacts, contributionsTable as contributions } from './tables.js';
import type { CreateVillageCompactInput } from './types.generated.js';

/** The longest note (the channel's limit on its texts; a constant here, read when this module loads). */
const MAX_TEXT = 2000;

type Compact = typeof compacts.$inferSelect;

/** A batch's compacts of the helpers and villages it names (voided ones too), locked, and each one's latest contribution date. */
export interface CompactBatch {
  byPair: Map<string, Compact[]>;
  lastContribution: Map<string, string>;
}

/** A compact as checked: who, which village, the period and what a recorded compact takes. */
export interface CheckedCompact {
  helperId: string;
  helperKind: string;
  groupId: string;
  groupKind: string;
  helpedCode: string;
  since: string;
  until: string | null;
  published: boolean;
  note: string | null;
}

const pairKey = (helperId: string, village: string) => tupleKey('ent-compact', [helperId, village]);
const keyOf = (r: { helperId: string; helpedCode: string; since: string }) => `${r.helperId}|${r.helpedCode}|${r.since}`;

/**
 * The compacts of the helper-village pairs a batch names, in three statements whatever the
 * batch: an advisory lock per pair (a compact created at the same time waits), the pairs'
 * compacts locked for update, the latest contribution made under each.
 */
async function compactBatch(tx: Db, pairs: readonly { helperId: string; helpedCode: string }[]): Promise<CompactBatch> {
  const byPair = await lockedByTuple(
    tx,
    'ent-compact',
    compacts,
    ['helperId', 'helpedCode'],
    pairs.map((p) => [p.helperId, p.helpedCode]),
  );
  const batch: CompactBatch = { byPair, lastContribution: new Map() };
  const rows = [...byPair.values()].flat();
  if (rows.length) {
    const found = rowsOf<{ id: string; d: string }>(
      await tx.execute(
        sql`select ${contributions.compactId} as id, max(${contributions.date})::text as d from ${contributions}
          where ${contributions.compactId} = any(${sql.param(rows.map((r) => r.id))}::text[]) group by 1`,
      ),
    );
    for (const f of found) batch.lastContribution.set(f.id, f.d);
  }
  return batch;
}

/**
 * Village compacts (万企帮万村; `createVillageCompact`), keyed on helper, village and start date.
 * A recorded compact takes the file's end as `endVillageCompact` sets it (once: an ended compact
 * is not ended again; not before a contribution made under it), and its published flag and note
 * (a blank cell keeps the recorded value). The same access, kinds, period, overlap and lock rules as the mutation.
 */
export const compactImport: ImportKind<CreateVillageCompactInput, CompactBatch, CheckedCompact, Compact> = {
  name: 'enterprise-compacts',
  subgraph: 'enterprises',
  channel: 'ENTERPRISE',
  action: 'createVillageCompact',
  entity: 'VillageCompact',
  key: 'helper, village and start date',
  columns: [
    col({
      key: 'helperId',
      en: 'helper',
      zh: '帮扶企业',
      type: 'organization',
      required: true,
      example: 'org-demo-1',
      note: 'an enterprise: its id, unified social credit code, or exact name or alias',
    }),
    col({ key: 'villageCode', en: 'village', zh: '村代码', type: 'code', required: true, example: '610426100201', note: 'a village code, any form' }),
    ...periodColumns({ example: '2018-03-01', note: 'the first day of the compact' }, { note: 'blank: ongoing (a recorded compact keeps its end)' }),
    col({ key: 'published', en: 'published', zh: '公开', type: 'boolean', example: 'true', note: 'blank: true (a recorded compact keeps its own)' }),
    col({ key: 'note', en: 'note', zh: '备注', type: 'text', example: '演示·结对', note: `at most ${MAX_TEXT} characters` }),
  ],
  input: cellsAsInput,
  needs: (input, into) => {
    into.orgs.add(input.helperId);
    into.codes.add(input.villageCode);
  },
  batchFacts: (tx, inputs, registry) => {
    const pairs = [];
    for (const i of inputs) {
      const helperId = registry.orgIdOf(i.helperId);
      const village = registry.region(i.villageCode);
      if (helperId && village) pairs.push({ helperId, helpedCode: village.code });
    }
    return compactBatch(tx, pairs);
  },
  check: (input, registry, batch, who) => {
    requireWriterRole(who);
    const helper = registry.organization('input.helperId', input.helperId);
    const group = registry.groupOf(helper);
    requireHelperKind('input.helperId', helper.kind, ENTERPRISE_KINDS, 'sign a village compact (万企帮万村 pairs enterprises with villages)');
    const village = requirePlace('input.villageCode', input.villageCode, registry, ['VILLAGE']);
    requireAccess(who, { helperId: helper.id, groupId: group.id, helpedCode: village });
    const asked = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
    const key = pairKey(helper.id, village);
    const pairs = batch.byPair.get(key) ?? [];
    const recorded = pairs.find((c) => c.voidedAt === null && c.since === asked.since);
    // A blank end keeps a recorded compact's end (an ended compact is never opened again).
    const period = checkPeriod({ since: 'input.since', until: 'input.until' }, { since: asked.since, until: asked.until ?? recorded?.until ?? null });
    registry.checkUnlocked({ channel: 'ENTERPRISE', codes: [village], years: yearsOfPeriod(period.since, period.until) }, 'input.since');
    const note = optionalText('input.note', input.note, MAX_TEXT);
    const row: CheckedCompact = {
      helperId: helper.id,
      helperKind: helper.kind,
      groupId: group.id,
      groupKind: group.kind,
      helpedCode: village,
      ...period,
      published: input.published ?? recorded?.published ?? true,
      note: note ?? recorded?.note ?? null,
    };
    if (recorded) {
      // A change of a recorded compact: ended as endVillageCompact ends it.
      checkNotVoided('village compact', recorded.id, recorded, 'input.since');
      if (row.until !== recorded.until) {
        if (recorded.until !== null) throw badInput('input.until', 'already-ended', `the compact ended on ${recorded.until}`);
        const last = batch.lastContribution.get(recorded.id);
        if (row.until !== null && last !== undefined && last > row.until) {
          throw badInput('input.until', 'records-outside-period', `a contribution under compact ${recorded.id} is dated ${last}, after ${row.until}`);
        }
      }
    }
    const clash = pairs.find(
      (c) => c.voidedAt === null && c !== recorded && (row.until === null || c.since <= row.until) && (c.until === null || c.until >= row.since),
    );
    if (clash) throw badInput('input.villageCode', 'duplicate', `${helper.id} already has compact ${clash.id} with this village in an overlapping period`);
    // Later rows of the batch see it (a file giving two overlapping compacts of one pair).
    if (!recorded) batch.byPair.set(key, [...pairs, { ...row, id: '(this file)', voidedAt: null } as unknown as Compact]);
    return row;
  },
  keyOf,
  existing: async (tx, rows) => {
    const wanted = JSON.stringify(rows.map((r) => [r.helperId, r.helpedCode, r.since]));
    const found = await tx
      .select()
      .from(compacts)
      .where(
        sql`(${compacts.helperId}, ${compacts.helpedCode}, ${compacts.since}::text) in (select k->>0, k->>1, k->>2 from jsonb_array_elements(${wanted}::jsonb) as k)`,
      );
    const byKey = new Map<string, Compact[]>();
    for (const r of found) byKey.set(keyOf(r), [...(byKey.get(keyOf(r)) ?? []), r]);
    return byKey;
  },
  differs: (row, e) => row.until !== e.until || row.published !== e.published || (row.note ?? null) !== (e.note ?? null),
  write: async ({ tx, logMany }, creates, updates, returning) => {
    const created = creates.length
      ? await tx
          .insert(compacts)
          .values([...creates])
          .returning()
      : [];
    let updated: Compact[] = [];
    if (updates.length) {
      const patch = updates.map((u) => ({ id: u.before.id, until: u.row.until, published: u.row.published, note: u.row.note }));
      updated = await tx
        .update(compacts)
        .set({ until: sql`v.until`, published: sql`v.published`, note: sql`v.note`, updatedAt: new Date() })
        .from(sql`jsonb_to_recordset(${JSON.stringify(patch)}::jsonb) as v(id text, until date, published boolean, note text)`)
        .where(sql`${compacts.id} = v.id`)
        .returning();
    }
    const before = new Map(updates.map((u) => [u.before.id, u.before]));
    await logMany([
      ...created.map((r) => ({ entity: 'VillageCompact', entityId: r.id, after: r, regions: [r.helpedCode] })),
      ...updated.map((r) => ({ entity: 'VillageCompact', entityId: r.id, before: before.get(r.id), after: r, regions: [r.helpedCode] })),
    ]);
    return returning ? created : [];
  },
};
