import { defineChannel } from '../../lib/channel.js';
import { counts } from '../../lib/corrections.js';
import { auditLog, recordsTable as t } from './tables.js';

/**
 * The sample channel, declared (lib/channel.ts): its record kinds, where they land for coverage,
 * and what the hub asks of it. The kit gives each kind's `history` and `voided`, the kind an id
 * names (`specOf`: voids and corrections), `sampleCoverageGaps` and `sampleCoveredPlaces`.
 */
export const sample = defineChannel({
  subgraph: 'sample',
  // Its value of `Channel` once its records implement `Assistance` (and it joins subgraphs/channels.ts).
  channel: null,
  name: 'sample',
  auditLog,
  kinds: [{ entity: 'SampleRecord', what: 'sample record', prefix: 'sample-', table: t, id: t.id, key: 'text', voidedAt: t.voidedAt }],
  // A county is covered when a record that counts lands on it or on a place inside it.
  coverage: {
    sources: [{ table: t, code: t.helpedCode, since: t.since, until: t.until, demo: t.demo, where: () => counts(t.voidedAt) }],
    containing: false,
    says: 'no record of this channel covers in `year` (a record on a place inside the county covers it).',
  },
});
