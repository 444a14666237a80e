import { badInput } from '../errors.js';
import { isAdmin } from '../identity.js';
import type { SubgraphContext } from '../subgraph.js';
import { type ImportEntry, type ImportJob, ImportJobs } from './jobs.js';
import { bufferSource } from './read.js';
import { type ImportMode, type ImportResult, requireSignedInToImport, rowResults } from './run.js';

/** The imports of this process: every subgraph in it shares the store, each reads only its own kinds. */
const jobs = new ImportJobs();

/**
 * A channel's `start<Channel>Import` and `<channel>Import(id)`: the import runs in the process of
 * the subgraph owning the kind, its job kept there in memory, read back there by id. The kinds
 * are read when first asked (the kinds' modules import the resolvers).
 */
export function importFields(entriesOf: () => readonly ImportEntry[]) {
  const start = (
    _: unknown,
    args: { kind: string; file: { name: string; base64: string }; dryRun?: boolean | null; mode?: ImportMode | null },
    ctx: SubgraphContext<unknown>,
  ) => {
    requireSignedInToImport(ctx.identity);
    const entries = entriesOf();
    const entry = entries.find((e) => e.kind.name === args.kind);
    if (!entry) throw badInput('kind', 'kind', `not a kind this channel imports; kinds: ${entries.map((e) => e.kind.name).join(', ')}`);
    const body = Buffer.from(args.file.base64, 'base64');
    const { job } = jobs.start({ db: ctx.db, identity: ctx.identity, registry: ctx.registry, peers: ctx.peers }, entry, bufferSource(args.file.name, body), {
      dryRun: !!args.dryRun,
      mode: args.mode ?? 'ALL',
    });
    return job;
  };
  const read = (_: unknown, { id }: { id: string }, ctx: SubgraphContext<unknown>): ImportJob | null => {
    const job = jobs.get(id);
    if (!job || !entriesOf().some((e) => e.kind.name === job.kind)) return null;
    return job.owner === ctx.identity.sub || isAdmin(ctx.identity) ? job : null;
  };
  return { start, read };
}

/** The resolvers of the shared result types (lib/common.graphql). */
export const importTypeResolvers = {
  ImportJob: {
    rowsDone: (j: ImportJob) => j.done,
    rows: (j: ImportJob) => j.total,
  },
  ImportResult: {
    fileError: (r: ImportResult) => (r.fileError ? { row: null, ...r.fileError } : null),
    rowOutcomes: (r: ImportResult, { offset, first }: { offset?: number | null; first?: number | null }) => {
      const from = Math.max(0, offset ?? 0);
      const n = Math.min(Math.max(0, first ?? 1000), 10_000);
      return rowResults({ ...r, statuses: r.statuses.slice(from, from + n), rowNumbers: r.rowNumbers.slice(from, from + n), refusals: [] });
    },
  },
};
