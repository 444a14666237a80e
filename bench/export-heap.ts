// The streamed export's memory, without the HTTP server around it: every enterprise contribution
// of the national data set (BENCH_DATABASE_URL, default bangfu_national) written as CSV into a
// sink that takes 1 MiB at a time, the heap measured after a full GC every 100,000 rows.
//   node --expose-gc --import tsx bench/export-heap.ts
// Flat but for the helpers' names the channel keeps (NameCache, bounded) means constant memory.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import { Writable } from 'node:stream';
import { ahead } from '../gateway/export/route.js';
import { sheetWriter } from '../gateway/export/formats.js';
import { createRuntimes } from '../gateway/embedded.js';
import { openDatabase } from '../lib/db.js';
import { ANONYMOUS } from '../lib/identity.js';
import { subgraphs } from '../subgraphs/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc --import tsx bench/export-heap.ts');
const database = await openDatabase({ url: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bangfu_national', max: 4 });
const runtime = createRuntimes(database, subgraphs).get('enterprises')!;
const stream = runtime.module.streams!.contributions;
let bytes = 0;
const sink = new Writable({
  highWaterMark: 1 << 20,
  write(chunk: Buffer, _encoding, done) {
    bytes += chunk.length;
    setImmediate(done);
  },
});
const columns = [...stream.columns];
const out = sheetWriter('csv', sink, {
  export: 'contributions',
  format: 'csv',
  params: {},
  role: 'PUBLIC',
  query: stream.describe,
  sheets: [{ name: stream.sheet, columns }],
});
await out.sheet(stream.sheet);
let rows = 0;
let next = 0;
const heap: string[] = [];
const started = performance.now();
for await (const batch of ahead(stream.rows(runtime, ANONYMOUS, { place: null, descendants: false, from: null, to: null, includeDemo: true }))) {
  await out.rows(batch);
  rows += batch.length;
  if (rows >= next) {
    gc();
    heap.push(`${rows.toLocaleString('en-US')}: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)}`);
    next += 100_000;
  }
}
await out.end();
console.log(`${rows.toLocaleString('en-US')} rows, ${(bytes / 2 ** 20).toFixed(0)} MiB of CSV in ${Math.round(performance.now() - started)} ms`);
console.log(`heap used after a full GC (MiB), by rows written: ${heap.join(', ')}`);
await database.close();
