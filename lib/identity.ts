import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { normalizeCode, within } from './codes.js';
import { forbidden } from './errors.js';

/**
 * Who is calling, as the gateway verified it from the bearer token. The gateway signs this
 * object into every call to a subgraph, bound to that call (HMAC-SHA256), and subgraphs check
 * the signature before trusting it (docs/identity.md). Rules per role live in each subgraph;
 * this file only carries the facts and the checks every subgraph shares.
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

// ---- bearer-token claims -----------------------------------------------------------------

/** What an organisation id may look like (`gov-52`, `party-minge-52`, `cu-…`, a credit code). */
const ORG_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** An office: `EAST_WEST`, `POVERTY`, … */
const OFFICE = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

/**
 * Build an Identity from the claims of a verified token (or of a signed call), or throw an
 * Error saying which claim is refused. Nothing is guessed or downgraded: an unknown role, a
 * region that is not a division code, an organisation id of another shape, all refuse the
 * token. Regions are kept canonical (`610400` becomes `6104`).
 */
export function identityFromClaims(claims: Record<string, unknown>): Identity {
  const { sub, role, orgs, regions, office } = claims;
  if (typeof sub !== 'string' || !sub.trim() || sub.length > 200) throw new Error('the sub claim must name the user (1 to 200 characters)');
  if (!ROLES.includes(role as Role)) throw new Error(`the role claim must be one of ${ROLES.join(', ')}`);
  const list = (name: string, value: unknown): string[] => {
    if (value == null) return [];
    if (!Array.isArray(value) || value.length > 1000 || !value.every((v) => typeof v === 'string')) {
      throw new Error(`the ${name} claim must be a list of strings`);
    }
    return value;
  };
  const orgIds = list('orgs', orgs);
  const bad = orgIds.find((id) => !ORG_ID.test(id));
  if (bad !== undefined) throw new Error(`the orgs claim holds ${JSON.stringify(bad.slice(0, 70))}, which is not an organisation id`);
  const codes = list('regions', regions).map((r) => {
    const code = normalizeCode(r);
    if (!code) throw new Error(`the regions claim holds ${JSON.stringify(r.slice(0, 20))}, which is not a division code`);
    return code;
  });
  if (office != null && (typeof office !== 'string' || !OFFICE.test(office))) {
    throw new Error('the office claim must be a name such as EAST_WEST or POVERTY');
  }
  return { sub, role: role as Role, orgs: orgIds, regions: codes, ...(typeof office === 'string' ? { office } : {}) };
}

// ---- signed calls: gateway → subgraph, channel → registry ---------------------------------

export const IDENTITY_HEADER = 'x-bangfu-identity';
export const SUBGRAPH_HEADER = 'x-bangfu-subgraph';
export const TIMESTAMP_HEADER = 'x-bangfu-timestamp';
export const NONCE_HEADER = 'x-bangfu-nonce';
export const SIGNATURE_HEADER = 'x-bangfu-signature';
/** First line of the signed text: the protocol's version. */
const SIGNATURE_VERSION = 'bangfu-call-v2';
/** A call is accepted this long either side of its timestamp, and its nonce is kept as long (default). */
export const SIGNATURE_WINDOW_MS = 60_000;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

/** What a signature binds besides the identity: the call as sent. */
export interface Call {
  /** The subgraph the call is for, by its name in the supergraph (`registry`, `designated`, …). */
  subgraph: string;
  /** HTTP method, upper case. */
  method: string;
  /** Path and query string as the server receives them (`/graphql`). */
  path: string;
  /** SHA-256 of the exact body bytes (`bodyDigest`). */
  bodyDigest: string;
}

