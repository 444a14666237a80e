/** Pure logic of lib/ and the gateway: codes, money, scalars, cursors, randomness, scopes, representations, kept names. */
import { GraphQLScalarType, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ancestorCodesOf, inScope, isWestern, levelOf, normalizeCode, parentCodeOf, regionScope, zoneOf } from '../../lib/codes.js';
import { decodeCursor, encodeCursor, pageSize } from '../../lib/pagination.js';
import { compareMoney, fromFen, sumMoney, toFen } from '../../lib/money.js';
import { Rng } from '../../lib/rng.js';
import { DateScalar, MoneyScalar, parseMoney } from '../../lib/scalars.js';
import { distribute, regionFieldKey, ScopeIndex } from '../../lib/scope.js';
import { activeInYear } from '../../lib/calendar.js';
import { withDistinctRepresentations } from '../../gateway/datasources.js';
import { NameCache, type NamesAnswer } from '../../lib/registry-api.js';
import { mergeResolvers } from '../../lib/schema.js';

describe('division codes', () => {
  it('normalises every written form to the canonical code', () => {
    const cases: [string, string | null][] = [
      ['61', '61'],
      ['610000', '61'],
      ['610000000000', '61'],
      ['6104', '6104'],
      ['610400', '6104'],
      ['610400000000', '6104'],
      ['610426', '610426'],
      ['610426000000', '610426'],
      ['610426001', '610426001'],
      ['610426001000', '610426001'],
      ['610426001001', '610426001001'],
      ['６１０４２６', '610426'],
      [' 610426\n', '610426'],
      ['61042', null],
      ['6104260', null],
      ['abc', null],
      ['', null],
      ['00', null],
      ['6104-26', null],
    ];
    for (const [input, expected] of cases) expect(normalizeCode(input), JSON.stringify(input)).toBe(expected);
  });

  it('derives level, parent, ancestors and zone from the code', () => {
    expect(levelOf('610426001001')).toBe('VILLAGE');
    expect(parentCodeOf('610426001001')).toBe('610426001');
    expect(parentCodeOf('61')).toBeNull();
    expect(ancestorCodesOf('610426001001')).toEqual(['61', '6104', '610426', '610426001']);
    expect(zoneOf('3302')).toBe('EAST');
    expect(zoneOf('4228')).toBe('CENTRAL');
    expect(isWestern('422801')).toBe(true); // 恩施州, a listed exception
    expect(isWestern('4201')).toBe(false);
  });

  it('scopes a region field: itself, with ancestors, with descendants', () => {
    expect(regionScope('610426', {})).toEqual({ code: '610426', exact: ['610426'], prefix: null });
    expect(regionScope('610426', { includeAncestors: true }).exact).toEqual(['61', '6104', '610426']);
    expect(regionScope('6104', { includeDescendants: true }).prefix).toBe('6104');
  });

  it('distributes one batch of rows to each key by scope and year', () => {
    const rows = [
      { code: '61', since: '2016-01-01', until: '2020-12-31' },
      { code: '610426', since: '2018-01-01', until: null },
      { code: '610430101203', since: '2015-01-01', until: '2016-06-30' },
      { code: '6104', since: '2021-01-01', until: null },
    ];
    const keys = [
      regionFieldKey('610426', { includeAncestors: true, year: 2017 }),
      regionFieldKey('6104', { includeDescendants: true }),
      regionFieldKey('610430', { includeDescendants: true, year: 2016 }),
    ];
    const got = distribute(
      keys,
      rows,
      (r) => r.code,
      (r) => r,
    );
    expect(got[0].map((r) => r.code)).toEqual(['61']);
    expect(got[1].map((r) => r.code)).toEqual(['610426', '610430101203', '6104']);
    expect(got[2].map((r) => r.code)).toEqual(['610430101203']);
    expect(activeInYear('2016-01-01', '2016-12-31', 2017)).toBe(false);
  });
});

describe('exact scalars', () => {
  it('keeps money exact and refuses floats and a third decimal', () => {
    expect(MoneyScalar.parseLiteral({ kind: Kind.STRING, value: '0012.5' })).toBe('12.50');
    expect(MoneyScalar.parseValue(1200)).toBe('1200.00');
    expect(MoneyScalar.serialize('99999999999999.99')).toBe('99999999999999.99');
    // A refused value is answered by the check of the field's arguments (lib/inputs.ts), naming the input.
    expect(MoneyScalar.parseLiteral({ kind: Kind.FLOAT, value: '1.5' })).toMatchObject({ refused: 'money' });
    expect(MoneyScalar.parseValue(0.1 + 0.2)).toMatchObject({ refused: 'money' });
    expect(MoneyScalar.parseValue('1.234')).toMatchObject({ refused: 'money' });
    expect(MoneyScalar.parseValue('1000000000000.00')).toBe('1000000000000.00');
    expect(MoneyScalar.parseValue('1000000000000.01')).toMatchObject({ refused: 'range' });
    expect(() => parseMoney('1.234', 'input.amount')).toThrow(/input\.amount/);
  });

  it('adds money in fen exactly where floats would drift', () => {
    expect(sumMoney(['0.10', '0.20', null, '99999999999999.99'])).toBe('100000000000000.29');
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(fromFen(toFen('-12.5'))).toBe('-12.50');
    expect(compareMoney('10.00', '9.99')).toBe(1);
  });

  it('accepts calendar dates only', () => {
    expect(DateScalar.parseValue('2020-02-29')).toBe('2020-02-29');
    for (const bad of ['2019-02-29', '2020-13-01', '20200101', '2020-1-1']) expect(DateScalar.parseValue(bad), bad).toMatchObject({ refused: 'date' });
  });
});

