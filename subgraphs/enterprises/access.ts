import { and, eq, inArray, like, or, type SQL } from 'drizzle-orm';
import { within } from '../../lib/codes.js';
import { canEditOrg, coordinates, isAdmin, type Identity } from '../../lib/identity.js';
import { counts } from '../../lib/corrections.js';
import { forbidden } from '../../lib/errors.js';
import type { PeriodLockFacts } from '../../lib/locks.js';
import type { Context } from './loaders.js';
import type { compactsTable, contributionsTable } from './tables.js';

/**
 * The channel's access rules, in one place.
 *
 * Read: a published record is public. Unpublished records and every `note` are read by
 * privileged readers of the record: editors of the helper or of its group, coordinators whose
 * scope covers the helped place, SASAC for every central-SOE record (helper or group of kind
 * CENTRAL_SOE), administrators.
 *
 * Write: editors of the helper or of its group, coordinators whose scope covers the helped
 * place (a county poverty office records an individual's donation: individuals have no
 * editors), administrators. SASAC reads; it does not write.
 */
export interface RecordFacts {
  helperId: string;
  groupId: string;
  helperKind: string;
  groupKind: string;
  helpedCode: string;
}

export const CENTRAL_SOE = 'CENTRAL_SOE';

const isCentralSoe = (r: Pick<RecordFacts, 'helperKind' | 'groupKind'>) => r.helperKind === CENTRAL_SOE || r.groupKind === CENTRAL_SOE;

/** May `who` read this record's non-public parts (and the record when unpublished)? */
export function readsPrivate(who: Identity, r: RecordFacts): boolean {
  if (isAdmin(who)) return true;
  switch (who.role) {
    case 'EDITOR':
      return who.orgs.includes(r.helperId) || who.orgs.includes(r.groupId);
    case 'COORDINATOR':
      return who.regions.some((scope) => within(r.helpedCode, scope));
    case 'SASAC':
      return isCentralSoe(r);
    default:
      return false;
  }
}

/** May `who` write records of this helper/group on this place? */
export function writes(who: Identity, r: Pick<RecordFacts, 'helperId' | 'groupId' | 'helpedCode'>): boolean {
  return canEditOrg(who, r.helperId) || canEditOrg(who, r.groupId) || coordinates(who, r.helpedCode);
}

type RecordTable = typeof compactsTable | typeof contributionsTable;

/**
 * The same read rule as a SQL condition on a record table, so every list and total counts
 * only what the caller may read, in the statement that fetches it — and only the records that
 * count: a voided one (lib/corrections.ts) is left out unless `includeVoided` (a read by id).
 * Undefined: everything.
 */
export function visibleCondition(t: RecordTable, who: Identity, includeVoided = false): SQL | undefined {
  return and(includeVoided ? undefined : counts(t.voidedAt), readableCondition(t, who));
}

function readableCondition(t: RecordTable, who: Identity): SQL | undefined {
  if (isAdmin(who)) return undefined;
  const published = eq(t.published, true);
  const reads = readsPrivateCondition(t, who);
  return reads ? or(published, reads) : published;
}

/**
 * `readsPrivate` as a SQL condition on a record table: undefined for everything (an
 * administrator), null for nothing (an anonymous caller, an editor of no organisation). The
 * read rule above is built on it, and a streamed export masks the note with it in SQL.
 */
export function readsPrivateCondition(t: RecordTable, who: Identity): SQL | undefined | null {
  if (isAdmin(who)) return undefined;
  switch (who.role) {
    case 'EDITOR':
      return who.orgs.length ? or(inArray(t.helperId, who.orgs), inArray(t.groupId, who.orgs))! : null;
    case 'COORDINATOR':
      return who.regions.length ? or(...who.regions.map((scope) => like(t.helpedCode, `${scope}%`)))! : null;
    case 'SASAC':
      return or(eq(t.helperKind, CENTRAL_SOE), eq(t.groupKind, CENTRAL_SOE))!;
    default:
      return null;
  }
}

/** A record row the caller may see at all. */
export function visible(who: Identity, r: RecordFacts & { published: boolean }): boolean {
  return r.published || readsPrivate(who, r);
}

/** Whether the caller's role may write here at all (lookups are made for these callers only). */
export const mayWrite = (who: Identity) => who.role !== 'PUBLIC' && who.role !== 'SASAC';

/** SASAC and anonymous callers never write in this channel: refuse before looking anything up. */
export function requireWriterRole(who: Identity) {
  if (who.role === 'PUBLIC') throw forbidden('sign in: anonymous callers may not write', 'signed-in');
  if (who.role === 'SASAC') throw forbidden('SASAC reads central-SOE records; it does not write them', 'write-role');
}

/**
 * The lock in force (lib/locks.ts) over an enterprise record on `code` in `years`: one registry
 * call, before the write's transaction; none asked for an unknown place.
 */
export async function enterpriseLock(ctx: Context, code: string | null, years: number[]): Promise<PeriodLockFacts | null> {
  if (!code || ctx.identity.role === 'PUBLIC') return null;
  return ctx.registry.periodLock({ channel: 'ENTERPRISE', codes: [code], years });
}

export function requireAccess(who: Identity, facts: { helperId: string; groupId: string; helpedCode: string }) {
  if (!writes(who, facts)) {
    throw forbidden(`you may not write records of ${facts.helperId} on ${facts.helpedCode}: editors of the helper or its group, or a coordinator of the place`);
  }
}
