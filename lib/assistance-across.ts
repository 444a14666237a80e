import { askChannel, badInput, channelUnavailable, DomainError, type ErrorCode } from './errors.js';
import type { Identity } from './identity.js';
import type { LockChannel } from './locks.js';
import { decodeCursor, encodeCursor } from './pagination.js';
import { checkYear } from './rules.js';
import type { PeerExecutors } from './subgraph.js';
import type { RequestScope } from './telemetry.js';

/**
 * The cross-channel lists of a place's or a helper's assistance: the registry asks each channel,
 * through its graph and all at once, for the records of its own list field on `Region` or
 * `Organization` (an `_entities` call, as the gateway makes it: one list statement per channel),
 * reading only the `Assistance` fields, and merges them, newest first.
 */
export interface ChannelList {
  channel: LockChannel;
  subgraph: string;
  /** Its list field on `Region` and on `Organization`. */
  field: string;
  /** The record types it lists (`kind`). */
  kinds: readonly string[];
}

export interface AssistanceEntry {
  id: string;
  channel: LockChannel;
  kind: string;
  helperId: string;
  helpedCode: string;
  since: string;
  until: string | null;
}

export interface AssistanceListArgs {
  year?: number | null;
  channels?: readonly LockChannel[] | null;
  kinds?: readonly string[] | null;
  includeDescendants?: boolean | null;
  includeAncestors?: boolean | null;
  includeDemo?: boolean | null;
  first?: number | null;
  after?: string | null;
}

interface Answered {
  __typename: string;
  id: string;
  since: string;
  until: string | null;
  helper: { id: string };
  helped: { code: string };
}

/** Whose records: a place (by code) or an organisation (by id). */
export type ListOwner = { type: 'Region'; code: string } | { type: 'Organization'; id: string };

function listQuery(owner: ListOwner, field: string): string {
  const place = owner.type === 'Region';
  const vars = place ? ', $descendants: Boolean, $ancestors: Boolean' : '';
  const args = place ? ', includeDescendants: $descendants, includeAncestors: $ancestors' : '';
  return `query($r: [_Any!]!, $year: Int, $demo: Boolean${vars}) { _entities(representations: $r) { ... on ${owner.type} {
    list: ${field}(year: $year, includeDemo: $demo${args}) { __typename id since until helper { id } helped { code } } } } }`;
}

/** The channels' records of `owner`, filtered by channel and kind, newest first (then by id). */
export async function assistanceOf(
  peers: PeerExecutors | undefined,
  channels: readonly ChannelList[],
  owner: ListOwner,
  args: AssistanceListArgs,
  identity: Identity,
  scope?: RequestScope,
): Promise<AssistanceEntry[]> {
  checkYear('year', args.year);
  const known = channels.flatMap((c) => c.kinds);
  for (const kind of args.kinds ?? []) if (!known.includes(kind)) throw badInput('kinds', 'kind', `${kind} is not one of ${known.join(', ')}`);
  const lists = channels.filter((c) => (!args.channels || args.channels.includes(c.channel)) && (!args.kinds || c.kinds.some((k) => args.kinds!.includes(k))));
  if (!peers) throw channelUnavailable('registry', 'assistance');
  const { type: _, ...key } = owner;
  const variables = {
    r: [{ __typename: owner.type, ...key }],
    year: args.year ?? null,
    demo: args.includeDemo ?? true,
    ...(owner.type === 'Region' ? { descendants: args.includeDescendants ?? false, ancestors: args.includeAncestors ?? false } : {}),
  };
  const answers = await Promise.all(
    lists.map(async (c) => {
      const result = await askChannel(c.subgraph, c.field, () => peers(c.subgraph)(listQuery(owner, c.field), variables, identity, scope));
      const refusal = result.errors?.[0];
      // A channel's refusal (a list over its size) is the caller's to read, with its code and rule.
      if (refusal) {
        const { code, ...extra } = (refusal.extensions ?? {}) as { code: ErrorCode };
        throw new DomainError(code, `${c.field}: ${refusal.message}`, extra);
      }
      const list = ((result.data as { _entities: ({ list: Answered[] | null } | null)[] })._entities[0]?.list ?? []) as Answered[];
      return list.map(
        (r): AssistanceEntry => ({
          id: r.id,
          channel: c.channel,
          kind: r.__typename,
          helperId: r.helper.id,
          helpedCode: r.helped.code,
          since: r.since,
          until: r.until,
        }),
      );
    }),
  );
  const entries = answers.flat().filter((e) => !args.kinds || args.kinds.includes(e.kind));
  return entries.sort(newestFirst);
}

function newestFirst(a: AssistanceEntry, b: AssistanceEntry): number {
  if (a.since !== b.since) return a.since < b.since ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The cursor of an entry: its place in the order (since, id), so a page starts after it whatever was added before. */
export const entryCursor = (e: AssistanceEntry) => encodeCursor(`${e.since} ${e.id}`);

/** The entries after `after` (a cursor of this list), in order. */
export function entriesAfter(entries: AssistanceEntry[], after: string | null | undefined): AssistanceEntry[] {
  const key = decodeCursor(after);
  if (key == null) return entries;
  const [since, id] = key.split(' ');
  if (!since || !id) throw badInput('after', 'cursor', 'is not a cursor this list returned');
  const at = entries.findIndex((e) => newestFirst(e, { since, id } as AssistanceEntry) > 0);
  return at < 0 ? [] : entries.slice(at);
}
