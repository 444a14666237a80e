// The designated subgraph alone (distributed topology).
import { runSubgraphMain } from '../../lib/main.js';
import { designatedSubgraph } from './subgraph.js';

await runSubgraphMain(designatedSubgraph);
