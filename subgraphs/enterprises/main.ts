// The enterprises subgraph alone (distributed topology).
import { runSubgraphMain } from '../../lib/main.js';
import { enterprisesSubgraph } from './subgraph.js';

await runSubgraphMain(enterprisesSubgraph);
