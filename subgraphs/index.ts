import type { SubgraphModule } from '../lib/subgraph.js';
import { designatedSubgraph } from './designated/subgraph.js';
import { eastwestSubgraph } from './eastwest/subgraph.js';
import { enterprisesSubgraph } from './enterprises/subgraph.js';
import { localSubgraph } from './local/subgraph.js';
import { militarySubgraph } from './military/subgraph.js';
import { partiesSubgraph } from './parties/subgraph.js';
import { registrySubgraph } from './registry/subgraph.js';

/**
 * Every subgraph, in seeding order (registry first: channels refer to its places and
 * organisations). The composer, the embedded runner, the distributed mains, the seeder and
 * the test harness all read this one list.
 */
export const subgraphs: SubgraphModule<unknown>[] = [
  registrySubgraph,
  designatedSubgraph,
  eastwestSubgraph,
  militarySubgraph,
  partiesSubgraph,
  enterprisesSubgraph,
  localSubgraph,
];

export function subgraphNamed(name: string): SubgraphModule<unknown> {
  const found = subgraphs.find((s) => s.name === name);
  if (!found) throw new Error(`no subgraph named ${name}; known: ${subgraphs.map((s) => s.name).join(', ')}`);
  return found;
}
