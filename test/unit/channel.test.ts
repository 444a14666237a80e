import { readFileSync } from 'node:fs';
import { buildASTSchema, isObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadTypeDefs } from '../../lib/schema.js';
import { CHANNEL_LISTS, CHANNELS, MONEY_SOURCES, WORK_TEAMS } from '../../subgraphs/channels.js';
import { designated } from '../../subgraphs/designated/channel.js';
import { eastwest } from '../../subgraphs/eastwest/channel.js';
import { enterprises } from '../../subgraphs/enterprises/channel.js';
import { local } from '../../subgraphs/local/channel.js';
import { military } from '../../subgraphs/military/channel.js';
import { parties } from '../../subgraphs/parties/channel.js';
import { subgraphs } from '../../subgraphs/index.js';
import { REFERENCE_SOURCES } from '../../lib/references.js';

const DECLARED = [designated, eastwest, military, parties, enterprises, local];

const sdl = (name: string): GraphQLSchema => {
  const doc = loadTypeDefs(new URL(`../../subgraphs/${name}/schema.graphql`, import.meta.url));
  return buildASTSchema(doc, { assumeValid: true, assumeValidSDL: true });
};

/** A field of a type of the subgraph's SDL (a type extended there included). */
function hasField(schema: GraphQLSchema, type: string, field: string): boolean {
  const t = schema.getType(type);
  return !!t && isObjectType(t) && field in t.getFields();
}

describe('channel declarations (lib/channel.ts)', () => {
  it('every channel of subgraphs/index.ts is declared, and subgraphs/channels.ts lists it', () => {
    const channels = subgraphs.filter((s) => s.name !== 'registry').map((s) => s.name);
    expect(DECLARED.map((c) => c.subgraph).sort()).toEqual([...channels].sort());
    expect([...CHANNELS.map((c) => c.subgraph), WORK_TEAMS.subgraph].sort()).toEqual([...channels].sort());
    // In `Channel` order; `LOCAL` (the county's own work, for its locks) is reported beside them.
    const order = readFileSync(new URL('../../lib/common.graphql', import.meta.url), 'utf8')
      .match(/enum Channel \{([^}]*)\}/)![1]
      .match(/[A-Z_]+/g);
    expect(CHANNELS.map((c) => c.channel)).toEqual(order?.filter((c) => c !== 'LOCAL'));
  });

  for (const channel of DECLARED) {
    it(`${channel.subgraph}: every field the declaration gives or is asked for is in its SDL`, () => {
      const schema = sdl(channel.subgraph);
      const { face } = channel;
      expect(hasField(schema, 'Query', `${channel.name}CoverageGaps`)).toBe(true);
      expect(hasField(schema, 'Query', face.coveredPlaces)).toBe(true);
      if (face.recordsExisting) expect(hasField(schema, 'Query', face.recordsExisting)).toBe(true);
      if (face.list) {
        expect(hasField(schema, 'Region', face.list.field)).toBe(true);
        expect(hasField(schema, 'Organization', face.list.field)).toBe(true);
      }
      for (const kind of channel.kinds) {
        expect(schema.getType(kind.entity), kind.entity).toBeDefined();
        expect(hasField(schema, kind.entity, kind.historyField ?? 'history'), `${kind.entity}.history`).toBe(true);
        if (kind.voidedAt) expect(hasField(schema, kind.entity, 'voided'), `${kind.entity}.voided`).toBe(true);
      }
      // The kit's resolvers are the subgraph's.
      const module = subgraphs.find((s) => s.name === channel.subgraph)!;
      const resolvers = module.resolvers as Record<string, Record<string, unknown>>;
      for (const [type, fields] of Object.entries(channel.resolvers as Record<string, Record<string, unknown>>)) {
        for (const [field, resolver] of Object.entries(fields)) expect(resolvers[type]?.[field], `${type}.${field}`).toBe(resolver);
      }
    });
  }

  it('an id names the kind of the longest prefix it starts with; any other id the kind without one', () => {
    expect(local.kindOf('loc-lgs-12')?.kind.entity).toBe('LeadingGroupSeat');
    expect(local.kindOf('loc-lg-12')?.kind.entity).toBe('LeadingGroup');
    expect(local.kindOf('522731-0001')?.kind.entity).toBe('PoorHousehold');
    expect(military.kindOf('mil-lg-3')?.kind.entity).toBe('LeadingGroupMembership');
    expect(military.kindOf('org-123')?.kind.entity).toBe('MilitaryUnitProfile');
    expect(eastwest.kindOf('ew-fiscal-7')).toMatchObject({ kind: { entity: 'EastWestFiscalAid' }, rest: '7' });
    expect(eastwest.kindOf('nothing')).toBeNull();
  });

  it('a record spec keys a serial kind by its number, and refuses an id of no kind or of no key form (NOT_FOUND naming id)', () => {
    expect(eastwest.specOf('ew-fiscal-7', 'east-west record')).toMatchObject({ keyValue: 7, id: 'ew-fiscal-7', entity: 'EastWestFiscalAid' });
    expect(eastwest.specOf('ewp-abc', 'east-west record')).toMatchObject({ keyValue: 'ewp-abc', entity: 'EastWestPairing' });
    for (const id of ['nothing', 'ew-fiscal-x']) {
      expect(() => eastwest.specOf(id, 'east-west record')).toThrowError(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND', field: 'id' }) }),
      );
    }
  });

  it('the views ask what the declarations say: lists, money, references', () => {
    expect(CHANNEL_LISTS.map((l) => l.field)).toEqual([
      'designatedAssistance',
      'eastWestPairings',
      'militaryAssistance',
      'partyAssistance',
      'enterpriseAssistance',
    ]);
    // The parties record no money.
    expect(MONEY_SOURCES.map((m) => m.channel)).toEqual(['DESIGNATED', 'EAST_WEST', 'MILITARY', 'ENTERPRISE']);
    // The channels whose records another may name are those with a referable kind.
    const referable = CHANNELS.filter((c) => c.recordsExisting).map((c) => [c.channel, { subgraph: c.subgraph, field: c.recordsExisting }]);
    expect(Object.fromEntries(referable)).toEqual(REFERENCE_SOURCES);
  });
});
