import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/**
 * A structured log writing to `destination`, or else: info and debug lines on stdout, warnings
 * and errors on stderr (a script's output on stdout stays its own: `npm run token` prints the
 * token alone), as JSON, or as pretty lines when stdout is a terminal.
 */
export function createLog(opts: { level?: string; destination?: DestinationStream; sync?: boolean } = {}): Logger {
  const level = opts.level ?? 'info';
  // Written as the event loop allows, not synchronously on a request's path (pino flushes them
  // on exit); `sync` for a process that keeps its event loop busy for seconds (a load), whose
  // lines would otherwise wait for it.
  const sync = opts.sync ?? false;
  const stream = (fd: 1 | 2): DestinationStream =>
    process.stdout.isTTY ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', destination: fd, sync }) : pino.destination({ dest: fd, sync });
  const destination =
    opts.destination ??
    pino.multistream(
      [
        { level: 'trace', stream: stream(1) },
        { level: 'warn', stream: stream(2) },
      ],
      // Each line to the stream of the highest level it reaches, only.
      { dedupe: true },
    );
  return pino(
    {
      level,
      base: { pid: process.pid },
    },
    destination,
  );
}

/**
 * The processes' structured log: JSON lines on stdout (warnings and errors on stderr), read by
 * whatever collects them; pretty lines when stdout is a terminal. `LOG_LEVEL` sets the level (default info). Servers take
 * another (`logger` in their options), which tests give to read what a request logged.
 */
export const log: Logger = createLog({ level: process.env.LOG_LEVEL ?? 'info' });

/**
 * A failure that repeats (a subgraph down under load fails every request) is said once per
 * interval, not once per occurrence: the first of a key at once, then, at the end of each
 * interval in which it went on, one line with the count. A key quiet for a whole interval
 * starts afresh. The timers do not keep the process alive.
 */
export class Throttled {
  private readonly windows = new Map<string, { count: number; fields: Record<string, unknown>; timer: NodeJS.Timeout }>();
  constructor(
    private readonly message: string,
    readonly intervalMs = 10_000,
    private readonly logger: Logger = log,
  ) {}

  /** One occurrence of `key`; `fields` describe it (the last ones go into the interval's line). */
  note(key: string, fields: Record<string, unknown>): void {
    const open = this.windows.get(key);
    if (open) {
      open.count++;
      open.fields = fields;
      return;
    }
    this.logger.warn({ ...fields, failures: 1 }, this.message);
    this.open(key, fields);
  }

  private open(key: string, fields: Record<string, unknown>) {
    const window = { count: 0, fields, timer: setTimeout(() => this.close(key), this.intervalMs).unref() };
    this.windows.set(key, window);
  }

  private close(key: string) {
    const window = this.windows.get(key)!;
    this.windows.delete(key);
    if (window.count === 0) return;
    this.logger.warn({ ...window.fields, failures: window.count, seconds: this.intervalMs / 1000 }, `${this.message} (repeated)`);
    this.open(key, window.fields);
  }
}
