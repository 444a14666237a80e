import { describe, expect, it } from 'vitest';
import { inScope, isFunctionalZone, LEVELS, levelOf, normalizeCode, parentCodeOf, provinceCodeOf, regionScope, within, zoneOf } from '../../lib/codes.js';

describe('division codes (lib/codes.ts)', () => {
  it('keeps a twelve-digit township or village code, and trims only whole zero groups', () => {
    expect(normalizeCode('610426100000')).toBe('610426100');
    expect(normalizeCode('610426100200')).toBe('610426100200');
    expect(normalizeCode('610000000000')).toBe('61');
    expect(normalizeCode('610400000')).toBe('6104');
    expect(normalizeCode(null)).toBeNull();
    expect(normalizeCode('001234')).toBeNull();
  });

  it('gives every level its parent, up to the province', () => {
    const village = '610426100201';
    const chain: string[] = [];
    for (let code: string | null = village; code; code = parentCodeOf(code)) chain.push(`${levelOf(code)}:${code}`);
    expect(chain).toEqual(['VILLAGE:610426100201', 'TOWNSHIP:610426100', 'COUNTY:610426', 'PREFECTURE:6104', 'PROVINCE:61']);
    expect(chain).toHaveLength(LEVELS.length);
    expect(() => levelOf('61042')).toThrow(/not a canonical division code/);
  });

  it('places provinces in zones, and no zone for a code outside the mainland list', () => {
    expect(provinceCodeOf('610426')).toBe('61');
    expect(zoneOf('61')).toBe('WEST');
    expect(zoneOf('3301')).toBe('EAST');
    expect(zoneOf('71')).toBeNull();
  });

  it('tells functional zones (fifth digit 7) from counties', () => {
    expect(isFunctionalZone('610471')).toBe(true);
    expect(isFunctionalZone('610426')).toBe(false);
    expect(isFunctionalZone('6104')).toBe(false);
  });

  it('scopes by prefix: a subtree with descendants, exact codes otherwise', () => {
    expect(within('610426100', '6104')).toBe(true);
    expect(within('6104', '610426')).toBe(false);
    const both = regionScope('610426', { includeAncestors: true, includeDescendants: true });
    for (const code of ['61', '6104', '610426', '610426100201']) expect(inScope(both, code), code).toBe(true);
    for (const code of ['610430', '6105', '62']) expect(inScope(both, code), code).toBe(false);
    const only = regionScope('610426', {});
    expect(inScope(only, '610426100')).toBe(false);
    expect(inScope(only, '61')).toBe(false);
  });
});
