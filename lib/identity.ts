import { createHmac, timingSafeEqual } from 'node:crypto';
import { within } from './codes.js';
import { forbidden } from './errors.js';

/**
 * Who is calling, as the gateway verified it from the bearer token. The gateway signs this
 * object with HMAC-SHA256 and subgraphs check the signature before trusting it
 * (docs/identity.md). Rules per role live in each subgraph; this file only carries
 * the facts and the checks every subgraph shares.
 */
export type Role = 'PUBLIC' | 'EDITOR' | 'COORDINATOR' | 'SASAC' | 'ADMIN';
export const ROLES: Role[] = ['PUBLIC', 'EDITOR', 'COORDINATOR', 'SASAC', 'ADMIN'];

export interface Identity {
  /** Subject: a user id, or `anonymous`. */
  sub: string;
  role: Role;
  /** EDITOR: the organisation ids whose records this user writes. */
  orgs: string[];
  /** COORDINATOR: the region codes (canonical) this user coordinates, e.g. ['52'] for 贵州. */
  regions: string[];
  /** COORDINATOR: the office, e.g. `EAST_WEST` or `POVERTY`; free text for audit and rules. */
  office?: string;
}

export const ANONYMOUS: Identity = Object.freeze({ sub: 'anonymous', role: 'PUBLIC', orgs: [], regions: [] }) as Identity;
/** The identity seeders and importers write as, recorded in the audit log. */
export const SYSTEM: Identity = Object.freeze({ sub: 'system:seed', role: 'ADMIN', orgs: [], regions: [] }) as Identity;

export const IDENTITY_HEADER = 'x-bangfu-identity';
export const SIGNATURE_HEADER = 'x-bangfu-signature';
/** A signed identity is accepted for this long after it was signed (replay window). */
export const SIGNATURE_MAX_AGE_MS = 5 * 60 * 1000;

interface SignedPayload extends Identity {
  /** Signed at, milliseconds since the epoch. */
  at: number;
}

/** Headers carrying a signed identity, as the gateway sends them to a subgraph. */
export function signIdentity(identity: Identity, secret: string, now = Date.now()): Record<string, string> {
  const payload: SignedPayload = { ...identity, at: now };
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return { [IDENTITY_HEADER]: encoded, [SIGNATURE_HEADER]: hmac(encoded, secret) };
}

export type VerifyResult = { ok: true; identity: Identity } | { ok: false; reason: string };

/** Check headers from a subgraph request; the subgraph refuses the call unless ok. */
export function verifySignedIdentity(
  headers: { get(name: string): string | null | undefined },
  secret: string,
  now = Date.now(),
): VerifyResult {
  const encoded = headers.get(IDENTITY_HEADER);
  const signature = headers.get(SIGNATURE_HEADER);
  if (!encoded || !signature) return { ok: false, reason: 'missing gateway signature' };
  const expected = Buffer.from(hmac(encoded, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'invalid gateway signature' };
  }
  let payload: SignedPayload;
  try {
    payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as SignedPayload;
  } catch {
    return { ok: false, reason: 'malformed identity' };
  }
  if (typeof payload.at !== 'number' || Math.abs(now - payload.at) > SIGNATURE_MAX_AGE_MS) {
    return { ok: false, reason: 'expired gateway signature' };
  }
  return { ok: true, identity: toIdentity(payload as unknown as Record<string, unknown>) };
}

function hmac(data: string, secret: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

/** Build an Identity from untrusted claims, keeping only known roles and string lists. */
export function toIdentity(claims: Record<string, unknown>): Identity {
  const role = ROLES.includes(claims.role as Role) ? (claims.role as Role) : 'PUBLIC';
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    sub: typeof claims.sub === 'string' ? claims.sub : 'anonymous',
    role,
    orgs: list(claims.orgs),
    regions: list(claims.regions),
    ...(typeof claims.office === 'string' ? { office: claims.office } : {}),
  };
}

// ---- access checks shared by every subgraph -------------------------------------------

export const isAdmin = (who: Identity) => who.role === 'ADMIN';
export const isAnonymous = (who: Identity) => who.role === 'PUBLIC';

/** May `who` write records belonging to organisation `orgId`? */
export function canEditOrg(who: Identity, orgId: string): boolean {
  return isAdmin(who) || (who.role === 'EDITOR' && who.orgs.includes(orgId));
}

/** Does a coordinator's scope cover region `code` (same place or inside it)? */
export function coordinates(who: Identity, code: string, office?: string): boolean {
  if (isAdmin(who)) return true;
  if (who.role !== 'COORDINATOR') return false;
  if (office && who.office && who.office !== office) return false;
  return who.regions.some((scope) => within(code, scope));
}

/** Signed in with any role above PUBLIC: sees fields that are not public. */
export function isAuthorised(who: Identity): boolean {
  return who.role !== 'PUBLIC';
}

/**
 * Which organisations' names `who` is shown: `all`, or `public` (an individual donor's name
 * masked). The registry masks by it; a channel keeps the names it was given per view
 * (`NameCache` in lib/registry-api.ts).
 */
export type NamesView = 'all' | 'public';
export const namesView = (who: Identity): NamesView => (isAuthorised(who) ? 'all' : 'public');

export function requireSignedIn(who: Identity): void {
  if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may only read public fields', 'signed-in');
}
