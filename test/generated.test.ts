import { generate } from '@graphql-codegen/cli';
import { buildSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import codegenConfig, { SUBGRAPHS, TEMPLATE } from '../codegen.js';
import { channelFolders, writeChannelSdl } from '../schema/channel-sdl.js';
import { compose, readCommittedApiSchema } from '../schema/compose.js';

const root = fileURLToPath(new URL('..', import.meta.url));

// Files generated from the subgraphs' SDL and committed: each must equal what its generator
// writes now, so a schema change cannot ship with a stale copy (the supergraph itself is
// checked the same way in gateway.test.ts).
describe('schema/api.graphql', () => {
  it('equals the API schema of a fresh composition (run `npm run compose` when this fails)', () => {
    expect(readCommittedApiSchema()).toBe(compose().api);
  });

  it('is a plain GraphQL schema a frontend can read: no federation types, fields or directives', () => {
    const sdl = readCommittedApiSchema();
    const schema = buildSchema(sdl);
    const names = Object.keys(schema.getTypeMap());
    expect(names.filter((n) => /^(join__|link__|_Any$|_Entity$|_Service$)/.test(n))).toEqual([]);
    expect(Object.keys(schema.getQueryType()!.getFields())).not.toContain('_entities');
    expect(sdl).not.toMatch(/@(join__|link|key|external|requires|provides|shareable|inaccessible)\b/);
    expect(schema.getQueryType()!.getFields().region).toBeDefined();
  });
});

describe("each channel's kit fields (channel.generated.graphql)", () => {
  it('equal what its declaration gives (run `npm run codegen` when this fails)', async () => {
    expect(channelFolders(root)).toEqual([...SUBGRAPHS.filter((n) => n !== 'registry').map((n) => `subgraphs/${n}`), TEMPLATE.folder]);
    expect(await writeChannelSdl(root, true)).toEqual([]);
  });
});

describe("the types generated from each subgraph SDL (and the channel template's)", () => {
  it('equal what `npm run codegen` writes now (run it when this fails)', async () => {
    const outputs: { filename: string; content: string }[] = await generate({ ...codegenConfig, cwd: root, silent: true }, false);
    expect(outputs.map((o) => relative(root, o.filename)).sort()).toEqual(
      [...SUBGRAPHS.map((name) => `subgraphs/${name}/types.generated.ts`), `${TEMPLATE.folder}/types.generated.ts`].sort(),
    );
    for (const output of outputs) {
      expect(readFileSync(output.filename, 'utf8'), output.filename).toBe(output.content);
    }
  }, 60_000);
});
