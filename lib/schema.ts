import { existsSync, readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';

const COMMON = readFileSync(new URL('./common.graphql', import.meta.url), 'utf8');

/**
 * Load a subgraph's SDL from the `.graphql` file beside its module, with the root fields the
 * channel kit gives it (`channel.generated.graphql` beside it, when it is a channel: lib/channel.ts)
 * and the shared scalars, `Channel` and `Assistance` of lib/common.graphql, so every subgraph
 * declares them identically.
 */
export function loadTypeDefs(url: URL): DocumentNode {
  const kit = new URL('./channel.generated.graphql', url);
  return parse([readFileSync(url, 'utf8'), ...(existsSync(kit) ? [readFileSync(kit, 'utf8')] : []), COMMON].join('\n'));
}

/**
 * A subgraph's resolver maps, from the files that hold its parts (resolvers.ts, coverage.ts,
 * corrections.ts, …), as one: each type's fields from all of them. A field given by two parts is
 * a mistake that would silently drop one of them: refused when the subgraph is defined.
 */
export function mergeResolvers(...parts: object[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) {
      const before = out[type];
      // A scalar (GraphQLScalarType) or any other class instance is one value, not a map of fields.
      const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
      if (before === undefined) out[type] = isMap(fields) ? { ...fields } : fields;
      else if (isMap(before) && isMap(fields)) {
        for (const [field, resolver] of Object.entries(fields)) {
          if (field in before) throw new Error(`resolver ${type}.${field} is given by two parts of the subgraph`);
          before[field] = resolver;
        }
      } else throw new Error(`resolver ${type} is given by two parts of the subgraph`);
    }
  }
  return out;
}
