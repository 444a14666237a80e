import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../lib/env.js';

/**
 * The hand-kept registration points of a subgraph (docs/adding-a-channel.md, "The lists to
 * touch"), read from the repository's files: what `registrationGaps` checks a name against.
 */
export interface RegistrationFiles {
  /** package.json's scripts. */
  scripts: Record<string, string>;
  /** docker-compose.yml, parsed (merge keys resolved). */
  compose: { services: Record<string, { command?: string[] }>; 'x-gateway-env': Record<string, string>; 'x-subgraphs-ready': Record<string, unknown> };
  /** The documents that name every subgraph, by path. */
  docs: Record<(typeof DOCS)[number], string>;
}

const DOCS = ['README.md', 'docs/architecture.md', 'docs/identity.md', 'docs/environment.md', 'docs/scale-out.md'] as const;

export function readRegistrationFiles(root = ROOT): RegistrationFiles {
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  return {
    scripts: (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts,
    compose: parse(read('docker-compose.yml'), { merge: true, maxAliasCount: 1000 }),
    docs: Object.fromEntries(DOCS.map((path) => [path, read(path)])) as RegistrationFiles['docs'],
  };
}

/** A table row of a document (`| … |`) naming `word`. */
const rowNames = (text: string, word: string) => text.split('\n').some((line) => line.startsWith('|') && line.includes(word));

/**
 * The registration points `name` misses, each named as the guide names it (empty: registered
 * everywhere). `subgraphs/index.ts` itself is the list the names come from.
 */
export function registrationGaps(name: string, files: RegistrationFiles): string[] {
  const gaps: string[] = [];
  const url = `${name.toUpperCase()}_URL`;
  const miss = (ok: boolean, point: string) => {
    if (!ok) gaps.push(point);
  };
  miss(files.scripts[`start:${name}`] === `tsx --max-semi-space-size=64 subgraphs/${name}/main.ts`, `package.json: start:${name}`);
  miss(files.compose.services[name]?.command?.join(' ') === `npm run start:${name}`, `docker-compose.yml: service ${name}`);
  miss(files.compose['x-gateway-env'][url] === `http://${name}:4001/graphql`, `docker-compose.yml: x-gateway-env ${url}`);
  miss(name in files.compose['x-subgraphs-ready'], `docker-compose.yml: x-subgraphs-ready ${name}`);
  if (name !== 'registry') miss(rowNames(files.docs['README.md'], `\`${name}\``), 'README.md: the channel table');
  miss(rowNames(files.docs['docs/architecture.md'], `| ${name} |`), 'docs/architecture.md: the table of fields');
  miss(rowNames(files.docs['docs/identity.md'], `\`${name}\``), 'docs/identity.md: x-bangfu-subgraph');
  miss(files.docs['docs/environment.md'].includes(`\`${url}\``), `docs/environment.md: ${url}`);
  miss(files.docs['docs/scale-out.md'].includes(`\`${url}\``), `docs/scale-out.md: ${url}`);
  return gaps;
}
