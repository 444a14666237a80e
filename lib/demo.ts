import { eq, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * Real and demo never mix unmarked. Every record says whether it is generated (`demo`); every
 * channel list and aggregate takes `includeDemo: Boolean = true`, and `false` reads real records
 * only; every aggregate type `T` carries `demo: T`, the same figures computed over the demo
 * records alone (null inside a demo part), so each figure has its demo part beside it.
 *
 * A read says which records it wants with a DemoFilter: `all` (the default), `real`
 * (`includeDemo: false`) or `demo` (the figures of a `demo` part).
 */
export type DemoFilter = 'all' | 'real' | 'demo';

/** The filter an `includeDemo` argument asks for. */
export function demoFilterOf(includeDemo: boolean | null | undefined): DemoFilter {
  return includeDemo === false ? 'real' : 'all';
}

/** Does a record with this `demo` flag pass the filter? */
export function passesDemo(filter: DemoFilter, demo: boolean): boolean {
  return filter === 'all' || (filter === 'demo') === demo;
}

/**
 * The SQL condition on a `demo` column for one batch of reads: a condition only when every read
 * of the batch wants the same side (a mixed batch reads all and each read filters its rows).
 */
export function demoCondition(column: AnyColumn, filters: readonly DemoFilter[]): SQL | undefined {
  const wanted = new Set(filters);
  if (wanted.size !== 1 || wanted.has('all')) return undefined;
  return eq(column, wanted.has('demo'));
}

/** DataLoader cache-key part of a filter ('' for the default). */
export const demoCacheKey = (filter: DemoFilter) => (filter === 'all' ? '' : filter);

/**
 * Every generated organisation's name starts with this mark, so a demo helper never wears a
 * real organisation's name and shows as demo wherever its name is printed (the registry
 * refuses a demo organisation without it, and a real one with it).
 */
export const DEMO_NAME_PREFIX = '演示·';

/** A generated organisation's name: `演示·` before the invented part. */
export const demoName = (name: string) => `${DEMO_NAME_PREFIX}${name}`;

/** Is this name marked as a generated organisation's? */
export const isDemoName = (name: string) => name.startsWith(DEMO_NAME_PREFIX);