/** SHA-256 of a body, base64url: computed once per body, on each side. */
export function bodyDigest(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

/** The identity as the `x-bangfu-identity` header carries it: JSON, base64url. */
export function encodeIdentity(identity: Identity): string {
  const { sub, role, orgs, regions, office } = identity;
  return Buffer.from(JSON.stringify({ sub, role, orgs, regions, ...(office !== undefined ? { office } : {}) })).toString('base64url');
}

/** The text the HMAC is computed over (docs/identity.md). */
function canonical(call: Call, timestamp: string, nonce: string, identity: string): string {
  return [SIGNATURE_VERSION, call.subgraph, call.method, call.path, call.bodyDigest, timestamp, nonce, identity].join('\n');
}

/**
 * The headers of one signed call: the caller's identity (encoded, or as `encodeIdentity` gave
 * it), bound to the subgraph, method, path and body of this call, a fresh nonce and the time.
 */
export function signCall(
  identity: Identity | string,
  call: Call,
  secret: string,
  now = Date.now(),
  nonce = randomBytes(18).toString('base64url'),
): Record<string, string> {
  const encoded = typeof identity === 'string' ? identity : encodeIdentity(identity);
  const timestamp = String(now);
  return {
    [IDENTITY_HEADER]: encoded,
    [SUBGRAPH_HEADER]: call.subgraph,
    [TIMESTAMP_HEADER]: timestamp,
    [NONCE_HEADER]: nonce,
    [SIGNATURE_HEADER]: hmac(canonical(call, timestamp, nonce, encoded), secret),
  };
}

/** The headers to sign a POST of `body` to `url` (path taken from the URL) for `subgraph`. */
export function signPost(identity: Identity | string, subgraph: string, url: string, body: string, secret: string): Record<string, string> {
  const { pathname, search } = new URL(url);
  return signCall(identity, { subgraph, method: 'POST', path: pathname + search, bodyDigest: bodyDigest(body) }, secret);
}

/**
 * The nonces of the calls accepted in the last window, each kept until its timestamp leaves
 * the window (after that the timestamp alone refuses a replay). One per process: each
 * subgraph process checks the calls made to it.
 */
export class NonceGuard {
  /** Nonce → the time it may be forgotten; insertion order is roughly that order. */
  private readonly seen = new Map<string, number>();
  constructor(readonly windowMs = SIGNATURE_WINDOW_MS) {}

  /** True the first time a nonce is offered within the window, false for a replay. */
  claim(nonce: string, at: number, now = Date.now()): boolean {
    for (const [old, until] of this.seen) {
      if (until >= now) break;
      this.seen.delete(old);
    }
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, at + this.windowMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

export type VerifyResult = { ok: true; identity: Identity } | { ok: false; reason: string };

/**
 * Check a signed call as received: addressed to this subgraph (`call.subgraph`), the HMAC of
 * the call recomputed from the method, path and body received, a timestamp within the window,
 * a nonce not seen within it, and an identity of valid claims. The subgraph refuses the call
 * unless ok.
 */
export function verifyCall(
  headers: { get(name: string): string | null | undefined },
  call: Call,
  secret: string,
  nonces: NonceGuard,
  now = Date.now(),
): VerifyResult {
  const encoded = headers.get(IDENTITY_HEADER);
  const subgraph = headers.get(SUBGRAPH_HEADER);
  const timestamp = headers.get(TIMESTAMP_HEADER);
  const nonce = headers.get(NONCE_HEADER);
  const signature = headers.get(SIGNATURE_HEADER);
  if (!encoded || !subgraph || !timestamp || !nonce || !signature) return { ok: false, reason: 'missing gateway signature' };
  if (subgraph !== call.subgraph) return { ok: false, reason: `signed for another subgraph, not ${call.subgraph}` };
  if (!/^\d{1,15}$/.test(timestamp) || !NONCE.test(nonce)) return { ok: false, reason: 'malformed gateway signature' };
  const expected = Buffer.from(hmac(canonical(call, timestamp, nonce, encoded), secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'invalid gateway signature (not this identity, call or body)' };
  }
  const at = Number(timestamp);
  if (Math.abs(now - at) > nonces.windowMs) return { ok: false, reason: 'expired gateway signature' };
  if (!nonces.claim(nonce, at, now)) return { ok: false, reason: 'replayed gateway signature' };
  try {
    return { ok: true, identity: identityFromClaims(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Record<string, unknown>) };
  } catch {
    return { ok: false, reason: 'malformed identity' };
  }
}

function hmac(data: string, secret: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
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
