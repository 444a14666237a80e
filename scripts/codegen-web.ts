// `npm run codegen:web`: the pages' GraphQL documents typed against the public graph. The
// schema is the supergraph's API schema (what clients see: no @inaccessible fields, no join
// directives); the client preset writes web/src/gql/ (committed), whose `graphql()` returns
// each document as a typed string. `--check` writes nothing and fails when web/src/gql is stale.
import { generate } from '@graphql-codegen/cli';
import { Supergraph } from '@apollo/federation-internals';
import { printSchema } from 'graphql';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCommittedSupergraph } from '../schema/compose.js';

const web = (path: string) => fileURLToPath(new URL(`../web/${path}`, import.meta.url));
const api = printSchema(Supergraph.build(readCommittedSupergraph()).apiSchema().toGraphQLJSSchema());

const check = process.argv.includes('--check');
const outputs: { filename: string; content: string }[] = await generate(
  {
    schema: api,
    documents: [web('src/**/*.tsx')],
    ignoreNoDocuments: true,
    generates: {
      [web('src/gql/')]: {
        preset: 'client',
        presetConfig: { fragmentMasking: false },
        config: { documentMode: 'string', useTypeImports: true, enumsAsTypes: true, scalars: { Money: 'string', Date: 'string', Count: 'number' } },
      },
    },
    silent: true,
  },
  !check,
);
if (check) {
  const stale = outputs.filter((o) => !existsSync(o.filename) || readFileSync(o.filename, 'utf8') !== o.content).map((o) => o.filename);
  if (stale.length) {
    console.error(`stale: ${stale.join(', ')}: run npm run codegen:web`);
    process.exit(1);
  }
}
