import { forbidden } from '../../lib/errors.js';
import { canEditOrg, coordinates, isAdmin, isAnonymous, type Identity } from '../../lib/identity.js';
import type { Context } from './loaders.js';

/**
 * Who may see and write military records: the sensitivity rule (schema.graphql, Query) that the
 * resolvers, the corrections and the imports apply.
 */

/** May `who` see personnel figures and internals of help by `helperId` to `helpedCode`? */
export function seesRecordInternals(who: Identity, helperId: string, helpedCode: string): boolean {
  return isAdmin(who) || canEditOrg(who, helperId) || coordinates(who, helpedCode);
}

/** Personnel totals of a place: ADMIN, or a coordinator covering all of it (no containing places counted). */
export function seesPlaceTotals(who: Identity, code: string, includeAncestors: boolean): boolean {
  return isAdmin(who) || (!includeAncestors && coordinates(who, code));
}

/** Refuse anonymous writers first, whatever else is wrong with the input. */
export function requireWriter(who: Identity) {
  if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
}

/**
 * A unit's internals: ADMIN, the unit's EDITORs, or a coordinator covering the region the unit
 * is responsible for (asked of the registry, batched, and only for coordinators).
 */
export async function seesUnitInternals(ctx: Context, unitId: string): Promise<boolean> {
  const who = ctx.identity;
  if (isAdmin(who) || canEditOrg(who, unitId)) return true;
  if (who.role !== 'COORDINATOR') return false;
  const unit = await ctx.registry.organization(unitId);
  return !!unit?.homeRegionCode && coordinates(who, unit.homeRegionCode);
}
