/** The gateway's HTTP pieces on a real local server: signed calls over undici, admission. */
import { describe, expect, it } from 'vitest';
import express from 'express';
import { admission } from '../gateway/admission.js';
import { GraphQLError } from 'graphql';
import { SignedRemoteDataSource } from '../gateway/datasources.js';
import { ANONYMOUS, IDENTITY_HEADER } from '../lib/identity.js';
import { listen } from '../lib/server.js';

describe('SignedRemoteDataSource over undici (lib/http.ts)', () => {
  it("signs each call and answers as @apollo/gateway's own fetch did: JSON data, an HTTP error with its status and body, a non-JSON body refused", async () => {
    const app = express();
    const seen: (string | undefined)[] = [];
    app.post('/ok', express.json(), (req, res) => {
      seen.push(req.get(IDENTITY_HEADER));
      res.json({ data: { echo: req.body.query } });
    });
    app.post('/down', (_req, res) => void res.status(502).type('text/plain').send('upstream gone'));
    app.post('/html', (_req, res) => void res.type('text/html').send('<p>not json</p>'));
    const { httpServer, port } = await listen(app, 0, '127.0.0.1');
    const call = (path: string) =>
      new SignedRemoteDataSource('registry', `http://127.0.0.1:${port}${path}`, 'secret').process({
        kind: 'health check', // GraphQLDataSourceRequestKind.HEALTH_CHECK (not exported by the package)
        request: { query: '{ echo }' },
        context: { identity: ANONYMOUS },
      } as Parameters<SignedRemoteDataSource['process']>[0]);
    try {
      expect((await call('/ok')).data).toEqual({ echo: '{ echo }' });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toBeTruthy();
      const down = await call('/down').catch((e: GraphQLError) => e);
      expect(down).toBeInstanceOf(GraphQLError);
      expect((down as GraphQLError).message).toBe('502: Bad Gateway');
      expect((down as GraphQLError).extensions.response).toMatchObject({ status: 502, body: 'upstream gone' });
      await expect(call('/html')).rejects.toThrow('Expected JSON response body, but received: <p>not json</p>');
    } finally {
      httpServer.close();
    }
  });
});

describe('admission', () => {
  it('runs at most `limit` requests at once and serves every request in turn', async () => {
    const app = express();
    let running = 0;
    let most = 0;
    app.use(admission({ concurrency: 2, queue: 10, queueTimeoutMs: 10_000 }), async (_req, res) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      res.json({ ok: true });
    });
    const { port, httpServer } = await listen(app, 0, '127.0.0.1');
    try {
      const answers = await Promise.all(Array.from({ length: 7 }, () => fetch(`http://127.0.0.1:${port}/`).then((r) => r.json())));
      expect(answers).toHaveLength(7);
      expect(most).toBe(2);
    } finally {
      await new Promise((resolve) => httpServer.close(resolve));
    }
  });
});
