import { forbidden } from '../../lib/errors.js';
import { coordinates, isAdmin, isAnonymous, type Identity } from '../../lib/identity.js';
import type { PeriodLockFacts } from '../../lib/locks.js';
import type { Context } from './loaders.js';

/**
 * Who reads and writes the county's precision work: the poverty office's rules that the
 * resolvers, the corrections and the imports apply, and the lock over a write's years.
 */

/** The coordinator office that writes a county's precision work and reads its households. */
export const POVERTY_OFFICE = 'POVERTY';

/**
 * May `who` read the households on or inside `code` ('' for the whole country)? ADMIN, or the
 * poverty office (a COORDINATOR of office POVERTY or none) whose regions hold the place.
 */
export function readsHouseholds(who: Identity, code: string): boolean {
  return isAdmin(who) || (code !== '' && coordinates(who, code, POVERTY_OFFICE));
}

/** Writers: signed in first, then ADMIN or the poverty office covering `code`. */
export function requireWriter(who: Identity, code: string | null, what: string) {
  if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
  if (isAdmin(who)) return;
  if (code === null || !coordinates(who, code, POVERTY_OFFICE)) {
    throw forbidden(`only an administrator or the poverty office covering ${code ?? 'the place'} may ${what}`, 'poverty-office');
  }
}

/**
 * The lock in force (lib/locks.ts, channel LOCAL) over a record of the county's work on `code` in
 * `years`: one registry call before the write's transaction; none for an anonymous caller
 * (refused first) or a record not found (refused inside).
 */
export async function localLock(ctx: Context, code: string | null | undefined, years: number[]): Promise<PeriodLockFacts | null> {
  if (!code || !years.length || isAnonymous(ctx.identity)) return null;
  return ctx.registry.periodLock({ channel: 'LOCAL', codes: [code], years });
}
