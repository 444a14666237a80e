import { badInput } from './errors.js';

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

export function pageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw badInput('first', 'page-size', `must be an integer from 0 to ${MAX_PAGE}`);
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
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Counted only when read (a getter: a count is a second statement), or from when asked (`countWhenAsked`). */
  readonly totalCount: Promise<number>;
}

/** Build a connection from up to `size + 1` rows fetched after the cursor. */
export function connection<T>(
  rows: T[],
  size: number,
  keyOf: (row: T) => string,
  count: () => Promise<number>,
): Connection<T> {
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
