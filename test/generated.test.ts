import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compose, readCommittedApiSchema } from '../schema/compose.js';

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
