/**
 * Where seeding is and how it failed, in words: shared by the seed runner (seed/index.ts) and
 * the hub's loading answers (gateway/loading.ts), which load this module before anything heavy.
 */

/** Where seeding is: the step running and how far it is. */
export interface SeedStatus {
  subgraph: string;
  step: string;
  /** The step's place among the steps this run loads (from 1), and how many it loads. */
  index: number;
  count: number;
  /** Rows written so far of `total` (null: not known yet), and what the step is doing besides. */
  done: number;
  total: number | null;
  doing: string | null;
  /** Milliseconds since the step started. */
  ms: number;
}

/** A step that failed: nothing of it was kept (its transaction rolled back); the steps before it were. */
export class SeedStepError extends Error {
  constructor(
    readonly status: SeedStatus,
    /** Steps recorded before this one, by earlier runs and this one. */
    readonly finished: number,
    cause: unknown,
  ) {
    super(
      `${status.subgraph}: ${status.step} (step ${status.index} of ${status.count}) failed after ${seconds(status.ms)}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/**
 * What to print when seeding stopped: the step, its cause, what was kept and what to do;
 * `startOver` says how to begin again from nothing ("delete .data/pglite"). The cause's stack
 * follows, for a cause that is a bug.
 */
export function describeSeedFailure(error: unknown, startOver: string): string {
  if (!(error instanceof SeedStepError)) {
    return `loading failed: ${error instanceof Error ? error.message : String(error)}\nStart again to resume: the steps finished are kept; to start over instead, ${startOver}.`;
  }
  const stack = error.cause instanceof Error && error.cause.stack ? `\n${error.cause.stack.replace(/^/gm, '    ')}` : '';
  return (
    `loading stopped: ${error.message}\n` +
    `Nothing of that step was kept; the ${error.finished} step${error.finished === 1 ? '' : 's'} finished before it ${error.finished === 1 ? 'is' : 'are'} kept. ` +
    `Start again to resume from that step (first fix what the cause names, when it names an input file or a setting); to start over instead, ${startOver}.` +
    stack
  );
}

/** "312,000 of 665,276 rows", "665,276 of 665,276 rows, building indexes", "generating". */
export function describeProgress(status: Pick<SeedStatus, 'done' | 'total' | 'doing'>): string {
  const rows =
    status.total !== null ? `${formatCount(status.done)} of ${formatCount(status.total)} rows` : status.done ? `${formatCount(status.done)} rows` : '';
  return [rows, status.doing].filter(Boolean).join(', ') || 'running';
}

export const formatCount = (n: number) => n.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
