import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { rawRows, type Db } from './db.js';
import { badInput, channelData, channelUnavailable } from './errors.js';
import type { Identity } from './identity.js';
import type { PeerExecutors } from './subgraph.js';
import type { RequestScope } from './telemetry.js';

/**
 * References to another channel's records (an enterprise contribution's `alsoReportedAs`): the
 * channel that holds the reference cannot read the other's tables, so it asks that channel,
 * through its graph, which of a list of ids name records that exist and count (not voided, nor
 * under a voided pairing): one call per channel, one statement there (`existingIdsSql`). Asked
 * before the write's transaction, as the registry's facts are (on PGlite's one connection a call
 * waiting behind an open transaction would never run), in process or over signed HTTP (`peers`,
 * lib/subgraph.ts), as the registry asks its peers for the cross-channel views.
 */
export type ReferencedChannel = 'DESIGNATED' | 'EAST_WEST';

export interface ReferenceSource {
  /** The subgraph that owns the records. */
  subgraph: string;
  /** Its root field: `(ids: [ID!]!): [ID!]!`, the ids that exist and count, kept out of the public graph. */
  field: string;
}

export const REFERENCE_SOURCES: Record<ReferencedChannel, ReferenceSource> = {
  DESIGNATED: { subgraph: 'designated', field: 'designatedRecordsExisting' },
  EAST_WEST: { subgraph: 'eastwest', field: 'eastWestRecordsExisting' },
};

/** A reference as written: the other record's channel and id. */
export interface Reference {
  channel: ReferencedChannel;
  id: string;
}

export const referenceKey = (r: Reference) => `${r.channel} ${r.id}`;

export function parseReferenceKey(key: string): Reference {
  const at = key.indexOf(' ');
  return { channel: key.slice(0, at) as ReferencedChannel, id: key.slice(at + 1) };
}

/** The most ids one call asks about (an import asks a batch at a time). */
export const REFERENCE_BATCH = 10_000;

/** The caller's access to the other channels: the request's peers, identity and scope. */
export interface ReferenceAsker {
  peers?: PeerExecutors;
  identity: Identity;
  scope?: RequestScope;
}

/** Which of `refs` name records that exist and count (their `referenceKey`s): one call per channel, all at once. */
export async function existingReferences(asker: ReferenceAsker, refs: Iterable<Reference>): Promise<Set<string>> {
  const byChannel = new Map<ReferencedChannel, Set<string>>();
  for (const r of refs) {
    if (!(r.channel in REFERENCE_SOURCES)) continue;
    let ids = byChannel.get(r.channel);
    if (!ids) byChannel.set(r.channel, (ids = new Set()));
    ids.add(r.id);
  }
  const found = new Set<string>();
  await Promise.all(
    [...byChannel].map(async ([channel, ids]) => {
      const all = [...ids];
      for (let i = 0; i < all.length; i += REFERENCE_BATCH) {
        for (const id of await existingIn(asker, REFERENCE_SOURCES[channel], all.slice(i, i + REFERENCE_BATCH))) found.add(referenceKey({ channel, id }));
      }
    }),
  );
  return found;
}

async function existingIn(asker: ReferenceAsker, source: ReferenceSource, ids: string[]): Promise<string[]> {
  const peers = asker.peers;
  if (!peers) throw channelUnavailable(source.subgraph, source.field);
  const query = `query($ids: [ID!]!) { ${source.field}(ids: $ids) }`;
  const data = await channelData<Record<string, string[]>>(source.subgraph, source.field, () =>
    peers(source.subgraph)(query, { ids }, asker.identity, asker.scope),
  );
  return data[source.field];
}

/** Refuse a reference to no record that counts: BAD_USER_INPUT naming `field`, rule `reference-exists`. */
export function checkReferenceExists(field: string, ref: Reference, existing: ReadonlySet<string>): void {
  if (!existing.has(referenceKey(ref))) {
    throw badInput(field, 'reference-exists', `no ${ref.channel} record ${ref.id} exists (or it was voided): refer to a record of that channel`);
  }
}

/**
 * One kind of record a reference may name, for `existingIdsSql`: ids `prefix` + the key, stored
 * whole (`text`) or as the number after the prefix (`serial`); `counts` the condition of a record
 * that counts (its own void, its pairing's).
 */
export interface ReferableKind {
  prefix: string;
  key: 'text' | 'serial';
  /** `select <id> from … where <id> = any($ids) and <counts>`: the statement's part for this kind, given the keys asked. */
  select(keys: SQLWrapper): SQL;
}

/** A kind read `from` a table (or a join with its pairing), its id column `id`, counting when `counts` holds. */
export function referableKind(prefix: string, key: 'text' | 'serial', from: SQL, id: AnyPgColumn, counts: SQL): ReferableKind {
  const asId = key === 'text' ? sql`${id}` : sql`${prefix} || ${id}::text`;
  const cast = key === 'text' ? sql`::text[]` : sql`::int[]`;
  return { prefix, key, select: (keys) => sql`select ${asId} as id from ${from} where ${id} = any(${keys}${cast}) and ${counts}` };
}

/**
 * The ids among `ids` that name records of `kinds` that exist and count: one statement whatever
 * the kinds and the number of ids (none when no id has a kind's form).
 */
export async function existingIds(db: Db, kinds: readonly ReferableKind[], ids: readonly string[]): Promise<string[]> {
  const parts: SQL[] = [];
  for (const kind of kinds) {
    // Longest prefix first: a kind whose prefix starts another's takes only its own ids.
    const longer = kinds.filter((k) => k.prefix.length > kind.prefix.length && k.prefix.startsWith(kind.prefix));
    const own = ids.filter((id) => id.startsWith(kind.prefix) && !longer.some((k) => id.startsWith(k.prefix)));
    const keys = kind.key === 'text' ? own : own.map((id) => id.slice(kind.prefix.length)).filter((k) => /^\d{1,9}$/.test(k));
    if (keys.length) parts.push(kind.select(sql.param(kind.key === 'text' ? keys : keys.map(Number))));
  }
  if (!parts.length) return [];
  const rows = await rawRows<{ id: string }>(db, sql.join(parts, sql` union all `));
  return rows.map((r) => r.id);
}

/** The `…RecordsExisting(ids)` root field of a channel whose records others refer to (at most REFERENCE_BATCH ids). */
export function existingIdsField(kinds: readonly ReferableKind[]) {
  return async (_: unknown, args: { ids: readonly string[] }, ctx: { db: Db }): Promise<string[]> => {
    if (args.ids.length > REFERENCE_BATCH) throw badInput('ids', 'at-most', `at most ${REFERENCE_BATCH} ids a call`);
    return existingIds(ctx.db, kinds, args.ids);
  };
}
