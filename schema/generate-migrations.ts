// `npm run migrations`: generate the drizzle-kit migrations of every subgraph whose tables
// changed (schema/migrations/<name>/), one drizzle-kit run per subgraph.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { subgraphs } from '../subgraphs/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
for (const { name } of subgraphs) {
  const run = spawnSync('npx', ['drizzle-kit', 'generate', '--config', 'schema/drizzle.config.ts', '--name', name], {
    cwd: root,
    env: { ...process.env, SUBGRAPH: name },
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
