import { canEditOrg, coordinates, isAdmin, type Identity } from '../../lib/identity.js';
import { REVIEW_OFFICE } from './domain.js';
import type { Context, PairingRow, ReportRow } from './loaders.js';

/**
 * Who may do what with designated records: the rules every read and write of the channel
 * applies (resolvers.ts, corrections.ts, import.ts).
 */
/** May `who` review (approve, return, reopen, assess) the records of a county? */
export const reviews = (who: Identity, code: string) => coordinates(who, code, REVIEW_OFFICE);

/** May `who` record a pairing: the unit's editors, or the poverty office over the county. */
export const arrangesPairing = (who: Identity, helperId: string, code: string | null) => canEditOrg(who, helperId) || (code !== null && reviews(who, code));

/**
 * May `who` see a pairing's reports in every state (not just APPROVED)? Administrators, the
 * unit's editors, any coordinator whose scope covers the county (reading needs no office),
 * and SASAC for central SOEs (the kind asked of the registry, batched per request).
 */
export async function seesUnpublished(ctx: Context, pairing: PairingRow): Promise<boolean> {
  const who = ctx.identity;
  if (seesUnpublishedOwn(who, pairing)) return true;
  if (who.role === 'SASAC') return (await ctx.registry.organization(pairing.helperId))?.kind === 'CENTRAL_SOE';
  return false;
}

/** The same without SASAC's reading (no registry lookup): everyone who may also move a report on. */
export const seesUnpublishedOwn = (who: Identity, pairing: PairingRow) =>
  isAdmin(who) || canEditOrg(who, pairing.helperId) || coordinates(who, pairing.helpedCode);

export async function visibleReports(ctx: Context, pairing: PairingRow, rows: ReportRow[]): Promise<ReportRow[]> {
  if (rows.every((r) => r.status === 'APPROVED')) return rows;
  return (await seesUnpublished(ctx, pairing)) ? rows : rows.filter((r) => r.status === 'APPROVED');
}
