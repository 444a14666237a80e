import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { subgraphs } from '../subgraphs/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('committed migrations', () => {
  // drizzle-kit generates into a scratch copy: a new file there means tables.ts changed
  // without `npm run migrations`.
  for (const { name } of subgraphs) {
    it(`match the tables of ${name}`, () => {
      // drizzle-kit takes `out` relative to the project, so the scratch copy lives inside it.
      const relative = `.drift/${name}-${process.pid}`;
      const scratch = join(root, relative);
      mkdirSync(scratch, { recursive: true });
      try {
        cpSync(join(root, 'schema/migrations', name), scratch, { recursive: true });
        const before = readdirSync(scratch).sort();
        const run = spawnSync('npx', ['drizzle-kit', 'generate', '--config', 'schema/drizzle.config.ts', '--name', 'drift'], {
          cwd: root,
          env: { ...process.env, SUBGRAPH: name, MIGRATIONS_OUT: `./${relative}` },
          encoding: 'utf8',
        });
        expect(run.status, run.stderr).toBe(0);
        expect(`${run.stdout}${run.stderr}`).not.toMatch(/Error|ENOENT/);
        expect(readdirSync(scratch).sort(), `${name}: run \`npm run migrations\` and commit the result`).toEqual(before);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }, 60_000);
  }
});
