import { randomUUID } from 'node:crypto';
import type { AuditLogTable } from '../audit.js';
import type { ImportKind } from './kind.js';
import type { ImportSource } from './read.js';
import { type ImportContext, type ImportOptions, type ImportResult, runImport } from './run.js';

/** An importable kind with the audit log of the subgraph that owns it. */
export interface ImportEntry {
  kind: ImportKind;
  auditLog: AuditLogTable;
}

/** An import started, as its progress and result are read back by id. */
export interface ImportJob {
  id: string;
  kind: string;
  state: 'RUNNING' | 'DONE' | 'FAILED';
  /** Rows checked so far, and of how many (0 until the rows are counted: by the first pass, or at the end of a single one). */
  done: number;
  total: number;
  result: ImportResult | null;
  error: string | null;
  /** Who started it: only they (or an administrator) read it. */
  owner: string;
}

/**
 * The imports of this process, kept in memory (no table): at most `limit`, the oldest finished
 * forgotten first. An import runs in the process of the subgraph that owns its kind, so its id
 * is read there.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  constructor(private readonly limit = 100) {}

  /** Start an import; it runs on after this returns. */
  start(ctx: ImportContext, entry: ImportEntry, source: ImportSource, opts: ImportOptions): { job: ImportJob; finished: Promise<ImportJob> } {
    const job: ImportJob = {
      id: `import-${randomUUID()}`,
      kind: entry.kind.name,
      state: 'RUNNING',
      done: 0,
      total: 0,
      result: null,
      error: null,
      owner: ctx.identity.sub,
    };
    this.keep(job);
    const finished = runImport(ctx, entry.kind, entry.auditLog, source, {
      ...opts,
      onProgress: (done, total) => {
        job.done = done;
        job.total = total;
        opts.onProgress?.(done, total);
      },
    }).then(
      (result) => {
        Object.assign(job, { state: 'DONE', result, done: result.statuses.length, total: result.rows });
        return job;
      },
      (error: unknown) => {
        Object.assign(job, { state: 'FAILED', error: error instanceof Error ? error.message : String(error) });
        return job;
      },
    );
    return { job, finished };
  }

  get(id: string): ImportJob | null {
    return this.jobs.get(id) ?? null;
  }

  private keep(job: ImportJob) {
    this.jobs.set(job.id, job);
    if (this.jobs.size <= this.limit) return;
    for (const [id, j] of this.jobs) {
      if (j.state !== 'RUNNING') {
        this.jobs.delete(id);
        if (this.jobs.size <= this.limit) return;
      }
    }
  }
}
