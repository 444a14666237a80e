import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readmeExamples } from './readme-examples';

// The hub's own endpoint, same origin: nothing else is contacted.
async function fetcher(params: unknown, opts?: { headers?: Record<string, unknown> }) {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  for (const [k, v] of Object.entries(opts?.headers ?? {})) if (typeof v === 'string' && v) headers[k] = v;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(params) });
  return response.json();
}

const tabs = readmeExamples().map((e) => ({ query: `# ${e.title}\n${e.query}` }));

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultTabs={tabs} defaultHeaders="{}" shouldPersistHeaders={false} />
  </StrictMode>,
);
