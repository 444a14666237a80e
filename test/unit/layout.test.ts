import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { subgraphs } from '../../subgraphs/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const compose = readFileSync(`${root}docker-compose.yml`, 'utf8');
const scripts = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;

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