describe('pagination and randomness', () => {
  it('round-trips cursors and refuses foreign ones and oversized pages', () => {
    expect(decodeCursor(encodeCursor('610426'))).toBe('610426');
    expect(() => decodeCursor('%%%')).toThrow(/cursor/);
    expect(() => pageSize(5000)).toThrow(/first/);
  });

  it('repeats the same stream for the same seed', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    expect(Array.from({ length: 20 }, () => a.int(0, 1000))).toEqual(Array.from({ length: 20 }, () => b.int(0, 1000)));
    expect(new Rng(7).fork('x').int(0, 1e6)).toBe(new Rng(7).fork('x').int(0, 1e6));
    expect(new Rng(7).fork('x').int(0, 1e6)).not.toBe(new Rng(7).fork('y').int(0, 1e6));
  });
});

describe('ScopeIndex', () => {
  const rows = ['61', '6104', '610426', '610426100', '610426100201', '610430', '52'].map((code, i) => ({ code, i }));
  it('finds exact codes and subtrees as inScope does, in fetch order', () => {
    const index = new ScopeIndex(rows, (r) => r.code);
    for (const scope of [
      regionScope('610426', { includeDescendants: true }),
      regionScope('610426', { includeAncestors: true }),
      regionScope('61', { includeDescendants: true, includeAncestors: true }),
      regionScope('99', {}),
    ]) {
      expect(index.rowsIn(scope)).toEqual(rows.filter((r) => inScope(scope, r.code)));
    }
  });
  it('gives every scope its rows once each, in fetch order, whatever the order and repeats of the codes', () => {
    const codes = ['610426100201', '52', '610426', '61', '610430', '6104', '610426', '610426100', '61', '610426100201', '5201'];
    const fetched = codes.map((code, i) => ({ code, i }));
    const index = new ScopeIndex(fetched, (r) => r.code);
    for (const code of ['61', '6104', '610426', '610426100', '610426100201', '52', '99'])
      for (const args of [{}, { includeDescendants: true }, { includeAncestors: true }, { includeDescendants: true, includeAncestors: true }]) {
        const scope = regionScope(code, args);
        expect(index.rowsIn(scope), `${code} ${JSON.stringify(args)}`).toEqual(fetched.filter((r) => inScope(scope, r.code)));
      }
  });
});

describe('withDistinctRepresentations', () => {
  it('sends each representation once and spreads entities and errors back to every occurrence', async () => {
    const a = { __typename: 'Organization', id: 'a' };
    const b = { __typename: 'Organization', id: 'b' };
    let sent: unknown[] = [];
    const response = await withDistinctRepresentations({ request: { query: 'q', variables: { representations: [a, b, { ...a }, b] } } } as never, async (o) => {
      sent = o.request.variables!.representations as unknown[];
      return { data: { _entities: [{ name: 'A' }, null] }, errors: [{ message: 'no b', path: ['_entities', 1, 'name'] }] };
    });
    expect(sent).toEqual([a, b]);
    expect(response.data).toEqual({ _entities: [{ name: 'A' }, null, { name: 'A' }, null] });
    expect(response.errors?.map((e) => e.path)).toEqual([
      ['_entities', 1, 'name'],
      ['_entities', 3, 'name'],
    ]);
  });

  it('keeps apart representations of other types, composite keys and non-string key values', async () => {
    const representations = [
      { __typename: 'Region', code: '61' },
      { __typename: 'Organization', id: '61' },
      { __typename: 'Pair', a: '1', b: '2' },
      { __typename: 'Pair', a: '1', b: '3' },
      { __typename: 'Pair', b: '2', a: '1' },
      { __typename: 'Num', id: 1 },
      { __typename: 'Num', id: '1' },
      { __typename: 'Region', code: '61' },
    ];
    let sent: unknown[] = [];
    const response = await withDistinctRepresentations({ request: { query: 'q', variables: { representations } } } as never, async (o) => {
      sent = o.request.variables!.representations as unknown[];
      return { data: { _entities: sent.map((_, i) => ({ at: i })) } };
    });
    // Only the repeated region is sent once: the pair with its keys in another order is another JSON text, so it is sent again (never merged wrongly).
    expect(sent).toEqual(representations.slice(0, 7));
    expect(response.data).toEqual({ _entities: [0, 1, 2, 3, 4, 5, 6, 0].map((at) => ({ at })) });
  });
});

