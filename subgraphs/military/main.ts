// The military subgraph alone (distributed topology).
import { runSubgraphMain } from '../../lib/main.js';
import { militarySubgraph } from './subgraph.js';

await runSubgraphMain(militarySubgraph);
