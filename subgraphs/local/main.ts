// The local subgraph alone (distributed topology).
import { runSubgraphMain } from '../../lib/main.js';
import { localSubgraph } from './subgraph.js';

await runSubgraphMain(localSubgraph);
