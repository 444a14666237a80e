import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { forbidden, isDomainError } from '../lib/errors.js';
import { bodyDigest, type Identity, signCall } from '../lib/identity.js';
import { answerImport, fileOf, importBody, kindsHandler, optionsOf, requireSignedIn, templateHandler } from '../lib/import/http.js';
import type { ImportEntry } from '../lib/import/jobs.js';
import { jsonBodyErrors, sendError } from '../lib/server.js';
import type { SubgraphModule } from '../lib/subgraph.js';
import type { SubgraphLocation } from './gateway.js';

/**
 * The hub's import endpoint (docs/import.md): `POST /import/<kind>` with a bearer token. The
 * import of a kind runs in the subgraph that owns it: in process when embedded, else the gateway
 * forwards the body as it came to that subgraph's own `/import/<kind>`, signed like every call it
 * makes (the caller's identity bound to the subgraph, path and body). `GET /import/kinds` lists
 * the kinds (the import page reads it).
 */
export function importRoutes(
  modules: readonly SubgraphModule<unknown>[],
  locations: Record<string, SubgraphLocation>,
  gatewaySecret: string | undefined,
  identityOf: (req: Request, res: Response) => Promise<Identity>,
): { kinds: RequestHandler; template: RequestHandler; post: (RequestHandler | ErrorRequestHandler)[] } {
  const owners = new Map<string, { subgraph: string; entry: ImportEntry }>();
  for (const m of modules) for (const entry of m.imports ?? []) owners.set(entry.kind.name, { subgraph: m.name, entry });
  const post: RequestHandler = async (req, res) => {
    const owner = owners.get(String(req.params.kind));
    if (!owner) return sendError(res, 404, `no importable kind ${req.params.kind}; kinds: ${[...owners.keys()].join(', ')}`, { code: 'NOT_FOUND' });
    let identity: Identity;
    try {
      identity = await identityOf(req, res);
      requireSignedIn(identity);
    } catch (error) {
      if (isDomainError(error)) return sendError(res, error.extensions.code === 'FORBIDDEN' ? 403 : 401, error.message, error.extensions);
      return sendError(res, 401, 'the bearer token does not verify', { code: 'UNAUTHENTICATED' });
    }
    const location = locations[owner.subgraph];
    if (!location) return sendError(res, 503, `subgraph ${owner.subgraph} is not served here`, { code: 'SUBGRAPH_UNAVAILABLE' });
    if ('runtime' in location) {
      return answerImport(res, location.runtime.contextFor(identity), owner.entry, await fileOf(req), optionsOf(req));
    }
    if (!gatewaySecret) throw forbidden('no gateway secret to sign the call');
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const target = new URL(location.url);
    target.pathname = target.pathname.replace(/\/graphql$/, '') + `/import/${owner.entry.kind.name}`;
    target.search = new URL(req.originalUrl, 'http://x').search;
    const signed = signCall(
      identity,
      { subgraph: owner.subgraph, method: 'POST', path: target.pathname + target.search, bodyDigest: bodyDigest(body) },
      gatewaySecret,
    );
    const answer = await fetch(target, {
      method: 'POST',
      headers: { ...signed, 'content-type': req.get('content-type') ?? 'application/octet-stream' },
      body: new Uint8Array(body),
    });
    res
      .status(answer.status)
      .type('application/json')
      .send(Buffer.from(await answer.arrayBuffer()));
  };
  return {
    kinds: kindsHandler([...owners.values()].map((o) => o.entry)),
    template: templateHandler((kind) => owners.get(kind)?.entry ?? null),
    post: [importBody, jsonBodyErrors, post],
  };
}
