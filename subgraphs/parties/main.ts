// The parties subgraph alone (distributed topology): `npm run start:parties`.
import { runSubgraphMain } from '../../lib/main.js';
import { partiesSubgraph } from './subgraph.js';

await runSubgraphMain(partiesSubgraph);
