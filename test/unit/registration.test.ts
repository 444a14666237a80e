import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../codegen.js';
import { ROOT } from '../../lib/env.js';
import { subgraphs } from '../../subgraphs/index.js';
import { readRegistrationFiles, registrationGaps } from '../registration.js';

/**
 * Every subgraph is registered everywhere docs/adding-a-channel.md says: the folders of
 * subgraphs/ are the list of subgraphs/index.ts, and each name is in every hand-kept list.
 */
describe('the registration of every subgraph', () => {
  const names = subgraphs.map((s) => s.name);

  it('lists every folder of subgraphs/ in subgraphs/index.ts, under its folder name, and codegen generates each', () => {
    const folders = readdirSync(join(ROOT, 'subgraphs'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'subgraphs', d.name, 'subgraph.ts')))
      .map((d) => d.name);
    expect([...names].sort()).toEqual(folders.sort());
    expect(SUBGRAPHS).toEqual([...names].sort());
    expect(names[0]).toBe('registry');
  });

  it('finds each in every hand-kept list', () => {
    const files = readRegistrationFiles();
    expect(Object.fromEntries(names.map((name) => [name, registrationGaps(name, files)]))).toEqual(Object.fromEntries(names.map((name) => [name, []])));
  });

  it('names every point a new name misses', () => {
    expect(registrationGaps('trial', readRegistrationFiles())).toEqual([
      'package.json: start:trial',
      'docker-compose.yml: service trial',
      'docker-compose.yml: x-gateway-env TRIAL_URL',
      'docker-compose.yml: x-subgraphs-ready trial',
      'README.md: the channel table',
      'docs/architecture.md: the table of fields',
      'docs/identity.md: x-bangfu-subgraph',
      'docs/environment.md: TRIAL_URL',
      'docs/scale-out.md: TRIAL_URL',
    ]);
  });
});
