import { parse, type GraphQLResolveInfo } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, defineSubgraph, localExecutor, selects, type SubgraphRuntime } from '../lib/subgraph.js';
import { createTestDatabase, executeOn, type TestDatabase } from './harness.js';

/**
 * `_entities` answered as one batch (lib/subgraph.ts `batchEntities`): a subgraph of its own,
 * whose references resolve synchronously, through promises, to null, to a failure, or to an
 * object that names another type, to check each answer lands at its own index as before.
 */
const calls: string[] = [];
const asked: boolean[] = [];
const things = defineSubgraph<null>({
  name: 'things',
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Thing @key(fields: "id") { id: ID! label: String! owner: Owner }
    type Owner { id: ID! name: String! }
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

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Thing { id label } ... on Place { code } } }`;

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
