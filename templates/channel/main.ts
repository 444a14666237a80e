// The sample subgraph alone (distributed topology).
import { runSubgraphMain } from '../../lib/main.js';
import { sampleSubgraph } from './subgraph.js';

await runSubgraphMain(sampleSubgraph);
