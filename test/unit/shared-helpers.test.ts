import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../lib/env.js';

/**
 * The callers and assertions every test file uses are test/harness.ts's: a file defining its own
 * `ADMIN`, `ok` or `refused` (with its own argument order and default caller) is refused here.
 */
describe('the shared test helpers', () => {
  it('are defined once, in test/harness.ts', () => {
    const own = /^(?:export )?(?:(?:const|let) (?:ADMIN|SASAC|ok|refused)\b|(?:async )?function (?:ok|refused)\b)/m;
    const files = readdirSync(join(ROOT, 'test'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && f !== 'harness.ts');
    expect(files.length).toBeGreaterThan(30);
    expect(files.filter((f) => own.test(readFileSync(join(ROOT, 'test', f), 'utf8')))).toEqual([]);
  });
});
