import express from 'express';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pages } from './pages.js';
import { metricsEndpoint, type Metrics } from '../lib/metrics.js';
import type { LoadingMessage, LoadingRequest } from '../seed/child.js';
import type { SeedResult } from '../seed/index.js';
import { describeProgress, SeedStepError, type SeedStatus } from '../seed/status.js';

/** How long a first start takes, for the loading answers (measured on PGlite, README "Quick start"). */
export const FIRST_START = 'about two minutes';

/** Seconds a client is told to wait before asking again while the hub loads. */
const RETRY_AFTER_SECONDS = 10;

/** What the hub is doing before it serves the graph: a phase ("opening the database") or a seed step. */
export type LoadingState = string | SeedStatus;

/**
 * The embedded hub's HTTP front: it listens from the first moment. While the hub starts and
 * loads its data, `GET /health` answers 503 `{ status: "loading", … }` with the step being loaded
 * and `/graphql` answers 503 with `Retry-After` and a GraphQL error saying what is loading;
 * once `ready(app)` is called, every request goes to the gateway's app on the same port.
 * Meanwhile `/live` answers 200, `/ready` 503, and `/metrics` (with `metricsToken`) the loading's
 * progress in `metrics`, which the gateway then goes on recording into.
 */
export function createLoadingFront(opts: { metrics?: Metrics; metricsToken?: string } = {}) {
  let state: LoadingState = 'starting';
  // When the step shown started, so the answers say how long it has been running.
  let stepStarted = performance.now();
  let gateway: express.Express | null = null;
  const now = (): LoadingState => (typeof state === 'string' ? state : { ...state, ms: Math.round(performance.now() - stepStarted) });
  const detail = (s: LoadingState) => (typeof s === 'string' ? { phase: s } : s);
  const front = express();
  front.disable('x-powered-by');
  front.use((req, res, next) => (gateway ? gateway(req, res) : next()));
  front.get('/live', (_req, res) => void res.json({ status: 'live' }));
  front.get('/ready', (_req, res) => void res.status(503).json({ status: 'not ready', loading: detail(now()) }));
  front.get('/metrics', metricsEndpoint(opts.metrics, opts.metricsToken));
  opts.metrics?.loading.set(1);
  front.use(pages());
  front.get('/health', (_req, res) => {
    const s = now();
    res.status(503).json({ status: 'loading', gateway: 'loading', message: loadingMessage(s), loading: detail(s) });
  });
  front.use('/graphql', (_req, res) => {
    const s = now();
    res
      .status(503)
      .set('Retry-After', String(RETRY_AFTER_SECONDS))
      .json({ errors: [{ message: loadingMessage(s), extensions: { code: 'SERVICE_UNAVAILABLE', loading: detail(s) } }] });
  });
  return {
    app: front,
    show(next: LoadingState) {
      if (typeof next !== 'string') {
        stepStarted = performance.now() - next.ms;
        opts.metrics?.seedStep.set({ of: 'step' }, next.index);
        opts.metrics?.seedStep.set({ of: 'steps' }, next.count);
        opts.metrics?.seedRows.set(next.done);
      }
      state = next;
    },
    ready(app: express.Express) {
      gateway = app;
      opts.metrics?.loading.set(0);
    },
  };
}

/**
 * "bangfu is loading its data (registry: divisions, step 1 of 13, 312,000 of 665,276 rows); the
 * first start takes about two minutes. Try again shortly."
 */
export function loadingMessage(state: LoadingState): string {
  if (typeof state === 'string') return `bangfu is starting (${state}). Try again in a few seconds.`;
  return (
    `bangfu is loading its data (${state.subgraph}: ${state.step}, step ${state.index} of ${state.count}, ${describeProgress(state)}); ` +
    `the first start takes ${FIRST_START}. Try again shortly.`
  );
}

const CHILD = fileURLToPath(new URL('../seed/child.ts', import.meta.url));

/**
 * Run the seed steps in a loading process of their own (seed/child.ts), so this process keeps
 * answering; `onProgress` hears each step's progress. Resolves when the steps are loaded and the
 * database is closed again; rejects with a SeedStepError when a step failed.
 */
export function seedInChildProcess(request: LoadingRequest, onProgress: (status: SeedStatus) => void): { child: ChildProcess; result: Promise<SeedResult> } {
  // The same Node flags, tsx's loader among them.
  const child = fork(CHILD, [JSON.stringify(request)], { execArgv: process.execArgv });
  const result = new Promise<SeedResult>((resolve, reject) => {
    let outcome: LoadingMessage | null = null;
    child.on('message', (message: LoadingMessage) => {
      if ('progress' in message) onProgress(message.progress);
      else outcome = message;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (outcome && 'done' in outcome) return resolve(outcome.done);
      if (outcome && 'failed' in outcome) {
        const { message, stack, status, finished } = outcome.failed;
        const cause = new Error(message);
        if (stack) cause.stack = stack;
        return reject(status ? new SeedStepError(status, finished ?? 0, cause) : cause);
      }
      reject(new Error(`the loading process stopped (${signal ?? `exit code ${code}`}) before it finished`));
    });
  });
  return { child, result };
}
