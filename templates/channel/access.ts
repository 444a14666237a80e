import { forbidden } from '../../lib/errors.js';
import { isAdmin, isAnonymous, type Identity } from '../../lib/identity.js';

/** Who writes the sample channel's records: the rule every write and import of the channel applies. */
export function requireWriter(who: Identity): void {
  if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
  if (!isAdmin(who)) throw forbidden('only an administrator may record help in the sample channel', 'access');
}
