import type { TypedDocumentString } from './gql/graphql';
import { useEffect, useState } from 'react';
import { currentToken, useSession } from './auth';

/**
 * A GraphQL document with the types of its result and variables: `graphql(…)` from ./gql, which
 * GraphQL Code Generator's client preset writes from the documents in the pages, typed against
 * the public graph (`npm run codegen:web`).
 */
export type Operation<Result, Variables> = TypedDocumentString<Result, Variables>;

interface GraphQLError {
  message: string;
  extensions?: { code?: string; rule?: string; field?: string };
}

/** A refused call: the graph's messages, and the first error's code and rule (never a stack). */
export class GraphQLFailure extends Error {
  readonly code: string | null;
  readonly rule: string | null;

  constructor(message: string, first?: GraphQLError) {
    super(message);
    this.code = first?.extensions?.code ?? null;
    this.rule = first?.extensions?.rule ?? null;
  }
}

/**
 * POST to the hub's own /graphql: the pages talk to nothing else. A signed-in caller's token
 * goes along as `Authorization: Bearer …`, to this origin only.
 */
export async function run<R, V>(op: Operation<R, V>, variables: V): Promise<R> {
  const token = currentToken();
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: op.toString(), variables }),
  });
  const body = (await response.json()) as { data?: R | null; errors?: GraphQLError[] };
  if (body.errors?.length && !body.data) throw new GraphQLFailure(body.errors.map((e) => e.message).join('; '), body.errors[0]);
  if (!body.data) throw new GraphQLFailure(`HTTP ${response.status}`);
  return body.data;
}

export type Loaded<R> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; data: R };

/**
 * Run `op` whenever `variables` change (compared as JSON), the caller signs in or out, or
 * `version` changes (to read again after a write); `skip` leaves it idle.
 */
export function useQuery<R, V>(op: Operation<R, V>, variables: V, skip = false, version = 0): Loaded<R> {
  const [result, setResult] = useState<Loaded<R>>({ state: 'loading' });
  const token = useSession()?.token ?? null;
  const key = JSON.stringify(variables);
  // biome-ignore lint/correctness/useExhaustiveDependencies: token and version only trigger a new read (run() reads the token itself)
  useEffect(() => {
    if (skip) return;
    let current = true;
    setResult({ state: 'loading' });
    run(op, JSON.parse(key) as V).then(
      (data) => current && setResult({ state: 'done', data }),
      (e: unknown) => current && setResult({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      current = false;
    };
  }, [op, key, skip, token, version]);
  return result;
}

/** Money is an exact decimal string ("1234.50"): summed in fen, never as floats. */
export const fen = (money: string): bigint => {
  const [whole, part = ''] = money.split('.');
  const sign = whole.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(whole.replace('-', '')) * 100n + BigInt((part + '00').slice(0, 2)));
};

/** Fen as 万元 with one decimal (the programme's usual unit). */
export const wan = (f: bigint): string => (Number(f / 100n) / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 1 });
