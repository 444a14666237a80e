import { checkPeriod } from '../../lib/rules.js';
import { badInput } from '../../lib/errors.js';
import type { Identity } from '../../lib/identity.js';
import { cellsAsInput, col, type ImportKind, type RegistryFacts, periodColumns } from '../../lib/import/kind.js';
import { lockedByTuple, tupleKey } from '../../lib/import/locked.js';
import { overlaps } from '../../lib/calendar.js';
import { requireWriter } from './access.js';
import type { RecordRow } from './loaders.js';
import { recordsTable as records } from './tables.js';
import type { SampleInput } from './types.generated.js';

/**
 * The sample channel's import kind (docs/import.md): what `recordSample` checks and writes on one
 * input (`recordOne`, lib/import/run.ts), an import on each row of a file, with the same rules.
 */
type Checked = Omit<typeof records.$inferInsert, 'id'> & { helperId: string; helpedCode: string; since: string; until: string | null };

const pair = (r: { helperId: string; helpedCode: string }) => tupleKey('sample', [r.helperId, r.helpedCode]);
const keyOf = (r: { helperId: string; helpedCode: string; since: string }) => `${r.helperId}|${r.helpedCode}|${r.since}`;

/** A record's rules, pure: a writer; a known helper and place; a period; no other record of the pair overlapping it. */
function check(input: SampleInput, registry: RegistryFacts, byPair: Map<string, RecordRow[]>, who: Identity): Checked {
  requireWriter(who);
  const place = registry.place('input.helpedCode', input.helpedCode);
  const helper = registry.organization('input.helperId', input.helperId);
  const period = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
  const row: Checked = { helperId: helper.id, helpedCode: place.code, ...period, source: 'api' };
  // A voided record counts nowhere: it neither matches nor clashes.
  const others = (byPair.get(pair(row)) ?? []).filter((o) => !o.voidedAt);
  const clash = others.find((o) => overlaps(o, period));
  if (clash) throw badInput('input.since', 'duplicate', `${clash.id || 'an earlier row'} already records this help in an overlapping period`);
  // Later rows of the same file see this one.
  byPair.set(pair(row), [...others, { ...row, id: '', voidedAt: null } as RecordRow]);
  return row;
}

export const sampleImport: ImportKind<SampleInput, Map<string, RecordRow[]>, Checked, RecordRow> = {
  name: 'sample-records',
  subgraph: 'sample',
  channel: null,
  action: 'recordSample',
  entity: 'SampleRecord',
  key: 'helper, place and start date',
  columns: [
    col({ key: 'helperId', en: 'helper', zh: '帮扶单位', type: 'organization', example: 'org-…', note: 'id, credit code, or exact name or alias' }),
    col({ key: 'helpedCode', en: 'place', zh: '地区代码', type: 'code', example: '610426', note: 'the place helped' }),
    ...periodColumns({ example: '2016-01-01' }),
  ],
  input: cellsAsInput,
  needs: (input, into) => {
    into.orgs.add(input.helperId);
    into.codes.add(input.helpedCode);
  },
  batchFacts: async (tx, inputs, registry) => {
    const tuples: string[][] = [];
    for (const i of inputs) {
      const helperId = registry.orgIdOf(i.helperId);
      const place = registry.region(i.helpedCode);
      if (helperId && place) tuples.push([helperId, place.code]);
    }
    return lockedByTuple(tx, 'sample', records, ['helperId', 'helpedCode'], tuples);
  },
  check,
  keyOf,
  // Every overlap is refused by `check`: a row never matches a record to change.
  existing: async () => new Map(),
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    const created = creates.length
      ? await tx
          .insert(records)
          .values([...creates])
          .returning()
      : [];
    await logMany(created.map((r) => ({ entity: 'SampleRecord', entityId: r.id, after: r })));
    return created;
  },
};
