import express, { type Request, type Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/env.js';

/** Where `npm run build:web` puts the pages (web/vite.config.ts). */
export const WEB_DIST = join(ROOT, 'web', 'dist');

/** The pages' routes (web/src/main.tsx); each answers the one page, which routes in the browser. */
const PAGE_ROUTES = ['/', '/place', '/place/*rest', '/helper', '/helper/*rest', '/coverage', '/eastwest', '/eastwest/office', '/sasac', '/import'];

/** A browser asking for a page rather than a GraphQL client asking for JSON. */
const wantsPage = (req: Request) => req.accepts(['application/json', 'text/html']) === 'text/html';

/**
 * The pages for people, from `dir` (built by `npm run build:web`): the app at `/` and its page
 * routes, and GraphiQL for a browser's GET /graphql; every other /graphql request passes on to
 * the gateway. Hashed assets are cached for a year (their names change with their content); the
 * HTML is revalidated each time, so a new build shows at once. Used by the embedded hub and the
 * gateway process alike (gateway/gateway.ts), and by the embedded hub while it loads.
 */
export function pages(dir = WEB_DIST): Router {
  const router = express.Router();
  const html =
    (file: string, only?: (req: Request) => boolean): express.RequestHandler =>
    (req, res, next) => {
      if (only && !only(req)) return next();
      if (!existsSync(join(dir, file))) {
        res.status(503).type('text/plain').send('The pages are not built: run `npm run build:web`.\n');
        return;
      }
      res.set('Cache-Control', 'no-cache').sendFile(file, { root: dir });
    };
  router.get('/graphql', html('graphiql.html', wantsPage));
  router.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }));
  router.get(PAGE_ROUTES, html('index.html'));
  return router;
}
