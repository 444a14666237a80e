import type { Database } from '../lib/db.js';
import { createRuntime, localExecutor, type SubgraphModule, type SubgraphRuntime } from '../lib/subgraph.js';
import { createGateway, type GatewayOptions, type SubgraphLocation } from './gateway.js';

/**
 * Bind every subgraph to one database in this process. Registry lookups made by the channels,
 * and a view's calls to other subgraphs, run in process against their runtimes.
 */
export function createRuntimes(database: Database, modules: SubgraphModule<unknown>[]): Map<string, SubgraphRuntime<unknown>> {
  const runtimes = new Map<string, SubgraphRuntime<unknown>>();
  const registry = () => {
    const r = runtimes.get('registry');
    if (!r) throw new Error('the registry subgraph is not in this process');
    return localExecutor(r);
  };
  const peer = (name: string) => {
    const r = runtimes.get(name);
    if (!r) throw new Error(`the ${name} subgraph is not in this process`);
    return localExecutor(r);
  };
  for (const m of modules) runtimes.set(m.name, createRuntime(m, database, registry, peer));
  return runtimes;
}

/** The embedded topology: the gateway and every subgraph in one process, one database. */
export async function createEmbeddedGateway(
  database: Database,
  modules: SubgraphModule<unknown>[],
  opts: Pick<GatewayOptions, 'supergraphSdl' | 'jwt' | 'maxConcurrentRequests' | 'limits' | 'logger' | 'metrics' | 'metricsToken'>,
) {
  const runtimes = createRuntimes(database, modules);
  const subgraphs: Record<string, SubgraphLocation> = {};
  for (const [name, runtime] of runtimes) subgraphs[name] = { runtime };
  return { gateway: await createGateway({ ...opts, subgraphs }), runtimes };
}
