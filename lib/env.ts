import { fileURLToPath } from 'node:url';
import { log } from './log.js';

/**
 * Reading the environment, for `main.ts` files and the test harness only: factories take
 * plain options. A missing required value stops the process with a sentence naming it.
 */
export function requireEnv(name: string, why: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: ${why}`);
  return value;
}

export function intEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value == null || value === '') return fallback;
  const n = Number.parseInt(value, 10);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** The repository root (this file is lib/env.ts). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `BANGFU_REFERENCE_DIR`: another folder of reference lists of the repository's form; null for `reference/`. */
export function referenceDirFromEnv(): string | null {
  return process.env.BANGFU_REFERENCE_DIR || null;
}

/** A secret shared between processes: required, and long enough not to be guessed. */
export function secretEnv(name: string, why: string): string {
  const value = requireEnv(name, why);
  if (value.length < 32) throw new Error(`${name} is too short (${value.length} characters): use at least 32, e.g. \`openssl rand -hex 32\``);
  return value;
}

/**
 * `HOST`: the address a server listens on; 127.0.0.1 (this machine only) when unset. Containers
 * set `HOST=0.0.0.0` (Dockerfile, docker-compose.yml). An empty HOST is Node's default: every
 * interface.
 */
export function hostFromEnv(): string {
  return process.env.HOST ?? '127.0.0.1';
}

/** Does `host` reach this machine only? */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * `BANGFU_DIVISIONS_WITHIN`: comma-separated division codes (`610426,632803`); townships and
 * villages load only inside them, every province, prefecture and county still loads. For
 * small databases (tests, a quick look); null (unset) loads every division.
 */
export function divisionsWithinFromEnv(): string[] | null {
  const value = process.env.BANGFU_DIVISIONS_WITHIN;
  if (!value) return null;
  const codes = value
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const bad = codes.find((c) => !/^\d{2,12}$/.test(c));
  if (bad !== undefined || !codes.length)
    throw new Error(`BANGFU_DIVISIONS_WITHIN must be division codes separated by commas (e.g. 610426,632803), got "${value}"`);
  return codes;
}

/** What the seeding mains read: the reference folder, BANGFU_DEMO, BANGFU_SEED and BANGFU_DIVISIONS_WITHIN. */
export function seedOptionsFromEnv() {
  return {
    referenceDir: referenceDirFromEnv(),
    demo: process.env.BANGFU_DEMO !== '0',
    seed: intEnv('BANGFU_SEED', 20_201_123),
    divisionsWithin: divisionsWithinFromEnv(),
  };
}

/**
 * A development default for a secret (gateway/dev-secrets.ts): public, so allowed only on a
 * machine's own loopback, with a warning. Refused where NODE_ENV=production, and where HOST
 * is not a loopback address: the process stops with a sentence saying what to set.
 */
export function devDefault(name: string, value: string): string {
  const set = process.env[name];
  if (set) return set;
  if (process.env.NODE_ENV === 'production') throw new Error(`${name} is not set, and NODE_ENV=production has no development default`);
  const host = hostFromEnv();
  if (!isLoopback(host)) {
    throw new Error(
      `${name} is not set and HOST=${host || '(every interface)'} is not a loopback address: the development key is public, ` +
        `so anyone reaching this process could use it. Set ${name} (e.g. \`openssl rand -hex 32\`), or leave HOST unset to listen on 127.0.0.1 only`,
    );
  }
  log.warn(
    `bangfu: WARNING: ${name} is not set: using the PUBLIC development key (gateway/dev-secrets.ts), which anyone can sign with. ` +
      `Fine on this machine's loopback (HOST=${host}); set ${name} before anyone else can reach it.`,
  );
  return value;
}

/** Print a fatal start-up error as a sentence and exit 1 (a main prints the reason and exits). */
export function fail(error: unknown): never {
  log.fatal(`bangfu: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

/**
 * Traces, when OTEL_EXPORTER_OTLP_ENDPOINT names a collector (docs/operations.md): the
 * OpenTelemetry SDK is loaded then, and only then. Resolves with its stop (which sends the
 * spans still buffered), or null.
 */
export async function startTracingFromEnv(serviceName: string): Promise<(() => Promise<void>) | null> {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  const { startTracing } = await import('./tracing.js');
  return startTracing({ serviceName: process.env.OTEL_SERVICE_NAME ?? serviceName }).stop;
}

/** On SIGTERM or SIGINT: `stop` (which sends what is still buffered), then exit. */
export function stopOnSignal(stop: () => Promise<unknown>): void {
  const exit = () => void stop().finally(() => process.exit(0));
  process.once('SIGTERM', exit);
  process.once('SIGINT', exit);
}

/**
 * METRICS_TOKEN: the bearer token that opens GET /metrics (unset: /metrics answers 404). Long
 * enough not to be guessed.
 */
export function metricsTokenFromEnv(): string | undefined {
  const token = process.env.METRICS_TOKEN;
  if (token === undefined || token === '') return undefined;
  if (token.length < 16) throw new Error('METRICS_TOKEN must be at least 16 characters (e.g. `openssl rand -hex 16`)');
  return token;
}
