import { sql } from 'drizzle-orm';
import { rowsOf } from './batch.js';
import type { Database, Db } from './db.js';
import type { SeedStep } from './seed.js';

/**
 * The seed ledger: in each subgraph's own schema, `<schema>.seed_ledger`, one row per seeding
 * step finished, written in the step's own transaction. It belongs to seeding, not to the
 * subgraph's model, so the seed runner creates it (`create table if not exists`) rather than a
 * migration; `rows` and `ms` are null for a step found loaded before the ledger existed.
 */
export interface LedgerEntry {
  step: string;
  rows: number | null;
  ms: number | null;
  finishedAt: string;
}

const ledger = (schema: string) => sql`${sql.identifier(schema)}.seed_ledger`;

/**
 * The steps `schema`'s ledger records, by name. The first time (no ledger yet) the ledger is
 * created and each step whose rows are already there (`loadedBefore`: a database loaded before
 * ledgers existed) is recorded as loaded, in one transaction: such a database is never loaded
 * twice, and an empty one records nothing.
 */
export function openLedger(database: Database, schema: string, steps: SeedStep[]): Promise<Map<string, LedgerEntry>> {
  return database.transaction(async (tx) => {
    const [{ found }] = rowsOf<{ found: boolean }>(await tx.db.execute(sql`select to_regclass(${`${schema}.seed_ledger`}) is not null as found`));
    if (!found) {
      await tx.db.execute(sql`create table if not exists ${ledger(schema)} (
        step text primary key,
        rows integer,
        ms integer,
        finished_at timestamptz not null default now()
      )`);
      for (const step of steps) {
        if (await step.loadedBefore(tx.db)) await tx.db.execute(sql`insert into ${ledger(schema)} (step) values (${step.name})`);
      }
    }
    return new Map((await ledgerEntries(tx.db, schema)).map((e) => [e.step, e]));
  });
}

/** Every entry of `schema`'s ledger, in the order the steps finished. */
export async function ledgerEntries(db: Db, schema: string): Promise<LedgerEntry[]> {
  return rowsOf<LedgerEntry>(await db.execute(sql`select step, rows, ms, finished_at::text as "finishedAt" from ${ledger(schema)} order by finished_at, step`));
}

/** Record a finished step: call it inside the step's transaction, so the entry and the rows commit together. */
export async function recordStep(tx: Database, schema: string, step: string, rows: number, ms: number): Promise<void> {
  await tx.db.execute(sql`insert into ${ledger(schema)} (step, rows, ms) values (${step}, ${rows}, ${ms})`);
}