describe('NameCache (a channel keeps the names the registry gave it)', () => {
  /** A registry in a map: names by id, a revision, and every list of ids it was asked for. */
  const registry = () => {
    const state = {
      revision: 7,
      names: new Map([
        ['a', '甲'],
        ['b', '乙'],
        ['c', '丙'],
      ]),
      asked: [] as string[][],
    };
    const fetch = async (ids: readonly string[]): Promise<NamesAnswer> => {
      state.asked.push([...ids]);
      return { revision: String(state.revision), view: 'public', names: ids.map((id) => state.names.get(id) ?? null) };
    };
    return { state, fetch };
  };
  /** The names of `lists`' ids, in order, from one read. */
  const read = async (cache: NameCache, lists: string[][], view: string, fetch: (ids: readonly string[]) => Promise<NamesAnswer>) => {
    const names = await cache.read(lists, view, fetch);
    return lists.flat().map((id) => names.get(id));
  };

  it('asks only for the names it has not kept while the revision holds, and for all of them again when it moved', async () => {
    const cache = new NameCache();
    const { state, fetch } = registry();
    expect(await read(cache, [['a', 'x'], ['a']], 'public', fetch)).toEqual(['甲', null, '甲']);
    expect(
      await read(
        cache,
        [
          ['x', 'b'],
          ['a', 'b'],
        ],
        'public',
        fetch,
      ),
    ).toEqual([null, '乙', '甲', '乙']);
    expect(state.asked).toEqual([['a', 'x'], ['b']]);
    state.names.set('a', '甲二');
    state.revision++;
    expect(await read(cache, [['a', 'c'], ['c']], 'public', fetch)).toEqual(['甲二', '丙', '丙']);
    expect(state.asked.slice(2)).toEqual([['c'], ['a', 'c']]);
    expect(await read(cache, [['a', 'c']], 'public', fetch)).toEqual(['甲二', '丙']);
    expect(state.asked.slice(4)).toEqual([[]]);
    // Another view starts empty; an answer for another view than asked is used, not kept.
    expect(await read(cache, [['a']], 'all', fetch)).toEqual(['甲二']);
    expect(await read(cache, [['a']], 'all', fetch)).toEqual(['甲二']);
    expect(state.asked.slice(5)).toEqual([['a'], ['a']]);
  });

  it('lets no slower answer of an older revision replace a newer one, never changes a map it gave, and keeps at most its limit per view', async () => {
    const cache = new NameCache(3);
    const { state, fetch } = registry();
    const first = await cache.read([['b']], 'public', fetch);
    let release!: () => void;
    const slow = cache.read([['a']], 'public', async (ids) => {
      const answer = await fetch(ids); // read at revision 7, delivered after revision 8's
      await new Promise<void>((resolve) => (release = resolve));
      return answer;
    });
    state.names.set('a', '甲二');
    state.revision++;
    expect(await read(cache, [['a']], 'public', fetch)).toEqual(['甲二']);
    release();
    expect((await slow).get('a')).toBe('甲');
    expect(await read(cache, [['a']], 'public', fetch)).toEqual(['甲二']);
    expect(state.asked.at(-1)).toEqual([]);
    // The map given at revision 7 still holds revision 7's names only.
    expect([...first]).toEqual([
      ['b', '乙'],
      ['a', '甲'],
    ]);
    // Past the limit, a read starts a new map of its own names.
    expect(await read(cache, [['b', 'c'], ['d']], 'public', fetch)).toEqual(['乙', '丙', null]);
    expect(state.asked.at(-1)).toEqual(['b', 'c', 'd']);
    expect(await read(cache, [['c', 'a']], 'public', fetch)).toEqual(['丙', '甲二']);
    expect(state.asked.at(-1)).toEqual(['a']);
  });
});

describe('mergeResolvers', () => {
  it("gives each type every part's fields, keeps a scalar whole, and refuses a field two parts give", () => {
    const Money = new GraphQLScalarType({ name: 'Money' });
    const a = () => 1;
    const b = () => 2;
    const merged = mergeResolvers({ Money, Query: { a } }, { Query: { b }, Region: { b } });
    expect(merged).toEqual({ Money, Query: { a, b }, Region: { b } });
    expect(merged.Money).toBe(Money);
    expect(() => mergeResolvers({ Query: { a } }, { Query: { a: b } })).toThrow('Query.a');
    expect(() => mergeResolvers({ Money }, { Money })).toThrow('Money');
  });
});
