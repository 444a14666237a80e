import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { currentRequest } from './telemetry.js';

export type { Logger };

/**
 * A structured log writing to `destination`: JSON lines, or pretty lines when no destination is
 * given and stdout is a terminal. Each line made while a request runs carries its `requestId`.
 */
export function createLog(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  const destination =
    opts.destination ??
    (process.stdout.isTTY
      ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss' })
      : // Written as the event loop allows, not synchronously on the request's path; pino flushes it on exit.
        pino.destination({ dest: 1, sync: false }));
  return pino(
    {
      level: opts.level ?? 'info',
      base: { pid: process.pid },
      mixin: () => {
        const id = currentRequest()?.id;
        return id ? { requestId: id } : {};
      },
    },
    destination,
  );
}

/**
 * The processes' structured log: JSON lines on stdout, read by whatever collects them; pretty
 * lines when stdout is a terminal. `LOG_LEVEL` sets the level (default info). Servers take
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
