// `npm run import -- FILE --kind K [--dry-run] [--valid-rows] [--token JWT] [--json]`: import a
// CSV or XLSX file of one kind into the database at DATABASE_URL (else the hub's PGlite folder),
// as an administrator or as the token's caller. docs/import.md.
import { parseArgs } from 'node:util';
import { createAuthenticator, jwtOptionsFromEnv } from '../gateway/auth.js';
import { DEV_JWT_SECRET } from '../gateway/dev-secrets.js';
import { createRuntimes } from '../gateway/embedded.js';
import { openDatabase } from '../lib/db.js';
import { fail } from '../lib/env.js';
import type { Identity } from '../lib/identity.js';
import { fileSource } from '../lib/import/read.js';
import { rowResults, runImport } from '../lib/import/run.js';
import { subgraphs } from '../subgraphs/index.js';

const ADMIN: Identity = { sub: 'import-command', role: 'ADMIN', orgs: [], regions: [] };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    kind: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'valid-rows': { type: 'boolean', default: false },
    token: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const kinds = subgraphs.flatMap((m) => (m.imports ?? []).map((entry) => ({ module: m, entry })));
const found = kinds.find((k) => k.entry.kind.name === values.kind);
if (positionals.length !== 1 || !found) {
  fail(`usage: npm run import -- FILE --kind K [--dry-run] [--valid-rows] [--token JWT]; kinds: ${kinds.map((k) => k.entry.kind.name).join(', ')}`);
}
const identity = values.token ? await (await createAuthenticator(jwtOptionsFromEnv(DEV_JWT_SECRET)))(`Bearer ${values.token}`) : ADMIN;
const url = process.env.DATABASE_URL;
const database = await openDatabase(url ? { url, statementTimeoutMs: 0 } : { dataDir: process.env.BANGFU_DATA_DIR ?? '.data/pglite', statementTimeoutMs: 0 });
try {
  // The kind's subgraph and the registry it asks: no other subgraph's schema is built.
  const runtime = createRuntimes(
    database,
    subgraphs.filter((m) => m === found.module || m.name === 'registry'),
  ).get(found.module.name)!;
  const started = Date.now();
  const result = await runImport(runtime.contextFor(identity), found.entry.kind, found.entry.auditLog, fileSource(positionals[0]), {
    dryRun: values['dry-run'],
    mode: values['valid-rows'] ? 'VALID_ROWS' : 'ALL',
    onProgress: (done, total) => process.stderr.write(total ? `\r${done} / ${total} rows` : `\r${done} rows`),
  });
  process.stderr.write('\n');
  if (values.json) console.log(JSON.stringify({ ...result, statuses: undefined, rowNumbers: undefined, rows: rowResults(result) }, null, 2));
  else {
    if (result.fileError)
      console.log(`refused: ${result.fileError.rule}${result.fileError.column ? ` (${result.fileError.column})` : ''}: ${result.fileError.message}`);
    for (const r of result.refusals) console.log(`row ${r.row}${r.column ? ` [${r.column}]` : ''} ${r.rule}: ${r.message}`);
    const what = result.dryRun ? 'dry run' : result.committed ? 'committed' : 'nothing changed';
    console.log(
      `${result.kind}: ${result.rows} rows — ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.refused} refused (${what}, ${Date.now() - started} ms, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB)`,
    );
  }
  process.exitCode = result.fileError || (result.refused && !result.committed) ? 1 : 0;
} finally {
  await database.close();
}
