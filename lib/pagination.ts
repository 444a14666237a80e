import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { badInput, DomainError } from './errors.js';

/**
 * Relay-style cursor pagination shared by every list that can grow: `first`/`after` in,
 * `edges { cursor node }`, `pageInfo` and a lazily counted `totalCount` out.
 * A cursor is the opaque base64url of the sort key of the last row seen (keyset pagination:
 * no OFFSET, so page N costs the same as page 1).
 */
export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 1000;

/** A page's arguments, as every connection field takes them. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export function pageSize(first: number | null | undefined, max = MAX_PAGE): number {
  if (first == null) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badInput('first', 'page-size', `must be an integer from 0 to ${max}`);
  }
  return first;
}

export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(after: string | null | undefined): string | null {
  if (after == null) return null;
  const key = Buffer.from(after, 'base64url').toString('utf8');
  if (!key || encodeCursor(key) !== after) throw badInput('after', 'cursor', 'is not a cursor this list returned');
  return key;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  /** Counted only when read (a getter: a count is a second statement), or from when asked (`countWhenAsked`). */
  readonly totalCount: Promise<number>;
}

/** Build a connection from up to `size + 1` rows fetched after the cursor. */
export function connection<T>(rows: T[], size: number, keyOf: (row: T) => string, count: () => Promise<number>): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  let counted: Promise<number> | null = null;
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
    get totalCount() {
      return (counted ??= count());
    },
  };
}

/**
 * A connection's count, started at once when the query asks for `totalCount` (so it runs beside
 * the page's statements rather than after them: the national picture's 831 poverty counties are
 * counted while they are read), or run when first read otherwise.
 */
export function countWhenAsked(asked: boolean, count: () => Promise<number>): () => Promise<number> {
  if (!asked) return count;
  const started = count();
  started.catch(() => {}); // a failure is reported where totalCount is read, if it is
  return () => started;
}

/**
 * Resolvers of every connection type: `totalCount` is a promise, which a compiled query (graphql-jit)
 * only awaits when a resolver returns it.
 */
export const connectionResolvers = {
  totalCount: (c: Connection<unknown>) => c.totalCount,
};

// ---- the channels' lists of a place or an organisation ------------------------------------------

/**
 * The most records a channel's list field of a place or an organisation (`enterpriseAssistance`,
 * `militaryAssistance`, …) answers at once: beyond it the field answers an error naming its
 * connection, `<field>Page`, which pages through the same records. 贵州 with
 * `includeDescendants` has 26,775 enterprise records.
 */
export const MAX_LIST = 10_000;

/** The largest page of such a connection (`first`; 50 when left out). */
export const MAX_LIST_PAGE = 500;

/** The connection field paging through a list field's records. */
export const pageFieldOf = (field: string) => `${field}Page`;

/** A list field's records, or the refusal of more than MAX_LIST: BAD_USER_INPUT naming the field, the count and its connection. */
export function boundedList<T>(field: string, rows: readonly T[]): readonly T[] {
  if (rows.length <= MAX_LIST) return rows;
  const connection = pageFieldOf(field);
  throw new DomainError(
    'BAD_USER_INPUT',
    `${field}: ${rows.length} records, more than the ${MAX_LIST} a list answers; page through them with ${connection}(first, after)`,
    { field, rule: 'list-size', count: rows.length, maximum: MAX_LIST, connection },
  );
}

/**
 * A page of records loaded whole, in the list field's order: `first` of them after the cursor
 * (a record's id). The list is loaded by the list field's own batched loader, one statement per
 * batch of places or organisations whatever the page; `totalCount` is its length.
 */
export function listPage<T extends { id: string }>(rows: readonly T[], args: PageArgs): Connection<T> {
  const size = pageSize(args.first, MAX_LIST_PAGE);
  const after = decodeCursor(args.after);
  let start = 0;
  if (after !== null) {
    start = rows.findIndex((r) => r.id === after) + 1;
    if (start === 0) throw badInput('after', 'cursor', 'is not a cursor this list returned');
  }
  const total = rows.length;
  return connection(
    rows.slice(start, start + size + 1),
    size,
    (r) => r.id,
    async () => total,
  );
}

const nodeFieldNodes = new WeakMap<readonly FieldNode[], FieldNode[]>();

/**
 * A connection field's resolve info as its list field's would be: the field nodes of
 * `edges { node { … } }` in place of the connection's, so the lookaheads of a list resolver
 * (`withHelperNames`, `asksOnly`) see the records' selection. The same array for every value of
 * a batch, as the lookaheads' memo expects.
 */
export function nodeInfo(info: GraphQLResolveInfo): GraphQLResolveInfo {
  let nodes = nodeFieldNodes.get(info.fieldNodes);
  if (!nodes) {
    const named = (selections: readonly SelectionNode[], name: string): FieldNode[] =>
      selections.flatMap((s) => {
        if (s.kind === Kind.FIELD) return s.name.value === name ? [s] : [];
        const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : info.fragments[s.name.value];
        return fragment ? named(fragment.selectionSet.selections, name) : [];
      });
    const edges = info.fieldNodes.flatMap((f) => named(f.selectionSet?.selections ?? [], 'edges'));
    nodes = edges.flatMap((e) => named(e.selectionSet?.selections ?? [], 'node'));
    nodeFieldNodes.set(info.fieldNodes, nodes);
  }
  return { ...info, fieldNodes: nodes };
}

type ListResolver<P, A, C, T> = (parent: P, args: A, ctx: C, info: GraphQLResolveInfo) => Promise<readonly T[]> | readonly T[];

/**
 * A channel's list field and its connection from one resolver: `field` answers the records
 * (at most MAX_LIST, `boundedList`), `<field>Page` a page of the same records (`listPage`),
 * both read by the same batched loader.
 */
export function pagedList<P, A, C, T extends { id: string }>(field: string, list: ListResolver<P, A, C, T>) {
  return {
    [field]: async (parent: P, args: A, ctx: C, info: GraphQLResolveInfo) => boundedList(field, await list(parent, args, ctx, info)),
    [pageFieldOf(field)]: async (parent: P, args: A & PageArgs, ctx: C, info: GraphQLResolveInfo) =>
      listPage(await list(parent, args, ctx, nodeInfo(info)), args),
  };
}
