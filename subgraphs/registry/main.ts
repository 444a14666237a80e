// The registry subgraph alone (distributed topology): `npm run start:registry`.
import { runSubgraphMain } from '../../lib/main.js';
import { registrySubgraph } from './subgraph.js';

await runSubgraphMain(registrySubgraph);
