import { GraphQLError } from 'graphql';

/**
 * Errors of a wait that was bounded, as clients see them: code `TIMEOUT`, the limit that ended
 * the wait (`extensions.limit`) and, where known, that limit in ms (`extensions.maximum`).
 */
export function timeoutError(message: string, limit: string, maximum?: number, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'TIMEOUT', limit, ...(maximum !== undefined ? { maximum } : {}), ...extra } });
}

/** PostgreSQL's SQLSTATEs for a statement cancelled by `statement_timeout` and by `lock_timeout`. */
const DATABASE_TIMEOUTS: Record<string, string> = { '57014': 'statement_timeout', '55P03': 'lock_timeout' };

/**
 * The database setting that cancelled the statement behind `error` (a resolver's error wraps the
 * driver's, which drizzle wraps again: each keeps the one below as `originalError` or `cause`),
 * or null when `error` is not such a cancellation.
 */
export function databaseTimeoutOf(error: unknown): string | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && DATABASE_TIMEOUTS[code]) return DATABASE_TIMEOUTS[code];
    e = (e as { originalError?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return null;
}

/** A resolver's error caused by a database timeout, as a `TIMEOUT` error at the same place; null otherwise. */
export function asDatabaseTimeout(error: GraphQLError): GraphQLError | null {
  const limit = databaseTimeoutOf(error);
  if (!limit) return null;
  return new GraphQLError(`the database cancelled a statement of this field (${limit})`, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { code: 'TIMEOUT', limit },
  });
}
