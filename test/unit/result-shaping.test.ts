import { buildSchema, operationFromDocument } from '@apollo/federation-internals';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/**
 * The gateway's last step, result shaping (@apollo/gateway's `computeResponse`), runs patched
 * (`patches/@apollo+gateway+2.14.4.patch`, applied by `npm ci`'s postinstall): the same
 * answers with less work per value. These cases pin what it must still do: keep only what the
 * operation asks, under its aliases; obey @skip/@include; apply fragments by `__typename`;
 * turn a null in a non-null position into null at the nearest nullable parent with an error
 * at its path; refuse a value its type does not allow.
 */
const require = createRequire(import.meta.url);
const shapingPath = require.resolve('@apollo/gateway/dist/resultShaping.js');
const { computeResponse } = require(shapingPath) as {
  computeResponse(args: { operation: unknown; variables?: Record<string, unknown>; input: unknown; introspectionHandling: () => unknown }): {
    data: unknown;
    errors: { message: string; path?: readonly (string | number)[]; extensions: { code?: unknown } }[];
  };
};

const schema = buildSchema(`
  type Query { places: [Place!]! place: Place things: [Thing] }
  interface Thing { id: ID! }
  type Org implements Thing { id: ID! name: String! kind: Kind }
  type Unit implements Thing { id: ID! soldiers: Int }
  enum Kind { SOE PRIVATE }
  type Place { code: ID! name: String! helpers: [Org!] }
`);

function shape(query: string, input: unknown, variables: Record<string, unknown> = {}) {
  const { data, errors } = computeResponse({ operation: operationFromDocument(schema, parse(query)), variables, input, introspectionHandling: () => null });
  // Plain objects (the gateway builds null-prototype ones) and comparable errors.
  return { data: JSON.parse(JSON.stringify(data)), errors: errors.map((e) => ({ message: e.message, path: e.path, code: e.extensions.code })) };
}

const PLACE = { code: '610426', name: '永寿县', extra: 1, helpers: [{ id: 'o1', name: '中国石油', kind: 'SOE', extra: 2 }] };

describe('result shaping (patched @apollo/gateway computeResponse)', () => {
  it('is the patched module', () => {
    expect(readFileSync(shapingPath, 'utf8')).toContain('bangfu patch');
  });

  it('keeps only the fields asked, under their aliases (as the subgraphs answered them), in the order asked', () => {
    const aliased = { n: '永寿县', code: '610426', name: 'not asked', helpers: [{ name: '中国石油', k: 'SOE', kind: 'PRIVATE' }] };
    const { data, errors } = shape('{ places { n: name code helpers { name k: kind } } }', { places: [aliased, { ...aliased, code: '610430', helpers: [] }] });
    expect(errors).toEqual([]);
    expect(data).toEqual({
      places: [
        { n: '永寿县', code: '610426', helpers: [{ name: '中国石油', k: 'SOE' }] },
        { n: '永寿县', code: '610430', helpers: [] },
      ],
    });
    expect(Object.keys(data.places[0])).toEqual(['n', 'code', 'helpers']);
  });

  it('obeys @skip and @include, from variables and literals', () => {
    const query = 'query($s: Boolean!) { places { code @skip(if: $s) name @include(if: false) helpers @include(if: true) { name } } }';
    expect(shape(query, { places: [PLACE] }, { s: true }).data).toEqual({ places: [{ helpers: [{ name: '中国石油' }] }] });
    expect(shape(query, { places: [PLACE] }, { s: false }).data).toEqual({ places: [{ code: '610426', helpers: [{ name: '中国石油' }] }] });
  });

  it('applies each fragment to the values of its type, by __typename', () => {
    const { data, errors } = shape('{ things { t: __typename id ... on Org { name } ... on Unit { soldiers } } }', {
      things: [{ __typename: 'Org', id: 'o1', name: '中国石油', soldiers: 9 }, { __typename: 'Unit', id: 'u1', name: 'hidden', soldiers: 120 }, null],
    });
    expect(errors).toEqual([]);
    expect(data).toEqual({ things: [{ t: 'Org', id: 'o1', name: '中国石油' }, { t: 'Unit', id: 'u1', soldiers: 120 }, null] });
  });

  it('answers a missing nullable field with null, and no error', () => {
    expect(shape('{ place { code helpers { kind } } }', { place: { code: '1', helpers: [{ name: 'x' }] } })).toEqual({
      data: { place: { code: '1', helpers: [{ kind: null }] } },
      errors: [],
    });
  });

  it('answers a nullable list that no fetch filled (its subgraph failed) with null, and keeps its siblings', () => {
    // The channel fields are such lists: a channel that fails costs its own field only, and the
    // error beside it is the failed fetch's (gateway/failures.ts), not one made here.
    expect(shape('{ places { code helpers { name } } }', { places: [{ code: '1' }, { code: '2', helpers: [] }] })).toEqual({
      data: {
        places: [
          { code: '1', helpers: null },
          { code: '2', helpers: [] },
        ],
      },
      errors: [],
    });
  });

  it('turns a null in a non-null field into null at the nearest nullable parent, with an error at its path', () => {
    expect(shape('{ place { code name } }', { place: { code: '1', name: null } })).toEqual({
      data: { place: null },
      errors: [{ message: 'Cannot return null for non-nullable field Place.name.', path: ['place', 'name'], code: 'INVALID_GRAPHQL' }],
    });
    expect(shape('{ place { helpers { name } } }', { place: { helpers: [{ name: 'a' }, null] } })).toEqual({
      data: { place: { helpers: null } },
      errors: [
        { message: 'Cannot return null for non-nullable array element of type Org at index 1.', path: ['place', 'helpers', 1], code: 'INVALID_GRAPHQL' },
      ],
    });
    // Up to the root when every parent is non-null.
    const root = shape('{ places { code } }', { places: [{ code: '1' }, null] });
    expect(root.data).toBeNull();
    expect(root.errors.map((e) => e.path)).toEqual([['places', 1]]);
  });

  it('refuses a value its type does not allow, and a __typename the schema does not have', () => {
    expect(shape('{ place { helpers { kind } } }', { place: { helpers: [{ kind: 'NOPE' }] } })).toEqual({
      data: { place: { helpers: [{ kind: null }] } },
      errors: [{ message: 'Invalid value found for field Org.kind.', path: ['place', 'helpers', 0, 'kind'], code: 'INVALID_GRAPHQL' }],
    });
    expect(
      shape('{ things { id } }', {
        things: [
          { __typename: 'Nope', id: 'x' },
          { __typename: 'Org', id: 'o' },
        ],
      }),
    ).toEqual({
      data: { things: [null, { id: 'o' }] },
      errors: [{ message: 'Invalid __typename found for object at array element of type Thing at index 0.', path: ['things', 0], code: 'INVALID_GRAPHQL' }],
    });
  });
});
