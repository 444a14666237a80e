import { audited } from '../../lib/audit.js';
import { yearsOfPeriod } from '../../lib/calendar.js';
import { coordinates, isAdmin, requireSignedIn, type Identity } from '../../lib/identity.js';
import type { PeriodLockFacts } from '../../lib/locks.js';
import type { OrganizationFacts } from '../../lib/registry-api.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import type { Loaders, Memberships } from './loaders.js';
import { auditLog } from './tables.js';

/**
 * Who may do what in the parties channel, and the registry facts the rules need.
 *
 * - A party's EDITOR is a user whose `orgs` holds the party's central committee or one of its
 *   committees below (a provincial committee). Central-committee editors record assignments
 *   and own aid counties; any committee's editors record trips, submissions and intellectual aid.
 * - A COORDINATOR whose regions cover the supervised province reads the non-public fields
 *   (findings, content, response); the coordinator covering a recommendation's recipient
 *   region is its recipient and alone moves its status on. Any coordinator office counts:
 *   the province's recipient is its Party committee and government, not one office.
 * - Administrators do everything; everyone else reads public fields.
 *
 * Registry facts are fetched before a write's transaction opens: on PGlite a statement
 * outside an open transaction would wait for it forever.
 */
type Context = SubgraphContext<Loaders>;

/** Organisation kinds that act in this channel. */
export const PARTY_KINDS = ['DEMOCRATIC_PARTY', 'INDUSTRY_AND_COMMERCE_FEDERATION'];

/** A committee that helps, and the central committee of its party. */
export interface PartyFacts {
  org: OrganizationFacts;
  partyId: string;
  /** True when the organisation is itself the central committee. */
  central: boolean;
}

/** The central committee above a committee: walk up parents while they are party organisations. */
async function rootOf(ctx: Context, org: OrganizationFacts): Promise<string> {
  let current = org;
  for (let depth = 0; depth < 5 && current.parentId; depth++) {
    const parent = await ctx.registry.organization(current.parentId);
    if (!parent || !PARTY_KINDS.includes(parent.kind)) break;
    current = parent;
  }
  return current.id;
}

/** A helper's facts and its party, or null when the registry does not know the id. */
export async function lookupHelper(ctx: Context, id: string): Promise<PartyFacts | null> {
  const org = await ctx.registry.organization(id);
  if (!org) return null;
  const partyId = await rootOf(ctx, org);
  return { org, partyId, central: partyId === org.id };
}

/** The parties the caller edits for, worked out once per request. */
export function memberships(ctx: Context): Promise<Memberships> {
  ctx.loaders.memberships ??= (async () => {
    const out: Memberships = { central: new Set(), parties: new Set() };
    if (ctx.identity.role !== 'EDITOR') return out;
    await Promise.all(
      ctx.identity.orgs.map(async (id) => {
        const org = await ctx.registry.organization(id);
        if (!org || !PARTY_KINDS.includes(org.kind)) return;
        const partyId = await rootOf(ctx, org);
        out.parties.add(partyId);
        if (partyId === id) out.central.add(id);
      }),
    );
    return out;
  })();
  return ctx.loaders.memberships;
}

/** May the caller write for this party? `centralOnly`: only its central committee's editors. */
export function editsParty(ctx: Context, m: Memberships, partyId: string, centralOnly = false): boolean {
  return editsPartyAs(ctx.identity, m, partyId, centralOnly);
}

/** The same on the caller alone (an import's check, on memberships read from the registry's facts). */
export function editsPartyAs(who: Identity, m: Memberships, partyId: string, centralOnly = false): boolean {
  if (isAdmin(who)) return true;
  return centralOnly ? m.central.has(partyId) : m.parties.has(partyId);
}

/** May the caller read the non-public fields of a party's work in `provinceCode` (or at `recipientCode`)? */
export async function readsWork(ctx: Context, partyId: string, provinceCode: string, recipientCode?: string): Promise<boolean> {
  if (isAdmin(ctx.identity)) return true;
  if (coordinates(ctx.identity, provinceCode) || (recipientCode && coordinates(ctx.identity, recipientCode))) return true;
  if (ctx.identity.role !== 'EDITOR') return false;
  return editsParty(ctx, await memberships(ctx), partyId);
}

/** Refuse an anonymous caller before anything is looked up, recording the refusal. */
export async function refuseAnonymous(ctx: Context, action: string, entity: string): Promise<void> {
  if (ctx.identity.role !== 'PUBLIC') return;
  await audited(ctx.db, auditLog, ctx.identity, action, entity, async () => requireSignedIn(ctx.identity));
}

/** The lock in force (lib/locks.ts) over a party record on `code` for its period: one registry call before the write. */
export async function partyLock(ctx: Context, code: string | null | undefined, since: string, until: string | null): Promise<PeriodLockFacts | null> {
  if (!code || !/^\d{4}-/.test(since)) return null;
  return ctx.registry.periodLock({ channel: 'DEMOCRATIC_PARTY', codes: [code], years: yearsOfPeriod(since, until) });
}
