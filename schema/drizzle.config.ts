import { defineConfig } from 'drizzle-kit';

/**
 * drizzle-kit configuration for one subgraph at a time (`SUBGRAPH=registry`): each subgraph
 * owns its PostgreSQL schema and its migration folder. `npm run migrations` runs it for all.
 */
const name = process.env.SUBGRAPH;
if (!name) throw new Error('SUBGRAPH is not set: name the subgraph whose migrations to generate');

export default defineConfig({
  dialect: 'postgresql',
  schema: `./subgraphs/${name}/tables.ts`,
  // MIGRATIONS_OUT lets the drift test generate into a scratch copy.
  out: process.env.MIGRATIONS_OUT ?? `./schema/migrations/${name}`,
  schemaFilter: [name],
  casing: 'snake_case',
});
