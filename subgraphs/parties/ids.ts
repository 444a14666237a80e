import { createHash } from 'node:crypto';

/**
 * Record ids: the channel prefix and a hash of what makes the record unique, so the same
 * record always gets the same id and a repeat is found by id.
 */
export function recordId(kind: 'sup' | 'own' | 'ia' | 'trip' | 'rec', ...parts: (string | number | null | undefined)[]): string {
  const hash = createHash('sha1')
    .update(parts.map((p) => p ?? '').join('|'))
    .digest('hex')
    .slice(0, 12);
  return `parties-${kind}-${hash}`;
}
