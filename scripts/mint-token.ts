// `npm run token -- --role EDITOR --org gov-52`: mint a development bearer token for a role,
// signed with JWT_SECRET (or the development secret, on a loopback HOST only), valid for 12 hours
// by default and at most JWT_MAX_LIFETIME_HOURS (24 unless set), as the gateway accepts.
//   --role PUBLIC|EDITOR|COORDINATOR|SASAC|ADMIN   (required)
//   --org ID        EDITOR: an organisation whose records the user writes (repeatable)
//   --region CODE   COORDINATOR: a region the user coordinates (repeatable)
//   --office NAME   COORDINATOR: EAST_WEST, POVERTY, …
//   --sub ID        subject (default dev-<role>)
//   --hours N       lifetime (1 to JWT_MAX_LIFETIME_HOURS)
import { SignJWT } from 'jose';
import { parseArgs } from 'node:util';
import { JWT_AUDIENCE, JWT_ISSUER, JWT_MAX_LIFETIME_SECONDS } from '../gateway/auth.js';
import { DEV_JWT_SECRET } from '../gateway/dev-secrets.js';
import { devDefault, fail, intEnv } from '../lib/env.js';
import { identityFromClaims, ROLES, type Role } from '../lib/identity.js';

try {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      org: { type: 'string', multiple: true, default: [] },
      region: { type: 'string', multiple: true, default: [] },
      office: { type: 'string' },
      sub: { type: 'string' },
      hours: { type: 'string', default: '12' },
    },
  });
  const role = values.role?.toUpperCase() as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  const maxHours = intEnv('JWT_MAX_LIFETIME_HOURS', JWT_MAX_LIFETIME_SECONDS / 3600);
  const hours = Number(values.hours);
  if (!Number.isInteger(hours) || hours < 1 || hours > maxHours)
    throw new Error(`--hours must be a whole number from 1 to ${maxHours} (JWT_MAX_LIFETIME_HOURS)`);
  // The claims as the gateway will check them: codes canonical, ids and office of a valid shape.
  const { sub, orgs, regions, office } = identityFromClaims({
    sub: values.sub ?? `dev-${role.toLowerCase()}`,
    role,
    orgs: values.org,
    regions: values.region,
    office: values.office,
  });
  const token = await new SignJWT({ role, orgs, regions, ...(office ? { office } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${hours}h`)
    .sign(new TextEncoder().encode(devDefault('JWT_SECRET', DEV_JWT_SECRET)));
  console.log(token);
} catch (error) {
  fail(error);
}
