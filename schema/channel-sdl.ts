import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { channelSdl, type Channel } from '../lib/channel.js';
import { ROOT } from '../lib/env.js';

/**
 * `channel.generated.graphql` of every channel folder (subgraphs/<name>/ and the template): the
 * root fields the kit gives it, from its declaration (channel.ts, lib/channel.ts `channelSdl`).
 * `npm run codegen` writes them before the types; `--check` (with `codegen:check`) fails when one
 * differs from its declaration.
 */
export const GENERATED = 'channel.generated.graphql';

/** The folders holding a channel's declaration, relative to `root`. */
export function channelFolders(root = ROOT): string[] {
  const subgraphs = readdirSync(join(root, 'subgraphs'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'subgraphs', d.name, 'channel.ts')))
    .map((d) => `subgraphs/${d.name}`);
  return [...subgraphs, ...(existsSync(join(root, 'templates/channel/channel.ts')) ? ['templates/channel'] : [])];
}

/** The declaration a folder's channel.ts exports. */
async function declarationIn(folder: string): Promise<Channel> {
  const module = (await import(pathToFileURL(join(folder, 'channel.ts')).href)) as Record<string, unknown>;
  const found = Object.values(module).find((v): v is Channel => typeof v === 'object' && v !== null && 'face' in v && 'kinds' in v);
  if (!found) throw new Error(`${folder}/channel.ts exports no channel declaration (defineChannel)`);
  return found;
}

/** Write (or, with `check`, compare) each folder's generated SDL; the folders that differed. */
export async function writeChannelSdl(root = ROOT, check = false): Promise<string[]> {
  const stale: string[] = [];
  for (const folder of channelFolders(root)) {
    const path = join(root, folder, GENERATED);
    const sdl = channelSdl(await declarationIn(join(root, folder)));
    if ((existsSync(path) ? readFileSync(path, 'utf8') : '') === sdl) continue;
    stale.push(`${folder}/${GENERATED}`);
    if (!check) writeFileSync(path, sdl);
  }
  return stale;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const check = process.argv.includes('--check');
  const stale = await writeChannelSdl(ROOT, check);
  if (check && stale.length) {
    console.error(`stale: ${stale.join(', ')}: run npm run codegen`);
    process.exit(1);
  }
  console.log(check ? "the channels' generated SDL is up to date" : `wrote ${stale.length ? stale.join(', ') : 'nothing (up to date)'}`);
}
