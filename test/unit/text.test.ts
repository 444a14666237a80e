import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkTextCharacters, hasBadCharacters } from '../../lib/text.js';

describe('text inputs (lib/text.ts)', () => {
  it('accepts Chinese, emoji (a surrogate pair) and control characters other than NUL', () => {
    for (const text of ['永寿县', '帮扶 👍', 'tab\tand\nnewline', '']) expect(hasBadCharacters(text), JSON.stringify(text)).toBe(false);
  });

  it('refuses NUL and either half of a surrogate pair alone, naming the input', () => {
    for (const text of ['a\u0000b', '\ud83d', 'x\udc4dy', '👍'.slice(1)]) expect(hasBadCharacters(text), JSON.stringify(text)).toBe(true);
    expect(() => checkTextCharacters('input.note', 'fine')).not.toThrow();
    try {
      checkTextCharacters('input.note', 'bad\u0000');
      expect.unreachable();
    } catch (error) {
      expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.note', rule: 'text-characters' });
    }
  });
});
