import { fileURLToPath } from 'node:url';

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

/** Development defaults are refused where NODE_ENV=production. */
export function devDefault(name: string, value: string): string {
  const set = process.env[name];
  if (set) return set;
  if (process.env.NODE_ENV === 'production') throw new Error(`${name} is not set, and NODE_ENV=production has no development default`);
  return value;
}

/** Print a fatal start-up error as a sentence and exit 1 (a main prints the reason and exits). */
export function fail(error: unknown): never {
  console.error(`bangfu: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
