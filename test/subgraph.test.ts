import { parse, type GraphQLResolveInfo } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, defineSubgraph, inBulk, localExecutor, selects, type SubgraphRuntime } from '../lib/subgraph.js';
import { createTestDatabase, executeOn, type TestDatabase } from './harness.js';

/**
 * `_entities` answered as one batch (lib/subgraph.ts `batchEntities`): a subgraph of its own,
 * whose references resolve synchronously, through promises, to null, to a failure, or to an
 * object that names another type, to check each answer lands at its own index as before.
 */
const calls: string[] = [];
const bulkCalls: string[][] = [];
const asked: boolean[] = [];
const things = defineSubgraph<null>({
  name: 'things',
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Thing @key(fields: "id") { id: ID! label: String! owner: Owner }
    type Owner { id: ID! name: String! }
    type Batch @key(fields: "id") { id: ID! label: String! }
    type Place @key(fields: "code") { code: ID! }
    type Query { thing(id: ID!): Thing things: [Thing!]! }
  `),
  resolvers: {
    Query: {
      thing: (_: unknown, { id }: { id: string }) => ({ id, label: `Q-${id}` }),
      things: (_: unknown, __: unknown, ___: unknown, info: GraphQLResolveInfo) => {
        asked.push(selects(info, 'owner', 'name'));
        return [{ id: 't', label: 'T', owner: { id: 'o', name: 'O' } }];
      },
    },
    Thing: {
      __resolveReference: (ref: { id: string }) => {
        calls.push(ref.id);
        if (ref.id === 'sync') return { id: 'sync', label: 'S' };
        if (ref.id === 'gone') return null;
        if (ref.id === 'bad') return Promise.reject(new Error('thing "bad" cannot be read'));
        if (ref.id === 'renamed') return Promise.resolve({ __typename: 'Other', id: 'renamed', label: 'R' });
        return Promise.resolve({ id: ref.id, label: `L-${ref.id}` });
      },
    },
    Batch: {
      __resolveReference: inBulk(
        (ref: { id: string }) => {
          calls.push(ref.id);
          return { id: ref.id, label: `one-${ref.id}` };
        },
        (refs: { id: string }[]) => {
          bulkCalls.push(refs.map((r) => r.id));
          // Declines a batch holding "any", which then goes one by one.
          return refs.some((r) => r.id === 'any') ? null : Promise.resolve(refs.map((r) => (r.id === 'gone' ? null : { id: r.id, label: `bulk-${r.id}` })));
        },
      ),
    },
  },
  migrationsFolder: '',
  createLoaders: () => null,
});

let db: TestDatabase;
let runtime: SubgraphRuntime<unknown>;
beforeAll(async () => {
  db = await createTestDatabase();
  runtime = createRuntime(things, db.database, () => localExecutor(runtime));
});
afterAll(() => db.drop());

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Thing { id label } ... on Place { code } ... on Batch { id label } } }`;

describe('_entities as one batch', () => {
  it('answers every representation at its own index: values, nulls, a failure as its own error, a place without a resolver', async () => {
    calls.length = 0;
    const r = [
      { __typename: 'Thing', id: 'a' },
      { __typename: 'Thing', id: 'sync' },
      { __typename: 'Thing', id: 'gone' },
      { __typename: 'Thing', id: 'bad' },
      { __typename: 'Place', code: '610426' },
      { __typename: 'Thing', id: 'renamed' },
      { __typename: 'Thing', id: 'a' },
    ];
    const result = await executeOn(runtime, ENTITIES, { r });
    expect(result.data!._entities).toEqual([
      { __typename: 'Thing', id: 'a', label: 'L-a' },
      { __typename: 'Thing', id: 'sync', label: 'S' },
      null,
      null,
      { __typename: 'Place', code: '610426' },
      { __typename: 'Thing', id: 'renamed', label: 'R' },
      { __typename: 'Thing', id: 'a', label: 'L-a' },
    ]);
    expect(result.errors?.map((e) => ({ message: e.message, path: e.path }))).toEqual([{ message: 'thing "bad" cannot be read', path: ['_entities', 3] }]);
    expect(calls).toEqual(['a', 'sync', 'gone', 'bad', 'renamed', 'a']);
  });

  it('hands a batch of one type to its bulk resolver in one call, in order; a mixed or declined batch goes one by one', async () => {
    const batch = (...ids: string[]) => ids.map((id) => ({ __typename: 'Batch', id }));
    calls.length = 0;
    bulkCalls.length = 0;
    const whole = await executeOn(runtime, ENTITIES, { r: batch('b', 'gone', 'a') });
    expect(whole.data!._entities).toEqual([{ __typename: 'Batch', id: 'b', label: 'bulk-b' }, null, { __typename: 'Batch', id: 'a', label: 'bulk-a' }]);
    expect(bulkCalls).toEqual([['b', 'gone', 'a']]);
    expect(calls).toEqual([]);
    const declined = await executeOn(runtime, ENTITIES, { r: batch('x', 'any') });
    expect(declined.data!._entities).toEqual([
      { __typename: 'Batch', id: 'x', label: 'one-x' },
      { __typename: 'Batch', id: 'any', label: 'one-any' },
    ]);
    const mixed = await executeOn(runtime, ENTITIES, { r: [...batch('m'), { __typename: 'Thing', id: 'sync' }] });
    expect(mixed.data!._entities).toEqual([
      { __typename: 'Batch', id: 'm', label: 'one-m' },
      { __typename: 'Thing', id: 'sync', label: 'S' },
    ]);
    expect(bulkCalls).toEqual([
      ['b', 'gone', 'a'],
      ['x', 'any'],
    ]);
    expect(calls).toEqual(['x', 'any', 'm', 'sync']);
  });

  it('reports a representation of a type the subgraph does not have, as the library does', async () => {
    const result = await executeOn(runtime, ENTITIES, { r: [{ __typename: 'Nope', id: 'x' }] });
    expect(result.data?._entities ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/"Nope"/);
  });
});

describe('selects (a list resolver looking ahead)', () => {
  it('finds a nested field through aliases and fragments of any type condition, and nothing else', async () => {
    const cases: [string, boolean[]][] = [
      ['{ things { owner { name } } }', [true]],
      ['{ things { o: owner { n: name } } }', [true]],
      ['{ things { ...F } } fragment F on Thing { owner { ...G } } fragment G on Owner { name }', [true]],
      ['{ things { ... on Thing { owner { ... { name } } } } }', [true]],
      ['{ things { owner { id } } }', [false]],
      ['{ things { id label } }', [false]],
      // Two fields of one query are two operation fields, each decided on its own.
      ['{ things { owner { id } } a: things { owner { name } } }', [false, true]],
    ];
    for (const [query, expected] of cases) {
      asked.length = 0;
      const result = await executeOn(runtime, query);
      expect(result.errors, query).toBeUndefined();
      expect(asked, query).toEqual(expected);
    }
  });
});
