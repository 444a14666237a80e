// `npm run codegen:web`: the pages' GraphQL documents typed against the public graph. The
// schema is the supergraph's API schema (what clients see: no @inaccessible fields, no join
// directives); the client preset writes web/src/gql/ (committed), whose `graphql()` returns
// each document as a typed string.
import { generate } from '@graphql-codegen/cli';
import { Supergraph } from '@apollo/federation-internals';
import { printSchema } from 'graphql';
import { fileURLToPath } from 'node:url';
import { readCommittedSupergraph } from '../schema/compose.js';

const web = (path: string) => fileURLToPath(new URL(`../web/${path}`, import.meta.url));
const api = printSchema(Supergraph.build(readCommittedSupergraph()).apiSchema().toGraphQLJSSchema());

await generate(
  {
    schema: api,
    documents: [web('src/**/*.tsx')],
    ignoreNoDocuments: true,
    generates: {
      [web('src/gql/')]: {
        preset: 'client',
        presetConfig: { fragmentMasking: false },
        config: { documentMode: 'string', useTypeImports: true, enumsAsTypes: true, scalars: { Money: 'string', Date: 'string' } },
      },
    },
    silent: true,
  },
  true,
);
