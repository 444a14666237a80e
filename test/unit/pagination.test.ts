import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { connection, countWhenAsked, DEFAULT_PAGE, decodeCursor, encodeCursor, MAX_PAGE, pageSize } from '../../lib/pagination.js';

/** The extensions of the error `run` throws. */
function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return (error as GraphQLError).extensions;
  }
  throw new Error('expected a refusal');
}

describe('cursor pagination (lib/pagination.ts)', () => {
  it('sizes pages: the default, zero to the maximum, and nothing else', () => {
    expect(pageSize(undefined)).toBe(DEFAULT_PAGE);
    expect(pageSize(null)).toBe(DEFAULT_PAGE);
    expect(pageSize(0)).toBe(0);
    expect(pageSize(MAX_PAGE)).toBe(MAX_PAGE);
    for (const bad of [-1, MAX_PAGE + 1, 2.5])
      expect(
        refusal(() => pageSize(bad)),
        String(bad),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', rule: 'page-size' });
  });

  it('round-trips any sort key, and refuses a cursor it did not make', () => {
    for (const key of ['610426', '2019|gov-31|东西部', '']) if (key) expect(decodeCursor(encodeCursor(key))).toBe(key);
    expect(decodeCursor(null)).toBeNull();
    expect(decodeCursor(undefined)).toBeNull();
    expect(encodeCursor('a/b+c')).not.toMatch(/[+/=]/);
    for (const bad of ['', 'not a cursor', `${encodeCursor('610426')}=`])
      expect(
        refusal(() => decodeCursor(bad)),
        bad,
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after', rule: 'cursor' });
  });

  it('builds a page from size + 1 rows, and counts only when asked, once', async () => {
    let counted = 0;
    const count = async () => ++counted;
    const page = connection(['a', 'b', 'c'], 2, (row) => row, count);
    expect(page.edges.map((e) => e.node)).toEqual(['a', 'b']);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('b') });
    expect(counted).toBe(0);
    expect(await page.totalCount).toBe(1);
    expect(await page.totalCount).toBe(1);
    const last = connection(['a'], 2, (row) => row, count);
    expect(last.pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor('a') });
    expect(connection([], 2, (row: string) => row, count).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('starts a count at once when the query asks for it, and not otherwise', async () => {
    let started = 0;
    const count = async () => ++started;
    const asked = countWhenAsked(true, count);
    expect(started).toBe(1);
    expect(await asked()).toBe(1);
    const unasked = countWhenAsked(false, count);
    expect(started).toBe(1);
    await unasked();
    expect(started).toBe(2);
  });
});
