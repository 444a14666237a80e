import { badInput } from './errors.js';

/**
 * Characters no text input may hold: NUL (PostgreSQL refuses \u0000 in text) and an unpaired
 * UTF-16 surrogate (half a character: encoded for the database it silently becomes U+FFFD).
 * With the `u` flag a well-formed pair is one code point, so `\p{Cs}` matches lone halves only.
 */
const BAD_CHARACTERS = /[\0\p{Cs}]/u;

/** Whether a string holds a character no text input may hold. */
export function hasBadCharacters(text: string): boolean {
  return BAD_CHARACTERS.test(text);
}

/** Refuse a text holding NUL or half a surrogate pair (rule `text-characters`), naming the input. */
export function checkTextCharacters(field: string, text: string): void {
  if (hasBadCharacters(text)) throw badInput(field, 'text-characters', 'must not contain NUL characters or unpaired UTF-16 surrogates');
}
