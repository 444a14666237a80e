import { coordinates, isAdmin, type Identity } from '../../lib/identity.js';
import { forbidden } from '../../lib/errors.js';
import { provinceCodeOf } from '../../lib/codes.js';

/** Who writes east-west records: the rules every write and import of the channel applies. */

/** The coordinator office that writes east-west records. */
export const EAST_WEST_OFFICE = 'EAST_WEST';

/**
 * Writers: ADMIN, or a COORDINATOR of office EAST_WEST. The office is required explicitly
 * (lib `coordinates` lets a coordinator without an office through): a county poverty office
 * coordinates the same places but does not sign east-west agreements.
 */
export function requireEastWestOffice(who: Identity): void {
  if (isAdmin(who)) return;
  if (who.role !== 'COORDINATOR' || who.office !== EAST_WEST_OFFICE) {
    throw forbidden('only an administrator or an east-west office (COORDINATOR, office EAST_WEST) records east-west cooperation', 'east-west-office');
  }
}

/** The office must cover the helper's home province or the helped province (either side writes). */
export function requireEitherSide(who: Identity, helperCode: string, helpedCode: string): void {
  const sides = [provinceCodeOf(helperCode), provinceCodeOf(helpedCode)];
  if (!sides.some((p) => coordinates(who, p, EAST_WEST_OFFICE))) {
    throw forbidden(`the east-west office must cover province ${sides[0]} or ${sides[1]}`, 'either-side');
  }
}
