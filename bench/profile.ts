// `npx tsx bench/profile.ts [operation]`: CPU profile of one headline operation on the embedded
// hub (BENCH_DATABASE_URL), summarised by self time per function: where a request's time goes.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import { Session } from 'node:inspector/promises';
import { openDatabase } from '../lib/db.js';
import { ANONYMOUS } from '../lib/identity.js';
import { readCommittedSupergraph } from '../schema/compose.js';
import { subgraphs } from '../subgraphs/index.js';
import { createEmbeddedGateway } from '../gateway/embedded.js';
import { OPERATIONS } from './operations.js';

const op = OPERATIONS.find((o) => o.name === (process.argv[2] ?? 'national picture'))!;
const database = await openDatabase({ url: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bangfu_national' });
const { gateway } = await createEmbeddedGateway(database, subgraphs, { supergraphSdl: readCommittedSupergraph(), jwt: { secret: 'profile' } });
const run = async () => {
  const t = performance.now();
  const r = await gateway.server.executeOperation({ query: op.query }, { contextValue: { identity: ANONYMOUS, subgraphContexts: new Map() } });
  if (r.body.kind === 'single' && r.body.singleResult.errors) throw new Error(JSON.stringify(r.body.singleResult.errors));
  return performance.now() - t;
};
for (let i = 0; i < 2; i++) await run();
const profiler = new Session();
profiler.connect();
await profiler.post('Profiler.enable');
await profiler.post('Profiler.start');
const times: number[] = [];
for (let i = 0; i < 3; i++) times.push(await run());
const { profile } = await profiler.post('Profiler.stop');
const self = new Map<string, number>();
const dt = profile.timeDeltas ?? [];
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
(profile.samples ?? []).forEach((id, i) => {
  const n = byId.get(id)!;
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(`file://${process.cwd()}/`, '')}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
});
console.log(`${op.name}: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(ms / 3).toFixed(1).padStart(8)} ms  ${k}`);
// The same time by package (or project folder): which layer costs what.
const layers = new Map<string, number>();
for (const [k, ms] of self) {
  const where = k.split(' ')[1] ?? '';
  const layer = where.startsWith('@') ? where.split('/').slice(0, 2).join('/') : where.includes('/') ? where.split('/')[0] : where.split(':')[0] || k;
  layers.set(layer, (layers.get(layer) ?? 0) + ms);
}
console.log('\nby layer');
for (const [k, ms] of [...layers].sort((a, b) => b[1] - a[1]).slice(0, 16)) console.log(`${(ms / 3).toFixed(1).padStart(8)} ms  ${k}`);
await gateway.stop();
await database.close();
