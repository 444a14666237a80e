import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { badInput, conflict, forbidden } from '../lib/errors.js';
import {
  checkAtMost,
  checkCount,
  checkMoney,
  checkPeriod,
  checkYear,
  FIRST_YEAR,
  lastYear,
  optionalText,
  optionalUrl,
  requiredText,
  RULES,
} from '../lib/rules.js';
import { rulesDoc, RULES_DOC_PATH } from '../scripts/rules-doc.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.generated.ts') ? [path] : [];
  });
}

/** The rule a check refuses with, or null when it passes. */
function ruleOf(check: () => unknown): unknown {
  try {
    check();
    return null;
  } catch (e) {
    return (e as { extensions?: { rule?: unknown } }).extensions?.rule;
  }
}

describe('the catalogue of rule codes', () => {
  it('is published in docs/rules.md (run `npm run rules-doc` when this fails)', () => {
    expect(readFileSync(RULES_DOC_PATH, 'utf8')).toBe(rulesDoc());
    expect(readFileSync(join(root, 'docs/errors.md'), 'utf8')).toContain('(rules.md)');
  });

  it('holds no code that no refusal uses', () => {
    const catalogue = readFileSync(join(root, 'lib/rules.ts'), 'utf8');
    const withoutCatalogue = catalogue.slice(0, catalogue.indexOf('export const RULES')) + catalogue.slice(catalogue.indexOf('export type RuleCode'));
    const code = [
      withoutCatalogue,
      ...['lib', 'subgraphs', 'gateway']
        .flatMap((d) => sources(join(root, d)))
        .filter((p) => !p.endsWith('lib/rules.ts'))
        .map((p) => readFileSync(p, 'utf8')),
    ].join('\n');
    const unused = Object.keys(RULES).filter((rule) => !code.includes(`'${rule}'`));
    expect(unused).toEqual([]);
  });

  it('is the only source of codes: the error helpers refuse any other string at compile time', () => {
    // @ts-expect-error a code outside the catalogue does not compile
    expect(badInput('input.x', 'no-such-rule', 'x').extensions.rule).toBe('no-such-rule');
    // @ts-expect-error likewise for conflicts
    expect(conflict('input.x', 'length', 'x').extensions.code).toBe('CONFLICT');
    // @ts-expect-error and for refusals of access
    expect(forbidden('x', 'year-range').extensions.code).toBe('FORBIDDEN');
  });
});

describe('the shared input rules', () => {
  it('hold one earliest year for every channel, and next year (China) as the latest', () => {
    expect(FIRST_YEAR).toBe(1986);
    expect(ruleOf(() => checkYear('year', 1985))).toBe('year');
    expect(ruleOf(() => checkYear('year', 1986))).toBeNull();
    expect(ruleOf(() => checkYear('year', lastYear()))).toBeNull();
    expect(ruleOf(() => checkYear('year', lastYear() + 1))).toBe('year');
    expect(ruleOf(() => checkYear('year', 2019.5))).toBe('year');
    expect(checkYear('year', null)).toBeNull();
  });

  it('refuse a period ending before it starts, naming its end', () => {
    const fields = { since: 'input.since', until: 'input.until' };
    expect(checkPeriod(fields, { since: '2019-01-01' })).toEqual({ since: '2019-01-01', until: null });
    expect(checkPeriod(fields, { since: '2019-01-01', until: '2019-01-01' }).until).toBe('2019-01-01');
    expect(() => checkPeriod(fields, { since: '2019-01-02', until: '2019-01-01' })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ field: 'input.until', rule: 'period' }) }),
    );
    expect(() => checkPeriod(fields, { since: '1980-01-01' })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ field: 'input.since', rule: 'year' }) }),
    );
    expect(ruleOf(() => checkPeriod(fields, { since: '2019-01-01', until: `${lastYear() + 5}-01-01` }, { untilLast: lastYear() + 9 }))).toBeNull();
  });

  it('give one code to one fault of text, lists, amounts, counts and addresses', () => {
    expect(optionalText('input.note', '  x  ', 5)).toBe('x');
    expect(optionalText('input.note', '   ', 5)).toBeNull();
    expect(ruleOf(() => optionalText('input.note', 'abcdef', 5))).toBe('too-long');
    expect(ruleOf(() => requiredText('input.name', ' ', 5))).toBe('required');
    expect(ruleOf(() => requiredText('input.name', 'a\u0000b', 5))).toBe('text-characters');
    expect(ruleOf(() => checkAtMost('codes', [1, 2, 3], 2))).toBe('at-most');
    expect(ruleOf(() => checkMoney('input.amount', '-0.01'))).toBe('non-negative');
    expect(ruleOf(() => checkMoney('input.amount', null))).toBeNull();
    expect(ruleOf(() => checkCount('input.jobs', -1))).toBe('non-negative');
    expect(ruleOf(() => checkCount('input.jobs', 1_000_001))).toBe('range');
    expect(optionalUrl('input.evidenceUrl', ' https://example.org/a ')).toBe('https://example.org/a');
    expect(ruleOf(() => optionalUrl('input.evidenceUrl', 'ftp://example.org'))).toBe('url');
    expect(ruleOf(() => optionalUrl('input.evidenceUrl', 'not an address'))).toBe('url');
  });
});
