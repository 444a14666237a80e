import { GraphQLError } from 'graphql';
import { importSPKI, jwtVerify, type CryptoKey } from 'jose';
import { devDefault, intEnv, secretEnv } from '../lib/env.js';
import { ANONYMOUS, identityFromClaims, type Identity } from '../lib/identity.js';

/**
 * Bearer-token verification at the gateway, with `jose`. A request without a token is
 * anonymous (public fields only); a request with a token that does not verify, that has no
 * expiry or one too far ahead, or whose claims are not valid (`identityFromClaims`), is
 * refused, never silently downgraded.
 */
export interface JwtOptions {
  /** HS256 shared secret (development and single-tenant deployments). */
  secret?: string;
  /** PEM public key (RS256 / ES256 / EdDSA) of an external identity provider. */
  publicKeyPem?: string;
  /** Algorithm of `publicKeyPem`. */
  publicKeyAlg?: string;
  issuer?: string;
  audience?: string;
  /** The longest a token may live: its `exp` at most this far after its `iat` and after now (default 24 h). */
  maxLifetimeSeconds?: number;
}

export const JWT_ISSUER = 'bangfu';
export const JWT_AUDIENCE = 'bangfu';
/** Default longest lifetime of a bearer token: a day. */
export const JWT_MAX_LIFETIME_SECONDS = 24 * 60 * 60;

export async function createAuthenticator(opts: JwtOptions): Promise<(authorization: string | undefined) => Promise<Identity>> {
  let key: Uint8Array | CryptoKey;
  let algorithms: string[];
  if (opts.publicKeyPem) {
    const alg = opts.publicKeyAlg ?? 'RS256';
    key = await importSPKI(opts.publicKeyPem, alg);
    algorithms = [alg];
  } else if (opts.secret) {
    key = new TextEncoder().encode(opts.secret);
    algorithms = ['HS256'];
  } else {
    throw new Error('no JWT key: set JWT_SECRET or JWT_PUBLIC_KEY');
  }
  const verifyOptions = { algorithms, issuer: opts.issuer ?? JWT_ISSUER, audience: opts.audience ?? JWT_AUDIENCE, requiredClaims: ['exp'] };
  const maxLifetime = opts.maxLifetimeSeconds ?? JWT_MAX_LIFETIME_SECONDS;
  return async (authorization) => {
    if (!authorization) return ANONYMOUS;
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!m) throw unauthenticated('the Authorization header must be "Bearer <token>"');
    try {
      const { payload } = await jwtVerify(m[1], key, verifyOptions);
      const exp = payload.exp!;
      const now = Math.floor(Date.now() / 1000);
      if (exp - now > maxLifetime || (typeof payload.iat === 'number' && exp - payload.iat > maxLifetime)) {
        throw new Error(`a token may live at most ${maxLifetime} seconds: its "exp" is too far ahead`);
      }
      return identityFromClaims(payload as Record<string, unknown>);
    } catch (e) {
      throw unauthenticated(`the bearer token was refused: ${(e as Error).message}`);
    }
  };
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/**
 * The gateway's token settings from the environment: `JWT_PUBLIC_KEY` (and `JWT_ALG`) of an
 * identity provider, else the HS256 key `JWT_SECRET` — required, or, where `devSecret` is given
 * (the embedded hub), the development key on loopback only (lib/env.ts `devDefault`);
 * `JWT_MAX_LIFETIME_HOURS` bounds a token's lifetime.
 */
export function jwtOptionsFromEnv(devSecret?: string): JwtOptions {
  const maxLifetimeSeconds = intEnv('JWT_MAX_LIFETIME_HOURS', JWT_MAX_LIFETIME_SECONDS / 3600) * 3600;
  const publicKeyPem = process.env.JWT_PUBLIC_KEY;
  if (publicKeyPem) return { publicKeyPem, publicKeyAlg: process.env.JWT_ALG, maxLifetimeSeconds };
  const why = 'the key that verifies bearer tokens (or set JWT_PUBLIC_KEY)';
  return { secret: devSecret ? devDefault('JWT_SECRET', devSecret) : secretEnv('JWT_SECRET', why), maxLifetimeSeconds };
}
