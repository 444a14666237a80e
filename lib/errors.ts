import { GraphQLError } from 'graphql';
import type { RuleCode } from './rules.js';

/**
 * Errors every subgraph raises. Each names the field and the rule so a client can show it
 * next to the input; none carries a stack trace (see `formatError` in lib/server.ts). The rule
 * is a code of the one catalogue (`RULES` in lib/rules.ts, published in docs/rules.md): these
 * helpers take no other string, so a code cannot be invented at a call site.
 */
export type ErrorCode = 'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'CONFLICT' | 'SUBGRAPH_UNAVAILABLE';

export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: { rule?: RuleCode; field?: string; [key: string]: unknown } = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

/** Input that breaks a rule: `field` is the input path (`input.helpedCode`), `rule` its code. */
export function badInput(field: string, rule: RuleCode, message: string): DomainError {
  return new DomainError('BAD_USER_INPUT', `${field}: ${message}`, { field, rule });
}

/**
 * Well-formed input the record's state refuses (a locked report, a stale version, a record
 * another write made first): `field` and `rule` as for badInput.
 */
export function conflict(field: string, rule: RuleCode, message: string, extra: Record<string, unknown> = {}): DomainError {
  return new DomainError('CONFLICT', `${field}: ${message}`, { field, rule, ...extra });
}

/** A refusal for access; `field` names the field refused when a read, not a write, is refused. */
export function forbidden(message: string, rule: RuleCode = 'access', field?: string): DomainError {
  return new DomainError('FORBIDDEN', message, field === undefined ? { rule } : { rule, field });
}

export function notFound(field: string, what: string, id: string): DomainError {
  return new DomainError('NOT_FOUND', `${field}: no ${what} with id ${id}`, { field, rule: 'exists' satisfies RuleCode });
}

/**
 * A record a field promises (a non-null result: what a write just made or changed, a record's
 * parent), or NOT_FOUND naming `field` when it is gone.
 */
export function present<T>(value: T | null | undefined, field: string, what: string, id: string): T {
  if (value == null) throw notFound(field, what, id);
  return value;
}

/**
 * A view across channels (lib/coverage-across.ts, lib/assistance-across.ts) whose channel gave no
 * answer: SUBGRAPH_UNAVAILABLE naming the subgraph and the field it was asked, as the gateway
 * names a channel field it could not fill. The view is whole or refused, never silently short.
 */
export function channelUnavailable(subgraph: string, field: string): DomainError {
  return new DomainError('SUBGRAPH_UNAVAILABLE', `${field}: the ${subgraph} subgraph did not answer; this view needs every channel it reads`, {
    subgraph,
    field,
  });
}

/** A channel's answer to a cross-channel view, or `channelUnavailable` when the call fails or its answer is an unexpected error. */
export async function askChannel<T extends { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>(
  subgraph: string,
  field: string,
  call: () => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await call();
  } catch {
    throw channelUnavailable(subgraph, field);
  }
  const code = result.errors?.[0]?.extensions?.code;
  if (result.errors?.length && (typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR' || code === 'SUBGRAPH_UNAVAILABLE'))
    throw channelUnavailable(subgraph, field);
  return result;
}

/** A channel's data for a cross-channel view: its refusal of the caller's arguments re-raised with its code and rule, `channelUnavailable` otherwise. */
export async function channelData<T>(
  subgraph: string,
  field: string,
  call: () => Promise<{ data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>,
): Promise<T> {
  const result = await askChannel(subgraph, field, call);
  const refusal = result.errors?.[0];
  if (refusal) throw new DomainError(refusal.extensions?.code as ErrorCode, refusal.message, refusal.extensions ?? {});
  return result.data as T;
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof GraphQLError && typeof e.extensions?.code === 'string';
}
