import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium (`apt-get install -y chromium`), which the screenshots and the page bench drive. */
export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM });
}

/** Each page, and what shows once its data is in (the moment it is usable). */
export const PAGES: { name: string; path: string; ready: string }[] = [
  { name: 'place', path: '/place/610426', ready: '#h-partyAssistance' },
  { name: 'helper', path: '/helper/gov-32', ready: '#helper-h' },
  { name: 'coverage', path: '/coverage', ready: '[data-testid=coverage-count]' },
  { name: 'eastwest', path: '/eastwest', ready: 'tbody tr' },
  { name: 'sasac', path: '/sasac', ready: 'tbody tr' },
  { name: 'import', path: '/import?kind=eastwest-fiscal-aid', ready: 'select[name=kind]' },
  { name: 'graphiql', path: '/graphql', ready: '.graphiql-execute-button' },
];
