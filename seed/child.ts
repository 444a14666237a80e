// The embedded hub's loading process: `gateway/start.ts` forks it to run the seed steps while
// it answers "loading" itself. A process of its own because loading keeps its process busy for
// seconds at a time (PGlite runs every statement on the JavaScript thread, and a step's
// statements one after the other leave nothing else a turn until the step ends), and the hub
// must answer meanwhile. Progress and the outcome go to the hub as IPC messages; the log goes
// to the same terminal.
import { openDatabase, type DatabaseOptions } from '../lib/db.js';
import { createLog } from '../lib/log.js';
import { subgraphs } from '../subgraphs/index.js';
import { seedAll, SeedStepError, type SeedOptions, type SeedResult, type SeedStatus } from './index.js';

/** What to load: the hub's database and seeding options (argument 1, as JSON). */
export interface LoadingRequest {
  database: DatabaseOptions;
  seed: Omit<SeedOptions, 'log' | 'onProgress'>;
}

/** What the loading process tells the hub: progress, then how it ended. */
export type LoadingMessage =
  | { progress: SeedStatus }
  | { done: SeedResult }
  | { failed: { message: string; stack?: string; status?: SeedStatus; finished?: number } };

const request = JSON.parse(process.argv[2] ?? '{}') as LoadingRequest;
const send = (message: LoadingMessage) => new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));
let outcome: LoadingMessage;
try {
  // A load's statements run as long as they need (the timeouts bound a request's, not a load's).
  const database = await openDatabase({ ...request.database, statementTimeoutMs: 0, lockTimeoutMs: 0 });
  try {
    // Each line as it happens: a step keeps the event loop busy until it ends.
    const log = createLog({ sync: true });
    outcome = { done: await seedAll(database, subgraphs, { ...request.seed, log: (m) => log.info(m), onProgress: (progress) => void send({ progress }) }) };
  } finally {
    // Closed before the hub hears the outcome: the hub opens the same PGlite folder next.
    await database.close();
  }
} catch (error) {
  const cause = error instanceof SeedStepError ? error.cause : error;
  outcome = {
    failed: {
      message: cause instanceof Error ? cause.message : String(cause),
      stack: cause instanceof Error ? cause.stack : undefined,
      status: error instanceof SeedStepError ? error.status : undefined,
      finished: error instanceof SeedStepError ? error.finished : undefined,
    },
  };
}
await send(outcome);
process.disconnect?.();
