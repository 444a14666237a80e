import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { subgraphs } from '../../subgraphs/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const compose = readFileSync(`${root}docker-compose.yml`, 'utf8');
const scripts = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;

/**
 * The files every channel keeps, each with one role: its SDL, tables, loaders and read resolvers;
 * its declaration (channel.ts: record kinds, coverage, lists, money, lib/channel.ts); who may
 * read and write (access.ts); corrections and voids (corrections.ts); the kinds its writes and
 * file imports share (import.ts); its seed, its module and its process. The registry is not a channel (places and organisations, no record of help).
 */
const CHANNEL_FILES = ['channel.ts', 'access.ts', 'corrections.ts', 'import.ts'];

describe('every channel', () => {
  for (const { name } of subgraphs.filter((s) => s.name !== 'registry')) {
    it(`${name}: keeps its declaration, access rules, corrections and import kinds in the same files as every other`, () => {
      for (const file of CHANNEL_FILES) expect(existsSync(`${root}subgraphs/${name}/${file}`), `subgraphs/${name}/${file}`).toBe(true);
    });
  }
});

describe('every subgraph in subgraphs/index.ts', () => {
  for (const { name } of subgraphs) {
    it(`${name}: has its folder's files, a docker service, a gateway URL and a start script`, () => {
      for (const file of ['schema.graphql', 'resolvers.ts', 'loaders.ts', 'tables.ts', 'subgraph.ts', 'main.ts', 'seed.ts']) {
        expect(existsSync(`${root}subgraphs/${name}/${file}`), `subgraphs/${name}/${file}`).toBe(true);
      }
      expect(existsSync(`${root}schema/migrations/${name}/meta/_journal.json`)).toBe(true);
      expect(compose).toContain(`\n  ${name}:\n`);
      expect(compose).toContain(`command: ["npm", "run", "start:${name}"]`);
      expect(compose).toContain(`${name.toUpperCase()}_URL: http://${name}:4001/graphql`);
      expect(scripts[`start:${name}`]).toContain(`subgraphs/${name}/main.ts`);
    });
  }
});
