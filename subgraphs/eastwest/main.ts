// The eastwest subgraph alone (distributed topology): `npm run start:eastwest`.
import { runSubgraphMain } from '../../lib/main.js';
import { eastwestSubgraph } from './subgraph.js';

await runSubgraphMain(eastwestSubgraph);
