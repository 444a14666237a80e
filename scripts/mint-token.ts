// `npm run token -- --role EDITOR --org gov-52`: mint a development bearer token for a role,
// signed with JWT_SECRET (or the development secret), valid for 12 hours by default.
//   --role PUBLIC|EDITOR|COORDINATOR|SASAC|ADMIN   (required)
//   --org ID        EDITOR: an organisation whose records the user writes (repeatable)
//   --region CODE   COORDINATOR: a region the user coordinates (repeatable)
//   --office NAME   COORDINATOR: EAST_WEST, POVERTY, …
//   --sub ID        subject (default dev-<role>)
//   --hours N       lifetime
import { SignJWT } from 'jose';
import { parseArgs } from 'node:util';
import { JWT_AUDIENCE, JWT_ISSUER } from '../gateway/auth.js';
import { DEV_JWT_SECRET } from '../gateway/dev-secrets.js';
import { normalizeCode } from '../lib/codes.js';
import { devDefault, fail } from '../lib/env.js';
import { ROLES, type Role } from '../lib/identity.js';

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
  const regions = values.region.map((r) => normalizeCode(r) ?? fail(`--region ${r} is not a division code`));
  const token = await new SignJWT({ role, orgs: values.org, regions, ...(values.office ? { office: values.office } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(values.sub ?? `dev-${role.toLowerCase()}`)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${Number(values.hours)}h`)
    .sign(new TextEncoder().encode(devDefault('JWT_SECRET', DEV_JWT_SECRET)));
  console.log(token);
} catch (error) {
  fail(error);
}
