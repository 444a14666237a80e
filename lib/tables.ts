import { boolean, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The columns of a record of help, in every channel, and of the registry's organisations:
 * whether it is generated demo data, where it came from (`demo`, `api`, the reference file it
 * was loaded from) and when it was written. A record that changes adds `versionColumn()`
 * (lib/versions.ts), one that can be voided `voidColumns()` (lib/corrections.ts). Migrations
 * name their columns, so where the three stand among a table's other columns makes no difference.
 */
export const recordColumns = () => ({
  demo: boolean().notNull().default(false),
  source: text().notNull(),
  createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
